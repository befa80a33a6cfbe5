import AugurPlan
import Foundation

/// The differences between two plans of the same query: before and after an index, a setting or a
/// migration (`augur explain diff A B`).
///
/// Nodes are paired when they do the same job in both plans:
/// 1. scans by what they scan: relation (schema, name, alias), a Bitmap Index Scan by its index,
///    a CTE or function scan by its name and alias; a Seq Scan replaced by an Index or Bitmap
///    scan of the same relation is one pair whose changes start with "scan type";
/// 2. bottom-up, the nearest unpaired ancestors of a pair when they do the same kind of work
///    (same node type, or both joins, both sorts, both gathers, both appends, both aggregates);
/// 3. leftovers top-down from paired parents (or the roots), by child position, then by node type.
/// Steps 2 and 3 repeat until nothing more pairs. Every other node is added or removed.
public struct PlanDiff: Sendable, Hashable, Codable {
  public struct Summary: Sendable, Hashable, Codable {
    public var totalCostBefore: Double?
    public var totalCostAfter: Double?
    /// Milliseconds.
    public var executionTimeBefore: Double?
    public var executionTimeAfter: Double?
    public var planningTimeBefore: Double?
    public var planningTimeAfter: Double?
    /// Shared blocks hit + read by the whole plan (the root's buffers).
    public var sharedBuffersBefore: Int?
    public var sharedBuffersAfter: Int?
    /// `after / before`; nil when either side is missing or before is zero (1 when both are zero).
    public var costRatio: Double?
    public var executionTimeRatio: Double?
    public var planningTimeRatio: Double?
    public var sharedBuffersRatio: Double?
  }

  public var summary: Summary
  /// Paired and unpaired nodes: the after plan's order, removed nodes after their predecessor in
  /// the before plan.
  public var nodes: [NodeChange]
  /// Identical trees of node types, relation names and index names.
  public var sameShape: Bool

  public init(before: ExplainedPlan, after: ExplainedPlan) {
    summary = Self.summarize(before, after)
    sameShape = Self.sameShape(before.root, after.root)
    var matcher = Matcher(before: before, after: after)
    nodes = matcher.run()
  }

  public var changed: [NodeChange] { nodes.filter { $0.kind == .changed } }
  public var added: [NodeChange] { nodes.filter { $0.kind == .added } }
  public var removed: [NodeChange] { nodes.filter { $0.kind == .removed } }

  // MARK: Summary and shape

  static func summarize(_ before: ExplainedPlan, _ after: ExplainedPlan) -> Summary {
    func shared(_ plan: ExplainedPlan) -> Int? {
      plan.root.buffers.map { $0.sharedHit + $0.sharedRead }
    }
    var summary = Summary(
      totalCostBefore: before.root.estimate?.totalCost, totalCostAfter: after.root.estimate?.totalCost,
      executionTimeBefore: before.executionTime, executionTimeAfter: after.executionTime,
      planningTimeBefore: before.planningTime, planningTimeAfter: after.planningTime,
      sharedBuffersBefore: shared(before), sharedBuffersAfter: shared(after))
    summary.costRatio = ratio(summary.totalCostBefore, summary.totalCostAfter)
    summary.executionTimeRatio = ratio(summary.executionTimeBefore, summary.executionTimeAfter)
    summary.planningTimeRatio = ratio(summary.planningTimeBefore, summary.planningTimeAfter)
    summary.sharedBuffersRatio = ratio(
      summary.sharedBuffersBefore.map(Double.init), summary.sharedBuffersAfter.map(Double.init))
    return summary
  }

  static func ratio(_ before: Double?, _ after: Double?) -> Double? {
    guard let before, let after else { return nil }
    if before == 0 { return after == 0 ? 1 : nil }
    return after / before
  }

  static func sameShape(_ before: PlanNode, _ after: PlanNode) -> Bool {
    guard before.nodeType == after.nodeType, before.relationName == after.relationName,
      before.indexName == after.indexName, before.children.count == after.children.count
    else { return false }
    return zip(before.children, after.children).allSatisfy { sameShape($0, $1) }
  }

  // MARK: Descriptions

  /// `Seq Scan on public.events`, `Index Scan using events_user_idx on public.events e`,
  /// `Hash Left Join`, `HashAggregate`, `CTE Scan on totals`.
  public static func describe(_ node: PlanNode) -> String {
    var text = node.nodeType
    if node.nodeType == "Aggregate", let strategy = node.string("Strategy") {
      switch strategy {
      case "Hashed": text = "HashAggregate"
      case "Sorted": text = "GroupAggregate"
      case "Mixed": text = "MixedAggregate"
      default: break
      }
    }
    if let join = node.joinType, join != "Inner" {
      if text.hasSuffix(" Join") {
        text = String(text.dropLast(" Join".count)) + " \(join) Join"
      } else if text == "Nested Loop" {
        text += " \(join) Join"
      }
    }
    if node.parallelAware { text = "Parallel " + text }
    if let index = node.indexName { text += " using \(index)" }
    if let relation = node.relationName {
      text += " on " + (node.schema.map { "\($0).\(relation)" } ?? relation)
      if let alias = node.alias, alias != relation { text += " \(alias)" }
    } else if let cte = node.string("CTE Name") {
      text += " on \(cte)"
      if let alias = node.alias, alias != cte { text += " \(alias)" }
    } else if let function = node.string("Function Name") {
      text += " on \(function)"
      if let alias = node.alias, alias != function { text += " \(alias)" }
    } else if node.nodeType.hasSuffix("Scan"), let alias = node.alias {
      text += " on \(alias)"
    }
    if let subplan = node.subplanName { text += " (\(subplan))" }
    return text
  }

  /// What a scan reads, for pairing scans; nil for nodes that are not scans of something named.
  static func identity(_ node: PlanNode) -> String? {
    if let relation = node.relationName {
      return "relation|\(node.schema ?? "")|\(relation)|\(node.alias ?? relation)"
    }
    if node.nodeType == "Bitmap Index Scan", let index = node.indexName { return "index|\(index)" }
    if let cte = node.string("CTE Name") { return "cte|\(cte)|\(node.alias ?? cte)" }
    if let function = node.string("Function Name") { return "function|\(function)|\(node.alias ?? function)" }
    if node.nodeType.hasSuffix("Scan"), let alias = node.alias { return "\(node.nodeType)|\(alias)" }
    return nil
  }

  /// Node types that do the same kind of work.
  static func category(_ node: PlanNode) -> String {
    switch node.nodeType {
    case "Hash Join", "Merge Join", "Nested Loop": "join"
    case "Sort", "Incremental Sort": "sort"
    case "Gather", "Gather Merge": "gather"
    case "Append", "Merge Append": "append"
    case "Aggregate", "Group": "aggregate"
    case "Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan", "Tid Scan", "Tid Range Scan": "scan"
    default: node.nodeType
    }
  }

  static func isScan(_ type: String) -> Bool { type.hasSuffix("Scan") }
  static func isJoin(_ type: String) -> Bool { type.hasSuffix("Join") || type == "Nested Loop" }

  // MARK: Changes of a pair

  static let conditionKeys = [
    "Filter", "Index Cond", "Recheck Cond", "Join Filter", "Hash Cond", "Merge Cond", "Sort Key", "Group Key",
    "Presorted Key",
  ]
  static let labelledKeys: [(key: String, label: String)] = [
    ("Sort Method", "sort method"), ("Strategy", "strategy"), ("Partial Mode", "partial mode"),
  ]

  static func changes(
    _ before: PlanNode, _ after: PlanNode, _ beforeMetrics: NodeMetrics?, _ afterMetrics: NodeMetrics?
  ) -> [String] {
    var result: [String] = []
    if before.nodeType != after.nodeType {
      let label =
        isScan(before.nodeType) && isScan(after.nodeType)
        ? "scan type" : isJoin(before.nodeType) && isJoin(after.nodeType) ? "join method" : "node type"
      result.append("\(label) \(before.nodeType) → \(after.nodeType)")
    }
    if before.indexName != after.indexName {
      result.append("index \(before.indexName ?? "none") → \(after.indexName ?? "none")")
    }
    if before.joinType != after.joinType {
      result.append("join type \(before.joinType ?? "none") → \(after.joinType ?? "none")")
    }
    if before.parallelAware != after.parallelAware {
      result.append(after.parallelAware ? "now parallel" : "no longer parallel")
    }
    if let b = before.actual, let a = after.actual {
      let rowsBefore = b.rows * b.loops
      let rowsAfter = a.rows * a.loops
      if rowsBefore != rowsAfter { result.append("rows \(format(rowsBefore)) → \(format(rowsAfter))") }
      if b.loops != a.loops { result.append("loops \(format(b.loops)) → \(format(a.loops))") }
    } else if let b = before.estimate, let a = after.estimate, b.rows != a.rows {
      result.append("estimated rows \(format(b.rows)) → \(format(a.rows))")
    }
    if let b = beforeMetrics?.exclusiveTime, let a = afterMetrics?.exclusiveTime, differs(b, a) {
      result.append("self time \(format(b)) → \(format(a)) ms")
    }
    if let b = before.estimate?.totalCost, let a = after.estimate?.totalCost, differs(b, a) {
      result.append("cost \(format(b)) → \(format(a))")
    }
    let buffersBefore = before.buffers.map { Double($0.sharedHit + $0.sharedRead) }
    let buffersAfter = after.buffers.map { Double($0.sharedHit + $0.sharedRead) }
    if let b = buffersBefore, let a = buffersAfter, differs(b, a) {
      result.append("buffers \(format(b)) → \(format(a))")
    }
    if let b = before.buffers, let a = after.buffers, b.tempRead + b.tempWritten != a.tempRead + a.tempWritten {
      result.append("temp blocks \(b.tempRead + b.tempWritten) → \(a.tempRead + a.tempWritten)")
    }
    for key in conditionKeys {
      switch (before[key], after[key]) {
      case (nil, nil): break
      case (_?, nil): result.append("\(key) removed")
      case (nil, _?): result.append("\(key) added")
      case (let b?, let a?) where b != a: result.append("\(key) changed")
      default: break
      }
    }
    if let b = before.number("Rows Removed by Filter"), let a = after.number("Rows Removed by Filter"), b != a {
      result.append("rows removed by filter \(format(b)) → \(format(a))")
    }
    for (key, label) in labelledKeys {
      if let b = before.string(key), let a = after.string(key), b != a { result.append("\(label) \(b) → \(a)") }
    }
    return result
  }

  /// More than 10 % and more than 0.01 apart.
  static func differs(_ before: Double, _ after: Double) -> Bool {
    let delta = abs(after - before)
    return delta > 0.01 && delta > 0.1 * max(abs(before), abs(after))
  }

  static func format(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
    if abs(value) >= 100 { return String(format: "%.0f", value) }
    let text = abs(value) >= 1 ? String(format: "%.1f", value) : String(format: "%.3f", value)
    var trimmed = text
    while trimmed.hasSuffix("0") { trimmed.removeLast() }
    if trimmed.hasSuffix(".") { trimmed.removeLast() }
    return trimmed == "-0" ? "0" : trimmed
  }
}

public struct NodeChange: Sendable, Hashable, Codable {
  public enum Kind: String, Codable, Sendable { case unchanged, changed, added, removed }
  public var kind: Kind
  public var beforePath: [Int]?
  public var afterPath: [Int]?
  /// Short descriptions, e.g. `Seq Scan on public.events`.
  public var before: String?
  public var after: String?
  /// Readable differences: `rows 93972 → 120`, `scan type Seq Scan → Index Scan`, `Filter removed`.
  public var changes: [String]

  public init(
    kind: Kind, beforePath: [Int]? = nil, afterPath: [Int]? = nil, before: String? = nil, after: String? = nil,
    changes: [String] = []
  ) {
    self.kind = kind
    self.beforePath = beforePath
    self.afterPath = afterPath
    self.before = before
    self.after = after
    self.changes = changes
  }
}

// MARK: - Matching

/// One plan flattened depth first, parents before children.
private struct FlatPlan {
  var nodes: [PlanNode] = []
  var paths: [[Int]] = []
  var parents: [Int?] = []
  var children: [[Int]] = []
  var metrics: [NodeMetrics?] = []

  init(_ plan: ExplainedPlan) {
    func visit(_ node: PlanNode, path: [Int], parent: Int?) {
      let index = nodes.count
      nodes.append(node)
      paths.append(path)
      parents.append(parent)
      children.append([])
      if let parent { children[parent].append(index) }
      for (position, child) in node.children.enumerated() { visit(child, path: path + [position], parent: index) }
    }
    visit(plan.root, path: [], parent: nil)
    let byPath = Dictionary(
      PlanMetricsCalculator.metrics(for: plan).map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    metrics = paths.map { byPath[$0] }
  }
}

private struct Matcher {
  let before: FlatPlan
  let after: FlatPlan
  /// before index → after index, and back.
  var forward: [Int: Int] = [:]
  var backward: [Int: Int] = [:]
  /// Pairs in the order found.
  var pairs: [(Int, Int)] = []

  init(before: ExplainedPlan, after: ExplainedPlan) {
    self.before = FlatPlan(before)
    self.after = FlatPlan(after)
  }

  mutating func pair(_ b: Int, _ a: Int) {
    forward[b] = a
    backward[a] = b
    pairs.append((b, a))
  }

  func compatible(_ b: Int, _ a: Int) -> Bool {
    let nodeB = before.nodes[b]
    let nodeA = after.nodes[a]
    let keyB = PlanDiff.identity(nodeB)
    let keyA = PlanDiff.identity(nodeA)
    if keyB != nil || keyA != nil { return keyB == keyA }
    return PlanDiff.category(nodeB) == PlanDiff.category(nodeA)
  }

  mutating func run() -> [NodeChange] {
    matchScans()
    var progress = true
    while progress {
      let count = pairs.count
      matchAncestors()
      matchTopDown()
      progress = pairs.count != count
    }
    return report()
  }

  /// Step 1: scans of the same thing, same node type first, then any scan type, in plan order.
  mutating func matchScans() {
    var candidates: [String: [Int]] = [:]
    for a in after.nodes.indices {
      if let key = PlanDiff.identity(after.nodes[a]) { candidates[key, default: []].append(a) }
    }
    for sameTypeOnly in [true, false] {
      for b in before.nodes.indices where forward[b] == nil {
        guard let key = PlanDiff.identity(before.nodes[b]), let options = candidates[key] else { continue }
        let choice = options.first { a in
          backward[a] == nil && (!sameTypeOnly || after.nodes[a].nodeType == before.nodes[b].nodeType)
        }
        if let choice { pair(b, choice) }
      }
    }
  }

  /// The unpaired ancestors of `node`, nearest first, up to the first paired one.
  func unpairedAncestors(_ node: Int, in plan: FlatPlan, paired: [Int: Int], limit: Int = 4) -> [Int] {
    var result: [Int] = []
    var current = plan.parents[node]
    while let index = current, paired[index] == nil, result.count < limit {
      result.append(index)
      current = plan.parents[index]
    }
    return result
  }

  /// Step 2: from each pair up to the nearest unpaired ancestors that do the same kind of work.
  mutating func matchAncestors() {
    var index = 0
    while index < pairs.count {
      let (b, a) = pairs[index]
      index += 1
      let ancestorsB = unpairedAncestors(b, in: before, paired: forward)
      let ancestorsA = unpairedAncestors(a, in: after, paired: backward)
      var best: (Int, Int, Int)? = nil
      for (i, ancestorB) in ancestorsB.enumerated() {
        for (j, ancestorA) in ancestorsA.enumerated() where compatible(ancestorB, ancestorA) {
          let sameType = before.nodes[ancestorB].nodeType == after.nodes[ancestorA].nodeType
          let score = (i + j) * 2 + (sameType ? 0 : 1)
          if best == nil || score < best!.0 { best = (score, ancestorB, ancestorA) }
        }
      }
      if let (_, ancestorB, ancestorA) = best { pair(ancestorB, ancestorA) }
    }
  }

  /// Step 3: the roots, then the children of each pair by position, then by node type.
  mutating func matchTopDown() {
    if forward[0] == nil, backward[0] == nil, compatible(0, 0) { pair(0, 0) }
    var index = 0
    while index < pairs.count {
      let (b, a) = pairs[index]
      index += 1
      let childrenB = before.children[b]
      let childrenA = after.children[a]
      for (childB, childA) in zip(childrenB, childrenA)
      where forward[childB] == nil && backward[childA] == nil && compatible(childB, childA) {
        pair(childB, childA)
      }
      for childB in childrenB where forward[childB] == nil {
        let type = before.nodes[childB].nodeType
        if let childA = childrenA.first(where: {
          backward[$0] == nil && after.nodes[$0].nodeType == type && compatible(childB, $0)
        }) {
          pair(childB, childA)
        }
      }
    }
  }

  func report() -> [NodeChange] {
    // Entries as (before index?, after index?), in the after plan's order.
    var entries: [(Int?, Int?)] = after.nodes.indices.map { (backward[$0], $0) }
    for b in before.nodes.indices where forward[b] == nil {
      // Right after the entry of the node before it in the before plan (paired or already placed).
      var position = 0
      if b > 0, let previous = entries.firstIndex(where: { $0.0 == b - 1 }) { position = previous + 1 }
      entries.insert((b, nil), at: position)
    }
    return entries.map { b, a in
      let nodeB = b.map { before.nodes[$0] }
      let nodeA = a.map { after.nodes[$0] }
      var change = NodeChange(
        kind: .unchanged, beforePath: b.map { before.paths[$0] }, afterPath: a.map { after.paths[$0] },
        before: nodeB.map(PlanDiff.describe), after: nodeA.map(PlanDiff.describe))
      switch (nodeB, nodeA) {
      case (let nodeB?, let nodeA?):
        change.changes = PlanDiff.changes(nodeB, nodeA, before.metrics[b!], after.metrics[a!])
        change.kind = change.changes.isEmpty ? .unchanged : .changed
      case (_?, nil): change.kind = .removed
      default: change.kind = .added
      }
      return change
    }
  }
}
