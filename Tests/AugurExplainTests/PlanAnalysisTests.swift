import AugurExplain
import AugurPlan
import Foundation
import Testing

/// Findings on the EXPLAIN corpus (`Corpus/explain`): each case built to show a problem names the
/// finding it must trigger in its header; healthy cases must trigger no warning.
@Suite struct PlanAnalysisTests {
  struct Case: Sendable, CustomTestStringConvertible {
    var name: String
    /// The finding id the case names, or nil for a healthy plan.
    var expected: String?
    var testDescription: String { name }
  }

  static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Corpus/explain")

  static let cases: [Case] = {
    let directory = root.appendingPathComponent("cases")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.filter { $0.hasSuffix(".sql") }.sorted().compactMap { file in
      guard let text = try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8),
        let line = text.split(separator: "\n").first(where: { $0.hasPrefix("-- finding:") })
      else { return nil }
      let value = line.dropFirst("-- finding:".count).trimmingCharacters(in: .whitespaces)
      let id = value.split(separator: " ").first.map(String.init)
      return Case(name: String(file.dropLast(4)), expected: id == "none" ? nil : id)
    }
  }()

  static func analysis(_ name: String) throws -> PlanAnalysis {
    let data = try Data(contentsOf: root.appendingPathComponent("plans/\(name).json"))
    return PlanAnalysis(plan: try ExplainJSONReader.read(data, file: name))
  }

  @Test func theCorpusHasProblemAndHealthyCases() {
    #expect(Self.cases.count >= 30)
    #expect(Self.cases.filter { $0.expected == nil }.count >= 8)
    #expect(Set(Self.cases.compactMap(\.expected)).count >= 12)
  }

  @Test(arguments: cases)
  func namedFindingFiresAndHealthyPlansStayQuiet(_ testCase: Case) throws {
    let analysis = try Self.analysis(testCase.name)
    let warnings = analysis.findings.filter { $0.severity >= .warning }
    if let expected = testCase.expected {
      #expect(
        analysis.findings.contains { $0.id == expected },
        "\(testCase.name): expected \(expected), got \(analysis.findings.map(\.id))")
    } else {
      #expect(warnings.isEmpty, "\(testCase.name): healthy plan reported \(warnings.map { "\($0.id): \($0.title)" })")
    }
  }

  @Test func exclusiveTimesAddUpToTheRootAndSharesToOne() throws {
    for testCase in Self.cases {
      let analysis = try Self.analysis(testCase.name)
      let root = try #require(analysis.metrics.first)
      let exclusive = analysis.metrics.compactMap(\.exclusiveTime).reduce(0, +)
      guard let inclusive = root.inclusiveTime else { continue }
      // InitPlans run outside their parent's time and are added back as their own nodes.
      #expect(exclusive >= inclusive * 0.98, "\(testCase.name): \(exclusive) < \(inclusive)")
      #expect(analysis.metrics.allSatisfy { ($0.exclusiveTime ?? 0) >= 0 }, "\(testCase.name)")
    }
  }

  @Test func qErrorIsSymmetricAndFlooredAtOneRow() throws {
    let plan = ExplainedPlan(
      root: PlanNode(
        nodeType: "Hash Join", estimate: PlanEstimate(startupCost: 0, totalCost: 10, rows: 10, width: 4),
        actual: PlanActual(startupTime: 0, totalTime: 5, rows: 1_000, loops: 1),
        children: [
          PlanNode(
            nodeType: "Seq Scan", estimate: PlanEstimate(startupCost: 0, totalCost: 1, rows: 100, width: 4),
            actual: PlanActual(startupTime: 0, totalTime: 1, rows: 0, loops: 1))
        ]), executionTime: 5)
    let metrics = PlanMetricsCalculator.metrics(for: plan)
    #expect(metrics[0].qError == 100 && metrics[0].underestimated)
    #expect(metrics[1].qError == 100 && !metrics[1].underestimated)
    #expect(metrics[0].exclusiveTime == 4 && metrics[0].shareOfTotal == 0.8)
  }

  @Test func parallelNodesShareTheirTimeAmongProcesses() throws {
    let analysis = try Self.analysis("05_parallel_seq_scan_gather")
    let gather = try #require(analysis.metrics.first)
    let scan = try #require(analysis.metrics.last)
    #expect(gather.path.isEmpty && scan.path == [0])
    // Per-loop time × 3 loops / 3 processes: no more than the Gather's own wall time.
    #expect((scan.inclusiveTime ?? 0) <= (gather.inclusiveTime ?? 0) * 1.05)
  }
}

/// Findings carry actions the advisor can try.
@Suite struct FindingActionTests {
  static func findings(_ name: String) throws -> [Finding] {
    try PlanAnalysisTests.analysis(name).findings
  }

  @Test func sequentialScanFilterSuggestsAnIndexOnTheFilteredColumns() throws {
    let finding = try #require(try Self.findings("27_seq_scan_selective_filter").first { $0.id == "seq-scan-filter" })
    guard case .index(let table, let columns)? = finding.action else {
      Issue.record("no index action: \(String(describing: finding.action))")
      return
    }
    #expect(table.hasSuffix("orders"))
    #expect(columns == ["total"])
  }

  @Test func spillsSuggestWorkMemAndHeapFetchesSuggestVacuum() throws {
    let sort = try #require(try Self.findings("17_sort_external_merge").first { $0.id == "sort-spill" })
    guard case .setting(let name, let value)? = sort.action else {
      Issue.record("no setting action")
      return
    }
    #expect(name == "work_mem" && value.hasSuffix("MB"))
    let fetches = try #require(try Self.findings("28_index_only_scan_heap_fetches").first { $0.id == "heap-fetches" })
    guard case .vacuum(let table)? = fetches.action else {
      Issue.record("no vacuum action")
      return
    }
    #expect(!table.isEmpty)
  }

  @Test func misestimatesOnFunctionsPointAtTheColumnsInvolved() throws {
    let finding = try #require(
      try Self.findings("25_function_of_column_misestimate").first { $0.id == "row-misestimate" })
    guard case .statistics(_, let columns)? = finding.action else {
      Issue.record("no statistics action: \(String(describing: finding.action))")
      return
    }
    #expect(!columns.isEmpty)
  }

  static func cteScan(name: String, removed: Double, kept: Double) -> PlanNode {
    PlanNode(
      nodeType: "CTE Scan", estimate: PlanEstimate(startupCost: 0, totalCost: 100, rows: kept, width: 8),
      actual: PlanActual(startupTime: 0, totalTime: 10, rows: kept, loops: 1),
      properties: [
        PlanProperty(key: "CTE Name", value: .string(name)),
        PlanProperty(key: "Filter", value: .string("(recent.total > 100)")),
        PlanProperty(key: "Rows Removed by Filter", value: .double(removed)),
      ])
  }

  @Test func materializedCTEScannedOnceThroughASelectiveFilterIsReported() {
    let once = ExplainedPlan(root: Self.cteScan(name: "recent", removed: 50_000, kept: 100), executionTime: 10)
    #expect(PlanAnalysis(plan: once).findings.contains { $0.id == "cte-materialized" })
    let twice = ExplainedPlan(
      root: PlanNode(
        nodeType: "Append", actual: PlanActual(startupTime: 0, totalTime: 20, rows: 200, loops: 1),
        children: [
          Self.cteScan(name: "recent", removed: 50_000, kept: 100),
          Self.cteScan(name: "recent", removed: 50_000, kept: 100),
        ]), executionTime: 20)
    #expect(!PlanAnalysis(plan: twice).findings.contains { $0.id == "cte-materialized" })
  }
}
