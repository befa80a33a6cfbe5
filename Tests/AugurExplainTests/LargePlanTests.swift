import AugurExplain
import AugurPlan
import Foundation
import Testing

/// A 50 MB plan (an Append over many partitions, as a partitioned table with thousands of
/// partitions produces) is read whole, in JSON and in text, without running out of time or stack.
@Suite(.serialized) struct LargePlanTests {
  static let partitions = 60_000

  static func jsonPlan() -> String {
    var text =
      #"[{"Plan": {"Node Type": "Append", "Startup Cost": 0.00, "Total Cost": 99999.00, "Plan Rows": 60000, "#
      + #""Plan Width": 8, "Actual Startup Time": 0.010, "Actual Total Time": 999.000, "Actual Rows": 60000, "#
      + #""Actual Loops": 1, "Plans": ["#
    text.reserveCapacity(52_000_000)
    for index in 0..<partitions {
      if index > 0 { text += "," }
      text +=
        #"{"Node Type": "Seq Scan", "Parent Relationship": "Member", "Parallel Aware": false, "#
        + #""Async Capable": false, "Relation Name": "events_p\#(index)", "Schema": "public", "#
        + #""Alias": "events_p\#(index)", "Startup Cost": 0.00, "Total Cost": 35.50, "Plan Rows": 1, "#
        + #""Plan Width": 8, "Actual Startup Time": 0.002, "Actual Total Time": 0.015, "Actual Rows": 1, "#
        + #""Actual Loops": 1, "Output": ["events_p\#(index).id", "events_p\#(index).occurred_at"], "#
        + #""Filter": "(events_p\#(index).occurred_at >= '2024-01-01 00:00:00+00'::timestamp with time zone)", "#
        + #""Rows Removed by Filter": 120, "Shared Hit Blocks": 3, "Shared Read Blocks": 0, "#
        + #""Shared Dirtied Blocks": 0, "Shared Written Blocks": 0, "Local Hit Blocks": 0, "#
        + #""Local Read Blocks": 0, "Local Dirtied Blocks": 0, "Local Written Blocks": 0, "#
        + #""Temp Read Blocks": 0, "Temp Written Blocks": 0, "Padding": ""# + String(repeating: "x", count: 160)
        + #""}"#
    }
    text += #"]}, "Planning Time": 900.0, "Execution Time": 1000.0}]"#
    return text
  }

  @Test func fiftyMegabyteJSONPlanIsReadWhole() throws {
    let text = Self.jsonPlan()
    #expect(text.utf8.count >= 50_000_000)
    let plan = try ExplainJSONReader.read(Data(text.utf8))
    #expect(plan.root.children.count == Self.partitions)
    #expect(plan.root.children.last?.relationName == "events_p\(Self.partitions - 1)")
    let analysis = PlanAnalysis(plan: plan)
    #expect(analysis.metrics.count == Self.partitions + 1)
  }

  @Test func fiftyMegabyteTextPlanIsReadWhole() throws {
    var text = "Append  (cost=0.00..99999.00 rows=60000 width=8) (actual time=0.010..999.000 rows=60000 loops=1)\n"
    text.reserveCapacity(52_000_000)
    for index in 0..<Self.partitions {
      text +=
        "  ->  Seq Scan on public.events_p\(index)  (cost=0.00..35.50 rows=1 width=8) "
        + "(actual time=0.002..0.015 rows=1 loops=1)\n"
        + "        Output: events_p\(index).id, events_p\(index).occurred_at\n"
        + "        Filter: (events_p\(index).occurred_at >= '2024-01-01 00:00:00+00'::timestamp with time zone)\n"
        + "        Rows Removed by Filter: 120\n"
        + "        Buffers: shared hit=3\n"
        + "        Note: " + String(repeating: "x", count: 500) + "\n"
    }
    text += "Planning Time: 900.000 ms\nExecution Time: 1000.000 ms\n"
    #expect(text.utf8.count >= 50_000_000)
    let plan = try ExplainTextReader.read(text)
    #expect(plan.root.children.count == Self.partitions)
    #expect(plan.executionTime == 1000)
  }
}
