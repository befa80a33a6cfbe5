import AugurExplain
import AugurPlan
import AugurPlanner
import AugurPostgres
import AugurTestSupport
import Foundation
import Testing

/// Whole single-table plans from `Planner` against PostgreSQL's own EXPLAIN on the ecommerce
/// workload: the plan's node types and index names, and the root's rows and cost.
@Suite(.serialized) struct PlannerEndToEndTests {
  static let queries = [
    "SELECT * FROM users WHERE id = 42",
    "SELECT * FROM users WHERE status = 'active'",
    "SELECT id, email FROM users WHERE created_at >= '2024-06-01' AND created_at < '2024-07-01'",
    "SELECT count(*) FROM orders",
    "SELECT status, count(*) FROM orders GROUP BY status",
    "SELECT * FROM orders ORDER BY created_at DESC LIMIT 20",
    "SELECT * FROM products WHERE category_id = 3 AND price < 50",
    "SELECT * FROM products WHERE sku = 'BEA-000042'",
    "SELECT * FROM addresses WHERE user_id IN (1, 2, 3)",
    "SELECT * FROM users WHERE phone IS NULL",
    "SELECT DISTINCT status FROM users",
    "SELECT * FROM users WHERE full_name LIKE 'Emma%'",
    "SELECT * FROM orders ORDER BY user_id, total LIMIT 50",
    "SELECT user_id, row_number() OVER (PARTITION BY user_id ORDER BY created_at) FROM orders",
    "SELECT id, rank() OVER (PARTITION BY status ORDER BY total DESC) FROM orders WHERE total > 400",
    "SELECT * FROM addresses WHERE city = 'New York' AND state = 'NY'",
    "SELECT * FROM users WHERE NOT (status = 'active' AND referred_by > 100)",
    // MIN/MAX read from an index (InitPlans under a Result).
    "SELECT max(created_at) FROM orders WHERE user_id = 42",
    "SELECT min(id), max(id) FROM users",
    // Ordered-set aggregates and aggregates with ORDER BY: sorted grouping only (no hashing),
    // percentile_cont's input cast to float8 per row, two percentiles of one input sharing
    // their transition.
    "SELECT status, percentile_cont(0.5) WITHIN GROUP (ORDER BY total), "
      + "percentile_cont(0.9) WITHIN GROUP (ORDER BY total) FROM orders GROUP BY status",
    "SELECT status, percentile_disc(0.5) WITHIN GROUP (ORDER BY created_at), mode() WITHIN GROUP (ORDER BY user_id) "
      + "FROM orders GROUP BY status",
    "SELECT user_id, string_agg(status, ',' ORDER BY created_at) FROM orders WHERE user_id < 100 GROUP BY user_id",
    // DISTINCT ON: a Unique over rows in ORDER BY's order (never hashed).
    "SELECT DISTINCT ON (user_id) user_id, created_at, total FROM orders ORDER BY user_id, created_at DESC",
    "SELECT DISTINCT ON (status) status, id FROM orders WHERE user_id < 500 ORDER BY status, total",
    // An expression index on `x AT TIME ZONE z`, matched as PostgreSQL prints it back.
    "SELECT extract(hour FROM created_at AT TIME ZONE 'UTC'), count(*) FROM orders "
      + "WHERE (created_at AT TIME ZONE 'UTC')::date = date '2024-11-29' GROUP BY 1 ORDER BY 1",
    // INSERT ... SELECT, UPDATE and DELETE: a ModifyTable over the scan of the rows they write
    // (EXPLAIN only: nothing runs). The scan returns ctid, so never index-only.
    "DELETE FROM orders WHERE id = 5",
    "DELETE FROM orders WHERE status = 'cancelled'",
    "UPDATE orders SET status = 'shipped' WHERE id = 42",
    "UPDATE orders SET user_id = user_id + 1 WHERE user_id < 10",
    "INSERT INTO orders SELECT * FROM orders WHERE id < 3",
    // Several windows: one WindowAgg each, stacked in select_active_windows' order; over a
    // grouped subquery whose Subquery Scan stays (the window items come first in its target).
    "SELECT id, row_number() OVER (ORDER BY created_at), rank() OVER (PARTITION BY user_id ORDER BY total DESC) "
      + "FROM orders WHERE user_id < 1000",
    "SELECT user_id, ntile(4) OVER (ORDER BY n), ntile(4) OVER (ORDER BY last_order DESC) "
      + "FROM (SELECT user_id, count(*) AS n, max(created_at) AS last_order FROM orders GROUP BY user_id) t",
  ]

  @Test func plansMatchPostgresShapes() throws {
    let database = try SharedTestCluster.database("planner_e2e", workload: "ecommerce", scale: 1)
    let connection = try SharedTestCluster.cluster().connect(database: database)
    let comparison = try PlanComparison(connection: connection)
    var lines: [String] = []
    var sameShape = 0
    var estimateMismatches: [String] = []
    for sql in Self.queries {
      let postgres = try comparison.postgresPlan(sql)
      let augur: PlanNode
      switch comparison.augurPlan(sql) {
      case .success(let plan): augur = plan
      case .failure(let error):
        lines.append("\(sql)\n  ERROR \(error)")
        continue
      }
      let shape = { (node: PlanNode) in
        node.allNodes.map { "\($0.nodeType)\($0.indexName.map { "[\($0)]" } ?? "")" }.joined(separator: " > ")
      }
      if shape(augur) == shape(postgres) {
        sameShape += 1
        // Node by node: rows equal, costs equal to EXPLAIN's two decimals.
        for (mine, theirs) in zip(augur.allNodes, postgres.allNodes) {
          guard let a = mine.estimate, let b = theirs.estimate else { continue }
          if a.rows != b.rows || abs(a.totalCost - b.totalCost) > 0.006 || abs(a.startupCost - b.startupCost) > 0.006
            || a.width != b.width
          {
            estimateMismatches.append(
              "\(sql): \(mine.nodeType) Augur \(a.startupCost)..\(a.totalCost) rows=\(a.rows) width=\(a.width), "
                + "PostgreSQL \(b.startupCost)..\(b.totalCost) rows=\(b.rows) width=\(b.width)")
          }
        }
      }
      let describe = { (node: PlanNode) in
        node.allNodes.map {
          "\($0.nodeType) \($0.estimate?.startupCost ?? 0)..\($0.estimate?.totalCost ?? 0) rows=\($0.estimate?.rows ?? 0)"
            + " width=\($0.estimate?.width ?? 0) \($0.string("Index Cond") ?? $0.string("Filter") ?? "")"
        }.joined(separator: "\n      ")
      }
      lines.append("\(sql)\n  PG    \(describe(postgres))\n  Augur \(describe(augur))")
    }
    let report = lines.joined(separator: "\n")
    #expect(sameShape == Self.queries.count, "\(sameShape) of \(Self.queries.count)\n\(report)")
    #expect(estimateMismatches.isEmpty, "\(estimateMismatches.joined(separator: "\n"))")
  }
}
