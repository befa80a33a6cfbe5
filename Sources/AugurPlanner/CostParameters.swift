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
  }

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
