import AugurCatalog
import AugurCompare
import AugurPlanner
import AugurPostgres
import AugurSQL
import Dispatch
import Foundation

/// What-if planning throughput and planning time, on the generated single-table queries of the
/// ecommerce workload in a throwaway cluster, against PostgreSQL's own planning time for the same
/// queries measured in the same run (`EXPLAIN (SUMMARY ON)`'s Planning Time).
///
/// Throughput is what the index advisor needs: each query is prepared once, then planned again
/// and again with a different hypothetical index per call, on one thread. Queries the planner
/// cannot plan are counted and listed with the reason, never fatal.
struct PlannerBenchmark {
  var report: String
  var scale = 1
  /// Plans per query for the throughput figure.
  var callsPerQuery = 200
  /// EXPLAIN runs per query for PostgreSQL's median planning time.
  let postgresRepetitions = 5
  static let throughputTarget = 20_000.0

  struct Outcome {
    var queries = 0
    var planned = 0
    var failures: [String: Int] = [:]
    var whatIfPlans = 0
    var whatIfSeconds = 0.0
    var augurMilliseconds: [Double] = []
    /// Per query: the median time of parsing alone, and of `plan` alone (prepare done).
    var parseMilliseconds: [Double] = []
    var planMilliseconds: [Double] = []
    var postgresMilliseconds: [Double] = []
  }

  func run() throws {
    print("planner benchmark: starting a throwaway PostgreSQL cluster, loading ecommerce at scale \(scale)")
    let cluster = try TemporaryCluster()
    defer { cluster.stop() }
    try cluster.createDatabase("ecommerce")
    let workload = URL(fileURLWithPath: "Corpus/ecommerce")
    try cluster.runScript(workload.appendingPathComponent("schema.sql").path, database: "ecommerce")
    try cluster.runScript(
      workload.appendingPathComponent("generate.sql").path, database: "ecommerce", variables: ["scale": String(scale)])
    let connection = try cluster.connect(database: "ecommerce")
    let snapshot = try CompareRunner.gatherSnapshot(connection)
    let queries = SingleTableQueryGenerator.generate(snapshot: snapshot, prefix: "ecommerce")
    let outcome = try measure(queries, snapshot: snapshot, connection: connection)
    print("planner benchmark: 12-table star and chain joins")
    let joins = try JoinPlanningBenchmark().run(cluster: cluster)
    let markdown = render(outcome, joins: joins)
    try FileManager.default.createDirectory(
      at: URL(fileURLWithPath: report).deletingLastPathComponent(), withIntermediateDirectories: true)
    try markdown.write(toFile: report, atomically: true, encoding: .utf8)
    print(markdown)
  }

  func measure(_ queries: [ComparedQuery], snapshot: StatsSnapshot, connection: PostgresConnection) throws -> Outcome {
    let planner = Planner(snapshot: snapshot)
    var outcome = Outcome(queries: queries.count)
    for query in queries {
      outcome.postgresMilliseconds.append(try postgresPlanningTime(query.sql, connection))
      // Measured as PostgreSQL's is: the median of repeated planning of the same text (parse,
      // analysis and planning, with the snapshot's statistics already read, as PostgreSQL's
      // catalog caches are warm).
      var prepared: PreparedQuery?
      var times: [Double] = []
      do {
        for _ in 0..<postgresRepetitions {
          let start = DispatchTime.now()
          let made = try planner.prepare(query.sql)
          _ = try planner.plan(made)
          times.append(Self.seconds(since: start) * 1_000)
          prepared = made
        }
      } catch {
        outcome.failures[error.description, default: 0] += 1
        continue
      }
      guard let prepared, let median = Self.median(times) else { continue }
      outcome.augurMilliseconds.append(median)
      var parseTimes: [Double] = []
      var planTimes: [Double] = []
      for _ in 0..<postgresRepetitions {
        var start = DispatchTime.now()
        _ = try? SQLParser.parse(query.sql)
        parseTimes.append(Self.seconds(since: start) * 1_000)
        start = DispatchTime.now()
        _ = try? planner.plan(prepared)
        planTimes.append(Self.seconds(since: start) * 1_000)
      }
      outcome.parseMilliseconds.append(Self.median(parseTimes) ?? 0)
      outcome.planMilliseconds.append(Self.median(planTimes) ?? 0)
      outcome.planned += 1
      // What-if: one different hypothetical index per call.
      let candidates = Self.candidateIndexes(for: query, snapshot: snapshot)
      let whatIfStart = DispatchTime.now()
      var failed = false
      for call in 0..<callsPerQuery {
        let indexes = candidates.isEmpty ? [] : [candidates[call % candidates.count]]
        do {
          _ = try planner.plan(prepared, hypotheticalIndexes: indexes)
        } catch {
          outcome.failures["with a hypothetical index: \(error.description)", default: 0] += 1
          failed = true
          break
        }
      }
      if !failed {
        outcome.whatIfSeconds += Self.seconds(since: whatIfStart)
        outcome.whatIfPlans += callsPerQuery
      }
    }
    return outcome
  }

  /// A B-tree on each column of the query's table that has statistics.
  static func candidateIndexes(for query: ComparedQuery, snapshot: StatsSnapshot) -> [HypotheticalIndex] {
    guard let match = query.sql.range(of: #"FROM [a-z_0-9]+"#, options: .regularExpression),
      let relation = snapshot.relation(named: String(query.sql[match].dropFirst(5)))
    else { return [] }
    return relation.columns.filter { $0.statistics != nil }.compactMap {
      try? HypotheticalIndexSpec.parse("\(relation.name)(\($0.name))", snapshot: snapshot)
    }
  }

  /// The median `Planning Time` of `EXPLAIN (SUMMARY ON)` (the statement is not executed).
  func postgresPlanningTime(_ sql: String, _ connection: PostgresConnection) throws -> Double {
    try Self.postgresPlanningTime(sql, connection, repetitions: postgresRepetitions) ?? 0
  }

  static func postgresPlanningTime(_ sql: String, _ connection: PostgresConnection, repetitions: Int) throws -> Double?
  {
    var times: [Double] = []
    for _ in 0..<repetitions {
      let json = try connection.query("EXPLAIN (SUMMARY ON, FORMAT JSON) " + sql).scalar ?? ""
      guard let range = json.range(of: #""Planning Time": [0-9.]+"#, options: .regularExpression),
        let value = Double(json[range].split(separator: " ").last ?? "")
      else { continue }
      times.append(value)
    }
    return median(times)
  }

  /// Plans the queries of a directory against a snapshot file, over and over, for a profiler
  /// to watch Augur alone (no server involved).
  static func loop(snapshotPath: String, queries directory: String, seconds: Double) throws {
    let snapshot = try StatsSnapshot.load(contentsOf: snapshotPath)
    let planner = Planner(snapshot: snapshot)
    let files = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".sql") }.sorted()
    let texts = try files.map { try String(contentsOfFile: directory + "/" + $0, encoding: .utf8) }
    let start = DispatchTime.now()
    var plans = 0
    while Self.seconds(since: start) < seconds {
      for text in texts {
        if let prepared = try? planner.prepare(text) { _ = try? planner.plan(prepared) }
        plans += 1
      }
    }
    print("planner-loop: \(plans) prepare+plan in \(String(format: "%.1f", Self.seconds(since: start))) s")
  }

  static func median(_ values: [Double]) -> Double? {
    values.isEmpty ? nil : values.sorted()[values.count / 2]
  }

  static func seconds(since start: DispatchTime) -> Double {
    Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
  }

  private func render(_ outcome: Outcome, joins: [JoinPlanningBenchmark.Row]) -> String {
    func format(_ value: Double?, _ decimals: Int = 3) -> String {
      value.map { String(format: "%.\(decimals)f", $0) } ?? "–"
    }
    let throughput = outcome.whatIfSeconds > 0 ? Double(outcome.whatIfPlans) / outcome.whatIfSeconds : nil
    let augurMedian = Self.median(outcome.planMilliseconds)
    let totalMedian = Self.median(outcome.augurMilliseconds)
    let postgresMedian = Self.median(outcome.postgresMilliseconds)
    var lines = [
      "# Planner benchmark", "",
      "Generated by `make bench` (`augur-bench planner`), release build, on this machine. Queries: the "
        + "\(outcome.queries) generated single-table queries (`SingleTableQueryGenerator`) of the ecommerce workload at "
        + "scale \(scale), in a throwaway PostgreSQL 15 cluster.", "",
      "- What-if throughput: each query prepared once, then planned \(callsPerQuery) times on one thread with a "
        + "different hypothetical B-tree per call (`plan(prepared, hypotheticalIndexes:)`).",
      "- Planning time: PostgreSQL's own `Planning Time` (`EXPLAIN (SUMMARY ON)`, median of "
        + "\(postgresRepetitions) per query) times `pg_plan_query` on a query already parsed, analyzed and rewritten; "
        + "Augur's counterpart is `plan` on a prepared query (median of \(postgresRepetitions) per query), each "
        + "planning from scratch (no result reused between calls; only the snapshot's statistics stay read, as "
        + "PostgreSQL's catalog caches stay warm). The median over queries is reported. Augur's parsing and "
        + "analysis, which EXPLAIN does not time, are shown separately.", "",
      "| Measure | Augur | PostgreSQL | Target | Met |", "|---|---:|---:|---:|---|",
      "| Queries planned | \(outcome.planned) of \(outcome.queries) | \(outcome.queries) of \(outcome.queries) | all | "
        + (outcome.planned == outcome.queries ? "yes" : "**no**") + " |",
      "| What-if plans per second (one core) | \(format(throughput, 0)) | – | ≥ 20,000 | "
        + ((throughput ?? 0) >= Self.throughputTarget ? "yes" : "**no**") + " |",
      "| Median planning time (ms) | \(format(augurMedian)) | \(format(postgresMedian)) | Augur ≤ PostgreSQL | "
        + (augurMedian.map { $0 <= (postgresMedian ?? 0) } ?? false ? "yes" : "**no**") + " |",
      "| Median parse + analysis + planning (ms) | \(format(totalMedian)) | not timed by EXPLAIN | | |",
      "| of which parsing (libpg_query and the typed tree) | \(format(Self.median(outcome.parseMilliseconds))) | | | |",
      "",
    ]
    if !outcome.failures.isEmpty {
      lines.append("Queries Augur could not plan (the figures above cover only the others):")
      lines.append("")
      for (reason, count) in outcome.failures.sorted(by: { $0.value > $1.value }) {
        lines.append("- \(count) × \(reason)")
      }
      lines.append("")
    }
    lines += JoinPlanningBenchmark.render(joins)
    lines.append("Reproduce: `make bench` (or `.build/release/augur-bench planner --report Reports/bench-planner.md`).")
    lines.append("")
    return lines.joined(separator: "\n")
  }
}
