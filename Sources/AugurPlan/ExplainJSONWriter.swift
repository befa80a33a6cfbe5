import AugurSQL

/// Writes a plan as `EXPLAIN (FORMAT JSON)` prints it: a one-element array holding
/// `{"Plan": {...}}`, keys in PostgreSQL's order, two-space indentation, string lists on one line,
/// costs with two decimals and times with three (PostgreSQL 15's `explain.c`).
///
/// The typed fields of `PlanNode` (costs, actual figures, buffers, workers, children) are put
/// back where `explain.c` prints them relative to the node's other properties, so a plan read by
/// `ExplainJSONReader` is written back as PostgreSQL wrote it. Augur's predicted plans use the
/// same writer, so they can be fed to any tool that reads PostgreSQL's JSON.
public enum ExplainJSONWriter {
  public static func write(_ plan: ExplainedPlan) -> String {
    var writer = Writer()
    writer.text = "[\n"
    writer.object(members(of: plan), indent: 1)
    writer.text += "\n]"
    return writer.text
  }

  /// The top-level members in `ExplainOnePlan`'s order: Plan, Settings, Query Identifier,
  /// Planning buffers, Planning Time, Triggers, JIT and others, Execution Time.
  static func members(of plan: ExplainedPlan) -> [JSONValue.Member] {
    var result = [JSONValue.Member(key: "Plan", value: .object(members(of: plan.root)))]
    if !plan.settings.isEmpty {
      result.append(.init(key: "Settings", value: .object(plan.settings.map { .init(key: $0.key, value: $0.value) })))
    }
    var others = plan.properties
    if let position = others.firstIndex(where: { $0.key == "Query Identifier" }) {
      let identifier = others.remove(at: position)
      result.append(.init(key: identifier.key, value: identifier.value))
    }
    if let buffers = plan.planningBuffers {
      result.append(.init(key: "Planning", value: .object(bufferMembers(buffers))))
    }
    if let time = plan.planningTime { result.append(.init(key: "Planning Time", value: .double(time))) }
    if plan.executionTime != nil || !plan.triggers.isEmpty {
      result.append(.init(key: "Triggers", value: .array(plan.triggers.map(triggerObject))))
    }
    result += others.map { .init(key: $0.key, value: $0.value) }
    if let time = plan.executionTime { result.append(.init(key: "Execution Time", value: .double(time))) }
    return result
  }

  /// Keys `explain.c` prints before a node's costs (the node's identity).
  static let headerKeys: Set<String> = [
    "Node Type", "Strategy", "Partial Mode", "Operation", "Parent Relationship", "Subplan Name",
    "Custom Plan Provider", "Parallel Aware", "Async Capable", "Scan Direction", "Index Name", "Relation Name",
    "Function Name", "Table Function Name", "CTE Name", "Tuplestore Name", "Schema", "Alias", "Join Type", "Command",
  ]

  /// Keys `explain.c` prints after the buffer counts: I/O timing, WAL usage, and what
  /// `ExplainMissingMembers` adds just before the children.
  static let afterBufferKeys: Set<String> = [
    "I/O Read Time", "I/O Write Time", "Temp I/O Read Time", "Temp I/O Write Time", "WAL Records", "WAL FPI",
    "WAL Bytes", "Subplans Removed",
  ]

  static func members(of node: PlanNode) -> [JSONValue.Member] {
    var result: [JSONValue.Member] = []
    var properties = node.properties[...]
    while let first = properties.first, headerKeys.contains(first.key) {
      result.append(.init(key: first.key, value: first.value))
      properties = properties.dropFirst()
    }
    if !result.contains(where: { $0.key == "Node Type" }) {
      result.insert(.init(key: "Node Type", value: .string(node.nodeType)), at: 0)
    }
    if let estimate = node.estimate {
      result += [
        .init(key: "Startup Cost", value: .double(estimate.startupCost)),
        .init(key: "Total Cost", value: .double(estimate.totalCost)),
        .init(key: "Plan Rows", value: .double(estimate.rows)),
        .init(key: "Plan Width", value: .int(estimate.width)),
      ]
    }
    if let actual = node.actual { result += actualMembers(actual) }
    result += rest(properties, buffers: node.buffers)
    if !node.workers.isEmpty {
      result.append(.init(key: "Workers", value: .array(node.workers.map(workerObject))))
    }
    if !node.children.isEmpty {
      result.append(.init(key: "Plans", value: .array(node.children.map { .object(members(of: $0)) })))
    }
    return result
  }

  /// The remaining properties with the buffer counts inserted before I/O timing and WAL.
  private static func rest(_ properties: ArraySlice<PlanProperty>, buffers: BufferUsage?) -> [JSONValue.Member] {
    var result: [JSONValue.Member] = []
    var bufferMembersLeft = buffers.map(bufferMembers)
    for property in properties {
      if afterBufferKeys.contains(property.key), let pending = bufferMembersLeft {
        result += pending
        bufferMembersLeft = nil
      }
      result.append(.init(key: property.key, value: property.value))
    }
    if let pending = bufferMembersLeft { result += pending }
    return result
  }

  private static func actualMembers(_ actual: PlanActual) -> [JSONValue.Member] {
    var result: [JSONValue.Member] = []
    if let startup = actual.startupTime, let total = actual.totalTime {
      result.append(.init(key: "Actual Startup Time", value: .double(startup)))
      result.append(.init(key: "Actual Total Time", value: .double(total)))
    }
    result.append(.init(key: "Actual Rows", value: .double(actual.rows)))
    result.append(.init(key: "Actual Loops", value: .double(actual.loops)))
    return result
  }

  static func bufferMembers(_ usage: BufferUsage) -> [JSONValue.Member] {
    let counts = [
      usage.sharedHit, usage.sharedRead, usage.sharedDirtied, usage.sharedWritten, usage.localHit, usage.localRead,
      usage.localDirtied, usage.localWritten, usage.tempRead, usage.tempWritten,
    ]
    return zip(BufferUsage.jsonKeys, counts).map { .init(key: $0, value: .int($1)) }
  }

  private static func workerObject(_ worker: WorkerDetail) -> JSONValue {
    var result: [JSONValue.Member] = [.init(key: "Worker Number", value: .int(worker.number))]
    if let actual = worker.actual { result += actualMembers(actual) }
    result += rest(worker.properties[...], buffers: worker.buffers)
    return .object(result)
  }

  private static func triggerObject(_ trigger: TriggerTiming) -> JSONValue {
    var result: [JSONValue.Member] = [.init(key: "Trigger Name", value: .string(trigger.name))]
    if let relation = trigger.relation { result.append(.init(key: "Relation", value: .string(relation))) }
    result.append(.init(key: "Time", value: .double(trigger.time)))
    result.append(.init(key: "Calls", value: .int(trigger.calls)))
    return .object(result)
  }

  /// Serializes with `explain.c`'s layout (`ExplainJSONLineEnding`, `escape_json`).
  private struct Writer {
    var text = ""

    mutating func object(_ members: [JSONValue.Member], indent: Int) {
      pad(indent)
      text += "{"
      for (position, member) in members.enumerated() {
        text += position == 0 ? "\n" : ",\n"
        pad(indent + 1)
        text += quoted(member.key) + ": "
        value(member.value, key: member.key, indent: indent + 1)
      }
      text += "\n"
      pad(indent)
      text += "}"
    }

    mutating func value(_ value: JSONValue, key: String, indent: Int) {
      switch value {
      case .object(let members):
        // A nested group (`Settings`, `Planning`, `JIT`, `Options`, `Timing`) opens on the key's line.
        text += "{"
        for (position, member) in members.enumerated() {
          text += position == 0 ? "\n" : ",\n"
          pad(indent + 1)
          text += quoted(member.key) + ": "
          self.value(member.value, key: member.key, indent: indent + 1)
        }
        text += "\n"
        pad(indent)
        text += "}"
      case .array(let items) where items.allSatisfy(\.isScalar) && key != "Triggers" && key != "Plans":
        // ExplainPropertyList: a list of strings on one line.
        text += "[" + items.map { scalar($0, key: key) }.joined(separator: ", ") + "]"
      case .array(let items):
        text += "["
        for (position, item) in items.enumerated() {
          text += position == 0 ? "\n" : ",\n"
          if case .object(let members) = item {
            object(members, indent: indent + 1)
          } else {
            pad(indent + 1)
            text += scalar(item, key: key)
          }
        }
        text += "\n"
        pad(indent)
        text += "]"
      default:
        text += scalar(value, key: key)
      }
    }

    func scalar(_ value: JSONValue, key: String) -> String {
      switch value {
      case .null: "null"
      case .bool(let flag): flag ? "true" : "false"
      case .int(let number): String(number)
      case .double(let number): ExplainNumber.json(number, key: key)
      case .string(let string): quoted(string)
      case .array, .object: ""
      }
    }

    mutating func pad(_ indent: Int) {
      text += String(repeating: "  ", count: indent)
    }

    func quoted(_ string: String) -> String {
      var result = "\""
      for scalar in string.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\u{08}": result += "\\b"
        case "\u{0C}": result += "\\f"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        case _ where scalar.value < 0x20:
          let hex = String(scalar.value, radix: 16)
          result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default: result.unicodeScalars.append(scalar)
        }
      }
      return result + "\""
    }
  }
}

extension JSONValue {
  fileprivate var isScalar: Bool {
    switch self {
    case .array, .object: false
    default: true
    }
  }
}

/// How `explain.c` prints numbers: costs with two decimals, times (milliseconds) with three,
/// row counts and loops as whole numbers.
enum ExplainNumber {
  static let twoDecimals: Set<String> = ["Startup Cost", "Total Cost"]
  static let wholeNumbers: Set<String> = ["Plan Rows", "Actual Rows", "Actual Loops"]

  static func json(_ value: Double, key: String) -> String {
    if twoDecimals.contains(key) { return fixed(value, decimals: 2) }
    if wholeNumbers.contains(key) { return fixed(value, decimals: 0) }
    if key.hasSuffix("Time") || ["Generation", "Inlining", "Optimization", "Emission", "Total"].contains(key) {
      return fixed(value, decimals: 3)
    }
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    return "\(value)"
  }

  /// `%.Nf` without Foundation: rounds half away from zero, as printf does for these magnitudes.
  static func fixed(_ value: Double, decimals: Int) -> String {
    var scale = 1.0
    for _ in 0..<decimals { scale *= 10 }
    let negative = value < 0
    let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
    guard scaled < 9e18 else { return "\(value)" }
    let units = Int(scaled)
    let whole = units / Int(scale)
    var text = (negative && units != 0 ? "-" : "") + String(whole)
    if decimals > 0 {
      let fraction = String(units % Int(scale))
      text += "." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
    return text
  }
}
