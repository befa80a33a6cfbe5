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
  static let tables = 12
  static let target = 200.0
  let repetitions = 5

  struct Row {
    var name: String
    var settings: String
    var augurMilliseconds: Double?
    var postgresMilliseconds: Double?
    var failure: String?
  }

  /// The star and chain schemas with data, analyzed.
  static var schemaSQL: String {
    var lines: [String] = []
    for dimension in 1..<tables {
      lines.append("CREATE TABLE star_d\(dimension) (id int PRIMARY KEY, name text NOT NULL, category int NOT NULL);")
      lines.append(
        "INSERT INTO star_d\(dimension) SELECT g, 'name ' || g, g % \(dimension + 4) "
          + "FROM generate_series(1, \(100 * dimension)) g;")
    }
    let keys = (1..<tables).map { "d\($0)_id int NOT NULL REFERENCES star_d\($0)(id)" }.joined(separator: ", ")
    lines.append("CREATE TABLE star_fact (id bigserial PRIMARY KEY, \(keys), amount numeric NOT NULL);")
    let columns = (1..<tables).map { "d\($0)_id" }.joined(separator: ", ")
    let values = (1..<tables).map { "1 + (g * \(7 * $0 + 3)) % \(100 * $0)" }.joined(separator: ", ")
    lines.append(
      "INSERT INTO star_fact (\(columns), amount) SELECT \(values), (g % 1000) / 10.0 FROM generate_series(1, 50000) g;"
    )
    for dimension in 1..<tables { lines.append("CREATE INDEX ON star_fact (d\(dimension)_id);") }
    for table in 1...tables {
      if table == 1 {
        lines.append("CREATE TABLE chain_t1 (id int PRIMARY KEY, label text NOT NULL);")
        lines.append("INSERT INTO chain_t1 SELECT g, 'label ' || g FROM generate_series(1, 1000) g;")
      } else {
        lines.append(
          "CREATE TABLE chain_t\(table) (id int PRIMARY KEY, prev_id int NOT NULL REFERENCES chain_t\(table - 1)(id), "
            + "label text NOT NULL);")
        lines.append(
          "INSERT INTO chain_t\(table) SELECT g, 1 + (g * 13) % \(1000 * (table - 1)), 'label ' || g "
            + "FROM generate_series(1, \(1000 * table)) g;")
        lines.append("CREATE INDEX ON chain_t\(table) (prev_id);")
      }
    }
    lines.append("ANALYZE;")
    return lines.joined(separator: "\n") + "\n"
  }

  static var starQuery: String {
    "SELECT count(*), sum(f.amount) FROM star_fact f "
      + (1..<tables).map { "JOIN star_d\($0) d\($0) ON d\($0).id = f.d\($0)_id" }.joined(separator: " ")
      + " WHERE d1.category = 1 AND d2.category = 2"
  }

  static var chainQuery: String {
    "SELECT t1.label, t\(tables).label FROM chain_t1 t1 "
      + (2...tables).map { "JOIN chain_t\($0) t\($0) ON t\($0).prev_id = t\($0 - 1).id" }.joined(separator: " ")
      + " WHERE t1.id < 50"
  }

  func run(cluster: TemporaryCluster) throws -> [Row] {
    try cluster.createDatabase("joins")
    let script = FileManager.default.temporaryDirectory.appendingPathComponent("augur-bench-joins.sql")
    try Self.schemaSQL.write(to: script, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: script) }
    try cluster.runScript(script.path, database: "joins")
    let connection = try cluster.connect(database: "joins")
    let snapshot = try CompareRunner.gatherSnapshot(connection)
    let variants: [(String, [String: String])] = [
      ("defaults", [:]),
      ("exhaustive", ["join_collapse_limit": "12", "from_collapse_limit": "12", "geqo": "off"]),
    ]
    var rows: [Row] = []
    for (query, name) in [(Self.starQuery, "12-table star"), (Self.chainQuery, "12-table chain")] {
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
        row.postgresMilliseconds = try postgresPlanningTime(query, connection)
        _ = try connection.execute("RESET ALL")
        rows.append(row)
      }
    }
    return rows
  }

  func postgresPlanningTime(_ sql: String, _ connection: PostgresConnection) throws -> Double? {
    var times: [Double] = []
    for _ in 0..<repetitions {
      let json = try connection.query("EXPLAIN (SUMMARY ON, FORMAT JSON) " + sql).scalar ?? ""
      guard let range = json.range(of: #""Planning Time": [0-9.]+"#, options: .regularExpression),
        let value = Double(json[range].split(separator: " ").last ?? "")
      else { continue }
      times.append(value)
    }
    return PlannerBenchmark.median(times)
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
