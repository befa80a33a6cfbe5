import AugurCatalog
import AugurPlan
import AugurSQL

/// A column of a base relation, as a dictionary key.
struct ColumnKey: Hashable {
  var relation: Int
  var column: Int
}

/// Plans the joins of a query, mirroring `make_one_rel` (allpaths.c): the paths of each base
/// relation, then `standard_join_search`'s dynamic programming over join levels
/// (`join_search_one_level` in joinrels.c), each join's size by `set_joinrel_size_estimates` and
/// its paths by `add_paths_to_joinrel` (joinpath.c).
final class JoinSearch {
  let query: AnalyzedQuery
  let parameters: CostParameters
  let switches: JoinMethodSwitches
  private(set) var clauses: JoinClauses
  let considerStartup: Bool
  /// Builds base relation `index` with its restrictions, the columns joins need from it, and a
  /// row cap (for parameterized versions).
  let makeBaseRel:
    (
      _ index: Int, _ restrictions: [TypedExpr], _ joinColumns: Set<Int>, _ rowsCap: Double?, _ implying: [TypedExpr],
      _ tuples: Double?
    ) -> BaseRel
  /// Plans a subquery relation with the conditions on it (pushing down what it can): its
  /// cheapest path and the conditions left.
  let planSubquery:
    (_ index: Int, _ restrictions: [TypedExpr]) throws(PlannerError) -> (paths: [Path], kept: [TypedExpr])
  /// The plan of a materialized WITH query, planned once for the statement.
  let planCommonTable: (_ index: Int) throws(PlannerError) -> Path
  /// The cheapest plan of one branch of a set operation.
  let planBranch: (_ query: AnalyzedQuery) throws(PlannerError) -> Path
  /// The scan paths of a base relation.
  let makeScanPlanner: (_ rel: BaseRel, _ queryPathkeys: [SortKey], _ implying: [TypedExpr]) -> ScanPlanner

  /// Expressions print qualified above the scans (`useprefix` with several relations).
  let deparser: Deparser
  /// Each equivalence-class member mapped to its class's first member.
  let representatives: [TypedExpr: TypedExpr]
  /// `attr_needed`: where each column is needed, as the relations that must be joined by then
  /// (`RelSet.output` for the query's own output).
  private var neededAt: [ColumnKey: [RelSet]] = [:]
  /// The order columns enter their relation's target list (`rel->reltarget`): the query's output
  /// first, then its HAVING, then the join clauses. A Subquery Scan is trivial only when it
  /// passes its subquery's columns on in their own order.
  private var reltargetOrder: [ColumnKey] = []
  private(set) var baseRels: [RelInfo] = []
  private var joinRels: [RelSet: RelInfo] = [:]
  /// Join clause selectivities already estimated, by clause and join kind (for every kind but
  /// SEMI and ANTI they depend on nothing else).
  private var selectivityMemo: [SelectivityKey: Double] = [:]

  private struct SelectivityKey: Hashable {
    var clause: TypedExpr
    var kind: JoinKind
  }

  private var scanFractionMemo: [[TypedExpr]: CostSize.MergeScanFractions] = [:]
  private var textMemo: [TypedExpr: String] = [:]
  /// The numbering of path orders every relation's path list shares.
  let pathKeys = CanonicalPathKeys()
  private var groupsMemo: [GroupsKey: Double] = [:]

  private struct GroupsKey: Hashable {
    var exprs: [TypedExpr]
    var rows: Double
  }

  /// The base relations by position in the query.
  private(set) lazy var baseRelsByIndex: [Int: BaseRel] = Dictionary(
    uniqueKeysWithValues: baseRels.compactMap { rel in rel.base.map { ($0.relationIndex, $0) } })

  /// An expression as EXPLAIN prints it above the scans (memoized: every candidate path of a
  /// join repeats its conditions).
  func text(_ expr: TypedExpr) -> String {
    if let known = textMemo[expr] { return known }
    let made = deparser.text(expr)
    textMemo[expr] = made
    return made
  }

  /// `mergejoinscansel` for a merge clause's first pair (memoized as PostgreSQL caches it in
  /// the clause's `MergeScanSelCache`).
  func mergeScanFractions(outer: TypedExpr, inner: TypedExpr) -> CostSize.MergeScanFractions {
    if let known = scanFractionMemo[[outer, inner]] { return known }
    var fractions = CostSize.MergeScanFractions.whole
    if let left = variableStatistics(outer), let right = variableStatistics(inner) {
      let scan = JoinSelectivity.mergejoinscansel(left: left, right: right)
      fractions = CostSize.MergeScanFractions(
        outerStart: scan.leftStart, outerEnd: scan.leftEnd, innerStart: scan.rightStart, innerEnd: scan.rightEnd)
    }
    scanFractionMemo[[outer, inner]] = fractions
    return fractions
  }

  /// `estimate_num_groups` of expressions over the base relations (memoized by input rows).
  func estimateNumGroups(_ exprs: [TypedExpr], inputRows: Double) -> Double {
    let key = GroupsKey(exprs: exprs, rows: inputRows)
    if let known = groupsMemo[key] { return known }
    let groups = GroupEstimate.estimateNumGroups(exprs, inputRows: inputRows, rels: baseRelsByIndex)
    groupsMemo[key] = groups
    return groups
  }
  let foreignKeys: [ForeignKeyLink]
  /// Relations no parallel plan may include (CTE Scans are parallel-restricted).
  let parallelRestricted: RelSet
  /// `join_collapse_limit`, `from_collapse_limit`, and the relation count from which the
  /// exhaustive search gives way to a greedy one (`geqo_threshold`, when `geqo` is on).
  let joinCollapseLimit: Int
  let fromCollapseLimit: Int
  let greedyThreshold: Int?

  init(
    query: AnalyzedQuery, parameters: CostParameters, settings: [String: String],
    makeBaseRel: @escaping (Int, [TypedExpr], Set<Int>, Double?, [TypedExpr], Double?) -> BaseRel,
    makeScanPlanner: @escaping (BaseRel, [SortKey], [TypedExpr]) -> ScanPlanner,
    planSubquery: @escaping (Int, [TypedExpr]) throws(PlannerError) -> (paths: [Path], kept: [TypedExpr]),
    planCommonTable: @escaping (Int) throws(PlannerError) -> Path,
    planBranch: @escaping (AnalyzedQuery) throws(PlannerError) -> Path
  ) throws(PlannerError) {
    self.query = query
    self.parameters = parameters
    switches = JoinMethodSwitches(settings: settings)
    let setting = { (name: String, fallback: Int) in Int(settings[name] ?? "") ?? fallback }
    joinCollapseLimit = max(1, setting("join_collapse_limit", 8))
    fromCollapseLimit = max(1, setting("from_collapse_limit", 8))
    let geqo = !["off", "false", "0", "no"].contains((settings["geqo"] ?? "on").lowercased())
    greedyThreshold = geqo ? max(2, setting("geqo_threshold", 12)) : nil
    clauses = try JoinClauses(query: query)
    considerStartup = query.limitCount != nil || query.limitOffset != nil
    self.makeBaseRel = makeBaseRel
    self.makeScanPlanner = makeScanPlanner
    self.planSubquery = planSubquery
    self.planCommonTable = planCommonTable
    self.planBranch = planBranch
    deparser = Deparser(aliases: query.relations.map(\.alias), qualify: true)
    var representatives: [TypedExpr: TypedExpr] = [:]
    for equivalence in clauses.classes {
      guard let first = equivalence.members.first else { continue }
      for member in equivalence.members { representatives[member.strippingRelabels] = first }
    }
    self.representatives = representatives
    foreignKeys = ForeignKeyLink.links(in: query)
    parallelRestricted = RelSet(query.relations.indices.filter { query.relations[$0].commonTable != nil })
  }

  // MARK: make_one_rel

  /// The final join relation, with its paths.
  func plan() throws(PlannerError) -> RelInfo {
    let count = query.relations.count
    guard count <= RelSet.capacity else { throw .notSupported("more than \(RelSet.capacity) relations") }
    if clauses.clauses.contains(where: { $0.relids.isEmpty }) {
      throw .notSupported("conditions that read no table (gating One-Time Filter)")
    }
    computeNeededColumns()
    extractRestrictionOrClauses()
    for index in 0..<count {
      let entry = query.relations[index]
      if let operation = entry.setOperation {
        baseRels.append(try makeSetOperationRelInfo(index, operation))
      } else if entry.commonTable != nil {
        baseRels.append(try makeCommonTableRelInfo(index))
      } else {
        baseRels.append(entry.subquery == nil ? makeBaseRelInfo(index) : try makeSubqueryRelInfo(index))
      }
    }
    compensateOrClauses()
    var list = fromCollapsed(query.fromList.map { deconstruct($0) })
    // pull_up_sublinks made each sublink a join of everything before it with its subquery.
    for sublink in query.sublinkJoins {
      let right = fromCollapsed(sublink.right.map { deconstruct($0) })
      if list.count + right.count <= joinCollapseLimit {
        list += right
      } else {
        list = [list.count == 1 ? list[0] : .list(list), right.count == 1 ? right[0] : .list(right)]
      }
    }
    let final = try makeRelFromJoinList(list)
    guard final.relids == RelSet(0..<count), final.cheapestTotal != nil else { throw .notSupported("no path") }
    return final
  }

  // MARK: orclauses.c

  /// Mirrors `extract_restriction_or_clauses`: an OR join clause each of whose arms restricts one
  /// relation on its own (`(a.x = 1 AND b.y = 2) OR (a.x = 3 AND b.y = 4)`) implies an OR of those
  /// restrictions on that relation (`a.x = 1 OR a.x = 3`), added when it filters at all
  /// (selectivity at most 0.9). For a join of two relations the OR clause's own selectivity is
  /// then divided by the new one's, so that the join's size does not count it twice.
  private func extractRestrictionOrClauses() {
    var added: [PlannerClause] = []
    for clause in clauses.clauses where clause.outerJoin == nil && clause.relids.count > 1 {
      guard case .or(let arms) = clause.expr else { continue }
      for relation in clause.relids.members {
        let target = RelSet(relation)
        var derived: [TypedExpr] = []
        for arm in arms {
          let own = Analyzer.conjuncts(arm).filter { $0.relids == target && !$0.containsVolatile }
          guard !own.isEmpty else {
            derived = []
            break
          }
          derived.append(own.count == 1 ? own[0] : .and(own))
        }
        guard derived.count == arms.count else { continue }
        let restriction = TypedExpr.or(derived)
        let probe = makeBaseRel(relation, [], [], nil, [], nil)
        let selectivity = probe.context.clauseSelectivity(restriction)
        guard selectivity <= 0.9 else { continue }
        added.append(PlannerClause(expr: restriction, relids: target, required: target))
        if clause.relids.count == 2 { orClauseCompensations.append((clause, target, selectivity)) }
      }
    }
    clauses.clauses += added
  }

  /// The OR join clauses whose selectivity `extractRestrictionOrClauses` divides, once the base
  /// relations exist: (clause, the relation restricted, the restriction's selectivity).
  private var orClauseCompensations: [(clause: PlannerClause, relation: RelSet, selectivity: Double)] = []

  private func compensateOrClauses() {
    for (clause, target, selectivity) in orClauseCompensations {
      // Through the memo: a second relation's compensation divides the first's result again, as
      // PostgreSQL's cached `norm_selec` does.
      let original = clauseListSelectivity(
        [clause], outer: clause.relids.subtracting(target), inner: target, kind: .inner)
      let compensated = min(1, original / selectivity)
      selectivityMemo[SelectivityKey(clause: clause.expr, kind: .inner)] = compensated
      clause.innerSelectivity = compensated
    }
  }

  // MARK: Join lists

  /// The join problem as PostgreSQL splits it (`deconstruct_jointree`): a list of relations
  /// and sub-lists, each sub-list searched on its own first.
  indirect enum JoinListItem {
    case relation(Int)
    case list([JoinListItem])

    var count: Int {
      if case .list(let items) = self { return items.count }
      return 1
    }
    var items: [JoinListItem] {
      if case .list(let items) = self { return items }
      return [self]
    }
  }

  /// `deconstruct_recurse` for one FROM item: explicit joins flatten into one list while it
  /// stays within `join_collapse_limit` items; beyond it, the join's two sides stay apart.
  private func deconstruct(_ node: JoinTreeNode) -> JoinListItem {
    guard case .join(_, let left, let right, _) = node else {
      if case .relation(let index) = node { return .relation(index) }
      return .list([])
    }
    let leftItems = deconstruct(left).items
    let rightItems = deconstruct(right).items
    if leftItems.count + rightItems.count <= joinCollapseLimit { return .list(leftItems + rightItems) }
    let leftPart = leftItems.count == 1 ? leftItems[0] : .list(leftItems)
    let rightPart = rightItems.count == 1 ? rightItems[0] : .list(rightItems)
    return .list([leftPart, rightPart])
  }

  /// The FROM list itself, whose items' lists merge while within `from_collapse_limit`.
  private func fromCollapsed(_ items: [JoinListItem]) -> [JoinListItem] {
    var list: [JoinListItem] = []
    var remaining = items.count
    for item in items {
      let members = item.items
      remaining -= 1
      if members.count <= 1 || list.count + members.count + remaining <= fromCollapseLimit {
        list += members
      } else {
        list.append(item)
      }
    }
    return list
  }

  /// `make_rel_from_joinlist`: each item's relation (sub-lists searched first), then the join
  /// search over them: exhaustive below the greedy threshold.
  private func makeRelFromJoinList(_ items: [JoinListItem]) throws(PlannerError) -> RelInfo {
    var initial: [RelInfo] = []
    for item in items {
      switch item {
      case .relation(let index): initial.append(baseRels[index])
      case .list(let members): initial.append(try makeRelFromJoinList(members))
      }
    }
    guard initial.count > 1 else {
      guard let only = initial.first else { throw .notSupported("an empty join list") }
      return only
    }
    if let threshold = greedyThreshold, initial.count >= threshold { return try greedyJoinSearch(initial) }
    return try standardJoinSearch(initial)
  }

  /// `standard_join_search`: every level from 2 to the number of initial relations.
  private func standardJoinSearch(_ initial: [RelInfo]) throws(PlannerError) -> RelInfo {
    let count = initial.count
    var levels: [[RelInfo]] = [[], initial]
    for level in 2...count {
      levels.append(joinSearchOneLevel(level, levels: levels))
      for rel in levels[level] {
        if level < count { generateGatherPaths(rel) }
        rel.setCheapest()
      }
      if levels[level].isEmpty { throw .notSupported("a join order (no legal join found)") }
    }
    guard let final = levels[count].first else { throw .notSupported("no path") }
    return final
  }

  /// Above `geqo_threshold` PostgreSQL searches join orders genetically; Augur joins greedily
  /// instead, deterministically: at each step the legal join (linked by a clause when one
  /// exists) with the cheapest path, until one relation remains. Its plans can differ from
  /// GEQO's.
  private func greedyJoinSearch(_ initial: [RelInfo]) throws(PlannerError) -> RelInfo {
    var current = initial
    while current.count > 1 {
      var best: (rel: RelInfo, first: Int, second: Int, cost: Double, linked: Bool)?
      for first in current.indices {
        for second in current.indices where second > first {
          let linked =
            clauses.haveRelevantJoinClause(current[first].relids, current[second].relids)
            || haveJoinOrderRestriction(current[first].relids, current[second].relids)
          if let best, best.linked && !linked { continue }
          guard let rel = makeJoinRel(current[first], current[second]) else { continue }
          rel.setCheapest()
          guard let cost = rel.cheapestTotal?.cost.total else { continue }
          if best == nil || (linked && !(best?.linked ?? false)) || cost < (best?.cost ?? .infinity) {
            best = (rel, first, second, cost, linked)
          }
        }
      }
      guard let chosen = best else { throw .notSupported("a join order (no legal join found)") }
      if current.count > 2 { generateGatherPaths(chosen.rel) }
      chosen.rel.setCheapest()
      current.remove(at: chosen.second)
      current[chosen.first] = chosen.rel
    }
    return current[0]
  }

  /// `attr_needed` (build_base_rel_tlists, add_vars_to_targetlist): the query's output needs its
  /// columns everywhere; a join clause needs its columns until its relations are joined; an
  /// equivalence class needs its members until all its relations are.
  private func computeNeededColumns() {
    // build_base_rel_tlists: the final target list (its resjunk ORDER BY, GROUP BY and window
    // entries after the output columns), then HAVING; the join clauses follow.
    let upper =
      query.targetList.map(\.expr) + query.sortClause.map(\.expr) + query.groupBy
      + query.windows.flatMap { $0.partitionBy + $0.orderBy.map(\.expr) }
      + { if case .on(let keys)? = query.distinct { keys } else { [] } }() + (query.having.map { [$0] } ?? [])
    var seen = Set<ColumnKey>()
    for expr in upper {
      for column in expr.columns {
        let key = ColumnKey(relation: column.relation, column: column.column)
        neededAt[key, default: []].append(.output)
        if seen.insert(key).inserted { reltargetOrder.append(key) }
      }
    }
    for (columns, required) in clauses.joinClauseColumns {
      for column in columns {
        let key = ColumnKey(relation: column.relation, column: column.column)
        neededAt[key, default: []].append(required)
        if seen.insert(key).inserted { reltargetOrder.append(key) }
      }
    }
    for equivalence in clauses.classes where equivalence.constant == nil && equivalence.relids.count > 1 {
      for member in equivalence.members {
        for column in member.columns {
          let key = ColumnKey(relation: column.relation, column: column.column)
          neededAt[key, default: []].append(equivalence.relids)
          if seen.insert(key).inserted { reltargetOrder.append(key) }
        }
      }
    }
  }

  /// The columns of `relids` still needed above them.
  private func neededColumns(above relids: RelSet) -> [ColumnKey] {
    neededAt.filter { key, places in
      relids.contains(key.relation) && places.contains { !$0.isSubset(of: relids) }
    }.keys.sorted { ($0.relation, $0.column) < ($1.relation, $1.column) }
  }

  /// A column's average width (`attr_widths`).
  private func columnWidth(_ key: ColumnKey) -> Int {
    let column = query.relations[key.relation].relation.columns[key.column]
    return column.statistics?.averageWidth ?? ColumnTypeWidth.average(type: column.type, typmod: column.typmod)
  }

  // MARK: Base relations

  private func makeBaseRelInfo(_ index: Int) -> RelInfo {
    let relids = RelSet(index)
    let restrictions = clauses.clauses.filter { $0.required == relids }.map(\.expr)
    let joinColumns = Set(neededColumns(above: relids).map(\.column))
    // check_index_predicates: join clauses count too (a strict join clause on a column implies
    // it is not null, which a partial index's predicate may ask).
    let implying = restrictions + joinClausesImplying(index)
    let rel = makeBaseRel(index, restrictions, joinColumns, nil, implying, nil)
    let info = RelInfo(
      relids: relids, rows: rel.rows, width: rel.width, base: rel, considerStartup: considerStartup, pathKeys: pathKeys)
    var scanner = makeScanPlanner(rel, localPathkeys(UpperPlanner.queryPathkeys(query), relation: index), implying)
    scanner.mergeKeys = mergeKeys(relation: index)
    let (paths, partials) = scanner.pathsWithPartials(considerStartup: considerStartup)
    for path in paths.paths { info.pathList.add(canonicalized(path)) }
    // A correlated SubPlan in a restriction is parallel-restricted (it reads the outer row's
    // values as PARAM_EXEC parameters): no partial paths.
    if !restrictions.contains(where: \.hasCorrelatedSubPlan) {
      for partial in partials { info.partialPaths.add((canonicalized(partial.path), partial.workers)) }
    }
    generateGatherPaths(info)
    info.setCheapest()
    return info
  }

  /// A subquery relation: the subquery planned with the conditions it can take, read by a
  /// Subquery Scan (`cost_subqueryscan`) that checks the rest. Without conditions the scan may
  /// be removed from the plan (`trivial_subqueryscan`), its cost staying in the planning:
  /// whether it is depends on the target list its parent asks for, decided once the plan is
  /// whole (`TrivialSubqueryScan`).
  private func makeSubqueryRelInfo(_ index: Int) throws(PlannerError) -> RelInfo {
    let relids = RelSet(index)
    let restrictions = clauses.clauses.filter { $0.required == relids }.map(\.expr)
    let (subpaths, kept) = try planSubquery(index, restrictions)
    guard let cheapest = subpaths.min(by: { $0.cost.total < $1.cost.total }) else { throw .notSupported("no path") }
    let joinColumns = Set(neededColumns(above: relids).map(\.column))
    let rel = makeBaseRel(index, kept, joinColumns, nil, kept, cheapest.rows)
    let info = RelInfo(
      relids: relids, rows: rel.rows, width: rel.width, base: rel, considerStartup: considerStartup, pathKeys: pathKeys)
    let qualCost = QualCostEval.cost(rel.restrictions, parameters: parameters)
    let trivialTargetList = subqueryScanTrivialTargetList(index)
    // cost_subqueryscan (PostgreSQL 15.x): each path's rows are its subpath's times the
    // conditions' selectivity (a parallel or differently grouped subpath estimates its own).
    let selectivity = rel.restrictions.isEmpty ? 1 : rel.context.clauseListSelectivity(rel.restrictions)
    for subpath in subpaths {
      let rows = CostSize.clampRowEstimate(subpath.rows * selectivity)
      let startup = subpath.cost.startup + qualCost.startup
      let total =
        startup + (subpath.cost.total - subpath.cost.startup)
        + (parameters.cpuTupleCost + qualCost.perTuple) * subpath.rows
      var path: Path
      if rel.restrictions.isEmpty {
        path = Path(
          nodeType: "Subquery Scan",
          properties: JoinPathBuilder.plainProperties + [PlanProperty(key: "Alias", value: .string(rel.alias))],
          children: [subpath], cost: Cost(startup: startup, total: total), rows: rows, width: rel.width,
          pathkeys: subpath.pathkeys.map(canonical))
        switch trivialTargetList {
        case .always: path.node = subpath.node
        case .never: break
        case .withPhysicalTargetList: path.node.properties.append(TrivialSubqueryScan.marker)
        }
      } else {
        let filter =
          rel.restrictions.count == 1 ? rel.context.text(rel.restrictions[0]) : rel.context.text(.and(rel.restrictions))
        path = Path(
          nodeType: "Subquery Scan",
          properties: JoinPathBuilder.plainProperties + [
            PlanProperty(key: "Alias", value: .string(rel.alias)), PlanProperty(key: "Filter", value: .string(filter)),
          ], children: [subpath], cost: Cost(startup: startup, total: total), rows: rows, width: rel.width,
          pathkeys: subpath.pathkeys.map(canonical))
      }
      info.pathList.add(path)
    }
    info.setCheapest()
    return info
  }

  /// When a Subquery Scan over relation `index` passes its subquery's rows on unchanged
  /// (`trivial_subqueryscan`: the same columns in the same order). With a physical target list
  /// (`use_physical_tlist`, which a parent asking for no particular columns allows) the scan
  /// returns every output column in order, trivial unless the subquery's target list has resjunk
  /// entries; a parent asking for a small or exact list gets the columns needed above, trivial
  /// only when those are all the subquery's columns in their order.
  private func subqueryScanTrivialTargetList(_ index: Int) -> TrivialSubqueryScan.TargetList {
    guard let subquery = query.relations[index].subquery?.query else { return .always }
    let outputs = subquery.targetList.map(\.expr)
    var resjunk: [TypedExpr] = []
    let keys =
      subquery.sortClause.map(\.expr) + subquery.groupBy
      + subquery.windows.flatMap { $0.partitionBy + $0.orderBy.map(\.expr) }
      + { if case .on(let keys)? = subquery.distinct { keys } else { [] } }()
    for key in keys where !outputs.contains(key) && !resjunk.contains(key) { resjunk.append(key) }
    // The scan's columns can only match a target list with resjunk entries if it had them too.
    guard resjunk.isEmpty else { return .never }
    let needed: [Int]
    if query.relations.count == 1 {
      // The only relation computes the scan/join target itself (`apply_scanjoin_target_to_paths`).
      needed = Self.scanJoinTargetOrder(query).map { expr in
        if case .column(let column) = expr, column.relation == index { column.column } else { -1 }
      }
    } else {
      let above = Set(neededColumns(above: RelSet(index)))
      needed = reltargetOrder.filter { $0.relation == index && above.contains($0) }.map(\.column)
    }
    return needed == Array(outputs.indices) ? .always : .withPhysicalTargetList
  }

  /// The scan/join target's expressions in order: the final target list (resjunk ORDER BY,
  /// GROUP BY and window items after the output columns); for grouping or windows the grouping
  /// or window items first, then the columns the rest reads (`make_group_input_target`,
  /// `make_window_input_target`).
  static func scanJoinTargetOrder(_ query: AnalyzedQuery) -> [TypedExpr] {
    var processed = query.targetList.map(\.expr)
    let resjunk =
      query.sortClause.map(\.expr) + query.groupBy
      + query.windows.flatMap { $0.partitionBy + $0.orderBy.map(\.expr) }
    for expr in resjunk where !processed.contains(expr) { processed.append(expr) }
    let kept: [TypedExpr]
    if query.hasAggregation {
      kept = query.groupBy
    } else if !query.windows.isEmpty {
      kept = query.windows.flatMap { $0.partitionBy + $0.orderBy.map(\.expr) }
    } else {
      return processed
    }
    var target = processed.filter(kept.contains)
    let rest = processed.filter { !kept.contains($0) } + (query.having.map { [$0] } ?? [])
    for column in rest.flatMap(\.columns) where !target.contains(.column(column)) { target.append(.column(column)) }
    return target
  }

  /// `generate_union_paths`: an Append of the branches' cheapest plans (each costed as the
  /// Subquery Scan that setrefs removes, `cost_append`'s half a `cpu_tuple_cost` per row on
  /// top); for UNION without ALL, duplicates removed by a hash aggregate or by sorting and
  /// Unique, whichever `choose_hashed_setop` finds cheaper, all rows taken as distinct.
  private func makeSetOperationRelInfo(_ index: Int, _ operation: SetOperationQuery) throws(PlannerError) -> RelInfo {
    var children: [Path] = []
    var rows = 0.0
    var total = 0.0
    for branch in operation.branches {
      let path = try planBranch(branch)
      children.append(path)
      rows += path.rows
      total += path.cost.total + parameters.cpuTupleCost * path.rows
    }
    guard let first = children.first else { throw .notSupported("an empty set operation") }
    let relids = RelSet(index)
    let rel = makeBaseRel(
      index, [], Set(query.relations[index].relation.columns.indices), nil, [], CostSize.clampRowEstimate(rows))
    let width = rel.width
    total += parameters.cpuTupleCost * 0.5 * rows
    var path = Path(
      nodeType: "Append", properties: JoinPathBuilder.plainProperties, children: children,
      cost: Cost(startup: first.cost.startup, total: total), rows: rows, width: width)
    var groups = rows
    if !operation.all {
      let columns = query.relations[index].relation.columns.count
      let keys = (0..<columns).map { position in
        TypedExpr.column(
          ColumnVar(
            relation: index, column: position, name: query.relations[index].relation.columns[position].name,
            type: operation.branches[0].targetList[position].expr.type))
      }
      let sort = CostSize.costSort(inputCost: path.cost.total, tuples: rows, width: width, parameters: parameters)
      let sortedTotal = sort.cost.total + parameters.cpuOperatorCost * Double(columns) * rows
      let hashEntry = Double(CostSize.maxAlign(width) + CostSize.maxAlign(16))
      var hashed: PathCost?
      if parameters.enableHashAgg && hashEntry * rows <= parameters.hashMemoryLimit {
        hashed = CostSize.costAgg(
          strategy: .hashed, groupColumns: columns, groups: rows, input: path.cost, inputTuples: rows,
          inputWidth: Double(width), parameters: parameters)
      }
      let texts = keys.map { deparser.text($0) }
      if let hashed, hashed.cost.total < sortedTotal {
        path = PlanNodes.hashAggregate(path, keyTexts: texts, cost: hashed.cost, rows: hashed.rows)
      } else {
        let sortKeys = keys.map { SortKey(expr: $0, descending: false, nullsFirst: false) }
        let sorted = PlanNodes.sort(path, keyTexts: texts, pathkeys: sortKeys, parameters: parameters)
        path = PlanNodes.unique(sorted, columns: columns, rows: rows, parameters: parameters)
      }
      groups = path.rows
    }
    let info = RelInfo(
      relids: relids, rows: groups, width: width, base: rel, considerStartup: considerStartup, pathKeys: pathKeys)
    info.pathList.add(path)
    info.setCheapest()
    return info
  }

  /// A reference to a materialized WITH query: a CTE Scan (`cost_ctescan`: twice `cpu_tuple_cost`
  /// and the conditions per row of the WITH query's output) over the statement's one plan of it.
  private func makeCommonTableRelInfo(_ index: Int) throws(PlannerError) -> RelInfo {
    let relids = RelSet(index)
    let restrictions = clauses.clauses.filter { $0.required == relids }.map(\.expr)
    let plan = try planCommonTable(index)
    let joinColumns = Set(neededColumns(above: relids).map(\.column))
    let rel = makeBaseRel(index, restrictions, joinColumns, nil, restrictions, plan.rows)
    let info = RelInfo(
      relids: relids, rows: rel.rows, width: rel.width, base: rel, considerStartup: considerStartup, pathKeys: pathKeys)
    let qualCost = QualCostEval.cost(rel.restrictions, parameters: parameters)
    let startup = qualCost.startup
    // One cpu_tuple_cost per row for the tuplestore, one for the scan, plus the conditions.
    let total = startup + (2 * parameters.cpuTupleCost + qualCost.perTuple) * rel.size.tuples
    var properties =
      JoinPathBuilder.plainProperties + [
        PlanProperty(key: "CTE Name", value: .string(query.relations[index].relation.name)),
        PlanProperty(key: "Alias", value: .string(rel.alias)),
      ]
    if !rel.restrictions.isEmpty {
      let filter =
        rel.restrictions.count == 1 ? rel.context.text(rel.restrictions[0]) : rel.context.text(.and(rel.restrictions))
      properties.append(PlanProperty(key: "Filter", value: .string(filter)))
    }
    var path = Path(
      nodeType: "CTE Scan", properties: properties, cost: Cost(startup: startup, total: total), rows: rel.rows,
      width: rel.width)
    path.rescanKind = .cteScan
    info.pathList.add(path)
    info.setCheapest()
    return info
  }

  /// `generate_gather_paths` for a relation below the top of the join tree: a Gather over the
  /// cheapest partial path and a Gather Merge over each ordered one, returning all the
  /// relation's rows.
  func generateGatherPaths(_ rel: RelInfo) {
    guard let cheapest = rel.cheapestPartial else { return }
    rel.pathList.add(PlanNodes.gather(cheapest.path, workers: cheapest.workers, rows: rel.rows, parameters: parameters))
    for partial in rel.partialPaths.paths where !partial.path.pathkeys.isEmpty {
      rel.pathList.add(
        PlanNodes.gatherMerge(partial.path, workers: partial.workers, rows: rel.rows, parameters: parameters))
    }
    // generate_useful_gather_paths: the query's order (as far as this relation can sort for
    // it) made below the Gather Merge, by a full sort of the cheapest partial path or an
    // incremental sort of one already sorted on a prefix. The whole query's relation is left
    // to the upper planning, which knows the final target.
    guard rel.relids != RelSet(query.relations.indices) else { return }
    let useful = usefulPathkeys(rel)
    guard !useful.isEmpty else { return }
    let pathkeys = useful.map(\.canonical)
    let texts = useful.map { deparser.sortKeyText($0.local) }
    for partial in rel.partialPaths.paths {
      let presorted = zip(partial.path.pathkeys, pathkeys).prefix { $0 == $1 }.count
      if presorted == pathkeys.count { continue }
      if partial.path.node == cheapest.path.node {
        let sorted = PlanNodes.sort(partial.path, keyTexts: texts, pathkeys: pathkeys, parameters: parameters)
        rel.pathList.add(
          PlanNodes.gatherMerge(sorted, workers: partial.workers, rows: rel.rows, parameters: parameters))
      }
      if presorted > 0 && parameters.enableIncrementalSort {
        // A base relation estimates alone: the join search's map of base relations is not
        // complete while they are being built.
        let presortedExprs = useful.prefix(presorted).map(\.local.expr)
        let groups =
          rel.base?.estimateNumGroups(presortedExprs, inputRows: partial.path.rows)
          ?? estimateNumGroups(presortedExprs, inputRows: partial.path.rows)
        let sorted = PlanNodes.incrementalSort(
          partial.path, keyTexts: texts, pathkeys: pathkeys, presorted: presorted, groups: groups,
          parameters: parameters)
        rel.pathList.add(
          PlanNodes.gatherMerge(sorted, workers: partial.workers, rows: rel.rows, parameters: parameters))
      }
    }
  }

  /// `get_useful_pathkeys_for_relation`: the query's leading sort keys this relation can compute
  /// (each through a member of its equivalence class), as the canonical key and as the
  /// relation's own expression.
  private func usefulPathkeys(_ rel: RelInfo) -> [(canonical: SortKey, local: SortKey)] {
    var result: [(canonical: SortKey, local: SortKey)] = []
    for key in UpperPlanner.queryPathkeys(query) {
      let stripped = key.expr.strippingRelabels
      let candidates = clauses.classes.first(where: { $0.members.contains(stripped) })?.members ?? [stripped]
      guard
        let local = candidates.first(where: {
          !$0.columns.isEmpty && $0.columns.allSatisfy { rel.relids.contains($0.relation) }
        })
      else { break }
      result.append(
        (canonical(key), SortKey(expr: local, descending: key.descending, nullsFirst: key.nullsFirst)))
    }
    return result
  }

  /// The query's order in terms of one relation's columns: each key replaced by its equivalence
  /// class's member from that relation, when there is one.
  private func localPathkeys(_ keys: [SortKey], relation: Int) -> [SortKey] {
    keys.map { key in
      let stripped = key.expr.strippingRelabels
      guard let equivalence = clauses.classes.first(where: { $0.members.contains(stripped) }),
        let local = equivalence.members.first(where: { $0.relids == RelSet(relation) })
      else { return key }
      return SortKey(expr: local, descending: key.descending, nullsFirst: key.nullsFirst)
    }
  }

  /// The relation's expressions a merge join could use in order: members of classes that join
  /// it to other relations, and sides of other join equalities.
  private func mergeKeys(relation: Int) -> [SortKey] {
    var keys: [SortKey] = []
    let relids = RelSet(relation)
    for equivalence in clauses.classes where equivalence.constant == nil && equivalence.relids.count > 1 {
      for (member, memberRelids) in zip(equivalence.members, equivalence.memberRelids) where memberRelids == relids {
        keys.append(SortKey(expr: member, descending: false, nullsFirst: false))
      }
    }
    for clause in clauses.clauses {
      guard let sides = clause.equality else { continue }
      if sides.leftRelids == relids { keys.append(SortKey(expr: sides.left, descending: false, nullsFirst: false)) }
      if sides.rightRelids == relids { keys.append(SortKey(expr: sides.right, descending: false, nullsFirst: false)) }
    }
    return keys
  }

  /// A path's order in canonical form (each key its class's first member).
  func canonicalized(_ path: Path) -> Path {
    var result = path
    result.pathkeys = path.pathkeys.map(canonical)
    return result
  }

  func canonical(_ key: SortKey) -> SortKey {
    guard let representative = representatives[key.expr.strippingRelabels] else { return key }
    return SortKey(expr: representative, descending: key.descending, nullsFirst: key.nullsFirst)
  }

  /// The parameterized paths of base relation `inner` usable inside a join with `outer`: for
  /// each outer relation it has join clauses with, and for all of them together, the index
  /// paths that compare with the outer values (`create_index_paths` with join clauses).
  /// `cheapest_parameterized_paths` over `parameterizedPaths`: for each set of outer relations a
  /// parameterized path needs, the cheapest (the first of equally cheap ones), in the order the
  /// sets come. Kept per inner relation and the outer relations that can parameterize it: every
  /// join of the relation asks.
  func cheapestParameterizedPaths(_ inner: RelInfo, outer: RelSet) -> [ParameterizedPath] {
    guard inner.base != nil, let index = inner.relids.single else { return [] }
    let relevant = outer.intersection(parameterizingRelations(of: index))
    if let known = inner.cheapestParameterized[relevant] { return known }
    var cheapest: [ParameterizedPath] = []
    for candidate in parameterizedPaths(inner, outer: relevant) {
      guard let position = cheapest.firstIndex(where: { $0.required == candidate.required }) else {
        cheapest.append(candidate)
        continue
      }
      let known = cheapest[position].path.cost
      if (candidate.path.cost.total, candidate.path.cost.startup) < (known.total, known.startup) {
        cheapest[position] = candidate
      }
    }
    inner.cheapestParameterized[relevant] = cheapest
    return cheapest
  }

  func parameterizedPaths(_ inner: RelInfo, outer: RelSet) -> [ParameterizedPath] {
    guard let base = inner.base, let index = inner.relids.single else { return [] }
    var candidates: [RelSet] = []
    var all = RelSet.empty
    for other in outer.intersection(parameterizingRelations(of: index)).members {
      candidates.append(RelSet(other))
      all = all.union(RelSet(other))
    }
    if all.count > 1 { candidates.append(all) }
    var result: [ParameterizedPath] = []
    for required in candidates {
      if let known = inner.parameterized[required] {
        result += known
        continue
      }
      let made = makeParameterizedPaths(base, index: index, required: required)
      inner.parameterized[required] = made
      result += made
    }
    return result
  }

  /// The relations each of whose join clauses with base relation `index` a scan of it could
  /// check as parameters (`movableClauses` from that relation alone), worked out once per
  /// relation: the join search asks for every join of the relation.
  private func parameterizingRelations(of index: Int) -> RelSet {
    if let known = parameterizingMemo[index] { return known }
    let found = RelSet(
      query.relations.indices.filter { $0 != index && !movableClauses(into: index, from: RelSet($0)).isEmpty })
    parameterizingMemo[index] = found
    return found
  }

  private var parameterizingMemo: [Int: RelSet] = [:]

  private func makeParameterizedPaths(_ base: BaseRel, index: Int, required: RelSet) -> [ParameterizedPath] {
    let movable = movableClauses(into: index, from: required)
    guard !movable.isEmpty else { return [] }
    let converted = movable.map { Self.outerParameters($0.expr, inner: index) }
    let restrictions = base.restrictions + converted
    let implying = restrictions + joinClausesImplying(index)
    let rel = makeBaseRel(
      index, restrictions, Set(neededColumns(above: RelSet(index)).map(\.column)), base.rows, implying, nil)
    var scanner = makeScanPlanner(rel, localPathkeys(UpperPlanner.queryPathkeys(query), relation: index), implying)
    scanner.parameterizedOnly = true
    // get_loop_count: the fewest rows among the outer relations.
    scanner.loopCount = required.members.map { baseRels[$0].rows }.min() ?? 1
    let outerAliases = required.members.map { query.relations[$0].alias + "." }
    return scanner.paths(considerStartup: considerStartup).paths.map { path in
      let filter = path.node.string("Filter") ?? ""
      let indexed =
        ["Index Scan", "Index Only Scan", "Bitmap Heap Scan"].contains(path.node.nodeType)
        && !outerAliases.contains { filter.contains($0) }
      return ParameterizedPath(
        path: canonicalized(path), clauses: movable, required: required, allClausesIndexed: indexed)
    }
  }

  /// The join clauses of a base relation with every other relation's columns as parameters.
  func joinClausesImplying(_ index: Int) -> [TypedExpr] {
    let others = RelSet(query.relations.indices).subtracting(RelSet(index))
    return movableClauses(into: index, from: others).map { Self.outerParameters($0.expr, inner: index) }
  }

  /// `join_clause_is_movable_into`: the join clauses between `index` and `outer` that a scan of
  /// `index` can check with the outer values as parameters; one per equivalence class.
  func movableClauses(into index: Int, from outer: RelSet) -> [PlannerClause] {
    let inner = RelSet(index)
    let joined = inner.union(outer)
    var result = clauses.clauses.filter { clause in
      guard clause.relids.contains(index), clause.required.isSubset(of: joined), !clause.required.isSubset(of: inner)
      else { return false }
      if let outerJoin = clause.outerJoin {
        // An outer join's condition moves only into its nullable side.
        return clauses.specials[outerJoin].minRight.contains(index)
      }
      return true
    }
    result += clauses.impliedJoinClauses(outer: outer, inner: inner)
    return result
  }

  /// The clause with every column of another relation replaced by a nestloop parameter.
  static func outerParameters(_ expr: TypedExpr, inner: Int) -> TypedExpr {
    expr.replacingColumns { $0.relation == inner ? nil : .outerColumn($0) }
  }

  // MARK: join_search_one_level

  private func joinSearchOneLevel(_ level: Int, levels: [[RelInfo]]) -> [RelInfo] {
    var made: [RelInfo] = []
    var seen = Set<RelSet>()
    func record(_ rel: RelInfo?) {
      guard let rel, !seen.contains(rel.relids) else { return }
      seen.insert(rel.relids)
      made.append(rel)
    }
    // Left-deep and right-deep joins: each relation of the level below with one base relation.
    for (position, old) in levels[level - 1].enumerated() {
      if clauses.hasJoinClauses(old.relids) || hasJoinRestriction(old.relids) {
        let others = level == 2 ? Array(levels[1][(position + 1)...]) : levels[1]
        for other in others where !old.relids.overlaps(other.relids) {
          if clauses.haveRelevantJoinClause(old.relids, other.relids)
            || haveJoinOrderRestriction(old.relids, other.relids)
          {
            record(makeJoinRel(old, other))
          }
        }
      } else {
        // make_rels_by_clauseless_joins
        for other in levels[1] where !old.relids.overlaps(other.relids) { record(makeJoinRel(old, other)) }
      }
    }
    // Bushy joins.
    if level >= 4 {
      for k in 2...(level / 2) {
        let otherLevel = level - k
        for (position, old) in levels[k].enumerated()
        where clauses.hasJoinClauses(old.relids) || hasJoinRestriction(old.relids) {
          let others = k == otherLevel ? Array(levels[otherLevel][(position + 1)...]) : levels[otherLevel]
          for other in others where !old.relids.overlaps(other.relids) {
            if clauses.haveRelevantJoinClause(old.relids, other.relids)
              || haveJoinOrderRestriction(old.relids, other.relids)
            {
              record(makeJoinRel(old, other))
            }
          }
        }
      }
    }
    if made.isEmpty {
      // Nothing joinable by clauses: fall back to clauseless joins.
      for old in levels[level - 1] {
        for other in levels[1] where !old.relids.overlaps(other.relids) { record(makeJoinRel(old, other)) }
      }
    }
    return made
  }

  /// `has_join_restriction`: an outer join constrains when this relation can be joined.
  private func hasJoinRestriction(_ relids: RelSet) -> Bool {
    clauses.specials.contains { special in
      relids.overlaps(special.minRelids) && !special.minRelids.isSubset(of: relids)
        && !relids.isSubset(of: special.minRight)
    }
  }

  /// `have_join_order_restriction`: an outer join needs these two joined.
  private func haveJoinOrderRestriction(_ first: RelSet, _ second: RelSet) -> Bool {
    clauses.specials.contains { special in
      (special.minLeft.overlaps(first) && special.minRight.overlaps(second))
        || (special.minLeft.overlaps(second) && special.minRight.overlaps(first))
    }
  }

  /// `join_is_legal`: whether the two may be joined now, the outer join it forms (if any), and
  /// whether the inputs come reversed (`rel1` the nullable side).
  private func joinIsLegal(_ rel1: RelSet, _ rel2: RelSet) -> (legal: Bool, special: Int?, reversed: Bool) {
    let joined = rel1.union(rel2)
    var match: Int?
    var reversed = false
    for (index, special) in clauses.specials.enumerated() {
      if !joined.overlaps(special.minRight) { continue }
      if joined.isSubset(of: special.minRight) { continue }
      if special.minRelids.isSubset(of: rel1) || special.minRelids.isSubset(of: rel2) { continue }
      if special.minLeft.isSubset(of: rel1) && special.minRight.isSubset(of: rel2)
        && rel2.isSubset(of: special.synRight)
      {
        if match != nil { return (false, nil, false) }
        match = index
        reversed = false
      } else if special.minLeft.isSubset(of: rel2) && special.minRight.isSubset(of: rel1)
        && rel1.isSubset(of: special.synRight)
      {
        if match != nil { return (false, nil, false) }
        match = index
        reversed = true
      } else {
        return (false, nil, false)
      }
    }
    return (true, match, reversed)
  }

  // MARK: make_join_rel

  /// Mirrors `make_join_rel`: the join relation of the two (made once, sized by the first pair
  /// that forms it), then the paths of this pair in both directions
  /// (`populate_joinrel_with_paths`).
  private func makeJoinRel(_ rel1: RelInfo, _ rel2: RelInfo) -> RelInfo? {
    let (legal, special, reversed) = joinIsLegal(rel1.relids, rel2.relids)
    guard legal else { return nil }
    let (outer, inner) = reversed ? (rel2, rel1) : (rel1, rel2)
    let kind: JoinKind = special.map { clauses.specials[$0].kind } ?? .inner
    let joined = rel1.relids.union(rel2.relids)
    let restrict = clauses.restrictList(outer: outer.relids, inner: inner.relids)
    let rel: RelInfo
    if let existing = joinRels[joined] {
      rel = existing
    } else {
      let rows = joinRelSize(outer: outer, inner: inner, kind: kind, special: special, restrict: restrict)
      let width = neededColumns(above: joined).reduce(0) { $0 + columnWidth($1) }
      rel = RelInfo(
        relids: joined, rows: rows, width: width, base: nil, considerStartup: considerStartup, pathKeys: pathKeys)
      joinRels[joined] = rel
    }
    let builder = JoinPathBuilder(search: self, joinRel: rel)
    switch kind {
    case .inner:
      builder.addPathsToJoinRel(outer: rel1, inner: rel2, type: .inner, restrict: restrict, special: nil)
      builder.addPathsToJoinRel(
        outer: rel2, inner: rel1, type: .inner, restrict: clauses.restrictList(outer: rel2.relids, inner: rel1.relids),
        special: nil)
    case .left:
      builder.addPathsToJoinRel(outer: outer, inner: inner, type: .left, restrict: restrict, special: special)
      builder.addPathsToJoinRel(outer: inner, inner: outer, type: .right, restrict: restrict, special: special)
    case .semi:
      builder.addPathsToJoinRel(outer: outer, inner: inner, type: .semi, restrict: restrict, special: special)
      // The inner side made unique, then an inner join either way round (JOIN_UNIQUE_INNER and
      // JOIN_UNIQUE_OUTER).
      if let special, inner.relids == clauses.specials[special].synRight,
        let unique = uniqueRel(inner, special: special)
      {
        builder.addPathsToJoinRel(
          outer: outer, inner: unique, type: .inner, restrict: restrict, special: special, unique: .inner)
        builder.addPathsToJoinRel(
          outer: unique, inner: outer, type: .inner, restrict: restrict, special: special, unique: .outer)
      }
    case .anti:
      builder.addPathsToJoinRel(outer: outer, inner: inner, type: .anti, restrict: restrict, special: special)
    case .full:
      break
    }
    return rel
  }

  /// Unique-ified versions of relations, by relations and semi join.
  private var uniqueRels: [RelSet: RelInfo?] = [:]

  /// Mirrors `create_unique_path`: the relation's cheapest path made distinct on the semi join's
  /// inner expressions, by a hash aggregate or by sorting then Unique, whichever is cheaper;
  /// the path itself when a unique index already guarantees it. Nil when the join's conditions
  /// are not all equalities between the sides.
  func uniqueRel(_ rel: RelInfo, special: Int) -> RelInfo? {
    if let known = uniqueRels[rel.relids] { return known }
    let made = makeUniqueRel(rel, special: special)
    uniqueRels[rel.relids] = made
    return made
  }

  private func makeUniqueRel(_ rel: RelInfo, special: Int) -> RelInfo? {
    guard let exprs = clauses.semiJoinRightExprs(special), let cheapest = rel.cheapestTotal else { return nil }
    let unique = RelInfo(
      relids: rel.relids, rows: rel.rows, width: rel.width, base: nil, considerStartup: false, pathKeys: pathKeys)
    unique.uniqueOf = rel
    if let base = rel.base, Self.hasUniqueIndex(base, on: exprs) || isDistinct(base.relationIndex, on: exprs) {
      unique.pathList.add(cheapest)
      unique.setCheapest()
      return unique
    }
    let groups = estimateNumGroups(exprs, inputRows: rel.rows)
    let result = RelInfo(
      relids: rel.relids, rows: groups, width: rel.width, base: nil, considerStartup: false, pathKeys: pathKeys)
    result.uniqueOf = rel
    let columns = Double(exprs.count)
    let keys = exprs.map { SortKey(expr: $0, descending: false, nullsFirst: false) }
    let sort = CostSize.costSort(
      inputCost: cheapest.cost.total, tuples: rel.rows, width: cheapest.width, parameters: parameters)
    var sortTotal = sort.cost.total + parameters.cpuOperatorCost * rel.rows * columns
    var best: Path?
    if Double(cheapest.width + 64) * groups <= parameters.hashMemoryLimit {
      let agg = CostSize.costAgg(
        strategy: .hashed, groupColumns: exprs.count, groups: groups, input: cheapest.cost, inputTuples: rel.rows,
        inputWidth: Double(cheapest.width), parameters: parameters)
      if agg.cost.total < sortTotal {
        best = PlanNodes.hashAggregate(cheapest, keyTexts: exprs.map(text), cost: agg.cost, rows: groups)
        sortTotal = .infinity
      }
    }
    if best == nil {
      let sorted = Path(
        nodeType: "Sort",
        properties: JoinPathBuilder.plainProperties + [
          PlanProperty(key: "Sort Key", value: .array(exprs.map { .string(text($0)) }))
        ], children: [cheapest], cost: sort.cost, rows: rel.rows, width: cheapest.width, pathkeys: keys)
      best = Path(
        nodeType: "Unique", properties: JoinPathBuilder.plainProperties, children: [sorted],
        cost: Cost(startup: sort.cost.startup, total: sortTotal), rows: groups, width: cheapest.width,
        pathkeys: keys.map(canonical))
    }
    if let best { result.pathList.add(best) }
    result.setCheapest()
    return result
  }

  /// What `innerrel_is_unique` needs of a base relation alone: the columns its own
  /// `column = constant` restrictions fix, the key columns of each unique index it may use
  /// (valid, without predicate or with one the restrictions imply; expression keys never match),
  /// and whether it is a subquery (distinct on its grouping columns).
  struct InnerUniqueness {
    var restrictionFixed: Set<String>
    var uniqueKeys: [[String]]
    var isSubquery: Bool
  }

  private var uniquenessMemo: [Int: InnerUniqueness] = [:]

  func uniqueness(of base: BaseRel, index: Int) -> InnerUniqueness {
    if let known = uniquenessMemo[index] { return known }
    var fixed = Set<String>()
    for restriction in base.restrictions {
      guard case .operation(let call) = restriction, call.name == "=", call.args.count == 2 else { continue }
      for (mine, other) in [(call.args[0], call.args[1]), (call.args[1], call.args[0])] where other.isPseudoConstant {
        if let column = mine.strippedColumn { fixed.insert(column.name) }
      }
    }
    let keys = base.indexes.compactMap { candidate -> [String]? in
      guard
        candidate.isUnique && candidate.isValid
          && candidate.predicate == nil
      else { return nil }
      let columns = candidate.keys.compactMap(\.column)
      return columns.count == candidate.keys.count ? columns : nil
    }
    let made = InnerUniqueness(
      restrictionFixed: fixed, uniqueKeys: keys, isSubquery: query.relations[index].subquery != nil)
    uniquenessMemo[index] = made
    return made
  }

  private var statisticsMemo: [ColumnKey: Bool] = [:]

  /// Whether a column of a query relation has statistics (`pg_statistic` row).
  func hasStatistics(relation: Int, column: Int) -> Bool {
    let key = ColumnKey(relation: relation, column: column)
    if let known = statisticsMemo[key] { return known }
    let present = query.relations[relation].relation.columns[column].statistics != nil
    statisticsMemo[key] = present
    return present
  }

  /// `query_is_distinct_for`: a subquery relation grouped (or DISTINCT) by output columns all
  /// among `exprs` returns each combination of them once.
  func isDistinct(_ relation: Int, on exprs: [TypedExpr]) -> Bool {
    guard let subquery = query.relations[relation].subquery?.query else { return false }
    let columns = Set(exprs.compactMap { $0.strippedColumn?.relation == relation ? $0.strippedColumn?.column : nil })
    let outputs = columns.compactMap { $0 < subquery.targetList.count ? subquery.targetList[$0].expr : nil }
    if !subquery.groupBy.isEmpty { return subquery.groupBy.allSatisfy(outputs.contains) }
    if case .all? = subquery.distinct { return subquery.targetList.map(\.expr).allSatisfy(outputs.contains) }
    return false
  }

  /// `relation_has_unique_index_for`: a unique index whose every column is one of the plain
  /// columns `exprs`.
  static func hasUniqueIndex(_ base: BaseRel, on exprs: [TypedExpr]) -> Bool {
    let names = Set(exprs.compactMap { $0.strippedColumn?.name })
    return base.indexes.contains { index in
      index.isUnique && index.isValid && index.predicate == nil
        && index.keys.allSatisfy { $0.column.map(names.contains) ?? false }
    }
  }

  // MARK: Sizes

  /// Mirrors `set_joinrel_size_estimates` → `calc_joinrel_size_estimate`: foreign keys first,
  /// then the selectivity of the remaining clauses (for an outer join, its own conditions
  /// apart from the clauses pushed down to it).
  private func joinRelSize(
    outer: RelInfo, inner: RelInfo, kind: JoinKind, special: Int?, restrict: [PlannerClause]
  ) -> Double {
    var remaining = restrict
    let foreignKeySelectivity = self.foreignKeySelectivity(
      outer: outer.relids, inner: inner.relids, kind: kind, restrict: &remaining)
    let joinQuals = remaining.filter { special != nil && $0.outerJoin == special }
    let pushed = remaining.filter { !(special != nil && $0.outerJoin == special) }
    let joinSelectivity: Double
    let pushedSelectivity: Double
    if kind == .inner || kind == .semi {
      joinSelectivity = clauseListSelectivity(remaining, outer: outer.relids, inner: inner.relids, kind: kind)
      pushedSelectivity = 1
    } else {
      joinSelectivity = clauseListSelectivity(joinQuals, outer: outer.relids, inner: inner.relids, kind: kind)
      pushedSelectivity = clauseListSelectivity(pushed, outer: outer.relids, inner: inner.relids, kind: .inner)
    }
    return JoinSelectivity.calcJoinrelSizeEstimate(
      outerRows: outer.rows, innerRows: inner.rows, kind: kind, joinSelectivity: joinSelectivity,
      pushedSelectivity: pushedSelectivity, foreignKeySelectivity: foreignKeySelectivity)
  }

  /// Mirrors `get_foreign_key_join_selectivity`: a foreign key all of whose columns the join
  /// equates replaces those clauses' selectivity by `1 / referenced tuples`; a key column whose
  /// class holds a constant was filtered already, and that filter's selectivity is divided out.
  func foreignKeySelectivity(
    outer: RelSet, inner: RelSet, kind: JoinKind, restrict: inout [PlannerClause]
  ) -> Double {
    var selectivity = 1.0
    for link in foreignKeys {
      let referencedIsOuter: Bool
      if outer.contains(link.referencing) && inner.contains(link.referenced) {
        referencedIsOuter = false
      } else if outer.contains(link.referenced) && inner.contains(link.referencing) {
        referencedIsOuter = true
      } else {
        continue
      }
      if (kind == .semi || kind == .anti) && (referencedIsOuter || inner.count != 1) { continue }
      var removed: [Int] = []
      var constantClasses: [Int] = []
      var matchedAll = true
      for (from, to) in link.columns {
        if let number = clauses.classes.firstIndex(where: {
          $0.members.contains { $0.columnKey == from } && $0.members.contains { $0.columnKey == to }
        }) {
          if clauses.classes[number].constant != nil {
            constantClasses.append(number)
          } else {
            removed += restrict.indices.filter { restrict[$0].equivalenceClass == number && !removed.contains($0) }
          }
          continue
        }
        let explicit = restrict.indices.first { position in
          guard restrict[position].equivalenceClass == nil, let sides = restrict[position].equality else {
            return false
          }
          let pair = [sides.left.columnKey, sides.right.columnKey]
          return pair.contains(from) && pair.contains(to)
        }
        if let explicit {
          removed.append(explicit)
        } else {
          matchedAll = false
        }
      }
      guard matchedAll, !removed.isEmpty else { continue }
      restrict = restrict.enumerated().filter { !removed.contains($0.offset) }.map(\.element)
      let referenced = baseRels[link.referenced]
      let tuples = max(referenced.base?.size.tuples ?? 1, 1)
      if kind == .semi || kind == .anti {
        selectivity *= referenced.rows / tuples
      } else {
        selectivity *= 1 / tuples
      }
      for number in constantClasses {
        guard
          let clause = clauses.clauses.first(where: {
            $0.equivalenceClass == number && $0.relids == RelSet(link.referencing)
          }), let base = baseRels[link.referencing].base
        else { continue }
        let restriction = base.context.clauseSelectivity(clause.expr)
        if restriction > 0 { selectivity /= restriction }
      }
    }
    return JoinSelectivity.clamp(selectivity)
  }

  /// `clauselist_selectivity` over join clauses (`varRelid` 0): each clause's own estimate,
  /// multiplied.
  /// An inner join's clause keeps its memoized selectivity (`ClauseCache`), as PostgreSQL's
  /// RestrictInfo keeps `norm_selec`: looking it up by expression hashed the whole expression.
  func clauseListSelectivity<Clauses: Sequence<PlannerClause>>(
    _ list: Clauses, outer: RelSet, inner: RelSet, kind: JoinKind
  ) -> Double {
    list.reduce(1.0) { product, clause in
      guard kind != .semi && kind != .anti else {
        return product * clauseSelectivity(clause.expr, outer: outer, inner: inner, kind: kind)
      }
      if kind == .inner, let known = clause.innerSelectivity { return product * known }
      let key = SelectivityKey(clause: clause.expr, kind: kind)
      let selectivity: Double
      if let known = selectivityMemo[key] {
        selectivity = known
      } else {
        selectivity = clauseSelectivity(clause.expr, outer: outer, inner: inner, kind: kind)
        selectivityMemo[key] = selectivity
      }
      if kind == .inner { clause.innerSelectivity = selectivity }
      return product * selectivity
    }
  }

  /// `cost_qual_eval` of clauses, each clause's own cost worked out once and kept with it.
  func qualCost<Clauses: Sequence<PlannerClause>>(_ list: Clauses) -> QualCost {
    var total = QualCost()
    for clause in list {
      let own =
        clause.qualCost
        ?? (QualCostEval.cost(clause.expr, parameters: parameters), clause.expr.isPseudoConstant)
      clause.qualCost = own
      QualCostEval.add(own.cost, pseudoConstant: own.pseudoConstant, to: &total)
    }
    return total
  }

  /// `clause_selectivity` for a clause at a join: a clause of one relation by that relation's
  /// restriction estimators; `a = b` across relations by `eqjoinsel`, `a <> b` by `neqjoinsel`,
  /// other comparisons by `scalarltjoinsel` (1/3), pattern matches by the 0.005 default.
  func clauseSelectivity(_ expr: TypedExpr, outer: RelSet, inner: RelSet, kind: JoinKind) -> Double {
    let relids = expr.relids
    if let single = relids.single, single < baseRels.count, let base = baseRels[single].base {
      return base.context.clauseSelectivity(expr)
    }
    switch expr {
    case .and(let args):
      return args.reduce(1.0) { $0 * clauseSelectivity($1, outer: outer, inner: inner, kind: kind) }
    case .or(let args):
      var selectivity = 0.0
      for arg in args {
        let next = clauseSelectivity(arg, outer: outer, inner: inner, kind: kind)
        selectivity = selectivity + next - selectivity * next
      }
      return selectivity
    case .not(let arg):
      return 1 - clauseSelectivity(arg, outer: outer, inner: inner, kind: kind)
    case .operation(let call) where call.args.count == 2:
      switch call.name {
      case "=", "<>":
        guard let (first, second) = joinVariables(call.args[0], call.args[1], outer: outer) else {
          return call.name == "=" ? DefaultSelectivity.equality : 1 - DefaultSelectivity.equality
        }
        let innerRel = joinInputRows(inner)
        if call.name == "=" {
          return JoinSelectivity.eqjoinsel(
            outer: first, inner: second, kind: kind, innerBaseRows: innerBaseRows(call.args, outer: outer),
            innerRows: innerRel)
        }
        return JoinSelectivity.neqjoinsel(
          outer: first, inner: second, kind: kind, innerBaseRows: innerBaseRows(call.args, outer: outer),
          innerRows: innerRel)
      case "<", "<=", ">", ">=": return DefaultSelectivity.inequality
      default: return DefaultSelectivity.match
      }
    default:
      return DefaultSelectivity.unhandledClause
    }
  }

  /// The statistics of the two sides of a join clause, the outer side's first.
  func joinVariables(_ left: TypedExpr, _ right: TypedExpr, outer: RelSet) -> (VariableStatistics, VariableStatistics)?
  {
    guard let first = variableStatistics(left), let second = variableStatistics(right) else { return nil }
    return left.relids.isSubset(of: outer) ? (first, second) : (second, first)
  }

  func variableStatistics(_ expr: TypedExpr) -> VariableStatistics? {
    guard let single = expr.relids.single, let base = baseRels[single].base, let info = base.context.examine(expr)
    else {
      return nil
    }
    return base.context.variableStatistics(info)
  }

  private func innerBaseRows(_ args: [TypedExpr], outer: RelSet) -> Double {
    let innerSide = args.first { !$0.relids.isSubset(of: outer) } ?? args[1]
    return innerSide.relids.single.map { baseRels[$0].rows } ?? 0
  }

  private func joinInputRows(_ relids: RelSet) -> Double {
    if let single = relids.single { return baseRels[single].rows }
    return joinRels[relids]?.rows ?? 0
  }
}

/// A foreign key between two relations of the query (PostgreSQL's `ForeignKeyOptInfo`).
struct ForeignKeyLink {
  var referencing: Int
  var referenced: Int
  /// (referencing column, referenced column) pairs.
  var columns: [(ColumnKey, ColumnKey)]

  /// Every foreign key of a query relation whose referenced table is another relation of the
  /// query, once per pair of relations.
  static func links(in query: AnalyzedQuery) -> [ForeignKeyLink] {
    var result: [ForeignKeyLink] = []
    for (from, entry) in query.relations.enumerated() {
      for constraint in entry.relation.constraints where constraint.kind == .foreignKey {
        guard let target = constraint.referencedTable else { continue }
        for (to, other) in query.relations.enumerated() where to != from {
          let name = other.relation.qualifiedName
          guard target == name || target == other.relation.name || name.hasSuffix("." + target) else { continue }
          let pairs = zip(constraint.columns, constraint.referencedColumns).compactMap { fromName, toName in
            entry.relation.columns.firstIndex(where: { $0.name == fromName }).flatMap { fromPosition in
              other.relation.columns.firstIndex(where: { $0.name == toName }).map { toPosition in
                (ColumnKey(relation: from, column: fromPosition), ColumnKey(relation: to, column: toPosition))
              }
            }
          }
          if !pairs.isEmpty && pairs.count == constraint.columns.count {
            result.append(ForeignKeyLink(referencing: from, referenced: to, columns: pairs))
          }
        }
      }
    }
    return result
  }
}

extension TypedExpr {
  /// The column, as a key, when the expression is a (relabeled) column.
  var columnKey: ColumnKey? { strippedColumn.map { ColumnKey(relation: $0.relation, column: $0.column) } }
}
