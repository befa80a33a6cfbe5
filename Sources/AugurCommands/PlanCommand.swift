import ArgumentParser
import AugurCatalog
import AugurCompare
import AugurPlan
import AugurPlanner
import AugurSQL
import Foundation

/// `augur plan`: the plan Augur predicts PostgreSQL would choose, from a stats snapshot alone.
struct PlanCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "plan",
    abstract: "Predict a query's plan from a stats snapshot, printed as EXPLAIN prints it.",
    discussion: """
      Plans the first statement of FILE against the snapshot (no database needed) and prints the \
      predicted plan in EXPLAIN's TEXT or JSON format. --hypothetical-index adds an index that \
      does not exist (as HypoPG does) to answer "what if": table(column, ...), \
      table USING method (columns) INCLUDE (...) WHERE ..., or a CREATE INDEX statement.

      Exit codes: 0 planned; 1 Augur cannot plan this query yet; 2 bad input (snapshot, SQL, \
      unknown table or column).

      Examples:
        augur plan query.sql --stats stats.json
        augur plan query.sql --stats stats.json --format json --set enable_seqscan=off
        augur plan query.sql --stats stats.json --hypothetical-index "orders(customer_id, created_at)"
      """
  )

  enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

  @Argument(help: "The query, or - for standard input.")
  var file: String

  @Option(help: "The stats snapshot (augur stats gather / from-ddl).")
  var stats: String

  @Option(help: "Output format: text (EXPLAIN's) or json (EXPLAIN (FORMAT JSON)'s).")
  var format: Format = .text

  @Option(name: .customLong("hypothetical-index"), help: "An index to plan with as if it existed (repeatable).")
  var hypotheticalIndexes: [String] = []

  @Option(
    name: .customLong("hypothetical-partition"),
    help:
      "Partition a table as if it were: \"orders BY RANGE (created_at) ('2024-01-01', '2025-01-01') DEFAULT\", \"orders BY LIST (status) (('a'), ('b', 'c'))\" or \"orders BY HASH (user_id) 8\"."
  )
  var hypotheticalPartitions: [String] = []

  @Option(name: .customLong("set"), help: "A planner setting, name=value (repeatable), e.g. random_page_cost=1.1.")
  var settings: [String] = []

  func run() throws {
    let snapshot: StatsSnapshot
    do {
      snapshot = try StatsSnapshot.load(contentsOf: stats)
    } catch {
      throw CommandFailure.badInput("\(error)")
    }
    let input = InputReader(path: file)
    let sql = try input.readSQL()
    let indexes = try hypotheticalIndexes.map { spec throws(CommandFailure) -> HypotheticalIndex in
      do throws(SQLParseError) {
        return try HypotheticalIndexSpec.parse(spec, snapshot: snapshot)
      } catch {
        throw CommandFailure.badInput("--hypothetical-index \"\(spec)\":\(error.position == nil ? " " : "")\(error)")
      }
    }
    let partitioning = try hypotheticalPartitions.map { spec throws(CommandFailure) -> HypotheticalPartitioning in
      do throws(SQLParseError) {
        return try HypotheticalPartitionSpec.parse(spec, snapshot: snapshot)
      } catch {
        throw CommandFailure.badInput(
          "--hypothetical-partition \"\(spec)\":\(error.position == nil ? " " : "")\(error)")
      }
    }
    let planner = Planner(snapshot: snapshot, options: PlannerOptions(settings: try SettingsOption.parse(settings)))
    let plan: ExplainedPlan
    do throws(PlannerError) {
      plan = try planner.plan(
        planner.prepare(sql), hypotheticalIndexes: indexes, hypotheticalPartitioning: partitioning)
    } catch {
      throw Self.failure(error, input: input, sql: sql)
    }
    switch format {
    case .text: print(ExplainTextWriter.write(plan))
    case .json: print(ExplainJSONWriter.write(plan))
    }
  }

  /// Not supported is exit 1 (Augur's limit, not the user's mistake); the rest is bad input.
  static func failure(_ error: PlannerError, input: InputReader, sql: String) -> CommandFailure {
    switch error {
    case .notSupported(let construct):
      return CommandFailure(
        message: "\(input.displayName): not supported: \(construct) (Augur cannot plan this query yet)", exitCode: 1)
    case .syntax(let parseError):
      return input.failure(parseError)
    case .semantic(let message, let location):
      guard let location else { return CommandFailure.badInput("\(input.displayName): \(message)") }
      let position = SourcePosition(offset: location, in: sql)
      let line = sql.split(separator: "\n", omittingEmptySubsequences: false)
      let located = SQLParseError(
        kind: .syntax, message: message, position: position,
        sourceLine: position.line <= line.count ? String(line[position.line - 1]) : nil)
      return input.failure(located)
    }
  }
}

/// `--set name=value` options.
enum SettingsOption {
  static func parse(_ settings: [String]) throws(CommandFailure) -> [String: String] {
    var values: [String: String] = [:]
    for setting in settings {
      let parts = setting.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].trimmingCharacters(in: .whitespaces).isEmpty else {
        throw CommandFailure.badInput("--set \(setting): expected name=value")
      }
      values[parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].trimmingCharacters(in: .whitespaces)
    }
    return values
  }
}
