import ArgumentParser
import AugurCatalog
import AugurPostgres
import Foundation

/// `augur stats`: stats snapshots, the portable form of what PostgreSQL plans with.
struct StatsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stats",
    abstract: "Gather or build stats snapshots (schema, statistics, sizes and planner settings).",
    subcommands: [StatsGatherCommand.self, StatsFromDDLCommand.self, StatsShowCommand.self]
  )
}

/// `augur stats gather`.
struct StatsGatherCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gather",
    abstract: "Read a database's schema, statistics and planner settings into a stats snapshot.",
    discussion: """
      Connects with libpq: --db takes a postgresql:// URI or key=value pairs, and whatever it \
      leaves out comes from PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD, PGSERVICE and \
      ~/.pgpass, as for psql. Reads in one read-only transaction that is rolled back, with a \
      fixed number of queries however many tables there are. Works without superuser rights: \
      what the user may not see is listed as a warning.

      Examples:
        augur stats gather --db postgresql://app@db.internal/shop -o shop-stats.json
        PGDATABASE=shop augur stats gather --schema public --schema billing --redact-values -o stats.json
      """
  )

  @Option(name: .long, help: "Connection URI or key=value string (default: libpq's environment).")
  var db: String = ""

  @Option(name: .shortAndLong, help: "Where to write the snapshot (default: standard output).")
  var output: String = "-"

  @Option(name: .customLong("schema"), help: "A schema to gather (repeatable; default: every non-system schema).")
  var schemas: [String] = []

  @Flag(help: "Drop data values (MCVs, histogram bounds, ranges, view text); keep frequencies and shapes.")
  var redactValues = false

  @Option(help: "Per-statement timeout in seconds.")
  var timeout: Int = 60

  func run() throws {
    let connection: PostgresConnection
    do {
      connection = try PostgresConnection(db)
    } catch {
      throw CommandFailure.badInput("cannot connect: \(error.message)")
    }
    var gatherer = CatalogGatherer(
      schemas: schemas, redactValues: redactValues, statementTimeoutMilliseconds: max(1, timeout) * 1_000)
    let snapshot: StatsSnapshot
    do {
      snapshot = try gatherer.gather(from: connection)
    } catch let error as PostgresError {
      throw CommandFailure.badInput("gathering from \(connection.displayName) failed: \(error)")
    }
    try SnapshotOutput.write(snapshot, to: output)
    var standardError = StandardError()
    let indexes = snapshot.relations.reduce(0) { $0 + $1.indexes.count }
    print(
      "augur: gathered \(snapshot.relations.count) relations, \(indexes) indexes and "
        + "\(snapshot.extendedStatistics.count) extended statistics from \(connection.displayName) "
        + "in \(gatherer.roundTrips) statements" + (output == "-" ? "" : " -> \(output)"), to: &standardError)
    for warning in snapshot.warnings {
      print("augur: warning: \(warning.message)", to: &standardError)
    }
  }
}

/// `augur stats from-ddl`: a snapshot built offline from migrations.
struct StatsFromDDLCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "from-ddl",
    abstract: "Build a stats snapshot from DDL files, without a server.",
    discussion: """
      Applies CREATE/ALTER/DROP TABLE, CREATE/DROP INDEX, CREATE STATISTICS and CREATE VIEW in \
      order, as PostgreSQL would, and fills sizes the way PostgreSQL treats a never-analyzed table, \
      or from --rows hints. Lets a pull request's schema be planned without a server.

      Examples:
        augur stats from-ddl migrations/*.sql -o stats.json
        augur stats from-ddl schema.sql --rows orders=5000000 --rows public.users=200000 -o stats.json
      """
  )

  @Argument(help: "DDL files, applied in the order given.")
  var files: [String]

  @Option(name: .customLong("rows"), help: "A row count hint, table=N or schema.table=N (repeatable).")
  var rowHints: [String] = []

  @Option(name: .shortAndLong, help: "Where to write the snapshot (default: standard output).")
  var output: String = "-"

  func run() throws {
    var hints: [String: Double] = [:]
    for hint in rowHints {
      let parts = hint.split(separator: "=", maxSplits: 1).map(String.init)
      guard parts.count == 2, !parts[0].isEmpty, let rows = Double(parts[1]), rows >= 0 else {
        throw CommandFailure.badInput("--rows \(hint): expected table=N with N a non-negative number")
      }
      hints[parts[0]] = rows
    }
    var schema = SchemaFromDDL(rowHints: hints)
    for file in files {
      let input = InputReader(path: file)
      let sql = try input.readSQL()
      do {
        try schema.apply(sql, file: input.displayName)
      } catch {
        throw CommandFailure.badInput("\(error)")
      }
    }
    let snapshot: StatsSnapshot
    do {
      snapshot = try schema.snapshot(createdAt: SnapshotOutput.timestamp(Date()))
    } catch {
      throw CommandFailure.badInput("\(error)")
    }
    try SnapshotOutput.write(snapshot, to: output)
    var standardError = StandardError()
    print(
      "augur: built \(snapshot.relations.count) relations and "
        + "\(snapshot.relations.reduce(0) { $0 + $1.indexes.count }) indexes from \(files.count) file(s)"
        + (output == "-" ? "" : " -> \(output)"), to: &standardError)
  }

}

/// Where `augur stats` commands put a snapshot: a file (written atomically) or standard output.
enum SnapshotOutput {
  static func write(_ snapshot: StatsSnapshot, to output: String) throws {
    if output == "-" {
      FileHandle.standardOutput.write(try snapshot.jsonData())
      FileHandle.standardOutput.write(Data("\n".utf8))
      return
    }
    do {
      try snapshot.write(to: output)
    } catch {
      throw CommandFailure.badInput("\(error)")
    }
  }

  /// ISO 8601 in UTC, as snapshots record their creation time.
  static func timestamp(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: date)
  }
}

/// `augur stats show`: what a snapshot holds, read offline.
struct StatsShowCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "show",
    abstract: "Summarize a stats snapshot: tables, rows, sizes, indexes, statistics and warnings."
  )

  @Argument(help: "The snapshot file.")
  var file: String

  func run() throws {
    let snapshot: StatsSnapshot
    do {
      snapshot = try StatsSnapshot.load(contentsOf: file)
    } catch {
      throw CommandFailure.badInput("\(error)")
    }
    print(StatsSummary.render(snapshot))
  }
}

/// A plain-text summary of a snapshot, one line per relation.
enum StatsSummary {
  static func render(_ snapshot: StatsSnapshot) -> String {
    let source = snapshot.source
    var lines: [String] = []
    var origin = source.kind == .server ? "server \(source.serverVersion ?? "?")" : "DDL"
    if let database = source.database { origin += ", database \(database)" }
    if source.valuesRedacted { origin += ", values redacted" }
    lines.append("Stats snapshot (format \(snapshot.formatVersion)) from \(origin), \(source.createdAt)")
    lines.append(
      "\(snapshot.relations.count) relations, \(snapshot.relations.reduce(0) { $0 + $1.indexes.count }) indexes, "
        + "\(snapshot.extendedStatistics.count) extended statistics, \(snapshot.settings.count) settings")
    lines.append("")
    let header = ["relation", "kind", "rows", "pages", "columns with stats", "indexes"]
    var rows: [[String]] = []
    for relation in snapshot.relations {
      let rowsText = relation.size.isAnalyzed ? String(Int(relation.size.reltuples)) : "never analyzed"
      let withStatistics = relation.columns.filter { $0.statistics != nil }.count
      rows.append([
        relation.qualifiedName, relation.kind.rawValue, rowsText, String(relation.size.currentPages),
        "\(withStatistics)/\(relation.columns.count)", String(relation.indexes.count),
      ])
    }
    lines += table(header: header, rows: rows)
    if !snapshot.warnings.isEmpty {
      lines.append("")
      lines.append("Warnings:")
      lines += snapshot.warnings.map { "  - \($0.message)" }
    }
    return lines.joined(separator: "\n")
  }

  private static func table(header: [String], rows: [[String]]) -> [String] {
    let widths = header.indices.map { column in
      ([header] + rows).map { $0[column].count }.max() ?? 0
    }
    func line(_ cells: [String]) -> String {
      cells.enumerated().map { index, cell in
        cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
      }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }
    return [line(header), line(widths.map { String(repeating: "-", count: $0) })] + rows.map(line)
  }
}
