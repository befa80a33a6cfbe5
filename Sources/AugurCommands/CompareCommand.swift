import ArgumentParser
import AugurCatalog
import AugurCompare
import AugurPostgres
import Foundation

/// `augur compare`: Augur's predictions checked against PostgreSQL's own EXPLAIN, query by query.
struct CompareCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "compare",
    abstract: "Compare Augur's predicted plans with PostgreSQL's EXPLAIN on a live database.",
    discussion: """
      Gathers the database's stats snapshot, then for each *.sql file in --queries (sorted by \
      name) plans it with Augur and runs PostgreSQL's EXPLAIN and EXPLAIN ANALYZE (in a \
      transaction that is always rolled back, with a statement timeout; writes are refused). \
      Reports per query whether the plan shape and scans agree, and how far row and cost \
      estimates are apart; summary figures and every miss with its reason.

      --hypothetical also plans each query with a candidate index (the file's \
      `-- hypothetical: table(col)` line, or a B-tree on the first filtered column no index \
      leads with) on both sides, PostgreSQL's through HypoPG.

      With several --db, a subfolder of --queries named after a database holds that database's \
      queries.

      --generate-single-table DIR writes generated single-table queries (from the database's \
      statistics) into DIR and compares those; --generate-joins DIR does the same with join \
      queries along the database's foreign keys (inner, LEFT, EXISTS, IN, NOT EXISTS, grouped, \
      ordered, three-table chains).

      Exit codes: 0 the comparison ran (whatever the agreement); 1 --min-agreement not met; \
      2 bad input (connection, folder, options).

      Examples:
        augur compare --db postgresql://augur@127.0.0.1/shop --queries Corpus/ecommerce/queries
        augur compare --db "$DATABASE_URL" --queries q/ --report accuracy.md --json accuracy.json --hypothetical
        augur compare --db "$DATABASE_URL" --generate-single-table build/single-table --no-analyze
      """
  )

  @Option(
    name: .customLong("db"),
    help:
      "Connection URI or key=value string (repeatable: one report over several databases; default: libpq's environment)."
  )
  var databases: [String] = []

  @Option(help: "A folder of *.sql files, one query each.")
  var queries: String?

  @Option(
    name: .customLong("generate-single-table"), help: "Generate single-table queries into this folder and compare them."
  )
  var generateInto: String?

  @Option(
    name: .customLong("generate-joins"),
    help: "Generate join queries along the database's foreign keys into this folder and compare them.")
  var generateJoinsInto: String?

  @Option(help: "Prefix of generated query names (default: the database name).")
  var name: String?

  @Option(help: "Write the Markdown report here (default: standard output).")
  var report: String?

  @Option(help: "Write the JSON report here.")
  var json: String?

  @Option(help: "Write an SVG plot of Augur's row estimates against PostgreSQL's here (linked from the report).")
  var plot: String?

  @Flag(inversion: .prefixedNo, help: "Also run EXPLAIN ANALYZE for q-errors against actual rows.")
  var analyze = true

  @Flag(help: "Also compare plans with a hypothetical index (needs the hypopg extension).")
  var hypothetical = false

  @Flag(help: "Show queries with their constants (default: normalized, $1, $2, ...).")
  var showLiterals = false

  @Option(name: .customLong("set"), help: "A setting for both planners, name=value (repeatable).")
  var settings: [String] = []

  @Option(help: "Statement timeout in seconds, per EXPLAIN.")
  var timeout: Int = 30

  @Option(help: "Exit 1 when fewer than this share (0-1) of queries have root rows within 1%.")
  var minAgreement: Double?

  func validate() throws {
    guard [queries, generateInto, generateJoinsInto].compactMap({ $0 }).count == 1 else {
      throw ValidationError("give exactly one of --queries DIR, --generate-single-table DIR or --generate-joins DIR")
    }
  }

  func run() throws {
    var reports: [CompareReport] = []
    var names: [String] = []
    for db in databases.isEmpty ? [""] : databases {
      let (report, name) = try compare(db: db)
      reports.append(report)
      names.append(name)
    }
    guard let result = CompareReport.merged(reports, database: names.joined(separator: ", ")) else { return }
    let plotTitle = "Augur's row estimate against PostgreSQL's, per plan node"
    let plotLink = plot.map { path -> (file: String, title: String) in
      // Linked relative to the report when both are in one folder.
      let sameFolder =
        report.map { URL(fileURLWithPath: $0).deletingLastPathComponent().path }
        == URL(fileURLWithPath: path).deletingLastPathComponent().path
      return (sameFolder ? URL(fileURLWithPath: path).lastPathComponent : path, plotTitle)
    }
    let markdown = result.markdown(showLiterals: showLiterals, plot: plotLink)
    do {
      if let plot { try AtomicFile.write(Data(result.estimatePlot(title: plotTitle).utf8), to: plot) }
      if let report {
        try AtomicFile.write(Data(markdown.utf8), to: report)
      } else {
        print(markdown, terminator: "")
      }
      if let json { try AtomicFile.write(try result.json(), to: json) }
    } catch {
      throw CommandFailure.badInput("cannot write the report: \(error)")
    }
    let summary = result.summary
    var standardError = StandardError()
    print(
      "augur: compared \(summary.queries) queries: root rows within 1% \(summary.rootRowsAgree), same scan "
        + "\(summary.sameScans), cost within 1% \(summary.totalCostAgrees), not supported \(summary.notSupported), "
        + "errors \(summary.augurErrors + summary.postgresErrors)" + (report.map { " -> \($0)" } ?? ""),
      to: &standardError)
    if let minAgreement, summary.share(summary.rootRowsAgree) < minAgreement { throw ExitCode(1) }
  }

  /// One database: its snapshot, its queries (read or generated), the comparison.
  private func compare(db: String) throws -> (CompareReport, String) {
    let connection: PostgresConnection
    do {
      connection = try PostgresConnection(db)
    } catch {
      throw CommandFailure.badInput("cannot connect: \(error.message)")
    }
    let snapshot: StatsSnapshot
    do {
      snapshot = try CompareRunner.gatherSnapshot(connection)
    } catch {
      throw CommandFailure.badInput("gathering statistics from \(connection.displayName) failed: \(error)")
    }
    let databaseName = snapshot.source.database ?? "db"
    let compared: [ComparedQuery]
    if let generateInto = generateInto ?? generateJoinsInto {
      compared =
        self.generateInto != nil
        ? SingleTableQueryGenerator.generate(snapshot: snapshot, prefix: name ?? databaseName)
        : JoinQueryGenerator.generate(snapshot: snapshot, prefix: name ?? databaseName)
      let folder = databases.count > 1 ? generateInto + "/" + databaseName : generateInto
      do {
        try ComparedQuery.write(compared, to: folder)
      } catch {
        throw CommandFailure.badInput("\(folder): cannot write the queries: \(error.localizedDescription)")
      }
    } else {
      // With several databases, a subfolder named after a database holds that database's queries.
      var folder = queries ?? "."
      var isSubfolder: ObjCBool = false
      if FileManager.default.fileExists(atPath: folder + "/" + databaseName, isDirectory: &isSubfolder),
        isSubfolder.boolValue
      {
        folder += "/" + databaseName
      }
      var isDirectory: ObjCBool = false
      guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
        throw CommandFailure.badInput("\(folder): no such folder")
      }
      do {
        compared = try ComparedQuery.load(directory: folder)
      } catch {
        throw CommandFailure.badInput("\(folder): cannot read: \(error.localizedDescription)")
      }
      guard !compared.isEmpty else { throw CommandFailure.badInput("\(folder): no *.sql files") }
    }
    let options = CompareRunner.Options(
      analyze: analyze, hypothetical: hypothetical, statementTimeoutMilliseconds: max(1, timeout) * 1_000,
      settings: try SettingsOption.parse(settings))
    let runner = CompareRunner(connection: connection, snapshot: snapshot, options: options)
    var standardError = StandardError()
    print("augur: comparing \(compared.count) queries on \(connection.displayName)", to: &standardError)
    do {
      return (try runner.run(compared), databaseName)
    } catch {
      throw CommandFailure.badInput("\(error)")
    }
  }
}
