import AugurCatalog
import AugurCompare
import AugurExplain
import AugurPlan
import AugurPostgres
import AugurSQL
import Foundation
import Testing

/// The generated single-table queries: enough of them, every case covered, all valid SQL that
/// PostgreSQL plans, and among them queries PostgreSQL answers with each scan method.
@Suite struct SingleTableQueryGeneratorTests {
  @Test func threeWorkloadsGiveAtLeast300QueriesPostgreSQLPlansCoveringEveryCase() throws {
    var all: [ComparedQuery] = []
    var scanTypes: Set<String> = []
    for workload in Workloads.names {
      let connection = try Workloads.connect(workload, suite: "generator")
      let snapshot = try CompareRunner.gatherSnapshot(connection)
      let queries = SingleTableQueryGenerator.generate(snapshot: snapshot, prefix: workload)
      #expect(queries == SingleTableQueryGenerator.generate(snapshot: snapshot, prefix: workload), "deterministic")
      let runner = ExplainRunner(connection: connection)
      for query in queries {
        #expect(throws: Never.self, "\(query.name)") { try SQLParser.parse(query.sql) }
        do {
          let json = try runner.explain(query.sql, options: ExplainRunner.Options())
          let plan = try ExplainJSONReader.read(Data(json.utf8))
          scanTypes.formUnion(plan.root.allNodes.map(\.nodeType).filter { $0.hasSuffix("Scan") })
        } catch {
          Issue.record("\(query.name): PostgreSQL cannot EXPLAIN it: \(error)\n\(query.sql)")
        }
      }
      all += queries
    }
    #expect(all.count >= 300)
    #expect(Set(all.map(\.name)).count == all.count, "names are unique")
    let covered = Set(all.compactMap(\.caseLabel))
    #expect(
      covered == Set(SingleTableQueryGenerator.allCases),
      "missing: \(Set(SingleTableQueryGenerator.allCases).subtracting(covered).sorted())")
    for scan in ["Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan"] {
      #expect(scanTypes.contains(scan), "PostgreSQL never chose a \(scan)")
    }
  }

  @Test func queryFilesKeepTheirCaseAndCandidateIndex() throws {
    let query = ComparedQuery(
      name: "x", sql: "SELECT * FROM orders WHERE status = 'paid'", caseLabel: "eq-mcv",
      hypotheticalIndex: "orders(status)")
    let read = ComparedQuery(name: "x", fileText: query.fileText)
    #expect(read.caseLabel == "eq-mcv" && read.hypotheticalIndex == "orders(status)")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("augur-gen-\(UUID().uuidString)").path
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try ComparedQuery.write([query], to: directory)
    #expect(try ComparedQuery.load(directory: directory).first?.caseLabel == "eq-mcv")
  }
}
