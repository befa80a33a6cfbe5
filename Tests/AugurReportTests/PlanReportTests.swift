import AugurExplain
import AugurPlan
import AugurReport
import Foundation
import Testing

/// The renderers format what the analysis found, nothing more.
@Suite struct PlanReportTests {
  static func fixture(_ name: String) throws -> (ExplainedPlan, PlanAnalysis) {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Corpus/explain/plans/\(name).json")
    let plan = try ExplainJSONReader.read(try Data(contentsOf: url))
    return (plan, PlanAnalysis(plan: plan))
  }

  @Test func textListsEveryNodeAndFindingWithoutColourByDefault() throws {
    let (plan, analysis) = try Self.fixture("17_sort_external_merge")
    let text = PlanReport.text(plan, analysis)
    #expect(
      text.split(separator: "\n").filter { $0.contains("rows ") || $0.contains("never executed") }.count
        >= plan.root.allNodes.count - 1)
    #expect(text.contains("[warning] sort-spill"))
    #expect(!text.contains("\u{1B}["))
  }

  @Test func colourIsAddedOnlyWhenAsked() throws {
    let (plan, analysis) = try Self.fixture("17_sort_external_merge")
    let coloured = PlanReport.text(plan, analysis, color: true)
    #expect(coloured.contains("\u{1B}[33m[warning]\u{1B}[0m"))
  }

  @Test func markdownHasATableRowPerNodeAndTheFindings() throws {
    let (plan, analysis) = try Self.fixture("24_nested_loop_underestimated_outer")
    let markdown = PlanReport.markdown(plan, analysis)
    let tableRows = markdown.split(separator: "\n").filter { $0.hasPrefix("| ") && !$0.hasPrefix("| Node") }
    #expect(tableRows.count == plan.root.allNodes.count)
    #expect(markdown.contains("`nested-loop-misestimate`"))
    #expect(markdown.contains("## Findings"))
  }

  @Test func healthyPlansSayNoFindings() throws {
    let (plan, analysis) = try Self.fixture("01_pk_lookup")
    #expect(PlanReport.text(plan, analysis).contains("No findings."))
    #expect(PlanReport.markdown(plan, analysis).contains("No findings."))
  }
}
