import ArgumentParser
import AugurExplain
import AugurPlan
import AugurPostgres
import AugurReport
import AugurSQL
import Foundation

/// `augur explain`: EXPLAIN output analyzed (the default) or compared.
struct ExplainCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "explain",
    abstract: "Analyze EXPLAIN (ANALYZE, BUFFERS) output: self time per node, misestimates, findings.",
    subcommands: [ExplainAnalyzeCommand.self, ExplainDiffCommand.self],
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

      With --db, FILE is a query instead: Augur runs EXPLAIN (FORMAT JSON) on it itself, with \
      ANALYZE and BUFFERS when --analyze is given, inside a transaction that is always rolled back \
      and with a statement timeout. Data-modifying statements are refused unless --allow-writes \
      (and are rolled back even then); DDL and other utility statements are always refused. \
      Parameters $1, $2, ... take --param values; without them (and without --analyze) the \
      generic plan is shown.

      Examples:
        psql -XAtc "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT ..." > plan.json
        augur explain plan.json
        augur explain --format json plan.json
        augur explain --db postgresql://app@db/shop --analyze --set work_mem=64MB query.sql
        augur explain --db "$DATABASE_URL" --param 42 --param paid lookup.sql
      """
  )

  @Option(name: .long, help: "Run EXPLAIN on FILE (a query) against this database (URI or key=value).")
  var db: String?

  @Flag(help: "With --db: EXPLAIN ANALYZE (the query runs, in a rolled-back transaction).")
  var analyze = false

  @Flag(help: "With --db: allow INSERT/UPDATE/DELETE and other writes (still rolled back).")
  var allowWrites = false

  @Option(name: .customLong("param"), help: "With --db: a value for $1, $2, ... in order (repeatable).")
  var parameters: [String] = []

  @Option(name: .customLong("set"), help: "With --db: a setting for the EXPLAIN only, name=value (repeatable).")
  var settings: [String] = []

  @Option(help: "With --db: statement timeout in seconds.")
  var timeout: Int = 60

  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, markdown, html }
  enum FailLevel: String, ExpressibleByArgument, CaseIterable { case warning, critical }

  @Argument(help: "EXPLAIN output to read, or - for standard input.")
  var file: String = "-"

  @Option(help: "Output format: text, json, markdown or html (one self-contained page).")
  var format: Format = .text

  @Option(help: "Colour in text output: auto (on a terminal, unless NO_COLOR is set), always or never.")
  var color: ColorChoice = .auto

  @Option(help: "Exit with status 1 when a finding of this severity or worse is found: warning or critical.")
  var failOn: FailLevel?

  func run() throws {
    let input = InputReader(path: file)
    let text = try input.readSQL()
    let plan: ExplainedPlan
    do {
      if let db {
        let json = try runExplain(db: db, query: text, input: input)
        plan = try ExplainJSONReader.read(Data(json.utf8), file: input.displayName)
      } else {
        plan = try ExplainReader.read(text, file: input.displayName)
      }
    } catch let error as ExplainParseError {
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
      print(PlanReport.text(plan, analysis, color: color.enabled))
    case .markdown:
      print(PlanReport.markdown(plan, analysis))
    case .html:
      print(try PlanReport.html(plan, analysis, title: "Augur: \(input.displayName)"))
    }
    if let failOn {
      let threshold: Finding.Severity = failOn == .critical ? .critical : .warning
      if analysis.findings.contains(where: { $0.severity >= threshold }) { throw ExitCode(1) }
    }
  }
}

extension ExplainAnalyzeCommand {
  /// Runs EXPLAIN on `query` through the safe runner; every refusal and failure is bad input (2).
  func runExplain(db: String, query: String, input: InputReader) throws(CommandFailure) -> String {
    var values: [String: String] = [:]
    for setting in settings {
      let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty else {
        throw CommandFailure.badInput("--set \(setting): expected name=value")
      }
      values[parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].trimmingCharacters(in: .whitespaces)
    }
    let connection: PostgresConnection
    do {
      connection = try PostgresConnection(db)
    } catch {
      throw CommandFailure.badInput("cannot connect: \(error.message)")
    }
    let options = ExplainRunner.Options(
      analyze: analyze, allowWrites: allowWrites, statementTimeoutMilliseconds: max(1, timeout) * 1_000,
      parameters: parameters.map { Optional($0) }, settings: values)
    do {
      return try ExplainRunner(connection: connection).explain(query, options: options)
    } catch {
      throw CommandFailure.badInput("\(input.displayName): \(error)")
    }
  }
}

/// `augur explain diff A B`: what changed between two plans of the same query.
struct ExplainDiffCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "diff",
    abstract: "Compare two plans of one query (before/after an index, a setting or a migration).",
    discussion: """
      Reads two EXPLAIN outputs (JSON or text) and reports the totals (cost, execution and planning \
      time, buffers) before and after, and node by node what changed: scan and join methods, rows, \
      self time, cost, buffers, conditions, and the nodes added or removed.

      Example:
        augur explain diff before.json after.json
      """
  )

  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

  @Argument(help: "The plan before the change.")
  var before: String

  @Argument(help: "The plan after the change.")
  var after: String

  @Option(help: "Output format: text or json.")
  var format: Format = .text

  func run() throws {
    let diff = PlanDiff(before: try Self.read(before), after: try Self.read(after))
    switch format {
    case .json:
      print(try JSONValueEncoder().encode(diff).jsonText(pretty: true))
    case .text:
      print(Self.render(diff))
    }
  }

  static func read(_ path: String) throws -> ExplainedPlan {
    let input = InputReader(path: path)
    let text = try input.readSQL()
    do {
      return try ExplainReader.read(text, file: input.displayName)
    } catch {
      throw CommandFailure.badInput("\(error)")
    }
  }

  static func render(_ diff: PlanDiff) -> String {
    func pair(_ name: String, _ before: Double?, _ after: Double?, _ ratio: Double?, unit: String = "") -> String? {
      guard before != nil || after != nil else { return nil }
      let text = "\(name): \(before.map { format($0) } ?? "?")\(unit) → \(after.map { format($0) } ?? "?")\(unit)"
      return ratio.map { text + " (×\(String(format: "%.2f", $0)))" } ?? text
    }
    let summary = diff.summary
    var lines = [diff.sameShape ? "Same plan shape." : "The plan shape changed."]
    lines += [
      pair("total cost", summary.totalCostBefore, summary.totalCostAfter, summary.costRatio),
      pair(
        "execution", summary.executionTimeBefore, summary.executionTimeAfter, summary.executionTimeRatio, unit: " ms"),
      pair("planning", summary.planningTimeBefore, summary.planningTimeAfter, summary.planningTimeRatio, unit: " ms"),
      pair(
        "shared buffers", summary.sharedBuffersBefore.map(Double.init), summary.sharedBuffersAfter.map(Double.init),
        summary.sharedBuffersRatio),
    ].compactMap { $0 }
    lines.append("")
    for node in diff.nodes where node.kind != .unchanged {
      switch node.kind {
      case .added: lines.append("+ \(node.after ?? "?")")
      case .removed: lines.append("- \(node.before ?? "?")")
      default:
        lines.append(
          "~ \(node.before ?? "?")" + (node.after != node.before ? " → \(node.after ?? "?")" : ""))
      }
      lines += node.changes.map { "    \($0)" }
    }
    if diff.nodes.allSatisfy({ $0.kind == .unchanged }) { lines.append("No node changed.") }
    return lines.joined(separator: "\n")
  }

  private static func format(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(format: "%.2f", value)
  }
}

/// `--color auto|always|never`.
enum ColorChoice: String, ExpressibleByArgument, CaseIterable {
  case auto, always, never

  var enabled: Bool {
    switch self {
    case .always: return true
    case .never: return false
    case .auto:
      let noColor = ProcessInfo.processInfo.environment["NO_COLOR"].map { !$0.isEmpty } ?? false
      return !noColor && isatty(STDOUT_FILENO) == 1
    }
  }
}
