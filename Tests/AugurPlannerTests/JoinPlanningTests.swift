import AugurCompare
import AugurExplain
import AugurPlan
import AugurPlanner
import AugurPostgres
import AugurTestSupport
import Foundation
import Testing

/// Whole join plans from `Planner` against PostgreSQL's own EXPLAIN, node by node: the same
/// nodes (join methods, join order, scans and indexes), the same rows, and costs equal to
/// EXPLAIN's two decimals. Parallel plans are switched off on both sides so that the join
/// search itself is what is compared.
@Suite(.serialized) struct JoinPlanningTests {
  /// Joins over the ecommerce workload: inner joins by foreign key with and without filters,
  /// LEFT joins, semi and anti joins from EXISTS, IN and NOT EXISTS, and a three-table chain.
  static let ecommerceQueries = [
    "SELECT o.id, u.email FROM orders o JOIN users u ON u.id = o.user_id WHERE u.id = 42",
    "SELECT count(*) FROM order_items oi JOIN products p ON p.id = oi.product_id",
    "SELECT oi.line_no, p.sku FROM order_items oi JOIN products p ON p.id = oi.product_id WHERE oi.order_id = 1150",
    "SELECT p.sku, c.name FROM products p JOIN categories c ON c.id = p.category_id WHERE c.parent_id = 5",
    "SELECT o.id, p.method FROM orders o LEFT JOIN payments p ON p.order_id = o.id WHERE o.user_id = 7",
    "SELECT u.id FROM users u WHERE EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id AND o.status = 'pending')",
    "SELECT u.id FROM users u WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.user_id = u.id)",
    "SELECT p.id FROM products p WHERE p.id IN (SELECT oi.product_id FROM order_items oi WHERE oi.order_id < 100)",
    "SELECT count(*) FROM order_items oi JOIN orders o ON o.id = oi.order_id JOIN users u ON u.id = o.user_id "
      + "WHERE u.status = 'active'",
    "SELECT u.id, count(*) FROM users u JOIN orders o ON o.user_id = u.id GROUP BY u.id ORDER BY u.id LIMIT 10",
    // Subqueries: a correlated SubPlan, a hashed SubPlan (NOT IN), UNION, a WITH query planned
    // on its own and joined.
    "SELECT u.id, (SELECT max(o.created_at) FROM orders o WHERE o.user_id = u.id) FROM users u WHERE u.id < 20",
    "SELECT p.id FROM products p WHERE p.id NOT IN (SELECT oi.product_id FROM order_items oi WHERE oi.order_id < 50)",
    "SELECT id FROM users WHERE status = 'active' UNION SELECT user_id FROM orders WHERE status = 'pending'",
    "WITH recent AS (SELECT user_id, count(*) AS n FROM orders GROUP BY user_id) "
      + "SELECT u.email, r.n FROM users u JOIN recent r ON r.user_id = u.id WHERE u.id < 100",
    // A grouped subquery hashed with its columns asked in another order keeps its Subquery
    // Scan (`trivial_subqueryscan`); a condition on row_number() becomes the WindowAgg's run
    // condition; GROUP BY two columns of an ndistinct statistics object counts its groups.
    "SELECT t.last_order, u.email FROM users u JOIN (SELECT user_id, max(created_at) AS last_order FROM orders "
      + "GROUP BY user_id) t ON t.user_id = u.id WHERE u.status = 'active'",
    "SELECT * FROM (SELECT id, user_id, row_number() OVER (PARTITION BY user_id ORDER BY created_at DESC) AS rn "
      + "FROM orders) s WHERE rn <= 2",
    "SELECT p.category_id, p.brand_id, count(*) FROM order_items oi JOIN products p ON p.id = oi.product_id "
      + "GROUP BY p.category_id, p.brand_id",
    // remove_useless_joins: LEFT JOINs to a table read nowhere above them, joined on its
    // primary key, are dropped; one joined on a non-unique column, or whose column is output,
    // stays.
    "SELECT o.id, o.total FROM orders o LEFT JOIN users u ON u.id = o.user_id WHERE o.id < 100",
    "SELECT count(*) FROM orders o LEFT JOIN users u ON u.id = o.user_id "
      + "LEFT JOIN addresses a ON a.id = o.shipping_address_id WHERE o.status = 'pending'",
    "SELECT o.id FROM orders o LEFT JOIN payments p ON p.order_id = o.id WHERE o.id < 100",
    "SELECT o.id, u.email FROM orders o LEFT JOIN users u ON u.id = o.user_id AND u.status = 'active' "
      + "WHERE o.id < 100",
    // A correlated SubPlan in the output of a sorted, limited join runs after the sort, in a
    // Result (make_sort_input_target).
    "SELECT u.id, (SELECT max(o.created_at) FROM orders o WHERE o.user_id = u.id) FROM users u WHERE u.id < 50 "
      + "ORDER BY u.email LIMIT 5",
    "SELECT o.id, random() FROM orders o WHERE o.user_id < 100 ORDER BY o.total",
  ]

  @Test func ecommerceJoinPlansMatchPostgresNodeByNode() throws {
    let database = try SharedTestCluster.database("join_planning", workload: "ecommerce", scale: 1)
    let connection = try SharedTestCluster.cluster().connect(database: database)
    let mismatches = try Self.compare(Self.ecommerceQueries, connection: connection)
    #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n\n"))")
  }

  /// The twelve-table chain: the join search over twelve relations (split by
  /// `join_collapse_limit`) picks PostgreSQL's join order and methods.
  @Test func twelveTableChainMatchesPostgres() throws {
    let database = try SharedTestCluster.database("join_planning_chain")
    let connection = try SharedTestCluster.cluster().connect(database: database)
    try connection.execute(JoinWorkload.schemaSQL)
    let mismatches = try Self.compare([JoinWorkload.chainQuery], connection: connection)
    #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n\n"))")
  }

  /// A partial unique index proves no uniqueness, even with its predicate among the
  /// restrictions (PostgreSQL 15.x): joined on `customer_id` with `is_current`, the current
  /// customers are not taken as inner-unique, and the join order follows.
  @Test func partialUniqueIndexProvesNoUniqueness() throws {
    let database = try SharedTestCluster.database("join_planning_warehouse", workload: "warehouse", scale: 1)
    let connection = try SharedTestCluster.cluster().connect(database: database)
    let mismatches = try Self.compare(
      [
        "SELECT hist.loyalty_tier, cur.loyalty_tier, count(*) FROM fact_sales f "
          + "JOIN dim_customer hist ON hist.customer_key = f.customer_key "
          + "JOIN dim_customer cur ON cur.customer_id = hist.customer_id AND cur.is_current GROUP BY 1, 2"
      ], connection: connection)
    #expect(mismatches.isEmpty, "\(mismatches.joined(separator: "\n\n"))")
  }

  /// A correlated SubPlan's conditions name the enclosing query's relation as EXPLAIN does
  /// (`u.id`, not the subquery's own alias).
  @Test func correlatedSubPlanConditionsNameTheEnclosingRelation() throws {
    let database = try SharedTestCluster.database("join_planning", workload: "ecommerce", scale: 1)
    let connection = try SharedTestCluster.cluster().connect(database: database)
    let comparison = try PlanComparison(connection: connection)
    let sql =
      "SELECT u.id, (SELECT max(o.created_at) FROM orders o WHERE o.user_id = u.id) FROM users u WHERE u.id < 20"
    let conditions = { (plan: PlanNode) in plan.allNodes.compactMap { $0.string("Index Cond") } }
    let postgres = conditions(try comparison.postgresPlan(sql))
    let augur = conditions(try comparison.augurPlan(sql).get())
    #expect(postgres.contains { $0.contains("= u.id)") })
    #expect(augur == postgres)
  }

  /// Plans each query on both sides (no parallel workers) and lists every disagreement.
  static func compare(_ queries: [String], connection: PostgresConnection) throws -> [String] {
    let comparison = try PlanComparison(connection: connection)
    var mismatches: [String] = []
    for sql in queries {
      let postgres = try comparison.postgresPlan(sql)
      let augur: PlanNode
      switch comparison.augurPlan(sql) {
      case .success(let plan): augur = plan
      case .failure(let error):
        mismatches.append("\(sql)\n  Augur: \(error)")
        continue
      }
      let describe = { (node: PlanNode) in
        node.allNodes.map { node -> String in
          let estimate = node.estimate
          return "\(ExplainTextWriter.label(node)) \(estimate?.startupCost ?? 0)..\(estimate?.totalCost ?? 0) "
            + "rows=\(estimate?.rows ?? 0) width=\(estimate?.width ?? 0)"
        }.joined(separator: "\n    ")
      }
      let same =
        augur.allNodes.count == postgres.allNodes.count
        && zip(augur.allNodes, postgres.allNodes).allSatisfy { mine, theirs in
          guard ExplainTextWriter.label(mine) == ExplainTextWriter.label(theirs), let a = mine.estimate,
            let b = theirs.estimate
          else { return false }
          return a.rows == b.rows && a.width == b.width && abs(a.totalCost - b.totalCost) <= 0.006
            && abs(a.startupCost - b.startupCost) <= 0.006
        }
      if !same { mismatches.append("\(sql)\n  PostgreSQL\n    \(describe(postgres))\n  Augur\n    \(describe(augur))") }
    }
    return mismatches
  }
}
