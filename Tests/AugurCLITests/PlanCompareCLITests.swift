import AugurSQL
import AugurTestSupport
import Foundation
import Testing

/// `augur plan` and `augur compare` end to end.
@Suite struct PlanCompareCLITests {
  static func temporaryPath(_ name: String) -> String {
    TestFiles.path(name)
  }

  /// A snapshot of the ecommerce schema built offline, and a query file.
  static func snapshotAndQuery(_ sql: String) throws -> (stats: String, query: String) {
    let stats = temporaryPath("stats.json")
    let built = try runAugur(["stats", "from-ddl", corpusPath("ecommerce/schema.sql"), "-o", stats])
    #expect(built.status == 0, "\(built)")
    let query = temporaryPath("query.sql")
    try Data(sql.utf8).write(to: URL(fileURLWithPath: query))
    return (stats, query)
  }

  @Test func planRejectsAMissingSnapshotWithExitTwo() throws {
    let run = try runAugur(["plan", corpusPath("demo/checkout.sql"), "--stats", "/nonexistent/stats.json"])
    #expect(run.exited && run.status == 2, "\(run)")
    #expect(run.stderr.hasPrefix("augur: error: ") && run.stderr.contains("/nonexistent/stats.json"))
  }

  @Test func planLocatesAnUnknownTableOrColumnInAHypotheticalIndex() throws {
    let (stats, query) = try Self.snapshotAndQuery("SELECT * FROM orders WHERE user_id = 42")
    let table = try runAugur(["plan", query, "--stats", stats, "--hypothetical-index", "ordrs(user_id)"])
    #expect(table.status == 2, "\(table)")
    #expect(table.stderr.contains("1:1: relation \"ordrs\" does not exist"), "\(table)")
    #expect(table.stderr.contains("^"), "an excerpt with a caret")
    let column = try runAugur(["plan", query, "--stats", stats, "--hypothetical-index", "orders(user_id, creatd_at)"])
    #expect(column.status == 2, "\(column)")
    #expect(column.stderr.contains("1:17: column \"creatd_at\" of relation \"orders\" does not exist"), "\(column)")
    let setting = try runAugur(["plan", query, "--stats", stats, "--set", "work_mem"])
    #expect(setting.status == 2 && setting.stderr.contains("expected name=value"), "\(setting)")
  }

  /// Until the planner supports a query, `plan` says so and exits 1; once it does, the output is
  /// EXPLAIN (FORMAT JSON)'s shape. Either way, never a crash or an exit 2.
  @Test func planPrintsExplainJSONOrSaysWhatIsNotSupported() throws {
    let (stats, query) = try Self.snapshotAndQuery("SELECT * FROM orders WHERE user_id = 42")
    let run = try runAugur([
      "plan", query, "--stats", stats, "--format", "json", "--hypothetical-index", "orders(status, created_at)",
    ])
    #expect(run.exited, "\(run)")
    if run.status == 1 {
      #expect(run.stderr.contains("not supported: ") && run.stderr.contains("Augur cannot plan this query yet"))
      #expect(run.stdout.isEmpty)
    } else {
      #expect(run.status == 0, "\(run)")
      let document = try JSONValue.parse(Array(run.stdoutData))
      guard case .array(let items) = document, items.count == 1, case .object(let members) = items[0],
        case .object(let plan)? = members.first(where: { $0.key == "Plan" })?.value
      else {
        Issue.record("not EXPLAIN (FORMAT JSON)'s shape: \(run.stdout.prefix(500))")
        return
      }
      #expect(Array(plan.prefix(3).map(\.key)) == ["Node Type", "Parallel Aware", "Async Capable"])
      #expect(plan.contains { $0.key == "Total Cost" } && plan.contains { $0.key == "Plan Rows" })
    }
  }

  @Test func compareWritesTheReportsAndExitsZero() throws {
    let database = try SharedTestCluster.database("cli_compare", workload: "ecommerce", scale: 1)
    let cluster = try SharedTestCluster.cluster()
    let queries = Self.temporaryPath("queries")
    try FileManager.default.createDirectory(atPath: queries, withIntermediateDirectories: true)
    try Data("-- case: eq-mcv\nSELECT * FROM orders WHERE status = 'paid';\n".utf8)
      .write(to: URL(fileURLWithPath: queries + "/01_status.sql"))
    try Data("SELECT * FROM products WHERE price < 20;\n".utf8).write(
      to: URL(fileURLWithPath: queries + "/02_price.sql"))
    // A query Augur refuses (INTERSECT) is listed with its reason, normalized.
    try Data(
      "SELECT id FROM orders WHERE status = 'paid' INTERSECT SELECT id FROM orders WHERE status = 'shipped';\n".utf8
    ).write(to: URL(fileURLWithPath: queries + "/03_intersect.sql"))
    let report = Self.temporaryPath("accuracy.md")
    let json = Self.temporaryPath("accuracy.json")
    defer {
      for path in [queries, report, json] { try? FileManager.default.removeItem(atPath: path) }
    }
    let run = try runAugur([
      "compare", "--db", cluster.uri(database: database), "--queries", queries, "--report", report, "--json", json,
      "--hypothetical",
    ])
    #expect(run.status == 0, "\(run)")
    #expect(run.stderr.contains("compared 3 queries"))
    let markdown = try String(contentsOfFile: report, encoding: .utf8)
    #expect(markdown.contains("| Root row estimate within 1% |"))
    #expect(markdown.contains("03_intersect") && markdown.contains("not supported: INTERSECT/EXCEPT"))
    #expect(markdown.contains("status = $1"), "normalized queries")
    #expect(!markdown.contains("'paid'"))
    #expect(FileManager.default.fileExists(atPath: json))

    let generated = Self.temporaryPath("generated")
    defer { try? FileManager.default.removeItem(atPath: generated) }
    let generate = try runAugur([
      "compare", "--db", cluster.uri(database: database), "--generate-single-table", generated, "--no-analyze",
    ])
    #expect(generate.status == 0, "\(generate)")
    #expect(try FileManager.default.contentsOfDirectory(atPath: generated).count >= 100)
  }

  @Test func compareRejectsBadInputWithExitTwo() throws {
    let missing = try runAugur(["compare", "--db", "host=127.0.0.1 port=1 connect_timeout=2", "--queries", "/tmp"])
    #expect(missing.status == 2 && missing.stderr.contains("cannot connect"), "\(missing)")
    let both = try runAugur(["compare", "--queries", "a", "--generate-single-table", "b"])
    #expect(both.status == 2, "\(both)")
    let database = try SharedTestCluster.database("cli_compare_bad", workload: nil)
    let cluster = try SharedTestCluster.cluster()
    let noFolder = try runAugur(["compare", "--db", cluster.uri(database: database), "--queries", "/nonexistent/q"])
    #expect(noFolder.status == 2 && noFolder.stderr.contains("/nonexistent/q: no such folder"), "\(noFolder)")
  }
}
