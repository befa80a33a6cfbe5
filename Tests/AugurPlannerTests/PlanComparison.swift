import AugurCatalog
import AugurExplain
import AugurPlan
import AugurPlanner
import AugurPostgres
import Foundation
import Testing

/// Augur's planner and PostgreSQL side by side on one database, both with parallel workers
/// off, so that the end-to-end tests compare the same serial plans.
struct PlanComparison {
  let connection: PostgresConnection
  let planner: Planner

  init(connection: PostgresConnection) throws {
    try connection.execute("SET max_parallel_workers_per_gather = 0")
    var gatherer = CatalogGatherer(schemas: ["public"])
    var snapshot = try gatherer.gather(from: connection)
    snapshot.settings["max_parallel_workers_per_gather"] = "0"
    self.connection = connection
    self.planner = Planner(snapshot: snapshot)
  }

  /// PostgreSQL's estimated plan for `sql` (its `EXPLAIN (FORMAT JSON)`).
  func postgresPlan(_ sql: String) throws -> PlanNode {
    let text = try #require(try connection.query("EXPLAIN (FORMAT JSON) \(sql)").scalar)
    return try ExplainJSONReader.read(Data(text.utf8)).root
  }

  /// Augur's plan for `sql`, or the error the planner raised (a result the tests report,
  /// not a failure of the harness).
  func augurPlan(_ sql: String) -> Result<PlanNode, any Error> {
    Result { try planner.plan(sql).root }
  }
}
