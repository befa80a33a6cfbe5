import AugurCompare
import AugurExplain
import AugurPlan
import AugurPostgres
import Foundation
import Testing

/// The comparison mechanics, independent of Augur's planner: PostgreSQL's plan compared with
/// itself must agree everywhere; deliberately edited copies must be reported as the misses they are.
@Suite struct PlanComparisonTests {
  static let queries = [
    "SELECT * FROM orders WHERE status = 'paid'",
    "SELECT * FROM orders WHERE user_id = 42 ORDER BY created_at DESC LIMIT 5",
    "SELECT status, count(*) FROM orders GROUP BY status",
    "SELECT * FROM products WHERE price BETWEEN 10 AND 20",
  ]

  static func plans(analyze: Bool) throws -> [ExplainedPlan] {
    let connection = try Workloads.connect("ecommerce", suite: "compare_mechanics")
    let runner = ExplainRunner(connection: connection)
    return try queries.map {
      let json = try runner.explain($0, options: ExplainRunner.Options(analyze: analyze))
      return try ExplainJSONReader.read(Data(json.utf8))
    }
  }

  @Test func aPlanComparedWithItselfAgreesEverywhere() throws {
    let estimated = try Self.plans(analyze: false)
    let analyzed = try Self.plans(analyze: true)
    for (plan, actual) in zip(estimated, analyzed) {
      let comparison = PlanComparison(augur: plan.root, postgres: plan.root, analyzed: actual.root)
      #expect(comparison.sameShape && comparison.sameScans && comparison.rootRowsAgree && comparison.totalCostAgrees)
      #expect(comparison.misses.isEmpty)
      #expect(comparison.nodes.count == plan.root.allNodes.count)
      #expect(comparison.nodes.allSatisfy { $0.rowsDifference == 0 && $0.costDifference == 0 })
      // Both sides have the same estimate, so the same q-error, computed against actual rows.
      let root = try #require(comparison.nodes.first)
      #expect(root.actualRows == actual.root.actual?.rows)
      #expect(root.augurQError != nil && root.augurQError == root.postgresQError)
      #expect(try #require(root.postgresQError) >= 1)
    }
  }

  @Test func editedRowsAndCostsAreMissesWithTheirDifference() throws {
    let plan = try #require(try Self.plans(analyze: false).first)
    var edited = plan.root
    edited.estimate?.rows = (plan.root.estimate?.rows ?? 0) * 1.2
    edited.estimate?.totalCost = (plan.root.estimate?.totalCost ?? 0) * 1.005
    let comparison = PlanComparison(augur: edited, postgres: plan.root)
    #expect(comparison.sameShape && comparison.sameScans)
    #expect(!comparison.rootRowsAgree)
    #expect(comparison.totalCostAgrees, "0.5% is within the 1% tolerance")
    let root = try #require(comparison.nodes.first)
    #expect(abs((root.rowsDifference ?? 0) - 0.2) < 1e-9)
    #expect(comparison.misses.map(\.kind) == [.rootRows])
    #expect(comparison.misses.first?.message.contains("20.0% apart") ?? false)

    edited.estimate?.totalCost = (plan.root.estimate?.totalCost ?? 0) * 1.02
    let costly = PlanComparison(augur: edited, postgres: plan.root)
    #expect(!costly.totalCostAgrees)
    #expect(costly.misses.contains { $0.kind == .totalCost && $0.message.contains("2.0% apart") })
  }

  @Test func aDifferentScanOrShapeIsNamed() throws {
    let plans = try Self.plans(analyze: false)
    // Replace the first scan by another scan method, as a planner that chose differently would.
    let original = plans[1].root
    let path = try #require(Self.firstScanPath(original))
    var edited = original
    Self.edit(&edited, at: path) { scan in
      let wasSeq = scan.nodeType == "Seq Scan"
      scan.nodeType = wasSeq ? "Index Scan" : "Seq Scan"
      scan.properties.removeAll { $0.key == "Index Name" || $0.key == "Scan Direction" }
      if wasSeq { scan.properties.insert(PlanProperty(key: "Index Name", value: .string("fake_idx")), at: 1) }
    }
    let comparison = PlanComparison(augur: edited, postgres: original)
    #expect(!comparison.sameShape && !comparison.sameScans)
    #expect(comparison.misses.contains { $0.kind == .shape && $0.path == path && $0.message.contains("on orders") })
    #expect(comparison.misses.contains { $0.kind == .scan })
    #expect(comparison.shapeCause == .scanMethod)

    // A missing node: Augur's tree lacks the child.
    var pruned = plans[2].root
    pruned.children = []
    let missing = PlanComparison(augur: pruned, postgres: plans[2].root)
    #expect(!missing.sameShape)
    #expect(missing.misses.contains { $0.kind == .shape && $0.message.contains("Augur has no node") })
    #expect(missing.nodes.contains { $0.augur == nil && $0.postgres != nil })
  }

  /// The kind of choice behind a shape difference, read from the first node where the plans
  /// part: the pairs of node labels a planner's different choices produce.
  @Test func shapeMissesAreClassifiedByTheChoiceThatDiffers() {
    let cases: [(String?, String?, PlanComparison.ShapeCause)] = [
      ("Seq Scan on orders", "Index Scan using orders_pkey on orders", .scanMethod),
      ("Bitmap Heap Scan on users", "Index Only Scan using users_pkey on users", .scanMethod),
      ("Seq Scan on users", "Seq Scan on orders", .joinOrder),
      ("Hash Join", "Nested Loop", .joinMethod),
      ("Hash Semi Join", "Merge Semi Join", .joinMethod),
      ("Hash Join", "Seq Scan on orders", .joinOrder),
      ("Gather", "Hash Join", .parallelism),
      ("Seq Scan on orders", "Parallel Seq Scan on orders", .parallelism),
      ("HashAggregate", "GroupAggregate", .aggregation),
      ("Hash Join", "HashAggregate", .aggregation),
      ("Sort", "Incremental Sort", .ordering),
      ("Nested Loop", "Materialize", .ordering),
      ("WindowAgg", "Subquery Scan", .other),
      (nil, "Sort", .ordering),
      ("Seq Scan on orders", nil, .joinOrder),
    ]
    for (augur, postgres, cause) in cases {
      #expect(
        PlanComparison.shapeCause(augur: augur, postgres: postgres) == cause, "\(augur ?? "-") / \(postgres ?? "-")")
    }
  }

  static func firstScanPath(_ node: PlanNode, path: [Int] = []) -> [Int]? {
    if node.nodeType.hasSuffix("Scan") { return path }
    for (index, child) in node.children.enumerated() {
      if let found = firstScanPath(child, path: path + [index]) { return found }
    }
    return nil
  }

  static func edit(_ node: inout PlanNode, at path: [Int], _ change: (inout PlanNode) -> Void) {
    guard let first = path.first else { return change(&node) }
    edit(&node.children[first], at: Array(path.dropFirst()), change)
  }

  @Test func aRunRecordsEveryQueryAndReportsEachMiss() throws {
    let connection = try Workloads.connect("ecommerce", suite: "compare_run")
    let snapshot = try CompareRunner.gatherSnapshot(connection)
    let queries = [
      ComparedQuery(name: "a_eq", sql: Self.queries[0], caseLabel: "eq-mcv"),
      ComparedQuery(name: "b_range", sql: Self.queries[3], caseLabel: "range-between"),
      ComparedQuery(name: "c_bad", sql: "SELECT * FROM no_such_table WHERE id = 42", caseLabel: "broken"),
    ]
    let runner = CompareRunner(
      connection: connection, snapshot: snapshot, options: CompareRunner.Options(analyze: true, hypothetical: true))
    let report = try runner.run(queries)
    #expect(report.queries.map(\.name) == ["a_eq", "b_range", "c_bad"])
    #expect(report.queries[2].status == .postgresError)
    #expect(report.queries[2].message?.contains("no_such_table") ?? false)
    for outcome in report.queries.prefix(2) {
      #expect(outcome.postgresPlan != nil && outcome.postgresPlanningTime != nil)
      // Whatever the planner's state, every query has an outcome with a reason when it is not compared.
      #expect(outcome.status == .compared || outcome.message != nil)
    }
    // products.price leads no index alone: the range query gets a hypothetical candidate.
    #expect(report.queries[1].hypothetical?.index == "products(price)")
    let markdown = report.markdown()
    #expect(markdown.contains("### broken") && markdown.contains("PostgreSQL error"))
    // Misses are listed with their query, normalized unless literals are asked for.
    #expect(markdown.contains("`SELECT * FROM no_such_table WHERE id = $1`"), "queries are normalized")
    #expect(report.markdown(showLiterals: true).contains("WHERE id = 42"))
    let json = try JSONSerialization.jsonObject(with: report.json()) as? [String: Any]
    #expect((json?["summary"] as? [String: Any])?["queries"] as? Int == 3)
  }
}
