import AugurCatalog

/// What the upper planner needs of the relation it plans above (PostgreSQL's final scan/join
/// relation): its rows, its base relations (for group estimates and column widths), how its
/// expressions print, and which expressions the joins made equal.
struct ScanJoinRel {
  /// The base relations, by position in the query.
  let baseRels: [Int: BaseRel]
  /// `rel->rows` of the scan/join relation.
  let rows: Double
  let deparser: Deparser
  /// Each expression of an equivalence class mapped to the class's first member, so that sort
  /// orders compare through the joins' equalities (PostgreSQL's canonical pathkeys).
  let representatives: [TypedExpr: TypedExpr]

  /// A single table: its own rows, unqualified column names.
  init(single rel: BaseRel) {
    baseRels = [rel.relationIndex: rel]
    rows = rel.rows
    deparser = rel.context.deparser
    representatives = [:]
  }

  init(baseRels: [Int: BaseRel], rows: Double, deparser: Deparser, representatives: [TypedExpr: TypedExpr]) {
    self.baseRels = baseRels
    self.rows = rows
    self.deparser = deparser
    self.representatives = representatives
  }

  func canonical(_ key: SortKey) -> SortKey {
    // A single table has no classes; skip hashing the expression.
    guard !representatives.isEmpty, let representative = representatives[key.expr.strippingRelabels] else { return key }
    return SortKey(expr: representative, descending: key.descending, nullsFirst: key.nullsFirst)
  }

  func estimateNumGroups(_ exprs: [TypedExpr], inputRows: Double) -> Double {
    GroupEstimate.estimateNumGroups(exprs, inputRows: inputRows, rels: baseRels)
  }

  /// A clause over the scan/join output (HAVING), estimated with the statistics of the
  /// relation whose columns it reads (the first relation when it reads none).
  func clauseSelectivity(_ clause: TypedExpr) -> Double {
    let relation = clause.columns.first?.relation ?? baseRels.keys.min() ?? 0
    guard let rel = baseRels[relation] ?? baseRels.values.first else { return 1 }
    return rel.context.clauseSelectivity(clause)
  }

  /// A column's average width (`attr_widths`): its statistics', else its type's.
  func columnWidth(_ column: ColumnVar) -> Int? {
    guard let rel = baseRels[column.relation], column.column < rel.relation.columns.count else { return nil }
    let catalogColumn = rel.relation.columns[column.column]
    return catalogColumn.statistics?.averageWidth
      ?? ColumnTypeWidth.average(type: catalogColumn.type, typmod: catalogColumn.typmod)
  }
}
