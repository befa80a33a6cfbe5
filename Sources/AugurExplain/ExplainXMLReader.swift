import AugurPlan
import AugurSQL
import Foundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

/// Reads `EXPLAIN (FORMAT XML)` output into an `ExplainedPlan`.
///
/// The XML is first turned into the document `FORMAT JSON` would have produced — the same keys,
/// the same value types — and then read by `ExplainJSONReader.plan(from:file:)`:
/// - element names are JSON keys with spaces written as dashes (`<Node-Type>`); PostgreSQL's
///   keys with real dashes only occur in incremental sort, whose groups XML writes as two
///   `<Incremental-Sort-Groups>` elements (JSON: `Full-sort Groups`, then `Pre-sorted Groups`),
///   each with `<Sort-Space>` elements (JSON: `Sort Space Memory`, then `Sort Space Disk`; a
///   lone one is read as memory, so a disk-only group is misnamed);
/// - `<Plans>`, `<Workers>`, `<Triggers>`, `<Target-Tables>` and the root `<explain>` hold arrays of objects
///   (`<Plan>`, `<Worker>`, `<Trigger>`, `<Query>`); an element whose children are `<Item>`s is
///   a list of strings;
/// - leaf text is a number when it is written as one, `true`/`false` a boolean, anything else
///   a string — except `Settings` values, list items and known text keys, always strings.
public enum ExplainXMLReader {
  public static func read(_ data: Data, file: String? = nil) throws(ExplainParseError) -> ExplainedPlan {
    let data = ExplainJSONReader.unwrappingPsql(data)
    let root = try parseTree(data, file: file)
    let document: JSONValue
    switch root.name {
    case "explain":
      document = .array(root.children.map { objectValue($0) })
    case "Query":
      document = objectValue(root)
    default:
      throw ExplainParseError(
        file: file, position: root.position,
        message: "not an EXPLAIN plan: root element <\(root.name)>, expected <explain>")
    }
    do {
      return try ExplainJSONReader.plan(from: document, file: file)
    } catch {
      var error = error
      if error.position == nil { error.position = root.position }
      throw error
    }
  }

  // MARK: - Element tree

  struct Element {
    var name: String
    var position: SourcePosition
    var children: [Element] = []
    var text = ""
  }

  private final class TreeBuilder: NSObject, XMLParserDelegate {
    var stack: [Element] = []
    var root: Element?
    let bytes: [UInt8]

    init(bytes: [UInt8]) { self.bytes = bytes }

    func parser(
      _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?,
      attributes attributeDict: [String: String] = [:]
    ) {
      let line = parser.lineNumber
      let column = parser.columnNumber
      stack.append(
        Element(
          name: localName(elementName),
          position: ExplainScalar.position(line: line, column: column, in: bytes)))
    }

    func parser(
      _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
    ) {
      guard let element = stack.popLast() else { return }
      if stack.isEmpty {
        root = element
      } else {
        stack[stack.count - 1].children.append(element)
      }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
      if !stack.isEmpty { stack[stack.count - 1].text += string }
    }

    func parser(_ parser: XMLParser, foundCDATA block: Data) {
      if !stack.isEmpty { stack[stack.count - 1].text += String(decoding: block, as: UTF8.self) }
    }

    private func localName(_ name: String) -> String {
      if let colon = name.lastIndex(of: ":") { return String(name[name.index(after: colon)...]) }
      return name
    }
  }

  static func parseTree(_ data: Data, file: String?) throws(ExplainParseError) -> Element {
    let bytes = Array(data)
    if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
      throw ExplainParseError(
        file: file, position: ExplainScalar.position(line: 1, column: 1, in: bytes),
        message: "empty input: no XML plan")
    }
    let parser = XMLParser(data: data)
    parser.shouldProcessNamespaces = true
    let builder = TreeBuilder(bytes: bytes)
    parser.delegate = builder
    let ok = parser.parse()
    if !ok || builder.root == nil {
      let line = max(parser.lineNumber, 1)
      let column = max(parser.columnNumber, 1)
      var message = "not valid XML"
      if let error = parser.parserError {
        let code = (error as NSError).code
        // The code is libxml2's on Linux, NSXMLParserError's on Darwin: not mapped to text.
        message += " (XMLParser error \(code))"
      } else if builder.root == nil {
        message += ": the document ends inside an element"
      }
      throw ExplainParseError(
        file: file, position: ExplainScalar.position(line: line, column: column, in: bytes), message: message)
    }
    return builder.root!
  }

  // MARK: - Conversion to the JSON document

  /// Elements that hold arrays of objects, each child one element.
  static let arrayContainers: Set<String> = ["Plans", "Workers", "Triggers", "Target Tables"]
  /// Groups that are objects in JSON even when empty.
  static let objectGroups: Set<String> = [
    "Settings", "Planning", "JIT", "Options", "Timing", "Sort Space Memory", "Sort Space Disk", "Full-sort Groups",
    "Pre-sorted Groups", "Plan", "Query",
  ]

  static func key(forElement name: String) -> String {
    name.replacingOccurrences(of: "-", with: " ")
  }

  static func objectValue(_ element: Element) -> JSONValue {
    var members: [JSONValue.Member] = []
    var incrementalGroups = 0
    let sortSpaces = element.children.filter { $0.name == "Sort-Space" }.count
    var sortSpace = 0
    let stringsOnly = element.name == "Settings"
    for child in element.children {
      var key = key(forElement: child.name)
      if child.name == "Incremental-Sort-Groups" {
        key = incrementalGroups == 0 ? "Full-sort Groups" : "Pre-sorted Groups"
        incrementalGroups += 1
      } else if child.name == "Sort-Space" && element.name == "Incremental-Sort-Groups" {
        // Incremental sort's groups: `Sort Space Memory`, then `Sort Space Disk` when it spilled.
        // XML names both `<Sort-Space>`; a lone one is taken as memory (the usual case).
        key = sortSpaces > 1 && sortSpace > 0 ? "Sort Space Disk" : "Sort Space Memory"
        sortSpace += 1
      }
      members.append(JSONValue.Member(key: key, value: value(of: child, key: key, stringsOnly: stringsOnly)))
    }
    return .object(members)
  }

  static func value(of element: Element, key: String, stringsOnly: Bool) -> JSONValue {
    if element.children.isEmpty {
      // PostgreSQL writes an empty group or list as an opening and a closing tag on separate
      // lines, and an empty string as `<Key></Key>`.
      if element.text.contains("\n") && element.text.allSatisfy(\.isWhitespace) {
        return objectGroups.contains(key) ? .object([]) : .array([])
      }
      return stringsOnly ? .string(element.text) : ExplainScalar.typed(element.text, key: key)
    }
    if arrayContainers.contains(key) {
      return .array(element.children.map { objectValue($0) })
    }
    if element.children.allSatisfy({ $0.name == "Item" }) {
      return .array(element.children.map { .string($0.text) })
    }
    return objectValue(element)
  }
}

/// Types an unquoted EXPLAIN value the way FORMAT JSON writes it.
enum ExplainScalar {
  /// The position of 1-based `line` and `column` (counted in bytes) in `bytes`, clamped to the text.
  static func position(line: Int, column: Int, in bytes: [UInt8]) -> SourcePosition {
    var offset = 0
    var currentLine = 1
    while currentLine < line, offset < bytes.count {
      if bytes[offset] == UInt8(ascii: "\n") { currentLine += 1 }
      offset += 1
    }
    var remaining = max(column, 1) - 1
    while remaining > 0, offset < bytes.count, bytes[offset] != UInt8(ascii: "\n") {
      offset += 1
      remaining -= 1
    }
    return SourcePosition(offset: offset, inUTF8: bytes)
  }

  /// Keys whose values PostgreSQL always writes as text, even when they look like numbers.
  static let textKeys: Set<String> = [
    "Node Type", "Strategy", "Partial Mode", "Operation", "Relation Name", "Schema", "Alias", "Index Name",
    "CTE Name", "Function Name", "Subplan Name", "Parent Relationship", "Join Type", "Trigger Name", "Relation",
    "Constraint Name", "Filter", "Index Cond", "Recheck Cond", "Join Filter", "Hash Cond", "Merge Cond",
    "Sort Method", "Sort Space Type", "Scan Direction", "Function Call", "Table Function Name", "Command",
    "Cache Key", "Cache Mode", "Conflict Resolution", "Conflict Arbiter Indexes", "Tuplestore Name",
    "Query Text",
  ]

  static func typed(_ text: String, key: String) -> JSONValue {
    if textKeys.contains(key) { return .string(text) }
    if text == "true" { return .bool(true) }
    if text == "false" { return .bool(false) }
    if let number = number(text) { return number }
    return .string(text)
  }

  /// A JSON number, typed as `JSONValue.parse` types it: `.int` without fraction or exponent.
  static func number(_ text: String) -> JSONValue? {
    guard let first = text.utf8.first, first == UInt8(ascii: "-") || (first >= 0x30 && first <= 0x39) else {
      return nil
    }
    var isInteger = true
    for byte in text.utf8 {
      switch byte {
      case 0x30...0x39, UInt8(ascii: "-"), UInt8(ascii: "+"): continue
      case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): isInteger = false
      default: return nil
      }
    }
    if isInteger, let value = Int(text) { return .int(value) }
    if let value = Double(text) { return .double(value) }
    return nil
  }
}
