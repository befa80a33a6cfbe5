import AugurCatalog

/// A base relation being planned (PostgreSQL's `RelOptInfo` for a plain table): its size, its
/// restriction clauses and their combined selectivity, the width of the columns the query reads
/// from it, and the indexes to consider (real and hypothetical).
///
/// A class: paths, matchers and the upper planner all refer to the one relation being planned,
/// and copying its arrays into each of them was most of a plan's reference counting.
final class BaseRel {
  let relation: Relation
  let alias: String
  /// Its position in the query's relations (PostgreSQL's relid, 0-based).
  let relationIndex: Int
  let size: RelationSizeEstimate
  /// WHERE conjuncts, in PostgreSQL's evaluation order (cheapest first).
  let restrictions: [TypedExpr]
  /// `rel->rows`: tuples × selectivity of all restrictions, clamped.
  let rows: Double
  /// `rel->reltarget->width`: the average width of the columns needed above the scan.
  let width: Int
  /// Columns (positions) the query needs anywhere: output, quals, sorting and grouping.
  /// Positions of the columns read anywhere (-1: a system column, as UPDATE and DELETE read).
  let neededColumns: Set<Int>
  let indexes: [Index]
  let context: RestrictionContext
  let restrictionCost: QualCost

  /// The same relation with other restrictions (an OR arm's clauses, for BitmapOr).
  init(copying other: BaseRel, restrictions: [TypedExpr]) {
    relation = other.relation
    alias = other.alias
    relationIndex = other.relationIndex
    size = other.size
    self.restrictions = restrictions
    rows = other.rows
    width = other.width
    neededColumns = other.neededColumns
    indexes = other.indexes
    context = other.context
    restrictionCost = other.restrictionCost
  }

  /// - Parameters:
  ///   - restrictions: the clauses that read only this relation (nil: all of WHERE, for a
  ///     single-table query).
  ///   - joinColumns: columns joins above the scan read (`attr_needed` beyond the query's own
  ///     output), which the scan must return.
  init(
    query: AnalyzedQuery, relationIndex: Int, indexes: [Index], extendedStatistics: [ExtendedStatistic] = [],
    parameters: CostParameters, cache: PlannerCache? = nil, usablePartialIndexes: Set<String> = [],
    restrictions givenRestrictions: [TypedExpr]? = nil, joinColumns: Set<Int> = [], rowsCap: Double? = nil,
    tuples: Double? = nil
  ) {
    let entry = query.relations[relationIndex]
    relation = entry.relation
    alias = entry.alias
    self.relationIndex = relationIndex
    // A subquery's tuples are its plan's rows (`set_subquery_size_estimates`).
    size =
      tuples.map { RelationSizeEstimate(pages: 0, tuples: $0, allVisibleFraction: 0) }
      ?? PlanCat.estimateRelSize(entry.relation, blockSize: parameters.blockSize)
    self.indexes = indexes
    context = RestrictionContext(
      relation: relation, tuples: size.tuples, indexes: indexes, alias: alias, extendedStatistics: extendedStatistics,
      cache: cache, usablePartialIndexes: usablePartialIndexes, allAliases: query.relations.map(\.alias))
    let quals = givenRestrictions ?? query.quals
    // order_qual_clauses: cheaper quals first, ties in their written order.
    let costed = quals.enumerated().map {
      ($0.offset, $0.element, QualCostEval.cost($0.element, parameters: parameters))
    }
    restrictions = costed.sorted { ($0.2.perTuple, $0.0) < ($1.2.perTuple, $1.0) }.map(\.1)
    restrictionCost = QualCostEval.cost(restrictions, parameters: parameters)
    // get_parameterized_baserel_size: a parameterized scan never returns more than the plain one.
    let estimated = CostSize.clampRowEstimate(size.tuples * context.clauseListSelectivity(quals))
    rows = rowsCap.map { min(estimated, $0) } ?? estimated
    var target = joinColumns
    var needed = Set<Int>()
    let upper =
      query.targetList.map(\.expr) + query.groupBy + query.sortClause.map(\.expr) + (query.having.map { [$0] } ?? [])
      + query.windows.flatMap { $0.partitionBy + $0.orderBy.map(\.expr) }
      + { if case .on(let keys)? = query.distinct { keys } else { [] } }()
    for expr in upper {
      for column in expr.columns where column.relation == relationIndex { target.insert(column.column) }
    }
    needed = target
    for qual in quals {
      for column in qual.columns where column.relation == relationIndex { needed.insert(column.column) }
    }
    // UPDATE and DELETE read each row's ctid, a system column no index returns
    // (`check_index_only`): the sentinel -1 stands for it.
    if let operation = query.modification?.operation, operation != .insert { needed.insert(-1) }
    neededColumns = needed
    // set_rel_width: the needed columns' widths; none needed (count(*)) is width 0.
    width = target.sorted().reduce(0) { total, position in
      let column = entry.relation.columns[position]
      return total
        + (column.statistics?.averageWidth ?? ColumnTypeWidth.average(type: column.type, typmod: column.typmod))
    }
  }
}
