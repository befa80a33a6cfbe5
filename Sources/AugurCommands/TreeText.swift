import AugurSQL

/// Renders a syntax tree (as JSON) as indented text for people: node names as headings, fields
/// as `name: value`, and nothing that carries no information (empty lists, false flags,
/// locations).
enum TreeText {
  static func render(_ value: JSONValue) -> String {
    var lines: [String] = []
    node(value, indent: 0, into: &lines)
    return lines.joined(separator: "\n")
  }

  private static func node(_ value: JSONValue, indent: Int, into lines: inout [String]) {
    let pad = String(repeating: "  ", count: indent)
    switch value {
    case .object(let members) where members.count == 1:
      // A tagged node: {"SelectStmt": {...}}.
      let member = members[0]
      if let inline = scalar(member.value) {
        lines.append("\(pad)\(member.key): \(inline)")
      } else if case .array(let elements) = member.value {
        lines.append("\(pad)\(member.key)")
        items(elements, indent: indent, into: &lines)
      } else {
        lines.append("\(pad)\(member.key)")
        fields(member.value, indent: indent + 1, into: &lines)
      }
    default:
      fields(value, indent: indent, into: &lines)
    }
  }

  private static func fields(_ value: JSONValue, indent: Int, into lines: inout [String]) {
    let pad = String(repeating: "  ", count: indent)
    guard case .object(let members) = value else {
      if let inline = scalar(value) { lines.append(pad + inline) }
      return
    }
    for member in members where !isUninformative(member) {
      if let inline = scalar(member.value) {
        lines.append("\(pad)\(member.key): \(inline)")
      } else if case .array(let elements) = member.value {
        lines.append("\(pad)\(member.key):")
        items(elements, indent: indent, into: &lines)
      } else {
        lines.append("\(pad)\(member.key):")
        node(member.value, indent: indent + 1, into: &lines)
      }
    }
  }

  /// List elements, each marked with `- ` one level deeper than `indent`.
  private static func items(_ elements: [JSONValue], indent: Int, into lines: inout [String]) {
    for element in elements {
      var nested: [String] = []
      node(element, indent: indent + 2, into: &nested)
      if let first = nested.first {
        lines.append(String(repeating: "  ", count: indent + 1) + "- " + first.drop { $0 == " " })
        lines.append(contentsOf: nested.dropFirst())
      }
    }
  }

  /// A value short enough to print on its key's line.
  private static func scalar(_ value: JSONValue) -> String? {
    switch value {
    case .null: return "null"
    case .bool(let flag): return String(flag)
    case .int(let number): return String(number)
    case .double(let number): return String(number)
    case .string(let text): return quoted(text)
    case .array(let elements):
      let items = elements.compactMap { element -> String? in
        if case .string(let text) = element { return quoted(text) }
        if case .int(let number) = element { return String(number) }
        return nil
      }
      return items.count == elements.count ? "[" + items.joined(separator: ", ") + "]" : nil
    case .object(let members):
      // {"string": "x"} style single scalar payloads (constants) stay on one line.
      if members.count == 1, case let payload = members[0].value, let inline = scalar(payload),
        !(members[0].value.isContainer)
      {
        return "\(members[0].key) \(inline)"
      }
      return members.isEmpty ? "{}" : nil
    }
  }

  private static func quoted(_ text: String) -> String {
    let needsQuotes = text.isEmpty || text.contains { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }
    return needsQuotes ? "\"" + text.replacingOccurrences(of: "\"", with: "\\\"") + "\"" : text
  }

  private static func isUninformative(_ member: JSONValue.Member) -> Bool {
    if member.key == "location" { return true }
    switch member.value {
    case .bool(false): return true
    case .array(let elements): return elements.isEmpty
    default: return false
    }
  }
}

extension JSONValue {
  fileprivate var isContainer: Bool {
    switch self {
    case .array, .object: return true
    default: return false
    }
  }
}

extension String {
  fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
    split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
  }
}
