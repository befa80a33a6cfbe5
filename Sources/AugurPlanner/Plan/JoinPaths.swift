import AugurPlan

/// The join type of one join path (PostgreSQL's `JoinType` as `add_paths_to_joinrel` gets it):
/// a LEFT join is also tried with its sides swapped, as a RIGHT join.
enum PathJoinType {
  case inner, left, right, semi, anti

  /// EXPLAIN's "Join Type".
  var label: String {
    switch self {
    case .inner: "Inner"
    case .left: "Left"
    case .right: "Right"
    case .semi: "Semi"
    case .anti: "Anti"
    }
  }

  /// The kind the cost functions take (a RIGHT join costs as an inner join with the inner side
  /// scanned whole).
  var costKind: JoinKind {
    switch self {
    case .inner, .right: .inner
    case .left: .left
    case .semi: .semi
    case .anti: .anti
    }
  }

  /// `IS_OUTER_JOIN`: the join's own conditions and the clauses pushed down to it differ.
  var isOuter: Bool { self == .left || self == .right || self == .anti }
}

/// Which side of a semi join was made unique to join it as an inner join
/// (`JOIN_UNIQUE_INNER`, `JOIN_UNIQUE_OUTER`).
enum UniqueSide {
  case inner, outer
}

/// An equality usable to hash or merge the two inputs: its outer and inner sides.
struct JoinKeyClause {
  var clause: PlannerClause
  var outer: TypedExpr
  var inner: TypedExpr
}

/// The paths of one join relation from one pair of inputs, mirroring `add_paths_to_joinrel`
/// (joinpath.c): merge joins of the sorted inputs (`sort_inner_and_outer`), nested loops and
/// merge joins over each outer path (`match_unsorted_outer`), hash joins
/// (`hash_inner_and_outer`); each path costed by costsize.c's functions and offered to
/// `add_path`.
struct JoinPathBuilder {
  let search: JoinSearch
  let joinRel: RelInfo

  var parameters: CostParameters { search.parameters }
  var switches: JoinMethodSwitches { search.switches }

  /// What the three strategies share for one (outer, inner, type).
  private struct Context {
    var outer: RelInfo
    var inner: RelInfo
    var type: PathJoinType
    /// All clauses checked at this join (`restrictlist`).
    var restrict: [PlannerClause]
    /// The outer join's own conditions (all clauses for an inner join).
    var joinQuals: [PlannerClause]
    /// Clauses pushed down to an outer join from above (checked after NULL-extension).
    var pushed: [PlannerClause]
    var keyClauses: [JoinKeyClause]
    var innerUnique: Bool
    var semiFactors: SemiAntiJoinFactors?
    var unique: UniqueSide?

    /// No correlated SubPlan among the join's clauses (they are parallel-restricted).
    var parallelSafe: Bool { !restrict.contains { $0.expr.hasCorrelatedSubPlan } }
  }

  func addPathsToJoinRel(
    outer: RelInfo, inner: RelInfo, type: PathJoinType, restrict: [PlannerClause], special: Int?,
    unique: UniqueSide? = nil
  ) {
    let joinQuals = type.isOuter ? restrict.filter { $0.outerJoin == special } : restrict
    let pushed = type.isOuter ? restrict.filter { $0.outerJoin != special } : []
    var keyClauses: [JoinKeyClause] = []
    for clause in joinQuals {
      guard let sides = clause.equality else { continue }
      if sides.leftRelids.isSubset(of: outer.relids) && sides.rightRelids.isSubset(of: inner.relids) {
        keyClauses.append(JoinKeyClause(clause: clause, outer: sides.left, inner: sides.right))
      } else if sides.rightRelids.isSubset(of: outer.relids) && sides.leftRelids.isSubset(of: inner.relids) {
        keyClauses.append(JoinKeyClause(clause: clause, outer: sides.right, inner: sides.left))
      }
    }
    let innerUnique: Bool
    switch (type, unique) {
    case (.semi, _), (.anti, _): innerUnique = false
    case (_, .inner?): innerUnique = true
    default: innerUnique = innerIsUnique(outer: outer, inner: inner, joinQuals: joinQuals)
    }
    var semiFactors: SemiAntiJoinFactors?
    if type == .semi || type == .anti {
      // compute_semi_anti_join_factors: the fraction of outer rows with a match, and the
      // matches each has.
      let semi = search.clauseListSelectivity(joinQuals, outer: outer.relids, inner: inner.relids, kind: type.costKind)
      let plain = search.clauseListSelectivity(joinQuals, outer: outer.relids, inner: inner.relids, kind: .inner)
      semiFactors = JoinSelectivity.semiAntiJoinFactors(
        semiSelectivity: semi, innerSelectivity: plain, innerRows: inner.rows)
    } else if let unique, innerUnique, let special {
      // A unique-ified semi join: the factors come from the semi join itself (eqjoinsel_semi with
      // its own sides), over the inner relation as add_paths_to_joinrel got it.
      let join = search.clauses.specials[special]
      let semi = search.clauseListSelectivity(joinQuals, outer: join.synLeft, inner: join.synRight, kind: .semi)
      let plain = search.clauseListSelectivity(joinQuals, outer: outer.relids, inner: inner.relids, kind: .inner)
      let innerRows = unique == .inner ? (inner.uniqueOf?.rows ?? inner.rows) : inner.rows
      semiFactors = JoinSelectivity.semiAntiJoinFactors(
        semiSelectivity: semi, innerSelectivity: plain, innerRows: innerRows)
    } else if innerUnique {
      // compute_semi_anti_join_factors with the join's own kind: eqjoinsel answers with the
      // inner-join selectivity for INNER and LEFT joins.
      let selectivity = search.clauseListSelectivity(joinQuals, outer: outer.relids, inner: inner.relids, kind: .inner)
      semiFactors = JoinSelectivity.semiAntiJoinFactors(
        semiSelectivity: selectivity, innerSelectivity: selectivity, innerRows: inner.rows)
    }
    let context = Context(
      outer: outer, inner: inner, type: type, restrict: restrict, joinQuals: joinQuals, pushed: pushed,
      keyClauses: keyClauses, innerUnique: innerUnique, semiFactors: semiFactors, unique: unique)
    sortInnerAndOuter(context)
    matchUnsortedOuter(context)
    hashInnerAndOuter(context)
  }

  // MARK: Inner uniqueness

  /// Mirrors `innerrel_is_unique` for a base relation: a unique index all of whose columns the
  /// join's equalities with the outer side, or the relation's own `column = constant`
  /// restrictions, fix. Partial unique indexes prove nothing, even when the restrictions imply
  /// their predicate (`rel_supports_distinctness` and `relation_has_unique_index_for` in
  /// PostgreSQL 15.x: `check_index_predicates` may have used join clauses to prove them).
  private func innerIsUnique(outer: RelInfo, inner: RelInfo, joinQuals: [PlannerClause]) -> Bool {
    guard let base = inner.base, let index = inner.relids.single else { return false }
    var fixed = Set<String>()
    for clause in joinQuals {
      guard let sides = clause.equality else { continue }
      for (mine, theirs, theirRelids) in [
        (sides.left, sides.right, sides.rightRelids), (sides.right, sides.left, sides.leftRelids),
      ] where theirRelids.isSubset(of: outer.relids) && !theirRelids.isEmpty {
        _ = theirs
        if let column = mine.strippedColumn, column.relation == index { fixed.insert(column.name) }
      }
    }
    for restriction in base.restrictions {
      guard case .operation(let call) = restriction, call.name == "=", call.args.count == 2 else { continue }
      for (mine, other) in [(call.args[0], call.args[1]), (call.args[1], call.args[0])] where other.isPseudoConstant {
        if let column = mine.strippedColumn { fixed.insert(column.name) }
      }
    }
    guard !fixed.isEmpty else { return false }
    // rel_is_distinct_for: a grouped or DISTINCT subquery is unique on its grouping columns.
    let fixedColumns = base.relation.columns.enumerated().filter { fixed.contains($0.element.name) }.map {
      TypedExpr.column(ColumnVar(relation: index, column: $0.offset, name: $0.element.name, type: .unknown))
    }
    if search.isDistinct(index, on: fixedColumns) { return true }
    return base.indexes.contains { index in
      index.isUnique && index.isValid && index.predicate == nil
        && index.keys.allSatisfy { $0.column.map(fixed.contains) ?? false }
    }
  }

  // MARK: Nested loops and merge joins over each outer path

  private func matchUnsortedOuter(_ context: Context) {
    let nestLoopAllowed = context.type != .right
    guard let innerCheapest = context.inner.cheapestTotal else { return }
    var materialized: Path?
    if nestLoopAllowed && context.unique != .inner && parameters.enableMaterial
      && !Self.materializesOutput(innerCheapest)
    {
      materialized = materialPath(innerCheapest)
    }
    // cheapest_parameterized_paths: the cheapest total path, and the cheapest path for each
    // set of outer relations a parameterized path needs.
    var innerCandidates: [(path: Path, parameterized: ParameterizedPath?)] = [(innerCheapest, nil)]
    if nestLoopAllowed {
      var byRequired: [RelSet: ParameterizedPath] = [:]
      var order: [RelSet] = []
      for candidate in search.parameterizedPaths(context.inner, outer: context.outer.relids) {
        if let known = byRequired[candidate.required] {
          if (candidate.path.cost.total, candidate.path.cost.startup) < (known.path.cost.total, known.path.cost.startup)
          {
            byRequired[candidate.required] = candidate
          }
        } else {
          byRequired[candidate.required] = candidate
          order.append(candidate.required)
        }
      }
      innerCandidates += order.compactMap { byRequired[$0] }.map { ($0.path, $0) }
    }
    for outerPath in context.outer.pathList.paths {
      if nestLoopAllowed {
        for candidate in innerCandidates {
          addPath(
            nestLoopPath(context, outer: outerPath, inner: candidate.path, parameterized: candidate.parameterized))
          if let parameterized = candidate.parameterized,
            let memoized = memoizePath(context, outer: outerPath, inner: parameterized)
          {
            addPath(
              nestLoopPath(
                context, outer: outerPath, inner: memoized.path, parameterized: parameterized,
                rescan: memoized.rescan))
          }
        }
        if let materialized {
          addPath(nestLoopPath(context, outer: outerPath, inner: materialized, parameterized: nil))
        }
      }
      if context.unique != .outer { generateMergeJoinPaths(context, outer: outerPath, innerCheapest: innerCheapest) }
    }
    // consider_parallel_nestloop: each worker's share of the outer side, the whole inner side
    // rescanned per row.
    guard nestLoopAllowed, context.unique != .outer, context.parallelSafe,
      !joinRel.relids.overlaps(search.parallelRestricted)
    else { return }
    for partial in context.outer.partialPaths.paths {
      for candidate in innerCandidates {
        addPartialPath(
          nestLoopPath(
            context, outer: partial.path, inner: candidate.path, parameterized: candidate.parameterized,
            workers: partial.workers), workers: partial.workers)
        if let parameterized = candidate.parameterized,
          let memoized = memoizePath(context, outer: partial.path, inner: parameterized)
        {
          addPartialPath(
            nestLoopPath(
              context, outer: partial.path, inner: memoized.path, parameterized: parameterized, rescan: memoized.rescan,
              workers: partial.workers), workers: partial.workers)
        }
      }
    }
  }

  /// `ExecMaterializesOutput`: nodes that keep their output, so a Material above them is useless.
  static func materializesOutput(_ path: Path) -> Bool {
    ["Material", "Materialize", "Sort", "Function Scan", "CTE Scan", "WorkTable Scan"].contains(path.node.nodeType)
  }

  private func materialPath(_ input: Path) -> Path {
    let cost = CostSize.costMaterial(input: input.cost, tuples: input.rows, width: input.width, parameters: parameters)
    var path = Path(
      nodeType: "Materialize", properties: Self.plainProperties, children: [input], cost: cost.cost, rows: input.rows,
      width: input.width, pathkeys: input.pathkeys)
    path.rescanKind = .materialOrSort
    return path
  }

  static let plainProperties = PlanNodes.plainProperties

  static func properties(parallel: Bool) -> [PlanProperty] {
    [
      PlanProperty(key: "Parallel Aware", value: .bool(parallel)),
      PlanProperty(key: "Async Capable", value: .bool(false)),
    ]
  }

  /// Mirrors `get_memoize_path`: a Memoize node caching a parameterized inner path's rows by the
  /// outer values it is called with, when every parameterized clause is a hashable equality.
  private func memoizePath(
    _ context: Context, outer: Path, inner: ParameterizedPath
  ) -> (path: Path, rescan: Cost)? {
    guard switches.memoize, context.outer.rows >= 2, !inner.clauses.isEmpty else { return nil }
    if (context.type == .semi || context.type == .anti) && !context.innerUnique { return nil }
    if context.innerUnique && inner.clauses.count < context.joinQuals.count { return nil }
    var keys: [TypedExpr] = []
    for clause in inner.clauses {
      guard let sides = clause.equality else { return nil }
      if sides.leftRelids.isSubset(of: context.outer.relids) && sides.rightRelids.isSubset(of: context.inner.relids) {
        keys.append(sides.left)
      } else if sides.rightRelids.isSubset(of: context.outer.relids)
        && sides.leftRelids.isSubset(of: context.inner.relids)
      {
        keys.append(sides.right)
      } else {
        return nil
      }
    }
    let input = JoinInput(cost: inner.path.cost, rows: inner.path.rows, width: inner.path.width)
    let calls = outer.rows
    let distinct = search.estimateNumGroups(keys, inputRows: calls)
    let usedDefault = keys.contains { key in
      guard let column = key.strippedColumn else { return true }
      return search.query.relations[column.relation].relation.columns[column.column].statistics == nil
    }
    let rescan = CostSize.costMemoizeRescan(
      input: input, calls: calls, distinctParameters: distinct, usedDefault: usedDefault, parameters: parameters)
    let first = CostSize.costMemoize(input: input, parameters: parameters)
    let path = Path(
      nodeType: "Memoize",
      properties: Self.plainProperties + [
        PlanProperty(key: "Cache Key", value: .string(keys.map { search.text($0) }.joined(separator: ", "))),
        PlanProperty(key: "Cache Mode", value: .string("logical")),
      ], children: [inner.path], cost: first, rows: inner.path.rows, width: inner.path.width,
      pathkeys: inner.path.pathkeys)
    return (path, rescan.cost)
  }

  /// A nested loop (`create_nestloop_path` costed by `initial_cost_nestloop` and
  /// `final_cost_nestloop`): the join clauses a parameterized inner path checks are not checked
  /// again.
  private func nestLoopPath(
    _ context: Context, outer: Path, inner: Path, parameterized: ParameterizedPath?, rescan givenRescan: Cost? = nil,
    workers: Int = 0
  ) -> Path? {
    var remaining = context.restrict
    if let parameterized {
      let classes = Set(parameterized.clauses.compactMap(\.equivalenceClass))
      remaining.removeAll { clause in
        if let number = clause.equivalenceClass, classes.contains(number) { return true }
        return parameterized.clauses.contains { $0.expr == clause.expr }
      }
    }
    let outerInput = JoinInput(cost: outer.cost, rows: outer.rows, width: outer.width, parallelWorkers: workers)
    let innerInput = JoinInput(cost: inner.cost, rows: inner.rows, width: inner.width)
    let rescan = givenRescan ?? CostSize.costRescan(innerInput, kind: inner.rescanKind, parameters: parameters)
    let joinQualCost = QualCostEval.cost(remaining.map(\.expr), parameters: parameters)
    let cost = CostSize.costNestLoop(
      kind: context.type.costKind, outer: outerInput, inner: innerInput, innerRescan: rescan, rows: joinRel.rows,
      innerUnique: context.innerUnique, semiFactors: context.semiFactors,
      hasIndexedJoinQuals: (parameterized?.allClausesIndexed ?? false) && remaining.isEmpty,
      joinQualCost: joinQualCost, parallelWorkers: workers, switches: switches, parameters: parameters)
    let pathkeys = context.type == .right ? [] : outer.pathkeys
    guard accepts(cost, pathkeys: pathkeys, workers: workers) else { return nil }
    let filters = filterProperties(context, remaining: remaining)
    return joinPath(
      "Nested Loop", context, properties: filters, outer: outer, inner: inner, cost: cost.cost, rows: cost.rows,
      pathkeys: pathkeys)
  }

  // MARK: Merge joins

  private func sortInnerAndOuter(_ context: Context) {
    guard !context.keyClauses.isEmpty, let outerPath = context.outer.cheapestTotal,
      let innerPath = context.inner.cheapestTotal
    else { return }
    // Each merge clause in turn leads the sort order, the others following in their order.
    for (position, head) in context.keyClauses.enumerated() {
      var ordering = [head]
      ordering += context.keyClauses.enumerated().filter { $0.offset != position }.map(\.element)
      addPath(mergeJoinPath(context, outer: outerPath, inner: innerPath, clauses: ordering))
    }
  }

  private func generateMergeJoinPaths(_ context: Context, outer: Path, innerCheapest: Path) {
    guard !outer.pathkeys.isEmpty, !context.keyClauses.isEmpty else { return }
    // find_mergeclauses_for_outer_pathkeys: the clauses the outer order sorts by, in its order.
    var clauses: [JoinKeyClause] = []
    for key in outer.pathkeys {
      guard !key.descending else { break }
      let matching = context.keyClauses.filter { search.canonical(Self.ascending($0.outer)) == key }
      if matching.isEmpty { break }
      clauses += matching.filter { candidate in !clauses.contains { $0.clause.expr == candidate.clause.expr } }
    }
    guard !clauses.isEmpty else { return }
    if context.type == .right && clauses.count < context.keyClauses.count { return }
    addPath(mergeJoinPath(context, outer: outer, inner: innerCheapest, clauses: clauses))
    let innerKeys = clauses.map { search.canonical(Self.ascending($0.inner)) }
    let sorted = context.inner.pathList.paths.filter { Self.hasPrefix($0.pathkeys, innerKeys) }
    if let total = sorted.min(by: { ($0.cost.total, $0.cost.startup) < ($1.cost.total, $1.cost.startup) }),
      total.node != innerCheapest.node
    {
      addPath(mergeJoinPath(context, outer: outer, inner: total, clauses: clauses))
    }
    if let startup = sorted.min(by: { ($0.cost.startup, $0.cost.total) < ($1.cost.startup, $1.cost.total) }),
      startup.node != innerCheapest.node
    {
      addPath(mergeJoinPath(context, outer: outer, inner: startup, clauses: clauses))
    }
  }

  static func ascending(_ expr: TypedExpr) -> SortKey { SortKey(expr: expr, descending: false, nullsFirst: false) }

  static func hasPrefix(_ pathkeys: [SortKey], _ wanted: [SortKey]) -> Bool {
    pathkeys.count >= wanted.count && Array(pathkeys.prefix(wanted.count)) == wanted
  }

  /// A merge join (`create_mergejoin_path` costed by `initial_cost_mergejoin` and
  /// `final_cost_mergejoin`), sorting an input not already in the clauses' order.
  private func mergeJoinPath(_ context: Context, outer: Path, inner: Path, clauses: [JoinKeyClause]) -> Path? {
    let outerKeys = clauses.map { Self.ascending($0.outer) }
    let innerKeys = clauses.map { Self.ascending($0.inner) }
    let outerNeedsSort = !Self.hasPrefix(outer.pathkeys, outerKeys.map(search.canonical))
    let innerNeedsSort = !Self.hasPrefix(inner.pathkeys, innerKeys.map(search.canonical))
    let outerInput = JoinInput(cost: outer.cost, rows: outer.rows, width: outer.width)
    let innerInput = JoinInput(cost: inner.cost, rows: inner.rows, width: inner.width)
    var fractions = CostSize.MergeScanFractions.whole
    if let first = clauses.first {
      fractions = search.mergeScanFractions(outer: first.outer, inner: first.inner)
      if context.type == .right {
        fractions.innerStart = 0
        fractions.innerEnd = 1
      }
    }
    let workspace = CostSize.initialCostMergeJoin(
      kind: context.type.costKind, outer: outerInput, inner: innerInput, outerNeedsSort: outerNeedsSort,
      innerNeedsSort: innerNeedsSort, fractions: fractions, parameters: parameters)
    let mergeQuals = clauses.map(\.clause.expr)
    let mergeQualCost = QualCostEval.cost(mergeQuals, parameters: parameters)
    let others = context.restrict.filter { clause in !clauses.contains { $0.clause.expr == clause.expr } }
    let otherQualCost = QualCostEval.cost(others.map(\.expr), parameters: parameters)
    let mergeTuples = approxTupleCount(clauses.map(\.clause), outerRows: outer.rows, innerRows: inner.rows, context)
    let innerSupportsMarkRestore = ["Index Scan", "Index Only Scan", "Materialize", "Sort"].contains(
      inner.node.nodeType)
    let cost = CostSize.finalCostMergeJoin(
      workspace, kind: context.type.costKind, inner: innerInput, rows: joinRel.rows, mergeQualCost: mergeQualCost,
      otherQualCost: otherQualCost, allClausesAreMerge: others.isEmpty, mergeJoinTuples: mergeTuples,
      innerNeedsSort: innerNeedsSort, innerUnique: context.innerUnique,
      innerSupportsMarkRestore: innerSupportsMarkRestore, switches: switches, parameters: parameters)
    let pathkeys = context.type == .right ? [] : outerKeys.map(search.canonical)
    guard accepts(cost, pathkeys: pathkeys, workers: 0) else { return nil }
    let outerChild = outerNeedsSort ? sortPath(outer, keys: outerKeys) : outer
    var innerChild = innerNeedsSort ? sortPath(inner, keys: innerKeys) : inner
    if cost.materializeInner {
      // create_mergejoin_plan: the Material node costs its input plus cpu_operator_cost a row.
      innerChild = Path(
        nodeType: "Materialize", properties: Self.plainProperties, children: [innerChild],
        cost: Cost(
          startup: innerChild.cost.startup, total: innerChild.cost.total + parameters.cpuOperatorCost * innerChild.rows),
        rows: innerChild.rows, width: innerChild.width)
    }
    let condition = clauses.map { search.text(Self.oriented($0)) }
    let properties =
      [PlanProperty(key: "Merge Cond", value: .string(Self.conjunction(condition)))]
      + filterProperties(context, remaining: others)
    return joinPath(
      "Merge Join", context, properties: properties, outer: outerChild, inner: innerChild, cost: cost.cost,
      rows: cost.rows, pathkeys: pathkeys)
  }

  private func sortPath(_ input: Path, keys: [SortKey]) -> Path {
    PlanNodes.sort(
      input, keyTexts: keys.map { search.text($0.expr) }, pathkeys: keys.map(search.canonical), parameters: parameters)
  }

  // MARK: Hash joins

  private func hashInnerAndOuter(_ context: Context) {
    guard !context.keyClauses.isEmpty, let innerPath = context.inner.cheapestTotal,
      let outerTotal = context.outer.cheapestTotal
    else { return }
    var outers: [Path] = []
    if let startup = context.outer.cheapestStartup { outers.append(startup) }
    if outers.first?.node != outerTotal.node { outers.append(outerTotal) }
    for outerPath in outers { addPath(hashJoinPath(context, outer: outerPath, inner: innerPath)) }
    // Parallel hash joins: each worker's share of the outer side probes a table of the whole
    // inner side, built by all workers together (Parallel Hash) or by each worker alone.
    guard context.type != .right, context.unique != .outer, context.parallelSafe,
      !joinRel.relids.overlaps(search.parallelRestricted), let partialOuter = context.outer.cheapestPartial
    else {
      return
    }
    if switches.parallelHash, context.unique != .inner, let partialInner = context.inner.cheapestPartial {
      addPartialPath(
        hashJoinPath(
          context, outer: partialOuter.path, inner: partialInner.path, workers: partialOuter.workers,
          innerWorkers: partialInner.workers, parallelHash: true), workers: partialOuter.workers)
    }
    addPartialPath(
      hashJoinPath(context, outer: partialOuter.path, inner: innerPath, workers: partialOuter.workers),
      workers: partialOuter.workers)
  }

  /// A hash join (`create_hashjoin_path` costed by `initial_cost_hashjoin` and
  /// `final_cost_hashjoin`); the inner side feeds a Hash node.
  private func hashJoinPath(
    _ context: Context, outer: Path, inner: Path, workers: Int = 0, innerWorkers: Int = 0, parallelHash: Bool = false
  ) -> Path? {
    let outerInput = JoinInput(cost: outer.cost, rows: outer.rows, width: outer.width, parallelWorkers: workers)
    let innerInput = JoinInput(cost: inner.cost, rows: inner.rows, width: inner.width, parallelWorkers: innerWorkers)
    let clauses = context.keyClauses
    let workspace = CostSize.initialCostHashJoin(
      outer: outerInput, inner: innerInput, hashClauseCount: clauses.count, parallelHash: parallelHash,
      parameters: parameters)
    let hashQuals = clauses.map(\.clause.expr)
    let others = context.restrict.filter { clause in !clauses.contains { $0.clause.expr == clause.expr } }
    let innerKeys = clauses.compactMap { clause -> CostSize.HashInnerKey? in
      guard let variable = search.variableStatistics(clause.inner), let relation = clause.inner.relids.single else {
        return nil
      }
      return CostSize.HashInnerKey(variable: variable, relationRows: search.baseRels[relation].rows)
    }
    let cost = CostSize.finalCostHashJoin(
      workspace, kind: context.type.costKind, outer: outerInput, inner: innerInput, rows: joinRel.rows,
      innerKeys: innerKeys, hashQualCost: QualCostEval.cost(hashQuals, parameters: parameters),
      otherQualCost: QualCostEval.cost(others.map(\.expr), parameters: parameters),
      hashJoinTuples: approxTupleCount(clauses.map(\.clause), outerRows: outer.rows, innerRows: inner.rows, context),
      innerUnique: context.innerUnique, innerIsUnique: context.unique == .inner, semiFactors: context.semiFactors,
      parallelWorkers: workers, switches: switches,
      parameters: parameters)
    guard accepts(cost, pathkeys: [], workers: workers) else { return nil }
    // create_hashjoin_plan: the Hash node shows its input's total cost as both its costs.
    let hash = Path(
      nodeType: "Hash", properties: Self.properties(parallel: parallelHash), children: [inner],
      cost: Cost(startup: inner.cost.total, total: inner.cost.total), rows: inner.rows, width: inner.width)
    let condition = clauses.map { search.text(Self.oriented($0)) }
    let properties =
      [PlanProperty(key: "Hash Cond", value: .string(Self.conjunction(condition)))]
      + filterProperties(context, remaining: others)
    var path = joinPath(
      "Hash Join", context, properties: properties, outer: outer, inner: hash, cost: cost.cost, rows: cost.rows,
      pathkeys: [], parallel: parallelHash)
    path.rescanKind = .hashJoin(batches: cost.batches)
    return path
  }

  /// Mirrors `approx_tuple_count`: the rows the clauses alone would let through, by their
  /// inner-join selectivity.
  private func approxTupleCount(
    _ clauses: [PlannerClause], outerRows: Double, innerRows: Double, _ context: Context
  ) -> Double {
    let selectivity = search.clauseListSelectivity(
      clauses, outer: context.outer.relids, inner: context.inner.relids, kind: .inner)
    return JoinSelectivity.approxTupleCount(selectivity: selectivity, outerRows: outerRows, innerRows: innerRows)
  }

  // MARK: Nodes

  /// The clause with its outer side first, as EXPLAIN prints hash and merge conditions.
  static func oriented(_ clause: JoinKeyClause) -> TypedExpr {
    .operation(OperatorCall(name: "=", args: [clause.outer, clause.inner], resultType: .boolean))
  }

  static func conjunction(_ texts: [String]) -> String {
    texts.count == 1 ? texts[0] : "(" + texts.joined(separator: " AND ") + ")"
  }

  /// "Join Filter" for the join's other conditions, "Filter" for clauses pushed down to an
  /// outer join.
  private func filterProperties(_ context: Context, remaining: [PlannerClause]) -> [PlanProperty] {
    var properties: [PlanProperty] = []
    let pushed = Set(context.pushed.map(\.expr))
    let joinFilter = remaining.filter { !pushed.contains($0.expr) }.map { search.text($0.expr) }
    let filter = remaining.filter { pushed.contains($0.expr) }.map { search.text($0.expr) }
    if !joinFilter.isEmpty {
      properties.append(PlanProperty(key: "Join Filter", value: .string(Self.conjunction(joinFilter))))
    }
    if !filter.isEmpty { properties.append(PlanProperty(key: "Filter", value: .string(Self.conjunction(filter)))) }
    return properties
  }

  private func joinPath(
    _ nodeType: String, _ context: Context, properties: [PlanProperty], outer: Path, inner: Path, cost: Cost,
    rows: Double, pathkeys: [SortKey], parallel: Bool = false
  ) -> Path {
    Path(
      nodeType: nodeType,
      properties: Self.properties(parallel: parallel) + [
        PlanProperty(key: "Join Type", value: .string(context.type.label)),
        PlanProperty(key: "Inner Unique", value: .bool(context.innerUnique)),
      ] + properties, children: [outer, inner], cost: cost, rows: rows, width: joinRel.width,
      pathkeys: pathkeys)
  }

  /// `add_path_precheck`: whether the path would survive, before its plan node is built.
  private func accepts(_ cost: JoinPathCost, pathkeys: [SortKey], workers: Int) -> Bool {
    workers > 0
      ? joinRel.partialPaths.wouldAccept(total: cost.cost.total, pathkeys: pathkeys)
      : joinRel.pathList.wouldAccept(cost.cost, rows: cost.rows, pathkeys: pathkeys)
  }

  private func addPath(_ path: Path?) {
    if let path { joinRel.pathList.add(path) }
  }

  private func addPartialPath(_ path: Path?, workers: Int) {
    if let path { joinRel.partialPaths.add((path, workers)) }
  }
}
