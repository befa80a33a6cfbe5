import AugurSQL
import Foundation

/// Implicit and explicit coercions, and the folding of constants PostgreSQL performs while
/// coercing (`coerce_type` on a Const in parse_coerce.c, and `eval_const_expressions` on casts of
/// constants).
enum Coercion {
  /// `A_Const` → a typed constant: integers are `integer`, larger integers `bigint`, other
  /// numbers `numeric` (`make_const`), strings stay `unknown` until context types them.
  static func constant(_ constant: Constant) -> TypedExpr {
    switch constant.value {
    case .integer(let value): return .constant(TypedConstant(type: .integer, text: String(value)))
    case .float(let text):
      if Int64(text) != nil { return .constant(TypedConstant(type: .bigint, text: text)) }
      return .constant(TypedConstant(type: .numeric, text: text))
    case .string(let text): return .constant(TypedConstant(type: .unknown, text: text))
    case .bitString(let text): return .constant(TypedConstant(type: .named("bit"), text: text))
    case .boolean(let value): return .constant(TypedConstant(type: .boolean, text: value ? "true" : "false"))
    case .null: return .constant(TypedConstant(type: .unknown, text: nil))
    }
  }

  /// The type a `TypeName` names, with array dimensions.
  static func type(of name: TypeName) -> SQLType {
    var length: Int?
    if let first = name.typmods.first, case .constant(let constant) = first, case .integer(let value) = constant.value {
      length = value
    }
    var type = SQLType(internalName: name.name, length: length)
    for _ in name.arrayBounds { type = .array(type) }
    return type
  }

  /// `expr` as `target`: the same expression when the types agree, a folded constant for a
  /// constant, a typed parameter for an untyped one, a relabel between binary-compatible types,
  /// else a cast (which costs a function call per row).
  static func coerce(_ expr: TypedExpr, to target: SQLType, explicit: Bool = false) -> TypedExpr {
    if expr.type == target { return expr }
    switch expr {
    case .constant(let constant):
      if case .array(let element) = target, let text = constant.text,
        constant.type == .unknown || constant.type.category == .string
      {
        if let items = ArrayLiteral.elements(text) {
          return foldArray(
            items.map { .constant(TypedConstant(type: element, text: $0)) }, elementType: element)
        }
      }
      return .constant(
        TypedConstant(type: target, text: constant.text.map { normalize($0, from: constant.type, to: target) }))
    case .parameter(let number, .unknown): return .parameter(number, target)
    case .array(let elements, _):
      if case .array(let element) = target {
        return .array(elements.map { coerce($0, to: element) }, elementType: element)
      }
      return .cast(expr, to: target, isRelabel: false)
    default:
      return .cast(expr, to: target, isRelabel: isBinaryCompatible(expr.type, target))
    }
  }

  /// Types whose values convert without running a function (`pg_cast` method `b`).
  static func isBinaryCompatible(_ from: SQLType, _ to: SQLType) -> Bool {
    switch (from, to) {
    case (.varchar, .text), (.text, .varchar), (.varchar, .varchar): true
    default: false
    }
  }

  /// A constant's text as the target type's input would read it: integers keep their digits,
  /// booleans become `true`/`false`.
  static func normalize(_ text: String, from: SQLType, to target: SQLType) -> String {
    switch target {
    case .boolean:
      switch text.lowercased().trimmingCharacters(in: .whitespaces) {
      case "t", "true", "yes", "y", "on", "1": return "true"
      case "f", "false", "no", "n", "off", "0": return "false"
      default: return text
      }
    case .smallint, .integer, .bigint, .numeric, .real, .doublePrecision:
      return text.trimmingCharacters(in: .whitespaces)
    default: return text
    }
  }

  /// PostgreSQL's `select_common_type` for the types the planner models: unknowns follow the
  /// others; numbers widen (int2 → int4 → int8 → numeric → real → double); strings meet at text.
  static func commonType(_ types: [SQLType]) -> SQLType? {
    let known = types.filter { $0 != .unknown }
    guard var result = known.first else { return types.isEmpty ? nil : .text }
    for type in known.dropFirst() where type != result {
      if type.category == .numeric && result.category == .numeric {
        if numericRank(type) > numericRank(result) { result = type }
      } else if type.category == .string && result.category == .string {
        result = .text
      } else if type.category == .dateTime && result.category == .dateTime {
        if dateTimeRank(type) > dateTimeRank(result) { result = type }
      }
    }
    return result
  }

  static func numericRank(_ type: SQLType) -> Int {
    switch type {
    case .smallint: 1
    case .integer: 2
    case .bigint: 3
    case .numeric: 4
    case .real: 5
    case .doublePrecision: 6
    default: 0
    }
  }

  static func dateTimeRank(_ type: SQLType) -> Int {
    switch type {
    case .date: 1
    case .timestamp: 2
    case .timestamptz: 3
    default: 0
    }
  }

  static func isIntegerFamily(_ type: SQLType) -> Bool { numericRank(type) >= 1 && numericRank(type) <= 3 }

  /// `ARRAY[...]` of constants folds into one array constant in PostgreSQL; Augur keeps the
  /// elements (selectivity estimates each) and treats the whole as a constant.
  static func foldArray(_ elements: [TypedExpr], elementType: SQLType) -> TypedExpr {
    .array(elements, elementType: elementType)
  }
}

/// PostgreSQL's array literal syntax (`'{1,2,"a b",NULL}'`), one dimension.
enum ArrayLiteral {
  /// The elements' texts (nil for NULL), or nil when the text is not a one-dimensional literal.
  static func elements(_ text: String) -> [String?]? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard trimmed.hasPrefix("{"), trimmed.hasSuffix("}") else { return nil }
    let body = Array(trimmed.dropFirst().dropLast())
    if body.allSatisfy({ $0 == " " }) { return [] }
    var items: [String?] = []
    var current = ""
    var quoted = false
    var wasQuoted = false
    var index = 0
    while index < body.count {
      let character = body[index]
      if quoted {
        if character == "\\", index + 1 < body.count {
          current.append(body[index + 1])
          index += 1
        } else if character == "\"" {
          quoted = false
        } else {
          current.append(character)
        }
      } else if character == "\"" {
        quoted = true
        wasQuoted = true
      } else if character == "{" || character == "}" {
        return nil
      } else if character == "," {
        items.append(finish(current, wasQuoted))
        current = ""
        wasQuoted = false
      } else {
        current.append(character)
      }
      index += 1
    }
    items.append(finish(current, wasQuoted))
    return items
  }

  private static func finish(_ text: String, _ wasQuoted: Bool) -> String? {
    if wasQuoted { return text }
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    return trimmed.uppercased() == "NULL" ? nil : trimmed
  }
}
