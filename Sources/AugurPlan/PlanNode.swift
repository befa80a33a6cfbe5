import AugurSQL

/// One node of a query plan: what PostgreSQL's EXPLAIN shows for it, or what Augur's planner
/// predicts. Both sides use this one type, so comparing prediction and reality is a tree walk and
/// every renderer and finding works on both.
///
/// Common attributes are typed (`nodeType`, `estimate`, `actual`, `buffers`, `workers`); every
/// other attribute is kept in `properties` under the key PostgreSQL's JSON format uses
/// (`"Relation Name"`, `"Index Cond"`, `"Rows Removed by Filter"`, `"Sort Method"`, ...), in the
/// order EXPLAIN printed it. The text reader maps text labels to the same keys, so a plan read
/// from text and from JSON compares equal.
public struct PlanNode: Sendable, Hashable, Codable {
  /// `Seq Scan`, `Index Scan`, `Hash Join`, `Aggregate`, ...
  public var nodeType: String
  /// The planner's estimate; nil when EXPLAIN ran with COSTS OFF.
  public var estimate: PlanEstimate?
  /// What happened; nil without ANALYZE.
  public var actual: PlanActual?
  /// Buffer usage (EXPLAIN's BUFFERS option), summed over all loops and workers.
  public var buffers: BufferUsage?
  /// Per-worker figures of a node run in parallel workers.
  public var workers: [WorkerDetail]
  /// Every other attribute, keyed by EXPLAIN's JSON name, in EXPLAIN's order.
  public var properties: [PlanProperty]
  public var children: [PlanNode]

  public init(
    nodeType: String, estimate: PlanEstimate? = nil, actual: PlanActual? = nil, buffers: BufferUsage? = nil,
    workers: [WorkerDetail] = [], properties: [PlanProperty] = [], children: [PlanNode] = []
  ) {
    self.nodeType = nodeType
    self.estimate = estimate
    self.actual = actual
    self.buffers = buffers
    self.workers = workers
    self.properties = properties
    self.children = children
  }

  /// The value of attribute `key` (EXPLAIN's JSON name).
  public subscript(key: String) -> JSONValue? {
    properties.first { $0.key == key }?.value
  }

  public func string(_ key: String) -> String? {
    if case .string(let text)? = self[key] { return text }
    return nil
  }

  public func number(_ key: String) -> Double? {
    switch self[key] {
    case .int(let value)?: Double(value)
    case .double(let value)?: value
    default: nil
    }
  }

  public func strings(_ key: String) -> [String]? {
    guard case .array(let items)? = self[key] else { return nil }
    return items.compactMap { item in
      if case .string(let text) = item { return text }
      return nil
    }
  }

  // Attributes most consumers want, by name.
  public var relationName: String? { string("Relation Name") }
  public var schema: String? { string("Schema") }
  public var alias: String? { string("Alias") }
  public var indexName: String? { string("Index Name") }
  public var joinType: String? { string("Join Type") }
  /// `Outer`, `Inner`, `Subquery`, `InitPlan`, `SubPlan`, `Member`.
  public var parentRelationship: String? { string("Parent Relationship") }
  /// `InitPlan 1 (returns $0)`, `SubPlan 2`, `CTE name`.
  public var subplanName: String? { string("Subplan Name") }
  public var parallelAware: Bool { self["Parallel Aware"] == .bool(true) }
  public var workersPlanned: Int? { number("Workers Planned").map { Int($0) } }
  public var workersLaunched: Int? { number("Workers Launched").map { Int($0) } }

  /// The nodes of this subtree, depth first, parents before children.
  public var allNodes: [PlanNode] {
    var result: [PlanNode] = []
    func visit(_ node: PlanNode) {
      result.append(node)
      node.children.forEach(visit)
    }
    visit(self)
    return result
  }
}

/// A named attribute of a plan node.
public struct PlanProperty: Sendable, Hashable, Codable {
  public var key: String
  public var value: JSONValue

  public init(key: String, value: JSONValue) {
    self.key = key
    self.value = value
  }
}

/// The planner's estimate for a node (`cost=startup..total rows=N width=W`).
public struct PlanEstimate: Sendable, Hashable, Codable {
  public var startupCost: Double
  public var totalCost: Double
  /// Rows per loop.
  public var rows: Double
  public var width: Int

  public init(startupCost: Double, totalCost: Double, rows: Double, width: Int) {
    self.startupCost = startupCost
    self.totalCost = totalCost
    self.rows = rows
    self.width = width
  }
}

/// What a node did (`actual time=startup..total rows=N loops=L`). Times and rows are averages per
/// loop, as EXPLAIN prints them; `loops == 0` means the node never ran.
public struct PlanActual: Sendable, Hashable, Codable {
  /// Milliseconds; nil with TIMING OFF.
  public var startupTime: Double?
  public var totalTime: Double?
  public var rows: Double
  public var loops: Double

  public init(startupTime: Double?, totalTime: Double?, rows: Double, loops: Double) {
    self.startupTime = startupTime
    self.totalTime = totalTime
    self.rows = rows
    self.loops = loops
  }

  public var neverExecuted: Bool { loops == 0 }
}

/// Blocks hit, read, dirtied and written (BUFFERS).
public struct BufferUsage: Sendable, Hashable, Codable {
  public var sharedHit = 0
  public var sharedRead = 0
  public var sharedDirtied = 0
  public var sharedWritten = 0
  public var localHit = 0
  public var localRead = 0
  public var localDirtied = 0
  public var localWritten = 0
  public var tempRead = 0
  public var tempWritten = 0

  public init() {}

  /// EXPLAIN's JSON keys for buffer counts.
  public static let jsonKeys = [
    "Shared Hit Blocks", "Shared Read Blocks", "Shared Dirtied Blocks", "Shared Written Blocks", "Local Hit Blocks",
    "Local Read Blocks", "Local Dirtied Blocks", "Local Written Blocks", "Temp Read Blocks", "Temp Written Blocks",
  ]

  /// Sets the count EXPLAIN's JSON calls `key`; false when `key` is not a buffer count.
  @discardableResult
  public mutating func set(_ key: String, to value: Int) -> Bool {
    switch key {
    case "Shared Hit Blocks": sharedHit = value
    case "Shared Read Blocks": sharedRead = value
    case "Shared Dirtied Blocks": sharedDirtied = value
    case "Shared Written Blocks": sharedWritten = value
    case "Local Hit Blocks": localHit = value
    case "Local Read Blocks": localRead = value
    case "Local Dirtied Blocks": localDirtied = value
    case "Local Written Blocks": localWritten = value
    case "Temp Read Blocks": tempRead = value
    case "Temp Written Blocks": tempWritten = value
    default: return false
    }
    return true
  }
}

/// One parallel worker's figures for a node.
public struct WorkerDetail: Sendable, Hashable, Codable {
  public var number: Int
  public var actual: PlanActual?
  public var buffers: BufferUsage?
  /// Other per-worker attributes (`Sort Method`, `Sort Space Used`, JIT, ...).
  public var properties: [PlanProperty]

  public init(number: Int, actual: PlanActual? = nil, buffers: BufferUsage? = nil, properties: [PlanProperty] = []) {
    self.number = number
    self.actual = actual
    self.buffers = buffers
    self.properties = properties
  }
}

/// A whole EXPLAIN result: the plan and what EXPLAIN reports around it.
public struct ExplainedPlan: Sendable, Hashable, Codable {
  public var root: PlanNode
  /// Milliseconds.
  public var planningTime: Double?
  public var executionTime: Double?
  public var planningBuffers: BufferUsage?
  public var triggers: [TriggerTiming]
  /// `Settings` that differ from the defaults.
  public var settings: [PlanProperty]
  /// Other top-level attributes (`JIT`, `Query Text`, ...).
  public var properties: [PlanProperty]

  public init(
    root: PlanNode, planningTime: Double? = nil, executionTime: Double? = nil, planningBuffers: BufferUsage? = nil,
    triggers: [TriggerTiming] = [], settings: [PlanProperty] = [], properties: [PlanProperty] = []
  ) {
    self.root = root
    self.planningTime = planningTime
    self.executionTime = executionTime
    self.planningBuffers = planningBuffers
    self.triggers = triggers
    self.settings = settings
    self.properties = properties
  }

  /// True when the plan came from EXPLAIN ANALYZE.
  public var isAnalyzed: Bool { root.actual != nil }
}

/// A trigger's time (`Trigger name: time=x calls=n`), including foreign-key checks.
public struct TriggerTiming: Sendable, Hashable, Codable {
  public var name: String
  public var relation: String?
  /// Milliseconds.
  public var time: Double
  public var calls: Int

  public init(name: String, relation: String?, time: Double, calls: Int) {
    self.name = name
    self.relation = relation
    self.time = time
    self.calls = calls
  }
}
