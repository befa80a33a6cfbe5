import AugurExplain
import AugurPlan
import AugurSQL
import Foundation
import Testing

/// The TEXT reader against the committed fixtures: each TEXT plan must agree with the JSON plan of
/// the same execution on everything the text shows.
struct ExplainTextReaderTests {
  static let explainDirectory: URL = {
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
      url.deleteLastPathComponent()
      let candidate = url.appendingPathComponent("Corpus/explain")
      if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("plans").path) { return candidate }
    }
    return URL(fileURLWithPath: "Corpus/explain")
  }()

  static var plansDirectory: URL { explainDirectory.appendingPathComponent("plans") }
  static var badDirectory: URL { explainDirectory.appendingPathComponent("bad") }

  static func caseNames() -> [String] {
    let files = (try? FileManager.default.contentsOfDirectory(atPath: plansDirectory.path)) ?? []
    return files.filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }
      .filter { files.contains($0 + ".json") }.sorted()
  }

  static func text(_ url: URL) throws -> String {
    try String(contentsOf: url, encoding: .utf8)
  }

  static func jsonPlan(_ name: String) throws -> ExplainedPlan {
    let data = try Data(contentsOf: plansDirectory.appendingPathComponent(name + ".json"))
    return try ExplainJSONReader.read(data, file: name + ".json")
  }

  /// Every difference between the JSON and TEXT readings, as `case: path: key: json X text Y`.
  static func differences(_ name: String, json: ExplainedPlan, text: ExplainedPlan) -> [String] {
    var problems: [String] = []
    func compare(_ j: PlanNode, _ t: PlanNode, path: String) {
      func report(_ key: String, _ a: Any?, _ b: Any?) {
        problems.append(
          "\(name): \(path) (\(j.nodeType)): \(key): json \(a.map { "\($0)" } ?? "nil") text \(b.map { "\($0)" } ?? "nil")"
        )
      }
      if j.nodeType != t.nodeType { report("Node Type", j.nodeType, t.nodeType) }
      if j.estimate != t.estimate { report("estimate", j.estimate, t.estimate) }
      if j.actual != t.actual { report("actual", j.actual, t.actual) }
      if (j.buffers ?? BufferUsage()) != (t.buffers ?? BufferUsage()) { report("buffers", j.buffers, t.buffers) }
      if j.workers.count != t.workers.count {
        report("workers", j.workers.count, t.workers.count)
      } else {
        for (jw, tw) in zip(j.workers, t.workers) {
          if jw.number != tw.number || jw.actual != tw.actual {
            report("worker \(jw.number) actual", jw.actual, tw.actual)
          }
          if (jw.buffers ?? BufferUsage()) != (tw.buffers ?? BufferUsage()) {
            report("worker \(jw.number) buffers", jw.buffers, tw.buffers)
          }
          for property in tw.properties
          where jw.properties.first(where: { $0.key == property.key })?.value != property.value {
            report(
              "worker \(jw.number) \(property.key)", jw.properties.first { $0.key == property.key }?.value,
              property.value)
          }
        }
      }
      for property in t.properties where j[property.key] != property.value {
        report(property.key, j[property.key], property.value)
      }
      if j.children.count != t.children.count {
        report("children", j.children.map(\.nodeType), t.children.map(\.nodeType))
        return
      }
      for (index, (jc, tc)) in zip(j.children, t.children).enumerated() {
        compare(jc, tc, path: path + ".Plans[\(index)]")
      }
    }
    compare(json.root, text.root, path: "Plan")
    func report(_ key: String, _ a: Any?, _ b: Any?) {
      problems.append("\(name): \(key): json \(a.map { "\($0)" } ?? "nil") text \(b.map { "\($0)" } ?? "nil")")
    }
    if json.planningTime != text.planningTime { report("Planning Time", json.planningTime, text.planningTime) }
    if json.executionTime != text.executionTime { report("Execution Time", json.executionTime, text.executionTime) }
    if (json.planningBuffers ?? BufferUsage()) != (text.planningBuffers ?? BufferUsage()) {
      report("Planning Buffers", json.planningBuffers, text.planningBuffers)
    }
    if json.settings != text.settings { report("Settings", json.settings, text.settings) }
    if json.triggers.count != text.triggers.count {
      report("Triggers", json.triggers, text.triggers)
    } else {
      for (jt, tt) in zip(json.triggers, text.triggers)
      where jt.name != tt.name || jt.time != tt.time || jt.calls != tt.calls
        || (tt.relation != nil && tt.relation != jt.relation)
      {
        report("Trigger", jt, tt)
      }
    }
    for property in text.properties
    where json.properties.first(where: { $0.key == property.key })?.value != property.value {
      report(property.key, json.properties.first { $0.key == property.key }?.value, property.value)
    }
    return problems
  }

  @Test func corpusHasPairs() {
    #expect(Self.caseNames().count >= 38)
  }

  @Test(arguments: caseNames())
  func textAgreesWithJSON(name: String) throws {
    let json = try Self.jsonPlan(name)
    let text = try ExplainTextReader.read(
      try Self.text(Self.plansDirectory.appendingPathComponent(name + ".txt")), file: name + ".txt")
    let problems = Self.differences(name, json: json, text: text)
    #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
  }

  /// The comparison itself catches a changed figure, label or shape.
  @Test func comparisonDetectsDifferences() throws {
    let name = "27_seq_scan_selective_filter"
    let json = try Self.jsonPlan(name)
    let original = try Self.text(Self.plansDirectory.appendingPathComponent(name + ".txt"))
    for (from, to) in [
      ("Rows Removed by Filter: 23965", "Rows Removed by Filter: 23966"), ("Seq Scan on", "Sample Scan on"),
    ] {
      #expect(original.contains(from))
      let changed = try ExplainTextReader.read(original.replacingOccurrences(of: from, with: to))
      #expect(!Self.differences(name, json: json, text: changed).isEmpty)
    }
  }

  @Test func readsTypedDetails() throws {
    let hash = try ExplainTextReader.read(
      try Self.text(Self.plansDirectory.appendingPathComponent("18_hash_join_batches.txt")))
    let hashNode = try #require(hash.root.allNodes.first { $0.nodeType == "Hash" })
    #expect(hashNode.number("Hash Batches") == 16)
    #expect(hashNode.number("Original Hash Buckets") != nil)
    #expect(hash.root.allNodes.contains { $0.buffers?.tempWritten == 543 })

    let triggers = try ExplainTextReader.read(
      try Self.text(Self.plansDirectory.appendingPathComponent("38_triggers_fk_insert.txt")))
    #expect(triggers.root.nodeType == "ModifyTable" && triggers.root.string("Operation") == "Insert")
    #expect(triggers.triggers.map(\.calls) == [343, 343, 343])
    #expect(triggers.root.number("WAL Records") == 1032)

    let subplan = try ExplainTextReader.read(
      try Self.text(Self.plansDirectory.appendingPathComponent("16_partition_pruning_execution_time.txt")))
    let nodes = subplan.root.allNodes
    #expect(nodes[1].parentRelationship == "InitPlan" && nodes[1].subplanName == "InitPlan 2 (returns $1)")
    #expect(nodes.filter { $0.actual?.neverExecuted == true }.count == 3)
    #expect(nodes.first { $0.nodeType == "Index Only Scan" }?.string("Scan Direction") == "Backward")

    let jit = try ExplainTextReader.read(
      try Self.text(Self.plansDirectory.appendingPathComponent("36_jit_short_query.txt")))
    #expect(jit.properties.contains { $0.key == "JIT" })
  }

  static func variantFiles() -> [String] {
    let directory = plansDirectory.appendingPathComponent("variants")
    let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    // `*.psql-json.txt` is JSON in psql's frame: the JSON reader's input, not this one's.
    return files.filter { $0.hasSuffix(".txt") && !$0.contains("-json") }.sorted()
  }

  @Test(arguments: variantFiles())
  func variantsReadWithTheExpectedShape(file: String) throws {
    let url = Self.plansDirectory.appendingPathComponent("variants").appendingPathComponent(file)
    let plan = try ExplainTextReader.read(try Self.text(url), file: file)
    let name = String(file.prefix { $0 != "." })
    let json = try Self.jsonPlan(name)
    #expect(plan.root.allNodes.map(\.nodeType) == json.root.allNodes.map(\.nodeType))
    func shape(_ node: PlanNode) -> String {
      node.nodeType + "(" + node.children.map(shape).joined(separator: ",") + ")"
    }
    #expect(shape(plan.root) == shape(json.root))
    if file.contains("costs-off") { #expect(plan.root.estimate == nil) }
    if file.contains("estimates") { #expect(plan.root.actual == nil && plan.root.estimate != nil) }
    if file.contains("timing-off") {
      #expect(plan.root.allNodes.allSatisfy { $0.actual != nil && $0.actual?.totalTime == nil })
    }
    if file.contains("psql") { #expect(plan.executionTime != nil) }
  }

  @Test func pastedWrappersAreUnwrapped() throws {
    let original = try Self.text(Self.plansDirectory.appendingPathComponent("07_parallel_hash_join.txt"))
    let plain = try ExplainTextReader.read(original)
    let lines = original.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.isEmpty }
    // psql frame with ` +` marks, a leading space, CRLF and tabs for leading runs of 4 spaces.
    var pasted = "                QUERY PLAN\r\n---------------------------------\r\n"
    for line in lines {
      var text = String(line)
      if text.hasPrefix("        ") { text = "\t" + text.dropFirst(4) }
      pasted += " " + text + " +\r\n"
    }
    pasted += "(\(lines.count) rows)\r\n\r\n"
    let read = try ExplainTextReader.read(pasted)
    #expect(read == plain)
  }

  @Test func fractionalRowsAndBareCostsOffNodes() throws {
    let plan = try ExplainTextReader.read(
      """
      Nested Loop  (cost=0.00..1.50 rows=0.25 width=4) (actual rows=0.50 loops=2)
        ->  Seq Scan on t
              Filter: (x > 1)
        ->  Hash Right Anti Join
      """)
    #expect(plan.root.estimate?.rows == 0.25 && plan.root.actual?.rows == 0.5)
    #expect(plan.root.children.map(\.nodeType) == ["Seq Scan", "Hash Join"])
    #expect(plan.root.children[1].joinType == "Right Anti")
    #expect(plan.root.children[1].parentRelationship == "Inner")
  }

  static func parseError(_ text: String) -> ExplainParseError? {
    do {
      _ = try ExplainTextReader.read(text)
      return nil
    } catch {
      return error
    }
  }

  @Test func emptyInputIsAnError() throws {
    let text = try Self.text(Self.badDirectory.appendingPathComponent("empty.txt"))
    let error = try #require(Self.parseError(text))
    #expect(error.message.contains("empty"))
    #expect(Self.parseError("   \n\n") != nil)
  }

  @Test func brokenIndentationIsAnErrorAtLine17() throws {
    let text = try Self.text(Self.badDirectory.appendingPathComponent("broken_indentation.txt"))
    let error = try #require(Self.parseError(text))
    #expect(error.position?.line == 17)
    #expect(error.position?.column == 12)
  }

  @Test func wrappedMidWordIsRejoined() throws {
    let text = try Self.text(Self.badDirectory.appendingPathComponent("wrapped_mid_word.txt"))
    let plan = try ExplainTextReader.read(text)
    let scan = try #require(plan.root.allNodes.first { $0.nodeType == "Seq Scan" && $0.alias == "e" })
    #expect(scan.actual == PlanActual(startupTime: 0.219, totalTime: 7.245, rows: 350, loops: 1))
    let json = try Self.jsonPlan("26_expression_overestimate")
    #expect(plan.root.allNodes.map(\.nodeType) == json.root.allNodes.map(\.nodeType))
  }

  @Test func garbageIsAnErrorNotACrash() throws {
    let data = try Data(contentsOf: Self.badDirectory.appendingPathComponent("garbage.bin"))
    do {
      _ = try ExplainTextReader.read(data, file: "garbage.bin")
      Issue.record("garbage.bin read as a plan")
    } catch {
      #expect(error.position?.offset == 0)
    }
    #expect(Self.parseError(String(decoding: data, as: UTF8.self)) != nil)
  }

  @Test func structuralErrorsHaveLines() throws {
    let attributeFirst = try #require(
      Self.parseError("Filter: (x > 1)\nSeq Scan on t  (cost=0.00..1.00 rows=1 width=4)"))
    #expect(attributeFirst.position?.line == 1)
    let tooDeep = try #require(
      Self.parseError(
        """
        Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)
                Filter: (x > 1)
        """))
    #expect(tooDeep.position?.line == 2 && tooDeep.position?.column == 9)
    let notAPlan = try #require(Self.parseError("hello world, this is not a plan"))
    #expect(notAPlan.position?.line == 1)
    let trailing = try #require(
      Self.parseError("Seq Scan on t  (cost=0.00..1.00 rows=1 width=4)\nsomething else"))
    #expect(trailing.position?.line == 2)
  }
}
