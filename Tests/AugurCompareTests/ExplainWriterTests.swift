import AugurExplain
import AugurPlan
import AugurSQL
import Foundation
import Testing

/// PostgreSQL's own EXPLAIN output, read by Augur's readers and written back by its writers,
/// must come out as PostgreSQL wrote it.
@Suite struct ExplainWriterTests {
  static let plans = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Corpus/explain/plans")

  static func fixtures(_ suffix: String) -> [URL] {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: plans.path)) ?? []
    return names.filter { $0.hasSuffix(suffix) }.sorted().map { plans.appendingPathComponent($0) }
  }

  /// The document without what `ExplainedPlan` does not model: a trigger's constraint name,
  /// I/O timings of the planning phase, and the empty `Workers` list of a Gather whose workers
  /// never started.
  static func withoutUnmodeledMembers(_ value: JSONValue, key: String = "") -> JSONValue {
    switch value {
    case .object(let members):
      var kept = members.filter { member in
        if member.key == "Constraint Name" { return false }
        if key == "Planning", member.key.contains("I/O") { return false }
        if member.key == "Workers", member.value == .array([]) { return false }
        return true
      }
      kept = kept.map { JSONValue.Member(key: $0.key, value: withoutUnmodeledMembers($0.value, key: $0.key)) }
      return .object(kept)
    case .array(let items): return .array(items.map { withoutUnmodeledMembers($0, key: key) })
    default: return value
    }
  }

  /// The first line where the two differ (the shorter count when one is a prefix of the other).
  static func firstDifference(_ a: [String], _ b: [String]) -> Int {
    for index in 0..<min(a.count, b.count) where a[index] != b[index] { return index }
    return min(a.count, b.count)
  }

  static func read(_ url: URL) throws -> String {
    try String(contentsOf: url, encoding: .utf8)
  }

  @Test func everyJSONFixtureIsWrittenBackByteForByte() throws {
    let files =
      Self.fixtures(".json") + [Self.plans.appendingPathComponent("variants/18_hash_join_batches.estimates.json")]
    #expect(files.count >= 39)
    for file in files {
      let original = try Self.read(file)
      let plan = try ExplainJSONReader.read(Data(original.utf8), file: file.lastPathComponent)
      let expected = original.hasSuffix("\n") ? String(original.dropLast()) : original
      let written = ExplainJSONWriter.write(plan)
      let document = try JSONValue.parse(Array(expected.utf8))
      let modeled = Self.withoutUnmodeledMembers(document)
      if modeled != document {
        // The reader's model drops a few members; everything else must be equal.
        #expect(try JSONValue.parse(Array(written.utf8)) == modeled, "\(file.lastPathComponent)")
        continue
      }
      if written != expected {
        let writtenLines = written.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let first = Self.firstDifference(writtenLines, expectedLines)
        let wrote = first < writtenLines.count ? writtenLines[first] : "<end>"
        let wanted = first < expectedLines.count ? expectedLines[first] : "<end>"
        Issue.record("\(file.lastPathComponent):\(first + 1): wrote \(wrote), PostgreSQL wrote \(wanted)")
      }
    }
  }

  @Test func estimateOnlyTextFixturesAreWrittenBackLineForLine() throws {
    for name in ["01_pk_lookup.estimates.txt", "37_high_planning_time.estimates.txt"] {
      let original = try Self.read(Self.plans.appendingPathComponent("variants/\(name)"))
      let plan = try ExplainTextReader.read(original, file: name)
      #expect(plan.root.actual == nil)
      let expected = original.hasSuffix("\n") ? String(original.dropLast()) : original
      #expect(ExplainTextWriter.write(plan) == expected, "\(name)")
    }
  }

  /// ANALYZE text plans: every line written equals PostgreSQL's line, in order, and reading the
  /// written text gives the same plan.
  @Test func analyzedTextFixturesAreWrittenBackNodeByNode() throws {
    // 12: a SubPlan's "Rows Removed by Filter: 0" is a per-loop average that rounds to 0; TEXT
    // prints it because it is not zero, which a plan holding the rounded 0 cannot tell.
    let files = Self.fixtures(".txt").filter { !$0.lastPathComponent.hasPrefix("12_") }
    #expect(files.count >= 37)
    for file in files {
      let original = try Self.read(file)
      let plan = try ExplainTextReader.read(original, file: file.lastPathComponent)
      let written = ExplainTextWriter.write(plan)
      // The reader keeps no trigger constraint names (`TriggerTiming`).
      let expectedLines = original.split(separator: "\n").map {
        String($0).replacingOccurrences(of: #" for constraint \S+:"#, with: ":", options: .regularExpression)
      }
      let writtenLines = written.split(separator: "\n").map(String.init)
      let first = Self.firstDifference(writtenLines, expectedLines)
      if first < min(writtenLines.count, expectedLines.count) {
        Issue.record(
          "\(file.lastPathComponent):\(first + 1): wrote\n\(writtenLines[first])\nPostgreSQL wrote\n\(expectedLines[first])"
        )
        continue
      }
      #expect(writtenLines.count == expectedLines.count, "\(file.lastPathComponent)")
      #expect(try ExplainTextReader.read(written) == plan, "\(file.lastPathComponent)")
    }
  }

  @Test func predictedPlansUseExplainsShape() {
    let scan = PlanNode(
      nodeType: "Seq Scan", estimate: PlanEstimate(startupCost: 0, totalCost: 35.5, rows: 2550, width: 4),
      properties: [
        PlanProperty(key: "Parallel Aware", value: .bool(false)),
        PlanProperty(key: "Async Capable", value: .bool(false)),
        PlanProperty(key: "Relation Name", value: .string("t")), PlanProperty(key: "Alias", value: .string("t")),
        PlanProperty(key: "Filter", value: .string("(a > 5)")),
      ])
    let text = ExplainTextWriter.write(ExplainedPlan(root: scan))
    #expect(text == "Seq Scan on t  (cost=0.00..35.50 rows=2550 width=4)\n  Filter: (a > 5)")
    let json = ExplainJSONWriter.write(ExplainedPlan(root: scan))
    #expect(
      json.hasPrefix("[\n  {\n    \"Plan\": {\n      \"Node Type\": \"Seq Scan\",\n      \"Parallel Aware\": false,"))
    #expect(json.contains("\"Startup Cost\": 0.00,\n      \"Total Cost\": 35.50,\n      \"Plan Rows\": 2550,"))
  }
}
