import AugurSQL
import Foundation

/// Writes a plan as `EXPLAIN`'s TEXT format prints it (PostgreSQL 15's `explain.c`):
///
///     Seq Scan on t  (cost=0.00..35.50 rows=2550 width=4)
///       Filter: (a > 5)
///       ->  Index Scan using t_pkey on t  (cost=...)
///             Index Cond: (id = 1)
///
/// A node's attribute lines are indented two spaces per level; a child's node line starts with
/// `->  ` at its parent's attribute indentation and its own attributes go six columns deeper,
/// exactly as `ExplainNode` moves `es->indent`. Attributes come from the node's JSON-keyed
/// properties, turned back into TEXT's labels and its combined lines (`Sort Method: ... Memory:`,
/// `Buckets: ... Batches: ...`, `Buffers: shared hit=...`), with the counters TEXT leaves out
/// when zero left out. So a plan read by `ExplainTextReader` is written back line for line, and
/// Augur's predictions print the way a PostgreSQL user expects.
public enum ExplainTextWriter {
  public static func write(_ plan: ExplainedPlan) -> String {
    var lines: [String] = []
    node(plan.root, indent: 0, lines: &lines)
    lines += summary(plan)
    return lines.joined(separator: "\n")
  }

  /// Only the plan tree, without the summary lines.
  public static func write(_ root: PlanNode) -> String {
    var lines: [String] = []
    node(root, indent: 0, lines: &lines)
    return lines.joined(separator: "\n")
  }

  // MARK: Nodes

  /// `indent` is `es->indent` when `ExplainNode` starts on `node`.
  static func node(_ node: PlanNode, indent: Int, lines: inout [String]) {
    var indent = indent
    var line = ""
    if let name = node.subplanName, ["InitPlan", "SubPlan"].contains(node.parentRelationship ?? "") {
      lines.append(spaces(indent) + name)
      indent += 1
    }
    if indent > 0 {
      line = spaces(indent) + "->  "
      indent += 2
    }
    line += label(node)
    if let estimate = node.estimate {
      line +=
        "  (cost=\(ExplainNumber.fixed(estimate.startupCost, decimals: 2))..\(ExplainNumber.fixed(estimate.totalCost, decimals: 2))"
        + " rows=\(ExplainNumber.fixed(estimate.rows, decimals: 0)) width=\(estimate.width))"
    }
    if let actual = node.actual { line += " (" + actualText(actual) + ")" }
    lines.append(line)
    indent += 1
    let pad = spaces(indent)
    lines += attributeLines(node.properties, buffers: node.buffers).map { pad + $0 }
    for worker in node.workers {
      var workerLines = attributeLines(worker.properties, buffers: worker.buffers)
      if let actual = worker.actual, !actual.neverExecuted { workerLines.insert(actualText(actual), at: 0) }
      guard let first = workerLines.first else { continue }
      lines.append(pad + "Worker \(worker.number):  " + first)
      lines += workerLines.dropFirst().map { pad + "  " + $0 }
    }
    for child in node.children {
      self.node(child, indent: indent, lines: &lines)
    }
  }

  static func actualText(_ actual: PlanActual) -> String {
    if actual.neverExecuted { return "never executed" }
    let counts =
      "rows=\(ExplainNumber.fixed(actual.rows, decimals: 0)) loops=\(ExplainNumber.fixed(actual.loops, decimals: 0))"
    guard let startup = actual.startupTime, let total = actual.totalTime else { return "actual " + counts }
    return
      "actual time=\(ExplainNumber.fixed(startup, decimals: 3))..\(ExplainNumber.fixed(total, decimals: 3)) " + counts
  }

  /// The node's name as TEXT prints it: `Parallel Seq Scan on public.events e`,
  /// `Index Scan Backward using i on t`, `Hash Left Join`, `HashAggregate`, `Insert on t`.
  public static func label(_ node: PlanNode) -> String {
    var text = ""
    if node.parallelAware { text += "Parallel " }
    if node["Async Capable"] == .bool(true) { text += "Async " }
    switch node.nodeType {
    case "Aggregate":
      let mode = node.string("Partial Mode") ?? "Simple"
      if mode != "Simple" { text += mode + " " }
      let names = ["Sorted": "GroupAggregate", "Hashed": "HashAggregate", "Mixed": "MixedAggregate"]
      text += names[node.string("Strategy") ?? "Plain"] ?? "Aggregate"
    case "SetOp":
      text += node.string("Strategy") == "Hashed" ? "HashSetOp" : "SetOp"
      if let command = node.string("Command") { text += " " + command }
    case "Nested Loop", "Hash Join", "Merge Join":
      let base = ["Nested Loop": "Nested Loop", "Hash Join": "Hash", "Merge Join": "Merge"][node.nodeType] ?? ""
      let joinType = node.joinType ?? "Inner"
      if joinType == "Inner" {
        text += node.nodeType == "Nested Loop" ? base : base + " Join"
      } else {
        text += "\(base) \(joinType) Join"
      }
    case "ModifyTable":
      text += "\(node.string("Operation") ?? "Update")" + target(node, key: "Relation Name")
    case "Custom Scan":
      text += "Custom Scan (\(node.string("Custom Plan Provider") ?? ""))" + target(node, key: "Relation Name")
    case "Index Scan", "Index Only Scan":
      text += node.nodeType
      if node.string("Scan Direction") == "Backward" { text += " Backward" }
      if let index = node.indexName { text += " using " + quoteIdentifier(index) }
      text += target(node, key: "Relation Name")
    case "Bitmap Index Scan":
      text += node.nodeType + (node.indexName.map { " on " + quoteIdentifier($0) } ?? "")
    case "Function Scan": text += node.nodeType + target(node, key: "Function Name")
    case "Table Function Scan": text += node.nodeType + target(node, key: "Table Function Name")
    case "CTE Scan", "WorkTable Scan": text += node.nodeType + target(node, key: "CTE Name")
    case "Named Tuplestore Scan": text += node.nodeType + target(node, key: "Tuplestore Name")
    case "Subquery Scan", "Values Scan": text += node.nodeType + target(node, key: nil)
    default:
      text += node.nodeType + target(node, key: "Relation Name")
    }
    return text
  }

  /// ` on schema.object alias` (`ExplainScanTarget`, `ExplainTargetRel`): the schema only in
  /// VERBOSE plans, the alias only when it differs from the object's name.
  static func target(_ node: PlanNode, key: String?) -> String {
    guard let key else {
      return node.alias.map { " on " + quoteIdentifier($0) } ?? ""
    }
    guard let object = node.string(key) else { return "" }
    var text = " on "
    if let schema = node.schema { text += quoteIdentifier(schema) + "." }
    text += quoteIdentifier(object)
    if let alias = node.alias, alias != object { text += " " + quoteIdentifier(alias) }
    return text
  }

  /// `quote_identifier`: plain lower-case names as they are, anything else in double quotes.
  static func quoteIdentifier(_ name: String) -> String {
    let plain =
      !name.isEmpty
      && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
      && !("0"..."9").contains(name.unicodeScalars.first!)
    return plain ? name : "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  // MARK: Attributes

  /// Keys shown in the node line (or the InitPlan/SubPlan line) rather than as attributes.
  static let labelKeys: Set<String> = ExplainJSONWriter.headerKeys

  /// Counters TEXT prints only when they are not zero (`show_instrumentation_count`).
  static let zeroSuppressed: Set<String> = [
    "Rows Removed by Filter", "Rows Removed by Index Recheck", "Rows Removed by Join Filter",
    "Rows Removed by Conflict Filter",
  ]

  /// One line per TEXT attribute, without indentation.
  static func attributeLines(_ properties: [PlanProperty], buffers: BufferUsage?) -> [String] {
    var lines: [String] = []
    var remaining = properties.filter { !labelKeys.contains($0.key) }[...]
    var buffersPending = buffers
    func take(_ key: String) -> JSONValue? {
      guard let position = remaining.firstIndex(where: { $0.key == key }) else { return nil }
      return remaining.remove(at: position).value
    }
    func flushBuffers() {
      if let usage = buffersPending, let line = bufferLine(usage) { lines.append(line) }
      buffersPending = nil
    }
    while let property = remaining.first {
      remaining = remaining.dropFirst()
      let key = property.key
      let value = property.value
      if ExplainJSONWriter.afterBufferKeys.contains(key) { flushBuffers() }
      switch key {
      case "Sort Method":
        var line = "Sort Method: \(plain(value))"
        let space = take("Sort Space Used")
        if let type = take("Sort Space Type"), let space { line += "  \(plain(type)): \(plain(space))kB" }
        lines.append(line)
      case "Hash Buckets":
        let originalBuckets = take("Original Hash Buckets") ?? value
        let batches = take("Hash Batches") ?? .int(0)
        let originalBatches = take("Original Hash Batches") ?? batches
        let memory = take("Peak Memory Usage")
        var line = "Buckets: \(plain(value))"
        if originalBuckets != value || originalBatches != batches {
          line +=
            " (originally \(plain(originalBuckets)))  Batches: \(plain(batches)) (originally \(plain(originalBatches)))"
        } else {
          line += "  Batches: \(plain(batches))"
        }
        if let memory { line += "  Memory Usage: \(plain(memory))kB" }
        lines.append(line)
      case "Planned Partitions", "HashAgg Batches":
        var parts: [String] = []
        var batches: JSONValue? = key == "HashAgg Batches" ? value : nil
        if key == "Planned Partitions", number(value) > 0 { parts.append("Planned Partitions: \(plain(value))") }
        if batches == nil { batches = take("HashAgg Batches") }
        let memory = take("Peak Memory Usage")
        let disk = take("Disk Usage")
        if let batches {
          parts.append("Batches: \(plain(batches))")
          if let memory { parts.append("Memory Usage: \(plain(memory))kB") }
          if let disk, number(batches) > 1 { parts.append("Disk Usage: \(plain(disk))kB") }
        }
        if !parts.isEmpty { lines.append(parts.joined(separator: "  ")) }
      case "Cache Hits":
        let misses = take("Cache Misses") ?? .int(0)
        let evictions = take("Cache Evictions") ?? .int(0)
        let overflows = take("Cache Overflows") ?? .int(0)
        let memory = take("Peak Memory Usage") ?? .int(0)
        if number(misses) > 0 {
          lines.append(
            "Hits: \(plain(value))  Misses: \(plain(misses))  Evictions: \(plain(evictions))  "
              + "Overflows: \(plain(overflows))  Memory Usage: \(plain(memory))kB")
        }
      case "Exact Heap Blocks", "Lossy Heap Blocks":
        let exact = key == "Exact Heap Blocks" ? value : take("Exact Heap Blocks") ?? .int(0)
        let lossy = key == "Lossy Heap Blocks" ? value : take("Lossy Heap Blocks") ?? .int(0)
        var parts: [String] = []
        if number(exact) > 0 { parts.append("exact=\(plain(exact))") }
        if number(lossy) > 0 { parts.append("lossy=\(plain(lossy))") }
        if !parts.isEmpty { lines.append("Heap Blocks: " + parts.joined(separator: " ")) }
      case "WAL Records", "WAL FPI", "WAL Bytes":
        var figures = [key: value]
        for other in ["WAL Records", "WAL FPI", "WAL Bytes"] where other != key {
          if let found = take(other) { figures[other] = found }
        }
        let parts = [("records", "WAL Records"), ("fpi", "WAL FPI"), ("bytes", "WAL Bytes")].compactMap {
          name, jsonKey -> String? in
          guard let figure = figures[jsonKey], number(figure) > 0 else { return nil }
          return "\(name)=\(plain(figure))"
        }
        if !parts.isEmpty { lines.append("WAL: " + parts.joined(separator: " ")) }
      case "I/O Read Time", "I/O Write Time", "Temp I/O Read Time", "Temp I/O Write Time":
        var times = [key: number(value)]
        for other in ["I/O Read Time", "I/O Write Time", "Temp I/O Read Time", "Temp I/O Write Time"] where other != key
        {
          if let found = take(other) { times[other] = number(found) }
        }
        if let line = ioTimingLine(times) { lines.append(line) }
      case "Full-sort Groups", "Pre-sorted Groups":
        lines.append(sortGroupsLine(key, value))
      case "Inner Unique", "Single Copy":
        if value == .bool(true) { lines.append("\(key): true") }
      case _ where zeroSuppressed.contains(key):
        if number(value) > 0 { lines.append("\(key): \(plain(value))") }
      default:
        if case .array(let items) = value, items.isEmpty, key == "Output" { continue }
        lines.append(value == .string("") ? "\(key): " : "\(key): \(plain(value))")
      }
    }
    flushBuffers()
    return lines
  }

  /// `Buffers: shared hit=1 read=2, temp written=3` (only non-zero counters; nil when none).
  static func bufferLine(_ usage: BufferUsage) -> String? {
    let scopes: [(String, [(String, Int)])] = [
      (
        "shared",
        [
          ("hit", usage.sharedHit), ("read", usage.sharedRead), ("dirtied", usage.sharedDirtied),
          ("written", usage.sharedWritten),
        ]
      ),
      (
        "local",
        [
          ("hit", usage.localHit), ("read", usage.localRead), ("dirtied", usage.localDirtied),
          ("written", usage.localWritten),
        ]
      ),
      ("temp", [("read", usage.tempRead), ("written", usage.tempWritten)]),
    ]
    let groups = scopes.compactMap { scope, counts -> String? in
      let shown = counts.filter { $0.1 > 0 }
      guard !shown.isEmpty else { return nil }
      return scope + " " + shown.map { "\($0.0)=\($0.1)" }.joined(separator: " ")
    }
    return groups.isEmpty ? nil : "Buffers: " + groups.joined(separator: ", ")
  }

  /// `I/O Timings: shared/local read=1.000 write=2.000, temp read=3.000` (`show_buffer_usage`).
  static func ioTimingLine(_ times: [String: Double]) -> String? {
    func part(_ label: String, _ read: Double, _ write: Double) -> String? {
      guard read > 0 || write > 0 else { return nil }
      var text = " " + label
      if read > 0 { text += " read=" + ExplainNumber.fixed(read, decimals: 3) }
      if write > 0 { text += " write=" + ExplainNumber.fixed(write, decimals: 3) }
      return text
    }
    let parts = [
      part("shared/local", times["I/O Read Time"] ?? 0, times["I/O Write Time"] ?? 0),
      part("temp", times["Temp I/O Read Time"] ?? 0, times["Temp I/O Write Time"] ?? 0),
    ].compactMap { $0 }
    return parts.isEmpty ? nil : "I/O Timings:" + parts.joined(separator: ",")
  }

  /// `Full-sort Groups: 1  Sort Method: top-N heapsort  Average Memory: 27kB  Peak Memory: 27kB`.
  static func sortGroupsLine(_ key: String, _ value: JSONValue) -> String {
    var line = "\(key): \(plain(value["Group Count"] ?? .int(0)))  Sort Method"
    let methods =
      value["Sort Methods Used"].map { item -> [String] in
        if case .array(let names) = item { return names.map(plain) }
        return []
      } ?? []
    if methods.count > 1 { line += "s" }
    line += ": " + methods.joined(separator: ", ")
    for (space, label) in [("Sort Space Memory", "Memory"), ("Sort Space Disk", "Disk")] {
      guard let figures = value[space], number(figures["Peak Sort Space Used"] ?? .int(0)) > 0 else { continue }
      line +=
        "  Average \(label): \(plain(figures["Average Sort Space Used"] ?? .int(0)))kB"
        + "  Peak \(label): \(plain(figures["Peak Sort Space Used"] ?? .int(0)))kB"
    }
    return line
  }

  // MARK: Summary

  /// What TEXT prints after the tree, in `ExplainOnePlan`'s order.
  static func summary(_ plan: ExplainedPlan) -> [String] {
    var lines: [String] = []
    if !plan.settings.isEmpty {
      lines.append(
        "Settings: "
          + plan.settings.map { "\($0.key) = '\(plain($0.value).replacingOccurrences(of: "'", with: "''"))'" }
          .joined(separator: ", "))
    }
    if let identifier = plan.properties.first(where: { $0.key == "Query Identifier" }) {
      lines.append("Query Identifier: \(plain(identifier.value))")
    }
    if let buffers = plan.planningBuffers, let line = bufferLine(buffers) {
      lines.append("Planning:")
      lines.append("  " + line)
    }
    if let time = plan.planningTime { lines.append("Planning Time: \(ExplainNumber.fixed(time, decimals: 3)) ms") }
    for trigger in plan.triggers {
      lines.append(
        "Trigger \(trigger.name)\(trigger.relation.map { " on " + $0 } ?? ""): "
          + "time=\(ExplainNumber.fixed(trigger.time, decimals: 3)) calls=\(trigger.calls)")
    }
    if let jit = plan.properties.first(where: { $0.key == "JIT" })?.value { lines += jitLines(jit) }
    if let time = plan.executionTime { lines.append("Execution Time: \(ExplainNumber.fixed(time, decimals: 3)) ms") }
    return lines
  }

  static func jitLines(_ jit: JSONValue) -> [String] {
    var lines = ["JIT:"]
    if let functions = jit["Functions"] { lines.append("  Functions: \(plain(functions))") }
    if case .object(let options)? = jit["Options"] {
      lines.append("  Options: " + options.map { "\($0.key) \(plain($0.value))" }.joined(separator: ", "))
    }
    if case .object(let timing)? = jit["Timing"] {
      lines.append(
        "  Timing: "
          + timing.map { "\($0.key) \(ExplainNumber.fixed(number($0.value), decimals: 3)) ms" }.joined(separator: ", "))
    }
    return lines
  }

  // MARK: Values

  static func plain(_ value: JSONValue) -> String {
    switch value {
    case .null: ""
    case .bool(let flag): flag ? "true" : "false"
    case .int(let number): String(number)
    case .double(let number): ExplainNumber.json(number, key: "")
    case .string(let text): text
    case .array(let items): items.map(plain).joined(separator: ", ")
    case .object(let members): members.map { "\($0.key): \(plain($0.value))" }.joined(separator: "  ")
    }
  }

  static func number(_ value: JSONValue) -> Double {
    switch value {
    case .int(let number): Double(number)
    case .double(let number): number
    case .string(let text): Double(text) ?? 0
    default: 0
    }
  }

  static func spaces(_ indent: Int) -> String {
    String(repeating: "  ", count: indent)
  }
}
