import AugurCatalog
import AugurPlanner
import AugurSQL

/// Reads `--hypothetical-partition` specs, PostgreSQL's PARTITION BY followed by the bounds:
///
///     orders BY RANGE (created_at) ('2023-01-01', '2024-01-01', '2025-01-01') [DEFAULT]
///     orders BY LIST (status) (('delivered'), ('cancelled', 'refunded')) [DEFAULT]
///     orders BY HASH (user_id) 8
///
/// A range list of n+1 bounds makes n partitions, `[b0, b1)`, …; DEFAULT adds a default
/// partition for what no bound covers. Errors point at the offending token.
public enum HypotheticalPartitionSpec {
  public static func parse(_ spec: String, snapshot: StatsSnapshot) throws(SQLParseError) -> HypotheticalPartitioning {
    let tokens = try SQLParser.scan(spec)
    let bytes = Array(spec.utf8)
    var position = 0
    func fail(_ message: String) -> SQLParseError {
      let offset = position < tokens.count ? tokens[position].range.start : bytes.count
      return SQLParseError(
        kind: .syntax, message: message, position: SourcePosition(offset: offset, in: spec), sourceLine: spec)
    }
    func text(_ token: Token) -> String { String(decoding: bytes[token.range.start..<token.range.end], as: UTF8.self) }
    func next() -> String? {
      guard position < tokens.count else { return nil }
      defer { position += 1 }
      return text(tokens[position])
    }
    func expect(_ word: String) throws(SQLParseError) {
      guard let found = next(), found.uppercased() == word else {
        position = max(0, position - 1)
        throw fail("expected \(word)")
      }
    }
    /// A string or number literal's value.
    func literal() throws(SQLParseError) -> String {
      guard position < tokens.count else { throw fail("expected a value") }
      let token = tokens[position]
      let raw = text(token)
      position += 1
      switch token.kind {
      case .string: return String(raw.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
      case .integer, .numeric: return raw
      default:
        position -= 1
        throw fail("expected a quoted value or a number, not \(raw)")
      }
    }
    func valueList() throws(SQLParseError) -> [String] {
      try expect("(")
      var values: [String] = []
      while true {
        values.append(try literal())
        guard let separator = next() else { throw fail("expected , or )") }
        if separator == ")" { return values }
        if separator != "," {
          position -= 1
          throw fail("expected , or )")
        }
      }
    }

    guard let table = next() else { throw fail("expected a table name") }
    var name = table
    if position < tokens.count, text(tokens[position]) == "." {
      position += 1
      guard let rest = next() else { throw fail("expected a table name after the schema") }
      name = "\(table).\(rest)"
    }
    let parts = name.split(separator: ".").map(String.init)
    let relation =
      parts.count == 2
      ? snapshot.relation(schema: parts[0], name: parts[1]) : snapshot.relation(named: parts[0])
    guard let relation else {
      position = 0
      throw fail("relation \"\(name)\" does not exist")
    }
    try expect("BY")
    let strategyPosition = position
    guard let strategyWord = next()?.uppercased() else { throw fail("expected RANGE, LIST or HASH") }
    try expect("(")
    let columnPosition = position
    guard let column = next(), relation.column(column) != nil else {
      position = columnPosition
      throw fail(
        "column \"\(position < tokens.count ? text(tokens[position]) : "")\" of \(relation.name) does not exist")
    }
    try expect(")")
    let strategy: HypotheticalPartitioning.Strategy
    switch strategyWord {
    case "RANGE":
      let bounds = try valueList()
      guard bounds.count >= 2 else { throw fail("a range needs at least two bounds") }
      strategy = .range(bounds: bounds)
    case "LIST":
      try expect("(")
      var lists: [[String]] = []
      while true {
        lists.append(try valueList())
        guard let separator = next() else { throw fail("expected , or )") }
        if separator == ")" { break }
        if separator != "," {
          position -= 1
          throw fail("expected , or )")
        }
      }
      strategy = .list(values: lists)
    case "HASH":
      guard let modulus = Int(try literal()), modulus >= 1 else { throw fail("expected a modulus of at least 1") }
      strategy = .hash(modulus: modulus)
    default:
      position = strategyPosition
      throw fail("expected RANGE, LIST or HASH")
    }
    var withDefault = false
    if let word = next() {
      guard word.uppercased() == "DEFAULT", position == tokens.count else {
        position -= 1
        throw fail("unexpected \(word)")
      }
      withDefault = true
    }
    return HypotheticalPartitioning(
      relation: relation.qualifiedName, column: column, strategy: strategy, defaultPartition: withDefault)
  }
}
