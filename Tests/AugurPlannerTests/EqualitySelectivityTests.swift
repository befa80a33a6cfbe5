import AugurCatalog
import AugurExplain
import AugurPlanner
import AugurPostgres
import AugurTestSupport
import Foundation
import Testing

/// `column = constant` row estimates against PostgreSQL's own, on each Corpus workload: a most
/// common value, and a value outside the MCV list, for every integer and text column.
@Suite(.serialized) struct EqualitySelectivityTests {
  @Test(arguments: ["ecommerce", "warehouse", "clickstream"])
  func equalityRowEstimatesMatchPostgres(workload: String) throws {
    let database = try SharedTestCluster.database("planner_eq_\(workload)", workload: workload, scale: 1)
    let connection = try SharedTestCluster.cluster().connect(database: database)
    try connection.execute("SET max_parallel_workers_per_gather = 0")
    var gatherer = CatalogGatherer(schemas: ["public"])
    let snapshot = try gatherer.gather(from: connection)
    var compared = 0
    var mismatches: [String] = []
    for relation in snapshot.relations where relation.kind == .table {
      let size = PlanCat.estimateRelSize(relation)
      for column in relation.columns where ["integer", "bigint", "text"].contains(column.type) {
        let unique = relation.indexes.contains {
          $0.isUnique && $0.keys.count == 1 && $0.keys[0].column == column.name && $0.predicate == nil
        }
        var constants: [String] = []
        if let first = column.statistics?.mostCommonValues?.first { constants.append(first) }
        constants.append(column.type == "text" ? "no such value" : "-987654")
        for constant in constants {
          let literal = column.type == "text" ? "'\(constant.replacingOccurrences(of: "'", with: "''"))'" : constant
          let text = try #require(
            try connection.query(
              "EXPLAIN (FORMAT JSON) SELECT * FROM public.\(relation.name) WHERE \(column.name) = \(literal)"
            ).scalar)
          let plan = try ExplainJSONReader.read(Data(text.utf8))
          let postgres = try #require(plan.root.estimate?.rows)
          let selectivity = EqualitySelectivity.varEqConst(
            column: column, constant: constant, relationTuples: size.tuples, isUnique: unique)
          let predicted = CostSize.clampRowEstimate(size.tuples * selectivity)
          compared += 1
          if predicted != postgres {
            mismatches.append(
              "\(relation.name).\(column.name) = \(literal): Augur \(predicted), PostgreSQL \(postgres)")
          }
        }
      }
    }
    #expect(compared >= 30)
    #expect(mismatches.isEmpty, "\(mismatches.count) of \(compared): \(mismatches.prefix(10))")
  }
}
