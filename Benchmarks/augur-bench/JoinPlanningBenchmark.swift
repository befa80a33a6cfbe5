import AugurCompare
import AugurPlanner
import AugurPostgres
import Dispatch
import Foundation

/// Planning time of 12-table joins, a star (a fact table and eleven dimensions) and a chain
/// (each table joined to the next), against PostgreSQL's own planning time for the same queries
/// in the same cluster and run. Each query is timed with PostgreSQL's default collapse limits
/// (the join list split into sub-problems of at most 8) and with the whole 12-way problem
/// searched exhaustively (`join_collapse_limit = 12`, `geqo = off`), the worst case of the
/// dynamic programming.
struct JoinPlanningBenchmark {
  static let target = 200.0
  let repetitions = 5

  struct Row {
    var name: String
    var settings: String
    var augurMilliseconds: Double?
    var postgresMilliseconds: Double?
    var failure: String?
  }

  func run(cluster: TemporaryCluster) throws -> [Row] {
    try cluster.createDatabase("joins")
    let script = FileManager.default.temporaryDirectory.appendingPathComponent("augur-bench-joins.sql")
    try JoinWorkload.schemaSQL.write(to: script, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: script) }
    try cluster.runScript(script.path, database: "joins")
    let connection = try cluster.connect(database: "joins")
    let snapshot = try CompareRunner.gatherSnapshot(connection)
    let variants: [(String, [String: String])] = [
      ("defaults", [:]),
      ("exhaustive", ["join_collapse_limit": "12", "from_collapse_limit": "12", "geqo": "off"]),
    ]
    var rows: [Row] = []
    for (query, name) in [(JoinWorkload.starQuery, "12-table star"), (JoinWorkload.chainQuery, "12-table chain")] {
      for (variant, settings) in variants {
        var row = Row(name: name, settings: variant)
        let planner = Planner(snapshot: snapshot, options: PlannerOptions(settings: settings))
        do {
          var times: [Double] = []
          for _ in 0..<repetitions {
            let start = DispatchTime.now()
            _ = try planner.plan(try planner.prepare(query))
            times.append(PlannerBenchmark.seconds(since: start) * 1_000)
          }
          row.augurMilliseconds = PlannerBenchmark.median(times)
        } catch {
          row.failure = error.description
        }
        for (setting, value) in settings { _ = try connection.execute("SET \(setting) = \(value)") }
        row.postgresMilliseconds = try PlannerBenchmark.postgresPlanningTime(
          query, connection, repetitions: repetitions)
        _ = try connection.execute("RESET ALL")
        rows.append(row)
      }
    }
    return rows
  }

  static func render(_ rows: [Row]) -> [String] {
    func format(_ value: Double?) -> String { value.map { String(format: "%.2f", $0) } ?? "–" }
    var lines = [
      "## Join planning", "",
      "12-table joins in explicit JOIN syntax: a star (`star_fact` and eleven dimension tables, two of them "
        + "filtered) and a chain (each table joined to the next on an indexed foreign key), in a database of the "
        + "same throwaway cluster. Median of 5 plans (parse, analysis and planning) against the median of 5 "
        + "PostgreSQL `Planning Time`s. \"defaults\": `join_collapse_limit` 8 splits the join list; "
        + "\"exhaustive\": `join_collapse_limit` 12 and `geqo` off search all 12 relations at once.", "",
      "| Query | Settings | Augur (ms) | PostgreSQL (ms) | Target | Met |", "|---|---|---:|---:|---:|---|",
    ]
    for row in rows {
      let met = row.augurMilliseconds.map { $0 < target } ?? false
      lines.append(
        "| \(row.name) | \(row.settings) | \(row.failure.map { "not planned: \($0)" } ?? format(row.augurMilliseconds)) "
          + "| \(format(row.postgresMilliseconds)) | < \(Int(target)) ms | \(met ? "yes" : "**no**") |")
    }
    lines.append("")
    return lines
  }
}
