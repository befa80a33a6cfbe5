import ArgumentParser
import AugurCatalog
import AugurPostgres
import Foundation

/// `augur stats`: stats snapshots, the portable form of what PostgreSQL plans with.
struct StatsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "stats",
    abstract: "Gather or build stats snapshots (schema, statistics, sizes and planner settings).",
    subcommands: [StatsGatherCommand.self]
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
    let data = try snapshot.jsonData()
    if output == "-" {
      FileHandle.standardOutput.write(data)
      FileHandle.standardOutput.write(Data("\n".utf8))
    } else {
      do {
        try snapshot.write(to: output)
      } catch {
        throw CommandFailure.badInput("\(error)")
      }
    }
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
