import AugurCatalog
import AugurPlanner
import Foundation
import Testing

/// `=` and `<>` with typed constants (`var_eq_const`, `neqsel`) and with a parameter of a
/// generic plan (`var_eq_non_const`), on every scalar column of the workloads. Constants are
/// the column's MCVs (also spelled differently: `12.5` for `12.50`, another UTC offset,
/// `character` padding), histogram bounds, and values not in the table.
@Suite(.serialized) struct SelectivityEqualityTests {
  @Test(arguments: ["ecommerce", "warehouse", "clickstream"])
  func equalityRowEstimatesMatchPostgres(workload: String) throws {
    var harness = try SelectivityHarness(
      database: "sel_eq_\(workload)", workload: workload,
      setup: workload == "ecommerce" ? SelectivityHarness.extraTypes : [])
    _ = try harness.connection.execute("SET plan_cache_mode = force_generic_plan")
    for relation in harness.tables {
      for variable in harness.variables(of: relation) {
        let column = variable.column.name
        for constant in Self.constants(for: variable) {
          guard let datum = Datum.parse(constant, as: variable.type) else {
            Issue.record("\(relation.name).\(column): cannot read \(constant)")
            continue
          }
          let literal = SelectivityHarness.quote(constant)
          try harness.check(
            variable, relation, "\(column) = \(literal)", EqualitySelectivity.varEqConst(variable, constant: datum))
          try harness.check(
            variable, relation, "\(column) <> \(literal)", EqualitySelectivity.neqSel(variable, constant: datum))
        }
        // A parameter: generic plans estimate `= $1` without knowing the value.
        for (op, negate) in [("=", false), ("<>", true)] {
          _ = try harness.connection.execute(
            "PREPARE sel_param(\(variable.column.type)) AS SELECT * FROM public.\(relation.name) WHERE \(column) \(op) $1"
          )
          try harness.check(
            variable, label: "\(relation.name): \(column) \(op) $1",
            explain: "EXPLAIN (FORMAT JSON) EXECUTE sel_param(NULL)",
            EqualitySelectivity.varEqNonConst(variable, negate: negate))
          _ = try harness.connection.execute("DEALLOCATE sel_param")
        }
      }
    }
    #expect(harness.compared >= 500)
    #expect(harness.mismatches.isEmpty, "\(harness.report)")
    print("equality \(workload): \(harness.compared) compared, \(harness.mismatches.count) differ")
  }

  static func constants(for variable: VariableStatistics) -> [String] {
    let mcvs = variable.statistics?.mostCommonValues ?? []
    var result = Array(mcvs.prefix(3))
    if let last = mcvs.last { result.append(last) }
    result += SelectivityHarness.spread(variable.statistics?.histogramBounds ?? [], count: 4)
    result += SelectivityHarness.outside(type: variable.type)
    // The same values spelled another way, which only typed comparison recognizes.
    for value in mcvs.prefix(2) {
      switch Datum.parse(value, as: variable.type) {
      case .numeric(let number)? where value.contains("."):
        result.append(value + "0")
        if number.doubleValue == number.doubleValue.rounded() { result.append(String(Int(number.doubleValue))) }
      case .timestampTZ(let micros)?:
        result.append(SelectivityHarness.formatTimestamp(micros + 19_800_000_000, zone: false) + "+05:30")
      case .character?:
        result.append(value.trimmingCharacters(in: .whitespaces) + " ")
      default:
        break
      }
    }
    var seen = Set<String>()
    return result.filter { seen.insert($0).inserted }
  }
}
