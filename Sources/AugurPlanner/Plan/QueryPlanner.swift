import AugurCatalog
import AugurPlan
import AugurSQL

/// Plans one prepared query: the scan paths of its relation, then the upper planning, then the
/// plan tree as EXPLAIN (FORMAT JSON) would show it.
struct QueryPlanner {
  var prepared: PreparedQuery
  let snapshot: StatsSnapshot
  let parameters: CostParameters
  let settings: [String: String]
  let cache: PlannerCache
  let hypotheticalIndexes: [HypotheticalIndex]
  var hypotheticalPartitioning: [HypotheticalPartitioning] = []
  /// When set, receives every final path of the query (a subquery's, for the Subquery Scans of
  /// the query around it).
  var finalPaths: PathCollector?

  final class PathCollector {
    var paths: [Path] = []
  }

  /// The statement's materialized WITH queries, each planned once (shared by every level of
  /// the statement's planning).
  var commonTablePlans = CommonTablePlans()

  final class CommonTablePlans {
    var plans: [CommonTableQuery: Path] = [:]
    var order: [CommonTableQuery] = []
  }

  func plan() throws(PlannerError) -> ExplainedPlan {
    let query = prepared.query.removingUselessGroupByColumns()
    if query.relations.count == 1, !query.relations[0].isDerived,
      let table = try partitionedTable(query.relations[0].relation)
    {
      if query.modification != nil { throw .notSupported("INSERT, UPDATE or DELETE on partitioned tables") }
      return try AppendPlanner(
        query: query, table: table, snapshot: snapshot, parameters: parameters, settings: settings,
        hypotheticalIndexes: hypotheticalIndexes
      ).plan()
    }
    let best = try bestPath(query)
    // SS_process_ctes: each materialized WITH query runs once, as a subplan of the top node
    // charged to it like an InitPlan.
    var root = best.node
    var charge = 0.0
    var nodes: [PlanNode] = []
    for table in commonTablePlans.order {
      guard let plan = commonTablePlans.plans[table] else { continue }
      var node = plan.node
      node.properties.insert(PlanProperty(key: "Parent Relationship", value: .string("InitPlan")), at: 0)
      node.properties.insert(PlanProperty(key: "Subplan Name", value: .string("CTE \(table.name)")), at: 1)
      nodes.append(node)
      charge += plan.cost.total
    }
    if !nodes.isEmpty {
      root.children.insert(contentsOf: nodes, at: 0)
      root.estimate?.startupCost += charge
      root.estimate?.totalCost += charge
    }
    if let modification = query.modification { root = Self.modifyTable(modification, over: root) }
    return ExplainedPlan(root: TrivialSubqueryScan.resolve(root))
  }

  /// `create_modifytable_path`: the ModifyTable costs what its input costs and, without
  /// RETURNING, returns no rows.
  static func modifyTable(_ modification: Modification, over input: PlanNode) -> PlanNode {
    var properties: [PlanProperty] = [
      PlanProperty(key: "Operation", value: .string(modification.operation.rawValue)),
      PlanProperty(key: "Parallel Aware", value: .bool(false)),
      PlanProperty(key: "Async Capable", value: .bool(false)),
      PlanProperty(key: "Relation Name", value: .string(modification.table.name)),
    ]
    if modification.alias != modification.table.name {
      properties.append(PlanProperty(key: "Alias", value: .string(modification.alias)))
    }
    return PlanNode(
      nodeType: "ModifyTable",
      estimate: PlanEstimate(
        startupCost: input.estimate?.startupCost ?? 0, totalCost: input.estimate?.totalCost ?? 0, rows: 0, width: 0),
      properties: properties, children: [input])
  }

  /// A materialized WITH query's plan, planned the first time it is asked for.
  func commonTablePlan(_ table: CommonTableQuery) throws(PlannerError) -> Path {
    if let known = commonTablePlans.plans[table] { return known }
    var planner = self
    planner.prepared = PreparedQuery(sql: prepared.sql, query: table.query, predicates: predicates(for: table.query))
    planner.finalPaths = nil
    let path = try planner.bestPath(table.query.removingUselessGroupByColumns())
    commonTablePlans.plans[table] = path
    commonTablePlans.order.append(table)
    return path
  }

  /// The query's cheapest path (a subquery's too, planned on its own), with its scalar
  /// subqueries: each planned first (`SS_process_sublinks`), SubPlans costed per evaluation where
  /// they are used and shown under the node that evaluates them, InitPlans charged once to the
  /// plan's top node (`SS_charge_for_initplans`) and shown under it.
  func bestPath(_ written: AnalyzedQuery) throws(PlannerError) -> Path {
    // remove_useless_joins runs before the join search (query_planner).
    let query = written.removingUselessJoins()
    let scalars = query.hasScalarSubqueries ? Self.scalarSubqueries(query) : []
    guard !scalars.isEmpty else { return try bestPathWithoutSubqueries(query) }
    var planned: [Int: PlannedSubquery] = [:]
    for scalar in scalars where planned[scalar.number] == nil {
      let sub = scalar.query.query
      var planner = self
      planner.prepared = PreparedQuery(sql: prepared.sql, query: sub, predicates: predicates(for: sub))
      let path = try planner.bestPath(sub.removingUselessGroupByColumns())
      let made = PlannedSubquery(
        node: path.node, startupCost: path.cost.startup, totalCost: path.cost.total, rows: path.rows,
        width: path.width)
      var hashed = scalar
      hashed.plan = made
      if hashed.testExpr != nil && !hashed.isHashed(hashMemoryBytes: parameters.hashMemoryLimit) {
        throw .notSupported("IN (subquery) too large to hash (plain SubPlan)")
      }
      planned[scalar.number] = PlannedSubquery(
        node: path.node, startupCost: path.cost.startup, totalCost: path.cost.total, rows: path.rows,
        width: path.width, hashed: hashed.testExpr != nil)
    }
    let rewritten = Self.attaching(planned, to: query)
    var best = try bestPathWithoutSubqueries(rewritten)
    var root = best.node
    var initCharge = 0.0
    var initPlans: [PlanNode] = []
    let inConditions = Set(
      (query.quals + (query.having.map { [$0] } ?? []) + query.sublinkJoins.flatMap(\.quals)
        + query.fromList.flatMap(Self.joinQuals)).flatMap(\.subqueries).map(\.number))
    var attached = Set<Int>()
    for scalar in scalars.sorted(by: { $0.number < $1.number }) {
      guard let plan = planned[scalar.number], attached.insert(scalar.number).inserted else { continue }
      var node = plan.node
      if scalar.isInitPlan {
        guard !initPlans.contains(where: { $0.string("Subplan Name")?.hasPrefix("InitPlan \(scalar.number) ") == true })
        else { continue }
        initCharge += plan.totalCost
        node.properties.insert(PlanProperty(key: "Parent Relationship", value: .string("InitPlan")), at: 0)
        node.properties.insert(
          PlanProperty(
            key: "Subplan Name", value: .string("InitPlan \(scalar.number) (returns $\(scalar.number - 1))")),
          at: 1)
        initPlans.append(node)
      } else {
        node.properties.insert(PlanProperty(key: "Parent Relationship", value: .string("SubPlan")), at: 0)
        node.properties.insert(PlanProperty(key: "Subplan Name", value: .string("SubPlan \(scalar.number)")), at: 1)
        // A SubPlan in a condition sits under the node checking it; one in the output under the
        // node computing the output (below Sort, Limit and Gather).
        if inConditions.contains(scalar.number) {
          if !Self.attachSubPlan(node, marker: "SubPlan \(scalar.number))", to: &root) { root.children.append(node) }
        } else {
          Self.attachToOutputNode(node, in: &root)
        }
      }
    }
    if !initPlans.isEmpty {
      root.children.insert(contentsOf: initPlans, at: 0)
      best.cost.startup += initCharge
      best.cost.total += initCharge
      root.estimate?.startupCost += initCharge
      root.estimate?.totalCost += initCharge
    }
    best.node = root
    return best
  }

  /// Every scalar subquery of the query's expressions.
  static func scalarSubqueries(_ query: AnalyzedQuery) -> [SubqueryExpr] {
    let exprs =
      query.targetList.map(\.expr) + query.quals + (query.having.map { [$0] } ?? []) + query.groupBy
      + query.sortClause.map(\.expr) + query.sublinkJoins.flatMap(\.quals)
      + query.fromList.flatMap(Self.joinQuals)
    return exprs.flatMap(\.subqueries)
  }

  static func joinQuals(_ node: JoinTreeNode) -> [TypedExpr] {
    guard case .join(_, let left, let right, let quals) = node else { return [] }
    return quals + joinQuals(left) + joinQuals(right)
  }

  /// The query with each scalar subquery carrying its plan.
  static func attaching(_ planned: [Int: PlannedSubquery], to query: AnalyzedQuery) -> AnalyzedQuery {
    func attach(_ expr: TypedExpr) -> TypedExpr {
      expr.transformed { node in
        guard case .subquery(var subquery) = node else { return nil }
        subquery.plan = planned[subquery.number]
        return .subquery(subquery)
      }
    }
    func attachTree(_ node: JoinTreeNode) -> JoinTreeNode {
      guard case .join(let kind, let left, let right, let quals) = node else { return node }
      return .join(kind: kind, left: attachTree(left), right: attachTree(right), quals: quals.map(attach))
    }
    var result = query
    result.targetList = query.targetList.map { TargetEntry(expr: attach($0.expr), name: $0.name) }
    result.quals = query.quals.map(attach)
    result.having = query.having.map(attach)
    result.groupBy = query.groupBy.map(attach)
    result.sortClause = query.sortClause.map {
      SortKey(expr: attach($0.expr), descending: $0.descending, nullsFirst: $0.nullsFirst)
    }
    result.sublinkJoins = query.sublinkJoins.map { sublink in
      var attached = sublink
      attached.quals = sublink.quals.map(attach)
      return attached
    }
    result.fromList = query.fromList.map(attachTree)
    return result
  }

  /// Puts a SubPlan under the first node (top down) that computes the output rather than passing
  /// it on.
  static func attachToOutputNode(_ subplan: PlanNode, in node: inout PlanNode) {
    let passThrough: Set<String> = [
      "Limit", "Sort", "Incremental Sort", "Gather", "Gather Merge", "Unique", "Materialize",
    ]
    if passThrough.contains(node.nodeType),
      let first = node.children.indices.first(where: {
        node.children[$0].string("Parent Relationship") == nil
      })
    {
      attachToOutputNode(subplan, in: &node.children[first])
    } else {
      node.children.append(subplan)
    }
  }

  /// Puts a SubPlan under the first node (top down) whose conditions or keys mention it.
  static func attachSubPlan(_ subplan: PlanNode, marker: String, to node: inout PlanNode) -> Bool {
    let mentions = node.properties.contains { property in
      switch property.value {
      case .string(let text): text.contains(marker)
      case .array(let items): items.contains { if case .string(let text) = $0 { text.contains(marker) } else { false } }
      default: false
      }
    }
    if mentions {
      node.children.append(subplan)
      return true
    }
    for index in node.children.indices where attachSubPlan(subplan, marker: marker, to: &node.children[index]) {
      return true
    }
    return false
  }

  /// Each partial index's predicate for the tables of a (sub)query.
  func predicates(for query: AnalyzedQuery) -> [String: [TypedExpr]?] {
    var predicates: [String: [TypedExpr]?] = [:]
    for relation in query.relations.filter({ !$0.isDerived }).map(\.relation) {
      for index in relation.indexes where index.predicate != nil {
        predicates[index.name] = cache.predicate("\(relation.qualifiedName)\u{0}\(index.name)") {
          PartialIndex.predicateConjuncts(index, relation: relation, snapshot: snapshot)
        }
      }
    }
    return predicates
  }

  /// The one table of `query` as a base relation, and the scan planner over it: its indexes
  /// (hypothetical ones included), and which partial indexes the restrictions make usable
  /// (`check_index_predicates`' predOK).
  func singleTableScans(
    _ query: AnalyzedQuery, _ relation: Relation, queryPathkeys: [SortKey]
  ) -> (rel: BaseRel, scans: ScanPlanner) {
    let (indexes, predicates) = candidateIndexes(relation)
    let implications = partialIndexImplications(indexes, predicates: predicates, restrictions: query.quals)
    let rel = BaseRel(
      query: query, relationIndex: 0, indexes: indexes,
      extendedStatistics: snapshot.extendedStatistics.filter { $0.table == relation.qualifiedName },
      parameters: parameters, cache: cache,
      usablePartialIndexes: Set(implications.compactMap { $0.value == nil ? nil : $0.key }))
    let scans = ScanPlanner(
      rel: rel, parameters: parameters, totalTablePages: rel.size.pages, queryPathkeys: queryPathkeys,
      collationIsC: collationIsC, partialIndexImplications: implications)
    return (rel, scans)
  }

  private func bestPathWithoutSubqueries(_ query: AnalyzedQuery) throws(PlannerError) -> Path {
    guard !query.relations.isEmpty else { return try resultPath(query) }
    if query.relations.count > 1 || query.relations[0].isDerived { return try joinPath(query) }
    let relation = query.relations[0].relation
    if try partitionedTable(relation) != nil { throw .notSupported("partitioned tables in subqueries") }
    let (rel, scans) = singleTableScans(query, relation, queryPathkeys: UpperPlanner.queryPathkeys(query))
    var (paths, partials) = scans.pathsWithPartials(
      considerStartup: query.limitCount != nil || query.limitOffset != nil)
    // A correlated SubPlan anywhere in the query is parallel-restricted.
    if query.hasScalarSubqueries && Self.scalarSubqueries(query).contains(where: { !$0.outerColumns.isEmpty }) {
      partials = []
    }
    let best = try finish(UpperPlanner(query: query, rel: rel, parameters: parameters), paths, partials: partials)
    // preprocess_minmax_aggregates: MIN/MAX read from indexes, when cheaper.
    if let minMax = minMaxAggregatePath(query), minMax.cost.total < best.cost.total {
      finalPaths?.paths = [minMax]
      return minMax
    }
    return best
  }

  /// The upper planning's cheapest path, its other final paths handed to `finalPaths`.
  private func finish(_ upper: UpperPlanner, _ paths: PathList, partials: [PartialPath]) throws(PlannerError) -> Path {
    let all = try upper.finalPaths(paths, partials: partials)
    guard let best = upper.cheapest(all) else { throw .notSupported("no path") }
    finalPaths?.paths = all
    return best
  }

  var collationIsC: Bool {
    let collation = (settings["lc_collate"] ?? "C").uppercased()
    return collation == "C" || collation == "POSIX"
  }

  /// A query of several relations: the join search, then the upper planning over the final
  /// join relation.
  private func joinPath(_ query: AnalyzedQuery) throws(PlannerError) -> Path {
    for entry in query.relations where !entry.isDerived {
      if try partitionedTable(entry.relation) != nil { throw .notSupported("partitioned tables in joins") }
    }
    // root->total_table_pages: every table's pages, for the index cache model.
    let totalTablePages = query.relations.filter { !$0.isDerived }.reduce(0.0) {
      $0 + PlanCat.estimateRelSize($1.relation, blockSize: parameters.blockSize).pages
    }
    var candidates: [Int: (indexes: [Index], predicates: [String: [TypedExpr]?])] = [:]
    for (index, entry) in query.relations.enumerated() {
      // Partial-index predicates were analyzed over their table alone (relation 0).
      let (indexes, predicates) = candidateIndexes(entry.relation)
      candidates[index] = (indexes, predicates.mapValues { $0?.map { $0.movedToRelation(index) } })
    }
    let search = try JoinSearch(
      query: query, parameters: parameters, settings: settings,
      makeBaseRel: { index, restrictions, joinColumns, rowsCap, implying, tuples in
        let relation = query.relations[index].relation
        let (indexes, predicates) = candidates[index] ?? ([], [:])
        let implications = self.partialIndexImplications(indexes, predicates: predicates, restrictions: implying)
        return BaseRel(
          query: query, relationIndex: index, indexes: indexes,
          extendedStatistics: self.snapshot.extendedStatistics.filter { $0.table == relation.qualifiedName },
          parameters: self.parameters, cache: self.cache,
          usablePartialIndexes: Set(implications.compactMap { $0.value == nil ? nil : $0.key }),
          restrictions: restrictions, joinColumns: joinColumns, rowsCap: rowsCap, tuples: tuples)
      },
      makeScanPlanner: { rel, keys, implying in
        let predicates = candidates[rel.relationIndex]?.predicates ?? [:]
        return ScanPlanner(
          rel: rel, parameters: self.parameters, totalTablePages: totalTablePages, queryPathkeys: keys,
          collationIsC: self.collationIsC,
          partialIndexImplications: self.partialIndexImplications(
            rel.indexes, predicates: predicates, restrictions: implying))
      },
      planSubquery: { index, restrictions throws(PlannerError) in
        try self.planSubquery(query.relations[index], index: index, restrictions: restrictions)
      },
      planCommonTable: { index throws(PlannerError) in
        guard let table = query.relations[index].commonTable else { throw .notSupported("WITH") }
        return try self.commonTablePlan(table)
      },
      planBranch: { branch throws(PlannerError) in
        var planner = self
        planner.prepared = PreparedQuery(
          sql: self.prepared.sql, query: branch, predicates: self.predicates(for: branch))
        planner.finalPaths = nil
        return try planner.bestPath(branch.removingUselessGroupByColumns())
      })
    let final = try search.plan()
    var baseRels: [Int: BaseRel] = [:]
    for rel in search.baseRels {
      if let base = rel.base { baseRels[base.relationIndex] = base }
    }
    let scanJoin = ScanJoinRel(
      baseRels: baseRels, rows: final.rows, deparser: search.deparser, representatives: search.representatives)
    return try finish(
      UpperPlanner(query: query, rel: scanJoin, parameters: parameters), final.pathList,
      partials: final.partialPaths.paths)
  }

  /// `set_subquery_pathlist`: the outer query's conditions on the subquery's columns pushed into
  /// it where that is safe (`subquery_push_qual`: into HAVING when they read an aggregate, else
  /// into WHERE; never past LIMIT/OFFSET or window functions), then the subquery planned on its
  /// own. Returns its cheapest path and the conditions left for the Subquery Scan.
  private func planSubquery(
    _ entry: QueryRelation, index: Int, restrictions: [TypedExpr]
  ) throws(PlannerError) -> (paths: [Path], kept: [TypedExpr]) {
    guard let subquery = entry.subquery?.query else { throw .notSupported("subquery") }
    var pushed = subquery
    var kept: [TypedExpr] = []
    var distinctOn = false
    if case .on? = subquery.distinct { distinctOn = true }
    let safe = subquery.limitCount == nil && subquery.limitOffset == nil && !distinctOn
    for restriction in restrictions {
      guard safe, !restriction.containsVolatile else {
        kept.append(restriction)
        continue
      }
      let translated = restriction.replacingColumns { column in
        column.relation == index && column.column < subquery.targetList.count
          ? subquery.targetList[column.column].expr : nil
      }
      // check_output_expressions: with window functions, only a condition on columns every
      // window partitions by goes down; one on a monotonic window function may become its
      // WindowAgg's run condition instead (`check_and_push_window_quals`).
      if !subquery.windows.isEmpty
        && !restriction.columns.allSatisfy({ column in
          column.relation == index && column.column < subquery.targetList.count
            && subquery.windows.allSatisfy { $0.partitionBy.contains(subquery.targetList[column.column].expr) }
        })
      {
        if let run = Self.windowRunCondition(translated) {
          pushed.windows[run.window].runCondition.append(run.condition)
          if run.keepOriginal { kept.append(restriction) }
        } else {
          kept.append(restriction)
        }
        continue
      }
      if translated.containsAggregate {
        pushed.having = pushed.having.map { .and(Analyzer.conjuncts($0) + [translated]) } ?? translated
      } else {
        pushed.quals.append(translated)
      }
    }
    pushed.hasScalarSubqueries = !Self.scalarSubqueries(pushed).isEmpty
    var planner = self
    planner.prepared = PreparedQuery(sql: prepared.sql, query: pushed, predicates: predicates(for: pushed))
    let collector = PathCollector()
    planner.finalPaths = collector
    let best = try planner.bestPath(pushed.removingUselessGroupByColumns())
    // With InitPlans or SubPlans attached, only the cheapest path carries them.
    let paths = !pushed.hasScalarSubqueries && !collector.paths.isEmpty ? collector.paths : [best]
    return (paths.map { Self.outputPathkeys($0, of: pushed, relation: index) }, kept)
  }

  /// `find_window_run_conditions`: `f() op value` (or `value op f()`) on one of PostgreSQL 15's
  /// monotonically increasing window functions (row_number, rank, dense_rank, whose support
  /// functions say so) and a value fixed for the query. `<`/`<=` with the function on the left
  /// (or `>`/`>=` with it on the right) is the run condition and the filter is dropped; `=`
  /// makes a `<=` (or `>=`) run condition and keeps the filter.
  static func windowRunCondition(_ condition: TypedExpr) -> (window: Int, condition: TypedExpr, keepOriginal: Bool)? {
    guard case .operation(let op) = condition, op.args.count == 2 else { return nil }
    func increasing(_ expr: TypedExpr) -> WindowCall? {
      var inner = expr
      while case .cast(let arg, _, _) = inner { inner = arg }
      guard case .window(let call) = inner, ["row_number", "rank", "dense_rank"].contains(call.name) else { return nil }
      return call
    }
    let functionLeft: Bool
    let call: WindowCall
    if let left = increasing(op.args[0]), op.args[1].isPseudoConstant {
      (functionLeft, call) = (true, left)
    } else if let right = increasing(op.args[1]), op.args[0].isPseudoConstant {
      (functionLeft, call) = (false, right)
    } else {
      return nil
    }
    switch (op.name, functionLeft) {
    case ("<", true), ("<=", true), (">", false), (">=", false):
      return (call.window, condition, false)
    case ("=", _):
      var bound = op
      bound.name = functionLeft ? "<=" : ">="
      return (call.window, .operation(bound), true)
    default:
      return nil
    }
  }

  /// `convert_subquery_pathkeys`: a subquery path's order in terms of the subquery relation's
  /// columns (each key the output column computing it), up to the first key no column computes.
  static func outputPathkeys(_ path: Path, of query: AnalyzedQuery, relation: Int) -> Path {
    var converted: [SortKey] = []
    for key in path.pathkeys {
      guard let position = query.targetList.firstIndex(where: { $0.expr == key.expr }) else { break }
      let column = ColumnVar(
        relation: relation, column: position, name: query.targetList[position].name,
        type: query.targetList[position].expr.type)
      converted.append(SortKey(expr: .column(column), descending: key.descending, nullsFirst: key.nullsFirst))
    }
    var result = path
    result.pathkeys = converted
    return result
  }

  /// The indexes the planner considers on a table, real and hypothetical, with the predicates
  /// of the partial ones. `get_relation_info` lists a table's indexes newest first (descending OID).
  func candidateIndexes(_ relation: Relation) -> (indexes: [Index], predicates: [String: [TypedExpr]?]) {
    var indexes = relation.indexes.filter(\.isValid).reversed().sorted {
      ($0.creationOrder ?? 0) > ($1.creationOrder ?? 0)
    }
    var predicates = prepared.predicates
    for hypothetical in hypotheticalIndexes where hypothetical.relation == relation.qualifiedName {
      var tuples: Double?
      var predicate: [TypedExpr]?
      if let text = hypothetical.index.predicate {
        predicate = cache.predicate("\(relation.qualifiedName)\u{0}pred:\(text)") {
          PartialIndex.predicateConjuncts(hypothetical.index, relation: relation, snapshot: snapshot)
        }
        // HypoPG sizes a partial index by its predicate's selectivity.
        if let predicate {
          let size = PlanCat.estimateRelSize(relation, blockSize: parameters.blockSize)
          let context = RestrictionContext(
            relation: relation, tuples: size.tuples, indexes: [], alias: relation.name, cache: cache)
          tuples = size.tuples * context.clauseListSelectivity(predicate)
        }
      }
      let sized = HypotheticalSizing.sized(
        hypothetical.index, on: relation, blockSize: parameters.blockSize, tuples: tuples)
      indexes.append(sized)
      if sized.predicate != nil { predicates[sized.name] = predicate }
    }
    return (indexes, predicates)
  }

  /// `check_index_predicates`: the predicate of each partial index the restrictions imply
  /// (nil: the index is not usable).
  func partialIndexImplications(
    _ indexes: [Index], predicates: [String: [TypedExpr]?], restrictions: [TypedExpr]
  ) -> [String: [TypedExpr]?] {
    var implications: [String: [TypedExpr]?] = [:]
    for index in indexes where index.predicate != nil {
      implications[index.name] = (predicates[index.name] ?? nil).flatMap {
        PartialIndex.implied($0, by: restrictions) ? $0 : nil
      }
    }
    return implications
  }

  /// A query without FROM: a Result node.
  private func resultPath(_ query: AnalyzedQuery) throws(PlannerError) -> Path {
    if query.hasAggregation || !query.quals.isEmpty { throw .notSupported("aggregates or WHERE without FROM") }
    let width = query.targetList.reduce(0) { $0 + ColumnTypeWidth.average(type: $1.expr.type.description, typmod: -1) }
    let cost = QualCostEval.cost(query.targetList.map(\.expr), parameters: parameters)
    return Path(
      nodeType: "Result",
      properties: [
        PlanProperty(key: "Parallel Aware", value: .bool(false)),
        PlanProperty(key: "Async Capable", value: .bool(false)),
      ],
      cost: Cost(startup: cost.startup, total: cost.startup + cost.perTuple + parameters.cpuTupleCost), rows: 1,
      width: width)
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
      // `col = ANY ('{a,b}')` is implied by `col = a`, or by `col = ANY` of some of its values.
      if case .arrayOperation(let list) = conjunct, list.name == "=", list.useOr, let column = list.left.strippedColumn,
        let allowed = constantElements(list.right)
      {
        return restrictions.contains { restriction in
          switch restriction {
          case .operation(let call) where call.name == "=" && call.args.count == 2:
            guard call.args[0].strippedColumn == column, case .constant(let value) = call.args[1] else { return false }
            return allowed.contains(value.text)
          case .arrayOperation(let other) where other.name == "=" && other.useOr:
            guard other.left.strippedColumn == column, let values = constantElements(other.right) else { return false }
            return values.allSatisfy(allowed.contains)
          default: return false
          }
        }
      }
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

extension PartialIndex {
  /// The values of a constant array (`ARRAY[...]` of constants), as text.
  static func constantElements(_ expr: TypedExpr) -> [String?]? {
    guard case .array(let elements, _) = expr else { return nil }
    var values: [String?] = []
    for element in elements {
      guard case .constant(let constant) = element else { return nil }
      values.append(constant.text)
    }
    return values
  }
}

/// Sizes of hypothetical indexes, estimated as HypoPG (`hypo_estimate_index`) does, so that
/// Augur's what-if plans agree with HypoPG's: a B-tree entry per row (per matching row for a
/// partial index) of the key and INCLUDE columns' average widths plus tuple headers and line
/// pointers, pages of 8,152 usable bytes filled to the fillfactor (90%) with 20% more for
/// bloat, and an unknown height (no descent cost). Other methods get the same
/// estimate, as a starting point.
enum HypotheticalSizing {
  static func sized(_ index: Index, on relation: Relation, blockSize: Int, tuples: Double? = nil) -> Index {
    guard index.size.currentPages == 0 else { return index }
    var sized = index
    let size = PlanCat.estimateRelSize(relation, blockSize: blockSize)
    let rows = tuples ?? size.tuples
    let columns = index.keys.map(\.column) + index.included.map { Optional($0) }
    let width = columns.reduce(0) { total, name in
      // hypo_estimate_index_colsize: a column's average width; an expression 50.
      guard let name, let column = relation.column(name) else { return total + 50 }
      return total
        + (column.statistics?.averageWidth ?? ColumnTypeWidth.average(type: column.type, typmod: column.typmod))
    }
    // HypoPG 1.3 (Debian's postgresql-15-hypopg) counts a tuple header and a MAXALIGNed line
    // pointer per column: width + 8·n + MAXALIGN(4·n).
    let count = columns.count
    let lineSize = Double(width + 8 * count + CostSize.maxAlign(4 * count))
    let usable = Double(blockSize - 24 - 16)
    let bloat = (200.0 - 90 + 20) / 100
    let pages = max(1, (rows * lineSize * bloat / usable).rounded(.towardZero))
    sized.size = RelationSize(
      reltuples: rows, relpages: Int(pages), relallvisible: 0, currentPages: Int(pages),
      totalBytes: Int(pages) * blockSize)
    sized.treeHeight = -1
    return sized
  }
}
