import AugurPlan

/// Where time goes and how far estimates were off, per node.
///
/// EXPLAIN prints each node's time and rows per loop, and inside a parallel section the loops
/// of all processes (leader and workers) together. Time here is wall-clock: per-loop time ×
/// loops, divided by the processes sharing the work under a Gather. A node's exclusive (self)
/// time is its time minus its children's, except InitPlans, which run once before the node and
/// are reported on their own.
public struct NodeMetrics: Sendable, Hashable, Codable {
  /// Child indexes from the root (`[]` is the root, `[0, 1]` its first child's second child).
  public var path: [Int]
  /// Milliseconds including children; nil without ANALYZE timing or for never-executed nodes.
  public var inclusiveTime: Double?
  /// Milliseconds spent in this node alone.
  public var exclusiveTime: Double?
  /// `exclusiveTime` as a fraction of the whole execution.
  public var shareOfTotal: Double?
  /// Estimated and actual rows over all loops.
  public var estimatedRows: Double?
  public var actualRows: Double?
  /// `max(estimate/actual, actual/estimate)` per loop, with both floored at one row.
  public var qError: Double?
  /// True when the planner expected fewer rows than came.
  public var underestimated: Bool
}

public enum PlanMetricsCalculator {
  public static func metrics(for plan: ExplainedPlan) -> [NodeMetrics] {
    var result: [NodeMetrics] = []
    let total = plan.executionTime ?? inclusive(plan.root, processes: 1)
    func visit(_ node: PlanNode, path: [Int], processes: Double) {
      let inclusiveTime = inclusive(node, processes: processes)
      var exclusiveTime = inclusiveTime
      if let time = inclusiveTime {
        var children = 0.0
        for child in node.children where child.parentRelationship != "InitPlan" {
          children += inclusive(child, processes: childProcesses(node, child, processes)) ?? 0
        }
        exclusiveTime = max(0, time - children)
      }
      var metrics = NodeMetrics(
        path: path, inclusiveTime: inclusiveTime, exclusiveTime: exclusiveTime,
        shareOfTotal: share(of: exclusiveTime, in: total),
        estimatedRows: nil, actualRows: nil, qError: nil, underestimated: false)
      // BitmapAnd and BitmapOr always report 0 actual rows (they pass bitmaps, not rows).
      if let estimate = node.estimate, let actual = node.actual, !actual.neverExecuted,
        node.nodeType != "BitmapAnd" && node.nodeType != "BitmapOr"
      {
        metrics.estimatedRows = estimate.rows * actual.loops
        metrics.actualRows = actual.rows * actual.loops
        let estimated = max(estimate.rows, 1)
        let observed = max(actual.rows, 1)
        metrics.qError = max(estimated / observed, observed / estimated)
        metrics.underestimated = observed > estimated
      }
      result.append(metrics)
      for (index, child) in node.children.enumerated() {
        visit(child, path: path + [index], processes: childProcesses(node, child, processes))
      }
    }
    visit(plan.root, path: [], processes: 1)
    return result
  }

  static func share(of time: Double?, in total: Double?) -> Double? {
    guard let time, let total, total > 0 else { return nil }
    return time / total
  }

  /// Processes sharing a child's loops: a Gather's workers plus the leader, for the parallel
  /// part below it (not for InitPlans and SubPlans, which each process runs on its own).
  static func childProcesses(_ parent: PlanNode, _ child: PlanNode, _ processes: Double) -> Double {
    if parent.nodeType == "Gather" || parent.nodeType == "Gather Merge",
      child.parentRelationship != "InitPlan" && child.parentRelationship != "SubPlan"
    {
      let workers = Double(parent.workersLaunched ?? 0)
      let leaderParticipates = parent["Single Copy"] != .bool(true)
      return workers + (leaderParticipates || workers == 0 ? 1 : 0)
    }
    return processes
  }

  static func inclusive(_ node: PlanNode, processes: Double) -> Double? {
    guard let actual = node.actual, !actual.neverExecuted, let time = actual.totalTime else { return nil }
    return time * actual.loops / max(processes, 1)
  }
}
