import AugurExplain
import AugurPlan
import AugurPostgres
import AugurSQL
import AugurTestSupport
import Foundation
import Testing

/// The JSON reader against plans PostgreSQL produces in this run.
@Suite(.serialized) struct ExplainJSONReaderTests {
  static func explain(_ query: String, settings: String = "", database: String) throws -> (String, ExplainedPlan) {
    let connection = try SharedTestCluster.cluster().connect(database: database)
    if !settings.isEmpty { try connection.execute(settings) }
    let text = try #require(
      try connection.query("EXPLAIN (ANALYZE, BUFFERS, VERBOSE, SETTINGS, FORMAT JSON) " + query).scalar)
    return (text, try ExplainJSONReader.read(Data(text.utf8)))
  }

  static let database: String = {
    let name = "explain_json"
    let connection = try? { () throws -> PostgresConnection in
      let cluster = try SharedTestCluster.cluster()
      try cluster.createDatabase(name)
      return try cluster.connect(database: name)
    }()
    _ = try? connection?.execute(
      """
      CREATE TABLE t AS SELECT g AS id, g % 10 AS k, md5(g::text) AS v FROM generate_series(1, 100000) g;
      CREATE INDEX t_k_idx ON t (k);
      CREATE TABLE audit (id int);
      CREATE FUNCTION audit_row() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN INSERT INTO audit VALUES (NEW.id); RETURN NEW; END $$;
      CREATE TABLE small (id int PRIMARY KEY);
      CREATE TRIGGER small_audit AFTER INSERT ON small FOR EACH ROW EXECUTE FUNCTION audit_row();
      ANALYZE t;
      """)
    return name
  }()

  @Test func readsEstimatesActualsBuffersAndAttributes() throws {
    let (_, plan) = try Self.explain(
      "SELECT k, count(*) FROM t WHERE id > 10 GROUP BY k ORDER BY 2 DESC LIMIT 3", database: Self.database)
    #expect(plan.isAnalyzed)
    #expect(plan.planningTime ?? 0 > 0 && plan.executionTime ?? 0 > 0)
    let nodes = plan.root.allNodes
    #expect(nodes.map(\.nodeType) == ["Limit", "Sort", "Aggregate", "Seq Scan"])
    let scan = nodes[3]
    #expect(scan.relationName == "t" && scan.schema == "public" && scan.alias == "t")
    #expect(scan.string("Filter") == "(t.id > 10)")
    #expect(scan.number("Rows Removed by Filter") == 10)
    #expect(scan.actual?.rows == 99_990 && scan.actual?.loops == 1)
    #expect(scan.estimate?.rows ?? 0 > 90_000)
    #expect(scan.buffers?.sharedHit ?? 0 + (scan.buffers?.sharedRead ?? 0) > 0)
    #expect(nodes[2].string("Strategy") == "Hashed")
    #expect(nodes[1].string("Sort Method") == "top-N heapsort")
    #expect(nodes[1].strings("Sort Key") == ["(count(*)) DESC"])
    #expect(nodes[1].parentRelationship == "Outer")
    #expect(plan.settings.isEmpty == false || plan.settings.isEmpty)
  }

  @Test func readsParallelWorkersAndSettings() throws {
    let (_, plan) = try Self.explain(
      "SELECT count(*) FROM t WHERE v LIKE 'a%'",
      settings:
        "SET max_parallel_workers_per_gather = 2; SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0",
      database: Self.database)
    let gather = try #require(plan.root.allNodes.first { $0.nodeType == "Gather" })
    #expect(gather.workersPlanned == 2)
    #expect(gather.workersLaunched ?? 0 <= 2)
    let scan = try #require(plan.root.allNodes.first { $0.nodeType == "Seq Scan" })
    #expect(scan.parallelAware)
    if (gather.workersLaunched ?? 0) > 0 {
      #expect(scan.workers.count == gather.workersLaunched)
      #expect(scan.workers.allSatisfy { $0.actual != nil })
    }
    // SETTINGS lists what differs from the defaults.
    #expect(plan.settings.contains { $0.key == "parallel_setup_cost" && $0.value == .string("0") })
  }

  @Test func readsTriggerTimesAndNeverExecutedNodes() throws {
    let connection = try SharedTestCluster.cluster().connect(database: Self.database)
    let text = try connection.withRolledBackTransaction(readOnly: false) {
      try #require(
        try connection.query("EXPLAIN (ANALYZE, FORMAT JSON) INSERT INTO small SELECT g FROM generate_series(1, 50) g")
          .scalar)
    }
    let plan = try ExplainJSONReader.read(Data(text.utf8))
    #expect(plan.root.nodeType == "ModifyTable")
    #expect(plan.root.string("Operation") == "Insert")
    let trigger = try #require(plan.triggers.first)
    #expect(trigger.name == "small_audit" && trigger.calls == 50 && trigger.time > 0)

    // LIMIT 0 never starts its input.
    let (_, empty) = try Self.explain("SELECT * FROM t LIMIT 0", database: Self.database)
    #expect(empty.root.nodeType == "Limit" && empty.root.actual?.loops == 1)
    let scan = try #require(empty.root.children.first)
    #expect(scan.nodeType == "Seq Scan")
    #expect(scan.actual?.neverExecuted == true)
  }

  @Test func malformedInputGetsLocatedErrors() throws {
    let (text, _) = try Self.explain("SELECT * FROM t WHERE id = 5", database: Self.database)
    let truncated = Data(text.utf8.prefix(text.utf8.count / 2))
    do {
      _ = try ExplainJSONReader.read(truncated, file: "cut.json")
      Issue.record("a truncated plan was read")
    } catch {
      #expect(error.position != nil)
      #expect(error.description.hasPrefix("cut.json:"))
    }
    for (input, expected) in [
      ("", "not valid JSON"), (#"{"foo": 1}"#, "not an EXPLAIN plan"), ("[]", "empty JSON array"),
      (#"[{"Plan": {"Total Cost": 1}}]"#, "without \"Node Type\""),
    ] {
      do {
        _ = try ExplainJSONReader.read(Data(input.utf8))
        Issue.record("read \(input)")
      } catch {
        #expect(error.message.contains(expected), "\(input): \(error)")
      }
    }
  }

  @Test func planValuesRoundTripThroughCodable() throws {
    let (_, plan) = try Self.explain("SELECT * FROM t WHERE k = 3 ORDER BY id LIMIT 5", database: Self.database)
    let data = try JSONEncoder().encode(plan)
    let decoded = try JSONDecoder().decode(ExplainedPlan.self, from: data)
    #expect(decoded.root.allNodes.map(\.nodeType) == plan.root.allNodes.map(\.nodeType))
    #expect(decoded.root.allNodes.map(\.actual) == plan.root.allNodes.map(\.actual))
  }
}
