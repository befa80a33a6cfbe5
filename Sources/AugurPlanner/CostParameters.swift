import AugurCatalog

/// The planner's cost constants and memory settings, read from a snapshot's settings (PostgreSQL
/// 15's defaults where a setting is missing). One value, passed to every cost function.
public struct CostParameters: Sendable, Hashable {
  public var seqPageCost: Double
  public var randomPageCost: Double
  public var cpuTupleCost: Double
  public var cpuIndexTupleCost: Double
  public var cpuOperatorCost: Double
  public var parallelTupleCost: Double
  public var parallelSetupCost: Double
  /// In pages.
  public var effectiveCacheSize: Double
  /// In kB.
  public var workMem: Double
  public var hashMemMultiplier: Double
  public var blockSize: Int
  /// `min_parallel_table_scan_size`, in pages.
  public var minParallelTableScanSize: Double
  /// `min_parallel_index_scan_size`, in pages.
  public var minParallelIndexScanSize: Double
  public var maxParallelWorkersPerGather: Int
  public var parallelLeaderParticipation: Bool
  public var effectiveIOConcurrency: Double
  /// The `enable_*` switches the cost functions read: a disabled path gets `disableCost` added to
  /// its startup cost, as PostgreSQL does.
  public var enableSeqScan: Bool
  public var enableIndexScan: Bool
  public var enableIndexOnlyScan: Bool
  public var enableBitmapScan: Bool
  public var enableSort: Bool
  public var enableIncrementalSort: Bool
  public var enableHashAgg: Bool
  public var enableMaterial: Bool
  public var enableGatherMerge: Bool

  /// `disable_cost` (costsize.c): what a disabled path's startup cost is charged.
  public static let disableCost = 1.0e10

  public init(settings: [String: String]) {
    func number(_ name: String) -> Double {
      Double(settings[name] ?? PlannerSettings.defaults[name] ?? "") ?? 0
    }
    seqPageCost = number("seq_page_cost")
    randomPageCost = number("random_page_cost")
    cpuTupleCost = number("cpu_tuple_cost")
    cpuIndexTupleCost = number("cpu_index_tuple_cost")
    cpuOperatorCost = number("cpu_operator_cost")
    parallelTupleCost = number("parallel_tuple_cost")
    parallelSetupCost = number("parallel_setup_cost")
    effectiveCacheSize = number("effective_cache_size")
    workMem = number("work_mem")
    hashMemMultiplier = number("hash_mem_multiplier")
    blockSize = Int(number("block_size"))
    minParallelTableScanSize = number("min_parallel_table_scan_size")
    minParallelIndexScanSize = number("min_parallel_index_scan_size")
    maxParallelWorkersPerGather = Int(number("max_parallel_workers_per_gather"))
    effectiveIOConcurrency = number("effective_io_concurrency")
    func flag(_ name: String) -> Bool {
      let text = (settings[name] ?? PlannerSettings.defaults[name] ?? "on").lowercased()
      return !["off", "false", "0", "no", "f"].contains(text)
    }
    parallelLeaderParticipation = flag("parallel_leader_participation")
    enableSeqScan = flag("enable_seqscan")
    enableIndexScan = flag("enable_indexscan")
    enableIndexOnlyScan = flag("enable_indexonlyscan")
    enableBitmapScan = flag("enable_bitmapscan")
    enableSort = flag("enable_sort")
    enableIncrementalSort = flag("enable_incremental_sort")
    enableHashAgg = flag("enable_hashagg")
    enableMaterial = flag("enable_material")
    enableGatherMerge = flag("enable_gathermerge")
  }

  /// Bytes of `work_mem` (`work_mem * 1024L`).
  public var workMemBytes: Double { (workMem * 1024).rounded(.down) }

  /// Mirrors `get_hash_memory_limit` (nodeHash.c): `work_mem × hash_mem_multiplier`, in whole bytes.
  public var hashMemoryLimit: Double { (workMem * hashMemMultiplier * 1024).rounded(.down) }

  public init(snapshot: StatsSnapshot) {
    self.init(settings: snapshot.settings)
  }
}

/// A path's cost, in the planner's units: startup (before the first row) and total.
public struct Cost: Sendable, Hashable {
  public var startup: Double
  public var total: Double

  public init(startup: Double, total: Double) {
    self.startup = startup
    self.total = total
  }
}
