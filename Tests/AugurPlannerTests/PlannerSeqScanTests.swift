import AugurCatalog
import AugurExplain
import AugurPlanner
import AugurPostgres
import AugurTestSupport
import Foundation
import Testing

/// Augur's size estimate and sequential-scan cost against PostgreSQL's own EXPLAIN, for every
/// table of the Corpus workloads (loaded and analyzed) and for tables never analyzed.
@Suite(.serialized) struct PlannerSeqScanTests {
  struct Prediction {
    var rows: Double
    var width: Int
    var cost: Cost
  }

  static func predict(_ relation: Relation, _ parameters: CostParameters) -> Prediction {
    let size = PlanCat.estimateRelSize(relation, blockSize: parameters.blockSize)
    return Prediction(
      rows: CostSize.clampRowEstimate(size.tuples), width: PlanCat.dataWidth(relation),
      cost: CostSize.costSeqScan(size: size, parameters: parameters))
  }

  static func postgresSeqScan(_ connection: PostgresConnection, table: String) throws -> (Double, Int, Double) {
    let text = try #require(
      try connection.query("EXPLAIN (FORMAT JSON) SELECT * FROM \(table)").scalar)
    let plan = try ExplainJSONReader.read(Data(text.utf8))
    let estimate = try #require(plan.root.estimate)
    #expect(plan.root.nodeType == "Seq Scan", "\(table)")
    return (estimate.rows, estimate.width, estimate.totalCost)
  }

  @Test(arguments: ["ecommerce", "warehouse", "clickstream"])
  func fullTableScansMatchPostgres(workload: String) throws {
    let database = try SharedTestCluster.database("planner_\(workload)", workload: workload, scale: 1)
    let connection = try SharedTestCluster.cluster().connect(database: database)
    try connection.execute("SET max_parallel_workers_per_gather = 0")
    var gatherer = CatalogGatherer(schemas: ["public"])
    let snapshot = try gatherer.gather(from: connection)
    let parameters = CostParameters(snapshot: snapshot)
    var compared = 0
    for relation in snapshot.relations where relation.kind == .table {
      let predicted = Self.predict(relation, parameters)
      let (rows, width, cost) = try Self.postgresSeqScan(connection, table: "public.\(relation.name)")
      #expect(predicted.rows == rows, "\(relation.name): rows \(predicted.rows) vs PostgreSQL \(rows)")
      #expect(predicted.width == width, "\(relation.name): width \(predicted.width) vs PostgreSQL \(width)")
      #expect(abs(predicted.cost.total - cost) < 0.006, "\(relation.name): cost \(predicted.cost.total) vs \(cost)")
      #expect(predicted.cost.startup == 0)
      compared += 1
    }
    #expect(compared >= 5)
  }

  @Test func neverAnalyzedTablesUseTenPagesAndTypeWidths() throws {
    let database = try SharedTestCluster.database("planner_fresh")
    let connection = try SharedTestCluster.cluster().connect(database: database)
    try connection.execute(
      """
      CREATE TABLE fresh (id bigint, amount numeric(12,2), code varchar(6), flag boolean, at timestamptz, note text)
        WITH (autovacuum_enabled = false);
      CREATE TABLE loaded (id int, name char(10), v varchar(400)) WITH (autovacuum_enabled = false);
      INSERT INTO loaded SELECT g, 'x', repeat('y', 100) FROM generate_series(1, 3000) g;
      """)
    var gatherer = CatalogGatherer(schemas: ["public"])
    let snapshot = try gatherer.gather(from: connection)
    let parameters = CostParameters(snapshot: snapshot)
    for name in ["fresh", "loaded"] {
      let relation = try #require(snapshot.relation(schema: "public", name: name))
      #expect(!relation.size.isAnalyzed)
      let predicted = Self.predict(relation, parameters)
      let (rows, width, cost) = try Self.postgresSeqScan(connection, table: name)
      #expect(predicted.rows == rows, "\(name): rows \(predicted.rows) vs PostgreSQL \(rows)")
      #expect(predicted.width == width, "\(name): width \(predicted.width) vs PostgreSQL \(width)")
      #expect(abs(predicted.cost.total - cost) < 0.006, "\(name): cost \(predicted.cost.total) vs \(cost)")
    }
  }
}
