import AugurCatalog
import AugurPlanner
import AugurSQL
import AugurTestSupport
import Foundation
import Testing

/// Every statement of the SQL corpus and every workload query goes through the planner against
/// snapshots built from the workloads' DDL: each is planned or refused with a typed error
/// (not supported, semantic, syntax), never a crash, and every plan it returns is well formed.
@Suite struct PlannerRobustnessTests {
  static func snapshot(_ workload: String) throws -> StatsSnapshot {
    let root = SharedTestCluster.repositoryRoot
    let schema = try String(
      contentsOf: root.appendingPathComponent("Corpus/\(workload)/schema.sql"), encoding: .utf8)
    var ddl = SchemaFromDDL(rowHints: [:])
    try ddl.apply(schema, file: "\(workload)/schema.sql")
    return try ddl.snapshot(createdAt: "2024-01-01T00:00:00Z")
  }

  static func statements(_ path: String) throws -> [String] {
    let text = try String(contentsOf: SharedTestCluster.repositoryRoot.appendingPathComponent(path), encoding: .utf8)
    let bytes = Array(text.utf8)
    return try SQLParser.split(text).map {
      String(decoding: bytes[$0.range.start..<$0.range.end], as: UTF8.self)
    }
  }

  @Test(arguments: ["ecommerce", "warehouse", "clickstream"])
  func everyStatementIsPlannedOrRefusedWithAReason(workload: String) throws {
    let planner = Planner(snapshot: try Self.snapshot(workload))
    let root = SharedTestCluster.repositoryRoot
    var sources = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Corpus/sql").path)
      .filter { $0.hasSuffix(".sql") }.sorted().map { "Corpus/sql/\($0)" }
    sources += try FileManager.default.contentsOfDirectory(
      atPath: root.appendingPathComponent("Corpus/\(workload)/queries").path
    ).filter { $0.hasSuffix(".sql") }.sorted().map { "Corpus/\(workload)/queries/\($0)" }
    var planned = 0
    var refused = 0
    var malformed: [String] = []
    for source in sources {
      for sql in try Self.statements(source) {
        do {
          let plan = try planner.plan(sql)
          planned += 1
          for node in plan.root.allNodes {
            // A ModifyTable without RETURNING returns no rows; every other node at least one.
            let fewestRows = node.nodeType == "ModifyTable" ? 0.0 : 1.0
            guard let estimate = node.estimate, estimate.rows >= fewestRows, estimate.totalCost >= estimate.startupCost,
              estimate.startupCost >= 0, estimate.totalCost.isFinite, estimate.width >= 0
            else {
              malformed.append("\(source): \(node.nodeType) \(String(describing: node.estimate)) for \(sql.prefix(80))")
              continue
            }
          }
        } catch {
          refused += 1
        }
      }
    }
    #expect(planned > 0 && refused > 0, "planned \(planned), refused \(refused)")
    #expect(malformed.isEmpty, "\(malformed.prefix(10))")
  }
}
