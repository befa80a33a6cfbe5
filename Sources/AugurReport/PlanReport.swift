import AugurExplain
import AugurPlan
import Foundation

/// Renderings of an analyzed plan: terminal text (optionally coloured) and Markdown. They only
/// format what `PlanAnalysis` found; no analysis happens here.
public enum PlanReport {
  /// The plan as an indented tree, each node with rows (estimated → actual), q-error and self
  /// time, then the findings. `color` adds ANSI colours: red for critical, yellow for warnings and
  /// for nodes taking a large share of the time or badly misestimated.
  public static func text(_ plan: ExplainedPlan, _ analysis: PlanAnalysis, color: Bool = false) -> String {
    let paint = Painter(enabled: color)
    var lines: [String] = []
    for (node, metrics, depth) in rows(plan, analysis) {
      var line = String(repeating: "   ", count: depth) + (depth > 0 ? "-> " : "") + paint.bold(describe(node))
      if let actual = node.actual {
        if actual.neverExecuted {
          line += paint.dim("  (never executed)")
        } else {
          let estimated = node.estimate.map { number($0.rows) } ?? "?"
          line += "  rows \(estimated)→\(number(actual.rows))"
          if actual.loops != 1 { line += " ×\(number(actual.loops)) loops" }
          if let q = metrics.qError, q >= 2 {
            let text = "  q=\(decimal(q))\(metrics.underestimated ? "↑" : "↓")"
            line += q >= 10 ? paint.yellow(text) : text
          }
          if let buffers = node.buffers, let text = bufferText(buffers) { line += "  " + text }
          if let time = metrics.exclusiveTime {
            var text = "  self \(decimal(time)) ms"
            if let share = metrics.shareOfTotal { text += " (\(Int((share * 100).rounded()))%)" }
            line += (metrics.shareOfTotal ?? 0) >= 0.3 ? paint.yellow(text) : text
          }
        }
      } else if let estimate = node.estimate {
        line +=
          "  (cost \(decimal(estimate.startupCost))..\(decimal(estimate.totalCost)), rows \(number(estimate.rows)))"
      }
      lines.append(line)
    }
    if let summary = timeSummary(plan) {
      lines.append("")
      lines.append(summary)
    }
    lines.append("")
    if analysis.findings.isEmpty {
      lines.append("No findings.")
    } else {
      lines.append("Findings:")
      for finding in analysis.findings {
        let label = "[\(severityName(finding.severity))]"
        let painted =
          finding.severity == .critical ? paint.red(label) : finding.severity == .warning ? paint.yellow(label) : label
        lines.append("  \(painted) \(finding.id): \(finding.title)" + (finding.node.map { " — \($0)" } ?? ""))
        lines.append("      evidence: \(finding.evidence)")
        lines.append("      fix: \(finding.fix)")
      }
    }
    return lines.joined(separator: "\n")
  }

  /// The plan as a Markdown table and the findings as a list, for pull requests and issues.
  public static func markdown(_ plan: ExplainedPlan, _ analysis: PlanAnalysis) -> String {
    var lines = [
      "## Plan", "", "| Node | Rows (est → actual) | Loops | q-error | Self time (ms) | Share |",
      "|---|---:|---:|---:|---:|---:|",
    ]
    for (node, metrics, depth) in rows(plan, analysis) {
      let name = String(repeating: "&nbsp;&nbsp;", count: depth) + (depth > 0 ? "→ " : "") + escape(describe(node))
      var rowsText = node.estimate.map { number($0.rows) } ?? "?"
      var loops = ""
      if let actual = node.actual {
        rowsText += actual.neverExecuted ? " → never executed" : " → \(number(actual.rows))"
        loops = number(actual.loops)
      }
      let q = metrics.qError.map { decimal($0) + (metrics.underestimated ? " ↑" : " ↓") } ?? ""
      let time = metrics.exclusiveTime.map(decimal) ?? ""
      let share = metrics.shareOfTotal.map { "\(Int(($0 * 100).rounded()))%" } ?? ""
      let buffers = node.buffers.flatMap(bufferText) ?? ""
      lines.append("| \(name) | \(rowsText) | \(loops) | \(q) | \(buffers) | \(time) | \(share) |")
    }
    if let summary = timeSummary(plan) {
      lines += ["", summary]
    }
    lines += ["", "## Findings", ""]
    if analysis.findings.isEmpty {
      lines.append("No findings.")
    }
    for finding in analysis.findings {
      lines.append(
        "- **\(severityName(finding.severity))** `\(finding.id)`: \(escape(finding.title))"
          + (finding.node.map { " — \(escape($0))" } ?? ""))
      lines.append("  - Evidence: \(escape(finding.evidence))")
      lines.append("  - Fix: \(escape(finding.fix))")
    }
    return lines.joined(separator: "\n")
  }

  // MARK: Helpers

  static func rows(_ plan: ExplainedPlan, _ analysis: PlanAnalysis) -> [(PlanNode, NodeMetrics, Int)] {
    var result: [(PlanNode, NodeMetrics, Int)] = []
    var index = 0
    func visit(_ node: PlanNode, depth: Int) {
      result.append((node, analysis.metrics[index], depth))
      index += 1
      node.children.forEach { visit($0, depth: depth + 1) }
    }
    visit(plan.root, depth: 0)
    return result
  }

  /// Buffers in EXPLAIN's own words, only the non-zero counts: `hit=12 read=3 temp read=40`.
  static func bufferText(_ buffers: BufferUsage) -> String? {
    var parts: [String] = []
    if buffers.sharedHit > 0 { parts.append("hit=\(buffers.sharedHit)") }
    if buffers.sharedRead > 0 { parts.append("read=\(buffers.sharedRead)") }
    if buffers.sharedDirtied > 0 { parts.append("dirtied=\(buffers.sharedDirtied)") }
    if buffers.sharedWritten > 0 { parts.append("written=\(buffers.sharedWritten)") }
    if buffers.tempRead > 0 { parts.append("temp read=\(buffers.tempRead)") }
    if buffers.tempWritten > 0 { parts.append("temp written=\(buffers.tempWritten)") }
    return parts.isEmpty ? nil : "buffers " + parts.joined(separator: " ")
  }

  static func timeSummary(_ plan: ExplainedPlan) -> String? {
    var parts: [String] = []
    if let planning = plan.planningTime { parts.append("planning \(decimal(planning)) ms") }
    if let execution = plan.executionTime { parts.append("execution \(decimal(execution)) ms") }
    return parts.isEmpty ? nil : parts.joined(separator: ", ")
  }

  static func describe(_ node: PlanNode) -> String {
    var text = node.nodeType
    if let strategy = node.string("Strategy"), node.nodeType == "Aggregate" { text = "\(strategy) \(text)" }
    if let join = node.joinType, join != "Inner" { text += " (\(join))" }
    if let index = node.indexName { text += " using \(index)" }
    if let relation = node.relationName { text += " on \(node.schema.map { "\($0)." } ?? "")\(relation)" }
    if let name = node.subplanName { text = "\(name): \(text)" }
    return text
  }

  static func severityName(_ severity: Finding.Severity) -> String { severity.name }

  static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "<", with: "&lt;")
  }

  static func number(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.2f", value)
  }

  static func decimal(_ value: Double) -> String { String(format: "%.2f", value) }
}

/// ANSI colours, or nothing when disabled.
struct Painter {
  var enabled: Bool

  func wrap(_ text: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
  func bold(_ text: String) -> String { wrap(text, "1") }
  func dim(_ text: String) -> String { wrap(text, "2") }
  func red(_ text: String) -> String { wrap(text, "31") }
  func yellow(_ text: String) -> String { wrap(text, "33") }
}
