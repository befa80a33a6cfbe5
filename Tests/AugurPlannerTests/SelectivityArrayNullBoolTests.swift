import AugurCatalog
import AugurPlanner
import Foundation
import Testing

/// `IN`/`NOT IN`/`OP ANY`/`OP ALL` (`scalararraysel`), `IS [NOT] NULL` (`nulltestsel`), bare
/// boolean columns (`boolvarsel`) and `IS [NOT] TRUE/FALSE/UNKNOWN` (`booltestsel`) against
/// PostgreSQL's estimates on the workloads, plus a table that was never analyzed for the
/// defaults.
@Suite(.serialized) struct SelectivityArrayNullBoolTests {
  /// A table without statistics (autovacuum off, never analyzed).
  static let setup = [
    """
    CREATE TABLE sel_nostats (id integer, flag boolean, name text, amount numeric, tags text[])
    WITH (autovacuum_enabled = false)
    """,
    """
    INSERT INTO sel_nostats
    SELECT g, g % 3 = 0, 'name' || g, g / 7.0, ARRAY['t' || (g % 5)] FROM generate_series(1, 5000) g
    """,
  ]

  @Test(arguments: ["ecommerce", "warehouse", "clickstream"])
  func arrayNullBoolRowEstimatesMatchPostgres(workload: String) throws {
    var harness = try SelectivityHarness(database: "sel_anb_\(workload)", workload: workload, setup: Self.setup)
    for relation in harness.tables {
      // IS [NOT] NULL on every column, whatever its type.
      for variable in harness.variables(of: relation, where: { _ in true }) {
        for isNull in [true, false] {
          try harness.check(
            variable, relation, "\(variable.column.name) IS \(isNull ? "" : "NOT ")NULL",
            NullBoolSelectivity.nullTestSel(variable, isNull: isNull))
        }
      }
      for variable in harness.variables(of: relation) {
        if variable.type == .boolean { try Self.checkBoolean(variable, relation, &harness) }
        try Self.checkArrays(variable, relation, &harness)
      }
    }
    // The never-analyzed table: every estimator's default.
    let noStatistics = try #require(harness.tables.first { $0.name == "sel_nostats" })
    let id = VariableStatistics(column: try #require(noStatistics.column("id")), of: noStatistics)
    let name = VariableStatistics(column: try #require(noStatistics.column("name")), of: noStatistics)
    #expect(!id.hasStatistics && !name.hasStatistics)
    try harness.check(
      id, noStatistics, "id < 10", InequalitySelectivity.scalarIneqSel(id, operator: .less, constant: .integer(10)))
    try harness.check(id, noStatistics, "id = 10", EqualitySelectivity.varEqConst(id, constant: .integer(10)))
    try harness.check(id, noStatistics, "id <> 10", EqualitySelectivity.neqSel(id, constant: .integer(10)))
    for (kind, pattern) in [
      (PatternSelectivity.Kind.like, "name1%"), (.like, "%ame%"), (.iLike, "NAME1%"),
      (.regex, "^name1"), (.regex, "e1$"), (.iRegex, "^NA"),
    ] {
      for negated in [false, true] {
        try harness.check(
          name, noStatistics, "name \(kind.sql(negated: negated)) \(SelectivityHarness.quote(pattern))",
          PatternSelectivity.patternSel(name, kind: kind, pattern: Array(pattern.utf8), negate: negated))
      }
    }
    #expect(harness.compared >= 300)
    #expect(harness.mismatches.isEmpty, "\(harness.report)")
    print("array/null/bool \(workload): \(harness.compared) compared, \(harness.mismatches.count) differ")
  }

  static func checkBoolean(
    _ variable: VariableStatistics, _ relation: Relation, _ harness: inout SelectivityHarness
  ) throws {
    let column = variable.column.name
    try harness.check(variable, relation, column, NullBoolSelectivity.boolVarSel(variable))
    try harness.check(variable, relation, "NOT \(column)", NullBoolSelectivity.boolVarSel(variable, negated: true))
    for test in NullBoolSelectivity.BooleanTest.allCases {
      try harness.check(
        variable, relation, "\(column) \(test.sql)", NullBoolSelectivity.boolTestSel(variable, test: test))
    }
  }

  static func checkArrays(
    _ variable: VariableStatistics, _ relation: Relation, _ harness: inout SelectivityHarness
  ) throws {
    let column = variable.column.name
    let mcvs = variable.statistics?.mostCommonValues ?? []
    let bounds = variable.statistics?.histogramBounds ?? []
    let outside = SelectivityHarness.outside(type: variable.type)
    var lists: [[String?]] = []
    if mcvs.count >= 2 { lists.append(Array(mcvs.prefix(3))) }
    if mcvs.count >= 1 { lists.append([mcvs[mcvs.count - 1], outside.first, nil]) }
    if bounds.count >= 3 { lists.append(SelectivityHarness.spread(bounds, count: 3)) }
    if bounds.count >= 2 { lists.append([bounds[1], nil, bounds[bounds.count - 2]] + mcvs.prefix(1).map { $0 }) }
    if mcvs.count >= 6 { lists.append(Array(mcvs.prefix(6))) }
    if variable.type == .boolean { lists.append(["true", "false"]) }
    if lists.isEmpty, !outside.isEmpty { lists.append(outside) }

    for list in lists {
      var elements: [ArraySelectivity.Element] = []
      for text in list {
        guard let text else {
          elements.append(.null)
          continue
        }
        guard let datum = Datum.parse(text, as: variable.type) else { return }
        elements.append(.value(datum))
      }
      let literals = list.map { $0.map(SelectivityHarness.quote) ?? "NULL" }
      let array = "ARRAY[\(literals.joined(separator: ", "))]::\(variable.type)[]"
      let inList = literals.joined(separator: ", ")
      let cases: [(String, ArraySelectivity.ElementOperator, Bool)] = [
        ("\(column) IN (\(inList))", .equal, true),
        ("\(column) NOT IN (\(inList))", .notEqual, false),
        ("\(column) = ANY(\(array))", .equal, true),
        ("\(column) <> ALL(\(array))", .notEqual, false),
        ("\(column) = ALL(\(array))", .equal, false),
        ("\(column) <> ANY(\(array))", .notEqual, true),
        ("\(column) < ANY(\(array))", .inequality(.less), true),
        ("\(column) >= ALL(\(array))", .inequality(.greaterOrEqual), false),
        ("\(column) > ANY(\(array))", .inequality(.greater), true),
      ]
      for (predicate, op, useOr) in cases {
        // A one-element IN list is a plain `=`, which the parser makes of it.
        let selectivity = ArraySelectivity.scalarArraySel(variable, operator: op, useOr: useOr, elements: elements)
        try harness.check(variable, relation, predicate, selectivity)
      }
      if variable.type.isString {
        let patterns = list.compactMap { $0.map { String($0.prefix(2)) + "%" } }
        let patternArray = "ARRAY[\(patterns.map(SelectivityHarness.quote).joined(separator: ", "))]"
        let patternElements = patterns.map { ArraySelectivity.Element.value(.text(Array($0.utf8))) }
        try harness.check(
          variable, relation, "\(column) LIKE ANY(\(patternArray))",
          ArraySelectivity.scalarArraySel(
            variable, operator: .pattern(.like, negated: false), useOr: true, elements: patternElements))
        try harness.check(
          variable, relation, "\(column) NOT LIKE ALL(\(patternArray))",
          ArraySelectivity.scalarArraySel(
            variable, operator: .pattern(.like, negated: true), useOr: false, elements: patternElements))
      }
    }
    // A NULL array matches nothing.
    try harness.check(
      variable, relation, "\(column) = ANY(NULL::\(variable.column.type)[])",
      ArraySelectivity.scalarArraySel(variable, operator: .equal, useOr: true, elements: nil))
  }
}
