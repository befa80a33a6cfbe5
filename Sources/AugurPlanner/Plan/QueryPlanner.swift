import AugurCatalog
import AugurPlan
import AugurSQL

/// Plans one prepared query: the scan paths of its relation, then the upper planning, then the
/// plan tree as EXPLAIN (FORMAT JSON) would show it.
struct QueryPlanner {
  let prepared: PreparedQuery
  let snapshot: StatsSnapshot
  let parameters: CostParameters
  let settings: [String: String]
  let cache: PlannerCache
  let hypotheticalIndexes: [HypotheticalIndex]
  var hypotheticalPartitioning: [HypotheticalPartitioning] = []

  func plan() throws(PlannerError) -> ExplainedPlan {
    let query = prepared.query
    guard !query.relations.isEmpty else { return try resultPlan(query) }
    guard query.relations.count == 1 else { throw .notSupported("joins") }
    let relation = query.relations[0].relation
    if let table = try partitionedTable(relation) {
      return try AppendPlanner(
        query: query, table: table, snapshot: snapshot, parameters: parameters, settings: settings,
        hypotheticalIndexes: hypotheticalIndexes
      ).plan()
    }
    // get_relation_info lists a table's indexes newest first (descending OID).
    var indexes = relation.indexes.filter(\.isValid).reversed().sorted {
      ($0.creationOrder ?? 0) > ($1.creationOrder ?? 0)
    }
    var predicates = prepared.predicates
    for hypothetical in hypotheticalIndexes where hypothetical.relation == relation.qualifiedName {
      let sized = HypotheticalSizing.sized(hypothetical.index, on: relation, blockSize: parameters.blockSize)
      indexes.append(sized)
      if sized.predicate != nil {
        predicates[sized.name] = PartialIndex.predicateConjuncts(sized, relation: relation, snapshot: snapshot)
      }
    }
    let rel = BaseRel(
      query: query, relationIndex: 0, indexes: indexes,
      extendedStatistics: snapshot.extendedStatistics.filter { $0.table == relation.qualifiedName },
      parameters: parameters, cache: cache)
    var implications: [String: [TypedExpr]?] = [:]
    for index in indexes where index.predicate != nil {
      implications[index.name] = (predicates[index.name] ?? nil).flatMap {
        PartialIndex.implied($0, by: rel.restrictions) ? $0 : nil
      }
    }
    let queryPathkeys = UpperPlanner.queryPathkeys(query)
    let collation = (settings["lc_collate"] ?? "C").uppercased()
    let scans = ScanPlanner(
      rel: rel, parameters: parameters, totalTablePages: rel.size.pages, queryPathkeys: queryPathkeys,
      collationIsC: collation == "C" || collation == "POSIX", partialIndexImplications: implications)
    let (paths, partials) = scans.pathsWithPartials(
      considerStartup: query.limitCount != nil || query.limitOffset != nil)
    let best = try UpperPlanner(query: query, rel: rel, parameters: parameters).plan(paths, partials: partials)
    return ExplainedPlan(root: best.node)
  }

  /// A query without FROM: a Result node.
  private func resultPlan(_ query: AnalyzedQuery) throws(PlannerError) -> ExplainedPlan {
    if query.hasAggregation || !query.quals.isEmpty { throw .notSupported("aggregates or WHERE without FROM") }
    let width = query.targetList.reduce(0) { $0 + ColumnTypeWidth.average(type: $1.expr.type.description, typmod: -1) }
    let cost = QualCostEval.cost(query.targetList.map(\.expr), parameters: parameters)
    let node = PlanNode(
      nodeType: "Result",
      estimate: PlanEstimate(
        startupCost: cost.startup, totalCost: cost.startup + cost.perTuple + parameters.cpuTupleCost, rows: 1,
        width: width),
      properties: [
        PlanProperty(key: "Parallel Aware", value: .bool(false)),
        PlanProperty(key: "Async Capable", value: .bool(false)),
      ])
    return ExplainedPlan(root: node)
  }
}

/// Partial indexes: their predicates, and whether a query's restrictions imply them
/// (`predicate_implied_by` in predtest.c, for the simple cases: the same clause, or IS NOT
/// NULL implied by a strict comparison on the same column).
enum PartialIndex {
  static func predicateConjuncts(_ index: Index, relation: Relation, snapshot: StatsSnapshot) -> [TypedExpr]? {
    guard let predicate = index.predicate else { return nil }
    let sql = "SELECT 1 FROM \(relation.schema).\(relation.name) WHERE \(predicate)"
    guard let statement = try? SQLParser.parse(sql).first?.statement else { return nil }
    var analyzer = Analyzer(snapshot: snapshot)
    guard let query = try? analyzer.analyze(statement) else { return nil }
    return query.quals
  }

  static func implied(_ predicate: [TypedExpr], by restrictions: [TypedExpr]) -> Bool {
    predicate.allSatisfy { conjunct in
      if restrictions.contains(conjunct) { return true }
      if case .nullTest(let arg, true) = conjunct, let column = arg.strippedColumn {
        return restrictions.contains { restriction in
          switch restriction {
          case .operation(let call) where Operators.comparisons.contains(call.name):
            return call.args.contains { $0.strippedColumn == column }
          case .arrayOperation(let call): return call.left.strippedColumn == column
          case .nullTest(let inner, true): return inner.strippedColumn == column
          default: return false
          }
        }
      }
      return false
    }
  }
}

/// Sizes of hypothetical indexes, estimated as HypoPG does: a btree leaf entry per row of the
/// key and INCLUDE columns' average widths plus tuple header and line pointer, pages filled to
/// the default fillfactor (90%), plus a metapage and the upper levels.
enum HypotheticalSizing {
  static func sized(_ index: Index, on relation: Relation, blockSize: Int) -> Index {
    guard index.size.currentPages == 0 else { return index }
    var sized = index
    let size = PlanCat.estimateRelSize(relation, blockSize: blockSize)
    let columns = index.keys.compactMap(\.column) + index.included
    let dataWidth =
      columns.reduce(0) { total, name in
        guard let column = relation.column(name) else { return total + 32 }
        return total
          + (column.statistics?.averageWidth ?? ColumnTypeWidth.average(type: column.type, typmod: column.typmod))
      } + (index.keys.count - index.keys.compactMap(\.column).count) * 32
    let entry = Double(CostSize.maxAlign(8 + dataWidth) + 4)
    let usable = Double(blockSize - 24 - 16) * 0.9
    let perPage = max(1, (usable / entry).rounded(.down))
    let leaves = max(1, (size.tuples / perPage).rounded(.up))
    var pages = 1 + leaves
    var level = leaves
    var height = 0
    while level > 1 {
      level = (level / perPage).rounded(.up)
      pages += level
      height += 1
    }
    sized.size = RelationSize(
      reltuples: size.tuples, relpages: Int(pages), relallvisible: 0, currentPages: Int(pages),
      totalBytes: Int(pages) * blockSize)
    sized.treeHeight = height
    return sized
  }
}
