import AugurCatalog
import AugurExplain
import AugurSQL
import Foundation

/// One query to compare: a name (its file's), the SQL, and what the header comments say about it:
///
///     -- case: eq-mcv
///     -- hypothetical: orders(customer_id)
///     SELECT ...
///
/// `case` groups the report's misses by selectivity case; `hypothetical` is the candidate index
/// for `--hypothetical` (when absent, one is derived from the WHERE clause).
public struct ComparedQuery: Sendable, Hashable, Codable {
  public var name: String
  public var sql: String
  public var caseLabel: String?
  public var hypotheticalIndex: String?

  public init(name: String, sql: String, caseLabel: String? = nil, hypotheticalIndex: String? = nil) {
    self.name = name
    self.sql = sql
    self.caseLabel = caseLabel
    self.hypotheticalIndex = hypotheticalIndex
  }

  /// Reads the header comments of a query file.
  public init(name: String, fileText: String) {
    self.init(name: name, sql: fileText)
    for line in fileText.split(separator: "\n") {
      let text = line.trimmingCharacters(in: .whitespaces)
      guard text.hasPrefix("--") else { continue }
      let body = text.dropFirst(2).trimmingCharacters(in: .whitespaces)
      if body.hasPrefix("case:") { caseLabel = body.dropFirst(5).trimmingCharacters(in: .whitespaces) }
      if body.hasPrefix("hypothetical:") {
        hypotheticalIndex = body.dropFirst(13).trimmingCharacters(in: .whitespaces)
      }
    }
  }

  /// The file's text: header comments, then the statement.
  public var fileText: String {
    var lines: [String] = []
    if let caseLabel { lines.append("-- case: \(caseLabel)") }
    if let hypotheticalIndex { lines.append("-- hypothetical: \(hypotheticalIndex)") }
    return (lines + [sql.hasSuffix(";") ? sql : sql + ";"]).joined(separator: "\n") + "\n"
  }

  /// Every `*.sql` file in `directory`, sorted by name.
  public static func load(directory: String) throws -> [ComparedQuery] {
    let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".sql") }.sorted()
    return try names.map { name in
      let url = URL(fileURLWithPath: directory).appendingPathComponent(name)
      let data = try Data(contentsOf: url)
      return ComparedQuery(name: String(name.dropLast(4)), fileText: String(decoding: data, as: UTF8.self))
    }
  }

  /// Writes the queries as `name.sql` files into `directory` (created when missing).
  public static func write(_ queries: [ComparedQuery], to directory: String) throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    for query in queries {
      let url = URL(fileURLWithPath: directory).appendingPathComponent(query.name + ".sql")
      try Data(query.fileText.utf8).write(to: url, options: .atomic)
    }
  }

  /// The statement with constants replaced by `$n`, as reports show queries.
  public var normalizedSQL: String {
    (try? SQLParser.normalize(sql)) ?? sql
  }

  /// A candidate index when the file names none: a B-tree on the first column the WHERE clause
  /// filters that no index of the table has as its leading column. Nil for anything but a
  /// single-table SELECT, or when every filtered column already leads an index.
  public func candidateIndex(snapshot: StatsSnapshot) -> String? {
    if let hypotheticalIndex { return hypotheticalIndex }
    guard let statement = try? SQLParser.parse(sql).first?.statement, case .select(let select) = statement,
      case .simple(let simple) = select.body, simple.from.count == 1, case .relation(let range) = simple.from[0],
      let relation = range.schema.map({ snapshot.relation(schema: $0, name: range.name) })
        ?? snapshot.relation(named: range.name),
      let filter = simple.whereClause
    else { return nil }
    let leading = Set(relation.indexes.compactMap { $0.keys.first?.column })
    let filtered = ExpressionColumns.collect(filter).filter { relation.column($0) != nil }
    guard let column = filtered.first(where: { !leading.contains($0) }) else { return nil }
    return "\(relation.name)(\(column))"
  }
}
