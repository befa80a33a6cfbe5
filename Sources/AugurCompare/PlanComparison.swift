import AugurPlan

/// Augur's predicted plan set beside PostgreSQL's for one query: whether the shapes agree, node
/// by node (matched by position in the tree) how far rows and costs are apart, how far each
/// side's row estimate is from the actual rows, and every disagreement as a sentence.
///
/// Pure: it takes plans, not connections, so its mechanics are tested by comparing PostgreSQL's
/// plan with itself and with deliberately edited copies.
public struct PlanComparison: Sendable, Hashable, Codable {
  /// Same node types, relations and indexes, in the same tree structure.
  public var sameShape: Bool
  /// Same scan nodes (type, relation, index) in the same order.
  public var sameScans: Bool
  /// Root rows within the tolerance of PostgreSQL's.
  public var rootRowsAgree: Bool
  /// Root total cost within the tolerance of PostgreSQL's.
  public var totalCostAgrees: Bool
  public var nodes: [NodeComparison]
  /// Join nodes in PostgreSQL's plan (nested loops, hash and merge joins): how the report
  /// groups q-errors.
  public var joins: Int = 0
  /// Every disagreement, first the shape, then rows and costs.
  public var misses: [Miss]

  /// The relative tolerance for "agrees": 1%.
  public static let defaultTolerance = 0.01

  public init(augur: PlanNode, postgres: PlanNode, analyzed: PlanNode? = nil, tolerance: Double = defaultTolerance) {
    var nodes: [NodeComparison] = []
    var shapeMisses: [Miss] = []
    Self.pair(augur, postgres, analyzed, path: [], nodes: &nodes, shapeMisses: &shapeMisses)
    self.nodes = nodes
    joins = postgres.allNodes.filter { ["Nested Loop", "Hash Join", "Merge Join"].contains($0.nodeType) }.count
    sameShape = shapeMisses.isEmpty
    let augurScans = Self.scans(augur)
    let postgresScans = Self.scans(postgres)
    sameScans = augurScans == postgresScans
    let root = nodes[0]
    rootRowsAgree = Self.within(root.rowsDifference, tolerance)
    totalCostAgrees = Self.within(root.costDifference, tolerance)

    var misses = shapeMisses
    if !sameScans {
      misses.append(
        Miss(
          kind: .scan, path: nil,
          message: "scan: Augur \(Self.list(augurScans)), PostgreSQL \(Self.list(postgresScans))"))
    }
    for node in nodes where node.augur != nil && node.postgres != nil {
      if !Self.within(node.rowsDifference, tolerance) {
        misses.append(
          Miss(
            kind: node.path.isEmpty ? .rootRows : .nodeRows, path: node.path,
            message:
              "\(Self.where(node)) rows: Augur \(Self.figure(node.augurRows)), PostgreSQL "
              + "\(Self.figure(node.postgresRows)) (\(Self.percent(node.rowsDifference)))"))
      }
    }
    if !totalCostAgrees {
      misses.append(
        Miss(
          kind: .totalCost, path: [],
          message:
            "total cost: Augur \(Self.figure(root.augurCost, decimals: 2)), PostgreSQL "
            + "\(Self.figure(root.postgresCost, decimals: 2)) (\(Self.percent(root.costDifference)))"))
    }
    self.misses = misses
  }

  /// One disagreement.
  public struct Miss: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
      case shape, scan, rootRows, nodeRows, totalCost
    }
    public var kind: Kind
    /// The node, by child indexes from the root; nil for whole-plan misses.
    public var path: [Int]?
    public var message: String
  }

  // MARK: Pairing

  private static func pair(
    _ augur: PlanNode?, _ postgres: PlanNode?, _ analyzed: PlanNode?, path: [Int], nodes: inout [NodeComparison],
    shapeMisses: inout [Miss]
  ) {
    let augurSignature = augur.map(signature)
    let postgresSignature = postgres.map(signature)
    // Actual rows only when the ANALYZE plan has the same node here (it normally is the same plan).
    let actual = analyzed.flatMap { signature($0) == postgresSignature ? $0.actual : nil }
    var node = NodeComparison(path: path, augur: augurSignature, postgres: postgresSignature)
    node.augurRows = augur?.estimate?.rows
    node.postgresRows = postgres?.estimate?.rows
    node.augurCost = augur?.estimate?.totalCost
    node.postgresCost = postgres?.estimate?.totalCost
    node.rowsDifference = relativeDifference(node.augurRows, node.postgresRows)
    node.costDifference = relativeDifference(node.augurCost, node.postgresCost)
    if let actual, !actual.neverExecuted {
      node.actualRows = actual.rows
      // Augur's estimate is held against the actual rows only where its node is the same one.
      if augurSignature == postgresSignature { node.augurQError = qError(node.augurRows, actual.rows) }
      node.postgresQError = qError(node.postgresRows, actual.rows)
    }
    nodes.append(node)
    let location = path.isEmpty ? "root" : "node \(pathText(path))"
    switch (augurSignature, postgresSignature) {
    case (let a?, let p?) where a != p:
      shapeMisses.append(Miss(kind: .shape, path: path, message: "\(location): Augur `\(a)`, PostgreSQL `\(p)`"))
    case (let a?, nil):
      shapeMisses.append(Miss(kind: .shape, path: path, message: "\(location): Augur `\(a)`, PostgreSQL has no node"))
    case (nil, let p?):
      shapeMisses.append(Miss(kind: .shape, path: path, message: "\(location): PostgreSQL `\(p)`, Augur has no node"))
    default: break
    }
    let augurChildren = augur?.children ?? []
    let postgresChildren = postgres?.children ?? []
    let analyzedChildren = analyzed?.children ?? []
    for index in 0..<max(augurChildren.count, postgresChildren.count) {
      pair(
        index < augurChildren.count ? augurChildren[index] : nil,
        index < postgresChildren.count ? postgresChildren[index] : nil,
        index < analyzedChildren.count ? analyzedChildren[index] : nil, path: path + [index], nodes: &nodes,
        shapeMisses: &shapeMisses)
    }
  }

  /// What identifies a node for shape matching: its TEXT label without schema or alias
  /// (`Index Scan using orders_pkey on orders`, `Hash Left Join`, `HashAggregate`).
  public static func signature(_ node: PlanNode) -> String {
    var bare = node
    bare.properties.removeAll { $0.key == "Schema" || $0.key == "Alias" }
    return ExplainTextWriter.label(bare)
  }

  /// The scan nodes, depth first.
  public static func scans(_ root: PlanNode) -> [String] {
    root.allNodes.filter { $0.nodeType.hasSuffix("Scan") }.map(signature)
  }

  // MARK: Figures

  /// |a - p| / p, with p floored at a tiny value so a zero reference does not divide by zero
  /// (two zeros are equal: 0).
  public static func relativeDifference(_ value: Double?, _ reference: Double?) -> Double? {
    guard let value, let reference else { return nil }
    if value == reference { return 0 }
    return abs(value - reference) / max(abs(reference), 1e-9)
  }

  /// `max(estimate/actual, actual/estimate)`, both floored at one row (as `PlanMetrics` does).
  public static func qError(_ estimate: Double?, _ actual: Double) -> Double? {
    guard let estimate else { return nil }
    let estimated = max(estimate, 1)
    let observed = max(actual, 1)
    return max(estimated / observed, observed / estimated)
  }

  static func within(_ difference: Double?, _ tolerance: Double) -> Bool {
    guard let difference else { return false }
    return difference <= tolerance + 1e-12
  }

  static func pathText(_ path: [Int]) -> String {
    path.map(String.init).joined(separator: ".")
  }

  static func `where`(_ node: NodeComparison) -> String {
    (node.path.isEmpty ? "root" : "node \(pathText(node.path))") + " `\(node.postgres ?? node.augur ?? "?")`"
  }

  static func list(_ scans: [String]) -> String {
    scans.isEmpty ? "none" : scans.map { "`\($0)`" }.joined(separator: ", ")
  }

  static func figure(_ value: Double?, decimals: Int = 0) -> String {
    guard let value else { return "?" }
    return ExplainNumberText.fixed(value, decimals: decimals)
  }

  static func percent(_ difference: Double?) -> String {
    guard let difference else { return "?" }
    return ExplainNumberText.fixed(difference * 100, decimals: 1) + "% apart"
  }
}

/// One position in the two trees.
public struct NodeComparison: Sendable, Hashable, Codable {
  public var path: [Int]
  /// The node's signature on each side; nil where that side has no node at this position.
  public var augur: String?
  public var postgres: String?
  public var augurRows: Double?
  public var postgresRows: Double?
  /// Actual rows per loop, from EXPLAIN ANALYZE.
  public var actualRows: Double?
  public var augurCost: Double?
  public var postgresCost: Double?
  /// |Augur − PostgreSQL| / PostgreSQL.
  public var rowsDifference: Double?
  public var costDifference: Double?
  public var augurQError: Double?
  public var postgresQError: Double?

  public init(path: [Int], augur: String?, postgres: String?) {
    self.path = path
    self.augur = augur
    self.postgres = postgres
  }
}

/// Fixed-point formatting without Foundation's locale-dependent `String(format:)`.
enum ExplainNumberText {
  static func fixed(_ value: Double, decimals: Int) -> String {
    guard value.isFinite else { return "\(value)" }
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let scaled = (abs(value) * scale).rounded()
    guard scaled < 9e18 else { return "\(value)" }
    let units = Int(scaled)
    var text = (value < 0 && units != 0 ? "-" : "") + String(units / Int(scale))
    if decimals > 0 {
      let fraction = String(units % Int(scale))
      text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
    return text
  }
}
