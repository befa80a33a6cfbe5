import AugurSQL

/// The names PostgreSQL chooses for objects created without one (indexes, constraints,
/// sequences, statistics), after `makeObjectName`, `ChooseRelationName`, `ChooseConstraintName`,
/// `ChooseIndexNameAddition` and `ChooseIndexColumnNames` (commands/indexcmds.c,
/// catalog/pg_constraint.c).
enum DDLNames {
  /// `NAMEDATALEN - 1`: the longest name in bytes.
  static let maximumLength = 63

  /// The first `count` bytes of `name`, cut back to a whole UTF-8 character (`pg_mbcliplen`).
  static func clip(_ name: String, toBytes count: Int) -> String {
    let bytes = Array(name.utf8)
    guard bytes.count > count else { return name }
    var end = max(0, count)
    // Step back over continuation bytes so that a multi-byte character is not split.
    while end > 0, end < bytes.count, bytes[end] & 0xC0 == 0x80 { end -= 1 }
    return String(decoding: bytes[..<end], as: UTF8.self)
  }

  /// `makeObjectName(name1, name2, label)`: `name1_name2_label`, shortening the longer of the two
  /// names first so that the whole fits in 63 bytes.
  static func makeObjectName(_ name1: String, _ name2: String?, _ label: String?) -> String {
    var overhead = 0
    var name1Length = name1.utf8.count
    var name2Length = 0
    if let name2 {
      name2Length = name2.utf8.count
      overhead += 1
    }
    if let label { overhead += label.utf8.count + 1 }
    let available = maximumLength - overhead
    while name1Length + name2Length > available {
      if name1Length > name2Length { name1Length -= 1 } else { name2Length -= 1 }
    }
    var result = clip(name1, toBytes: name1Length)
    if let name2 { result += "_" + clip(name2, toBytes: name2Length) }
    if let label { result += "_" + label }
    return result
  }

  /// `ChooseRelationName` / `ChooseConstraintName`: the first of `label`, `label1`, `label2`, ...
  /// for which `isTaken` is false.
  static func choose(_ name1: String, _ name2: String?, label: String, isTaken: (String) -> Bool) -> String {
    var pass = 0
    var modifiedLabel = label
    while true {
      let name = makeObjectName(name1, name2, modifiedLabel)
      if !isTaken(name) { return name }
      pass += 1
      modifiedLabel = "\(label)\(pass)"
    }
  }

  /// `ChooseIndexNameAddition` (and its twins for foreign keys and statistics): the names joined
  /// by `_`, stopping once 64 bytes are reached.
  static func addition(_ names: [String]) -> String {
    var buffer = ""
    var length = 0
    for name in names {
      if length > 0 {
        buffer += "_"
        length += 1
      }
      let piece = clip(name, toBytes: maximumLength)
      buffer += piece
      length += piece.utf8.count
      if length >= maximumLength + 1 { break }
    }
    return buffer
  }

  /// `ChooseIndexColumnNames`: each key's name (the column, the expression's `FigureIndexColname`,
  /// or `expr`), made unique within the index by appending 1, 2, ...
  static func indexColumnNames(_ origins: [String]) -> [String] {
    var result: [String] = []
    for origin in origins {
      var current = origin
      var number = 1
      while result.contains(current) {
        let suffix = String(number)
        current = clip(origin, toBytes: maximumLength - suffix.utf8.count) + suffix
        number += 1
      }
      result.append(current)
    }
    return result
  }

  /// `FigureIndexColname` (`FigureColnameInternal` of parse_target.c): the name a SELECT would
  /// give the expression, or nil when it has none (the caller then uses `expr`).
  static func figureColumnName(_ expr: Expr) -> String? {
    var name: String?
    _ = figure(expr, &name)
    return name
  }

  /// Returns the strength of the name found: 0 none, 1 a weak guess (a cast's type, `case`),
  /// 2 a real name.
  private static func figure(_ expr: Expr, _ name: inout String?) -> Int {
    switch expr {
    case .column(let reference):
      if let column = reference.column {
        name = column
        return 2
      }
      return 0
    case .indirection(let indirection):
      for step in indirection.steps.reversed() {
        if case .field(let field) = step {
          name = field
          return 2
        }
        if case .star = step { continue }
        break
      }
      return figure(indirection.arg, &name)
    case .function(let call):
      name = call.functionName
      return 2
    case .operation(let operation):
      if operation.kind == .nullIf {
        name = "nullif"
        return 2
      }
      return 0
    case .typeCast(let cast):
      let strength = figure(cast.arg, &name)
      if strength <= 1 {
        name = cast.typeName.name
        return 1
      }
      return strength
    case .collate(let collate):
      return figure(collate.arg, &name)
    case .caseExpr(let caseExpr):
      if let result = caseExpr.defaultResult {
        let strength = figure(result, &name)
        if strength > 1 { return strength }
      }
      name = "case"
      return 1
    case .array:
      name = "array"
      return 2
    case .row:
      name = "row"
      return 2
    case .coalesce:
      name = "coalesce"
      return 2
    case .minMax(let minMax):
      name = minMax.op == .greatest ? "greatest" : "least"
      return 2
    case .sqlValueFunction(let function):
      let names = [
        "SVFOP_CURRENT_DATE": "current_date", "SVFOP_CURRENT_TIME": "current_time",
        "SVFOP_CURRENT_TIME_N": "current_time", "SVFOP_CURRENT_TIMESTAMP": "current_timestamp",
        "SVFOP_CURRENT_TIMESTAMP_N": "current_timestamp", "SVFOP_LOCALTIME": "localtime",
        "SVFOP_LOCALTIME_N": "localtime", "SVFOP_LOCALTIMESTAMP": "localtimestamp",
        "SVFOP_LOCALTIMESTAMP_N": "localtimestamp", "SVFOP_CURRENT_ROLE": "current_role",
        "SVFOP_CURRENT_USER": "current_user", "SVFOP_USER": "user", "SVFOP_SESSION_USER": "session_user",
        "SVFOP_CURRENT_CATALOG": "current_catalog", "SVFOP_CURRENT_SCHEMA": "current_schema",
      ]
      if let found = names[function.op] {
        name = found
        return 2
      }
      return 0
    case .groupingFunc:
      name = "grouping"
      return 2
    case .subLink(let subLink):
      switch subLink.kind {
      case .exists:
        name = "exists"
        return 2
      case .array:
        name = "array"
        return 2
      default:
        return 0
      }
    default:
      return 0
    }
  }
}
