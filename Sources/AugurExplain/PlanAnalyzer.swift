import AugurPlan
import AugurSQL
import Foundation

/// Reads a plan for what went wrong: large misestimates, scans that discard most of what they
/// read, spills to disk, lossy bitmaps, parallel workers that never came, and time spent outside
/// the plan tree (planning, JIT, triggers). Each rule is a function over the plan with its own
/// thresholds, named by the finding's `id`.
public struct PlanAnalysis: Sendable, Hashable, Codable {
  public var metrics: [NodeMetrics]
  public var findings: [Finding]

  public init(plan: ExplainedPlan) {
    metrics = PlanMetricsCalculator.metrics(for: plan)
    findings = PlanAnalyzer(plan: plan, metrics: metrics).findings()
  }
}

struct PlanAnalyzer {
  let plan: ExplainedPlan
  let metrics: [NodeMetrics]

  /// A node with its place in the tree and what the rules need to know about its context.
  struct Visit {
    var node: PlanNode
    var path: [Int]
    var metrics: NodeMetrics
    var parent: PlanNode?
    /// True below a Limit, a semi/anti join's inner side or a Merge Join input: the node may be
    /// stopped early by design, so fewer rows than estimated is no misestimate.
    var mayStopEarly: Bool
  }

  func findings() -> [Finding] {
    var visits: [Visit] = []
    var index = 0
    func walk(_ node: PlanNode, path: [Int], parent: PlanNode?, stopsEarly: Bool) {
      visits.append(Visit(node: node, path: path, metrics: metrics[index], parent: parent, mayStopEarly: stopsEarly))
      index += 1
      for (position, child) in node.children.enumerated() {
        let early =
          stopsEarly || node.nodeType == "Limit" || node.nodeType == "Merge Join"
          || (position == 1 && ["Semi", "Anti"].contains(node.joinType ?? ""))
          || child.parentRelationship == "SubPlan"
        walk(child, path: path + [position], parent: node, stopsEarly: early)
      }
    }
    walk(plan.root, path: [], parent: nil, stopsEarly: false)

    var findings: [Finding] = []
    for visit in visits {
      findings += nodeFindings(visit)
    }
    findings += planFindings()
    return findings.sorted { ($0.severity, $1.nodePath?.count ?? 0) > ($1.severity, $0.nodePath?.count ?? 0) }
  }

  // MARK: Node rules

  private func nodeFindings(_ visit: Visit) -> [Finding] {
    [
      rowMisestimate(visit), nestedLoopMisestimate(visit), sequentialScanFilter(visit), indexFilter(visit),
      heapFetches(visit), sortSpill(visit), hashBatches(visit), hashAggregateSpill(visit), lossyBitmap(visit),
      workersNotLaunched(visit), subplanPerRow(visit), notInSubplan(visit), limitOverFullSort(visit),
      scatteredIndexScan(visit), materializedCTE(visit),
    ].compactMap { $0 }
  }

  /// q-error ≥ 10 on a node that handled at least 100 rows, reported where the error starts
  /// (its children are estimated well), with the likely cause read from its conditions.
  private func rowMisestimate(_ visit: Visit) -> Finding? {
    guard let q = visit.metrics.qError, q >= 10, let estimated = visit.metrics.estimatedRows,
      let actual = visit.metrics.actualRows, max(estimated, actual) >= 100
    else { return nil }
    if ["BitmapAnd", "BitmapOr", "Nested Loop"].contains(visit.node.nodeType) { return nil }
    if !visit.metrics.underestimated && visit.mayStopEarly { return nil }
    // Report the origin: skip when a child is off by as much in the same direction.
    let childErrors = visit.node.children.compactMap { child -> NodeMetrics? in
      metrics.first { $0.path == visit.path + [visit.node.children.firstIndex(of: child) ?? 0] }
    }
    if childErrors.contains(where: { ($0.qError ?? 1) >= q / 2 && $0.underestimated == visit.metrics.underestimated }) {
      return nil
    }
    let direction = visit.metrics.underestimated ? "underestimated" : "overestimated"
    let conditions = ["Filter", "Index Cond", "Recheck Cond", "Hash Cond", "Join Filter", "Group Key"]
      .compactMap { visit.node.string($0) ?? visit.node.strings($0)?.joined(separator: ", ") }
      .joined(separator: " ")
    return Finding(
      id: "row-misestimate", severity: q >= 100 ? .critical : .warning, nodePath: visit.path,
      node: describe(visit.node),
      title: "Rows \(direction) \(Self.format(q))× (estimated \(Self.count(estimated)), actual \(Self.count(actual)))",
      evidence: "q-error \(Self.format(q)); per loop \(Self.count(visit.node.estimate?.rows ?? 0)) estimated vs "
        + "\(Self.count(visit.node.actual?.rows ?? 0)) actual over \(Self.count(visit.node.actual?.loops ?? 0)) loops",
      fix: Self.likelyCause(conditions),
      action: statisticsAction(visit.node, conditions: conditions))
  }

  /// A nested loop whose outer side brought ≥ 10× more rows than estimated: the inner side ran
  /// that many more times than the planner priced.
  private func nestedLoopMisestimate(_ visit: Visit) -> Finding? {
    guard visit.node.nodeType == "Nested Loop", let outer = visit.node.children.first,
      let outerMetrics = metrics.first(where: { $0.path == visit.path + [0] }), outerMetrics.underestimated,
      let q = outerMetrics.qError, q >= 10, let inner = visit.node.children.dropFirst().first,
      let loops = inner.actual?.loops, loops >= 100
    else { return nil }
    // In a chain of nested loops the error starts at the deepest one: report that one only.
    if outer.nodeType == "Nested Loop",
      let outerOuter = metrics.first(where: { $0.path == visit.path + [0, 0] }), outerOuter.underestimated,
      (outerOuter.qError ?? 1) >= 10
    {
      return nil
    }
    return Finding(
      id: "nested-loop-misestimate", severity: .warning, nodePath: visit.path, node: describe(visit.node),
      title: "Nested loop over an outer side underestimated \(Self.format(q))×",
      evidence: "outer \(describe(outer)): \(Self.count(outerMetrics.estimatedRows ?? 0)) rows estimated, "
        + "\(Self.count(outerMetrics.actualRows ?? 0)) actual; the inner side ran \(Self.count(loops)) times",
      fix: "Fix the outer estimate (extended statistics on the correlated columns, or ANALYZE); "
        + "a hash join would not depend on it")
  }

  /// A sequential scan that discards ≥ 95% of ≥ 10,000 rows read: an index would read only the
  /// rest. (Keeping more than 5% of a table, a sequential scan is often the right plan.)
  private func sequentialScanFilter(_ visit: Visit) -> Finding? {
    guard visit.node.nodeType == "Seq Scan", let actual = visit.node.actual, !actual.neverExecuted,
      let removedPerLoop = visit.node.number("Rows Removed by Filter")
    else { return nil }
    let removed = removedPerLoop * actual.loops
    let kept = actual.rows * actual.loops
    guard removed >= 10_000, removed / max(removed + kept, 1) >= 0.95 else { return nil }
    let filter = visit.node.string("Filter") ?? ""
    return Finding(
      id: "seq-scan-filter", severity: .warning, nodePath: visit.path, node: describe(visit.node),
      title: "Sequential scan discards \(Self.percent(removed / (removed + kept))) of the rows it reads",
      evidence: "\(Self.count(removed)) rows removed by filter \(filter), \(Self.count(kept)) kept",
      fix: "An index on \(visit.node.relationName ?? "the table") matching \(filter) would read only the rows kept",
      action: indexAction(visit.node, conditions: [filter]))
  }

  /// An index scan whose filter discards most rows it fetched.
  private func indexFilter(_ visit: Visit) -> Finding? {
    guard visit.node.nodeType == "Index Scan" || visit.node.nodeType == "Index Only Scan",
      let actual = visit.node.actual, let removedPerLoop = visit.node.number("Rows Removed by Filter")
    else { return nil }
    let removed = removedPerLoop * actual.loops
    let kept = actual.rows * actual.loops
    guard removed >= 100, removed / max(removed + kept, 1) >= 0.5 else { return nil }
    return Finding(
      id: "index-filter", severity: .warning, nodePath: visit.path, node: describe(visit.node),
      title: "Index scan fetches rows its filter then discards (\(Self.percent(removed / (removed + kept))))",
      evidence: "\(Self.count(removed)) rows removed by filter \(visit.node.string("Filter") ?? ""), "
        + "\(Self.count(kept)) kept",
      fix:
        "Add the filtered columns to the index (\(visit.node.indexName ?? "the index")) so it finds only the rows kept")
  }

  /// An index-only scan that visits the heap for ≥ 10% of its rows: the visibility map is stale.
  private func heapFetches(_ visit: Visit) -> Finding? {
    guard visit.node.nodeType == "Index Only Scan", let actual = visit.node.actual,
      let fetchesPerLoop = visit.node.number("Heap Fetches")
    else { return nil }
    let fetches = fetchesPerLoop * actual.loops
    let rows = actual.rows * actual.loops
    guard fetches >= 1_000, fetches >= 0.1 * rows else { return nil }
    return Finding(
      id: "heap-fetches", severity: .warning, nodePath: visit.path, node: describe(visit.node),
      title: "Index-only scan went to the heap for \(Self.percent(fetches / max(rows, 1))) of its rows",
      evidence: "Heap Fetches: \(Self.count(fetches)) for \(Self.count(rows)) rows",
      fix: "VACUUM \(visit.node.relationName ?? "the table") (or tune autovacuum) so the visibility map is current",
      action: tableName(visit.node).map { .vacuum(table: $0) })
  }

  /// A sort that spilled to disk; work_mem large enough to sort in memory avoids it.
  private func sortSpill(_ visit: Visit) -> Finding? {
    guard visit.node.nodeType == "Sort" || visit.node.nodeType == "Incremental Sort" else { return nil }
    var diskKB = visit.node.string("Sort Space Type") == "Disk" ? (visit.node.number("Sort Space Used") ?? 0) : 0
    for worker in visit.node.workers {
      let properties = PlanNode(nodeType: "", properties: worker.properties)
      if properties.string("Sort Space Type") == "Disk" {
        diskKB = max(diskKB, properties.number("Sort Space Used") ?? 0)
      }
    }
    guard diskKB > 0 else { return nil }
    return Finding(
      id: "sort-spill", severity: .warning, nodePath: visit.path, node: describe(visit.node),
      title: "Sort spilled \(Self.count(diskKB)) kB to disk",
      evidence: "Sort Method: \(visit.node.string("Sort Method") ?? "?"), Disk: \(Self.count(diskKB)) kB",
      fix: "SET work_mem = '\(Self.workMem(forKB: diskKB * 3))' for this query (an in-memory sort needs about "
        + "2–3× the disk size), or avoid the sort with an index in "
        + "\(visit.node.strings("Sort Key")?.joined(separator: ", ") ?? "the sort key") order",
      action: .setting(name: "work_mem", value: Self.workMem(forKB: diskKB * 3)))
  }

  /// A hash table built in several batches: it did not fit in work_mem × hash_mem_multiplier.
  private func hashBatches(_ visit: Visit) -> Finding? {
    guard visit.node.nodeType == "Hash", let batches = visit.node.number("Hash Batches"), batches > 1 else {
      return nil
    }
    let peak = visit.node.number("Peak Memory Usage") ?? 0
    return Finding(
      id: "hash-batches", severity: .warning, nodePath: visit.path, node: describe(visit.node),
      title: "Hash table split into \(Self.count(batches)) batches",
      evidence:
        "Batches: \(Self.count(batches)) (originally \(Self.count(visit.node.number("Original Hash Batches") ?? batches))), "
        + "peak memory \(Self.count(peak)) kB per batch",
      fix: "SET work_mem = '\(Self.workMem(forKB: peak * batches / 2))' (hash tables get work_mem × "
        + "hash_mem_multiplier) so the build side fits in one batch",
      action: .setting(name: "work_mem", value: Self.workMem(forKB: peak * batches / 2)))
  }

  /// A hash aggregate that spilled to disk.
  private func hashAggregateSpill(_ visit: Visit) -> Finding? {
    guard visit.node.nodeType == "Aggregate", let batches = visit.node.number("HashAgg Batches"),
      batches > 1 || (visit.node.number("Disk Usage") ?? 0) > 0
    else { return nil }
    let disk = visit.node.number("Disk Usage") ?? 0
    return Finding(
      id: "hashagg-spill", severity: .warning, nodePath: visit.path, node: describe(visit.node),
      title: "Hash aggregate spilled to disk in \(Self.count(batches)) batches",
      evidence: "HashAgg Batches: \(Self.count(batches)), Disk Usage: \(Self.count(disk)) kB, "
        + "peak memory \(Self.count(visit.node.number("Peak Memory Usage") ?? 0)) kB",
      fix:
        "SET work_mem = '\(Self.workMem(forKB: max(disk, visit.node.number("Peak Memory Usage") ?? 0) * 2))' for this query"
    )
  }

  /// A bitmap heap scan whose bitmap became lossy: whole pages rechecked row by row.
  private func lossyBitmap(_ visit: Visit) -> Finding? {
    guard visit.node.nodeType == "Bitmap Heap Scan", let lossy = visit.node.number("Lossy Heap Blocks"), lossy > 0
    else { return nil }
    let exact = visit.node.number("Exact Heap Blocks") ?? 0
    return Finding(
      id: "lossy-bitmap", severity: .warning, nodePath: visit.path, node: describe(visit.node),
      title: "Bitmap became lossy on \(Self.count(lossy)) heap blocks",
      evidence: "Heap Blocks: exact=\(Self.count(exact)) lossy=\(Self.count(lossy)); "
        + "rows removed by index recheck: \(Self.count(visit.node.number("Rows Removed by Index Recheck") ?? 0))",
      fix: "SET work_mem = '\(Self.workMem(forKB: (exact + lossy) * 64 / 1024 * 2))' so the bitmap stays exact "
        + "(about 64 bytes per heap page)",
      action: .setting(name: "work_mem", value: Self.workMem(forKB: (exact + lossy) * 64 / 1024 * 2)))
  }

  private func workersNotLaunched(_ visit: Visit) -> Finding? {
    guard let planned = visit.node.workersPlanned, let launched = visit.node.workersLaunched, launched < planned
    else { return nil }
    return Finding(
      id: "workers-not-launched", severity: .warning, nodePath: visit.path, node: describe(visit.node),
      title: "\(planned - launched) of \(planned) parallel workers were not launched",
      evidence: "Workers Planned: \(planned), Workers Launched: \(launched)",
      fix: "Raise max_parallel_workers / max_worker_processes, or find what else holds the workers; "
        + "the plan was costed for \(planned + 1) processes")
  }

  /// A correlated (not hashed) subplan run once per outer row.
  private func subplanPerRow(_ visit: Visit) -> Finding? {
    guard visit.node.parentRelationship == "SubPlan", let loops = visit.node.actual?.loops, loops >= 100 else {
      return nil
    }
    return Finding(
      id: "subplan-per-row", severity: .warning, nodePath: visit.path, node: describe(visit.node),
      title: "\(visit.node.subplanName ?? "SubPlan") ran \(Self.count(loops)) times, once per outer row",
      evidence: "loops=\(Self.count(loops)), \(Self.format(visit.metrics.inclusiveTime ?? 0)) ms in all",
      fix: "Rewrite the correlated subquery as a join (with GROUP BY) or a LATERAL join so it runs once",
      action: .rewrite(description: "correlated subquery → join or LATERAL"))
  }

  /// `NOT IN (subquery)`: a hashed SubPlan PostgreSQL can never turn into an anti join.
  private func notInSubplan(_ visit: Visit) -> Finding? {
    let conditions = ["Filter", "Join Filter", "One-Time Filter"].compactMap { visit.node.string($0) }
    guard conditions.contains(where: { $0.contains("NOT (hashed SubPlan") || $0.contains("NOT (SubPlan") }) else {
      return nil
    }
    return Finding(
      id: "not-in-subplan", severity: .info, nodePath: visit.path, node: describe(visit.node),
      title: "NOT IN (subquery) evaluated as a SubPlan",
      evidence: conditions.joined(separator: "; "),
      fix: "Write NOT EXISTS (...) instead: it becomes an anti join, and NOT IN's NULL semantics are rarely wanted",
      action: .rewrite(description: "NOT IN (subquery) → NOT EXISTS"))
  }

  /// A Limit that needed few rows over a sort that ordered many: an index in the sort order, or
  /// a top-N sort, would avoid sorting everything.
  private func limitOverFullSort(_ visit: Visit) -> Finding? {
    guard visit.node.nodeType == "Limit", let limitRows = visit.node.actual?.rows else { return nil }
    var child = visit.node.children.first
    while let current = child, ["Gather Merge", "Result", "Subquery Scan", "WindowAgg"].contains(current.nodeType) {
      child = current.children.first
    }
    guard let sort = child, sort.nodeType == "Sort", sort.string("Sort Method") != "top-N heapsort",
      let input = sort.children.first?.actual, input.rows * input.loops >= max(10_000, limitRows * 100)
    else { return nil }
    return Finding(
      id: "limit-full-sort", severity: .warning, nodePath: visit.path, node: describe(visit.node),
      title: "LIMIT \(Self.count(limitRows)) paid for sorting \(Self.count(input.rows * input.loops)) rows",
      evidence: "Sort Method: \(sort.string("Sort Method") ?? "?") over \(Self.count(input.rows * input.loops)) rows",
      fix: "An index in the order of \(sort.strings("Sort Key")?.joined(separator: ", ") ?? "the sort key") would let "
        + "the scan stop after \(Self.count(limitRows)) rows")
  }

  /// An index scan reading nearly one buffer per row over many rows: random heap access that a
  /// bitmap heap scan would do page by page.
  private func scatteredIndexScan(_ visit: Visit) -> Finding? {
    guard visit.node.nodeType == "Index Scan", let actual = visit.node.actual, let buffers = visit.node.buffers
    else { return nil }
    let rows = actual.rows * actual.loops
    let touched = Double(buffers.sharedHit + buffers.sharedRead)
    guard rows >= 1_000, touched >= 0.25 * rows, actual.loops == 1 else { return nil }
    return Finding(
      id: "index-scan-scattered", severity: .info, nodePath: visit.path, node: describe(visit.node),
      title: "Index scan touched \(Self.count(touched)) buffers for \(Self.count(rows)) rows",
      evidence: "shared hit=\(buffers.sharedHit) read=\(buffers.sharedRead); index correlation is low",
      fix: "A bitmap heap scan reads each page once; CLUSTER on \(visit.node.indexName ?? "the index") or a "
        + "covering index would avoid the random heap access")
  }

  // MARK: Plan-wide rules

  private func planFindings() -> [Finding] {
    var findings: [Finding] = []
    let execution = plan.executionTime ?? 0
    if let planning = plan.planningTime, planning >= 10, planning >= 2 * execution {
      findings.append(
        Finding(
          id: "planning-time", severity: .warning, nodePath: nil, node: nil,
          title: "Planning took \(Self.format(planning)) ms, execution \(Self.format(execution)) ms",
          evidence: "Planning Time: \(Self.format(planning)) ms; Execution Time: \(Self.format(execution)) ms",
          fix: "Prepare the statement (plans are reused), lower join_collapse_limit/from_collapse_limit, "
            + "or simplify the query",
          action: .setting(name: "join_collapse_limit", value: "4")))
    }
    if case .object(let jit)? = plan.properties.first(where: { $0.key == "JIT" })?.value,
      case .object(let timing)? = JSONLookup.value(jit, "Timing"),
      let total = JSONLookup.value(timing, "Total")?.numberValue, execution > 0, total >= 0.3 * execution
    {
      findings.append(
        Finding(
          id: "jit-overhead", severity: .warning, nodePath: nil, node: nil,
          title: "JIT took \(Self.format(total)) ms of \(Self.format(execution)) ms",
          evidence: "JIT Timing Total: \(Self.format(total)) ms",
          fix: "Raise jit_above_cost (and jit_inline_above_cost, jit_optimize_above_cost), or SET jit = off",
          action: .setting(name: "jit", value: "off")))
    }
    let triggers = plan.triggers.reduce(0) { $0 + $1.time }
    if execution > 0, triggers >= 0.3 * execution, triggers >= 1 {
      let slowest = plan.triggers.max { $0.time < $1.time }
      findings.append(
        Finding(
          id: "trigger-time", severity: .warning, nodePath: nil, node: nil,
          title: "Triggers took \(Self.format(triggers)) ms of \(Self.format(execution)) ms",
          evidence: plan.triggers.map { "\($0.name): \(Self.format($0.time)) ms, \($0.calls) calls" }
            .joined(separator: "; "),
          fix: "Look at \(slowest?.name ?? "the triggers"): foreign-key checks want an index on the referencing "
            + "columns; row triggers may batch into statement triggers"))
    }
    return findings
  }

  /// A materialized CTE scanned once, through a filter that discards most of its rows: inlined
  /// (PostgreSQL 12+ does so unless MATERIALIZED is written), the filter would reach the base tables.
  private func materializedCTE(_ visit: Visit) -> Finding? {
    guard visit.node.nodeType == "CTE Scan", let name = visit.node.string("CTE Name"),
      let actual = visit.node.actual, let removedPerLoop = visit.node.number("Rows Removed by Filter")
    else { return nil }
    let scans = plan.root.allNodes.filter { $0.nodeType == "CTE Scan" && $0.string("CTE Name") == name }.count
    let removed = removedPerLoop * actual.loops
    let kept = actual.rows * actual.loops
    guard scans == 1, removed >= 1_000, removed / max(removed + kept, 1) >= 0.5 else { return nil }
    return Finding(
      id: "cte-materialized", severity: .warning, nodePath: visit.path, node: describe(visit.node),
      title: "CTE \(name) is materialized, then \(Self.percent(removed / (removed + kept))) of it is filtered away",
      evidence: "one CTE Scan of \(name); \(Self.count(removed)) rows removed by filter "
        + "\(visit.node.string("Filter") ?? ""), \(Self.count(kept)) kept",
      fix: "Write WITH \(name) AS NOT MATERIALIZED (...) (or drop MATERIALIZED) so the filter is pushed into the CTE",
      action: .rewrite(description: "WITH \(name) AS NOT MATERIALIZED"))
  }

  /// The columns a condition mentions, read with PostgreSQL's own grammar.
  func columns(in conditions: [String]) -> [String] {
    var result: [String] = []
    for condition in conditions {
      guard let parsed = try? SQLParser.parse("SELECT 1 WHERE \(condition)").first,
        case .select(let select) = parsed.statement, case .simple(let simple) = select.body,
        let expression = simple.whereClause
      else { continue }
      for column in ExpressionColumns.collect(expression) where !result.contains(column) {
        result.append(column)
      }
    }
    return result
  }

  func tableName(_ node: PlanNode) -> String? {
    guard let relation = node.relationName else { return nil }
    return node.schema.map { "\($0).\(relation)" } ?? relation
  }

  func indexAction(_ node: PlanNode, conditions: [String]) -> Finding.Action? {
    guard let table = tableName(node) else { return nil }
    let found = columns(in: conditions)
    return found.isEmpty ? nil : .index(table: table, columns: found)
  }

  func statisticsAction(_ node: PlanNode, conditions: String) -> Finding.Action? {
    guard let table = tableName(node) else { return nil }
    let found = columns(in: [conditions])
    return found.isEmpty ? nil : .statistics(table: table, columns: found)
  }

  // MARK: Helpers

  func describe(_ node: PlanNode) -> String {
    var text = node.nodeType
    if let index = node.indexName { text += " using \(index)" }
    if let relation = node.relationName {
      text += " on " + (node.schema.map { "\($0).\(relation)" } ?? relation)
    }
    return text
  }

  static func likelyCause(_ conditions: String) -> String {
    let lowered = conditions.lowercased()
    if lowered.contains("~~") || lowered.contains(" like ") {
      return "LIKE patterns are estimated from the prefix only; an index with text_pattern_ops or a trigram index "
        + "helps the scan, and extended statistics cannot help the estimate"
    }
    if lowered.range(of: #"[a-z_]+\((?!\)).*[a-z_]\."#, options: .regularExpression) != nil {
      return "A function of a column has no statistics: an expression index (or CREATE STATISTICS on the "
        + "expression) gives PostgreSQL statistics for it"
    }
    if lowered.components(separatedBy: " and ").count > 1 {
      return "Several conditions multiply as if independent: CREATE STATISTICS (dependencies, mcv) on the "
        + "correlated columns, then ANALYZE"
    }
    return "Statistics may be stale or too coarse: ANALYZE the table, or raise the column's statistics target"
  }

  /// The smallest power of two, from 64 kB, that holds `kilobytes`, as a work_mem value.
  static func workMem(forKB kilobytes: Double) -> String {
    var size = 64.0
    while size < kilobytes { size *= 2 }
    if size >= 1024 * 1024 { return "\(Int(size / 1024 / 1024))GB" }
    return size >= 1024 ? "\(Int(size / 1024))MB" : "\(Int(size))kB"
  }

  static func format(_ value: Double) -> String {
    value >= 100 ? String(Int(value.rounded())) : String(format: "%.1f", value)
  }

  static func count(_ value: Double) -> String { String(Int(value.rounded())) }

  /// A percentage; near 100% with one decimal, so that 99.85% does not read as all rows.
  static func percent(_ fraction: Double) -> String {
    if fraction >= 0.995 && fraction < 1 { return String(format: "%.1f%%", (fraction * 1000).rounded(.down) / 10) }
    return "\(Int((fraction * 100).rounded()))%"
  }
}

/// Small lookups into JSON objects kept as members.
enum JSONLookup {
  static func value(_ members: [AugurSQL.JSONValue.Member], _ key: String) -> AugurSQL.JSONValue? {
    members.first { $0.key == key }?.value
  }
}

extension AugurSQL.JSONValue {
  var numberValue: Double? { doubleValue }
}
