import AugurCatalog
import Foundation

/// What the index cost functions read about an index: the part of PostgreSQL's `IndexOptInfo`
/// that `btcostestimate`, `genericcostestimate` and `cost_index` use.
public struct IndexProfile: Sendable, Hashable {
  /// Index pages (`IndexOptInfo.pages`).
  public var pages: Double
  /// Index tuples (`IndexOptInfo.tuples`): the table's tuples for a non-partial index.
  public var tuples: Double
  /// B-tree height (`tree_height`): 0 for a single-page tree, -1 when unknown.
  public var treeHeight: Int
  public var isUnique: Bool
  /// Key columns (`nkeycolumns`), INCLUDE columns excluded.
  public var keyColumnCount: Int
  /// True when the first key is `DESC` (`reverse_sort[0]`): its correlation is negated.
  public var leadingKeyDescending: Bool

  public init(
    pages: Double, tuples: Double, treeHeight: Int = -1, isUnique: Bool = false, keyColumnCount: Int = 1,
    leadingKeyDescending: Bool = false
  ) {
    self.pages = pages
    self.tuples = tuples
    self.treeHeight = treeHeight
    self.isUnique = isUnique
    self.keyColumnCount = keyColumnCount
    self.leadingKeyDescending = leadingKeyDescending
  }

  /// Mirrors how `get_relation_info` (plancat.c) sizes an index. A non-partial index has its
  /// current blocks as pages and exactly the table's tuples. A partial index is sized like a
  /// table by `estimate_rel_size`'s index branch: the metapage is left out of the density, the
  /// density is `reltuples / relpages` (or, never vacuumed, what `fallbackDataWidth`-byte tuples
  /// would fill), and the result never exceeds the table's tuples. The tree height is the
  /// metapage's for a B-tree, else unknown (-1).
  public init(index: Index, relationTuples: Double, blockSize: Int = 8192, fallbackDataWidth: Int = 0) {
    var pages = Double(index.size.currentPages)
    var tuples = relationTuples
    if index.predicate != nil {
      (pages, tuples) = Self.partialIndexSize(index.size, blockSize: blockSize, fallbackDataWidth: fallbackDataWidth)
      tuples = min(tuples, relationTuples)
    }
    self.init(
      pages: pages, tuples: tuples,
      treeHeight: index.method == "btree" ? (index.treeHeight ?? Self.estimatedTreeHeight(pages: pages)) : -1,
      isUnique: index.isUnique, keyColumnCount: index.keys.count,
      leadingKeyDescending: index.keys.first?.descending ?? false)
  }

  /// The correlation statistic `btcostestimate` reads for an index's first key: the column's
  /// `pg_stats.correlation` for a plain column, the index's own statistics for an expression.
  /// ANALYZE computes it for the type's default `<` operator, and PostgreSQL looks it up by the
  /// index operator family's `<`, so an index with a non-default operator class (such as
  /// `text_pattern_ops`) finds none: nil.
  public static func leadingColumnCorrelation(_ index: Index, in relation: Relation) -> Double? {
    guard let key = index.keys.first, key.operatorClass == nil else { return nil }
    if let column = key.column {
      return relation.column(column)?.statistics?.correlation
    }
    // The index's statistics are keyed by its column names, which the snapshot does not tie to
    // key positions: use them when there is only one.
    guard let statistics = index.expressionStatistics, statistics.count == 1 else { return nil }
    return statistics.values.first?.correlation
  }

  /// The index branch of `estimate_rel_size` (plancat.c).
  static func partialIndexSize(_ size: RelationSize, blockSize: Int, fallbackDataWidth: Int) -> (Double, Double) {
    var currentPages = Double(size.currentPages)
    let pages = currentPages
    guard currentPages > 0 else { return (0, 0) }
    var relpages = Double(size.relpages)
    if relpages > 0 {
      currentPages -= 1
      relpages -= 1
    }
    let density: Double
    if size.reltuples >= 0 && relpages > 0 {
      density = size.reltuples / relpages
    } else {
      // Integer division, as in PostgreSQL: whole tuples per page.
      let width = fallbackDataWidth + CostSize.maxAlign(23) + 4
      density = Double((blockSize - 24) / width)
    }
    return (pages, (density * currentPages).rounded(.toNearestOrEven))
  }

  /// A stand-in for a B-tree height the snapshot could not read (no pageinspect): the height of
  /// a tree of `pages` pages (one of them the metapage) with a fan-out of a few hundred; a single
  /// root leaf is height 0. PostgreSQL reads the real height.
  static func estimatedTreeHeight(pages: Double) -> Int {
    let treePages = pages - 1
    return treePages > 1 ? Int((Foundation.log(treePages) / Foundation.log(300.0)).rounded(.up)) : 0
  }
}

/// One index qualification, as `btcostestimate` and `genericcostestimate` classify it. The quals
/// of a path are given in index column order, as `IndexPath.indexclauses` holds them.
public struct IndexQualInfo: Sendable, Hashable {
  public enum Kind: Sendable, Hashable {
    /// `indexkey op value`; `isEquality` when `op` is the B-tree equality strategy.
    case comparison(isEquality: Bool)
    /// `(a, b) op (x, y)`; PostgreSQL looks at the first column's operator only.
    case rowComparison(firstIsEquality: Bool)
    /// `indexkey op ANY (array)` with `estimate_array_length` elements (10 when unknown).
    case scalarArray(isEquality: Bool, arrayLength: Int)
    case isNull
    case isNotNull
  }

  /// The index column (0-based) the qual constrains.
  public var column: Int
  public var kind: Kind
  /// The cost of evaluating the comparison value (the operand that is not the index key), as
  /// `index_other_operands_eval_cost` adds it: startup plus per-tuple cost; 0 for a constant.
  public var operandCost: Double

  public init(column: Int, kind: Kind, operandCost: Double = 0) {
    self.column = column
    self.kind = kind
    self.operandCost = operandCost
  }
}

/// What an index AM's cost estimator returns (`amcostestimate`'s outputs, and the
/// `GenericCosts` fields callers read).
public struct IndexCostEstimate: Sendable, Hashable {
  public var startup: Double
  public var total: Double
  /// Fraction of the table's tuples the scan visits.
  public var selectivity: Double
  /// Index order versus heap order, in [-1, 1].
  public var correlation: Double
  /// Index pages one scan reads (`numIndexPages`).
  public var pages: Double
  /// Index tuples one scan reads (`numIndexTuples`).
  public var tuples: Double
  /// Scans a ScalarArrayOp qual causes (`num_sa_scans`).
  public var scalarArrayScans: Double

  public init(
    startup: Double, total: Double, selectivity: Double, correlation: Double, pages: Double, tuples: Double,
    scalarArrayScans: Double = 1
  ) {
    self.startup = startup
    self.total = total
    self.selectivity = selectivity
    self.correlation = correlation
    self.pages = pages
    self.tuples = tuples
    self.scalarArrayScans = scalarArrayScans
  }
}

extension CostSize {
  /// Mirrors `index_pages_fetched` (costsize.c): pages actually read when `tuplesFetched` tuples
  /// are fetched from an object of `pages` pages, with Mackert and Lohman's LRU-buffer model.
  ///
  /// Model: the buffer `b` is the share of `effective_cache_size` proportional to the object's
  /// size among all the query's tables plus `indexPages`. When the object fits in `b`, pages read
  /// are `2TN/(2T+N)` capped at `T`; otherwise that curve until `N` reaches `2Tb/(2T-b)`, then a
  /// straight line in which each further tuple misses with probability `(T-b)/T`. Whole pages.
  public static func indexPagesFetched(
    tuplesFetched: Double, pages: Double, indexPages: Double, totalTablePages: Double,
    parameters: CostParameters
  ) -> Double {
    let tablePages = pages > 1 ? pages.rounded(.down) : 1
    let competing = max(totalTablePages + indexPages, 1)
    var buffer = parameters.effectiveCacheSize * tablePages / competing
    buffer = buffer <= 1 ? 1 : buffer.rounded(.up)
    if tablePages <= buffer {
      let fetched = (2 * tablePages * tuplesFetched) / (2 * tablePages + tuplesFetched)
      return fetched >= tablePages ? tablePages : fetched.rounded(.up)
    }
    let limit = (2 * tablePages * buffer) / (2 * tablePages - buffer)
    let fetched =
      tuplesFetched <= limit
      ? (2 * tablePages * tuplesFetched) / (2 * tablePages + tuplesFetched)
      : buffer + (tuplesFetched - limit) * (tablePages - buffer) / tablePages
    return fetched.rounded(.up)
  }

  /// Mirrors `genericcostestimate` (selfuncs.c), the cost model every index AM starts from.
  ///
  /// Model: the scan visits `numIndexTuples` index tuples (given by the caller, or the
  /// selectivity's share of the table divided among the ScalarArrayOp scans), at least 1 and at
  /// most the index's tuples, on a pro-rata share of the index's pages. Each page costs
  /// `random_page_cost`; with several scans (ScalarArrayOp elements times `loopCount`) the pages
  /// of all of them go through `index_pages_fetched` and the result is shared among the outer
  /// loops. Each visited tuple costs `cpu_index_tuple_cost` plus one `cpu_operator_cost` per
  /// index qual and ORDER BY operator; the comparison values are computed once, at startup.
  /// Correlation is 0.
  ///
  /// - Parameters:
  ///   - quals: all index quals of the path (`get_quals_from_indexclauses`).
  ///   - indexSelectivity: `clauselist_selectivity` of the quals plus the partial-index
  ///     predicate clauses they do not imply (`add_predicate_to_index_quals`).
  ///   - numIndexTuples: the AM's own estimate; 0 or less lets this function compute it.
  ///   - relationTuples: the table's tuples (`index->rel->tuples`).
  public static func genericCostEstimate(
    index: IndexProfile, quals: [IndexQualInfo], orderByCount: Int = 0, orderByOperandCost: Double = 0,
    indexSelectivity: Double, numIndexTuples givenTuples: Double = 0, relationTuples: Double,
    loopCount: Double = 1, totalTablePages: Double, parameters: CostParameters
  ) -> IndexCostEstimate {
    var scalarArrayScans = 1.0
    for qual in quals {
      if case .scalarArray(_, let length) = qual.kind, length > 1 { scalarArrayScans *= Double(length) }
    }
    var tuples = givenTuples
    if tuples <= 0 {
      tuples = (indexSelectivity * relationTuples / scalarArrayScans).rounded(.toNearestOrEven)
    }
    if tuples > index.tuples { tuples = index.tuples }
    if tuples < 1 { tuples = 1 }

    let pages =
      index.pages > 1 && index.tuples > 1 ? (tuples * index.pages / index.tuples).rounded(.up) : 1

    let scans = scalarArrayScans * loopCount
    var total: Double
    if scans > 1 {
      let fetched = indexPagesFetched(
        tuplesFetched: pages * scans, pages: index.pages, indexPages: index.pages,
        totalTablePages: totalTablePages, parameters: parameters)
      total = (fetched * parameters.randomPageCost) / loopCount
    } else {
      total = pages * parameters.randomPageCost
    }

    let operandCost = quals.reduce(0) { $0 + $1.operandCost } + orderByOperandCost
    let operatorCost = parameters.cpuOperatorCost * Double(quals.count + orderByCount)
    total += operandCost
    total += tuples * scalarArrayScans * (parameters.cpuIndexTupleCost + operatorCost)
    return IndexCostEstimate(
      startup: operandCost, total: total, selectivity: indexSelectivity, correlation: 0, pages: pages,
      tuples: tuples, scalarArrayScans: scalarArrayScans)
  }

  /// The boundary quals of a B-tree scan, as `btcostestimate` finds them: the quals on leading
  /// columns that all have an `=` (or `IS NULL`) qual, plus those on the first column without
  /// one; the scan starts and stops by them. Returns their positions in `quals`, the ScalarArrayOp
  /// scans they cause, and whether every key column has an `=` qual with no ScalarArrayOp or
  /// `IS NULL` among them (then a unique index returns one tuple).
  public static func btreeBoundaryQuals(
    _ quals: [IndexQualInfo], keyColumnCount: Int
  ) -> (positions: [Int], scalarArrayScans: Double, allKeysEqual: Bool) {
    var positions: [Int] = []
    var column = 0
    var equalityHere = false
    var foundScalarArray = false
    var foundIsNull = false
    var scans = 1.0
    for (position, qual) in quals.enumerated() {
      if column != qual.column {
        if !equalityHere { break }
        equalityHere = false
        column += 1
        if column != qual.column { break }
      }
      switch qual.kind {
      case .comparison(let isEquality), .rowComparison(let isEquality):
        if isEquality { equalityHere = true }
      case .scalarArray(let isEquality, let length):
        foundScalarArray = true
        if length > 1 { scans *= Double(length) }
        if isEquality { equalityHere = true }
      case .isNull:
        foundIsNull = true
        equalityHere = true
      case .isNotNull:
        break
      }
      positions.append(position)
    }
    let allKeysEqual = column == keyColumnCount - 1 && equalityHere && !foundScalarArray && !foundIsNull
    return (positions, scans, allKeysEqual)
  }

  /// Mirrors `btcostestimate` (selfuncs.c).
  ///
  /// Model: the index tuples visited follow from the boundary quals only (`btreeBoundaryQuals`):
  /// one for a unique index with `=` on every key, else their selectivity's share of the table
  /// per ScalarArrayOp scan. On top of `genericcostestimate`, the descent costs `ceil(log2(index
  /// tuples))` comparisons plus 50 `cpu_operator_cost` per level (tree height + 1), at startup
  /// once and in the total once per ScalarArrayOp scan. Correlation is the first column's
  /// (`pg_stats.correlation`, as its float4 value), negated for a `DESC` first key and times 0.75
  /// for a multi-column index; 0 without statistics.
  ///
  /// - Parameters:
  ///   - boundarySelectivity: `clauselist_selectivity` of the boundary quals (the positions given)
  ///     plus the partial-index predicate clauses they do not imply; called only when needed.
  ///   - leadingColumnCorrelation: the first key's correlation statistic, nil when there is none.
  public static func btCostEstimate(
    index: IndexProfile, quals: [IndexQualInfo], orderByCount: Int = 0, orderByOperandCost: Double = 0,
    indexSelectivity: Double, boundarySelectivity: ([Int]) -> Double, relationTuples: Double,
    leadingColumnCorrelation: Double?, loopCount: Double = 1, totalTablePages: Double,
    parameters: CostParameters
  ) -> IndexCostEstimate {
    let boundary = btreeBoundaryQuals(quals, keyColumnCount: index.keyColumnCount)
    let numIndexTuples: Double
    if index.isUnique && boundary.allKeysEqual {
      numIndexTuples = 1
    } else {
      let selectivity = boundarySelectivity(boundary.positions)
      numIndexTuples = (selectivity * relationTuples / boundary.scalarArrayScans).rounded(.toNearestOrEven)
    }
    var costs = genericCostEstimate(
      index: index, quals: quals, orderByCount: orderByCount, orderByOperandCost: orderByOperandCost,
      indexSelectivity: indexSelectivity, numIndexTuples: numIndexTuples, relationTuples: relationTuples,
      loopCount: loopCount, totalTablePages: totalTablePages, parameters: parameters)
    if index.tuples > 1 {
      let descent = (Foundation.log(index.tuples) / Foundation.log(2.0)).rounded(.up) * parameters.cpuOperatorCost
      costs.startup += descent
      costs.total += costs.scalarArrayScans * descent
    }
    let pageDescent = Double(index.treeHeight + 1) * 50 * parameters.cpuOperatorCost
    costs.startup += pageDescent
    costs.total += costs.scalarArrayScans * pageDescent
    if var correlation = leadingColumnCorrelation {
      if index.leadingKeyDescending { correlation = -correlation }
      costs.correlation = index.keyColumnCount > 1 ? correlation * 0.75 : correlation
    }
    return costs
  }

  /// Mirrors `hashcostestimate` (selfuncs.c): `genericcostestimate` unchanged, since a hash index
  /// goes straight to its bucket (no descent cost) and has no order (correlation 0).
  public static func hashCostEstimate(
    index: IndexProfile, quals: [IndexQualInfo], indexSelectivity: Double, relationTuples: Double,
    loopCount: Double = 1, totalTablePages: Double, parameters: CostParameters
  ) -> IndexCostEstimate {
    genericCostEstimate(
      index: index, quals: quals, indexSelectivity: indexSelectivity, relationTuples: relationTuples,
      loopCount: loopCount, totalTablePages: totalTablePages, parameters: parameters)
  }

  /// Mirrors `gistcostestimate` and `spgcostestimate` (selfuncs.c), which are the same model:
  /// `genericcostestimate` plus a descent of `ceil(ln(index tuples))` comparisons and 50
  /// `cpu_operator_cost` per level, the height (unknown for these AMs) taken as
  /// `floor(log100(index pages))`.
  public static func gistCostEstimate(
    index: IndexProfile, quals: [IndexQualInfo], orderByCount: Int = 0, orderByOperandCost: Double = 0,
    indexSelectivity: Double, relationTuples: Double, loopCount: Double = 1, totalTablePages: Double,
    parameters: CostParameters
  ) -> IndexCostEstimate {
    var costs = genericCostEstimate(
      index: index, quals: quals, orderByCount: orderByCount, orderByOperandCost: orderByOperandCost,
      indexSelectivity: indexSelectivity, relationTuples: relationTuples, loopCount: loopCount,
      totalTablePages: totalTablePages, parameters: parameters)
    var height = index.treeHeight
    if height < 0 {
      height = index.pages > 1 ? Int(Foundation.log(index.pages) / Foundation.log(100.0)) : 0
    }
    if index.tuples > 1 {
      let descent = Foundation.log(index.tuples).rounded(.up) * parameters.cpuOperatorCost
      costs.startup += descent
      costs.total += costs.scalarArrayScans * descent
    }
    let pageDescent = Double(height + 1) * 50 * parameters.cpuOperatorCost
    costs.startup += pageDescent
    costs.total += costs.scalarArrayScans * pageDescent
    return costs
  }
}

/// The cost of an index scan path (`cost_index`'s results).
public struct IndexPathCost: Sendable, Hashable {
  public var cost: Cost
  /// Rows returned (per process for a parallel scan).
  public var rows: Double
  /// The AM's total cost and selectivity, kept for bitmap scans (`indextotalcost`,
  /// `indexselectivity`).
  public var indexTotalCost: Double
  public var indexSelectivity: Double
  /// Workers of a parallel (partial) scan; 0 otherwise.
  public var parallelWorkers: Int
}

extension CostSize {
  /// Mirrors `cost_index` (costsize.c) for a plain or index-only scan that is not parallel.
  ///
  /// Model: the AM's estimate (`btCostEstimate`, ...) covers the index. The heap tuples fetched
  /// are the index selectivity's share of the table. Heap I/O lies between the uncorrelated case
  /// (Mackert–Lohman pages, each at `random_page_cost`) and the perfectly correlated one (the
  /// selectivity's share of the pages, one random read then sequential ones), interpolated by the
  /// correlation squared. With `loopCount` > 1 both cases take the pages of all the loops through
  /// `index_pages_fetched`, all at random cost, shared among the loops. An index-only scan reads
  /// only the pages not all-visible. Each fetched tuple costs `cpu_tuple_cost` plus the quals
  /// the index does not check; the target list is paid per output row.
  ///
  /// - Parameters:
  ///   - rows: the path's row estimate (the relation's rows, or the parameterized rows).
  ///   - indexPages: the index's pages (`index->pages`), competing for cache in the model.
  ///   - nonIndexQualCost: `cost_qual_eval` of the restriction quals not enforced by the index.
  ///   - totalTablePages: pages of all the query's base tables (`root->total_table_pages`).
  public static func costIndex(
    estimate: IndexCostEstimate, relation: RelationSizeEstimate, rows: Double, indexPages: Double,
    indexOnly: Bool = false, loopCount: Double = 1, nonIndexQualCost: QualCost = .zero,
    targetCost: QualCost = .zero, totalTablePages: Double, parameters: CostParameters
  ) -> IndexPathCost {
    indexScanCost(
      estimate: estimate, relation: relation, rows: rows, indexPages: indexPages, indexOnly: indexOnly,
      loopCount: loopCount, nonIndexQualCost: nonIndexQualCost, targetCost: targetCost,
      totalTablePages: totalTablePages, partial: nil, parameters: parameters)!
  }

  /// Mirrors `cost_index` (costsize.c) for a partial (parallel-aware) index scan: the workers
  /// come from `compute_parallel_worker` on the uncorrelated heap pages (none for an index-only
  /// scan) and the index pages the AM reads; nil when no worker can be had (PostgreSQL drops the
  /// path). The CPU cost and rows are divided by `get_parallel_divisor`.
  public static func costPartialIndex(
    estimate: IndexCostEstimate, relation: RelationSizeEstimate, rows: Double, indexPages: Double,
    indexOnly: Bool = false, loopCount: Double = 1, nonIndexQualCost: QualCost = .zero,
    targetCost: QualCost = .zero, totalTablePages: Double, relationParallelWorkers: Int? = nil,
    parameters: CostParameters
  ) -> IndexPathCost? {
    indexScanCost(
      estimate: estimate, relation: relation, rows: rows, indexPages: indexPages, indexOnly: indexOnly,
      loopCount: loopCount, nonIndexQualCost: nonIndexQualCost, targetCost: targetCost,
      totalTablePages: totalTablePages, partial: relationParallelWorkers ?? -1, parameters: parameters)
  }

  /// `cost_index`; `partial` is nil for a plain path, else the `parallel_workers` reloption (-1
  /// when unset).
  static func indexScanCost(
    estimate: IndexCostEstimate, relation: RelationSizeEstimate, rows pathRows: Double, indexPages: Double,
    indexOnly: Bool, loopCount: Double, nonIndexQualCost: QualCost, targetCost: QualCost,
    totalTablePages: Double, partial: Int?, parameters: CostParameters
  ) -> IndexPathCost? {
    var rows = pathRows
    var startup = 0.0
    var run = 0.0
    if !parameters.enableIndexScan { startup += CostParameters.disableCost }
    startup += estimate.startup
    run += estimate.total - estimate.startup

    let tuplesFetched = clampRowEstimate(estimate.selectivity * relation.tuples)
    let heapPages = relation.pages
    func visible(_ pages: Double) -> Double {
      indexOnly ? (pages * (1 - relation.allVisibleFraction)).rounded(.up) : pages
    }
    func mackertLohman(_ tuples: Double) -> Double {
      indexPagesFetched(
        tuplesFetched: tuples, pages: heapPages, indexPages: indexPages, totalTablePages: totalTablePages,
        parameters: parameters)
    }
    let randomHeapPages: Double
    let maxIO: Double
    let minIO: Double
    if loopCount > 1 {
      var pages = visible(mackertLohman(tuplesFetched * loopCount))
      randomHeapPages = pages
      maxIO = (pages * parameters.randomPageCost) / loopCount
      pages = (estimate.selectivity * heapPages).rounded(.up)
      pages = visible(mackertLohman(pages * loopCount))
      minIO = (pages * parameters.randomPageCost) / loopCount
    } else {
      var pages = visible(mackertLohman(tuplesFetched))
      randomHeapPages = pages
      maxIO = pages * parameters.randomPageCost
      pages = visible((estimate.selectivity * heapPages).rounded(.up))
      if pages > 0 {
        minIO = parameters.randomPageCost + (pages > 1 ? (pages - 1) * parameters.seqPageCost : 0)
      } else {
        minIO = 0
      }
    }

    var workers = 0
    if let reloption = partial {
      workers = computeParallelWorker(
        heapPages: indexOnly ? -1 : randomHeapPages, indexPages: estimate.pages,
        maxWorkers: parameters.maxParallelWorkersPerGather, relationParallelWorkers: reloption,
        parameters: parameters)
      if workers <= 0 { return nil }
    }

    let correlationSquared = estimate.correlation * estimate.correlation
    run += maxIO + correlationSquared * (minIO - maxIO)

    startup += nonIndexQualCost.startup
    var cpuRun = (parameters.cpuTupleCost + nonIndexQualCost.perTuple) * tuplesFetched
    startup += targetCost.startup
    cpuRun += targetCost.perTuple * rows
    if workers > 0 {
      let divisor = parallelDivisor(workers: workers, parameters: parameters)
      rows = clampRowEstimate(rows / divisor)
      cpuRun /= divisor
    }
    run += cpuRun
    return IndexPathCost(
      cost: Cost(startup: startup, total: startup + run), rows: rows, indexTotalCost: estimate.total,
      indexSelectivity: estimate.selectivity, parallelWorkers: workers)
  }
}
