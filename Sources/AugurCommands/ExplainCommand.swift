import ArgumentParser
import AugurExplain
import AugurPlan
import AugurSQL
import Foundation

/// `augur explain`: EXPLAIN output analyzed (the default) or compared.
struct ExplainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "Analyze EXPLAIN (ANALYZE, BUFFERS) output: self time per node, misestimates, findings.",
    subcommands: [ExplainAnalyzeCommand.self],
    defaultSubcommand: ExplainAnalyzeCommand.self
  )
}

/// `augur explain [analyze]`: where a plan's time went and what went wrong.
struct ExplainAnalyzeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "analyze",
    abstract: "Analyze EXPLAIN (ANALYZE, BUFFERS) output: self time per node, misestimates, findings.",
    discussion: """
      Reads EXPLAIN output in JSON (FORMAT JSON, as psql prints it or as auto_explain logs it) from \\
      FILE or standard input. Prints the plan with each node's rows (estimated → actual), q-error \\
      and self time, then the findings with the evidence and the fix. Exits 1 with --fail-on when a \\
      finding of that severity or worse is found.

      Examples:
        psql -XAtc "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT ..." > plan.json
        augur explain plan.json
        augur explain --format json plan.json
      """
  )

  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }
  enum FailLevel: String, ExpressibleByArgument, CaseIterable { case warning, critical }

  @Argument(help: "EXPLAIN output to read, or - for standard input.")
  var file: String = "-"

  @Option(help: "Output format: text or json.")
  var format: Format = .text

  @Option(help: "Exit with status 1 when a finding of this severity or worse is found: warning or critical.")
  var failOn: FailLevel?

  func run() throws {
    let input = InputReader(path: file)
    let text = try input.readSQL()
    let plan: ExplainedPlan
    do {
      plan =
        try Self.looksLikeJSON(text)
        ? ExplainJSONReader.read(Data(text.utf8), file: input.displayName)
        : ExplainTextReader.read(text, file: input.displayName)
    } catch {
      throw CommandFailure.badInput("\(error)")
    }
    let analysis = PlanAnalysis(plan: plan)
    switch format {
    case .json:
      struct Report: Encodable {
        var plan: ExplainedPlan
        var metrics: [NodeMetrics]
        var findings: [Finding]
      }
      print(
        try JSONValueEncoder().encode(Report(plan: plan, metrics: analysis.metrics, findings: analysis.findings))
          .jsonText(pretty: true))
    case .text:
      print(PlanText.render(plan, analysis))
    }
    if let failOn {
      let threshold: Finding.Severity = failOn == .critical ? .critical : .warning
      if analysis.findings.contains(where: { $0.severity >= threshold }) { throw ExitCode(1) }
    }
  }
}

extension ExplainAnalyzeCommand {
  /// JSON starts with `[` or `{`, possibly below psql's `QUERY PLAN` header.
  static func looksLikeJSON(_ text: String) -> Bool {
    for line in text.split(separator: "\n").prefix(4) {
      let trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.isEmpty || trimmed == "QUERY PLAN" || trimmed.allSatisfy({ $0 == "-" }) { continue }
      return trimmed.hasPrefix("[") || trimmed.hasPrefix("{")
    }
    return false
  }
}

/// The terminal rendering of an analyzed plan.
enum PlanText {
  static func render(_ plan: ExplainedPlan, _ analysis: PlanAnalysis) -> String {
    var lines: [String] = []
    var index = 0
    func visit(_ node: PlanNode, depth: Int) {
      let metrics = analysis.metrics[index]
      index += 1
      var line = String(repeating: "   ", count: depth) + (depth > 0 ? "-> " : "") + describe(node)
      if let actual = node.actual {
        if actual.neverExecuted {
          line += "  (never executed)"
        } else {
          let estimated = node.estimate.map { number($0.rows) } ?? "?"
          line += "  rows \(estimated)→\(number(actual.rows))"
          if actual.loops != 1 { line += " ×\(number(actual.loops)) loops" }
          if let q = metrics.qError, q >= 2 { line += "  q=\(decimal(q))\(metrics.underestimated ? "↑" : "↓")" }
          if let time = metrics.exclusiveTime {
            line += "  self \(decimal(time)) ms"
            if let share = metrics.shareOfTotal { line += " (\(Int((share * 100).rounded()))%)" }
          }
        }
      } else if let estimate = node.estimate {
        line +=
          "  (cost \(decimal(estimate.startupCost))..\(decimal(estimate.totalCost)), rows \(number(estimate.rows)))"
      }
      lines.append(line)
      node.children.forEach { visit($0, depth: depth + 1) }
    }
    visit(plan.root, depth: 0)
    var summary: [String] = []
    if let planning = plan.planningTime { summary.append("planning \(decimal(planning)) ms") }
    if let execution = plan.executionTime { summary.append("execution \(decimal(execution)) ms") }
    if !summary.isEmpty { lines.append(""); lines.append(summary.joined(separator: ", ")) }
    lines.append("")
    if analysis.findings.isEmpty {
      lines.append("No findings.")
    } else {
      lines.append("Findings:")
      for finding in analysis.findings {
        let label = ["info", "warning", "critical"][finding.severity.rawValue]
        lines.append("  [\(label)] \(finding.id): \(finding.title)" + (finding.node.map { " — \($0)" } ?? ""))
        lines.append("      evidence: \(finding.evidence)")
        lines.append("      fix: \(finding.fix)")
      }
    }
    return lines.joined(separator: "\n")
  }

  private static func describe(_ node: PlanNode) -> String {
    var text = node.nodeType
    if let strategy = node.string("Strategy"), node.nodeType == "Aggregate" { text = "\(strategy) \(text)" }
    if let join = node.joinType, join != "Inner" { text += " (\(join))" }
    if let index = node.indexName { text += " using \(index)" }
    if let relation = node.relationName { text += " on \(node.schema.map { "\($0)." } ?? "")\(relation)" }
    if let name = node.subplanName { text = "\(name): \(text)" }
    return text
  }

  private static func number(_ value: Double) -> String {
    value == value.rounded() ? String(Int(value)) : String(format: "%.2f", value)
  }

  private static func decimal(_ value: Double) -> String { String(format: "%.2f", value) }
}
