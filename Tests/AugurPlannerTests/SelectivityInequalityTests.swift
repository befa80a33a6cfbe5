import AugurCatalog
import AugurPlanner
import Foundation
import Testing

/// `<`, `<=`, `>`, `>=` (`scalarineqsel`) against PostgreSQL's estimates, for every scalar column
/// of the workloads, with constants taken from the column's own statistics: histogram bounds,
/// points inside bins (first, middle and last bins), MCVs, and values beyond both ends (which
/// exercise `get_actual_variable_range` where a btree index leads with the column).
@Suite(.serialized) struct SelectivityInequalityTests {
  @Test(arguments: ["ecommerce", "warehouse", "clickstream"])
  func inequalityRowEstimatesMatchPostgres(workload: String) throws {
    var harness = try SelectivityHarness(
      database: "sel_ineq_\(workload)", workload: workload,
      setup: workload == "ecommerce" ? SelectivityHarness.extraTypes : [])
    for relation in harness.tables {
      for variable in harness.variables(of: relation) {
        let constants = Self.constants(for: variable)
        for (index, constant) in constants.enumerated() {
          guard let datum = Datum.parse(constant, as: variable.type) else {
            Issue.record("\(relation.name).\(variable.column.name): cannot read \(constant)")
            continue
          }
          let literal = SelectivityHarness.quote(constant)
          for op in InequalityOperator.allCases {
            let selectivity = InequalitySelectivity.scalarIneqSel(variable, operator: op, constant: datum)
            try harness.check(variable, relation, "\(variable.column.name) \(op.symbol) \(literal)", selectivity)
          }
          // The commuted spelling (`const < col`) is the same clause to the estimator.
          let op = InequalityOperator.allCases[index % 4]
          let selectivity = InequalitySelectivity.scalarIneqSel(variable, operator: op.commuted, constant: datum)
          try harness.check(variable, relation, "\(literal) \(op.symbol) \(variable.column.name)", selectivity)
        }
      }
    }
    #expect(harness.compared >= 500)
    #expect(harness.mismatches.isEmpty, "\(harness.report)")
    print("inequality \(workload): \(harness.compared) compared, \(harness.mismatches.count) differ")
  }

  static func constants(for variable: VariableStatistics) -> [String] {
    var result: [String] = []
    let bounds = variable.statistics?.histogramBounds ?? []
    result += SelectivityHarness.spread(bounds, count: 7)
    if bounds.count >= 2 {
      let n = bounds.count
      for i in Set([0, n / 2 - 1, n - 2]) where i >= 0 && i + 1 < n {
        if let middle = SelectivityHarness.midpoint(bounds[i], bounds[i + 1], type: variable.type) {
          result.append(middle)
        }
      }
    }
    result += (variable.statistics?.mostCommonValues ?? []).prefix(3)
    result += SelectivityHarness.outside(type: variable.type)
    var seen = Set<String>()
    return result.filter { seen.insert($0).inserted }
  }
}
