import Foundation

/// A bitmap tree: the `bitmapqual` of a bitmap heap path, made of index scans and the BitmapAnd
/// and BitmapOr nodes that combine them.
public indirect enum BitmapQual: Sendable, Hashable {
  /// A bitmap index scan: an index path's `indextotalcost` and `indexselectivity`, its `rows`
  /// (the path's, i.e. the relation's row estimate) and the index's pages.
  case index(totalCost: Double, selectivity: Double, rows: Double, indexPages: Double)
  case and([BitmapQual])
  case or([BitmapQual])

  var isIndexScan: Bool {
    if case .index = self { return true }
    return false
  }
}

/// What `compute_bitmap_pages` returns.
public struct BitmapPages: Sendable, Hashable {
  /// Heap pages fetched (per loop).
  public var pages: Double
  /// The cost of building the bitmap (`cost_bitmap_tree_node` of the tree).
  public var indexTotalCost: Double
  /// Heap tuples examined, lossy pages included.
  public var tuples: Double
}

extension CostSize {
  /// Mirrors `cost_bitmap_tree_node` (costsize.c): a tree node's cost and selectivity. An index
  /// scan adds a tenth of `cpu_operator_cost` per row for managing the bitmap, so that a bitmap
  /// scan never ties with a plain index scan; AND and OR nodes are costed by
  /// `costBitmapAndNode` and `costBitmapOrNode`.
  public static func costBitmapTreeNode(_ node: BitmapQual, parameters: CostParameters) -> (
    cost: Double, selectivity: Double
  ) {
    switch node {
    case .index(let totalCost, let selectivity, let rows, _):
      return (totalCost + 0.1 * parameters.cpuOperatorCost * rows, selectivity)
    case .and(let children):
      return costBitmapAndNode(children, parameters: parameters)
    case .or(let children):
      return costBitmapOrNode(children, parameters: parameters)
    }
  }

  /// Mirrors `cost_bitmap_and_node` (costsize.c). Model: the inputs are independent (the
  /// selectivity is the product) and each intersection after the first input costs 100
  /// `cpu_operator_cost`. The cost is both startup and total.
  public static func costBitmapAndNode(_ children: [BitmapQual], parameters: CostParameters) -> (
    cost: Double, selectivity: Double
  ) {
    var total = 0.0
    var selectivity = 1.0
    for (position, child) in children.enumerated() {
      let (cost, childSelectivity) = costBitmapTreeNode(child, parameters: parameters)
      selectivity *= childSelectivity
      total += cost
      if position > 0 { total += 100 * parameters.cpuOperatorCost }
    }
    return (total, selectivity)
  }

  /// Mirrors `cost_bitmap_or_node` (costsize.c). Model: the inputs do not overlap (selectivities
  /// add up, at most 1) and each union after the first input costs 100 `cpu_operator_cost`,
  /// except for index-scan inputs, whose union is free.
  public static func costBitmapOrNode(_ children: [BitmapQual], parameters: CostParameters) -> (
    cost: Double, selectivity: Double
  ) {
    var total = 0.0
    var selectivity = 0.0
    for (position, child) in children.enumerated() {
      let (cost, childSelectivity) = costBitmapTreeNode(child, parameters: parameters)
      selectivity += childSelectivity
      total += cost
      if position > 0 && !child.isIndexScan { total += 100 * parameters.cpuOperatorCost }
    }
    return (total, min(selectivity, 1))
  }

  /// Mirrors `get_indexpath_pages` (costsize.c): the pages of every index in the tree, an index
  /// used twice counted twice.
  public static func bitmapIndexPages(_ node: BitmapQual) -> Double {
    switch node {
    case .index(_, _, _, let pages): return pages
    case .and(let children), .or(let children): return children.reduce(0) { $0 + bitmapIndexPages($1) }
    }
  }

  /// Mirrors `tbm_calculate_entries` (tidbitmap.c): the page entries a TID bitmap holds in
  /// `bytes`, each entry taken as `sizeof(PagetableEntry)` plus two pointers. An entry carries one
  /// bit per possible tuple of a page (`MaxHeapTuplesPerPage`) in 64-bit words, after an 8-byte
  /// header: 48 bytes, so 64 per entry, for 8 kB pages.
  public static func bitmapMaxEntries(bytes: Double, blockSize: Int = 8192) -> Double {
    let maxTuplesPerPage = (blockSize - 24) / (maxAlign(23) + 4)
    let pagesPerChunk = blockSize / 32
    let words = max((maxTuplesPerPage - 1) / 64 + 1, (pagesPerChunk - 1) / 64 + 1)
    let entryBytes = 8 + 8 * words + 8 + 8
    let entries = (bytes / Double(entryBytes)).rounded(.towardZero)
    return max(min(entries, Double(Int32.max - 1)), 16)
  }

  /// Mirrors `compute_bitmap_pages` (costsize.c): heap pages and tuples a bitmap heap scan reads.
  ///
  /// Model: tuples fetched are the bitmap's selectivity of the table; pages are the Mackert–Lohman
  /// count with no re-reads, `2TN/(2T+N)` (for `loopCount` > 1, `index_pages_fetched` of all the
  /// loops' tuples, per loop), whole and at most the table. If the bitmap needs more page entries
  /// than `work_mem` holds, the excess over half the entries goes lossy and every tuple of a
  /// lossy page is examined. `loopCount` is truncated to an integer, as PostgreSQL's parameter is
  /// an `int`.
  public static func computeBitmapPages(
    bitmap: BitmapQual, relation: RelationSizeEstimate, loopCount: Double = 1, totalTablePages: Double,
    parameters: CostParameters
  ) -> BitmapPages {
    let (indexTotalCost, selectivity) = costBitmapTreeNode(bitmap, parameters: parameters)
    var tuplesFetched = clampRowEstimate(selectivity * relation.tuples)
    let tablePages = relation.pages > 1 ? relation.pages : 1
    var pagesFetched = (2 * tablePages * tuplesFetched) / (2 * tablePages + tuplesFetched)
    let heapPages = min(pagesFetched, relation.pages)
    let maxEntries = bitmapMaxEntries(bytes: parameters.workMemBytes, blockSize: parameters.blockSize)
    let loops = loopCount.rounded(.towardZero)
    if loops > 1 {
      pagesFetched = indexPagesFetched(
        tuplesFetched: tuplesFetched * loops, pages: relation.pages, indexPages: bitmapIndexPages(bitmap),
        totalTablePages: totalTablePages, parameters: parameters)
      pagesFetched /= loops
    }
    pagesFetched = pagesFetched >= tablePages ? tablePages : pagesFetched.rounded(.up)
    if maxEntries < heapPages {
      // maxentries is a C long: halving it is integer division.
      let lossyPages = max(0, heapPages - (maxEntries / 2).rounded(.towardZero))
      let exactPages = heapPages - lossyPages
      if lossyPages > 0 {
        tuplesFetched = clampRowEstimate(
          selectivity * (exactPages / heapPages) * relation.tuples + (lossyPages / heapPages) * relation.tuples)
      }
    }
    return BitmapPages(pages: pagesFetched, indexTotalCost: indexTotalCost, tuples: tuplesFetched)
  }

  /// Mirrors `cost_bitmap_heap_scan` (costsize.c).
  ///
  /// Model: startup is building the bitmap. Each heap page (`compute_bitmap_pages`) costs between
  /// `random_page_cost` (few pages) and `seq_page_cost` (the whole table), interpolated by the
  /// square root of the fraction of the table read; fewer than 2 pages cost `random_page_cost`
  /// each. Every fetched tuple pays `cpu_tuple_cost` plus all the relation's restriction quals
  /// (`qualCost`: the index conditions are counted as rechecked). A parallel scan divides the CPU
  /// cost and the rows by `get_parallel_divisor`; the target list is paid per output row.
  public static func costBitmapHeapScan(
    bitmap: BitmapQual, relation: RelationSizeEstimate, rows pathRows: Double, qualCost: QualCost = .zero,
    targetCost: QualCost = .zero, loopCount: Double = 1, parallelWorkers: Int = 0, totalTablePages: Double,
    parameters: CostParameters
  ) -> PathCost {
    var rows = pathRows
    var startup = 0.0
    var run = 0.0
    if !parameters.enableBitmapScan { startup += CostParameters.disableCost }
    let fetched = computeBitmapPages(
      bitmap: bitmap, relation: relation, loopCount: loopCount, totalTablePages: totalTablePages,
      parameters: parameters)
    startup += fetched.indexTotalCost
    let tablePages = relation.pages > 1 ? relation.pages : 1
    let costPerPage =
      fetched.pages >= 2
      ? parameters.randomPageCost - (parameters.randomPageCost - parameters.seqPageCost)
        * (fetched.pages / tablePages).squareRoot()
      : parameters.randomPageCost
    run += fetched.pages * costPerPage

    startup += qualCost.startup
    var cpuRun = (parameters.cpuTupleCost + qualCost.perTuple) * fetched.tuples
    if parallelWorkers > 0 {
      let divisor = parallelDivisor(workers: parallelWorkers, parameters: parameters)
      cpuRun /= divisor
      rows = clampRowEstimate(rows / divisor)
    }
    run += cpuRun
    startup += targetCost.startup
    run += targetCost.perTuple * rows
    return PathCost(cost: Cost(startup: startup, total: startup + run), rows: rows)
  }
}
