import AugurCatalog
import AugurPostgres
import AugurTestSupport
import Foundation
import Testing

/// `augur stats gather` and `augur stats show` end to end, against a throwaway server.
@Suite struct StatsCLITests {
  static func temporaryPath(_ name: String) -> String {
    TestFiles.path(name)
  }

  @Test func gatherWritesASnapshotThatShowReads() throws {
    let database = try SharedTestCluster.database("cli_gather", workload: "ecommerce", scale: 1)
    let cluster = try SharedTestCluster.cluster()
    let output = Self.temporaryPath("stats.json")
    defer { try? FileManager.default.removeItem(atPath: output) }

    let gather = try runAugur(["stats", "gather", "--db", cluster.uri(database: database), "-o", output])
    #expect(gather.status == 0, "\(gather)")
    #expect(gather.stderr.contains("gathered"))
    let snapshot = try StatsSnapshot.load(contentsOf: output)
    #expect(snapshot.relation(schema: "public", name: "orders")?.size.reltuples ?? 0 > 0)

    let show = try runAugur(["stats", "show", output])
    #expect(show.status == 0, "\(show)")
    #expect(show.stdout.contains("public.orders"))
    #expect(show.stdout.contains("server 15."))
  }

  @Test func gatherHonoursLibpqEnvironmentAndWritesToStandardOutput() throws {
    let database = try SharedTestCluster.database("cli_env")
    let cluster = try SharedTestCluster.cluster()
    try cluster.connect(database: database).execute("CREATE TABLE t (id int PRIMARY KEY)")
    let run = try runAugur(
      ["stats", "gather"],
      environment: [
        "PGHOST": "127.0.0.1", "PGPORT": String(cluster.port), "PGUSER": cluster.user, "PGDATABASE": database,
      ])
    #expect(run.status == 0, "\(run)")
    let snapshot = try StatsSnapshot.load(from: run.stdoutData)
    #expect(snapshot.relations.map(\.name) == ["t"])
  }

  @Test func unreachableServerExitsTwoAndWritesNothing() throws {
    let output = Self.temporaryPath("none.json")
    let run = try runAugur([
      "stats", "gather", "--db", "postgresql://nobody@127.0.0.1:1/x?connect_timeout=3", "-o", output,
    ])
    #expect(run.status == 2, "\(run)")
    #expect(run.stderr.contains("cannot connect"))
    #expect(!FileManager.default.fileExists(atPath: output))
  }

  @Test func wrongPasswordExitsTwoWithoutShowingThePassword() throws {
    let cluster = try SharedTestCluster.cluster()
    let role = "cli_password_user"
    try cluster.connect().execute(
      """
      DROP ROLE IF EXISTS \(role);
      CREATE ROLE \(role) LOGIN PASSWORD 'the-right-one' IN ROLE \(TemporaryCluster.passwordRequiredRole)
      """)
    let output = Self.temporaryPath("none.json")
    let run = try runAugur([
      "stats", "gather", "--db", "postgresql://\(role):hunter2-wrong@127.0.0.1:\(cluster.port)/postgres", "-o", output,
    ])
    #expect(run.status == 2, "\(run)")
    #expect(run.stderr.contains("password authentication failed"))
    #expect(!run.stderr.contains("hunter2-wrong") && !run.stdout.contains("hunter2-wrong"))
    #expect(!FileManager.default.fileExists(atPath: output))
  }

  @Test func missingConnectPrivilegeExitsTwo() throws {
    let cluster = try SharedTestCluster.cluster()
    let database = try SharedTestCluster.database("cli_locked")
    try cluster.connect().execute(
      """
      DROP ROLE IF EXISTS cli_outsider; CREATE ROLE cli_outsider LOGIN;
      REVOKE CONNECT ON DATABASE cli_locked FROM PUBLIC;
      """)
    let run = try runAugur([
      "stats", "gather", "--db", "host=127.0.0.1 port=\(cluster.port) user=cli_outsider dbname=\(database)",
    ])
    #expect(run.status == 2, "\(run)")
    #expect(run.stderr.contains("permission denied"))
  }

  @Test func tablesTheUserMayNotReadAreWarningsNotFailures() throws {
    let cluster = try SharedTestCluster.cluster()
    let database = try SharedTestCluster.database("cli_partial")
    try cluster.connect(database: database).execute(
      """
      CREATE TABLE open_table AS SELECT g AS id FROM generate_series(1, 100) g;
      CREATE TABLE secret_table AS SELECT g AS id FROM generate_series(1, 100) g;
      ANALYZE;
      DROP ROLE IF EXISTS cli_reader; CREATE ROLE cli_reader LOGIN;
      GRANT SELECT ON open_table TO cli_reader;
      """)
    let run = try runAugur([
      "stats", "gather", "--db", "host=127.0.0.1 port=\(cluster.port) user=cli_reader dbname=\(database)",
    ])
    #expect(run.status == 0, "\(run)")
    #expect(run.stderr.contains("warning: no column statistics: the user lacks SELECT on public.secret_table"))
  }

  @Test func showRejectsBrokenSnapshotsWithTheirLocation() throws {
    let path = Self.temporaryPath("broken.json")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try Data("{\n  \"formatVersion\": 1,\n  \"relations\": [\n".utf8).write(to: URL(fileURLWithPath: path))
    let truncated = try runAugur(["stats", "show", path])
    #expect(truncated.status == 2, "\(truncated)")
    #expect(truncated.stderr.contains("\(path):4:1: not valid JSON"))

    try Data(#"{"formatVersion": 99}"#.utf8).write(to: URL(fileURLWithPath: path))
    let newer = try runAugur(["stats", "show", path])
    #expect(newer.status == 2 && newer.stderr.contains("format version 99 is not supported"), "\(newer)")

    let missing = try runAugur(["stats", "show", path + ".missing"])
    #expect(missing.status == 2 && missing.stderr.contains("cannot read"), "\(missing)")
  }

  @Test func fromDDLBuildsASnapshotWithRowHints() throws {
    let output = Self.temporaryPath("ddl.json")
    defer { try? FileManager.default.removeItem(atPath: output) }
    let run = try runAugur([
      "stats", "from-ddl", corpusPath("ecommerce/schema.sql"), "--rows", "orders=1000000", "-o", output,
    ])
    #expect(run.status == 0, "\(run)")
    let snapshot = try StatsSnapshot.load(contentsOf: output)
    #expect(snapshot.source.kind == .ddl)
    let orders = try #require(snapshot.relation(schema: "public", name: "orders"))
    #expect(orders.size.reltuples == 1_000_000 && orders.size.relpages > 0)
    #expect(snapshot.relation(schema: "public", name: "users")?.size.reltuples == -1)
  }

  @Test func fromDDLErrorsExitTwoWithTheirLocationAndWriteNothing() throws {
    let ddl = Self.temporaryPath("bad.sql")
    let output = Self.temporaryPath("none.json")
    defer { try? FileManager.default.removeItem(atPath: ddl) }
    try Data("CREATE TABLE a (id int PRIMARY KEY);\n\nALTER TABLE missing ADD COLUMN x int;\n".utf8)
      .write(to: URL(fileURLWithPath: ddl))
    let run = try runAugur(["stats", "from-ddl", ddl, "-o", output])
    #expect(run.status == 2, "\(run)")
    #expect(run.stderr.contains("\(ddl):3:1:"), "\(run)")
    #expect(run.stderr.contains("missing"))
    #expect(!FileManager.default.fileExists(atPath: output))

    try Data("CREATE TABLE a (id int PRIMARY KEY,);\n".utf8).write(to: URL(fileURLWithPath: ddl))
    let syntax = try runAugur(["stats", "from-ddl", ddl, "-o", output])
    #expect(syntax.status == 2 && syntax.stderr.contains("\(ddl):1:"), "\(syntax)")
    #expect(!FileManager.default.fileExists(atPath: output))

    let hint = try runAugur(["stats", "from-ddl", corpusPath("ecommerce/schema.sql"), "--rows", "orders=lots"])
    #expect(hint.status == 2 && hint.stderr.contains("--rows orders=lots"), "\(hint)")
  }
}

/// `augur explain` end to end on the EXPLAIN corpus.
@Suite struct ExplainCLITests {
  @Test func explainPrintsSelfTimesAndFindings() throws {
    let run = try runAugur(["explain", corpusPath("explain/plans/17_sort_external_merge.json")])
    #expect(run.status == 0, "\(run)")
    #expect(run.stdout.contains("self "))
    #expect(run.stdout.contains("[warning] sort-spill"))
    #expect(run.stdout.contains("work_mem"))
  }

  @Test func textAndPsqlWrappedPlansReadLikeJSON() throws {
    let json = try runAugur(["explain", corpusPath("explain/plans/18_hash_join_batches.json")])
    let text = try runAugur(["explain", corpusPath("explain/plans/18_hash_join_batches.txt")])
    let psql = try runAugur(["explain", corpusPath("explain/plans/variants/18_hash_join_batches.psql.txt")])
    #expect(json.status == 0 && text.status == 0 && psql.status == 0, "\(json)\n\(text)\n\(psql)")
    #expect(text.stdout == json.stdout)
    #expect(psql.stdout.contains("[warning] hash-batches"))
    let wrappedJSON = try runAugur([
      "explain", corpusPath("explain/plans/variants/07_parallel_hash_join.psql-json.txt"),
    ])
    #expect(wrappedJSON.status == 0, "\(wrappedJSON)")
    #expect(wrappedJSON.stdout.contains("Hash Join"))
  }

  @Test func diffReportsWhatChangedBetweenTwoPlans() throws {
    let same = try runAugur([
      "explain", "diff", corpusPath("explain/plans/18_hash_join_batches.json"),
      corpusPath("explain/plans/18_hash_join_batches.txt"),
    ])
    #expect(same.status == 0, "\(same)")
    #expect(same.stdout.contains("Same plan shape.") && same.stdout.contains("No node changed."))
    let different = try runAugur([
      "explain", "diff", corpusPath("explain/plans/35_limit_over_full_sort.json"),
      corpusPath("explain/plans/18_hash_join_batches.json"),
    ])
    #expect(different.status == 0, "\(different)")
    #expect(different.stdout.contains("The plan shape changed."))
    #expect(different.stdout.contains("\n+ ") && different.stdout.contains("\n- "))
    let missing = try runAugur([
      "explain", "diff", corpusPath("explain/plans/18_hash_join_batches.json"), "/nonexistent",
    ])
    #expect(missing.status == 2, "\(missing)")
  }

  @Test func markdownAndColourOptions() throws {
    let plan = corpusPath("explain/plans/19_hashagg_spill.json")
    let markdown = try runAugur(["explain", "--format", "markdown", plan])
    #expect(markdown.status == 0 && markdown.stdout.contains("| Node |") && markdown.stdout.contains("`hashagg-spill`"))
    let piped = try runAugur(["explain", plan])
    #expect(!piped.stdout.contains("\u{1B}["), "no colour when output is not a terminal")
    let always = try runAugur(["explain", "--color", "always", plan])
    #expect(always.stdout.contains("\u{1B}["))
  }

  @Test func yamlAndXMLPlansAreRecognizedAndRead() throws {
    for format in ["yaml", "xml"] {
      let run = try runAugur(["explain", corpusPath("explain/plans/yaml-xml/hash_batches.\(format)")])
      #expect(run.status == 0, "\(format): \(run)")
      #expect(run.stdout.contains("[warning] hash-batches"), "\(format)")
    }
  }

  @Test func failOnTurnsFindingsIntoExitOne() throws {
    let spill = try runAugur([
      "explain", "--fail-on", "warning", corpusPath("explain/plans/17_sort_external_merge.json"),
    ])
    #expect(spill.status == 1, "\(spill)")
    let healthy = try runAugur(["explain", "--fail-on", "warning", corpusPath("explain/plans/01_pk_lookup.json")])
    #expect(healthy.status == 0, "\(healthy)")
  }

  @Test func jsonOutputCarriesMetricsAndFindings() throws {
    let run = try runAugur(["explain", "--format", "json", corpusPath("explain/plans/20_bitmap_heap_scan_lossy.json")])
    #expect(run.status == 0, "\(run)")
    let object = try #require(try JSONSerialization.jsonObject(with: run.stdoutData) as? [String: Any])
    let findings = try #require(object["findings"] as? [[String: Any]])
    #expect(findings.contains { $0["id"] as? String == "lossy-bitmap" })
    #expect((object["metrics"] as? [Any])?.isEmpty == false)
  }

  @Test func badPlansExitTwoWithTheirLocation() throws {
    let truncated = try runAugur(["explain", corpusPath("explain/bad/truncated_plan.json")])
    #expect(truncated.status == 2, "\(truncated)")
    #expect(truncated.stderr.contains("truncated_plan.json:"))
    let notPlan = try runAugur(["explain", corpusPath("explain/bad/not_a_plan.json")])
    #expect(notPlan.status == 2 && notPlan.stderr.contains("not an EXPLAIN plan"), "\(notPlan)")
    let garbage = try runAugur(["explain", corpusPath("explain/bad/garbage.bin")])
    #expect(garbage.status == 2 && garbage.reason == .exit, "\(garbage)")
  }
}

/// `augur explain --db`: EXPLAIN run by Augur itself, safely, against a throwaway server.
@Suite struct ExplainDatabaseCLITests {
  static func query(_ sql: String) throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("augur-q-\(UUID().uuidString).sql").path
    try Data(sql.utf8).write(to: URL(fileURLWithPath: path))
    return path
  }

  @Test func analyzeRunsTheQueryAndReportsFindings() throws {
    let database = try SharedTestCluster.database("cli_explain_db")
    let cluster = try SharedTestCluster.cluster()
    try cluster.connect(database: database).execute(
      "CREATE TABLE t AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 50000) g; ANALYZE t")
    let path = try Self.query("SELECT * FROM t ORDER BY v")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let run = try runAugur([
      "explain", "--db", cluster.uri(database: database), "--analyze", "--set", "work_mem=64kB", path,
    ])
    #expect(run.status == 0, "\(run)")
    #expect(run.stdout.contains("[warning] sort-spill"))
    #expect(run.stdout.contains("self "))
  }

  @Test func writesAreRefusedUnlessAllowedAndThenRolledBack() throws {
    let database = try SharedTestCluster.database("cli_explain_writes")
    let cluster = try SharedTestCluster.cluster()
    let connection = try cluster.connect(database: database)
    try connection.execute("CREATE TABLE t AS SELECT g AS id FROM generate_series(1, 100) g")
    let path = try Self.query("DELETE FROM t")
    defer { try? FileManager.default.removeItem(atPath: path) }
    let refused = try runAugur(["explain", "--db", cluster.uri(database: database), "--analyze", path])
    #expect(refused.status == 2, "\(refused)")
    #expect(refused.stderr.contains("--allow-writes") || refused.stderr.lowercased().contains("writ"), "\(refused)")
    let allowed = try runAugur([
      "explain", "--db", cluster.uri(database: database), "--analyze", "--allow-writes", path,
    ])
    #expect(allowed.status == 0, "\(allowed)")
    #expect(allowed.stdout.contains("ModifyTable"))
    #expect(try connection.query("SELECT count(*) FROM t").scalar == "100")
  }
}
