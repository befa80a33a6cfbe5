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

/// A merge join's sort keys of each side: as EXPLAIN prints them, and canonical.
struct MergeSortKeys {
  var outer: [String]
  var inner: [String]
  var canonicalOuter: [SortKey]
  var canonicalInner: [SortKey]
}

/// An equality usable to hash or merge the two inputs: its outer and inner sides.
struct JoinKeyClause {
  let clause: PlannerClause
  /// The clause this way round, with what hash and merge joins work out about it (kept with the
  /// clause).
  let cache: KeyClauseCache

  var outer: TypedExpr { cache.outer }
  var inner: TypedExpr { cache.inner }

  /// The outer side as a canonical ascending sort key: the order a merge join on it reads.
  func outerKey(_ search: JoinSearch) -> SortKey {
    if let known = cache.outerKey { return known }
    let key = search.canonical(JoinPathBuilder.ascending(outer))
    cache.outerKey = key
    return key
  }

  func innerKey(_ search: JoinSearch) -> SortKey {
    if let known = cache.innerKey { return known }
    let key = search.canonical(JoinPathBuilder.ascending(inner))
    cache.innerKey = key
    return key
  }

  /// `[outerKey]` numbered: the order of a merge join on this clause alone.
  func outerOrder(_ search: JoinSearch) -> PathKeysNumber {
    if let known = cache.outerOrder { return known }
    let order = search.pathKeys.number([outerKey(search)])
    cache.outerOrder = order
    return order
  }

  func innerOrder(_ search: JoinSearch) -> PathKeysNumber {
    if let known = cache.innerOrder { return known }
    let order = search.pathKeys.number([innerKey(search)])
    cache.innerOrder = order
    return order
  }

  /// `outer = inner` as EXPLAIN prints a Hash or Merge Cond.
  func text(_ search: JoinSearch) -> String {
    if let known = cache.text { return known }
    let text = search.text(JoinPathBuilder.oriented(self))
    cache.text = text
    return text
  }

  func scanFractions(_ search: JoinSearch) -> CostSize.MergeScanFractions {
    if let known = cache.scanFractions { return known }
    let fractions = search.mergeScanFractions(outer: outer, inner: inner)
    cache.scanFractions = fractions
    return fractions
  }

  /// `[innerBuckets]` (empty without statistics), kept for the hash joins on this clause alone.
  func innerBucketsList(_ search: JoinSearch) -> [CostSize.HashBucketInputs] {
    if let known = cache.innerBucketsList { return known }
    let list = innerBuckets(search).map { [$0] } ?? []
    cache.innerBucketsList = list
    return list
  }

  /// The sort keys of a merge join on this clause alone (`MergeClauses.sortKeys`).
  func sortKeys(_ search: JoinSearch) -> MergeSortKeys {
    if let known = cache.sortKeys { return known }
    let keys = MergeSortKeys(
      outer: [search.text(outer)], inner: [search.text(inner)], canonicalOuter: [outerKey(search)],
      canonicalInner: [innerKey(search)])
    cache.sortKeys = keys
    return keys
  }

  /// What the hash table's bucket size needs of the inner side's statistics and relation rows.
  func innerBuckets(_ search: JoinSearch) -> CostSize.HashBucketInputs? {
    if let known = cache.innerBuckets { return known }
    var inputs: CostSize.HashBucketInputs?
    if let variable = search.variableStatistics(inner), let relation = inner.relids.single {
      inputs = CostSize.HashBucketInputs(variable, relationRows: search.baseRels[relation].rows)
    }
    cache.innerBuckets = .some(inputs)
    return inputs
  }
}

/// The paths of one join relation from one pair of inputs, mirroring `add_paths_to_joinrel`
/// (joinpath.c): merge joins of the sorted inputs (`sort_inner_and_outer`), nested loops and
/// merge joins over each outer path (`match_unsorted_outer`), hash joins
/// (`hash_inner_and_outer`); each path costed by costsize.c's functions and offered to
/// `add_path`.
///
/// A large join search offers hundreds of thousands of candidate paths this way, most of them
/// turned down by `add_path_precheck`. So what does not depend on the outer path (the clauses a
/// nested loop leaves to check, the costs and selectivities of merge and hash clauses, EXPLAIN's
/// texts) is worked out once per pair of inputs, and a plan node is built only for a path that
/// passes the precheck.
struct JoinPathBuilder {
  let search: JoinSearch
  let joinRel: RelInfo

  var parameters: CostParameters { search.parameters }
  var switches: JoinMethodSwitches { search.switches }

  /// What the three strategies share for one (outer, inner, type), and what they work out on
  /// the way for the outer paths: a class, so that they fill its caches in place.
  private final class Context {
    let outer: RelInfo
    let inner: RelInfo
    let type: PathJoinType
    /// All clauses checked at this join (`restrictlist`).
    let restrict: [PlannerClause]
    /// The outer join's own conditions (all clauses for an inner join).
    let joinQuals: [PlannerClause]
    /// Clauses pushed down to an outer join from above (checked after NULL-extension).
    let pushed: [PlannerClause]
    let keyClauses: [JoinKeyClause]
    let innerUnique: Bool
    let semiFactors: SemiAntiJoinFactors?
    let unique: UniqueSide?
    /// No correlated SubPlan among the join's clauses (they are parallel-restricted).
    let parallelSafe: Bool
    /// The merge clause lists met so far, with what merge joins on each share.
    var mergeClauseLists: [MergeClauses] = []
    /// The merge clauses an outer order sorts by (`find_mergeclauses_for_outer_pathkeys`), by
    /// the order's number (nil: none).
    var mergeClausesForOrder: [(order: PathKeysNumber, clauses: MergeClauses?)] = []
    /// The key clauses' positions in order (the only merge clause list of a single clause).
    let allPositions: [Int]
    /// What the hash joins share, made for the first.
    var hashClauses: HashClauses?

    private static let onlyPosition = [0]

    /// `ExecSupportsMarkRestore` of the inner relation's cheapest path.
    private(set) lazy var innerCheapestSupportsMarkRestore =
      inner.cheapestTotal.map { JoinPathBuilder.supportsMarkRestore($0.nodeType) } ?? false

    /// The position of the first key clause with the same expression as the one at `position`
    /// (a clause listed twice is one merge clause).
    func firstSame(_ position: Int) -> Int {
      keyClauses.firstIndex { $0.clause.hasSameExpr(as: keyClauses[position].clause) } ?? position
    }

    init(
      outer: RelInfo, inner: RelInfo, type: PathJoinType, restrict: [PlannerClause], joinQuals: [PlannerClause],
      pushed: [PlannerClause], keyClauses: [JoinKeyClause], innerUnique: Bool, semiFactors: SemiAntiJoinFactors?,
      unique: UniqueSide?, search: JoinSearch
    ) {
      self.outer = outer
      self.inner = inner
      self.type = type
      self.restrict = restrict
      self.joinQuals = joinQuals
      self.pushed = pushed
      self.keyClauses = keyClauses
      allPositions = keyClauses.count == 1 ? Self.onlyPosition : Array(keyClauses.indices)
      self.innerUnique = innerUnique
      self.semiFactors = semiFactors
      self.unique = unique
      parallelSafe = !restrict.contains { $0.expr.hasCorrelatedSubPlan }
    }
  }

  /// An inner path of a nested loop with what every outer path shares: its input figures and
  /// rescan cost, the join clauses left to check at the join (those a parameterized inner path
  /// does not check itself) and their cost; its plan node and EXPLAIN's filter lines are made
  /// when a nested loop over it first passes the precheck.
  private final class NestLoopInner {
    let input: JoinInput
    /// `cost_rescan` (a Memoize node's rescans depend on the outer rows: `MemoizeInner`).
    let rescan: Cost
    let parameterized: ParameterizedPath?
    let remaining: [PlannerClause]
    let qualCost: QualCost
    let hasIndexedJoinQuals: Bool
    private var made: Path?
    private let source: Source
    /// The nested loop's EXPLAIN properties, once made.
    var properties: [PlanProperty]?

    /// The inner path: given, or a node to make over one when a nested loop over it survives.
    enum Source {
      case path(Path)
      case material(over: Path, cost: Cost)
      case memoize(over: Path, keys: [TypedExpr], cost: Cost)
    }

    /// What a nested loop's cost needs, as a plain value.
    var figures: NestLoopFigures {
      NestLoopFigures(input: input, rescan: rescan, qualCost: qualCost, hasIndexedJoinQuals: hasIndexedJoinQuals)
    }

    init(
      input: JoinInput, rescan: Cost, parameterized: ParameterizedPath?, restrict: [PlannerClause],
      search: JoinSearch, source: Source
    ) {
      self.input = input
      self.rescan = rescan
      self.parameterized = parameterized
      var remaining = restrict
      if let parameterized {
        let classes = parameterized.clauses.compactMap(\.equivalenceClass)
        remaining.removeAll { clause in
          if let number = clause.equivalenceClass, classes.contains(number) { return true }
          return parameterized.clauses.contains { $0.hasSameExpr(as: clause) }
        }
      }
      self.remaining = remaining
      qualCost = search.qualCost(remaining)
      hasIndexedJoinQuals = (parameterized?.allClausesIndexed ?? false) && remaining.isEmpty
      self.source = source
    }

    /// A path given as it is.
    convenience init(_ path: Path, parameterized: ParameterizedPath?, restrict: [PlannerClause], search: JoinSearch) {
      let input = JoinInput(cost: path.cost, rows: path.rows, width: path.width)
      self.init(
        input: input, rescan: CostSize.costRescan(input, kind: path.rescanKind, parameters: search.parameters),
        parameterized: parameterized, restrict: restrict, search: search, source: .path(path))
    }

    func path(_ search: JoinSearch) -> Path {
      if let made { return made }
      let path: Path
      switch source {
      case .path(let given):
        return given
      case .material(let input, let cost):
        path = Path(
          nodeType: "Materialize", properties: JoinPathBuilder.plainProperties, input: input, cost: cost,
          rows: input.rows, width: input.width, pathkeys: input.pathkeys, rescanKind: .materialOrSort)
      case .memoize(let input, let keys, let cost):
        path = Path(
          nodeType: "Memoize",
          properties: JoinPathBuilder.plainProperties + [
            PlanProperty(key: "Cache Key", value: .string(keys.map { search.text($0) }.joined(separator: ", "))),
            PlanProperty(key: "Cache Mode", value: .string("logical")),
          ], input: input, cost: cost, rows: input.rows, width: input.width, pathkeys: input.pathkeys)
      }
      made = path
      return path
    }
  }

  /// An inner side's figures for `nestLoopCost`.
  private struct NestLoopFigures {
    var input: JoinInput
    var rescan: Cost
    var qualCost: QualCost
    var hasIndexedJoinQuals: Bool
  }

  /// A Memoize node over a parameterized inner path (`get_memoize_path`), as the inner path of
  /// nested loops: its rescan cost depends on the outer rows (the calls), kept for the last.
  private final class MemoizeInner {
    let node: NestLoopInner
    /// The parameterized path's own figures.
    let input: JoinInput
    /// The outer sides of the parameterized clauses (the cache keys).
    let keys: [TypedExpr]
    let usedDefault: Bool
    private var lastCalls = Double.nan
    private var lastRescan = Cost(startup: 0, total: 0)

    init(node: NestLoopInner, input: JoinInput, keys: [TypedExpr], usedDefault: Bool) {
      self.node = node
      self.input = input
      self.keys = keys
      self.usedDefault = usedDefault
    }

    /// `cost_memoize_rescan` for `calls` outer rows.
    func rescan(calls: Double, search: JoinSearch) -> Cost {
      if calls == lastCalls { return lastRescan }
      let distinct = search.estimateNumGroups(keys, inputRows: calls)
      lastRescan =
        CostSize.costMemoizeRescan(
          input: input, calls: calls, distinctParameters: distinct, usedDefault: usedDefault,
          parameters: search.parameters
        ).cost
      lastCalls = calls
      return lastRescan
    }
  }

  /// A list of merge clauses (positions in `keyClauses`, in the order the inputs are sorted by)
  /// with what every merge join on it shares.
  private final class MergeClauses {
    let positions: [Int]
    let clauses: [JoinKeyClause]
    /// The canonical sort keys of each side numbered: the order of the merge join's output,
    /// and the order it needs of the inner side.
    let outerOrder: PathKeysNumber
    let innerOrder: PathKeysNumber
    let fractions: CostSize.MergeScanFractions
    let mergeQualCost: QualCost
    /// The join's other clauses, checked after merging.
    let others: [PlannerClause]
    let otherQualCost: QualCost
    /// The clauses' inner-join selectivity (`approx_tuple_count`).
    let selectivity: Double
    /// The merge join's EXPLAIN properties, once made.
    var properties: [PlanProperty]?
    /// `generate_mergejoin_paths`' other inner paths (already in order, cheapest total then
    /// cheapest startup, each unless it is the cheapest inner path), once chosen.
    var presortedInners: [(path: Path, supportsMarkRestore: Bool)]?
    /// Each side's sort keys, made for the first path kept.
    private var keys: MergeSortKeys?

    init(positions: [Int], context: Context, search: JoinSearch) {
      self.positions = positions
      clauses = positions == context.allPositions ? context.keyClauses : positions.map { context.keyClauses[$0] }
      outerOrder =
        clauses.count == 1
        ? clauses[0].outerOrder(search) : search.pathKeys.number(clauses.map { $0.outerKey(search) })
      innerOrder =
        clauses.count == 1
        ? clauses[0].innerOrder(search) : search.pathKeys.number(clauses.map { $0.innerKey(search) })
      var fractions = CostSize.MergeScanFractions.whole
      if let first = clauses.first {
        fractions = first.scanFractions(search)
        if context.type == .right {
          fractions.innerStart = 0
          fractions.innerEnd = 1
        }
      }
      self.fractions = fractions
      mergeQualCost = search.qualCost(clauses.lazy.map(\.clause))
      let clauses = clauses
      others = context.restrict.filter { clause in !clauses.contains { $0.clause.hasSameExpr(as: clause) } }
      otherQualCost = search.qualCost(others)
      selectivity = search.clauseListSelectivity(
        clauses.lazy.map(\.clause), outer: context.outer.relids, inner: context.inner.relids, kind: .inner)
    }

    func sortKeys(_ search: JoinSearch) -> MergeSortKeys {
      if let keys { return keys }
      let made =
        clauses.count == 1
        ? clauses[0].sortKeys(search)
        : MergeSortKeys(
          outer: clauses.map { search.text($0.outer) }, inner: clauses.map { search.text($0.inner) },
          canonicalOuter: clauses.map { $0.outerKey(search) }, canonicalInner: clauses.map { $0.innerKey(search) })
      keys = made
      return made
    }
  }

  /// What every hash join of the pair shares: the hash clauses' costs and selectivity, the other
  /// clauses, the inner keys' statistics.
  private final class HashClauses {
    let hashQualCost: QualCost
    let others: [PlannerClause]
    let otherQualCost: QualCost
    let innerBuckets: [CostSize.HashBucketInputs]
    let selectivity: Double
    /// "Hash Cond" and the filter lines, and the hash join's EXPLAIN properties (without Parallel
    /// Hash), once made.
    var conditions: [PlanProperty]?
    var properties: [PlanProperty]?

    init(context: Context, search: JoinSearch) {
      let clauses = context.keyClauses
      hashQualCost = search.qualCost(clauses.map(\.clause))
      others = context.restrict.filter { clause in !clauses.contains { $0.clause.hasSameExpr(as: clause) } }
      otherQualCost = search.qualCost(others)
      innerBuckets =
        clauses.count == 1 ? clauses[0].innerBucketsList(search) : clauses.compactMap { $0.innerBuckets(search) }
      selectivity = search.clauseListSelectivity(
        clauses.map(\.clause), outer: context.outer.relids, inner: context.inner.relids, kind: .inner)
    }
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
        keyClauses.append(JoinKeyClause(clause: clause, cache: clause.keyClause(sides, outerIsLeft: true)))
      } else if sides.rightRelids.isSubset(of: outer.relids) && sides.leftRelids.isSubset(of: inner.relids) {
        keyClauses.append(JoinKeyClause(clause: clause, cache: clause.keyClause(sides, outerIsLeft: false)))
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
      keyClauses: keyClauses, innerUnique: innerUnique, semiFactors: semiFactors, unique: unique, search: search)
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
  /// What depends on the relation alone (the columns its restrictions fix, its unique
  /// indexes) is worked out once per relation (`JoinSearch.uniqueness`).
  private func innerIsUnique(outer: RelInfo, inner: RelInfo, joinQuals: [PlannerClause]) -> Bool {
    guard let base = inner.base, let index = inner.relids.single else { return false }
    let uniqueness = search.uniqueness(of: base, index: index)
    var joinFixed: [String] = []
    for clause in joinQuals {
      guard let sides = clause.equality else { continue }
      if sides.rightRelids.isSubset(of: outer.relids) && !sides.rightRelids.isEmpty,
        let name = clause.sideColumnName(left: true, relation: index)
      {
        joinFixed.append(name)
      }
      if sides.leftRelids.isSubset(of: outer.relids) && !sides.leftRelids.isEmpty,
        let name = clause.sideColumnName(left: false, relation: index)
      {
        joinFixed.append(name)
      }
    }
    guard !joinFixed.isEmpty || !uniqueness.restrictionFixed.isEmpty else { return false }
    if uniqueness.isSubquery {
      // rel_is_distinct_for: a grouped or DISTINCT subquery is unique on its grouping columns.
      let fixed = uniqueness.restrictionFixed.union(joinFixed)
      let fixedColumns = base.relation.columns.enumerated().filter { fixed.contains($0.element.name) }.map {
        TypedExpr.column(ColumnVar(relation: index, column: $0.offset, name: $0.element.name, type: .unknown))
      }
      if search.isDistinct(index, on: fixedColumns) { return true }
    }
    return uniqueness.uniqueKeys.contains { keys in
      keys.allSatisfy { joinFixed.contains($0) || uniqueness.restrictionFixed.contains($0) }
    }
  }

  // MARK: Nested loops and merge joins over each outer path

  private func matchUnsortedOuter(_ context: Context) {
    let nestLoopAllowed = context.type != .right
    guard let innerCheapest = context.inner.cheapestTotal else { return }
    var materialized: NestLoopInner?
    if nestLoopAllowed && context.unique != .inner && parameters.enableMaterial
      && !Self.materializesOutput(innerCheapest)
    {
      materialized = materialInner(innerCheapest, context)
    }
    // cheapest_parameterized_paths: the cheapest total path, and the cheapest path for each
    // set of outer relations a parameterized path needs.
    let parameterized =
      nestLoopAllowed ? search.cheapestParameterizedPaths(context.inner, outer: context.outer.relids) : []
    var innerCandidates: [NestLoopInner] = []
    innerCandidates.reserveCapacity(1 + parameterized.count)
    innerCandidates.append(
      NestLoopInner(innerCheapest, parameterized: nil, restrict: context.restrict, search: search))
    for candidate in parameterized {
      innerCandidates.append(
        NestLoopInner(candidate.path, parameterized: candidate, restrict: context.restrict, search: search))
    }
    // What every outer path is offered, in match_unsorted_outer's order: each candidate, then its
    // Memoize node (get_memoize_path), and the Material node last. The loop reads their cost
    // figures as plain values, and the inner sides only for paths that pass the precheck.
    var offers: [NestLoopInner] = []
    var memoizes: [MemoizeInner?] = []
    offers.reserveCapacity(2 * innerCandidates.count + 1)
    memoizes.reserveCapacity(2 * innerCandidates.count + 1)
    for candidate in innerCandidates {
      offers.append(candidate)
      memoizes.append(nil)
      if let memoize = makeMemoizeInner(context, candidate) {
        offers.append(memoize.node)
        memoizes.append(memoize)
      }
    }
    let candidateOffers = offers.count
    if let materialized {
      offers.append(materialized)
      memoizes.append(nil)
    }
    let figures = offers.map(\.figures)
    // A Memoize node's rescan cost depends on the outer rows (the calls).
    var rescans = figures.map(\.rescan)
    var rescansRows = Double.nan
    let outerPaths = context.outer.pathList.paths
    let outerOrders = context.outer.pathList.pathkeysNumbers
    for position in outerPaths.indices {
      let outerOrder = outerOrders[position]
      if nestLoopAllowed {
        let outer = JoinInput(
          cost: outerPaths[position].cost, rows: outerPaths[position].rows, width: outerPaths[position].width)
        if outer.rows != rescansRows {
          for offer in memoizes.indices {
            if let memoize = memoizes[offer] { rescans[offer] = memoize.rescan(calls: outer.rows, search: search) }
          }
          rescansRows = outer.rows
        }
        for offer in figures.indices {
          guard
            let cost = nestLoopCost(
              context, outer: outer, inner: figures[offer], rescan: rescans[offer], order: outerOrder,
              pathkeys: outerPaths[position].pathkeys)
          else { continue }
          addNestLoop(context, outer: outerPaths[position], order: outerOrder, inner: offers[offer], cost: cost)
        }
      }
      if context.unique != .outer {
        generateMergeJoinPaths(
          context, outer: outerPaths[position], order: outerOrder, innerCheapest: innerCheapest)
      }
    }
    // consider_parallel_nestloop: each worker's share of the outer side, the whole inner side
    // rescanned per row (no Material node).
    guard nestLoopAllowed, context.unique != .outer, context.parallelSafe,
      !joinRel.relids.overlaps(search.parallelRestricted)
    else { return }
    for partial in context.outer.partialPaths.paths {
      let outer = JoinInput(
        cost: partial.path.cost, rows: partial.path.rows, width: partial.path.width, parallelWorkers: partial.workers)
      if outer.rows != rescansRows {
        for offer in memoizes.indices {
          if let memoize = memoizes[offer] { rescans[offer] = memoize.rescan(calls: outer.rows, search: search) }
        }
        rescansRows = outer.rows
      }
      for offer in 0..<candidateOffers {
        guard
          let cost = nestLoopCost(
            context, outer: outer, inner: figures[offer], rescan: rescans[offer], order: nil,
            pathkeys: partial.path.pathkeys, workers: partial.workers)
        else { continue }
        addNestLoop(
          context, outer: partial.path, order: nil, inner: offers[offer], cost: cost, workers: partial.workers)
      }
    }
  }

  /// `ExecMaterializesOutput`: nodes that keep their output, so a Material above them is useless.
  static func materializesOutput(_ path: Path) -> Bool {
    switch path.nodeType {
    case "Material", "Materialize", "Sort", "Function Scan", "CTE Scan", "WorkTable Scan": true
    default: false
    }
  }

  /// `ExecSupportsMarkRestore`: inner paths a merge join can mark and restore (not joins).
  static func supportsMarkRestore(_ nodeType: String) -> Bool {
    switch nodeType {
    case "Index Scan", "Index Only Scan", "Materialize", "Sort": true
    default: false
    }
  }

  /// A Material node over the inner path (`create_material_path`) as a nested loop's inner side;
  /// the node itself is made when a nested loop over it survives.
  private func materialInner(_ input: Path, _ context: Context) -> NestLoopInner {
    let cost = CostSize.costMaterial(input: input.cost, tuples: input.rows, width: input.width, parameters: parameters)
    let figures = JoinInput(cost: cost.cost, rows: input.rows, width: input.width)
    return NestLoopInner(
      input: figures, rescan: CostSize.costRescan(figures, kind: .materialOrSort, parameters: parameters),
      parameterized: nil, restrict: context.restrict, search: search, source: .material(over: input, cost: cost.cost))
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
  /// Worked out once per inner candidate: nothing here depends on the outer path but the calls.
  private func makeMemoizeInner(_ context: Context, _ candidate: NestLoopInner) -> MemoizeInner? {
    guard let inner = candidate.parameterized else { return nil }
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
    let usedDefault = keys.contains { key in
      guard let column = key.strippedColumn else { return true }
      return !search.hasStatistics(relation: column.relation, column: column.column)
    }
    let first = CostSize.costMemoize(input: input, parameters: parameters)
    let node = NestLoopInner(
      input: JoinInput(cost: first, rows: inner.path.rows, width: inner.path.width), rescan: first,
      parameterized: inner, restrict: context.restrict, search: search,
      source: .memoize(over: inner.path, keys: keys, cost: first))
    return MemoizeInner(node: node, input: input, keys: keys, usedDefault: usedDefault)
  }

  /// A nested loop's cost (`initial_cost_nestloop` and `final_cost_nestloop`), when it passes
  /// the precheck (`add_partial_path_precheck` with workers): the join clauses a parameterized
  /// inner path checks are not checked again. `order` numbers the outer path's pathkeys (nil
  /// for a partial path).
  private func nestLoopCost(
    _ context: Context, outer: JoinInput, inner: NestLoopFigures, rescan: Cost, order: PathKeysNumber?,
    pathkeys: @autoclosure () -> [SortKey], workers: Int = 0
  ) -> JoinPathCost? {
    let cost = CostSize.costNestLoop(
      kind: context.type.costKind, outer: outer, inner: inner.input, innerRescan: rescan, rows: joinRel.rows,
      innerUnique: context.innerUnique, semiFactors: context.semiFactors,
      hasIndexedJoinQuals: inner.hasIndexedJoinQuals, joinQualCost: inner.qualCost, parallelWorkers: workers,
      switches: switches, parameters: parameters)
    let order = context.type == .right ? PathKeysNumber.unordered : order
    return accepts(cost, pathkeys: context.type == .right ? [] : pathkeys(), order: order, workers: workers)
      ? cost : nil
  }

  /// The nested loop (`create_nestloop_path`) of a cost that passed the precheck, offered to
  /// `add_path` (`add_partial_path` with workers).
  private func addNestLoop(
    _ context: Context, outer: Path, order: PathKeysNumber?, inner: NestLoopInner, cost: JoinPathCost,
    workers: Int = 0
  ) {
    let order = context.type == .right ? PathKeysNumber.unordered : order
    let pathkeys = context.type == .right ? [] : outer.pathkeys
    let properties =
      inner.properties
      ?? joinProperties(context, parallel: false, filterProperties(context, remaining: inner.remaining))
    inner.properties = properties
    add(
      joinPath(
        "Nested Loop", properties: properties, outer: outer, inner: inner.path(search), cost: cost.cost,
        rows: cost.rows,
        pathkeys: pathkeys), order: order, workers: workers)
  }

  // MARK: Merge joins

  private func sortInnerAndOuter(_ context: Context) {
    guard !context.keyClauses.isEmpty, let outerPath = context.outer.cheapestTotal,
      let outerOrder = context.outer.cheapestTotalOrder, let innerPath = context.inner.cheapestTotal,
      let innerOrder = context.inner.cheapestTotalOrder
    else { return }
    // Each merge clause in turn leads the sort order, the others following in their order.
    for position in context.keyClauses.indices {
      let ordering =
        position == 0 ? context.allPositions : [position] + context.keyClauses.indices.filter { $0 != position }
      let merge = mergeClauses(ordering, context)
      mergeJoinPath(
        context, outer: outerPath, inner: innerPath,
        innerSupportsMarkRestore: context.innerCheapestSupportsMarkRestore, clauses: merge,
        outerNeedsSort: !search.pathKeys.hasPrefix(outerOrder, merge.outerOrder),
        innerNeedsSort: !search.pathKeys.hasPrefix(innerOrder, merge.innerOrder))
    }
  }

  /// The merge clause list of these positions, made on first use.
  private func mergeClauses(_ positions: [Int], _ context: Context) -> MergeClauses {
    if let known = context.mergeClauseLists.first(where: { $0.positions == positions }) { return known }
    let made = MergeClauses(positions: positions, context: context, search: search)
    context.mergeClauseLists.append(made)
    return made
  }

  /// `generate_mergejoin_paths` for one outer path (`order` numbers its pathkeys).
  private func generateMergeJoinPaths(_ context: Context, outer: Path, order: PathKeysNumber, innerCheapest: Path) {
    guard order != .unordered, !context.keyClauses.isEmpty else { return }
    let found: MergeClauses?
    if context.keyClauses.count == 1 {
      // The one clause's list, when the order begins with its outer key.
      let leads = search.pathKeys.key(of: order, at: 0) == context.keyClauses[0].outerOrder(search).number
      found = leads ? mergeClauses(context.allPositions, context) : nil
    } else if let known = context.mergeClausesForOrder.first(where: { $0.order == order }) {
      found = known.clauses
    } else {
      let positions = mergeClausePositions(context, outerOrder: order)
      found =
        positions.isEmpty || (context.type == .right && positions.count < context.keyClauses.count)
        ? nil : mergeClauses(positions, context)
      context.mergeClausesForOrder.append((order, found))
    }
    guard let merge = found, let innerOrder = context.inner.cheapestTotalOrder else { return }
    let outerNeedsSort = !search.pathKeys.hasPrefix(order, merge.outerOrder)
    let innerNeedsSort = !search.pathKeys.hasPrefix(innerOrder, merge.innerOrder)
    mergeJoinPath(
      context, outer: outer, inner: innerCheapest, innerSupportsMarkRestore: context.innerCheapestSupportsMarkRestore,
      clauses: merge, outerNeedsSort: outerNeedsSort, innerNeedsSort: innerNeedsSort)
    for inner in presortedInners(merge, context, innerCheapest: innerCheapest) {
      mergeJoinPath(
        context, outer: outer, inner: inner.path, innerSupportsMarkRestore: inner.supportsMarkRestore, clauses: merge,
        outerNeedsSort: outerNeedsSort, innerNeedsSort: false)
    }
  }

  /// `find_mergeclauses_for_outer_pathkeys`: the key clauses an outer order sorts by, in its
  /// order (positions in `keyClauses`). Keys compare by number (a descending key matches no
  /// clause's ascending one).
  private func mergeClausePositions(_ context: Context, outerOrder: PathKeysNumber) -> [Int] {
    if context.keyClauses.count == 1 {
      // The one clause, when the order begins with its outer key (a repeated key adds nothing).
      let leads =
        outerOrder.length > 0
        && search.pathKeys.key(of: outerOrder, at: 0) == context.keyClauses[0].outerOrder(search).number
      return leads ? context.allPositions : []
    }
    var positions: [Int] = []
    for position in 0..<outerOrder.length {
      let key = search.pathKeys.key(of: outerOrder, at: position)
      let matching = context.keyClauses.indices.filter { context.keyClauses[$0].outerOrder(search).number == key }
      if matching.isEmpty { break }
      let chosen = positions
      positions += matching.filter { candidate in
        !chosen.contains { context.firstSame($0) == context.firstSame(candidate) }
      }
    }
    return positions
  }

  /// The inner paths already in the merge clauses' order worth a merge join besides the
  /// cheapest inner path: the cheapest total, then the cheapest startup, each unless it is the
  /// cheapest inner path (the inner relation's paths are final by now).
  private func presortedInners(
    _ merge: MergeClauses, _ context: Context, innerCheapest: Path
  ) -> [(path: Path, supportsMarkRestore: Bool)] {
    if let known = merge.presortedInners { return known }
    let paths = context.inner.pathList.paths
    let orders = context.inner.pathList.pathkeysNumbers
    // The first of the cheapest by (total, startup) and by (startup, total) among those in order.
    var total: Int?
    var startup: Int?
    for position in paths.indices where search.pathKeys.hasPrefix(orders[position], merge.innerOrder) {
      let cost = paths[position].cost
      if total.map({ (cost.total, cost.startup) < (paths[$0].cost.total, paths[$0].cost.startup) }) ?? true {
        total = position
      }
      if startup.map({ (cost.startup, cost.total) < (paths[$0].cost.startup, paths[$0].cost.total) }) ?? true {
        startup = position
      }
    }
    var chosen: [(path: Path, supportsMarkRestore: Bool)] = []
    if let total, !paths[total].hasSameNode(as: innerCheapest) {
      chosen.append((paths[total], Self.supportsMarkRestore(paths[total].nodeType)))
    }
    if let startup, !paths[startup].hasSameNode(as: innerCheapest) {
      chosen.append((paths[startup], Self.supportsMarkRestore(paths[startup].nodeType)))
    }
    merge.presortedInners = chosen
    return chosen
  }

  static func ascending(_ expr: TypedExpr) -> SortKey { SortKey(expr: expr, descending: false, nullsFirst: false) }

  static func hasPrefix(_ pathkeys: [SortKey], _ wanted: [SortKey]) -> Bool {
    pathkeys.count >= wanted.count && pathkeys.starts(with: wanted)
  }

  /// A merge join (`create_mergejoin_path` costed by `initial_cost_mergejoin` and
  /// `final_cost_mergejoin`), sorting an input not already in the clauses' order, offered to
  /// `add_path`.
  private func mergeJoinPath(
    _ context: Context, outer: Path, inner: Path, innerSupportsMarkRestore: Bool, clauses merge: MergeClauses,
    outerNeedsSort: Bool, innerNeedsSort: Bool
  ) {
    let outerInput = JoinInput(cost: outer.cost, rows: outer.rows, width: outer.width)
    let innerInput = JoinInput(cost: inner.cost, rows: inner.rows, width: inner.width)
    let workspace = CostSize.initialCostMergeJoin(
      kind: context.type.costKind, outer: outerInput, inner: innerInput, outerNeedsSort: outerNeedsSort,
      innerNeedsSort: innerNeedsSort, fractions: merge.fractions, parameters: parameters)
    let mergeTuples = JoinSelectivity.approxTupleCount(
      selectivity: merge.selectivity, outerRows: outer.rows, innerRows: inner.rows)
    let cost = CostSize.finalCostMergeJoin(
      workspace, kind: context.type.costKind, inner: innerInput, rows: joinRel.rows,
      mergeQualCost: merge.mergeQualCost, otherQualCost: merge.otherQualCost, allClausesAreMerge: merge.others.isEmpty,
      mergeJoinTuples: mergeTuples, innerNeedsSort: innerNeedsSort, innerUnique: context.innerUnique,
      innerSupportsMarkRestore: innerSupportsMarkRestore, switches: switches, parameters: parameters)
    let order = context.type == .right ? PathKeysNumber.unordered : merge.outerOrder
    guard joinRel.wouldAccept(cost.cost, rows: cost.rows, pathkeysNumber: order) else { return }
    let keys = merge.sortKeys(search)
    let pathkeys = context.type == .right ? [] : keys.canonicalOuter
    let outerChild = outerNeedsSort ? sortPath(outer, keys: keys.outer, canonical: keys.canonicalOuter) : outer
    var innerChild = innerNeedsSort ? sortPath(inner, keys: keys.inner, canonical: keys.canonicalInner) : inner
    if cost.materializeInner {
      // create_mergejoin_plan: the Material node costs its input plus cpu_operator_cost a row.
      innerChild = Path(
        nodeType: "Materialize", properties: Self.plainProperties, input: innerChild,
        cost: Cost(
          startup: innerChild.cost.startup, total: innerChild.cost.total + parameters.cpuOperatorCost * innerChild.rows),
        rows: innerChild.rows, width: innerChild.width)
    }
    let properties =
      merge.properties
      ?? joinProperties(
        context, parallel: false,
        [
          PlanProperty(
            key: "Merge Cond", value: .string(Self.conjunction(merge.clauses.map { $0.text(search) })))
        ] + filterProperties(context, remaining: merge.others))
    merge.properties = properties
    add(
      joinPath(
        "Merge Join", properties: properties, outer: outerChild, inner: innerChild, cost: cost.cost, rows: cost.rows,
        pathkeys: pathkeys), order: order, workers: 0)
  }

  private func sortPath(_ input: Path, keys: [String], canonical: [SortKey]) -> Path {
    PlanNodes.sort(input, keyTexts: keys, pathkeys: canonical, parameters: parameters)
  }

  // MARK: Hash joins

  private func hashInnerAndOuter(_ context: Context) {
    guard !context.keyClauses.isEmpty, let innerPath = context.inner.cheapestTotal,
      let outerTotal = context.outer.cheapestTotal
    else { return }
    var outers: [Path] = []
    if let startup = context.outer.cheapestStartup { outers.append(startup) }
    if !(outers.first?.hasSameNode(as: outerTotal) ?? false) { outers.append(outerTotal) }
    for outerPath in outers { hashJoinPath(context, outer: outerPath, inner: innerPath) }
    // Parallel hash joins: each worker's share of the outer side probes a table of the whole
    // inner side, built by all workers together (Parallel Hash) or by each worker alone.
    guard context.type != .right, context.unique != .outer, context.parallelSafe,
      !joinRel.relids.overlaps(search.parallelRestricted), let partialOuter = context.outer.cheapestPartial
    else {
      return
    }
    if switches.parallelHash, context.unique != .inner, let partialInner = context.inner.cheapestPartial {
      hashJoinPath(
        context, outer: partialOuter.path, inner: partialInner.path, workers: partialOuter.workers,
        innerWorkers: partialInner.workers, parallelHash: true)
    }
    hashJoinPath(context, outer: partialOuter.path, inner: innerPath, workers: partialOuter.workers)
  }

  /// A hash join (`create_hashjoin_path` costed by `initial_cost_hashjoin` and
  /// `final_cost_hashjoin`), offered to `add_path` (`add_partial_path` with workers); the inner
  /// side feeds a Hash node.
  private func hashJoinPath(
    _ context: Context, outer: Path, inner: Path, workers: Int = 0, innerWorkers: Int = 0, parallelHash: Bool = false
  ) {
    let outerInput = JoinInput(cost: outer.cost, rows: outer.rows, width: outer.width, parallelWorkers: workers)
    let innerInput = JoinInput(cost: inner.cost, rows: inner.rows, width: inner.width, parallelWorkers: innerWorkers)
    let shared = context.hashClauses ?? HashClauses(context: context, search: search)
    context.hashClauses = shared
    let workspace = CostSize.initialCostHashJoin(
      outer: outerInput, inner: innerInput, hashClauseCount: context.keyClauses.count, parallelHash: parallelHash,
      parameters: parameters)
    let cost = CostSize.finalCostHashJoin(
      workspace, kind: context.type.costKind, outer: outerInput, inner: innerInput, rows: joinRel.rows,
      innerBuckets: shared.innerBuckets, hashQualCost: shared.hashQualCost, otherQualCost: shared.otherQualCost,
      hashJoinTuples: JoinSelectivity.approxTupleCount(
        selectivity: shared.selectivity, outerRows: outer.rows, innerRows: inner.rows),
      innerUnique: context.innerUnique, innerIsUnique: context.unique == .inner, semiFactors: context.semiFactors,
      parallelWorkers: workers, switches: switches,
      parameters: parameters)
    guard accepts(cost, pathkeys: [], order: PathKeysNumber.unordered, workers: workers) else { return }
    // create_hashjoin_plan: the Hash node shows its input's total cost as both its costs.
    let hash = Path(
      nodeType: "Hash", properties: Self.properties(parallel: parallelHash), input: inner,
      cost: Cost(startup: inner.cost.total, total: inner.cost.total), rows: inner.rows, width: inner.width)
    let conditions =
      shared.conditions
      ?? [
        PlanProperty(
          key: "Hash Cond",
          value: .string(Self.conjunction(context.keyClauses.map { $0.text(search) })))
      ] + filterProperties(context, remaining: shared.others)
    shared.conditions = conditions
    let properties: [PlanProperty]
    if parallelHash {
      properties = joinProperties(context, parallel: true, conditions)
    } else {
      properties = shared.properties ?? joinProperties(context, parallel: false, conditions)
      shared.properties = properties
    }
    let path = joinPath(
      "Hash Join", properties: properties, outer: outer, inner: hash, cost: cost.cost, rows: cost.rows, pathkeys: [],
      rescanKind: .hashJoin(batches: cost.batches))
    add(path, order: PathKeysNumber.unordered, workers: workers)
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

  /// A join node's EXPLAIN properties: the common ones, then its conditions and filters.
  private func joinProperties(_ context: Context, parallel: Bool, _ conditions: [PlanProperty]) -> [PlanProperty] {
    Self.properties(parallel: parallel) + [
      PlanProperty(key: "Join Type", value: .string(context.type.label)),
      PlanProperty(key: "Inner Unique", value: .bool(context.innerUnique)),
    ] + conditions
  }

  private func joinPath(
    _ nodeType: String, properties: [PlanProperty], outer: Path, inner: Path, cost: Cost, rows: Double,
    pathkeys: [SortKey], rescanKind: RescanKind = .plain
  ) -> Path {
    Path(
      nodeType: nodeType, properties: properties, outer: outer, inner: inner, cost: cost, rows: rows,
      width: joinRel.width, pathkeys: pathkeys, rescanKind: rescanKind)
  }

  /// `add_path_precheck` (`add_partial_path_precheck` with workers): whether the path would
  /// survive, before its plan node is built. `order` numbers `pathkeys` (nil: not yet).
  private func accepts(
    _ cost: JoinPathCost, pathkeys: @autoclosure () -> [SortKey], order: PathKeysNumber?, workers: Int
  ) -> Bool {
    guard workers == 0 else { return joinRel.partialPaths.wouldAccept(total: cost.cost.total, pathkeys: pathkeys()) }
    return joinRel.wouldAccept(
      cost.cost, rows: cost.rows, pathkeysNumber: order ?? search.pathKeys.number(pathkeys()))
  }

  /// `add_path` (`add_partial_path` with workers).
  private func add(_ path: Path, order: PathKeysNumber?, workers: Int) {
    guard workers == 0 else {
      joinRel.partialPaths.add((path, workers))
      return
    }
    joinRel.pathList.add(path, pathkeysNumber: order ?? search.pathKeys.number(path.pathkeys))
  }
}
