import AugurExplain
import AugurPlan
import Foundation
import Testing

/// `augur explain diff`: pairing the nodes of two plans of one query and reporting what changed.
@Suite struct PlanDiffTests {
  static let plans = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Corpus/explain/plans")

  static let names: [String] = {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: plans.path)) ?? []
    return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
  }()

  static func json(_ name: String) throws -> ExplainedPlan {
    try ExplainJSONReader.read(Data(contentsOf: plans.appendingPathComponent("\(name).json")), file: name)
  }

  static func text(_ name: String) throws -> ExplainedPlan {
    try ExplainTextReader.read(Data(contentsOf: plans.appendingPathComponent("\(name).txt")), file: name)
  }

  /// Every node of both plans appears exactly once.
  static func expectEveryNodeOnce(_ diff: PlanDiff, _ before: ExplainedPlan, _ after: ExplainedPlan, _ label: String) {
    let beforePaths = diff.nodes.compactMap(\.beforePath)
    let afterPaths = diff.nodes.compactMap(\.afterPath)
    #expect(beforePaths.count == before.root.allNodes.count, "\(label)")
    #expect(Set(beforePaths).count == beforePaths.count, "\(label)")
    #expect(afterPaths.count == after.root.allNodes.count, "\(label)")
    #expect(Set(afterPaths).count == afterPaths.count, "\(label)")
  }

  @Test func theCorpusIsThere() {
    #expect(Self.names.count >= 38)
  }

  @Test func aPlanDiffedWithItselfIsUnchanged() throws {
    for name in Self.names {
      let plan = try Self.json(name)
      let diff = PlanDiff(before: plan, after: plan)
      #expect(diff.sameShape, "\(name)")
      #expect(
        diff.nodes.allSatisfy { $0.kind == .unchanged }, "\(name): \(diff.nodes.filter { $0.kind != .unchanged })")
      #expect(diff.nodes.allSatisfy { $0.beforePath == $0.afterPath }, "\(name)")
      #expect(diff.nodes.count == plan.root.allNodes.count, "\(name)")
      #expect(diff.summary.costRatio == 1, "\(name)")
      if plan.executionTime != nil { #expect(diff.summary.executionTimeRatio == 1, "\(name)") }
      if plan.root.buffers != nil { #expect(diff.summary.sharedBuffersRatio == 1, "\(name)") }
    }
  }

  @Test func jsonAndTextOfOnePlanHaveTheSameShapeAndNumbers() throws {
    for name in Self.names {
      let json = try Self.json(name)
      let text = try Self.text(name)
      let diff = PlanDiff(before: json, after: text)
      #expect(diff.sameShape, "\(name)")
      #expect(diff.added.isEmpty && diff.removed.isEmpty, "\(name)")
      let numbers = diff.nodes.flatMap(\.changes).filter {
        $0.hasPrefix("rows ") || $0.hasPrefix("cost ") || $0.hasPrefix("estimated rows ")
      }
      #expect(numbers.isEmpty, "\(name): \(numbers)")
      Self.expectEveryNodeOnce(diff, json, text, name)
    }
  }

  /// Fixture 35 (Limit → WindowAgg → Sort → Seq Scan on events) after an index on
  /// `events (occurred_at DESC, event_id)`: the Sort goes, the Seq Scan becomes an Index Scan.
  static func withIndex(_ plan: ExplainedPlan) throws -> ExplainedPlan {
    var after = plan
    var limit = after.root
    var window = try #require(limit.children.first)
    let sort = try #require(window.children.first)
    #expect(sort.nodeType == "Sort")
    var scan = try #require(sort.children.first)
    #expect(scan.nodeType == "Seq Scan")
    scan.nodeType = "Index Scan"
    scan.properties.insert(PlanProperty(key: "Index Name", value: .string("events_occurred_at_idx")), at: 0)
    scan.properties.insert(PlanProperty(key: "Scan Direction", value: .string("Backward")), at: 0)
    scan.estimate = PlanEstimate(startupCost: 0.29, totalCost: 8.4, rows: 93972, width: 25)
    scan.actual = PlanActual(startupTime: 0.01, totalTime: 0.03, rows: 11, loops: 1)
    var buffers = BufferUsage()
    buffers.sharedHit = 5
    scan.buffers = buffers
    window.children = [scan]
    window.estimate = PlanEstimate(startupCost: 0.29, totalCost: 12.5, rows: 93972, width: 33)
    window.actual = PlanActual(startupTime: 0.02, totalTime: 0.05, rows: 10, loops: 1)
    window.buffers = buffers
    limit.children = [window]
    limit.estimate = PlanEstimate(startupCost: 0.29, totalCost: 1.6, rows: 10, width: 33)
    limit.actual = PlanActual(startupTime: 0.02, totalTime: 0.06, rows: 10, loops: 1)
    limit.buffers = buffers
    after.root = limit
    after.executionTime = 0.1
    return after
  }

  @Test func anIndexReplacingASeqScanAndASort() throws {
    let before = try Self.json("35_limit_over_full_sort")
    let after = try Self.withIndex(before)
    let diff = PlanDiff(before: before, after: after)
    #expect(!diff.sameShape)
    Self.expectEveryNodeOnce(diff, before, after, "35")

    let scan = try #require(diff.nodes.first { $0.before?.hasPrefix("Seq Scan") == true })
    #expect(scan.kind == .changed)
    #expect(scan.before == "Seq Scan on public.events")
    #expect(scan.after == "Index Scan using events_occurred_at_idx on public.events")
    #expect(scan.beforePath == [0, 0, 0] && scan.afterPath == [0, 0])
    #expect(scan.changes.contains("scan type Seq Scan → Index Scan"))
    #expect(scan.changes.contains("rows 93972 → 11"))
    #expect(scan.changes.contains("buffers 1427 → 5"))
    #expect(scan.changes.contains { $0.hasPrefix("cost 2367 → 8.4") })
    #expect(scan.changes.contains { $0.hasPrefix("self time ") })

    #expect(diff.removed.map(\.before) == ["Sort"])
    #expect(diff.removed.first?.beforePath == [0, 0])
    #expect(diff.added.isEmpty)
    #expect(diff.nodes.map(\.kind) == [.changed, .changed, .removed, .changed])
    #expect(diff.nodes[0].before == "Limit" && diff.nodes[0].after == "Limit")
    #expect(diff.nodes[1].before == "WindowAgg" && diff.nodes[1].after == "WindowAgg")
    // The Limit returns the same 10 rows, more cheaply.
    #expect(!diff.nodes[0].changes.contains { $0.hasPrefix("rows ") })
    #expect(diff.nodes[0].changes.contains { $0.hasPrefix("cost ") })

    #expect(diff.summary.totalCostBefore == 10128.98 && diff.summary.totalCostAfter == 1.6)
    #expect(try #require(diff.summary.costRatio) < 0.01)
    #expect(diff.summary.executionTimeBefore == 24.903 && diff.summary.executionTimeAfter == 0.1)
    #expect(try #require(diff.summary.executionTimeRatio) < 0.01)
    #expect(diff.summary.sharedBuffersBefore == 1433 && diff.summary.sharedBuffersAfter == 5)
    #expect(diff.summary.planningTimeRatio == 1)

    // Backwards, the Sort is added and the scan goes back.
    let back = PlanDiff(before: after, after: before)
    #expect(back.added.map(\.after) == ["Sort"])
    #expect(back.removed.isEmpty)
    #expect(back.changed.contains { $0.changes.contains("scan type Index Scan → Seq Scan") })
    #expect(back.nodes.map(\.kind) == [.changed, .changed, .added, .changed])
  }

  @Test func aBitmapScanPairsWithTheSeqScanItReplaces() throws {
    let before = try Self.json("27_seq_scan_selective_filter")
    var heap = before.root
    heap.nodeType = "Bitmap Heap Scan"
    heap.properties.removeAll { $0.key == "Filter" || $0.key == "Rows Removed by Filter" }
    heap.properties.append(PlanProperty(key: "Recheck Cond", value: .string("(orders.total >= 1000)")))
    heap.children = [
      PlanNode(
        nodeType: "Bitmap Index Scan", estimate: PlanEstimate(startupCost: 0, totalCost: 4.6, rows: 36, width: 0),
        actual: PlanActual(startupTime: 0.01, totalTime: 0.01, rows: 35, loops: 1),
        properties: [PlanProperty(key: "Index Name", value: .string("orders_total_idx"))])
    ]
    let diff = PlanDiff(before: before, after: ExplainedPlan(root: heap, executionTime: before.executionTime))
    let scan = try #require(diff.nodes.first)
    #expect(scan.kind == .changed)
    #expect(scan.changes.contains("scan type Seq Scan → Bitmap Heap Scan"))
    #expect(scan.changes.contains("Filter removed"))
    #expect(scan.changes.contains("Recheck Cond added"))
    #expect(diff.added.map(\.after) == ["Bitmap Index Scan using orders_total_idx"])
    #expect(diff.removed.isEmpty)
  }

  @Test func plansOfDifferentQueriesShowAddedAndRemovedNodes() throws {
    let before = try Self.json("35_limit_over_full_sort")
    let after = try Self.json("18_hash_join_batches")
    let diff = PlanDiff(before: before, after: after)
    #expect(!diff.sameShape)
    #expect(!diff.added.isEmpty)
    #expect(!diff.removed.isEmpty)
    Self.expectEveryNodeOnce(diff, before, after, "35 → 18")
  }

  @Test func everyPairOfFixturesDiffsWithoutLosingNodes() throws {
    let plans = try Self.names.map { ($0, try Self.json($0)) }
    for (nameB, before) in plans {
      for (nameA, after) in plans where nameA != nameB {
        let diff = PlanDiff(before: before, after: after)
        #expect(!diff.sameShape || before.root.allNodes.count == after.root.allNodes.count, "\(nameB) → \(nameA)")
        Self.expectEveryNodeOnce(diff, before, after, "\(nameB) → \(nameA)")
        // Pairs never join scans of different relations.
        for change in diff.nodes where change.kind == .changed || change.kind == .unchanged {
          // The scanned thing, without a trailing subplan name: "public.users" of "... on public.users (InitPlan 1)".
          func scanned(_ text: String) -> Substring? {
            guard let on = text.range(of: " on ") else { return nil }
            let rest = text[on.upperBound...]
            return rest.range(of: " (").map { rest[..<$0.lowerBound] } ?? rest
          }
          if let b = change.before, let a = change.after, let relB = scanned(b), let relA = scanned(a) {
            #expect(relB == relA, "\(nameB) → \(nameA): \(b) / \(a)")
          }
        }
      }
    }
  }

  @Test func theDiffRoundTripsThroughJSON() throws {
    let before = try Self.json("35_limit_over_full_sort")
    let diff = PlanDiff(before: before, after: try Self.withIndex(before))
    let data = try JSONEncoder().encode(diff)
    #expect(try JSONDecoder().decode(PlanDiff.self, from: data) == diff)
  }
}
