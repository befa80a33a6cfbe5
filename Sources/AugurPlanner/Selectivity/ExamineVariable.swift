import AugurCatalog

/// What the selectivity functions know about one side of a clause (PostgreSQL's
/// `VariableStatData`, filled by `examine_variable` in selfuncs.c).
struct VariableInfo {
  /// The column, or a stand-in for an expression: with the statistics of an expression index on
  /// the same expression when there is one, else none.
  var column: Column
  var type: SQLType
  /// A unique single-column index (or an expression unique index) covers it.
  var isUnique: Bool
  /// The current smallest and largest values, from a btree index whose leading key it is.
  var actualRange: ValueRange?
  /// True for a plain column (possibly relabeled), false for an expression.
  var isColumn: Bool
}

/// Variables built during one planning of a relation (a relation's clauses are estimated
/// several times: for its rows, then per index path).
final class VariableMemo {
  struct Key: Hashable {
    var number: Int
    var name: String
    var isUnique: Bool
  }
  var variables: [Key: VariableStatistics] = [:]
  /// `clause_selectivity` results: the same clause is estimated for the relation's rows and
  /// again for every index path that uses it.
  var selectivities: [TypedExpr: Double] = [:]
  /// Expressions as EXPLAIN prints them, by expression (each path's Filter repeats them).
  var texts: [TypedExpr: String] = [:]
  /// `examine_variable` results by expression.
  var examined: [TypedExpr: VariableInfo?] = [:]
}

/// The base relation whose restriction clauses are being estimated, with what
/// `examine_variable` looks up for its columns, computed once per relation.
final class RestrictionContext {
  let relation: Relation
  /// The relation's estimated tuples (`rel->tuples`).
  let tuples: Double
  let deparser: Deparser
  /// Indexes the planner considers (valid ones, plus hypothetical ones).
  let indexes: [Index]
  /// The relation's extended statistics objects (`rel->statlist`).
  let extendedStatistics: [ExtendedStatistic]
  /// Parsed statistics shared across plans (nil: parse every time).
  let cache: PlannerCache?
  /// Partial indexes whose predicate the query's restrictions imply (PostgreSQL's predOK): a
  /// unique one among them makes its column unique for estimates, as `has_unique_index` says.
  let usablePartialIndexes: Set<String>
  /// The variables already built while planning this relation once, by column and type.
  let memo = VariableMemo()

  init(
    relation: Relation, tuples: Double, indexes: [Index], alias: String, extendedStatistics: [ExtendedStatistic] = [],
    cache: PlannerCache? = nil, usablePartialIndexes: Set<String> = [], allAliases: [String]? = nil
  ) {
    self.usablePartialIndexes = usablePartialIndexes
    self.cache = cache
    self.relation = relation
    self.tuples = tuples
    self.indexes = indexes
    self.extendedStatistics = extendedStatistics
    // Scan quals print unqualified; the aliases name the outer columns of nestloop parameters.
    deparser = Deparser(aliases: allAliases ?? [alias], qualify: false)
  }

  /// Mirrors `examine_variable`: a (relabeled) column gets its own statistics, uniqueness from
  /// a unique single-column index, and its actual range from a btree index leading on it; an
  /// expression gets the statistics ANALYZE gathered for an identical expression-index key.
  func examine(_ expr: TypedExpr) -> VariableInfo? {
    if let known = memo.examined[expr] { return known }
    let info = computeExamine(expr)
    memo.examined[expr] = .some(info)
    return info
  }

  /// The memoized text of an expression as EXPLAIN prints it.
  func text(_ expr: TypedExpr) -> String {
    if let known = memo.texts[expr] { return known }
    let text = deparser.text(expr)
    memo.texts[expr] = text
    return text
  }

  private func computeExamine(_ expr: TypedExpr) -> VariableInfo? {
    let stripped = expr.strippingRelabels
    if case .column(let column) = stripped, column.column < relation.columns.count {
      let catalogColumn = relation.columns[column.column]
      let unique = indexes.contains {
        $0.isUnique && $0.keys.count == 1 && $0.keys[0].column == column.name
          && ($0.predicate == nil || usablePartialIndexes.contains($0.name))
      }
      let range = indexes.first {
        $0.method == "btree" && $0.keys.first?.column == column.name && $0.predicate == nil
          && $0.leadingColumnRange != nil
      }?.leadingColumnRange
      return VariableInfo(
        column: catalogColumn, type: column.type, isUnique: unique, actualRange: range, isColumn: true)
    }
    guard !stripped.columns.isEmpty else { return nil }
    let key = deparser.indexKeyText(stripped)
    for index in indexes where index.predicate == nil {
      var expressionNumber = 0
      for (position, indexKey) in index.keys.enumerated() {
        guard let expression = indexKey.expression else { continue }
        defer { expressionNumber += 1 }
        guard Self.sameExpression(expression, key) else { continue }
        let statistics = index.expressionStatistics.flatMap { stats in
          Self.expressionColumnName(expression, stats: stats, ordinal: expressionNumber).flatMap { stats[$0] }
        }
        let column = Column(number: -position - 1, name: key, type: stripped.type.description, statistics: statistics)
        let unique = index.isUnique && index.keys.count == 1
        return VariableInfo(
          column: column, type: stripped.type, isUnique: unique,
          actualRange: position == 0 && index.method == "btree" ? index.leadingColumnRange : nil, isColumn: false)
      }
    }
    let column = Column(number: 0, name: key, type: stripped.type.description)
    return VariableInfo(column: column, type: stripped.type, isUnique: false, actualRange: nil, isColumn: false)
  }

  /// `pg_get_indexdef` prints expressions with extra parentheses and casts; compare loosely:
  /// without parentheses, spaces and `::text`, ignoring ASCII case.
  static func sameExpression(_ indexExpression: String, _ queryExpression: String) -> Bool {
    normalizedExpression(indexExpression) == normalizedExpression(queryExpression)
  }

  static func normalizedExpression(_ text: String) -> [UInt8] {
    let bytes = Array(text.utf8)
    let cast = Array("::text".utf8)
    var result: [UInt8] = []
    result.reserveCapacity(bytes.count)
    var index = 0
    while index < bytes.count {
      if bytes[index] == 0x3A, bytes[index...].starts(with: cast) {
        index += cast.count
        continue
      }
      let byte = bytes[index]
      if byte != 0x28 && byte != 0x29 && byte != 0x20 {
        result.append(byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte)
      }
      index += 1
    }
    return result
  }

  /// The name `pg_stats` shows for an expression index column: PostgreSQL's `FigureColname` of
  /// the expression (a function's name), else `expr`, made unique with a number.
  static func expressionColumnName(_ expression: String, stats: [String: ColumnStatistics], ordinal: Int) -> String? {
    let functionName = expression.prefix { $0.isLetter || $0.isNumber || $0 == "_" }
    if !functionName.isEmpty, expression.dropFirst(functionName.count).hasPrefix("("),
      stats[String(functionName)] != nil
    {
      return String(functionName)
    }
    if stats.count == 1 { return stats.keys.first }
    return ordinal == 0 ? "expr" : "expr\(ordinal)"
  }
}
