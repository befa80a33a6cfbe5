import AugurPlan
import AugurSQL
import Foundation

/// Reads `EXPLAIN (FORMAT JSON)` output — the array psql prints, a single `{"Plan": ...}` object as
/// auto_explain logs it, or either wrapped in psql's `QUERY PLAN` header and `+` continuation
/// marks — into an `ExplainedPlan`.
public enum ExplainJSONReader {
  public static func read(_ data: Data, file: String? = nil) throws(ExplainParseError) -> ExplainedPlan {
    let bytes = Array(unwrappingPsql(data))
    let document: JSONValue
    do {
      document = try JSONValue.parse(bytes)
    } catch {
      throw ExplainParseError(
        file: file, position: SourcePosition(offset: error.offset, inUTF8: bytes),
        message: "not valid JSON: \(error.message)")
    }
    return try plan(from: document, file: file)
  }

  /// psql prints a one-row JSON result as a table: a `QUERY PLAN` header, a dashes line, each
  /// line of the value indented by one space and ended by ` +`, and a `(1 row)` footer. Returns
  /// the value itself; other input unchanged. (Line numbers in errors then count from the value.)
  static func unwrappingPsql(_ data: Data) -> Data {
    let text = String(decoding: data, as: UTF8.self)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map {
      $0.hasSuffix("\r") ? $0.dropLast() : $0
    }
    guard let header = lines.firstIndex(where: { !$0.allSatisfy(\.isWhitespace) }),
      lines[header].trimmingCharacters(in: .whitespaces) == "QUERY PLAN", header + 1 < lines.count,
      lines[header + 1].allSatisfy({ $0 == "-" || $0 == "+" })
    else { return data }
    lines.removeFirst(header + 2)
    if let footer = lines.lastIndex(where: { $0.hasPrefix("(") && $0.hasSuffix(")") && $0.contains("row") }) {
      lines.removeSubrange(footer...)
    }
    let value = lines.map { line -> String in
      var line = String(line.hasPrefix(" ") ? line.dropFirst() : line)
      if line.hasSuffix("+") {
        line.removeLast()
        while line.last == " " { line.removeLast() }
      }
      return line
    }
    return Data(value.joined(separator: "\n").utf8)
  }

  /// Converts a parsed EXPLAIN JSON document.
  public static func plan(from document: JSONValue, file: String? = nil) throws(ExplainParseError) -> ExplainedPlan {
    var top = document
    if case .array(let items) = document {
      guard let first = items.first else {
        throw ExplainParseError(file: file, position: nil, message: "empty JSON array: no plan")
      }
      top = first
    }
    guard case .object(let members) = top, case .object(let rootMembers)? = top["Plan"] else {
      throw ExplainParseError(
        file: file, position: nil, message: "not an EXPLAIN plan: expected an object with a \"Plan\" key")
    }
    let root = try node(from: rootMembers, file: file, path: "Plan")
    var plan = ExplainedPlan(root: root)
    for member in members where member.key != "Plan" {
      switch member.key {
      case "Planning Time": plan.planningTime = member.value.doubleValue
      case "Execution Time", "Total Runtime": plan.executionTime = member.value.doubleValue
      case "Planning":
        if case .object(let planning) = member.value { plan.planningBuffers = buffers(in: planning) }
      case "Triggers":
        if case .array(let triggers) = member.value { plan.triggers = triggers.compactMap(trigger) }
      case "Settings":
        if case .object(let settings) = member.value {
          plan.settings = settings.map { PlanProperty(key: $0.key, value: $0.value) }
        }
      default:
        plan.properties.append(PlanProperty(key: member.key, value: member.value))
      }
    }
    return plan
  }

  /// Keys that become typed fields rather than properties.
  static let typedKeys: Set<String> = Set(
    [
      "Node Type", "Startup Cost", "Total Cost", "Plan Rows", "Plan Width", "Actual Startup Time", "Actual Total Time",
      "Actual Rows", "Actual Loops", "Plans", "Workers",
    ] + BufferUsage.jsonKeys)

  private static func node(from members: [JSONValue.Member], file: String?, path: String) throws(ExplainParseError)
    -> PlanNode
  {
    let object = JSONValue.object(members)
    guard case .string(let nodeType)? = object["Node Type"] else {
      throw ExplainParseError(file: file, position: nil, message: "\(path): a plan node without \"Node Type\"")
    }
    var node = PlanNode(nodeType: nodeType)
    if let startup = object["Startup Cost"]?.doubleValue, let total = object["Total Cost"]?.doubleValue {
      node.estimate = PlanEstimate(
        startupCost: startup, totalCost: total, rows: object["Plan Rows"]?.doubleValue ?? 0,
        width: Int(object["Plan Width"]?.doubleValue ?? 0))
    }
    node.actual = actual(in: object)
    node.buffers = buffers(in: members)
    if case .array(let workers)? = object["Workers"] {
      node.workers = workers.compactMap(worker)
    }
    node.properties = members.filter { !typedKeys.contains($0.key) }.map {
      PlanProperty(key: $0.key, value: $0.value)
    }
    if case .array(let children)? = object["Plans"] {
      for (index, child) in children.enumerated() {
        guard case .object(let childMembers) = child else {
          throw ExplainParseError(file: file, position: nil, message: "\(path).Plans[\(index)]: not an object")
        }
        node.children.append(try self.node(from: childMembers, file: file, path: "\(path).Plans[\(index)]"))
      }
    }
    return node
  }

  static func actual(in object: JSONValue) -> PlanActual? {
    guard let loops = object["Actual Loops"]?.doubleValue else { return nil }
    return PlanActual(
      startupTime: object["Actual Startup Time"]?.doubleValue, totalTime: object["Actual Total Time"]?.doubleValue,
      rows: object["Actual Rows"]?.doubleValue ?? 0, loops: loops)
  }

  static func buffers(in members: [JSONValue.Member]) -> BufferUsage? {
    var usage = BufferUsage()
    var found = false
    let object = JSONValue.object(members)
    for key in BufferUsage.jsonKeys {
      if let value = object[key]?.doubleValue {
        usage.set(key, to: Int(value))
        found = true
      }
    }
    return found ? usage : nil
  }

  private static func worker(_ value: JSONValue) -> WorkerDetail? {
    guard case .object(let members) = value, let number = value["Worker Number"]?.doubleValue else { return nil }
    let skipped = typedKeys.union(["Worker Number"])
    return WorkerDetail(
      number: Int(number), actual: actual(in: value), buffers: buffers(in: members),
      properties: members.filter { !skipped.contains($0.key) }.map { PlanProperty(key: $0.key, value: $0.value) })
  }

  private static func trigger(_ value: JSONValue) -> TriggerTiming? {
    guard case .string(let name)? = value["Trigger Name"] else { return nil }
    var relation: String?
    if case .string(let text)? = value["Relation"] { relation = text }
    return TriggerTiming(
      name: name, relation: relation, time: value["Time"]?.doubleValue ?? 0,
      calls: Int(value["Calls"]?.doubleValue ?? 0))
  }
}

extension JSONValue {
  /// The value as a number, when it is one.
  var doubleValue: Double? {
    switch self {
    case .int(let value): Double(value)
    case .double(let value): value
    default: nil
    }
  }
}
