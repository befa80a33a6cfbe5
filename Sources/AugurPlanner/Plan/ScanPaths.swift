import AugurCatalog
import AugurPlan
import AugurSQL

/// The access paths of one base relation, mirroring `set_plain_rel_pathlist` (allpaths.c) with
/// `create_index_paths` (indxpath.c): a sequential scan, an index scan or index-only scan per
/// usable index, a bitmap heap scan over the best AND of bitmap index scans, and BitmapOr for
/// OR clauses.
struct ScanPlanner {
  let rel: BaseRel
  let parameters: CostParameters
  /// `root->total_table_pages`, for the Mackert–Lohman cache model.
  let totalTablePages: Double
  /// The query's ORDER BY (or grouping order) index paths can be useful for.
  let queryPathkeys: [SortKey]
  let collationIsC: Bool
  /// Restrictions implied by each partial index's predicate, by index name (nil: not usable).
  let partialIndexImplications: [String: [TypedExpr]?]
  /// Parameterized paths (the inner side of a nested loop): the expected number of rescans
  /// (`get_loop_count`), which spreads page fetches over the loops.
  var loopCount: Double = 1
  /// Only paths that use a join clause as an index condition (`build_index_paths` with
  /// outer relations): no sequential or parallel scans, no plain index scans.
  var parameterizedOnly = false
  /// Orders useful to merge joins: the relation's columns joined by equality, ascending.
  var mergeKeys: [SortKey] = []
  var deparser: Deparser { rel.context.deparser }

  func paths(considerStartup: Bool) -> PathList {
    pathsWithPartials(considerStartup: considerStartup).paths
  }

  /// The relation's paths, and its partial paths (one worker's share each, for Gather):
  /// a parallel sequential scan and parallel B-tree index scans, as `create_plain_partial_paths`
  /// and `build_index_paths` make them when `compute_parallel_worker` grants workers.
  func pathsWithPartials(considerStartup: Bool) -> (paths: PathList, partials: [PartialPath]) {
    var partials = PartialPathList()
    var list = PathList(considerStartup: considerStartup)
    if !parameterizedOnly {
      if let partial = partialSeqScan() { partials.add(partial) }
      list.add(seqScan())
    }
    var bitmapCandidates: [BitmapCandidate] = []
    for index in rel.indexes where index.isValid {
      if index.method == "brin" {
        // BRIN answers only bitmap scans.
        let clauses = IndexMatcher(rel: rel, index: index, collationIsC: collationIsC).matches()
        if !clauses.isEmpty { bitmapCandidates.append(brinBitmapCandidate(index, clauses: clauses)) }
        continue
      }
      guard index.method == "btree" || index.method == "hash" else { continue }
      let implied: [TypedExpr]
      if index.predicate != nil {
        guard let found = partialIndexImplications[index.name], let found else { continue }
        implied = found
      } else {
        implied = []
      }
      // indrestrictinfo: restrictions the predicate implies need no checking with this index.
      let excluded = Set(
        rel.restrictions.indices.filter {
          !implied.isEmpty && PartialIndex.implied([rel.restrictions[$0]], by: implied)
        })
      let clauses = IndexMatcher(rel: rel, index: index, collationIsC: collationIsC, excluded: excluded).matches()
      if parameterizedOnly && !clauses.contains(where: { $0.conditions.contains(where: \.readsOuterColumn) }) {
        continue
      }
      let scan = indexScanInfo(index, clauses: clauses, implied: implied)
      guard let path = indexPath(index, scan: scan, clauses: clauses, excluded: excluded) else { continue }
      list.add(path.path)
      if index.method == "btree", parameters.maxParallelWorkersPerGather > 0, !parameterizedOnly,
        let partial = indexPath(index, scan: scan, clauses: clauses, excluded: excluded, parallel: true),
        partial.workers > 0
      {
        partials.add((partial.path, partial.workers))
      }
      // Bitmap candidates: index paths not chosen for their order alone.
      if path.path.pathkeys.isEmpty || path.selectivity < 1,
        let candidate = bitmapCandidate(index, scan: scan, excluded: excluded)
      {
        bitmapCandidates.append(candidate)
      }
    }
    if !parameterizedOnly { bitmapCandidates += bitmapOrCandidates() }
    if let best = chooseBitmapAnd(bitmapCandidates) {
      list.add(bitmapHeapPath(best))
      if !parameterizedOnly, let partial = partialBitmapHeapPath(best) { partials.add(partial) }
    }
    return (list, partials.paths)
  }

  // MARK: Sequential scan

  func seqScan() -> Path {
    let cost = CostSize.costSeqScan(
      size: rel.size, rows: rel.rows, qualCost: rel.restrictionCost, parameters: parameters)
    return Path(
      nodeType: "Seq Scan", properties: scanProperties() + filterProperty(rel.restrictions), cost: cost.cost,
      rows: rel.rows, width: rel.width)
  }

  /// `create_plain_partial_paths`: a parallel sequential scan when the table is large enough
  /// for `compute_parallel_worker` to grant workers. Its rows are one process's share.
  func partialSeqScan() -> (path: Path, workers: Int)? {
    guard parameters.maxParallelWorkersPerGather > 0 else { return nil }
    let workers = CostSize.computeParallelWorker(
      heapPages: rel.size.pages, indexPages: -1, maxWorkers: parameters.maxParallelWorkersPerGather,
      parameters: parameters)
    guard workers > 0 else { return nil }
    let cost = CostSize.costSeqScan(
      size: rel.size, rows: rel.rows, qualCost: rel.restrictionCost, parallelWorkers: workers, parameters: parameters)
    let path = Path(
      nodeType: "Seq Scan", properties: scanProperties(parallel: true) + filterProperty(rel.restrictions),
      cost: cost.cost, rows: cost.rows, width: rel.width)
    return (path, workers)
  }

  func scanProperties(parallel: Bool = false) -> [PlanProperty] {
    [
      PlanProperty(key: "Parallel Aware", value: .bool(parallel)),
      PlanProperty(key: "Async Capable", value: .bool(false)),
      PlanProperty(key: "Relation Name", value: .string(rel.relation.name)),
      PlanProperty(key: "Alias", value: .string(rel.alias)),
    ]
  }

  func filterProperty(_ quals: [TypedExpr], key: String = "Filter") -> [PlanProperty] {
    guard !quals.isEmpty else { return [] }
    let text = quals.count == 1 ? rel.context.text(quals[0]) : rel.context.text(.and(quals))
    return [PlanProperty(key: key, value: .string(text))]
  }

  // MARK: Index scans

  struct IndexScanInfo {
    var index: Index
    var conditions: [TypedExpr]
    var info: [IndexQualInfo]
    var estimate: IndexCostEstimate
    var usedRestrictions: Set<Int>
    var exactRestrictions: Set<Int>
    var selectivity: Double
    /// The index's pages, as `get_relation_info` sizes it.
    var indexPages: Double
  }

  func indexScanInfo(_ index: Index, clauses: [IndexClause], implied: [TypedExpr]) -> IndexScanInfo {
    let ordered = clauses.sorted { ($0.column, $0.restriction) < ($1.column, $1.restriction) }
    let conditions = ordered.flatMap(\.conditions)
    let info = ordered.flatMap(\.info)
    // add_predicate_to_index_quals: predicate clauses not already among the conditions.
    let predicateClauses = implied.filter { !PartialIndex.implied([$0], by: conditions) }
    let selectivity = rel.context.clauseListSelectivity(conditions + predicateClauses)
    let profile = IndexProfile(index: index, relationTuples: rel.size.tuples, blockSize: parameters.blockSize)
    let leadingCorrelation = IndexProfile.leadingColumnCorrelation(index, in: rel.relation)
    let estimate: IndexCostEstimate
    if index.method == "btree" {
      estimate = CostSize.btCostEstimate(
        index: profile, quals: info, indexSelectivity: selectivity,
        // btcostestimate ANDs a partial index's predicate with the boundary quals too.
        boundarySelectivity: { positions in
          rel.context.clauseListSelectivity(positions.map { conditions[$0] } + predicateClauses)
        },
        relationTuples: rel.size.tuples, leadingColumnCorrelation: leadingCorrelation,
        loopCount: loopCount, totalTablePages: totalTablePages, parameters: parameters)
    } else {
      estimate = CostSize.hashCostEstimate(
        index: profile, quals: info, indexSelectivity: selectivity, relationTuples: rel.size.tuples,
        loopCount: loopCount, totalTablePages: totalTablePages, parameters: parameters)
    }
    return IndexScanInfo(
      index: index, conditions: conditions, info: info, estimate: estimate,
      usedRestrictions: Set(ordered.map(\.restriction)),
      exactRestrictions: Set(ordered.filter(\.isExact).map(\.restriction)), selectivity: selectivity,
      indexPages: profile.pages)
  }

  /// `build_index_paths`: one path per index (forward, or backward when that order is the
  /// useful one), index-only when the index holds every column the query reads.
  func indexPath(
    _ index: Index, scan: IndexScanInfo, clauses: [IndexClause], excluded: Set<Int>, parallel: Bool = false
  ) -> (path: Path, selectivity: Double, workers: Int)? {
    let ordering = usefulPathkeys(index, clauses: clauses)
    let indexOnly = index.method == "btree" && parameters.enableIndexOnlyScan && coversNeededColumns(index)
    // A partial index whose predicate the query implies is useful even without conditions.
    guard !clauses.isEmpty || ordering != nil || indexOnly || index.predicate != nil else { return nil }
    // Restrictions the index does not enforce, nor the predicate imply, remain as a filter.
    let filter = rel.restrictions.enumerated().filter { position, _ in
      !scan.exactRestrictions.contains(position) && !excluded.contains(position)
    }.map(\.element)
    let costedFilter = rel.restrictions.enumerated().filter { position, _ in
      !scan.usedRestrictions.contains(position) && !excluded.contains(position)
    }.map(\.element)
    let filterCost = QualCostEval.cost(costedFilter, parameters: parameters)
    let indexPages = scan.indexPages
    let costed: IndexPathCost?
    if parallel {
      costed = CostSize.costPartialIndex(
        estimate: scan.estimate, relation: rel.size, rows: rel.rows, indexPages: indexPages, indexOnly: indexOnly,
        nonIndexQualCost: filterCost, totalTablePages: totalTablePages, parameters: parameters)
    } else {
      costed = CostSize.costIndex(
        estimate: scan.estimate, relation: rel.size, rows: rel.rows, indexPages: indexPages, indexOnly: indexOnly,
        loopCount: loopCount, nonIndexQualCost: filterCost, totalTablePages: totalTablePages, parameters: parameters)
    }
    guard let pathCost = costed else { return nil }
    var properties = scanProperties(parallel: parallel)
    properties.insert(
      PlanProperty(key: "Scan Direction", value: .string(ordering?.backward == true ? "Backward" : "Forward")), at: 2)
    properties.insert(PlanProperty(key: "Index Name", value: .string(index.name)), at: 3)
    properties += filterProperty(scan.conditions, key: "Index Cond") + filterProperty(filter)
    let path = Path(
      nodeType: indexOnly ? "Index Only Scan" : "Index Scan", properties: properties, cost: pathCost.cost,
      rows: pathCost.rows, width: rel.width, pathkeys: ordering?.keys ?? [])
    return (path, scan.selectivity, pathCost.parallelWorkers)
  }

  /// The columns the query needs are all index columns (keys that are plain columns, or INCLUDE).
  private func coversNeededColumns(_ index: Index) -> Bool {
    rel.neededColumns.allSatisfy { position in
      guard position >= 0 && position < rel.relation.columns.count else { return false }
      let name = rel.relation.columns[position].name
      return index.keys.contains { $0.column == name } || index.included.contains(name)
    }
  }

  /// The query's ORDER BY as this index's scan delivers it: keys fixed by `= constant` clauses
  /// are redundant (PostgreSQL's equivalence classes with constants), the rest must match the
  /// query's keys in order, all forward or all backward.
  /// Without a match, an order a merge join could use (`pathkeys_useful_for_merging`): the index
  /// leading on a column joined by equality.
  private func usefulPathkeys(_ index: Index, clauses: [IndexClause]) -> (keys: [SortKey], backward: Bool)? {
    if let ordering = ordering(index, clauses: clauses, wanted: queryPathkeys) { return ordering }
    for key in mergeKeys {
      if let ordering = ordering(index, clauses: clauses, wanted: [key]), !ordering.backward { return ordering }
    }
    return nil
  }

  private func ordering(
    _ index: Index, clauses: [IndexClause], wanted: [SortKey]
  ) -> (keys: [SortKey], backward: Bool)? {
    guard index.method == "btree", !wanted.isEmpty else { return nil }
    let fixed = Set(
      clauses.filter { clause in
        clause.info.contains { if case .comparison(true) = $0.kind { true } else { false } } && clause.isExact
      }.map(\.column))
    var remaining = wanted
    var backward: Bool?
    var matched: [SortKey] = []
    for (column, key) in index.keys.enumerated() {
      guard let first = remaining.first else { break }
      // Only the default operator class sorts the way ORDER BY and GROUP BY want (a
      // text_pattern_ops index is in a different order family).
      guard let name = key.column, key.operatorClass == nil, key.collation == nil,
        case .column(let keyColumn) = first.expr.strippingRelabels, keyColumn.name == name,
        keyColumn.relation == rel.relationIndex
      else {
        if fixed.contains(column) { continue }
        break
      }
      let forward = first.descending == key.descending && first.nullsFirst == key.nullsFirst
      let reverse = first.descending != key.descending && first.nullsFirst != key.nullsFirst
      guard forward || reverse else { break }
      if let direction = backward, direction != reverse { break }
      backward = reverse
      matched.append(first)
      remaining.removeFirst()
    }
    guard !matched.isEmpty else { return nil }
    // Drop keys also fixed by constants from the query's list: they are satisfied by any order.
    while let first = remaining.first, case .column(let column) = first.expr.strippingRelabels,
      index.keys.enumerated().contains(where: { fixed.contains($0.offset) && $0.element.column == column.name })
    {
      matched.append(first)
      remaining.removeFirst()
    }
    return (matched, backward ?? false)
  }

  // MARK: Bitmap scans

  struct BitmapCandidate {
    var qual: BitmapQual
    var node: PlanNode
    var restrictions: Set<Int>
    /// The restrictions the bitmap enforces exactly (a LIKE prefix is rechecked as a filter).
    var exactRestrictions: Set<Int>
    var conditions: [TypedExpr]
    var cost: Double
    var selectivity: Double
  }

  func bitmapCandidate(_ index: Index, scan: IndexScanInfo, excluded: Set<Int> = []) -> BitmapCandidate? {
    var scan = scan
    scan.usedRestrictions.formUnion(excluded)
    scan.exactRestrictions.formUnion(excluded)
    let rows = CostSize.clampRowEstimate(scan.selectivity * rel.size.tuples)
    let indexPages = scan.indexPages
    // The per-tuple bitmap charge counts the relation's rows (the index path's rows), not the
    // index's own.
    let qual = BitmapQual.index(
      totalCost: scan.estimate.total, selectivity: scan.selectivity, rows: rel.rows, indexPages: indexPages)
    let node = PlanNode(
      nodeType: "Bitmap Index Scan",
      // create_bitmap_subplan: bitmap nodes report no startup cost.
      estimate: PlanEstimate(startupCost: 0, totalCost: scan.estimate.total, rows: rows, width: 0),
      properties: [
        PlanProperty(key: "Parallel Aware", value: .bool(false)),
        PlanProperty(key: "Async Capable", value: .bool(false)),
        PlanProperty(key: "Index Name", value: .string(index.name)),
      ] + filterProperty(scan.conditions, key: "Index Cond"))
    return BitmapCandidate(
      qual: qual, node: node, restrictions: scan.usedRestrictions, exactRestrictions: scan.exactRestrictions,
      conditions: scan.conditions,
      cost: CostSize.costBitmapTreeNode(qual, parameters: parameters).cost, selectivity: scan.selectivity)
  }

  /// A bitmap index scan on a BRIN index, costed by `brincostestimate`.
  func brinBitmapCandidate(_ index: Index, clauses: [IndexClause]) -> BitmapCandidate {
    let ordered = clauses.sorted { ($0.column, $0.restriction) < ($1.column, $1.restriction) }
    let conditions = ordered.flatMap(\.conditions)
    let correlations = ordered.compactMap { clause -> Double? in
      guard let name = index.keys[clause.column].column else { return nil }
      return rel.relation.column(name)?.statistics?.correlation
    }
    let estimate = CostSize.brinCostEstimate(
      index: index, heapPages: rel.size.pages, conditionSelectivity: rel.context.clauseListSelectivity(conditions),
      correlations: correlations, parameters: parameters)
    let qual = BitmapQual.index(
      totalCost: estimate.total, selectivity: estimate.selectivity, rows: rel.rows, indexPages: estimate.pages)
    let node = PlanNode(
      nodeType: "Bitmap Index Scan",
      estimate: PlanEstimate(
        startupCost: 0, totalCost: estimate.total,
        rows: CostSize.clampRowEstimate(estimate.selectivity * rel.size.tuples), width: 0),
      properties: [
        PlanProperty(key: "Parallel Aware", value: .bool(false)),
        PlanProperty(key: "Async Capable", value: .bool(false)),
        PlanProperty(key: "Index Name", value: .string(index.name)),
      ] + filterProperty(conditions, key: "Index Cond"))
    let used = Set(ordered.map(\.restriction))
    return BitmapCandidate(
      qual: qual, node: node, restrictions: used, exactRestrictions: used, conditions: conditions,
      cost: CostSize.costBitmapTreeNode(qual, parameters: parameters).cost, selectivity: estimate.selectivity)
  }

  /// `generate_bitmap_or_paths`: an OR restriction whose every arm some index can answer.
  func bitmapOrCandidates() -> [BitmapCandidate] {
    var result: [BitmapCandidate] = []
    for (position, restriction) in rel.restrictions.enumerated() {
      guard case .or(let arms) = restriction else { continue }
      var children: [BitmapCandidate] = []
      for arm in arms {
        let armRel = rel.replacingRestrictions(Self.conjunctsOf(arm))
        let planner = ScanPlanner(
          rel: armRel, parameters: parameters, totalTablePages: totalTablePages, queryPathkeys: [],
          collationIsC: collationIsC, partialIndexImplications: partialIndexImplications)
        var candidates: [BitmapCandidate] = []
        for index in rel.indexes where index.isValid && index.method == "btree" && index.predicate == nil {
          let clauses = IndexMatcher(rel: armRel, index: index, collationIsC: collationIsC).matches()
          if !clauses.isEmpty,
            let candidate = planner.bitmapCandidate(
              index, scan: planner.indexScanInfo(index, clauses: clauses, implied: []))
          {
            candidates.append(candidate)
          }
        }
        guard let best = planner.chooseBitmapAnd(candidates) else { break }
        children.append(best)
      }
      guard children.count == arms.count else { continue }
      let qual = BitmapQual.or(children.map(\.qual))
      let (cost, selectivity) = CostSize.costBitmapTreeNode(qual, parameters: parameters)
      let rows = CostSize.clampRowEstimate(selectivity * rel.size.tuples)
      let node = PlanNode(
        nodeType: "BitmapOr",
        estimate: PlanEstimate(startupCost: cost, totalCost: cost, rows: rows, width: 0),
        properties: [
          PlanProperty(key: "Parallel Aware", value: .bool(false)),
          PlanProperty(key: "Async Capable", value: .bool(false)),
        ], children: children.map(\.node))
      result.append(
        BitmapCandidate(
          qual: qual, node: node, restrictions: [position],
          exactRestrictions: children.allSatisfy { $0.exactRestrictions == $0.restrictions } ? [position] : [],
          conditions: [restriction], cost: cost,
          selectivity: selectivity))
    }
    return result
  }

  static func conjunctsOf(_ expr: TypedExpr) -> [TypedExpr] {
    if case .and(let args) = expr { return args }
    return [expr]
  }

  /// The total cost of a bitmap heap scan over `qual` (`bitmap_scan_cost_est`).
  func bitmapScanCost(_ qual: BitmapQual) -> Double {
    CostSize.costBitmapHeapScan(
      bitmap: qual, relation: rel.size, rows: rel.rows, qualCost: rel.restrictionCost,
      loopCount: loopCount, totalTablePages: totalTablePages, parameters: parameters
    ).cost.total
  }

  /// Mirrors `choose_bitmap_and`: the cheapest single bitmap path, or an AND of paths on
  /// disjoint clauses, each added only when it lowers the estimated heap scan cost.
  func chooseBitmapAnd(_ candidates: [BitmapCandidate]) -> BitmapCandidate? {
    guard candidates.count > 1 else { return candidates.first }
    // Keep the cheapest path per set of clauses, then order by cost and selectivity.
    var distinct: [BitmapCandidate] = []
    for candidate in candidates {
      if let same = distinct.firstIndex(where: { $0.restrictions == candidate.restrictions }) {
        if candidate.cost < distinct[same].cost { distinct[same] = candidate }
      } else {
        distinct.append(candidate)
      }
    }
    distinct.sort { ($0.cost, $0.selectivity) < ($1.cost, $1.selectivity) }
    var best: [BitmapCandidate] = []
    var bestCost = Double.infinity
    for start in distinct.indices {
      var chosen = [distinct[start]]
      var costSoFar = bitmapScanCost(distinct[start].qual)
      var used = distinct[start].restrictions
      for next in distinct.indices where next > start {
        guard used.isDisjoint(with: distinct[next].restrictions) else { continue }
        let trial = chosen + [distinct[next]]
        let cost = bitmapScanCost(.and(trial.map(\.qual)))
        if cost < costSoFar {
          chosen = trial
          costSoFar = cost
          used.formUnion(distinct[next].restrictions)
        }
      }
      if costSoFar < bestCost {
        best = chosen
        bestCost = costSoFar
      }
    }
    guard best.count > 1 else { return best.first }
    let qual = BitmapQual.and(best.map(\.qual))
    let (cost, selectivity) = CostSize.costBitmapTreeNode(qual, parameters: parameters)
    let node = PlanNode(
      nodeType: "BitmapAnd",
      estimate: PlanEstimate(
        startupCost: cost, totalCost: cost, rows: CostSize.clampRowEstimate(selectivity * rel.size.tuples), width: 0),
      properties: [
        PlanProperty(key: "Parallel Aware", value: .bool(false)),
        PlanProperty(key: "Async Capable", value: .bool(false)),
      ], children: best.map(\.node))
    return BitmapCandidate(
      qual: qual, node: node, restrictions: best.reduce(into: Set<Int>()) { $0.formUnion($1.restrictions) },
      exactRestrictions: best.reduce(into: Set<Int>()) { $0.formUnion($1.exactRestrictions) },
      conditions: best.flatMap(\.conditions), cost: cost, selectivity: selectivity)
  }

  /// `create_partial_bitmap_paths`: a parallel bitmap heap scan, with workers for the heap
  /// pages the bitmap is expected to touch (`compute_bitmap_pages`).
  func partialBitmapHeapPath(_ bitmap: BitmapCandidate) -> PartialPath? {
    guard parameters.maxParallelWorkersPerGather > 0 else { return nil }
    let pages = CostSize.computeBitmapPages(
      bitmap: bitmap.qual, relation: rel.size, totalTablePages: totalTablePages, parameters: parameters
    ).pages
    let workers = CostSize.computeParallelWorker(
      heapPages: pages, indexPages: -1, maxWorkers: parameters.maxParallelWorkersPerGather, parameters: parameters)
    guard workers > 0 else { return nil }
    let path = bitmapHeapPath(bitmap, parallelWorkers: workers)
    return (path, workers)
  }

  /// The bitmap heap scan over `bitmap`, parallel-aware with `parallelWorkers` > 0 (then its
  /// rows are one worker's share). Every restriction is charged, as the recheck may evaluate it;
  /// those the bitmap does not enforce exactly stay as a filter.
  func bitmapHeapPath(_ bitmap: BitmapCandidate, parallelWorkers: Int = 0) -> Path {
    let cost = CostSize.costBitmapHeapScan(
      bitmap: bitmap.qual, relation: rel.size, rows: rel.rows, qualCost: rel.restrictionCost,
      loopCount: loopCount, parallelWorkers: parallelWorkers, totalTablePages: totalTablePages, parameters: parameters)
    let filter = rel.restrictions.enumerated().filter { !bitmap.exactRestrictions.contains($0.offset) }.map(\.element)
    var path = Path(
      nodeType: "Bitmap Heap Scan",
      properties: scanProperties(parallel: parallelWorkers > 0) + filterProperty(bitmap.conditions, key: "Recheck Cond")
        + filterProperty(filter),
      cost: cost.cost, rows: cost.rows, width: rel.width)
    path.node.children = [bitmap.node]
    return path
  }
}

extension BaseRel {
  /// The same relation with other restrictions (an OR arm's clauses, for BitmapOr).
  func replacingRestrictions(_ clauses: [TypedExpr]) -> BaseRel {
    BaseRel(copying: self, restrictions: clauses)
  }
}
