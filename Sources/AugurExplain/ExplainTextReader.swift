import AugurPlan
import AugurSQL
import Foundation

/// Reads PostgreSQL's `EXPLAIN` TEXT output (PostgreSQL 15's layout; older and newer releases
/// mostly read too) into the same `ExplainedPlan` the JSON reader produces: node types and
/// properties use EXPLAIN's JSON names, mapped from the text labels as `explain.c` prints them.
///
/// Accepts what users paste: psql's `QUERY PLAN` header, dashes line and `(N rows)` footer,
/// trailing ` +` continuation marks, a common leading indentation, tabs and CRLF. A node line
/// wrapped by an editor (the rest continues at column 1) is joined back.
///
/// What text cannot show is not invented, except where `explain.c` makes it certain:
/// `Parallel Aware`/`Async Capable` (false unless the prefix is printed), `Partial Mode`
/// `Simple`, `Alias` equal to the relation name, `Scan Direction` `Forward`, the `Original Hash
/// Buckets/Batches` when no `(originally N)` is printed, zero `Lossy Heap Blocks` and zero WAL
/// counters. `Parent Relationship` is derived: `InitPlan`/`SubPlan` from the headers (CTEs are
/// InitPlans named `CTE name`), `Member` under Append/Merge Append/BitmapAnd/BitmapOr,
/// `Subquery` under Subquery Scan, otherwise `Outer` for the first child and `Inner` for the
/// second. Buffers are nil on a node without a `Buffers:` line (JSON reports zeros there).
public enum ExplainTextReader {
  /// Reads UTF-8 bytes; invalid UTF-8 is an error at the first bad byte.
  public static func read(_ data: Data, file: String? = nil) throws(ExplainParseError) -> ExplainedPlan {
    let bytes = Array(data)
    guard let text = String(validating: bytes, as: UTF8.self) else {
      var offset = 0
      // Find the first invalid byte: the longest valid prefix.
      var low = 0
      var high = bytes.count
      while low < high {
        let mid = (low + high + 1) / 2
        if String(validating: bytes[0..<mid], as: UTF8.self) != nil { low = mid } else { high = mid - 1 }
      }
      offset = low
      throw ExplainParseError(
        file: file, position: SourcePosition(offset: offset, inUTF8: bytes),
        message: "not UTF-8 text: invalid byte 0x\(String(bytes[min(offset, bytes.count - 1)], radix: 16))")
    }
    return try read(text, file: file)
  }

  public static func read(_ text: String, file: String? = nil) throws(ExplainParseError) -> ExplainedPlan {
    var parser = ExplainTextParser(file: file)
    return try parser.parse(text)
  }
}

/// One input line after unwrapping.
struct ExplainTextLine {
  var text: String
  /// Columns of indentation (0-based) after unwrapping.
  var indent: Int
  /// 1-based line number in the input.
  var number: Int
  /// Columns removed in front by unwrapping (psql's leading space, common indentation).
  var shift: Int
  /// Byte offset of the line's start in the input.
  var offset: Int
}

struct ExplainTextParser {
  let file: String?

  init(file: String?) { self.file = file }

  func error(_ message: String, line: Int, column: Int, offset: Int) -> ExplainParseError {
    var position = SourcePosition(offset: 0, inUTF8: [UInt8]())
    position.line = line
    position.column = column
    position.offset = offset
    return ExplainParseError(file: file, position: position, message: message)
  }

  func error(_ message: String, at line: ExplainTextLine) -> ExplainParseError {
    error(
      message, line: line.number, column: line.indent + line.shift + 1, offset: line.offset + line.indent + line.shift)
  }

  // MARK: Unwrapping

  static func isFooter(_ text: String) -> Bool {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    guard trimmed.hasPrefix("("), trimmed.hasSuffix(")") else { return false }
    let inner = trimmed.dropFirst().dropLast().split(separator: " ")
    return inner.count == 2 && inner[0].allSatisfy(\.isNumber) && inner[1].allSatisfy(\.isLetter)
  }

  func unwrap(_ input: String) throws(ExplainParseError) -> [ExplainTextLine] {
    // Split into raw lines, keeping numbers and byte offsets.
    var raw: [(text: String, number: Int, offset: Int)] = []
    var offset = 0
    var number = 1
    let normalized = input.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
    for piece in normalized.split(separator: "\n", omittingEmptySubsequences: false) {
      let text = String(piece)
      raw.append((text, number, offset))
      offset += text.utf8.count + 1
      number += 1
    }
    for line in raw {
      if let bad = line.text.unicodeScalars.firstIndex(where: {
        ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F || $0 == "\u{FFFD}"
      }) {
        let column = line.text.unicodeScalars.distance(from: line.text.unicodeScalars.startIndex, to: bad) + 1
        throw error(
          "binary data: not EXPLAIN text", line: line.number, column: column, offset: line.offset + column - 1)
      }
    }
    raw = Self.unframe(raw)
    var lines: [(text: String, number: Int, offset: Int, shift: Int)] = []
    var index = 0
    // psql's header: `QUERY PLAN` and a dashes line (the dashes are gone when a frame was removed).
    var psql = false
    while index < raw.count, raw[index].text.trimmingCharacters(in: .whitespaces).isEmpty { index += 1 }
    if index < raw.count, raw[index].text.trimmingCharacters(in: .whitespaces) == "QUERY PLAN" {
      psql = true
      index += 1
      if index < raw.count {
        let dashes = raw[index].text.trimmingCharacters(in: .whitespaces)
        if !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" || $0 == "+" }) { index += 1 }
      }
    }
    while index < raw.count {
      let line = raw[index]
      index += 1
      if Self.isFooter(line.text) { break }
      let text = line.text.replacingOccurrences(of: "\t", with: "    ")
      lines.append((text, line.number, line.offset, 0))
    }
    // psql's unicode line style marks continued lines with a trailing `↵`.
    for i in lines.indices {
      var text = Self.stripTrailingSpaces(lines[i].text)
      if text.hasSuffix("↵") {
        text.removeLast()
        lines[i].text = text
      }
    }
    // Trailing ` +` continuation marks (psql's multi-line cells).
    let nonBlank = lines.filter { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }
    let plusCount = nonBlank.filter { Self.stripTrailingSpaces($0.text).hasSuffix(" +") }.count
    if plusCount > 0 && (psql || plusCount >= nonBlank.count - 1) {
      for i in lines.indices {
        var text = Self.stripTrailingSpaces(lines[i].text)
        if text.hasSuffix(" +") { text.removeLast() }
        lines[i].text = text
      }
    }
    // Common leading indentation (psql puts one space before every line).
    let common =
      nonBlank.isEmpty
      ? 0
      : lines.filter { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }
        .map { Self.indentation(of: $0.text) }.min() ?? 0
    var result: [ExplainTextLine] = []
    for line in lines {
      let text = Self.stripTrailingSpaces(line.text)
      if text.isEmpty { continue }
      let indent = Self.indentation(of: text)
      result.append(
        ExplainTextLine(
          text: String(text.dropFirst(indent)), indent: indent - common, number: line.number, shift: common,
          offset: line.offset))
    }
    return result
  }

  /// Border characters of psql's frames (`\\pset border 2`, ASCII and unicode line styles) and
  /// of pasted tables.
  static let frameCharacters: Set<Character> = [
    "+", "-", "=", "|", "─", "━", "═", "│", "┃", "║", "┌", "┐", "└", "┘", "├", "┤", "┬", "┴", "┼", "╔", "╗", "╚",
    "╝", "╠", "╣", "╦", "╩", "╬", "╟", "╢", "╤", "╧", "╪", "╫", "╒", "╕", "╘", "╛", "╞", "╡", "╓", "╖", "╙", "╜",
  ]
  static let verticalBorders: Set<Character> = ["|", "│", "┃", "║"]

  /// Removes what surrounds a pasted plan: a table frame (border lines, and a vertical border at
  /// both ends of each line) and quotes around every line. Lines keep their numbers and offsets.
  static func unframe(_ raw: [(text: String, number: Int, offset: Int)]) -> [(text: String, number: Int, offset: Int)] {
    var lines = raw
    let content = lines.filter { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }
    // A frame: every non-blank line is a border line or starts and ends with a vertical border.
    func isBorderLine(_ text: String) -> Bool {
      let trimmed = text.trimmingCharacters(in: .whitespaces)
      return !trimmed.isEmpty && trimmed.allSatisfy { frameCharacters.contains($0) }
    }
    func framed(_ text: String) -> Bool {
      let trimmed = text.trimmingCharacters(in: .whitespaces)
      guard let first = trimmed.first, let last = trimmed.last, trimmed.count >= 2 else { return false }
      return verticalBorders.contains(first) && verticalBorders.contains(last)
    }
    let frameLines = content.filter { isBorderLine($0.text) || framed($0.text) }.count
    if !content.isEmpty && content.contains(where: { framed($0.text) }) && frameLines >= content.count - 1 {
      lines = lines.compactMap { line in
        if isBorderLine(line.text) { return nil }
        guard framed(line.text) else { return line }
        var text = Substring(line.text.trimmingCharacters(in: .whitespaces))
        text.removeFirst()
        text.removeLast()
        // psql pads one space inside each border.
        if text.first == " " { text.removeFirst() }
        return (String(text), line.number, line.offset)
      }
    }
    // Quotes: every non-blank line wrapped in the same quote character.
    let remaining = lines.filter { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }
    for quote in ["'", "\""] {
      let quoted = remaining.allSatisfy { line in
        let trimmed = line.text.trimmingCharacters(in: .whitespaces)
        return trimmed.count >= 2 && trimmed.hasPrefix(quote) && trimmed.hasSuffix(quote)
      }
      if quoted && !remaining.isEmpty {
        lines = lines.map { line in
          var text = line.text.trimmingCharacters(in: .whitespaces)
          guard text.count >= 2 else { return line }
          text.removeFirst()
          text.removeLast()
          return (text, line.number, line.offset)
        }
        break
      }
    }
    return lines
  }

  static func indentation(of text: String) -> Int {
    var count = 0
    for character in text {
      if character == " " { count += 1 } else { break }
    }
    return count
  }

  static func stripTrailingSpaces(_ text: String) -> String {
    var text = Substring(text)
    while let last = text.last, last == " " { text.removeLast() }
    return String(text)
  }

  // MARK: The tree

  enum Frame {
    case node(Int)
    case header(name: String, parent: Int)
    case worker(node: Int, worker: Int)
    case planning
    case jit
  }

  static let topLevelPrefixes = [
    "Settings:", "Query Identifier:", "Planning:", "Planning Time:", "Planning time:", "Execution Time:",
    "Execution time:", "Total runtime:", "Trigger ", "JIT:", "Serialization:", "Query Text:",
  ]

  static func isTopLevel(_ text: String) -> Bool {
    topLevelPrefixes.contains { text.hasPrefix($0) }
  }

  static func parenBalance(_ text: String) -> Int {
    var depth = 0
    var quoted = false
    for character in text {
      if character == "'" { quoted.toggle() }
      if quoted { continue }
      if character == "(" { depth += 1 }
      if character == ")" { depth -= 1 }
    }
    return depth
  }

  mutating func parse(_ input: String) throws(ExplainParseError) -> ExplainedPlan {
    var lines = try unwrap(input)
    guard !lines.isEmpty else {
      throw error("empty input: no plan", line: 1, column: 1, offset: 0)
    }
    // Rejoin node lines an editor wrapped: the rest continues at column 1 while the parentheses
    // of the previous line are still open.
    var joined: [ExplainTextLine] = []
    for line in lines {
      if let previous = joined.last, line.indent == 0, !Self.isTopLevel(line.text),
        Self.parenBalance(previous.text) > 0, joined.count > 0
      {
        joined[joined.count - 1].text += line.text
        continue
      }
      joined.append(line)
    }
    lines = joined

    var nodes: [PlanNode] = []
    var childIDs: [[Int]] = []
    var relationship: [(String, String)?] = []
    var stack: [(frame: Frame, body: Int)] = []
    var plan = ExplainedPlan(root: PlanNode(nodeType: ""))
    var jit: [JSONValue.Member] = []
    var sawJIT = false
    var rootSeen = false

    func addNode(_ node: PlanNode) -> Int {
      nodes.append(node)
      childIDs.append([])
      relationship.append(nil)
      return nodes.count - 1
    }

    for line in lines {
      let column = line.indent
      while let top = stack.last, top.body > column { stack.removeLast() }
      let text = line.text
      guard let top = stack.last else {
        if !rootSeen {
          if column != 0 {
            throw error("the first node line is indented", at: line)
          }
          var headerText = text
          if headerText.hasPrefix("->") { headerText = String(headerText.dropFirst(2)) }
          let lead = Self.indentation(of: headerText)
          guard let node = try parseNodeHeader(String(headerText.dropFirst(lead)), line: line, requireFigures: true)
          else {
            if text.contains(": ") || text.hasSuffix(":") {
              throw error("an attribute line before any plan node", at: line)
            }
            throw error("no plan node found: not EXPLAIN output", at: line)
          }
          let id = addNode(node)
          stack.append((.node(id), (text.count - headerText.count) + lead + 2))
          rootSeen = true
          continue
        }
        guard column == 0 else {
          throw error("the indentation matches no enclosing node", at: line)
        }
        guard Self.isTopLevel(text) else {
          throw error("unexpected line after the plan: \(text.prefix(40))", at: line)
        }
        try summaryLine(text, line: line, plan: &plan, stack: &stack, jit: &jit, sawJIT: &sawJIT)
        continue
      }
      guard top.body == column else {
        throw error(
          "the indentation (column \(line.indent + line.shift + 1)) matches no enclosing node", at: line)
      }
      /// Reads a `->  Node` line as a new child of `parent`: its id, and the column where its
      /// attribute lines start.
      func addChild(_ text: String, of parent: Int) throws(ExplainParseError) -> (id: Int, body: Int) {
        let rest = String(text.dropFirst(2))
        let lead = Self.indentation(of: rest)
        guard let node = try parseNodeHeader(String(rest.dropFirst(lead)), line: line, requireFigures: false) else {
          throw error("not a plan node", at: line)
        }
        let id = addNode(node)
        childIDs[parent].append(id)
        return (id, column + 2 + lead + 2)
      }
      switch top.frame {
      case .node(let parent):
        if text.hasPrefix("->") {
          let child = try addChild(text, of: parent)
          stack.append((.node(child.id), child.body))
        } else if let name = Self.subplanHeader(text) {
          stack.append((.header(name: name, parent: parent), column + 2))
        } else if text.hasPrefix("Worker "), let (number, rest) = Self.workerLine(text) {
          var worker = WorkerDetail(number: number)
          if let actual = Self.workerActual(rest) {
            worker.actual = actual
          } else if !rest.isEmpty {
            guard let (key, value) = Self.keyValue(rest) else { throw error("unreadable worker line", at: line) }
            Self.attribute(key, value, properties: &worker.properties, buffers: &worker.buffers)
          }
          nodes[parent].workers.append(worker)
          stack.append((.worker(node: parent, worker: nodes[parent].workers.count - 1), column + 2))
        } else {
          guard let (key, value) = Self.keyValue(text) else {
            throw error("not an attribute line (`Key: value`) nor a plan node", at: line)
          }
          var node = nodes[parent]
          Self.attribute(key, value, properties: &node.properties, buffers: &node.buffers)
          nodes[parent] = node
        }
      case .header(let name, let parent):
        guard text.hasPrefix("->") else {
          throw error("expected the plan node of \(name)", at: line)
        }
        let child = try addChild(text, of: parent)
        relationship[child.id] = (name.hasPrefix("SubPlan") ? "SubPlan" : "InitPlan", name)
        stack.removeLast()
        stack.append((.node(child.id), child.body))
      case .worker(let nodeID, let workerIndex):
        guard let (key, value) = Self.keyValue(text) else {
          throw error("not an attribute line (`Key: value`)", at: line)
        }
        var worker = nodes[nodeID].workers[workerIndex]
        Self.attribute(key, value, properties: &worker.properties, buffers: &worker.buffers)
        nodes[nodeID].workers[workerIndex] = worker
      case .planning:
        guard let (key, value) = Self.keyValue(text) else { throw error("not an attribute line", at: line) }
        if key == "Buffers" {
          plan.planningBuffers = Self.buffers(value, into: plan.planningBuffers)
        } else {
          plan.properties.append(PlanProperty(key: "Planning " + key, value: .string(value)))
        }
      case .jit:
        guard let (key, value) = Self.keyValue(text) else { throw error("not an attribute line", at: line) }
        jit.append(Self.jitMember(key, value))
      }
    }
    guard rootSeen else {
      throw error("no plan node found", line: 1, column: 1, offset: 0)
    }
    if sawJIT { plan.properties.append(PlanProperty(key: "JIT", value: .object(jit))) }

    func build(_ id: Int) -> PlanNode {
      var node = nodes[id]
      var plainPosition = 0
      let member: String? =
        switch node.nodeType {
        case "Append", "Merge Append", "BitmapAnd", "BitmapOr", "Custom Scan": "Member"
        case "Subquery Scan": "Subquery"
        default: nil
        }
      for child in childIDs[id] {
        var built = build(child)
        var properties: [PlanProperty] = []
        if let (kind, name) = relationship[child] {
          properties = [
            PlanProperty(key: "Parent Relationship", value: .string(kind)),
            PlanProperty(key: "Subplan Name", value: .string(name)),
          ]
        } else {
          // Children other than InitPlans and SubPlans, counted in order (no search per child:
          // an Append may have thousands).
          let position = plainPosition
          plainPosition += 1
          let kind = member ?? (position == 0 ? "Outer" : position == 1 ? "Inner" : "Member")
          properties = [PlanProperty(key: "Parent Relationship", value: .string(kind))]
        }
        let at =
          built.properties.firstIndex { !["Strategy", "Partial Mode", "Operation"].contains($0.key) }
          ?? built.properties.count
        built.properties.insert(contentsOf: properties, at: at)
        node.children.append(built)
      }
      return node
    }
    plan.root = build(0)
    return plan
  }

  // MARK: Summary lines

  func summaryLine(
    _ text: String, line: ExplainTextLine, plan: inout ExplainedPlan, stack: inout [(frame: Frame, body: Int)],
    jit: inout [JSONValue.Member], sawJIT: inout Bool
  ) throws(ExplainParseError) {
    if text == "Planning:" {
      stack.append((.planning, 2))
      return
    }
    if text == "JIT:" {
      sawJIT = true
      stack.append((.jit, 2))
      return
    }
    if text.hasPrefix("Trigger ") {
      guard let colon = text.range(of: ": ", options: .backwards) else {
        throw error("unreadable trigger line", at: line)
      }
      var name = String(text[text.index(text.startIndex, offsetBy: 8)..<colon.lowerBound])
      var relation: String?
      if let on = name.range(of: " on ", options: .backwards) {
        relation = String(name[on.upperBound...])
        name = String(name[..<on.lowerBound])
      }
      if let constraint = name.range(of: " for constraint ") { name = String(name[..<constraint.lowerBound]) }
      var time = 0.0
      var calls = 0
      for part in text[colon.upperBound...].split(separator: " ") {
        if part.hasPrefix("time=") { time = Double(part.dropFirst(5)) ?? 0 }
        if part.hasPrefix("calls=") { calls = Int(part.dropFirst(6)) ?? 0 }
      }
      plan.triggers.append(TriggerTiming(name: name, relation: relation, time: time, calls: calls))
      return
    }
    guard let (key, value) = Self.keyValue(text) else { throw error("unreadable line", at: line) }
    switch key {
    case "Planning Time", "Planning time":
      plan.planningTime = Self.milliseconds(value)
    case "Execution Time", "Execution time", "Total runtime":
      plan.executionTime = Self.milliseconds(value)
    case "Settings":
      for item in Self.splitTopLevel(value) {
        guard let equals = item.range(of: " = ") else { continue }
        var setting = String(item[equals.upperBound...])
        if setting.hasPrefix("'"), setting.hasSuffix("'"), setting.count >= 2 {
          setting = String(setting.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
        }
        plan.settings.append(PlanProperty(key: String(item[..<equals.lowerBound]), value: .string(setting)))
      }
    case "Query Identifier":
      plan.properties.append(PlanProperty(key: key, value: Int(value).map(JSONValue.int) ?? .string(value)))
    default:
      plan.properties.append(PlanProperty(key: key, value: .string(value)))
    }
  }

  static func milliseconds(_ value: String) -> Double? {
    var text = value
    if text.hasSuffix(" ms") { text.removeLast(3) }
    return Double(text)
  }

  static func jitMember(_ key: String, _ value: String) -> JSONValue.Member {
    switch key {
    case "Functions":
      return .init(key: key, value: Int(value).map(JSONValue.int) ?? .string(value))
    case "Options":
      var members: [JSONValue.Member] = []
      for item in value.components(separatedBy: ", ") {
        let parts = item.split(separator: " ")
        guard parts.count == 2 else { continue }
        members.append(.init(key: String(parts[0]), value: .bool(parts[1] == "true")))
      }
      return .init(key: key, value: .object(members))
    case "Timing":
      var members: [JSONValue.Member] = []
      for item in splitTopLevel(value) {
        // `Generation 0.625 ms` (PG 17 adds ` (Deform 0.1 ms)`).
        let parts = item.split(separator: " ")
        guard parts.count >= 2, let number = Double(parts[1]) else { continue }
        members.append(.init(key: String(parts[0]), value: .double(number)))
      }
      return .init(key: key, value: .object(members))
    default:
      return .init(key: key, value: .string(value))
    }
  }

  // MARK: Node headers

  static func subplanHeader(_ text: String) -> String? {
    if text.contains(": ") { return nil }
    if text.hasPrefix("InitPlan") || text.hasPrefix("SubPlan") { return text }
    if text.hasPrefix("CTE "), !text.contains(":") { return text }
    return nil
  }

  static func workerLine(_ text: String) -> (Int, String)? {
    let rest = text.dropFirst("Worker ".count)
    guard let colon = rest.firstIndex(of: ":"), let number = Int(rest[..<colon]) else { return nil }
    return (number, String(rest[rest.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
  }

  static func workerActual(_ text: String) -> PlanActual? {
    if text == "never executed" { return PlanActual(startupTime: 0, totalTime: 0, rows: 0, loops: 0) }
    guard text.hasPrefix("actual ") else { return nil }
    return actualFigures(String(text.dropFirst("actual ".count)))
  }

  /// `time=S..T rows=R loops=L` or `rows=R loops=L`.
  static func actualFigures(_ text: String) -> PlanActual? {
    var startup: Double?
    var total: Double?
    var rows: Double?
    var loops: Double?
    for part in text.split(separator: " ") {
      if part.hasPrefix("time=") {
        let times = part.dropFirst(5).components(separatedBy: "..")
        guard times.count == 2, let s = Double(times[0]), let t = Double(times[1]) else { return nil }
        startup = s
        total = t
      } else if part.hasPrefix("rows=") {
        rows = Double(part.dropFirst(5))
      } else if part.hasPrefix("loops=") {
        loops = Double(part.dropFirst(6))
      } else {
        return nil
      }
    }
    guard let rows, let loops else { return nil }
    return PlanActual(startupTime: startup, totalTime: total, rows: rows, loops: loops)
  }

  static func estimateFigures(_ text: String) -> PlanEstimate? {
    var costs: (Double, Double)?
    var rows: Double?
    var width: Int?
    for part in text.split(separator: " ") {
      if part.hasPrefix("cost=") {
        let values = part.dropFirst(5).components(separatedBy: "..")
        guard values.count == 2, let s = Double(values[0]), let t = Double(values[1]) else { return nil }
        costs = (s, t)
      } else if part.hasPrefix("rows=") {
        rows = Double(part.dropFirst(5))
      } else if part.hasPrefix("width=") {
        width = Int(part.dropFirst(6))
      } else {
        return nil
      }
    }
    guard let costs, let rows, let width else { return nil }
    return PlanEstimate(startupCost: costs.0, totalCost: costs.1, rows: rows, width: width)
  }

  /// Reads `description  (cost=...) (actual ...)`; nil when the line is not a node header.
  func parseNodeHeader(_ text: String, line: ExplainTextLine, requireFigures: Bool) throws(ExplainParseError)
    -> PlanNode?
  {
    var description = text
    var estimate: PlanEstimate?
    var actual: PlanActual?
    let markers = ["(cost=", "(actual ", "(never executed)", "(rows="]
    let starts = markers.compactMap { text.range(of: $0)?.lowerBound }
    if let first = starts.min() {
      description = String(text[..<first]).trimmingCharacters(in: .whitespaces)
      var rest = text[first...]
      while let open = rest.firstIndex(of: "(") {
        guard let close = rest[open...].firstIndex(of: ")") else {
          throw error("unclosed parenthesis in the node line", at: line)
        }
        let group = String(rest[rest.index(after: open)..<close])
        if group.hasPrefix("cost=") {
          guard let figures = Self.estimateFigures(group) else { throw error("unreadable costs: (\(group))", at: line) }
          estimate = figures
        } else if group.hasPrefix("actual ") {
          guard let figures = Self.actualFigures(String(group.dropFirst(7))) else {
            throw error("unreadable actual figures: (\(group))", at: line)
          }
          actual = figures
        } else if group == "never executed" {
          actual = PlanActual(startupTime: 0, totalTime: 0, rows: 0, loops: 0)
        } else if group.hasPrefix("rows=") {
          // COSTS OFF without ANALYZE prints nothing; PG 18 may print `(rows=N)`.
        } else {
          throw error("unexpected group in the node line: (\(group))", at: line)
        }
        rest = rest[rest.index(after: close)...]
      }
    } else if requireFigures {
      // COSTS OFF without ANALYZE: a bare description. Accept only what looks like a node name.
      if text.contains(":") || text.isEmpty || !(text.first?.isUppercase ?? false) { return nil }
    }
    if description.isEmpty { return nil }
    var node = Self.describe(description)
    node.estimate = estimate
    node.actual = actual
    return node
  }

  // MARK: Descriptions

  static let joinTypes = ["Left", "Full", "Right", "Semi", "Anti", "Right Semi", "Right Anti"]

  /// Maps a node description to the JSON node type and the properties `explain.c` derives from it.
  static func describe(_ text: String) -> PlanNode {
    var rest = text
    var parallel = false
    var async = false
    while true {
      if rest.hasPrefix("Parallel "), rest != "Parallel " {
        parallel = true
        rest.removeFirst("Parallel ".count)
      } else if rest.hasPrefix("Async ") {
        async = true
        rest.removeFirst("Async ".count)
      } else {
        break
      }
    }
    var head: [PlanProperty] = []
    var tail: [PlanProperty] = []
    var nodeType = rest
    func string(_ key: String, _ value: String) -> PlanProperty { PlanProperty(key: key, value: .string(value)) }

    var partial = "Simple"
    var aggregate = rest
    for prefix in ["Partial ", "Finalize ", "Simple "] where rest.hasPrefix(prefix) {
      partial = String(prefix.dropLast())
      aggregate = String(rest.dropFirst(prefix.count))
    }
    let aggregates = [
      "Aggregate": "Plain", "GroupAggregate": "Sorted", "HashAggregate": "Hashed", "MixedAggregate": "Mixed",
    ]

    if let strategy = aggregates[aggregate] {
      nodeType = "Aggregate"
      head = [string("Strategy", strategy), string("Partial Mode", partial)]
    } else if rest.hasPrefix("HashSetOp") || rest.hasPrefix("SetOp") {
      let hashed = rest.hasPrefix("HashSetOp")
      nodeType = "SetOp"
      let command = String(rest.dropFirst(hashed ? 9 : 5)).trimmingCharacters(in: .whitespaces)
      head = [string("Strategy", hashed ? "Hashed" : "Sorted")]
      if !command.isEmpty { tail.append(string("Command", command)) }
    } else if let join = joinDescription(rest) {
      nodeType = join.type
      tail.append(string("Join Type", join.joinType))
    } else if let operation = ["Insert", "Update", "Delete", "Merge"].first(where: { rest.hasPrefix($0 + " on ") }) {
      nodeType = "ModifyTable"
      head = [string("Operation", operation)]
      tail += target(String(rest.dropFirst(operation.count + 4)), tag: "Relation Name")
    } else if rest.hasPrefix("Custom Scan ("), let close = rest.firstIndex(of: ")") {
      nodeType = "Custom Scan"
      let provider = String(rest[rest.index(rest.startIndex, offsetBy: 13)..<close])
      head = [string("Custom Plan Provider", provider)]
      let after = rest[rest.index(after: close)...]
      if after.hasPrefix(" on ") { tail += target(String(after.dropFirst(4)), tag: "Relation Name") }
    } else if let index = ["Index Only Scan", "Index Scan"].first(where: { rest.hasPrefix($0 + " ") }) {
      nodeType = index
      var after = String(rest.dropFirst(index.count + 1))
      var direction = "Forward"
      if after.hasPrefix("Backward ") {
        direction = "Backward"
        after.removeFirst(9)
      }
      if after.hasPrefix("using ") {
        after.removeFirst(6)
        let words = tokens(after)
        // idx on rel [alias]
        if let on = words.firstIndex(of: "on"), on > 0 {
          tail.append(string("Scan Direction", direction))
          tail.append(string("Index Name", unquote(words[0..<on].joined(separator: " "))))
          tail += target(words[(on + 1)...].joined(separator: " "), tag: "Relation Name")
        }
      }
    } else if rest.hasPrefix("Bitmap Index Scan on ") {
      nodeType = "Bitmap Index Scan"
      tail.append(string("Index Name", unquote(String(rest.dropFirst(21)))))
    } else {
      let scans: [(String, String?)] = [
        ("Seq Scan", "Relation Name"), ("Sample Scan", "Relation Name"), ("Bitmap Heap Scan", "Relation Name"),
        ("Tid Scan", "Relation Name"), ("Tid Range Scan", "Relation Name"), ("Foreign Scan", "Relation Name"),
        ("Function Scan", "Function Name"), ("Table Function Scan", "Table Function Name"),
        ("CTE Scan", "CTE Name"), ("WorkTable Scan", "CTE Name"), ("Named Tuplestore Scan", "Tuplestore Name"),
        ("Subquery Scan", nil), ("Values Scan", nil),
      ]
      for (scan, tag) in scans where rest.hasPrefix(scan + " on ") {
        nodeType = scan
        tail += target(String(rest.dropFirst(scan.count + 4)), tag: tag)
        break
      }
    }
    var properties = [
      PlanProperty(key: "Parallel Aware", value: .bool(parallel)),
      PlanProperty(key: "Async Capable", value: .bool(async)),
    ]
    properties = head + properties + tail
    return PlanNode(nodeType: nodeType, properties: properties)
  }

  static func joinDescription(_ text: String) -> (type: String, joinType: String)? {
    if text == "Nested Loop" { return ("Nested Loop", "Inner") }
    for (prefix, type) in [("Nested Loop ", "Nested Loop"), ("Merge ", "Merge Join"), ("Hash ", "Hash Join")] {
      guard text.hasPrefix(prefix), text.hasSuffix(" Join") || text == prefix + "Join" else { continue }
      if text == prefix + "Join" { return (type, "Inner") }
      let middle = String(text.dropFirst(prefix.count).dropLast(5))
      if joinTypes.contains(middle) { return (type, middle) }
    }
    return nil
  }

  /// Space-separated words, keeping double-quoted identifiers (with spaces) whole.
  static func tokens(_ text: String) -> [String] {
    var result: [String] = []
    var current = ""
    var quoted = false
    for character in text {
      if character == "\"" { quoted.toggle() }
      if character == " " && !quoted {
        if !current.isEmpty { result.append(current) }
        current = ""
      } else {
        current.append(character)
      }
    }
    if !current.isEmpty { result.append(current) }
    return result
  }

  /// `"a""b"` → `a"b`; unquoted names as they are.
  static func unquote(_ text: String) -> String {
    guard text.count >= 2, text.hasPrefix("\""), text.hasSuffix("\"") else { return text }
    return String(text.dropFirst().dropLast()).replacingOccurrences(of: "\"\"", with: "\"")
  }

  /// Splits `schema.name` at the dot outside quotes.
  static func qualified(_ text: String) -> (schema: String?, name: String) {
    var quoted = false
    var dot: String.Index?
    for index in text.indices {
      if text[index] == "\"" { quoted.toggle() }
      if text[index] == "." && !quoted { dot = index }
    }
    guard let dot else { return (nil, unquote(text)) }
    return (unquote(String(text[..<dot])), unquote(String(text[text.index(after: dot)...])))
  }

  /// ExplainScanTarget: `[schema.]name [alias]`, or just `alias` when there is no object name.
  static func target(_ text: String, tag: String?) -> [PlanProperty] {
    let words = tokens(text)
    guard let first = words.first else { return [] }
    guard let tag else { return [PlanProperty(key: "Alias", value: .string(unquote(first)))] }
    let (schema, name) = qualified(first)
    var result = [PlanProperty(key: tag, value: .string(name))]
    if let schema { result.append(PlanProperty(key: "Schema", value: .string(schema))) }
    let alias = words.count > 1 ? unquote(words[1]) : name
    result.append(PlanProperty(key: "Alias", value: .string(alias)))
    return result
  }

  // MARK: Attributes

  static func keyValue(_ text: String) -> (String, String)? {
    if text.hasSuffix(":"), !text.contains(": ") { return (String(text.dropLast()), "") }
    guard let colon = text.range(of: ": ") else { return nil }
    return (
      String(text[..<colon.lowerBound]), String(text[colon.upperBound...]).trimmingCharacters(in: .whitespaces)
    )
  }

  static let listKeys: Set<String> = ["Output", "Sort Key", "Presorted Key", "Group Key", "Hash Key", "Grouping Sets"]
  static let intKeys: Set<String> = [
    "Rows Removed by Filter", "Rows Removed by Index Recheck", "Rows Removed by Join Filter",
    "Rows Removed by Conflict Filter", "Heap Fetches", "Workers Planned", "Workers Launched", "Subplans Removed",
    "Conflicting Tuples", "Tuples Inserted", "Functions",
  ]
  static let boolKeys: Set<String> = ["Inner Unique", "Single Copy", "Disabled"]

  /// Splits at commas outside parentheses, brackets, braces and quotes.
  static func splitTopLevel(_ text: String) -> [String] {
    var result: [String] = []
    var current = ""
    var depth = 0
    var single = false
    var double = false
    for character in text {
      if character == "'" && !double {
        single.toggle()
      } else if character == "\"" && !single {
        double.toggle()
      } else if !single && !double {
        if "([{".contains(character) { depth += 1 }
        if ")]}".contains(character) { depth -= 1 }
      }
      if character == "," && depth == 0 && !single && !double {
        result.append(current.trimmingCharacters(in: .whitespaces))
        current = ""
      } else {
        current.append(character)
      }
    }
    let last = current.trimmingCharacters(in: .whitespaces)
    if !last.isEmpty || !result.isEmpty { result.append(last) }
    return result
  }

  /// `Key: value  Key: value` segments (two spaces apart).
  static func segments(_ key: String, _ value: String) -> [(String, String)] {
    var result: [(String, String)] = []
    let parts = value.components(separatedBy: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
      !$0.isEmpty
    }
    var currentKey = key
    var currentValue: [String] = []
    for (index, part) in parts.enumerated() {
      if index > 0, let (k, v) = keyValue(part) {
        result.append((currentKey, currentValue.joined(separator: "  ")))
        currentKey = k
        currentValue = [v]
      } else {
        currentValue.append(part)
      }
    }
    result.append((currentKey, currentValue.joined(separator: "  ")))
    return result
  }

  /// `25kB` → 25.
  static func kilobytes(_ text: String) -> JSONValue {
    var value = text
    if value.hasSuffix("kB") { value.removeLast(2) }
    if let number = Int(value) { return .int(number) }
    return .string(text)
  }

  static func integer(_ text: String) -> JSONValue {
    if let number = Int(text) { return .int(number) }
    if let number = Double(text) { return .double(number) }
    return .string(text)
  }

  /// `4096 (originally 1024)` → (4096, 1024).
  static func original(_ text: String) -> (JSONValue, JSONValue) {
    if let open = text.range(of: " (originally ") {
      let current = integer(String(text[..<open.lowerBound]))
      let before = integer(String(text[open.upperBound...].dropLast()))
      return (current, before)
    }
    return (integer(text), integer(text))
  }

  static func buffers(_ value: String, into existing: BufferUsage?) -> BufferUsage {
    var usage = existing ?? BufferUsage()
    for group in value.components(separatedBy: ", ") {
      let words = group.split(separator: " ")
      guard let scope = words.first else { continue }
      let prefix: String
      switch scope {
      case "shared": prefix = "Shared"
      case "local": prefix = "Local"
      case "temp": prefix = "Temp"
      default: continue
      }
      for word in words.dropFirst() {
        let pair = word.split(separator: "=")
        guard pair.count == 2, let count = Int(pair[1]) else { continue }
        usage.set("\(prefix) \(pair[0].capitalized) Blocks", to: count)
      }
    }
    return usage
  }

  static func sortGroups(_ value: String) -> JSONValue {
    // `1  Sort Method: top-N heapsort  Average Memory: 27kB  Peak Memory: 27kB`
    let parts = segments("Group Count", value)
    var members: [JSONValue.Member] = []
    var memory: [JSONValue.Member] = []
    var disk: [JSONValue.Member] = []
    for (key, text) in parts {
      switch key {
      case "Group Count": members.append(.init(key: key, value: integer(text)))
      case "Sort Method", "Sort Methods":
        members.append(
          .init(key: "Sort Methods Used", value: .array(text.components(separatedBy: ", ").map { .string($0) })))
      case "Average Memory": memory.append(.init(key: "Average Sort Space Used", value: kilobytes(text)))
      case "Peak Memory": memory.append(.init(key: "Peak Sort Space Used", value: kilobytes(text)))
      case "Average Disk": disk.append(.init(key: "Average Sort Space Used", value: kilobytes(text)))
      case "Peak Disk": disk.append(.init(key: "Peak Sort Space Used", value: kilobytes(text)))
      default: members.append(.init(key: key, value: .string(text)))
      }
    }
    if !memory.isEmpty { members.append(.init(key: "Sort Space Memory", value: .object(memory))) }
    if !disk.isEmpty { members.append(.init(key: "Sort Space Disk", value: .object(disk))) }
    return .object(members)
  }

  /// Adds attribute `key: value` (text labels) as JSON-keyed properties or buffer counts.
  static func attribute(_ key: String, _ value: String, properties: inout [PlanProperty], buffers: inout BufferUsage?) {
    func add(_ key: String, _ value: JSONValue) { properties.append(PlanProperty(key: key, value: value)) }
    switch key {
    case "Buffers":
      buffers = Self.buffers(value, into: buffers)
    case "Sort Method":
      for (k, v) in segments(key, value) {
        switch k {
        case "Sort Method": add("Sort Method", .string(v))
        case "Memory", "Disk":
          add("Sort Space Used", kilobytes(v))
          add("Sort Space Type", .string(k))
        default: add(k, .string(v))
        }
      }
    case "Buckets":
      for (k, v) in segments(key, value) {
        switch k {
        case "Buckets":
          let (now, before) = original(v)
          add("Hash Buckets", now)
          add("Original Hash Buckets", before)
        case "Batches":
          let (now, before) = original(v)
          add("Hash Batches", now)
          add("Original Hash Batches", before)
        case "Memory Usage": add("Peak Memory Usage", kilobytes(v))
        default: add(k, .string(v))
        }
      }
    case "Batches", "Planned Partitions":
      for (k, v) in segments(key, value) {
        switch k {
        case "Planned Partitions": add(k, integer(v))
        case "Batches": add("HashAgg Batches", integer(v))
        case "Memory Usage": add("Peak Memory Usage", kilobytes(v))
        case "Disk Usage": add("Disk Usage", kilobytes(v))
        default: add(k, .string(v))
        }
      }
    case "Hits":
      for (k, v) in segments(key, value) {
        switch k {
        case "Hits", "Misses", "Evictions", "Overflows": add("Cache " + k, integer(v))
        case "Memory Usage": add("Peak Memory Usage", kilobytes(v))
        default: add(k, .string(v))
        }
      }
    case "Heap Blocks":
      var exact = JSONValue.int(0)
      var lossy = JSONValue.int(0)
      for word in value.split(separator: " ") {
        if word.hasPrefix("exact=") { exact = integer(String(word.dropFirst(6))) }
        if word.hasPrefix("lossy=") { lossy = integer(String(word.dropFirst(6))) }
      }
      add("Exact Heap Blocks", exact)
      add("Lossy Heap Blocks", lossy)
    case "WAL":
      var figures: [String: JSONValue] = [:]
      for word in value.split(separator: " ") {
        let pair = word.split(separator: "=")
        if pair.count == 2 { figures[String(pair[0])] = integer(String(pair[1])) }
      }
      add("WAL Records", figures["records"] ?? .int(0))
      add("WAL FPI", figures["fpi"] ?? .int(0))
      add("WAL Bytes", figures["bytes"] ?? .int(0))
    case "I/O Timings":
      for group in value.components(separatedBy: ", ") {
        var words = group.split(separator: " ").map(String.init)
        var prefix = "I/O"
        if let first = words.first, !first.contains("=") {
          switch first {
          case "shared/local": prefix = "I/O"
          case "shared": prefix = "Shared I/O"
          case "local": prefix = "Local I/O"
          case "temp": prefix = "Temp I/O"
          default: prefix = first + " I/O"
          }
          words.removeFirst()
        }
        for word in words {
          let pair = word.split(separator: "=")
          guard pair.count == 2, let number = Double(pair[1]) else { continue }
          add("\(prefix) \(pair[0] == "read" ? "Read" : "Write") Time", .double(number))
        }
      }
    case "Full-sort Groups", "Pre-sorted Groups":
      add(key, sortGroups(value))
    default:
      if listKeys.contains(key) {
        add(key, .array(splitTopLevel(value).map { .string($0) }))
      } else if intKeys.contains(key), let number = Int(value) {
        add(key, .int(number))
      } else if boolKeys.contains(key), value == "true" || value == "false" {
        add(key, .bool(value == "true"))
      } else {
        add(key, .string(value))
      }
    }
  }
}
