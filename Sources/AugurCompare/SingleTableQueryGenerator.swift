import AugurCatalog
import Foundation

/// Single-table queries for measuring the planner, built from the values a stats snapshot holds
/// (MCVs, histogram bounds, midpoints between bounds, values out of range, string prefixes), so
/// every selectivity path of PostgreSQL's planner is exercised with constants that matter to it.
///
/// Deterministic: the same snapshot gives the same queries, in the same order, with the same
/// names. Each query carries its case label (`eq-mcv`, `range-between`, `like-prefix`, ...), so
/// a report groups misses by the estimation path that produced them.
public enum SingleTableQueryGenerator {
  /// Every case label the generator produces (for coverage checks).
  public static let allCases: [String] = [
    "eq-mcv", "eq-histogram", "eq-midpoint", "eq-out-of-range", "lt", "le", "gt", "ge", "range-between",
    "range-pair", "in-list", "any-array", "ne", "not-in", "is-null", "is-not-null", "bool-true", "bool-false",
    "bool-is-true", "like-prefix", "ilike-prefix", "like-infix", "regex-prefix", "and", "or", "not", "now-interval",
    "extended-stats", "order-limit", "group-count", "distinct", "scan-index", "scan-index-only", "scan-bitmap",
    "scan-seq",
  ]

  /// The queries for one database; names start with `prefix` (e.g. the workload's name).
  public static func generate(snapshot: StatsSnapshot, prefix: String) -> [ComparedQuery] {
    var queries: [ComparedQuery] = []
    func add(_ caseLabel: String, _ table: Relation, _ detail: String, _ sql: String) {
      let number = String(queries.count + 1)
      let name =
        "\(prefix)_\(String(repeating: "0", count: max(0, 3 - number.count)))\(number)_\(caseLabel)_\(table.name)_\(detail)"
      queries.append(ComparedQuery(name: name, sql: sql, caseLabel: caseLabel))
    }
    let tables = snapshot.relations.filter { $0.kind == .table && $0.schema == "public" && $0.size.isAnalyzed }
      .sorted { $0.name < $1.name }
    for table in tables {
      let columns = table.columns.compactMap { ColumnValues(table: table, column: $0) }
      let from = "SELECT * FROM \(table.name) WHERE "
      // Comparisons of one column with constants: at most two columns per case per table.
      func each(_ filter: (ColumnValues) -> Bool, limit: Int = 2, _ body: (ColumnValues) -> Void) {
        columns.filter(filter).prefix(limit).forEach(body)
      }
      each({ !$0.mcvs.isEmpty && !$0.isBoolean }) {
        add("eq-mcv", table, $0.name, from + "\($0.name) = \($0.literal($0.mcvs[0]))")
      }
      each({ $0.bounds.count > 2 && !$0.isBoolean }) {
        add("eq-histogram", table, $0.name, from + "\($0.name) = \($0.literal($0.bound(0.5)))")
      }
      each({ $0.midpoint != nil }) { add("eq-midpoint", table, $0.name, from + "\($0.name) = \($0.midpoint!)") }
      each({ $0.outOfRange != nil }) { add("eq-out-of-range", table, $0.name, from + "\($0.name) = \($0.outOfRange!)") }
      for (label, op, fraction) in [("lt", "<", 0.25), ("le", "<=", 0.1), ("gt", ">", 0.75), ("ge", ">=", 0.5)] {
        each({ $0.isOrderable && $0.bounds.count > 2 }) {
          add(label, table, $0.name, from + "\($0.name) \(op) \($0.literal($0.bound(fraction)))")
        }
      }
      each({ $0.isOrderable && $0.bounds.count > 2 }) {
        add(
          "range-between", table, $0.name,
          from + "\($0.name) BETWEEN \($0.literal($0.bound(0.2))) AND \($0.literal($0.bound(0.6)))")
        add(
          "range-pair", table, $0.name,
          from + "\($0.name) > \($0.literal($0.bound(0.3))) AND \($0.name) < \($0.literal($0.bound(0.35)))")
      }
      each({ $0.mcvs.count >= 3 && !$0.isBoolean }) {
        let list = $0.mcvs.prefix(3).map($0.literal).joined(separator: ", ")
        add("in-list", table, $0.name, from + "\($0.name) IN (\(list))")
        // Array elements are not coerced like a lone literal: the array takes the column's type.
        let array = "ARRAY[\(list)]" + ($0.isNumeric ? "" : "::\($0.type)[]")
        add("any-array", table, $0.name, from + "\($0.name) = ANY (\(array))")
        add(
          "not-in", table, $0.name,
          from + "\($0.name) NOT IN (\($0.mcvs.prefix(2).map($0.literal).joined(separator: ", ")))")
      }
      each({ !$0.mcvs.isEmpty && !$0.isBoolean }, limit: 1) {
        add("ne", table, $0.name, from + "\($0.name) <> \($0.literal($0.mcvs[0]))")
      }
      each({ $0.nullFraction > 0 }) {
        add("is-null", table, $0.name, from + "\($0.name) IS NULL")
        add("is-not-null", table, $0.name, from + "\($0.name) IS NOT NULL")
      }
      each({ $0.isBoolean }) {
        add("bool-true", table, $0.name, from + $0.name)
        add("bool-false", table, $0.name, from + "NOT \($0.name)")
        add("bool-is-true", table, $0.name, from + "\($0.name) IS TRUE")
      }
      each({ $0.isText && $0.sample != nil }) {
        let prefix = ColumnValues.escape(String($0.sample!.prefix(3)))
        let infix = ColumnValues.escape(String($0.sample!.dropFirst(1).prefix(2)))
        add("like-prefix", table, $0.name, from + "\($0.name) LIKE '\(prefix)%'")
        add("ilike-prefix", table, $0.name, from + "\($0.name) ILIKE '\(prefix.lowercased())%'")
        add("like-infix", table, $0.name, from + "\($0.name) LIKE '%\(infix)%'")
        if prefix.allSatisfy({ $0.isLetter || $0.isNumber }) {
          add("regex-prefix", table, $0.name, from + "\($0.name) ~ '^\(prefix)'")
        }
      }
      let equalities = columns.filter { !$0.mcvs.isEmpty && !$0.isBoolean }
      let ranges = columns.filter { $0.isOrderable && $0.bounds.count > 2 }
      if let first = equalities.first, let second = ranges.first(where: { $0.name != first.name }) {
        add(
          "and", table, "\(first.name)_\(second.name)",
          from
            + "\(first.name) = \(first.literal(first.mcvs[0])) AND \(second.name) < \(second.literal(second.bound(0.5)))"
        )
        add(
          "or", table, "\(first.name)_\(second.name)",
          from
            + "\(first.name) = \(first.literal(first.mcvs[0])) OR \(second.name) > \(second.literal(second.bound(0.9)))"
        )
        add(
          "not", table, "\(first.name)_\(second.name)",
          from
            + "NOT (\(first.name) = \(first.literal(first.mcvs[0])) AND \(second.name) > \(second.literal(second.bound(0.5))))"
        )
      }
      each({ $0.isTimestamp }, limit: 1) {
        add("now-interval", table, $0.name, from + "\($0.name) > now() - interval '30 days'")
      }
      for statistic in snapshot.extendedStatistics
      where statistic.table == table.qualifiedName || statistic.table == table.name {
        let parts = statistic.columns.compactMap { name in equalities.first { $0.name == name } }
        guard parts.count >= 2 else { continue }
        let values = statistic.mostCommonValues?.first
        let conditions = parts.enumerated().map { position, column -> String in
          let index = statistic.columns.firstIndex(of: column.name) ?? position
          let value = values.flatMap { index < $0.count ? $0[index] : nil } ?? column.mcvs[0]
          return "\(column.name) = \(column.literal(value))"
        }
        add("extended-stats", table, statistic.name, from + conditions.joined(separator: " AND "))
      }
      let leading = Set(
        table.indexes.filter { $0.method == "btree" && !$0.isPartial }.compactMap { $0.keys.first?.column })
      each({ leading.contains($0.name) && $0.isOrderable }, limit: 1) {
        add("order-limit", table, $0.name, "SELECT * FROM \(table.name) ORDER BY \($0.name) LIMIT 10")
      }
      each({ !leading.contains($0.name) && $0.isOrderable }, limit: 1) {
        add("order-limit", table, $0.name, "SELECT * FROM \(table.name) ORDER BY \($0.name) DESC LIMIT 20")
      }
      each({ $0.distinct > 0 && $0.distinct < 1_000 || !$0.mcvs.isEmpty }, limit: 1) {
        add("group-count", table, $0.name, "SELECT \($0.name), count(*) FROM \(table.name) GROUP BY \($0.name)")
        add("distinct", table, $0.name, "SELECT DISTINCT \($0.name) FROM \(table.name)")
      }
      // Queries meant for each scan method (the case says which PostgreSQL is expected to pick).
      let indexedRanges = ranges.filter { leading.contains($0.name) && $0.bounds.count >= 20 }
      if let key = table.indexes.first(where: { $0.isUnique && $0.keys.count == 1 && !$0.isPartial })?.keys.first?
        .column,
        let column = columns.first(where: { $0.name == key }), column.bounds.count > 2
      {
        add("scan-index", table, key, from + "\(key) = \(column.literal(column.bound(0.5)))")
      }
      if let column = indexedRanges.first {
        add(
          "scan-index-only", table, column.name,
          "SELECT \(column.name) FROM \(table.name) WHERE \(column.name) BETWEEN \(column.literal(column.bound(0.40))) "
            + "AND \(column.literal(column.bound(0.41)))")
        add(
          "scan-bitmap", table, column.name,
          from
            + "\(column.name) BETWEEN \(column.literal(column.bound(0.40))) AND \(column.literal(column.bound(0.45)))")
      }
      if let column = ranges.first {
        add("scan-seq", table, column.name, from + "\(column.name) > \(column.literal(column.bound(0.1)))")
      }
    }
    return queries
  }
}

/// What the generator knows about one column: its kind and the values its statistics hold.
struct ColumnValues {
  var name: String
  var type: String
  var mcvs: [String]
  var bounds: [String]
  var nullFraction: Double
  var distinct: Double

  /// Nil for columns the generator leaves alone: no statistics, or types whose operators are
  /// not plain comparisons (arrays, jsonb, tsvector, bytea), or names that need quoting.
  init?(table: Relation, column: Column) {
    guard let statistics = column.statistics, !statistics.valuesRedacted else { return nil }
    let type = column.type
    if type.hasSuffix("[]") || type.contains("json") || type.contains("tsvector") || type == "bytea" { return nil }
    guard column.name.range(of: "^[a-z_][a-z0-9_]*$", options: .regularExpression) != nil else { return nil }
    name = column.name
    self.type = type
    mcvs = statistics.mostCommonValues ?? []
    bounds = statistics.histogramBounds ?? []
    nullFraction = statistics.nullFraction
    distinct = statistics.distinctValues
  }

  var isNumeric: Bool {
    ["integer", "bigint", "smallint", "real", "double precision"].contains(type) || type.hasPrefix("numeric")
  }
  var isInteger: Bool { ["integer", "bigint", "smallint"].contains(type) }
  var isText: Bool { type == "text" || type.hasPrefix("character") || type == "citext" }
  var isBoolean: Bool { type == "boolean" }
  var isTimestamp: Bool { type.hasPrefix("timestamp") }
  var isTemporal: Bool { isTimestamp || type == "date" }
  var isOrderable: Bool { isNumeric || isText || isTemporal }

  /// A value from the histogram at `fraction` of its bounds.
  func bound(_ fraction: Double) -> String {
    bounds[min(bounds.count - 1, max(0, Int(Double(bounds.count - 1) * fraction)))]
  }

  /// A text value seen in the data, for pattern prefixes.
  var sample: String? {
    (mcvs.first ?? (bounds.isEmpty ? nil : bound(0.5))).flatMap { $0.count >= 3 ? $0 : nil }
  }

  /// The midpoint between the two middle histogram bounds (numbers only).
  var midpoint: String? {
    guard isNumeric, bounds.count > 2 else { return nil }
    let middle = bounds.count / 2
    guard let low = Double(bounds[middle - 1]), let high = Double(bounds[middle]) else { return nil }
    let value = (low + high) / 2
    return isInteger ? String(Int(value.rounded(.down))) : ExplainNumberText.fixed(value, decimals: 2)
  }

  /// A value beyond the largest known value.
  var outOfRange: String? {
    if isNumeric, let last = (bounds.last ?? mcvs.last).flatMap(Double.init) {
      let value = last + max(1, abs(last))
      return isInteger ? String(Int(value)) : ExplainNumberText.fixed(value, decimals: 2)
    }
    if isTemporal, !bounds.isEmpty { return "'2099-01-01'" }
    return nil
  }

  /// The value as a SQL constant: numbers as they are, everything else as a quoted literal
  /// (of unknown type, which PostgreSQL coerces to the column's type).
  func literal(_ value: String) -> String {
    if isNumeric, Double(value) != nil { return value }
    return "'" + Self.escape(value) + "'"
  }

  static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "'", with: "''")
  }
}
