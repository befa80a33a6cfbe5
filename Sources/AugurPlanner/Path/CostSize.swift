import AugurCatalog

/// Path costs, mirroring PostgreSQL 15's `optimizer/path/costsize.c`.
public enum CostSize {
  /// Mirrors `clamp_row_est`: at least one row, and whole rows.
  public static func clampRowEstimate(_ rows: Double) -> Double {
    // MAXIMUM_ROWCOUNT: estimates beyond 1e100 (or infinite, or NaN from a bad input) are capped.
    if rows.isNaN || rows > 1e100 { return 1e100 }
    return rows <= 1 ? 1 : rows.rounded(.toNearestOrEven)
  }

  /// Mirrors `cost_seqscan` for a non-parallel scan.
  ///
  /// Model: every page is read sequentially (`seq_page_cost` each) and every tuple is processed
  /// (`cpu_tuple_cost` plus the per-tuple cost of the quals). Startup is the quals' startup cost.
  public static func costSeqScan(
    size: RelationSizeEstimate, qualStartup: Double = 0, qualPerTuple: Double = 0, parameters: CostParameters
  ) -> Cost {
    costSeqScan(
      size: size, rows: size.tuples, qualCost: QualCost(startup: qualStartup, perTuple: qualPerTuple),
      parameters: parameters
    ).cost
  }

  /// Mirrors `cost_seqscan`, parallel scans included.
  ///
  /// Model: as above, plus the target list per output row; `disable_cost` at startup when
  /// `enable_seqscan` is off. A parallel scan (`parallelWorkers` > 0) divides the CPU part, not
  /// the page reads, by `get_parallel_divisor`, and so its rows: the rows of one process.
  ///
  /// - Parameter rows: the relation's row estimate after its restriction quals.
  public static func costSeqScan(
    size: RelationSizeEstimate, rows pathRows: Double, qualCost: QualCost = .zero, targetCost: QualCost = .zero,
    parallelWorkers: Int = 0, parameters: CostParameters
  ) -> PathCost {
    var rows = pathRows
    var startup = 0.0
    if !parameters.enableSeqScan { startup += CostParameters.disableCost }
    let diskRun = parameters.seqPageCost * size.pages
    startup += qualCost.startup
    var cpuRun = (parameters.cpuTupleCost + qualCost.perTuple) * size.tuples
    startup += targetCost.startup
    cpuRun += targetCost.perTuple * rows
    if parallelWorkers > 0 {
      let divisor = parallelDivisor(workers: parallelWorkers, parameters: parameters)
      cpuRun /= divisor
      rows = clampRowEstimate(rows / divisor)
    }
    return PathCost(cost: Cost(startup: startup, total: startup + cpuRun + diskRun), rows: rows)
  }

  /// Mirrors `get_parallel_divisor` (costsize.c): how many processes' worth of work a parallel
  /// path is split into. Each worker counts 1; a participating leader adds what is left of its
  /// time after spending 30% per worker on servicing them (1.7, 2.4, 3.1, then 4 for 4 workers).
  public static func parallelDivisor(workers: Int, parameters: CostParameters) -> Double {
    var divisor = Double(workers)
    if parameters.parallelLeaderParticipation {
      let leader = 1.0 - 0.3 * Double(workers)
      if leader > 0 { divisor += leader }
    }
    return divisor
  }

  /// The rows one participant produces: a partial path's row count is the total divided by
  /// `parallelDivisor` (as the final costing of each join method does); a serial path's is the total.
  static func rowsPerWorker(_ rows: Double, parallelWorkers: Int, parameters: CostParameters) -> Double {
    guard parallelWorkers > 0 else { return rows }
    return clampRowEstimate(rows / parallelDivisor(workers: parallelWorkers, parameters: parameters))
  }

  /// Mirrors `compute_parallel_worker` (optimizer/path/allpaths.c): the workers a parallel scan
  /// of `heapPages` heap pages and `indexPages` index pages gets (-1 for "not read").
  ///
  /// Model: the `parallel_workers` reloption wins when set. Otherwise a base relation below
  /// `min_parallel_table_scan_size` heap pages or `min_parallel_index_scan_size` index pages
  /// gets none; from the threshold on it gets 1, plus 1 each time the size triples, the smaller
  /// of the heap's and the index's counts when both are read. At most `maxWorkers`.
  public static func computeParallelWorker(
    heapPages: Double, indexPages: Double, maxWorkers: Int, relationParallelWorkers: Int = -1,
    isBaseRelation: Bool = true, parameters: CostParameters
  ) -> Int {
    var workers = 0
    if relationParallelWorkers != -1 {
      workers = relationParallelWorkers
    } else {
      let minTable = parameters.minParallelTableScanSize
      let minIndex = parameters.minParallelIndexScanSize
      if isBaseRelation
        && ((heapPages >= 0 && heapPages < minTable) || (indexPages >= 0 && indexPages < minIndex))
      {
        return 0
      }
      func workersFor(_ pages: Double, threshold minimum: Double) -> Int {
        var count = 1
        var threshold = max(Int(minimum), 1)
        while pages >= Double(UInt32(truncatingIfNeeded: threshold * 3)) {
          count += 1
          threshold *= 3
          if threshold > Int(Int32.max) / 3 { break }
        }
        return count
      }
      if heapPages >= 0 {
        workers = workersFor(heapPages, threshold: minTable)
      }
      if indexPages >= 0 {
        let indexWorkers = workersFor(indexPages, threshold: minIndex)
        workers = workers > 0 ? min(workers, indexWorkers) : indexWorkers
      }
    }
    return min(workers, maxWorkers)
  }

  /// Mirrors `cost_gather` (costsize.c). Model: the subpath's costs plus `parallel_setup_cost`
  /// at startup and `parallel_tuple_cost` per row passed up (`rows`: all processes' rows, the
  /// relation's estimate).
  public static func costGather(subpath: Cost, rows: Double, parameters: CostParameters) -> Cost {
    let startup = subpath.startup + parameters.parallelSetupCost
    let run = subpath.total - subpath.startup + parameters.parallelTupleCost * rows
    return Cost(startup: startup, total: startup + run)
  }

  /// Mirrors `cost_gather_merge` (costsize.c).
  ///
  /// Model: a binary heap merges the sorted streams of `workers` + 1 processes: building it costs
  /// `N log2 N` comparisons at startup, each row `log2 N` comparisons (2 `cpu_operator_cost`
  /// each) plus one `cpu_operator_cost`; `parallel_setup_cost` at startup and 5% more than
  /// Gather's `parallel_tuple_cost` per row, since the leader waits on every worker.
  /// `disable_cost` when `enable_gathermerge` is off.
  ///
  /// - Parameter input: the sorted partial subpath's costs (startup, total).
  public static func costGatherMerge(input: Cost, rows: Double, workers: Int, parameters: CostParameters) -> Cost {
    var startup = 0.0
    var run = 0.0
    if !parameters.enableGatherMerge { startup += CostParameters.disableCost }
    let streams = Double(workers) + 1
    let logStreams = log2(streams)
    let comparison = 2.0 * parameters.cpuOperatorCost
    startup += comparison * streams * logStreams
    run += rows * comparison * logStreams
    run += parameters.cpuOperatorCost * rows
    startup += parameters.parallelSetupCost
    run += parameters.parallelTupleCost * rows * 1.05
    return Cost(startup: startup + input.startup, total: startup + run + input.total)
  }
}
