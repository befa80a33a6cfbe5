import AugurPostgres
import AugurTestSupport
import Foundation
import Testing

/// The libpq client against a real throwaway server.
@Suite struct ConnectionTests {
  @Test func queriesWithParametersReturnTextRows() throws {
    let connection = try SharedTestCluster.cluster().connect()
    let result = try connection.query("SELECT $1::int + 1 AS n, $2::text AS t, NULL AS z", ["41", "héllo"])
    #expect(result.columnNames == ["n", "t", "z"])
    #expect(result.rows == [["42", "héllo", nil]])
    #expect(result.value(0, "t") == "héllo")
    #expect(connection.serverVersionNumber / 10_000 == 15)
  }

  @Test func typedAccessorsReadPostgresTextOutput() throws {
    let connection = try SharedTestCluster.cluster().connect()
    let result = try connection.query(
      "SELECT 9007199254740993::int8 AS big, 2.5::float8 AS f, 'Infinity'::float8 AS inf, true AS yes, false AS no, "
        + "NULL::int AS missing, 1.25::numeric AS n")
    #expect(result.int(0, "big") == 9_007_199_254_740_993)
    #expect(result.double(0, "f") == 2.5)
    #expect(result.double(0, "inf") == .infinity)
    #expect(result.bool(0, "yes") == true && result.bool(0, "no") == false)
    #expect(result.int(0, "missing") == nil)
    #expect(result.double(0, "n") == 1.25)
  }

  @Test func serverErrorsCarrySQLStateDetailAndHint() throws {
    let connection = try SharedTestCluster.cluster().connect()
    #expect {
      try connection.query("SELECT * FROM no_such_table")
    } throws: { error in
      guard let error = error as? PostgresError else { return false }
      return error.kind == .query && error.sqlState == "42P01" && error.message.contains("no_such_table")
    }
    #expect {
      try connection.execute("CREATE TEMP TABLE u (id int UNIQUE); INSERT INTO u VALUES (1), (1)")
    } throws: { error in
      guard let error = error as? PostgresError else { return false }
      return error.sqlState == "23505" && error.detail == "Key (id)=(1) already exists." && error.severity == "ERROR"
    }
    #expect {
      try connection.execute("SELECT lenght('x')")
    } throws: { error in
      (error as? PostgresError)?.hint?.contains("No function matches") == true
    }
    // The connection is still usable after an error.
    #expect(try connection.query("SELECT 1").scalar == "1")
  }

  @Test func uriConnectionStringsWork() throws {
    let cluster = try SharedTestCluster.cluster()
    let connection = try PostgresConnection(cluster.uri())
    #expect(try connection.query("SELECT current_user").scalar == cluster.user)
    #expect(connection.displayName.contains("127.0.0.1"))
  }

  @Test func unreachableServerIsAConnectionError() throws {
    #expect {
      try PostgresConnection("host=127.0.0.1 port=1 user=nobody dbname=x connect_timeout=2")
    } throws: { error in
      (error as? PostgresError)?.kind == .connection
    }
  }

  @Test func wrongPasswordIsReportedWithoutThePassword() throws {
    let cluster = try SharedTestCluster.cluster()
    let admin = try cluster.connect()
    let role = "app_with_password"
    try admin.execute(
      """
      DROP ROLE IF EXISTS \(role);
      CREATE ROLE \(role) LOGIN PASSWORD 'right-secret' IN ROLE \(TemporaryCluster.passwordRequiredRole)
      """)
    do {
      _ = try PostgresConnection(
        "host=127.0.0.1 port=\(cluster.port) user=\(role) password=s3cret-value dbname=postgres")
      Issue.record("connected with a wrong password")
    } catch {
      #expect(error.kind == .connection)
      #expect(error.description.contains("password authentication failed"))
      #expect(!error.description.contains("s3cret-value"))
    }
    let good = try PostgresConnection(
      "postgresql://\(role):right-secret@127.0.0.1:\(cluster.port)/postgres")
    #expect(try good.query("SELECT current_user").scalar == role)
    #expect(!good.displayName.contains("right-secret"))
  }

  @Test func statementTimeoutCancelsAndTheTransactionIsRolledBack() throws {
    let cluster = try SharedTestCluster.cluster()
    let name = try SharedTestCluster.database("timeouts")
    let connection = try cluster.connect(database: name)
    try connection.execute("CREATE TABLE t (id int)")
    #expect {
      try connection.withRolledBackTransaction(readOnly: false, statementTimeoutMilliseconds: 100) {
        try connection.execute("INSERT INTO t VALUES (1)")
        try connection.execute("SELECT pg_sleep(5)")
      }
    } throws: { error in
      (error as? PostgresError)?.kind == .cancelled
    }
    #expect(try connection.query("SELECT count(*) FROM t").scalar == "0")
  }

  @Test func readOnlyTransactionsRefuseWrites() throws {
    let cluster = try SharedTestCluster.cluster()
    let name = try SharedTestCluster.database("readonly")
    let connection = try cluster.connect(database: name)
    try connection.execute("CREATE TABLE t (id int)")
    #expect {
      try connection.withRolledBackTransaction {
        try connection.execute("INSERT INTO t VALUES (1)")
      }
    } throws: { error in
      (error as? PostgresError)?.sqlState == "25006"
    }
  }

  @Test func cancelFromAnotherThreadStopsARunningStatement() throws {
    let connection = try SharedTestCluster.cluster().connect()
    let canceller = Thread {
      Thread.sleep(forTimeInterval: 0.3)
      connection.cancel()
    }
    canceller.start()
    let start = Date()
    #expect {
      try connection.execute("SELECT pg_sleep(10)")
    } throws: { error in
      (error as? PostgresError)?.kind == .cancelled
    }
    #expect(Date().timeIntervalSince(start) < 5)
  }

  @Test func extensionsForTheAdvisorAreAvailable() throws {
    let cluster = try SharedTestCluster.cluster()
    let name = try SharedTestCluster.database("extensions")
    let connection = try cluster.connect(database: name)
    try connection.execute("CREATE EXTENSION pg_stat_statements; CREATE EXTENSION hypopg")
    let preload = try connection.query("SHOW shared_preload_libraries").scalar ?? ""
    #expect(preload.contains("pg_stat_statements") && preload.contains("auto_explain"))
    let hypothetical = try connection.query(
      "SELECT indexname FROM hypopg_create_index('CREATE INDEX ON pg_class (relname)')")
    #expect(hypothetical.rows.count == 1)
  }
}
