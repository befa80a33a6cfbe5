import AugurPostgres
import AugurTestSupport
import Foundation
import Testing

/// The safe EXPLAIN runner against a real throwaway server.
@Suite(.serialized) struct ExplainRunnerTests {
  /// One database for the suite, with a small table.
  static let database: Result<String, any Error> = Result {
    let name = try SharedTestCluster.database("explain_runner")
    let connection = try SharedTestCluster.cluster().connect(database: name)
    try connection.execute(
      """
      CREATE TABLE items (id int PRIMARY KEY, name text NOT NULL, price numeric NOT NULL);
      INSERT INTO items SELECT g, 'item ' || g, g * 1.5 FROM generate_series(1, 2000) g;
      ANALYZE items;
      """)
    return name
  }

  func runner() throws -> (ExplainRunner, PostgresConnection) {
    let connection = try SharedTestCluster.cluster().connect(database: try Self.database.get())
    return (ExplainRunner(connection: connection), connection)
  }

  func error(_ body: () throws(ExplainRunnerError) -> String) -> ExplainRunnerError? {
    do {
      let json = try body()
      Issue.record("expected an error, got a plan: \(json.prefix(200))")
      return nil
    } catch {
      return error
    }
  }

  @Test func explainRunnerAnalyzeReturnsActualRows() throws {
    let (runner, _) = try runner()
    let json = try runner.explain("SELECT * FROM items WHERE id < 10;", options: .init(analyze: true))
    #expect(json.contains("\"Actual Rows\""))
    #expect(json.contains("\"Shared Hit Blocks\""))  // BUFFERS
    #expect(json.hasPrefix("["))
  }

  @Test func explainRunnerWithoutAnalyzeHasNoActualRows() throws {
    let (runner, _) = try runner()
    let json = try runner.explain("SELECT count(*) FROM items -- trailing comment", options: .init())
    #expect(json.contains("\"Plan\""))
    #expect(!json.contains("Actual Rows"))
  }

  @Test func explainRunnerRefusesUpdateWithoutAllowWrites() throws {
    let (runner, _) = try runner()
    let failure = error { () throws(ExplainRunnerError) in
      try runner.explain("UPDATE items SET price = 0", options: .init(analyze: true))
    }
    #expect(failure?.kind == .refusedWrite)
  }

  @Test func explainRunnerUpdateWithAllowWritesIsRolledBack() throws {
    let (runner, connection) = try runner()
    let before = try connection.query("SELECT sum(price)::text, count(*) FROM items").rows
    let json = try runner.explain(
      "UPDATE items SET price = 0 WHERE id <= 100", options: .init(analyze: true, allowWrites: true))
    #expect(json.contains("\"ModifyTable\""))
    #expect(json.contains("\"Actual Rows\""))
    let after = try connection.query("SELECT sum(price)::text, count(*) FROM items").rows
    #expect(before == after)
    #expect(try connection.query("SELECT count(*) FROM items WHERE price = 0").scalar == "0")
  }

  @Test func explainRunnerRefusesDataModifyingCTEAndLocking() throws {
    let (runner, _) = try runner()
    let cte = error { () throws(ExplainRunnerError) in
      try runner.explain(
        "WITH d AS (DELETE FROM items WHERE id = 1 RETURNING *) SELECT * FROM d", options: .init())
    }
    #expect(cte?.kind == .refusedWrite)
    let locking = error { () throws(ExplainRunnerError) in
      try runner.explain("SELECT * FROM items FOR UPDATE", options: .init())
    }
    #expect(locking?.kind == .refusedWrite)
    let into = error { () throws(ExplainRunnerError) in
      try runner.explain("SELECT * INTO copy_of_items FROM items", options: .init(allowWrites: false))
    }
    #expect(into?.kind == .refusedWrite)
  }

  @Test func explainRunnerRefusesTwoStatements() throws {
    let (runner, _) = try runner()
    let failure = error { () throws(ExplainRunnerError) in
      try runner.explain("SELECT 1; SELECT 2", options: .init())
    }
    #expect(failure?.kind == .notOneStatement)
    #expect(failure?.message.contains("2") == true)
    let empty = error { () throws(ExplainRunnerError) in
      try runner.explain("  -- nothing\n", options: .init())
    }
    #expect(empty?.kind == .notOneStatement)
  }

  @Test func explainRunnerRefusesUtilityStatementsEvenWithAllowWrites() throws {
    let (runner, connection) = try runner()
    for sql in [
      "CREATE TABLE t_from_runner (id int)", "DROP TABLE items", "ALTER TABLE items ADD COLUMN x int",
      "VACUUM items", "SET work_mem = '1MB'", "BEGIN", "CREATE TABLE t_from_runner AS SELECT 1",
    ] {
      let failure = error { () throws(ExplainRunnerError) in
        try runner.explain(sql, options: .init(analyze: true, allowWrites: true))
      }
      #expect(failure?.kind == .refusedWrite, "\(sql)")
    }
    #expect(try connection.query("SELECT to_regclass('t_from_runner') IS NULL").scalar == "t")
    #expect(try connection.query("SELECT count(*) FROM items").scalar == "2000")
  }

  @Test func explainRunnerRefusesExplain() throws {
    let (runner, _) = try runner()
    let failure = error { () throws(ExplainRunnerError) in
      try runner.explain("EXPLAIN ANALYZE SELECT 1", options: .init())
    }
    #expect(failure?.kind == .notOneStatement)
    #expect(failure?.message.contains("EXPLAIN") == true)
  }

  @Test func explainRunnerSyntaxErrorHasLineAndColumn() throws {
    let (runner, _) = try runner()
    let failure = error { () throws(ExplainRunnerError) in
      try runner.explain("SELECT *\nFROM items WHERE", options: .init())
    }
    #expect(failure?.kind == .syntax)
    #expect(failure?.message.hasPrefix("2:") == true, "\(failure?.message ?? "")")
  }

  @Test func explainRunnerStatementTimeout() throws {
    let (runner, connection) = try runner()
    let start = Date()
    let failure = error { () throws(ExplainRunnerError) in
      try runner.explain("SELECT pg_sleep(5)", options: .init(analyze: true, statementTimeoutMilliseconds: 200))
    }
    #expect(failure?.kind == .timeout)
    #expect(failure?.message.contains("200 ms") == true)
    #expect(failure?.postgresError?.sqlState == "57014")
    #expect(Date().timeIntervalSince(start) < 4)
    // The connection is usable afterwards and the timeout did not leak.
    #expect(try connection.query("SHOW statement_timeout").scalar == "0")
  }

  @Test func explainRunnerParametersWithValues() throws {
    let (runner, connection) = try runner()
    let json = try runner.explain(
      "SELECT * FROM items WHERE name = $1 AND price > $2", options: .init(parameters: ["it'em 7", "3.5"]))
    #expect(json.contains("it''em 7"), "\(json)")
    #expect(json.contains("3.5"))
    #expect(!json.contains("$1"))
    // The prepared statement does not outlive the call.
    #expect(try connection.query("SELECT count(*) FROM pg_prepared_statements").scalar == "0")
    // With ANALYZE too, and NULL values.
    let analyzed = try runner.explain(
      "SELECT * FROM items WHERE id = $1 OR name = $2", options: .init(analyze: true, parameters: ["7", nil]))
    #expect(analyzed.contains("\"Actual Rows\": 1"))
  }

  @Test func explainRunnerMissingParametersGiveGenericPlan() throws {
    let (runner, connection) = try runner()
    let json = try runner.explain("SELECT * FROM items WHERE id = $1 AND name <> $2", options: .init())
    #expect(json.contains("$1"))
    #expect(json.contains("$2"))
    #expect(try connection.query("SELECT count(*) FROM pg_prepared_statements").scalar == "0")
    #expect(try connection.query("SHOW plan_cache_mode").scalar == "auto")
  }

  @Test func explainRunnerMissingParametersWithAnalyze() throws {
    let (runner, _) = try runner()
    let failure = error { () throws(ExplainRunnerError) in
      try runner.explain("SELECT * FROM items WHERE id = $1 AND name = $3", options: .init(analyze: true))
    }
    #expect(failure?.kind == .missingParameters)
    #expect(failure?.message.contains("3") == true)
    let partial = error { () throws(ExplainRunnerError) in
      try runner.explain("SELECT * FROM items WHERE id = $1 AND name = $2", options: .init(parameters: ["1"]))
    }
    #expect(partial?.kind == .missingParameters)
  }

  @Test func explainRunnerSettingsApplyAndDoNotLeak() throws {
    let (runner, connection) = try runner()
    let defaultWorkMem = try connection.query("SHOW work_mem").scalar
    let json = try runner.explain(
      "SELECT * FROM items ORDER BY name",
      options: .init(analyze: true, settings: ["work_mem": "'64kB'"], showSettings: true))
    #expect(json.contains("\"work_mem\": \"64kB\""), "\(json)")
    #expect(json.contains("external merge"))
    #expect(try connection.query("SHOW work_mem").scalar == defaultWorkMem)
    let reserved = error { () throws(ExplainRunnerError) in
      try runner.explain("SELECT 1", options: .init(settings: ["statement_timeout": "0"]))
    }
    #expect(reserved?.kind == .invalidOption)
    let injected = error { () throws(ExplainRunnerError) in
      try runner.explain("SELECT 1", options: .init(settings: ["work_mem = 1; DROP TABLE items; --": "1"]))
    }
    #expect(injected?.kind == .invalidOption)
  }

  @Test func explainRunnerServerErrorsAndReadOnly() throws {
    let (runner, connection) = try runner()
    let missing = error { () throws(ExplainRunnerError) in
      try runner.explain("SELECT * FROM no_such_table", options: .init())
    }
    #expect(missing?.kind == .server)
    #expect(missing?.postgresError?.sqlState == "42P01")
    // A function that writes is not caught by syntax, but the read-only transaction stops it.
    try connection.execute(
      "CREATE OR REPLACE FUNCTION zap() RETURNS int LANGUAGE sql AS 'DELETE FROM items RETURNING 1'")
    let readOnly = error { () throws(ExplainRunnerError) in
      try runner.explain("SELECT zap()", options: .init(analyze: true))
    }
    #expect(readOnly?.postgresError?.sqlState == "25006")
    #expect(try connection.query("SELECT count(*) FROM items").scalar == "2000")
  }
}
