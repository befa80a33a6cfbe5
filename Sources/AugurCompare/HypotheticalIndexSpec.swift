import AugurCatalog
import AugurPlanner
import AugurSQL
import Foundation

/// Turns a hypothetical index as a user writes it into what the planner takes:
///
///     orders(customer_id, created_at)
///     orders USING hash (email)
///     orders (created_at) INCLUDE (status) WHERE status = 'paid'
///     CREATE INDEX ON orders (lower(email) text_pattern_ops)
///
/// The short forms are `CREATE INDEX ON` plus the text, so PostgreSQL's grammar reads all of them.
/// The table and key columns are checked against the snapshot; errors are located in the spec
/// (`1:8: column "custmer_id" of relation "orders" does not exist`). The index is named as HypoPG
/// names its indexes (`<augur>btree_orders_customer_id`), so a plan using it says so. Its size
/// fields are left zero: the planner sizes hypothetical indexes from the table's statistics.
public enum HypotheticalIndexSpec {
  /// The prefix that marks an index name as hypothetical (HypoPG uses `<oid>`).
  public static let namePrefix = "<augur>"

  public static func parse(_ spec: String, snapshot: StatsSnapshot) throws(SQLParseError) -> HypotheticalIndex {
    let trimmed = spec.trimmingCharacters(in: .whitespacesAndNewlines)
    let isStatement = trimmed.uppercased().hasPrefix("CREATE")
    let prefix = isStatement ? "" : "CREATE INDEX ON "
    let sql = prefix + trimmed
    /// Byte offsets in `sql` → positions in the user's `spec`.
    func error(_ message: String, at offset: Int?) -> SQLParseError {
      let specOffset = offset.map { max(0, $0 - prefix.utf8.count) }
      let position = specOffset.map { SourcePosition(offset: $0, in: trimmed) }
      return SQLParseError(
        kind: .syntax, message: message, position: position,
        sourceLine: position.map { _ in
          trimmed.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? trimmed
        })
    }
    let statements: [ParsedStatement]
    do {
      statements = try SQLParser.parse(sql)
    } catch let parseError {
      throw error(parseError.message, at: parseError.position?.offset)
    }
    guard statements.count == 1, case .createIndex(let statement) = statements[0].statement else {
      throw error("expected table(column, ...) or one CREATE INDEX statement", at: nil)
    }
    let relationName = statement.relation.name
    let relation =
      if let schema = statement.relation.schema {
        snapshot.relation(schema: schema, name: relationName)
      } else {
        snapshot.relation(named: relationName)
      }
    guard let relation else {
      throw error("relation \"\(relationName)\" does not exist", at: statement.relation.location)
    }
    let source = Array(sql.utf8)
    var keys: [IndexKey] = []
    for element in statement.keys {
      var key = IndexKey(
        operatorClass: element.opclass.last, collation: element.collation.last,
        descending: element.ordering == .descending,
        nullsFirst: element.nulls == .first || (element.nulls == .default && element.ordering == .descending))
      if let column = element.column {
        guard relation.column(column) != nil else {
          throw error(
            "column \"\(column)\" of relation \"\(relation.name)\" does not exist",
            at: offset(of: column, in: source, after: statement.relation.location))
        }
        key.column = column
      } else {
        key.expression = "expression"
      }
      keys.append(key)
    }
    for column in statement.including.compactMap(\.column) where relation.column(column) == nil {
      throw error(
        "column \"\(column)\" of relation \"\(relation.name)\" does not exist",
        at: offset(of: column, in: source, after: statement.relation.location))
    }
    if keys.contains(where: { $0.expression != nil }) {
      guard let withTexts = expressionTexts(keys, sql: sql) else {
        throw error("could not read the index's key expressions", at: nil)
      }
      keys = withTexts
    }
    let predicate = predicateText(sql)
    let name =
      namePrefix + ([statement.accessMethod, relation.name] + keys.map { $0.column ?? "expr" }).joined(separator: "_")
    let index = Index(
      name: name, method: statement.accessMethod, isUnique: statement.unique, keys: keys,
      included: statement.including.compactMap(\.column), predicate: predicate,
      definition: definition(relation: relation, statement: statement, keys: keys, predicate: predicate, name: name))
    return HypotheticalIndex(relation: relation.qualifiedName, index: index)
  }

  /// The CREATE INDEX statement HypoPG's `hypopg_create_index` takes for the same index.
  public static func createStatement(_ index: HypotheticalIndex) -> String {
    var text = index.index.definition
    if let range = text.range(of: " INDEX \(index.index.name) ON ") {
      text.replaceSubrange(range, with: " INDEX ON ")
    }
    return text
  }

  private static func definition(
    relation: Relation, statement: IndexStmt, keys: [IndexKey], predicate: String?, name: String
  ) -> String {
    let keyList = keys.map { key -> String in
      var text = key.column.map(quote) ?? "(\(key.expression ?? ""))"
      if let opclass = key.operatorClass { text += " " + opclass }
      if key.descending { text += " DESC" }
      return text
    }.joined(separator: ", ")
    var text =
      "CREATE \(statement.unique ? "UNIQUE " : "")INDEX \(name) ON \(quote(relation.schema)).\(quote(relation.name)) "
      + "USING \(statement.accessMethod) (\(keyList))"
    let included = statement.including.compactMap(\.column)
    if !included.isEmpty { text += " INCLUDE (\(included.map(quote).joined(separator: ", ")))" }
    if let predicate { text += " WHERE \(predicate)" }
    return text
  }

  private static func quote(_ name: String) -> String {
    let plain = name.range(of: "^[a-z_][a-z0-9_]*$", options: .regularExpression) != nil
    return plain ? name : "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// The byte offset of identifier `name` after `start` (for locating an unknown column).
  private static func offset(of name: String, in source: [UInt8], after start: Int) -> Int? {
    let needle = Array(name.utf8)
    guard !needle.isEmpty, source.count >= needle.count else { return nil }
    var index = max(0, start)
    while index + needle.count <= source.count {
      if Array(source[index..<(index + needle.count)]) == needle { return index }
      index += 1
    }
    return nil
  }

  /// The key list's elements as written, for expression keys: the first parenthesized group after
  /// the relation (and `USING method`), split at top-level commas.
  private static func expressionTexts(_ keys: [IndexKey], sql: String) -> [IndexKey]? {
    guard let tokens = try? SQLParser.scan(sql) else { return nil }
    let bytes = Array(sql.utf8)
    func text(_ token: Token) -> String {
      String(decoding: bytes[max(0, token.range.start)..<min(bytes.count, token.range.end)], as: UTF8.self)
    }
    guard let onIndex = tokens.firstIndex(where: { text($0).uppercased() == "ON" }),
      let open = tokens[onIndex...].firstIndex(where: { text($0) == "(" })
    else { return nil }
    var depth = 0
    var elements: [String] = []
    var start = tokens[open].range.end
    for token in tokens[open...] {
      let value = text(token)
      if value == "(" { depth += 1 }
      if value == ")" {
        depth -= 1
        if depth == 0 {
          elements.append(String(decoding: bytes[start..<token.range.start], as: UTF8.self))
          break
        }
      }
      if value == ",", depth == 1 {
        elements.append(String(decoding: bytes[start..<token.range.start], as: UTF8.self))
        start = token.range.end
      }
    }
    guard elements.count == keys.count else { return nil }
    return zip(keys, elements).map { key, element in
      guard key.expression != nil else { return key }
      var key = key
      var expression = element.trimmingCharacters(in: .whitespaces)
      if let opclass = key.operatorClass, expression.hasSuffix(" " + opclass) {
        expression = String(expression.dropLast(opclass.count + 1)).trimmingCharacters(in: .whitespaces)
      }
      if expression.hasPrefix("("), expression.hasSuffix(")") {
        expression = String(expression.dropFirst().dropLast())
      }
      key.expression = expression
      return key
    }
  }

  /// The text after the top-level WHERE keyword, as written.
  private static func predicateText(_ sql: String) -> String? {
    guard let tokens = try? SQLParser.scan(sql) else { return nil }
    let bytes = Array(sql.utf8)
    var depth = 0
    for (position, token) in tokens.enumerated() {
      let value = String(decoding: bytes[token.range.start..<token.range.end], as: UTF8.self)
      if value == "(" { depth += 1 }
      if value == ")" { depth -= 1 }
      if depth == 0, value.uppercased() == "WHERE", position + 1 < tokens.count {
        var text = String(decoding: bytes[tokens[position + 1].range.start...], as: UTF8.self)
        text = text.trimmingCharacters(in: .whitespacesAndNewlines)
        while text.hasSuffix(";") { text = String(text.dropLast()).trimmingCharacters(in: .whitespaces) }
        return text
      }
    }
    return nil
  }
}
