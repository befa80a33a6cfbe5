import AugurExplain
import AugurPlan
import AugurPlanner
import AugurPostgres
import AugurTestSupport
import Foundation
import Testing

/// Queries over partitioned tables (range by date with a default partition, list by text, hash
/// by integer) planned by Augur and by PostgreSQL: the same nodes over the same surviving
/// partitions, and the same rows and costs at every node.
@Suite(.serialized) struct PartitionPlanningTests {
  static let setup =
    [
      "DROP TABLE IF EXISTS events, customers, sessions, orders_flat, orders_real CASCADE",
      "CREATE TABLE events (id int NOT NULL, created_at date NOT NULL, kind text, amount int) PARTITION BY RANGE (created_at)",
    ]
    + (1...6).map {
      "CREATE TABLE events_2024_\($0) PARTITION OF events FOR VALUES FROM ('2024-0\($0)-01') TO ('2024-0\($0 + 1)-01')"
    } + [
      "CREATE TABLE events_default PARTITION OF events DEFAULT",
      """
      INSERT INTO events SELECT g, date '2024-01-01' + (g * 7919 % 200), 'k' || (g % 7), g % 1000
      FROM generate_series(1, 60000) g
      """,
      "CREATE INDEX ON events (id)",
      "CREATE INDEX ON events (created_at)",
      "CREATE TABLE customers (id int, region text, score int) PARTITION BY LIST (region)",
      "CREATE TABLE customers_eu PARTITION OF customers FOR VALUES IN ('de', 'fr', 'it')",
      "CREATE TABLE customers_us PARTITION OF customers FOR VALUES IN ('us')",
      "CREATE TABLE customers_asia PARTITION OF customers FOR VALUES IN ('jp', 'cn')",
      "CREATE TABLE customers_other PARTITION OF customers DEFAULT",
      """
      INSERT INTO customers SELECT g, (ARRAY['de','fr','it','us','us','jp','cn','br',NULL])[1 + g % 9], g % 100
      FROM generate_series(1, 30000) g
      """,
      "CREATE TABLE sessions (id int, user_id int, duration int) PARTITION BY HASH (user_id)",
    ] + (0..<4).map { "CREATE TABLE sessions_\($0) PARTITION OF sessions FOR VALUES WITH (modulus 4, remainder \($0))" }
    + [
      "INSERT INTO sessions SELECT g, g % 500, g % 60 FROM generate_series(1, 20000) g",
      "ANALYZE",
    ]

  static let queries = [
    "SELECT * FROM events WHERE created_at = '2024-03-15'",
    "SELECT * FROM events WHERE created_at >= '2024-02-01' AND created_at < '2024-04-01'",
    "SELECT count(*) FROM events",
    "SELECT * FROM events WHERE created_at > '2024-05-15'",
    "SELECT * FROM events WHERE created_at < '2024-01-20'",
    "SELECT * FROM events WHERE created_at IN ('2024-01-05', '2024-06-10')",
    "SELECT * FROM events WHERE id = 500",
    "SELECT count(*) FROM events WHERE created_at BETWEEN '2024-03-01' AND '2024-03-31'",
    "SELECT * FROM events WHERE created_at = '2024-09-01'",
    "SELECT kind, count(*) FROM events WHERE created_at >= '2024-04-01' AND created_at < '2024-06-01' GROUP BY kind",
    "SELECT * FROM events ORDER BY created_at LIMIT 10",
    "SELECT * FROM events WHERE created_at >= '2024-02-01' AND created_at < '2024-04-01' ORDER BY created_at LIMIT 5",
    "SELECT * FROM events WHERE amount < 10",
    "SELECT * FROM events e WHERE e.created_at >= '2024-06-01' OR e.created_at < '2024-01-15'",
    "SELECT * FROM customers WHERE region = 'us'",
    "SELECT * FROM customers WHERE region IN ('de', 'jp')",
    "SELECT * FROM customers WHERE region = 'br'",
    "SELECT count(*) FROM customers WHERE region IS NULL",
    "SELECT * FROM customers WHERE region <> 'us'",
    "SELECT * FROM customers WHERE score > 90",
    "SELECT count(*) FROM sessions",
    "SELECT * FROM sessions WHERE duration < 5",
    "SELECT * FROM sessions WHERE user_id = 42",
    "SELECT * FROM sessions WHERE user_id IN (1, 2, 3, 400)",
    "SELECT count(*) FROM sessions WHERE user_id = -7",
  ]

  /// Node type, relation and alias of every node, in plan order.
  static func shape(_ node: PlanNode, stripping prefix: String? = nil) -> String {
    node.allNodes.map { node in
      var text = node.nodeType
      if var relation = node.string("Relation Name") {
        if let prefix, relation.hasPrefix(prefix) { relation.removeFirst(prefix.count) }
        text += "[\(relation)" + (prefix == nil ? " \(node.string("Alias") ?? "")" : "") + "]"
      }
      return text
    }.joined(separator: " > ")
  }

  static func describe(_ node: PlanNode) -> String {
    node.allNodes.map {
      "\($0.nodeType) \($0.string("Relation Name") ?? "") \($0.estimate?.startupCost ?? 0)..\($0.estimate?.totalCost ?? 0)"
        + " rows=\($0.estimate?.rows ?? 0) width=\($0.estimate?.width ?? 0)"
    }.joined(separator: "\n      ")
  }

  /// Nodes whose rows, width or costs differ (costs beyond PostgreSQL's two-decimal rounding).
  static func costMismatches(_ augur: PlanNode, _ postgres: PlanNode) -> [String] {
    zip(augur.allNodes, postgres.allNodes).compactMap { mine, theirs in
      guard let a = mine.estimate, let p = theirs.estimate else { return nil }
      let same =
        abs(a.startupCost - p.startupCost) <= 0.006 && abs(a.totalCost - p.totalCost) <= 0.006 && a.rows == p.rows
        && a.width == p.width
      return same
        ? nil
        : "\(theirs.nodeType) \(theirs.string("Relation Name") ?? ""): Augur \(a.startupCost)..\(a.totalCost) "
          + "rows=\(a.rows) width=\(a.width), PostgreSQL \(p.startupCost)..\(p.totalCost) rows=\(p.rows) width=\(p.width)"
    }
  }

  @Test func partitionedPlansMatchPostgres() throws {
    let database = try SharedTestCluster.database("planner_partitions")
    let connection = try SharedTestCluster.cluster().connect(database: database)
    for statement in Self.setup { try connection.execute(statement) }
    let comparison = try PlanComparison(connection: connection)
    var lines: [String] = []
    var shapeMismatches: [String] = []
    var exact = 0
    var costLines: [String] = []
    for sql in Self.queries {
      let postgres = try comparison.postgresPlan(sql)
      let augur: PlanNode
      switch comparison.augurPlan(sql) {
      case .success(let plan): augur = plan
      case .failure(let error):
        shapeMismatches.append("\(sql): ERROR \(error)")
        continue
      }
      if Self.shape(augur) != Self.shape(postgres) {
        shapeMismatches.append("\(sql)\n  PG    \(Self.shape(postgres))\n  Augur \(Self.shape(augur))")
      }
      let mismatches = Self.costMismatches(augur, postgres)
      if mismatches.isEmpty && Self.shape(augur) == Self.shape(postgres) {
        exact += 1
      } else {
        costLines.append("\(sql)\n    " + mismatches.joined(separator: "\n    "))
      }
      lines.append("\(sql)\n  PG    \(Self.describe(postgres))\n  Augur \(Self.describe(augur))")
    }
    lines.append("exact: \(exact) of \(Self.queries.count)\n" + costLines.joined(separator: "\n"))
    #expect(shapeMismatches.isEmpty, "\(shapeMismatches.joined(separator: "\n"))")
    // Every node's rows and costs must equal PostgreSQL's on at least 90% of the queries.
    #expect(
      exact * 10 >= Self.queries.count * 9,
      "\(exact) of \(Self.queries.count) exact\n\(costLines.joined(separator: "\n"))")
  }

  static let hypotheticalQueries = [
    "SELECT * FROM %@ WHERE created_at >= '2024-03-01' AND created_at < '2024-04-01'",
    "SELECT * FROM %@ WHERE created_at = '2024-05-20'",
    "SELECT count(*) FROM %@",
    "SELECT * FROM %@ WHERE created_at > '2024-06-10'",
    "SELECT * FROM %@ WHERE id < 100",
    "SELECT count(*) FROM %@ WHERE created_at < '2024-02-15'",
  ]

  /// A plain table planned under a hypothetical range partitioning, against PostgreSQL after
  /// really partitioning a copy of it the same way.
  @Test func hypotheticalPartitioningMatchesRealPartitioning() throws {
    let database = try SharedTestCluster.database("planner_partitions_hypo")
    let connection = try SharedTestCluster.cluster().connect(database: database)
    let bounds = ["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01", "2024-05-01", "2024-06-01", "2024-07-01"]
    var setup = [
      "DROP TABLE IF EXISTS orders_flat, orders_real CASCADE",
      "CREATE TABLE orders_flat (id int NOT NULL, created_at date NOT NULL, amount int)",
      """
      INSERT INTO orders_flat SELECT g, date '2024-01-01' + (g * 7919 % 190), g % 1000
      FROM generate_series(1, 80000) g
      """,
      "CREATE INDEX ON orders_flat (id)",
      // A statistics target whose sample (300 × target rows) covers the whole table makes ANALYZE
      // read every row: estimates do not vary from run to run.
      "ALTER TABLE orders_flat ALTER COLUMN id SET STATISTICS 1000",
      "ALTER TABLE orders_flat ALTER COLUMN created_at SET STATISTICS 1000",
      "CREATE TABLE orders_real (id int NOT NULL, created_at date NOT NULL, amount int) PARTITION BY RANGE (created_at)",
    ]
    for position in 0..<bounds.count - 1 {
      setup.append(
        "CREATE TABLE orders_real_p\(position + 1) PARTITION OF orders_real "
          + "FOR VALUES FROM ('\(bounds[position])') TO ('\(bounds[position + 1])')")
    }
    setup += [
      "CREATE TABLE orders_real_default PARTITION OF orders_real DEFAULT",
      "INSERT INTO orders_real SELECT * FROM orders_flat", "CREATE INDEX ON orders_real (id)",
      "ALTER TABLE orders_real ALTER COLUMN id SET STATISTICS 1000",
      "ALTER TABLE orders_real ALTER COLUMN created_at SET STATISTICS 1000", "ANALYZE",
    ]
    for statement in setup { try connection.execute(statement) }
    let comparison = try PlanComparison(connection: connection)
    let scheme = HypotheticalPartitioning(
      relation: "public.orders_flat", column: "created_at", strategy: .range(bounds: bounds), defaultPartition: true)
    var failures: [String] = []
    var report: [String] = []
    for template in Self.hypotheticalQueries {
      let real = template.replacingOccurrences(of: "%@", with: "orders_real")
      let hypothetical = template.replacingOccurrences(of: "%@", with: "orders_flat")
      let postgres = try comparison.postgresPlan(real)
      let augur = try comparison.planner.plan(hypothetical, hypotheticalPartitioning: [scheme]).root
      let (mine, theirs) = (
        Self.shape(augur, stripping: "orders_flat"), Self.shape(postgres, stripping: "orders_real")
      )
      report.append("\(hypothetical)\n  PG    \(Self.describe(postgres))\n  Augur \(Self.describe(augur))")
      if mine != theirs { failures.append("\(hypothetical)\n  PG    \(theirs)\n  Augur \(mine)") }
      // Rows come from the table's statistics split by the key's histogram, not from a sample
      // of each partition: a partition's share is an estimate from the histogram (about 1%
      // error per bucket at the default statistics target), so allow 10%.
      let (a, p) = (augur.estimate?.rows ?? 0, postgres.estimate?.rows ?? 0)
      if abs(a - p) > max(1, 0.1 * p) { failures.append("\(hypothetical): rows Augur \(a), PostgreSQL \(p)") }
    }
    #expect(failures.isEmpty, "\(failures.joined(separator: "\n"))")
  }
}
