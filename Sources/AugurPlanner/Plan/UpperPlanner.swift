import AugurCatalog
import AugurPlan
import AugurSQL

/// Planning above the scan, mirroring `grouping_planner` (planner.c) for one relation:
/// aggregation (plain, sorted or hashed, whichever is cheaper), DISTINCT, ORDER BY (a sort, or
/// an index path already in order, or a top-N sort under LIMIT) and LIMIT/OFFSET.
struct UpperPlanner {
  let query: AnalyzedQuery
  let rel: ScanJoinRel
  let parameters: CostParameters

  var deparser: Deparser { rel.deparser }

  init(query: AnalyzedQuery, rel: ScanJoinRel, parameters: CostParameters) {
    self.query = query
    self.rel = rel
    self.parameters = parameters
  }

  /// Planning above the scan of a single table.
  init(query: AnalyzedQuery, rel: BaseRel, parameters: CostParameters) {
    self.init(query: query, rel: ScanJoinRel(single: rel), parameters: parameters)
  }

  /// The cheapest of the final paths.
  func plan(_ scanPaths: PathList, partials scanPartials: [PartialPath]) throws(PlannerError) -> Path {
    guard let best = cheapest(try finalPaths(scanPaths, partials: scanPartials)) else {
      throw .notSupported("no path")
    }
    return best
  }

  /// Every path the final relation keeps (`add_path` survivors: the cheapest, and those whose
  /// order or startup cost may serve a query around this one).
  func finalPaths(_ scanPaths: PathList, partials scanPartials: [PartialPath]) throws(PlannerError) -> [Path] {
    var scans = PathList(considerStartup: scanPaths.considerStartup)
    var partials = scanPartials
    // apply_scanjoin_target_to_paths: expressions the upper nodes need computed are computed by
    // the scan itself, which then pays for them per row and returns their width.
    if let target = scanJoinTarget() {
      for path in scanPaths.paths { scans.add(applyTarget(target, to: path)) }
      partials = partials.map { (applyTarget(target, to: $0.path), $0.workers) }
    } else {
      scans = scanPaths
    }
    let partial = cheapestPartial(partials)
    if let partial {
      // apply_scanjoin_target_to_paths' generate_useful_gather_paths on the final scan/join
      // relation: Gather over the cheapest partial path, Gather Merge over each ordered one
      // (keeping the relation's rows), and the query's order made below a Gather Merge by a
      // full sort of the cheapest partial path or an incremental sort of one sorted on a prefix.
      scans.add(gatherPath(partial.path, workers: partial.workers, rows: rel.rows))
      for ordered in partials where !ordered.path.pathkeys.isEmpty {
        scans.add(gatherMergePath(ordered.path, workers: ordered.workers, rows: rel.rows))
      }
      let wanted = Self.queryPathkeys(query).filter { !$0.expr.containsAggregate && !$0.expr.containsWindowFunction }
      for candidate in partials where !wanted.isEmpty {
        let presorted = presortedCount(candidate.path.pathkeys, wanted)
        if presorted == wanted.count { continue }
        if candidate.path.node == partial.path.node {
          let sorted = sortPath(candidate.path, keys: wanted, limitTuples: -1)
          scans.add(gatherMergePath(sorted, workers: candidate.workers, rows: rel.rows))
        }
        if presorted > 0 && parameters.enableIncrementalSort {
          let sorted = incrementalSortPath(candidate.path, keys: wanted, presorted: presorted, limitTuples: -1)
          scans.add(gatherMergePath(sorted, workers: candidate.workers, rows: rel.rows))
        }
      }
    }
    var current = scans.paths
    if query.hasAggregation {
      current = aggregationPaths(current, partials: partials)
    }
    if query.hasWindowFunctions {
      current = windowPaths(current)
    }
    if let distinct = query.distinct {
      // create_partial_distinct_paths: no parallel DISTINCT ON.
      let parallel = !query.hasAggregation && !query.hasWindowFunctions && distinct == .all
      current = distinctPaths(current, partials: parallel ? partials : [])
    }
    let limit = limitEstimates()
    if !query.sortClause.isEmpty {
      let limitTuples = limit.map { $0.count > 0 ? Double($0.count + max($0.offset, 0)) : -1 } ?? -1
      current = orderedPaths(current, limitTuples: limitTuples)
      if let partial, !query.hasAggregation, query.distinct == nil, !query.hasWindowFunctions,
        !satisfies(partial.path.pathkeys, query.sortClause)
      {
        // create_ordered_paths: sort each worker's share, then merge; the merged rows are the
        // partial rows times the workers.
        let sorted = sortPath(partial.path, keys: query.sortClause, limitTuples: limitTuples)
        current.append(
          gatherMergePath(sorted, workers: partial.workers, rows: partial.path.rows * Double(partial.workers)))
      }
      if let project = postponedOutputProjection() { current = current.map(project) }
    }
    // Each upper relation keeps its paths through add_path's fuzzy comparison (a path within 1%
    // of another's total cost loses to it when its startup cost is also worse).
    var ordered = PathList(considerStartup: limit != nil)
    current.forEach { ordered.add($0) }
    current = ordered.paths
    if let limit {
      var final = PathList(considerStartup: true)
      current.forEach { final.add(limitPath($0, offset: limit.offset, count: limit.count)) }
      current = final.paths
    }
    return current
  }

  /// `standard_qp_callback`: the order worth producing at the scan: GROUP BY's, else the
  /// window's, else DISTINCT's when it is longer than ORDER BY's, else ORDER BY's.
  static func queryPathkeys(_ query: AnalyzedQuery) -> [SortKey] {
    if !query.groupBy.isEmpty { return groupKeys(query) }
    if let window = activeWindows(query).first { return windowKeys(query.windows[window]) }
    let distinct = distinctKeys(query)
    return distinct.count > query.sortClause.count ? distinct : query.sortClause
  }

  /// GROUP BY's sort order: an item ORDER BY also sorts takes ORDER BY's direction
  /// (`transformGroupClauseExpr`), and when ORDER BY's items all lead GROUP BY, GROUP BY follows
  /// ORDER BY's order (`preprocess_groupclause`), so one sort serves both.
  static func groupKeys(_ query: AnalyzedQuery) -> [SortKey] {
    let keys = query.groupBy.map { expr in
      query.sortClause.first { $0.expr == expr } ?? SortKey(expr: expr, descending: false, nullsFirst: false)
    }
    var reordered: [SortKey] = []
    var partial = false
    for sort in query.sortClause {
      guard let key = keys.first(where: { $0 == sort }), !reordered.contains(key) else {
        partial = true
        break
      }
      reordered.append(key)
    }
    guard !reordered.isEmpty else { return keys }
    let rest = keys.filter { !reordered.contains($0) }
    if partial && !rest.isEmpty { return keys }
    return reordered + rest
  }

  /// DISTINCT's sort keys (`transformDistinctClause`): ORDER BY's items first, in their
  /// direction, then the other output columns ascending. DISTINCT ON's
  /// (`transformDistinctOnClause`): the leading ORDER BY items it lists, then its other
  /// expressions ascending.
  static func distinctKeys(_ query: AnalyzedQuery) -> [SortKey] {
    switch query.distinct {
    case nil: return []
    case .all?:
      var keys = query.sortClause
      for entry in query.targetList where !keys.contains(where: { $0.expr == entry.expr }) {
        keys.append(SortKey(expr: entry.expr, descending: false, nullsFirst: false))
      }
      return keys
    case .on(let exprs)?:
      var keys = Array(query.sortClause.prefix { exprs.contains($0.expr) })
      for expr in exprs where !keys.contains(where: { $0.expr == expr }) {
        keys.append(SortKey(expr: expr, descending: false, nullsFirst: false))
      }
      return keys
    }
  }

  /// The order DISTINCT needs its input in (`create_final_distinct_paths`): its own keys, or
  /// ORDER BY's when DISTINCT ON has fewer, so that the rows kept are the first of each group.
  static func distinctInputKeys(_ query: AnalyzedQuery) -> [SortKey] {
    let keys = distinctKeys(query)
    if case .on? = query.distinct, keys.count < query.sortClause.count { return query.sortClause }
    return keys
  }

  // MARK: Scan/join target

  /// The expressions the scan must return (`make_group_input_target`,
  /// `make_window_input_target`, or the final target list and sort keys), or nil when they are
  /// all plain columns (the scan's own target, nothing to change).
  func scanJoinTarget() -> [TypedExpr]? {
    var exprs: [TypedExpr] = []
    func add(_ expr: TypedExpr) { if !exprs.contains(expr) { exprs.append(expr) } }
    func addColumns(_ expr: TypedExpr) { expr.columns.forEach { add(.column($0)) } }
    if query.hasAggregation {
      query.groupBy.forEach(add)
      for entry in query.targetList where !query.groupBy.contains(entry.expr) { addColumns(entry.expr) }
      query.having.map(addColumns)
    } else if !query.windows.isEmpty {
      for window in query.windows {
        window.partitionBy.forEach(add)
        window.orderBy.forEach { add($0.expr) }
      }
      // make_window_input_target: expressions over window functions are computed above the
      // window; below it only the columns they read.
      for entry in query.targetList where !exprs.contains(entry.expr) {
        if entry.expr.containsWindowFunction { addColumns(entry.expr) } else { add(entry.expr) }
      }
    } else {
      // make_sort_input_target: output columns computed after the sort are read as columns.
      let postponed = postponedOutputs
      for entry in query.targetList {
        if postponed.contains(entry.expr) { addColumns(entry.expr) } else { add(entry.expr) }
      }
      query.sortClause.forEach { add($0.expr) }
      if case .on(let keys)? = query.distinct { keys.forEach(add) }
    }
    return exprs.allSatisfy({ $0.strippedColumn != nil }) ? nil : exprs
  }

  /// A scan path computing `target`: its per-row evaluation cost added, its width replaced
  /// (the projection `create_projection_path` folds into a projection-capable scan).
  func applyTarget(_ target: [TypedExpr], to path: Path) -> Path {
    let cost = QualCostEval.cost(target.filter { $0.strippedColumn == nil }, parameters: parameters)
    var result = path
    result.cost.startup += cost.startup
    result.cost.total += cost.startup + cost.perTuple * path.rows
    result.width = target.reduce(0) { $0 + exprWidth($1) }
    var node = result.node
    node.estimate?.startupCost = result.cost.startup
    node.estimate?.totalCost = result.cost.total
    node.estimate?.width = result.width
    result.node = node
    return result
  }

  // MARK: Window functions

  /// A window's sort order: PARTITION BY ascending, then its ORDER BY.
  static func windowKeys(_ window: WindowSpec) -> [SortKey] {
    var keys = window.partitionBy.map { SortKey(expr: $0, descending: false, nullsFirst: false) }
    for key in window.orderBy where !keys.contains(where: { $0.expr == key.expr }) { keys.append(key) }
    return keys
  }

  /// The distinct window function calls of the expressions (`find_window_functions`).
  static func windowCalls(_ exprs: [TypedExpr]) -> [WindowCall] {
    var calls: [WindowCall] = []
    func visit(_ expr: TypedExpr) {
      if case .window(let call) = expr {
        if !calls.contains(call) { calls.append(call) }
        return
      }
      expr.children.forEach(visit)
    }
    exprs.forEach(visit)
    return calls
  }

  /// `select_active_windows`: the windows in the order their WindowAggs are stacked, bottom
  /// first. Windows are sorted on their partition-then-order items, compared by sort-group
  /// reference (`tleSortGroupRef`, numbered as ORDER BY, GROUP BY and then the windows name
  /// them) from the highest, a descending item before an ascending one, NULLS FIRST before
  /// NULLS LAST, then the longer list first (`common_prefix_cmp`), so that windows sharing an
  /// order are adjacent and one sort serves them.
  static func activeWindows(_ query: AnalyzedQuery) -> [Int] {
    var references: [TypedExpr: Int] = [:]
    func number(_ expr: TypedExpr) {
      if references[expr] == nil { references[expr] = references.count + 1 }
    }
    query.sortClause.forEach { number($0.expr) }
    query.groupBy.forEach(number)
    for window in query.windows {
      window.partitionBy.forEach(number)
      window.orderBy.forEach { number($0.expr) }
    }
    let used = Set(windowCalls(query.targetList.map(\.expr)).map(\.window))
    let orders = query.windows.map { window in
      var items = window.partitionBy.map { SortKey(expr: $0, descending: false, nullsFirst: false) }
      for key in window.orderBy where !window.partitionBy.contains(key.expr) { items.append(key) }
      return items
    }
    func precedes(_ a: Int, _ b: Int) -> Bool {
      for (x, y) in zip(orders[a], orders[b]) {
        let (refX, refY) = (references[x.expr] ?? 0, references[y.expr] ?? 0)
        if refX != refY { return refX > refY }
        if x.descending != y.descending { return x.descending }
        if x.nullsFirst != y.nullsFirst { return x.nullsFirst }
      }
      if orders[a].count != orders[b].count { return orders[a].count > orders[b].count }
      return a < b
    }
    return query.windows.indices.filter(used.contains).sorted(by: precedes)
  }

  /// Mirrors `create_window_paths` / `create_one_window_path`: the cheapest path and any path
  /// already in (part of) the first window's order, each under one WindowAgg per window in
  /// `activeWindows` order, sorted fully or incrementally for each window that needs it. A
  /// WindowAgg is costed by `cost_windowagg` (each of its functions' cost and its arguments'
  /// per row, one comparison per partition and order column per row, and `cpu_tuple_cost` per
  /// row). The lower WindowAggs pass their input on with their functions' results added; the
  /// top one computes the output.
  func windowPaths(_ input: [Path]) -> [Path] {
    let windows = Self.activeWindows(query)
    guard let first = windows.first, let cheapest = cheapest(input) else { return input }
    let calls = Self.windowCalls(query.targetList.map(\.expr))
    func functionCosts(_ window: Int) -> [QualCost] {
      calls.filter { $0.window == window }.map { call in
        var cost = QualCostEval.cost(call.args, parameters: parameters)
        cost.perTuple += parameters.cpuOperatorCost
        return cost
      }
    }
    // create_windowagg_path: the target's own evaluation per row (for the top WindowAgg what
    // wraps the window calls; below it the window input target's), the window functions
    // themselves being cost_windowagg's.
    let targetCost = QualCostEval.cost(query.targetList.map(\.expr), parameters: parameters)
    let inputTargetCost = QualCostEval.cost(
      (scanJoinTarget() ?? []).filter { $0.strippedColumn == nil }, parameters: parameters)
    // The top WindowAgg's target: the output columns, plus the windows' keys kept for sorting.
    let outputs = query.targetList.map(\.expr)
    var keyExprs: [TypedExpr] = []
    for window in windows {
      for key in Self.windowKeys(query.windows[window])
      where !outputs.contains(key.expr) && !keyExprs.contains(key.expr) {
        keyExprs.append(key.expr)
      }
    }
    let topWidth = outputWidth() + keyExprs.reduce(0) { $0 + exprWidth($1) }
    let firstKeys = Self.windowKeys(query.windows[first])
    var list = PathList(considerStartup: query.limitCount != nil)
    for path in input {
      guard
        satisfies(path.pathkeys, firstKeys)
          || (presortedCount(path.pathkeys, firstKeys) > 0 && parameters.enableIncrementalSort)
          || path.node == cheapest.node
      else { continue }
      var current = path
      for (position, index) in windows.enumerated() {
        let window = query.windows[index]
        let keys = Self.windowKeys(window)
        let presorted = presortedCount(current.pathkeys, keys)
        if !satisfies(current.pathkeys, keys) {
          current =
            presorted > 0 && parameters.enableIncrementalSort
            ? incrementalSortPath(current, keys: keys, presorted: presorted, limitTuples: -1)
            : sortPath(current, keys: keys, limitTuples: -1)
        }
        let top = position == windows.count - 1
        let cost = CostSize.costWindowAgg(
          windowFunctions: functionCosts(index), partitionColumns: window.partitionBy.count,
          orderColumns: window.orderBy.count, input: current.cost, inputTuples: current.rows, parameters: parameters)
        let target = top ? targetCost : inputTargetCost
        var total = cost.cost
        total.startup += target.startup
        total.total += target.startup + target.perTuple * cost.rows
        var properties = [
          PlanProperty(key: "Parallel Aware", value: .bool(false)),
          PlanProperty(key: "Async Capable", value: .bool(false)),
        ]
        if !window.runCondition.isEmpty {
          let condition = window.runCondition.count == 1 ? window.runCondition[0] : .and(window.runCondition)
          properties.append(PlanProperty(key: "Run Condition", value: .string(deparser.text(condition))))
        }
        // A lower WindowAgg's width: its input's, plus each of its functions' result
        // (`get_typavgwidth`).
        let width =
          top
          ? topWidth
          : current.width
            + calls.filter { $0.window == index }.reduce(0) {
              $0 + ColumnTypeWidth.average(type: $1.resultType.description, typmod: -1)
            }
        // create_windowagg_path: the rows keep their input's order (which may be longer than
        // the window's, as when it was sorted for GROUP BY).
        current = Path(
          nodeType: "WindowAgg", properties: properties, children: [current], cost: total, rows: current.rows,
          width: width, pathkeys: current.pathkeys)
      }
      list.add(current)
    }
    return list.paths
  }

  // MARK: Aggregation

  func aggregateCosts() -> (AggregateCosts, count: Int) {
    var costs = AggregateCosts()
    var count = 0
    let exprs =
      query.targetList.map(\.expr) + (query.having.map { [$0] } ?? [])
      + query.windows.flatMap { $0.partitionBy + $0.orderBy.map(\.expr) }
    // preprocess_aggrefs: identical aggregate calls are one aggregate, and aggregates whose
    // transition function and inputs agree share one transition state (`find_compatible_trans`:
    // sum and avg of numeric or bigint, avg and the variances of float8), each still paying
    // its final function.
    var seen = Set<AggregateCall>()
    var transitions = Set<String>()
    func visit(_ expr: TypedExpr) {
      if case .aggregate(let call) = expr {
        guard seen.insert(call).inserted else { return }
        let key =
          "\(Self.transitionFunction(call))|\(call.args)|\(call.orderBy)|\(call.distinct)|"
          + "\(call.filter.map { "\($0)" } ?? "")|\(call.star)"
        if transitions.insert(key).inserted {
          count += 1
          costs.transition.perTuple += parameters.cpuOperatorCost
          // The transition's inputs: the arguments and the ORDER BY expressions (resjunk
          // entries of the aggregate's input target list).
          let inputs = call.args + call.orderBy.map(\.expr).filter { !call.args.contains($0) }
          let argumentCost = QualCostEval.cost(inputs, parameters: parameters)
          costs.transition.perTuple += argumentCost.perTuple
          costs.transition.startup += argumentCost.startup
        }
        if Self.finalFunctionAggregates.contains(call.name)
          && (call.name != "sum" || call.args.first?.type == .bigint || call.args.first?.type == .numeric)
          || !call.directArgs.isEmpty || call.name == "mode"
        {
          // The final function (an ordered-set aggregate's computes the result from the sorted
          // input), with the direct arguments' cost counted like it.
          costs.final.perTuple += parameters.cpuOperatorCost
          let direct = QualCostEval.cost(call.directArgs, parameters: parameters)
          costs.final.perTuple += direct.perTuple
          costs.final.startup += direct.startup
        }
        return
      }
      expr.children.forEach(visit)
    }
    exprs.forEach(visit)
    return (costs, count)
  }

  /// The built-in plain aggregates with a final function (`pg_aggregate.aggfinalfn`), each
  /// charged once per group; sum has one only for bigint and numeric.
  static let finalFunctionAggregates: Set<String> = [
    "array_agg", "avg", "corr", "covar_pop", "covar_samp", "json_agg", "json_object_agg", "jsonb_agg",
    "jsonb_object_agg", "range_agg", "regr_avgx", "regr_avgy", "regr_intercept", "regr_r2", "regr_slope", "regr_sxx",
    "regr_sxy", "regr_syy", "stddev", "stddev_pop", "stddev_samp", "string_agg", "sum", "var_pop", "var_samp",
    "variance",
  ]

  /// The transition function of a built-in aggregate (`pg_aggregate.aggtransfn`), as far as
  /// sharing goes: sum and avg of numeric share `numeric_avg_accum`, of bigint `int8_avg_accum`;
  /// avg, variance and stddev of float8 share `float8_accum`; anything else has its own.
  static func transitionFunction(_ call: AggregateCall) -> String {
    let type = call.args.first?.type
    let variances: Set<String> = ["variance", "var_samp", "var_pop", "stddev", "stddev_samp", "stddev_pop"]
    switch (call.name, type) {
    case ("percentile_cont", _), ("percentile_disc", _), ("mode", _): return "ordered_set_transition"
    case ("sum", .numeric?), ("avg", .numeric?): return "numeric_avg_accum"
    case ("sum", .bigint?), ("avg", .bigint?): return "int8_avg_accum"
    case (let name, .doublePrecision?) where name == "avg" || variances.contains(name): return "float8_accum"
    case (let name, .real?) where name == "avg" || variances.contains(name): return "float4_accum"
    case (let name, .numeric?) where variances.contains(name): return "numeric_accum"
    default: return call.name + "(" + (type.map { "\($0)" } ?? "*") + ")"
    }
  }

  func gatherPath(_ path: Path, workers: Int, rows: Double) -> Path {
    PlanNodes.gather(path, workers: workers, rows: rows, parameters: parameters)
  }

  func gatherMergePath(_ path: Path, workers: Int, rows: Double) -> Path {
    PlanNodes.gatherMerge(path, workers: workers, rows: rows, parameters: parameters)
  }

  func aggregateNode(
    _ strategy: AggStrategy, mode: String, input: Path, cost: PathCost, width: Int, groupKeys: [SortKey] = []
  ) -> Path {
    let name: String
    switch strategy {
    case .plain: name = "Plain"
    case .sorted: name = "Sorted"
    case .hashed: name = "Hashed"
    case .mixed: name = "Mixed"
    }
    var properties = [
      PlanProperty(key: "Strategy", value: .string(name)),
      PlanProperty(key: "Partial Mode", value: .string(mode)),
      PlanProperty(key: "Parallel Aware", value: .bool(false)),
      PlanProperty(key: "Async Capable", value: .bool(false)),
    ]
    if !groupKeys.isEmpty {
      properties.append(
        PlanProperty(key: "Group Key", value: .array(groupKeys.map { .string(deparser.text($0.expr)) })))
    }
    // create_agg_path charges the node's output target per row: a partial aggregate returns the
    // grouping expressions, the others the query's target list (aggregates themselves are free).
    let target = QualCostEval.cost(
      mode == "Partial" ? query.groupBy : query.targetList.map(\.expr), parameters: parameters)
    var total = cost.cost
    total.startup += target.startup
    total.total += target.startup + target.perTuple * cost.rows
    return Path(
      nodeType: "Aggregate", properties: properties, children: [input], cost: total, rows: cost.rows,
      width: width, pathkeys: strategy == .sorted ? groupKeys : [])
  }

  /// `create_partial_grouping_paths` and `gather_grouping_paths`: aggregate each worker's share
  /// (Partial), gather the partial results, and combine them (Finalize).
  func parallelAggregationPaths(_ partials: [PartialPath], costs: AggregateCosts, transitionCount: Int) -> [Path] {
    guard
      let partial = cheapestPartial(partials)
    else { return [] }
    let width = outputWidth()
    let partialCosts = AggregateCosts(transition: costs.transition, transitionSpace: costs.transitionSpace)
    // Combining partial states costs one call of the combine function per state and aggregate.
    let finalCosts = AggregateCosts(
      transition: QualCost(perTuple: parameters.cpuOperatorCost * Double(transitionCount)), final: costs.final,
      transitionSpace: costs.transitionSpace)
    let workers = Double(partial.workers)
    let havingQual = query.having.map {
      HavingQual(cost: QualCostEval.cost($0, parameters: parameters), selectivity: rel.clauseSelectivity($0))
    }
    if query.groupBy.isEmpty {
      let partialCost = CostSize.costAgg(
        strategy: .plain, aggregates: partialCosts, transitionCount: transitionCount, groupColumns: 0, groups: 1,
        input: partial.path.cost, inputTuples: partial.path.rows, inputWidth: Double(partial.path.width),
        parameters: parameters)
      let partialAgg = aggregateNode(.plain, mode: "Partial", input: partial.path, cost: partialCost, width: width)
      let gathered = gatherPath(partialAgg, workers: partial.workers, rows: partialCost.rows * workers)
      let finalCost = CostSize.costAgg(
        strategy: .plain, aggregates: finalCosts, transitionCount: transitionCount, groupColumns: 0, groups: 1,
        having: havingQual, input: gathered.cost, inputTuples: gathered.rows, inputWidth: Double(width),
        parameters: parameters)
      return [aggregateNode(.plain, mode: "Finalize", input: gathered, cost: finalCost, width: width)]
    }
    let groupKeys = Self.groupKeys(query)
    let partialGroups = rel.estimateNumGroups(query.groupBy, inputRows: partial.path.rows)
    let totalGroups = rel.estimateNumGroups(query.groupBy, inputRows: rel.rows)
    // create_partial_grouping_paths: each worker's share grouped, sorted (an ordered partial path,
    // or the cheapest one sorted) or hashed (the cheapest).
    var grouped = PartialPathList()
    for candidate in partials {
      let presorted = satisfies(candidate.path.pathkeys, groupKeys)
      guard presorted || candidate.path.node == partial.path.node else { continue }
      let sorted = presorted ? candidate.path : sortPath(candidate.path, keys: groupKeys, limitTuples: -1)
      let cost = CostSize.costAgg(
        strategy: .sorted, aggregates: partialCosts, transitionCount: transitionCount,
        groupColumns: query.groupBy.count, groups: partialGroups, input: sorted.cost, inputTuples: sorted.rows,
        inputWidth: Double(sorted.width), parameters: parameters)
      grouped.add(
        (
          aggregateNode(.sorted, mode: "Partial", input: sorted, cost: cost, width: width, groupKeys: groupKeys),
          candidate.workers
        ))
    }
    if parameters.enableHashAgg {
      let cost = CostSize.costAgg(
        strategy: .hashed, aggregates: partialCosts, transitionCount: transitionCount,
        groupColumns: query.groupBy.count, groups: partialGroups, input: partial.path.cost,
        inputTuples: partial.path.rows, inputWidth: Double(partial.path.width), parameters: parameters)
      grouped.add(
        (
          aggregateNode(.hashed, mode: "Partial", input: partial.path, cost: cost, width: width, groupKeys: groupKeys),
          partial.workers
        ))
    }
    guard
      let cheapestGroup = cheapestPartial(grouped.paths)
    else { return [] }
    // gather_grouping_paths: Gather over the cheapest, Gather Merge over each ordered one, and
    // the cheapest sorted then merged; the rows are the cheapest share's times its workers.
    let gatheredRows = cheapestGroup.path.rows * Double(cheapestGroup.workers)
    var gathered = PathList(considerStartup: query.limitCount != nil)
    gathered.add(gatherPath(cheapestGroup.path, workers: cheapestGroup.workers, rows: gatheredRows))
    for share in grouped.paths where satisfies(share.path.pathkeys, groupKeys) {
      gathered.add(gatherMergePath(share.path, workers: share.workers, rows: gatheredRows))
    }
    if !satisfies(cheapestGroup.path.pathkeys, groupKeys) {
      let sorted = sortPath(cheapestGroup.path, keys: groupKeys, limitTuples: -1)
      gathered.add(gatherMergePath(sorted, workers: cheapestGroup.workers, rows: gatheredRows))
    }
    // add_paths_to_grouping_rel for the partial results: combine sorted groups (sorting the
    // cheapest gathered path when needed), or combine in a hash table.
    guard let cheapestGathered = cheapest(gathered.paths) else { return [] }
    var result: [Path] = []
    for path in gathered.paths {
      let presorted = satisfies(path.pathkeys, groupKeys)
      guard presorted || path.node == cheapestGathered.node else { continue }
      let sorted = presorted ? path : sortPath(path, keys: groupKeys, limitTuples: -1)
      let cost = CostSize.costAgg(
        strategy: .sorted, aggregates: finalCosts, transitionCount: transitionCount,
        groupColumns: query.groupBy.count, groups: totalGroups, having: havingQual, input: sorted.cost,
        inputTuples: sorted.rows, inputWidth: Double(width), parameters: parameters)
      result.append(
        aggregateNode(.sorted, mode: "Finalize", input: sorted, cost: cost, width: width, groupKeys: groupKeys))
    }
    if parameters.enableHashAgg {
      let cost = CostSize.costAgg(
        strategy: .hashed, aggregates: finalCosts, transitionCount: transitionCount,
        groupColumns: query.groupBy.count, groups: totalGroups, having: havingQual, input: cheapestGathered.cost,
        inputTuples: cheapestGathered.rows, inputWidth: Double(width), parameters: parameters)
      result.append(
        aggregateNode(
          .hashed, mode: "Finalize", input: cheapestGathered, cost: cost, width: width, groupKeys: groupKeys))
    }
    return result
  }

  /// True when an aggregate takes DISTINCT or ORDER BY (or is an ordered-set aggregate):
  /// PostgreSQL counts it among `numOrderedAggs`, which rules out hashed grouping and partial
  /// (parallel) aggregation.
  var hasDistinctAggregates: Bool {
    func visit(_ expr: TypedExpr) -> Bool {
      if case .aggregate(let call) = expr { return call.sortsInput }
      return expr.children.contains(where: visit)
    }
    return (query.targetList.map(\.expr) + (query.having.map { [$0] } ?? [])).contains(where: visit)
  }

  func aggregationPaths(_ input: [Path], partials: [PartialPath]) -> [Path] {
    let (costs, transitionCount) = aggregateCosts()
    let orderedAggregates = hasDistinctAggregates
    let parallelPaths =
      orderedAggregates ? [] : parallelAggregationPaths(partials, costs: costs, transitionCount: transitionCount)
    let width = outputWidth()
    let havingQual = query.having.map {
      HavingQual(
        cost: QualCostEval.cost($0, parameters: parameters), selectivity: rel.clauseSelectivity($0))
    }
    guard let cheapest = cheapest(input) else { return [] }
    var list = PathList(considerStartup: query.limitCount != nil)
    if query.groupBy.isEmpty {
      let cost = CostSize.costAgg(
        strategy: .plain, aggregates: costs, transitionCount: transitionCount, groupColumns: 0, groups: 1,
        having: havingQual, input: cheapest.cost, inputTuples: cheapest.rows, inputWidth: Double(cheapest.width),
        parameters: parameters)
      list.add(aggregateNode(.plain, mode: "Simple", input: cheapest, cost: cost, width: width))
      parallelPaths.forEach { list.add($0) }
      return list.paths
    }
    let groups = rel.estimateNumGroups(query.groupBy, inputRows: cheapest.rows)
    let groupKeys = Self.groupKeys(query)
    for path in input {
      let sorted: Path
      if satisfies(path.pathkeys, groupKeys) {
        sorted = path
      } else if path.node == cheapest.node {
        sorted = sortPath(path, keys: groupKeys, limitTuples: -1)
      } else {
        continue
      }
      let cost = CostSize.costAgg(
        strategy: .sorted, aggregates: costs, transitionCount: transitionCount, groupColumns: query.groupBy.count,
        groups: groups, having: havingQual, input: sorted.cost, inputTuples: sorted.rows,
        inputWidth: Double(sorted.width), parameters: parameters)
      list.add(aggregateNode(.sorted, mode: "Simple", input: sorted, cost: cost, width: width, groupKeys: groupKeys))
    }
    if !orderedAggregates {
      let hashed = CostSize.costAgg(
        strategy: .hashed, aggregates: costs, transitionCount: transitionCount, groupColumns: query.groupBy.count,
        groups: groups, having: havingQual, input: cheapest.cost, inputTuples: cheapest.rows,
        inputWidth: Double(cheapest.width), parameters: parameters)
      list.add(
        aggregateNode(.hashed, mode: "Simple", input: cheapest, cost: hashed, width: width, groupKeys: groupKeys))
    }
    parallelPaths.forEach { list.add($0) }
    return list.paths
  }

  /// Mirrors `create_distinct_paths`: the final DISTINCT over the relation's paths, plus, when
  /// partial paths exist, `create_partial_distinct_paths`: each worker de-duplicates its share
  /// (sorted, or hashed), the shares are gathered, and a final DISTINCT removes what the workers
  /// had in common.
  func distinctPaths(_ input: [Path], partials: [PartialPath] = []) -> [Path] {
    var result = finalDistinctPaths(input)
    guard let cheapestInput = cheapestPartial(partials) else { return result }
    let sortKeys = Self.distinctKeys(query)
    let groups = rel.estimateNumGroups(sortKeys.map(\.expr), inputRows: cheapestInput.path.rows)
    var partialDistinct = PartialPathList()
    // create_partial_distinct_paths (PostgreSQL 15): a Unique over each partial path already in
    // DISTINCT's order (none is sorted for it), and a hash aggregate over the cheapest.
    for candidate in partials where satisfies(candidate.path.pathkeys, sortKeys) {
      partialDistinct.add((uniquePath(candidate.path, keys: sortKeys.count, rows: groups), candidate.workers))
    }
    if parameters.enableHashAgg {
      partialDistinct.add((hashedDistinct(cheapestInput.path, rows: groups), cheapestInput.workers))
    }
    guard let cheapestShare = cheapestPartial(partialDistinct.paths) else { return result }
    // generate_gather_paths with the rows overridden: one share's rows times its workers.
    let gatheredRows = cheapestShare.path.rows * Double(cheapestShare.workers)
    var gathered = [gatherPath(cheapestShare.path, workers: cheapestShare.workers, rows: gatheredRows)]
    for share in partialDistinct.paths where !share.path.pathkeys.isEmpty {
      gathered.append(gatherMergePath(share.path, workers: share.workers, rows: gatheredRows))
    }
    result += finalDistinctPaths(gathered)
    return result
  }

  /// A Unique over sorted input: one comparison per column per input row.
  func uniquePath(_ sorted: Path, keys: Int, rows: Double) -> Path {
    PlanNodes.unique(sorted, columns: keys, rows: rows, parameters: parameters)
  }

  /// DISTINCT as a hash aggregate without aggregates.
  func hashedDistinct(_ input: Path, rows: Double) -> Path {
    let keys = Self.distinctKeys(query).map(\.expr)
    var hashed = CostSize.costAgg(
      strategy: .hashed, groupColumns: keys.count, groups: rows, input: input.cost, inputTuples: input.rows,
      inputWidth: Double(input.width), parameters: parameters)
    // create_agg_path's output target charge (the distinct expressions, evaluated again).
    let target = QualCostEval.cost(keys, parameters: parameters)
    hashed.cost.startup += target.startup
    hashed.cost.total += target.startup + target.perTuple * hashed.rows
    return PlanNodes.hashAggregate(
      input, keyTexts: keys.map { deparser.text($0) }, cost: hashed.cost, rows: hashed.rows)
  }

  /// `create_final_distinct_paths`: a Unique over each path already in order and over the
  /// cheapest sorted, and (not for DISTINCT ON) a hash aggregate.
  func finalDistinctPaths(_ input: [Path]) -> [Path] {
    guard let cheapest = cheapest(input) else { return [] }
    let distinctKeys = Self.distinctKeys(query)
    let sortKeys = Self.distinctInputKeys(query)
    let groups = rel.estimateNumGroups(distinctKeys.map(\.expr), inputRows: cheapest.rows)
    var list = PathList(considerStartup: query.limitCount != nil)
    for path in input {
      let sorted: Path
      if satisfies(path.pathkeys, sortKeys) {
        sorted = path
      } else if path.node == cheapest.node {
        sorted = sortPath(path, keys: sortKeys, limitTuples: -1)
      } else {
        continue
      }
      list.add(uniquePath(sorted, keys: distinctKeys.count, rows: groups))
    }
    if query.distinct == .all { list.add(hashedDistinct(cheapest, rows: groups)) }
    return list.paths
  }

  // MARK: Ordering and LIMIT

  /// `make_sort_input_target`: under ORDER BY, output columns that are not sort keys and call
  /// something volatile, or (with a LIMIT, which makes fewer rows reach them) cost more than
  /// ten `cpu_operator_cost` per row (a SubPlan, say), are computed after the sort, by a
  /// projection on top of it. Only for queries without grouping, windows or DISTINCT.
  var postponedOutputs: [TypedExpr] {
    guard !query.sortClause.isEmpty, !query.hasAggregation, !query.hasWindowFunctions, query.distinct == nil
    else { return [] }
    let keys = query.sortClause.map(\.expr)
    var volatile = false
    var expensive = false
    var postponed: [TypedExpr] = []
    for entry in query.targetList where !keys.contains(entry.expr) {
      if entry.expr.containsVolatile {
        volatile = true
        postponed.append(entry.expr)
      } else if QualCostEval.cost(entry.expr, parameters: parameters).perTuple > 10 * parameters.cpuOperatorCost {
        expensive = true
        postponed.append(entry.expr)
      }
    }
    return volatile || (expensive && query.limitCount != nil) ? postponed : []
  }

  /// `create_ordered_paths`' final projection when columns were postponed (nil when none
  /// were): a projection-capable path computes them itself (its cost grows by the target's extra
  /// cost); anything else (a Sort) gets a Result node on top (`create_projection_path`). The
  /// targets' costs and width are worked out once for all the paths.
  func postponedOutputProjection() -> ((Path) -> Path)? {
    guard !postponedOutputs.isEmpty else { return nil }
    let target = QualCostEval.cost(query.targetList.map(\.expr), parameters: parameters)
    let input = QualCostEval.cost(
      (scanJoinTarget() ?? []).filter { $0.strippedColumn == nil }, parameters: parameters)
    let width =
      outputWidth()
      + query.sortClause.map(\.expr).filter { expr in
        !query.targetList.contains { $0.expr == expr }
      }.reduce(0) { $0 + exprWidth($1) }
    let cpuTupleCost = parameters.cpuTupleCost
    return { path in
      Self.projectPostponedOutputs(path, target: target, input: input, width: width, cpuTupleCost: cpuTupleCost)
    }
  }

  private static func projectPostponedOutputs(
    _ path: Path, target: QualCost, input: QualCost, width: Int, cpuTupleCost: Double
  ) -> Path {
    let projectionIncapable: Set<String> = [
      "Sort", "Incremental Sort", "Limit", "Unique", "Materialize", "Gather", "Gather Merge",
    ]
    guard projectionIncapable.contains(path.node.nodeType) else {
      var projected = path
      projected.cost.startup += target.startup - input.startup
      projected.cost.total += target.startup - input.startup + (target.perTuple - input.perTuple) * path.rows
      projected.width = width
      var node = projected.node
      node.estimate?.startupCost = projected.cost.startup
      node.estimate?.totalCost = projected.cost.total
      node.estimate?.width = width
      projected.node = node
      return projected
    }
    let cost = Cost(
      startup: path.cost.startup + target.startup,
      total: path.cost.total + target.startup + (cpuTupleCost + target.perTuple) * path.rows)
    return Path(
      nodeType: "Result", properties: PlanNodes.plainProperties, children: [path], cost: cost, rows: path.rows,
      width: width, pathkeys: path.pathkeys)
  }

  /// Mirrors `create_ordered_paths`: paths already in order as they are, the cheapest path
  /// sorted, and every path sorted in part (by an index on the leading keys) finished by an
  /// incremental sort.
  func orderedPaths(_ input: [Path], limitTuples: Double) -> [Path] {
    guard let cheapest = cheapest(input) else { return [] }
    var result: [Path] = []
    for path in input {
      if satisfies(path.pathkeys, query.sortClause) {
        result.append(path)
        continue
      }
      if path.node == cheapest.node {
        result.append(sortPath(path, keys: query.sortClause, limitTuples: limitTuples))
      }
      let presorted = presortedCount(path.pathkeys, query.sortClause)
      if parameters.enableIncrementalSort && presorted > 0 {
        result.append(incrementalSortPath(path, keys: query.sortClause, presorted: presorted, limitTuples: limitTuples))
      }
    }
    return result
  }

  /// `create_incremental_sort_path` / `cost_incremental_sort`: the input's groups of equal
  /// presorted keys (`estimate_num_groups` over them) are each sorted on the remaining keys.
  func incrementalSortPath(_ path: Path, keys: [SortKey], presorted: Int, limitTuples: Double) -> Path {
    let groups = rel.estimateNumGroups(keys.prefix(presorted).map(\.expr), inputRows: path.rows)
    return PlanNodes.incrementalSort(
      path, keyTexts: keys.map(sortKeyText), pathkeys: keys, presorted: presorted, groups: groups,
      limitTuples: limitTuples, parameters: parameters)
  }

  func sortKeyText(_ key: SortKey) -> String { deparser.sortKeyText(key) }

  func sortPath(_ path: Path, keys: [SortKey], limitTuples: Double) -> Path {
    PlanNodes.sort(
      path, keyTexts: keys.map(sortKeyText), pathkeys: keys, limitTuples: limitTuples, parameters: parameters)
  }

  /// How many leading keys of `wanted` the order `pathkeys` already gives (keys compared through
  /// their equivalence classes: a join on `a.x = b.x` sorted by `a.x` is sorted by `b.x` too).
  func presortedCount(_ pathkeys: [SortKey], _ wanted: [SortKey]) -> Int {
    zip(pathkeys, wanted).prefix { rel.canonical($0) == rel.canonical($1) }.count
  }

  func satisfies(_ pathkeys: [SortKey], _ wanted: [SortKey]) -> Bool {
    wanted.count <= pathkeys.count && presortedCount(pathkeys, wanted) == wanted.count
  }

  /// LIMIT and OFFSET as `limit_needed`/`preprocess_limit` estimate them: constants, -1 for
  /// values unknown until execution (10% of the rows), 0 for none.
  func limitEstimates() -> (offset: Int64, count: Int64)? {
    func estimate(_ value: LimitValue?) -> Int64 {
      switch value {
      case .constant(let number)?: return Int64(number)
      case .unknown?: return -1
      case .null?, nil: return 0
      }
    }
    let count = estimate(query.limitCount)
    let offset = estimate(query.limitOffset)
    if count == 0 && offset == 0 && query.limitCount == nil && query.limitOffset == nil { return nil }
    return (offset, count)
  }

  func limitPath(_ path: Path, offset: Int64, count: Int64) -> Path {
    let adjusted = CostSize.adjustLimitRowsCosts(
      input: PathCost(cost: path.cost, rows: path.rows), offsetEstimate: offset, countEstimate: count)
    return Path(
      nodeType: "Limit",
      properties: [
        PlanProperty(key: "Parallel Aware", value: .bool(false)),
        PlanProperty(key: "Async Capable", value: .bool(false)),
      ], children: [path], cost: adjusted.cost, rows: adjusted.rows, width: path.width, pathkeys: path.pathkeys)
  }

  func cheapest(_ paths: [Path]) -> Path? {
    paths.min { ($0.cost.total, $0.cost.startup) < ($1.cost.total, $1.cost.startup) }
  }

  /// The partial path of least total cost (then startup cost).
  func cheapestPartial(_ partials: [PartialPath]) -> PartialPath? {
    partials.min { ($0.path.cost.total, $0.path.cost.startup) < ($1.path.cost.total, $1.path.cost.startup) }
  }

  /// The width of the final target list (`set_pathtarget_cost_width`).
  func outputWidth() -> Int {
    query.targetList.reduce(0) { $0 + exprWidth($1.expr) }
  }

  func exprWidth(_ expr: TypedExpr) -> Int {
    if case .column(let column) = expr.strippingRelabels, let width = rel.columnWidth(column) { return width }
    return ColumnTypeWidth.average(type: expr.type.description, typmod: -1)
  }
}
