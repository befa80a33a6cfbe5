import AugurCatalog
import AugurPlan

/// Mirrors `preprocess_minmax_aggregates` (planagg.c): a query over one table whose only
/// aggregates are MIN and MAX of plain expressions can read each from an index in order,
/// `SELECT x FROM t WHERE quals AND x IS NOT NULL ORDER BY x [DESC] LIMIT 1`, as an InitPlan,
/// under a Result that returns them.
extension QueryPlanner {
  /// The MIN/MAX plan, when every aggregate can be read from a presorted path; nil otherwise.
  func minMaxAggregatePath(_ query: AnalyzedQuery) -> Path? {
    guard query.relations.count == 1, !query.relations[0].isDerived, query.hasAggregation, query.groupBy.isEmpty,
      query.windows.isEmpty, query.sublinkJoins.isEmpty, !query.hasScalarSubqueries
    else { return nil }
    var aggregates: [AggregateCall] = []
    func collect(_ expr: TypedExpr) -> Bool {
      if case .aggregate(let call) = expr {
        guard call.name == "min" || call.name == "max", call.args.count == 1, !call.distinct, !call.star,
          call.filter == nil, call.args[0].isImmutable
        else { return false }
        if !aggregates.contains(call) { aggregates.append(call) }
        return true
      }
      return expr.children.allSatisfy(collect)
    }
    let exprs = query.targetList.map(\.expr) + (query.having.map { [$0] } ?? [])
    guard exprs.allSatisfy(collect), !aggregates.isEmpty else { return nil }
    var charge = 0.0
    var initPlans: [PlanNode] = []
    for (position, aggregate) in aggregates.enumerated() {
      guard let (path, cost) = minMaxSubplan(aggregate, query: query) else { return nil }
      var node = path.node
      node.properties.insert(PlanProperty(key: "Parent Relationship", value: .string("InitPlan")), at: 0)
      node.properties.insert(
        PlanProperty(key: "Subplan Name", value: .string("InitPlan \(position + 1) (returns $\(position))")), at: 1)
      initPlans.append(node)
      charge += cost
    }
    // create_minmaxagg_path: the InitPlans' costs, the output target once, a cpu_tuple_cost, and
    // HAVING (its selectivity ignored).
    let target = QualCostEval.cost(query.targetList.map(\.expr), parameters: parameters)
    var startup = charge + target.startup
    var total = startup + target.perTuple + parameters.cpuTupleCost
    if let having = query.having {
      let qual = QualCostEval.cost(having, parameters: parameters)
      startup += qual.startup
      total += qual.startup + qual.perTuple
    }
    let upper = UpperPlanner(
      query: query,
      rel: ScanJoinRel(baseRels: [:], rows: 1, deparser: Deparser(aliases: [], qualify: false), representatives: [:]),
      parameters: parameters)
    var result = Path(
      nodeType: "Result", properties: JoinPathBuilder.plainProperties, cost: Cost(startup: startup, total: total),
      rows: 1, width: upper.outputWidth())
    result.node.children = initPlans
    return result
  }

  /// `build_minmax_path`: the aggregate's argument in order (NULLS matching a backward scan first,
  /// then the other way), the cheapest presorted path for one row under a Limit, and that
  /// row's cost.
  private func minMaxSubplan(_ aggregate: AggregateCall, query: AnalyzedQuery) -> (Path, Double)? {
    let argument = aggregate.args[0]
    let descending = aggregate.name == "max"
    let relation = query.relations[0].relation
    for nullsFirst in [descending, !descending] {
      let key = SortKey(expr: argument, descending: descending, nullsFirst: nullsFirst)
      var sub = query
      sub.targetList = [TargetEntry(expr: argument, name: aggregate.name)]
      sub.quals = query.quals + [.nullTest(argument, isNot: true)]
      sub.having = nil
      sub.sortClause = [key]
      sub.limitCount = .constant(1)
      sub.limitOffset = nil
      let (rel, scans) = singleTableScans(sub, relation, queryPathkeys: [key])
      let fraction = rel.rows > 1 ? 1 / rel.rows : 1
      let sorted = scans.paths(considerStartup: true).paths.filter { $0.pathkeys.first == key }
      guard
        let best = sorted.min(by: {
          $0.cost.startup + fraction * ($0.cost.total - $0.cost.startup)
            < $1.cost.startup + fraction * ($1.cost.total - $1.cost.startup)
        })
      else { continue }
      let cost = best.cost.startup + fraction * (best.cost.total - best.cost.startup)
      let upper = UpperPlanner(query: sub, rel: rel, parameters: parameters)
      return (upper.limitPath(best, offset: 0, count: 1), cost)
    }
    return nil
  }
}

extension TypedExpr {
  /// No function that may change within a statement (`contain_mutable_functions` false).
  var isImmutable: Bool {
    if case .function(let call) = self, call.volatility != .immutable { return false }
    return children.allSatisfy(\.isImmutable)
  }
}
