import AugurCompare
import Testing

/// ACCEPTANCE TEST for Augur's planner (issue: single-table accuracy). Expected to FAIL until the
/// planner handles single-table queries: it runs the full comparison over the generated queries
/// of the three workloads at scale 1 and requires root rows within 1% of PostgreSQL's for ≥ 95%
/// of queries, the same scan type and index for ≥ 95%, total cost within 1% for ≥ 90%, and
/// agreement with HypoPG on hypothetical indexes for ≥ 90% of the candidates.
///
///     swift test --skip-build --disable-xctest --filter SingleTableAccuracyTests
@Suite struct SingleTableAccuracyTests {
  @Test func singleTablePlansMatchPostgreSQL() throws {
    var reports: [CompareReport] = []
    for workload in Workloads.names {
      let connection = try Workloads.connect(workload, suite: "accuracy")
      let snapshot = try CompareRunner.gatherSnapshot(connection)
      let queries = SingleTableQueryGenerator.generate(snapshot: snapshot, prefix: workload)
      let runner = CompareRunner(
        connection: connection, snapshot: snapshot, options: CompareRunner.Options(analyze: false, hypothetical: true))
      reports.append(try runner.run(queries))
    }
    let report = try #require(CompareReport.merged(reports, database: "scale-1 workloads"))
    let summary = report.summary
    let detail = report.markdown()
    #expect(summary.queries >= 300)
    #expect(summary.share(summary.rootRowsAgree) >= 0.95, "root rows within 1%\n\(detail.prefix(4_000))")
    #expect(summary.share(summary.sameScans) >= 0.95, "same scan type and index")
    #expect(summary.share(summary.totalCostAgrees) >= 0.90, "total cost within 1%")
    #expect(summary.hypotheticalCandidates > 0)
    #expect(
      summary.share(summary.hypotheticalAgree, of: summary.hypotheticalCandidates) >= 0.90,
      "hypothetical index agreement")
  }
}
