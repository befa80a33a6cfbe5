import AugurExplain
import AugurPlan
import AugurSQL
import Foundation
import Testing

/// The YAML and XML readers against `Corpus/explain/plans/yaml-xml/`: each case was run three
/// times by PostgreSQL 15 (FORMAT JSON, YAML, XML; `Corpus/explain/generate_yaml_xml.sh`), and
/// the YAML and XML readings must match the JSON one except in what differs between executions.
@Suite struct ExplainYAMLXMLReaderTests {
  static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Corpus/explain/plans/yaml-xml")

  /// Deterministic cases: everything but timing- and buffer-dependent values agrees.
  static let exactCases = [
    "join_sort", "initplan_subplan", "trigger_insert_rolled_back", "hash_batches", "aggregate_having",
    "incremental_sort",
  ]
  /// Parallel cases: compared on shape, estimates and keys only (workers' shares vary).
  static let parallelCases = ["parallel_gather"]

  /// Property keys whose values may differ between two executions of the same plan: times,
  /// memory and disk figures, WAL volume, and the query id (which covers the EXPLAIN options).
  /// (Times and buffer counts are typed fields, compared only for presence.) In the committed
  /// fixtures only `Query Identifier` actually differs.
  static let volatileKeys: Set<String> = [
    "Actual Startup Time", "Actual Total Time", "Peak Memory Usage", "Memory Usage", "Sort Space Used",
    "Average Sort Space Used", "Peak Sort Space Used", "Disk Usage", "WAL Records", "WAL FPI", "WAL Bytes",
    "I/O Read Time", "I/O Write Time", "Query Identifier",
  ]

  enum Format: String, CaseIterable { case yaml, xml }

  static func load(_ name: String, _ ext: String) throws -> Data {
    try Data(contentsOf: folder.appendingPathComponent("\(name).\(ext)"))
  }

  static func read(_ name: String, _ format: Format) throws -> ExplainedPlan {
    let data = try load(name, format.rawValue)
    switch format {
    case .yaml: return try ExplainYAMLReader.read(data, file: "\(name).yaml")
    case .xml: return try ExplainXMLReader.read(data, file: "\(name).xml")
    }
  }

  static func kind(_ value: JSONValue) -> String {
    switch value {
    case .null: "null"
    case .bool: "bool"
    case .int: "int"
    case .double: "double"
    case .string: "string"
    case .array(let items): "array[\(items.count)]"
    case .object(let members): "object{\(members.map(\.key).joined(separator: ","))}"
    }
  }

  static func compareProperties(
    _ expected: [PlanProperty], _ actual: [PlanProperty], exact: Bool, context: String
  ) {
    #expect(expected.map(\.key) == actual.map(\.key), "\(context): property keys")
    for (want, got) in zip(expected, actual) where want.key == got.key {
      if exact && !volatileKeys.contains(want.key) {
        #expect(want.value == got.value, "\(context): \(want.key)")
      } else if !volatileKeys.contains(want.key) || !(want.value.isObject) {
        // Same JSON type (int stays int, text stays text) even when the value may differ.
        #expect(kind(want.value) == kind(got.value), "\(context): \(want.key) type")
      } else {
        #expect(kind(want.value) == kind(got.value), "\(context): \(want.key) keys")
      }
    }
  }

  static func compare(_ expected: ExplainedPlan, _ actual: ExplainedPlan, exact: Bool, context: String) {
    let want = expected.root.allNodes
    let got = actual.root.allNodes
    #expect(want.count == got.count, "\(context): node count")
    #expect(shape(expected.root) == shape(actual.root), "\(context): shape")
    for (index, (a, b)) in zip(want, got).enumerated() {
      let location = "\(context) node \(index) \(a.nodeType)"
      #expect(a.nodeType == b.nodeType, "\(location): node type")
      #expect(a.estimate == b.estimate, "\(location): estimate")
      #expect((a.actual == nil) == (b.actual == nil), "\(location): actual presence")
      #expect((a.buffers == nil) == (b.buffers == nil), "\(location): buffers presence")
      if exact {
        #expect(a.actual?.rows == b.actual?.rows, "\(location): actual rows")
        #expect(a.actual?.loops == b.actual?.loops, "\(location): actual loops")
        #expect(a.workers.count == b.workers.count, "\(location): workers")
      }
      compareProperties(a.properties, b.properties, exact: exact, context: location)
    }
    #expect((expected.planningTime == nil) == (actual.planningTime == nil), "\(context): planning time")
    #expect((expected.executionTime == nil) == (actual.executionTime == nil), "\(context): execution time")
    #expect((expected.planningBuffers == nil) == (actual.planningBuffers == nil), "\(context): planning buffers")
    #expect(expected.triggers.map(\.name) == actual.triggers.map(\.name), "\(context): triggers")
    #expect(expected.triggers.map(\.relation) == actual.triggers.map(\.relation), "\(context): trigger relations")
    #expect(expected.triggers.map(\.calls) == actual.triggers.map(\.calls), "\(context): trigger calls")
    #expect(expected.settings == actual.settings, "\(context): settings")
    compareProperties(expected.properties, actual.properties, exact: exact, context: "\(context) top level")
  }

  /// Node types nested as the tree nests them.
  static func shape(_ node: PlanNode) -> String {
    node.children.isEmpty ? node.nodeType : "\(node.nodeType)(\(node.children.map(shape).joined(separator: ", ")))"
  }

  @Test(arguments: exactCases, Format.allCases)
  func readsDeterministicCaseLikeJSON(name: String, format: Format) throws {
    let json = try ExplainJSONReader.read(try Self.load(name, "json"), file: "\(name).json")
    let other = try Self.read(name, format)
    Self.compare(json, other, exact: true, context: "\(name).\(format.rawValue)")
  }

  @Test(arguments: parallelCases, Format.allCases)
  func readsParallelCaseLikeJSONOnShape(name: String, format: Format) throws {
    let json = try ExplainJSONReader.read(try Self.load(name, "json"), file: "\(name).json")
    let other = try Self.read(name, format)
    Self.compare(json, other, exact: false, context: "\(name).\(format.rawValue)")
    let gather = try #require(other.root.allNodes.first { $0.nodeType.hasPrefix("Gather") })
    #expect(gather.workersPlanned == 2)
    #expect(other.root.allNodes.contains { !$0.workers.isEmpty })
  }

  @Test(arguments: Format.allCases)
  func keepsEscapesTriggersAndTypes(format: Format) throws {
    let plan = try Self.read("trigger_insert_rolled_back", format)
    #expect(plan.triggers.map(\.name) == ["yx_items_audit"])
    #expect(plan.triggers.first?.calls == 200)
    let scan = try #require(plan.root.children.first)
    #expect(scan.strings("Output")?.last == #"(('item: "'::text || (g.g)::text) || '" <&>'::text)"#)
    #expect(plan.root["Parallel Aware"] == .bool(false))
    #expect(plan.root.estimate?.rows == 0)
    #expect(plan.settings.first { $0.key == "random_page_cost" }?.value == .string("1.1"))
  }

  @Test(arguments: Format.allCases)
  func namesIncrementalSortGroupsAsJSONDoes(format: Format) throws {
    let plan = try Self.read("incremental_sort", format)
    let sort = try #require(plan.root.allNodes.first { $0.nodeType == "Incremental Sort" })
    #expect(sort["Full-sort Groups"]?["Group Count"] != nil)
    #expect(sort["Pre-sorted Groups"]?["Sort Methods Used"] != nil)
  }

  /// psql's aligned rendering of a one-row result (header, ` +` continuations, footer).
  static func psqlWrapped(_ data: Data) -> Data {
    let lines = String(decoding: data, as: UTF8.self).split(separator: "\n").map { " " + $0 }
    let body = lines.enumerated().map { $0.offset < lines.count - 1 ? $0.element + " +" : $0.element }
    return Data((["     QUERY PLAN", "--------------------"] + body + ["(1 row)", ""]).joined(separator: "\n").utf8)
  }

  @Test(arguments: Format.allCases)
  func readsPsqlAlignedOutput(format: Format) throws {
    let data = Self.psqlWrapped(try Self.load("initplan_subplan", format.rawValue))
    let plan =
      switch format {
      case .yaml: try ExplainYAMLReader.read(data)
      case .xml: try ExplainXMLReader.read(data)
      }
    Self.compare(try Self.read("initplan_subplan", format), plan, exact: true, context: "psql \(format.rawValue)")
  }

  // MARK: - Malformed input

  static func expectError(_ body: () throws(ExplainParseError) -> ExplainedPlan) -> ExplainParseError? {
    do {
      _ = try body()
      Issue.record("expected an error")
      return nil
    } catch {
      #expect(error.position != nil, "no position: \(error)")
      return error
    }
  }

  @Test func truncatedXMLFailsWithPosition() throws {
    let data = try Self.load("join_sort", "xml")
    let text = String(decoding: data, as: UTF8.self)
    let truncated = Data(text.prefix(text.count / 2).utf8)
    let error = Self.expectError { () throws(ExplainParseError) in try ExplainXMLReader.read(truncated, file: "t.xml") }
    #expect((error?.position?.line ?? 0) > 1)
    #expect(error?.file == "t.xml")
  }

  @Test func malformedXMLFailsWithPosition() throws {
    let error = Self.expectError { () throws(ExplainParseError) in
      try ExplainXMLReader.read(Data("<explain>\n  <Query>\n    <Plan></Query>\n</explain>".utf8))
    }
    #expect((error?.position?.line ?? 0) >= 3)
  }

  @Test func emptyAndNonPlanXMLFail() {
    _ = Self.expectError { () throws(ExplainParseError) in try ExplainXMLReader.read(Data()) }
    _ = Self.expectError { () throws(ExplainParseError) in try ExplainXMLReader.read(Data("  \n".utf8)) }
    let html = Self.expectError { () throws(ExplainParseError) in
      try ExplainXMLReader.read(Data("<html><body>hi</body></html>".utf8))
    }
    #expect(html?.position?.line == 1)
    let noPlan = Self.expectError { () throws(ExplainParseError) in
      try ExplainXMLReader.read(
        Data(
          "<explain xmlns=\"http://www.postgresql.org/2009/explain\">\n  <Query>\n    <Planning-Time>1</Planning-Time>\n  </Query>\n</explain>"
            .utf8))
    }
    #expect(noPlan?.message.contains("not an EXPLAIN plan") == true)
  }

  @Test func badlyIndentedYAMLFailsWithLine() throws {
    let text = String(decoding: try Self.load("join_sort", "yaml"), as: UTF8.self)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let target = try #require(lines.firstIndex { $0.contains("Total Cost:") })
    lines[target] = " " + lines[target]
    let error = Self.expectError { () throws(ExplainParseError) in
      try ExplainYAMLReader.read(Data(lines.joined(separator: "\n").utf8), file: "bad.yaml")
    }
    #expect(error?.position?.line == target + 1)
    #expect(error?.message.contains("indentation") == true)

    var outdented = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    let child = try #require(outdented.firstIndex { $0.contains("Parent Relationship:") })
    outdented[child] = String(outdented[child].dropFirst(1))
    let second = Self.expectError { () throws(ExplainParseError) in
      try ExplainYAMLReader.read(Data(outdented.joined(separator: "\n").utf8))
    }
    #expect(second?.position?.line == child + 1)
  }

  @Test func malformedYAMLFailsWithPosition() {
    _ = Self.expectError { () throws(ExplainParseError) in try ExplainYAMLReader.read(Data()) }
    _ = Self.expectError { () throws(ExplainParseError) in try ExplainYAMLReader.read(Data("\n  \n".utf8)) }
    let unterminated = Self.expectError { () throws(ExplainParseError) in
      try ExplainYAMLReader.read(Data("- Plan: \n    Node Type: \"Seq Scan\n".utf8))
    }
    #expect(unterminated?.position?.line == 2)
    let notPlan = Self.expectError { () throws(ExplainParseError) in
      try ExplainYAMLReader.read(Data("- Foo: 1\n  Bar: \"x\"\n".utf8))
    }
    #expect(notPlan?.message.contains("not an EXPLAIN plan") == true)
    let noKey = Self.expectError { () throws(ExplainParseError) in
      try ExplainYAMLReader.read(Data("- Plan: \n    Node Type: \"Result\"\n    just words\n".utf8))
    }
    #expect(noKey?.position?.line == 3)
  }
}

extension JSONValue {
  fileprivate var isObject: Bool {
    if case .object = self { return true }
    return false
  }
}
