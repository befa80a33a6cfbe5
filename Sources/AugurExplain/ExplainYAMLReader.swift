import AugurPlan
import AugurSQL
import Foundation

/// Reads `EXPLAIN (FORMAT YAML)` output into an `ExplainedPlan`.
///
/// PostgreSQL's YAML is a small, regular subset, and this reader handles exactly that subset:
/// block mappings (`Key: value`) and block sequences (`- item`, `- Key: value` starting a
/// mapping) nested by indentation, one value per line; text values double-quoted with JSON's
/// escapes (PostgreSQL's `escape_yaml` is `escape_json`), numbers and booleans unquoted; an empty
/// group or list is a `Key: ` line with nothing below it. No flow collections, anchors, tags,
/// block scalars or comments. The keys are FORMAT JSON's, so the result becomes the JSON document
/// and is read by `ExplainJSONReader.plan(from:file:)`.
public enum ExplainYAMLReader {
  public static func read(_ data: Data, file: String? = nil) throws(ExplainParseError) -> ExplainedPlan {
    let bytes = Array(ExplainJSONReader.unwrappingPsql(data))
    var parser = YAMLBlockParser(bytes: bytes, file: file)
    let document = try parser.parseDocument()
    do {
      return try ExplainJSONReader.plan(from: document, file: file)
    } catch {
      var error = error
      if error.position == nil { error.position = parser.firstContentPosition }
      throw error
    }
  }
}

/// An indentation-based parser for the YAML EXPLAIN writes.
struct YAMLBlockParser {
  struct Line {
    var number: Int
    /// Byte offset of the line's first byte.
    var offset: Int
    var indent: Int
    var content: Substring
  }

  let bytes: [UInt8]
  let file: String?
  var lines: [Line] = []
  var index = 0

  init(bytes: [UInt8], file: String?) {
    self.bytes = bytes
    self.file = file
    let text = String(decoding: bytes, as: UTF8.self)
    var offset = 0
    for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
      defer { offset += raw.utf8.count + 1 }
      var line = raw
      if line.hasSuffix("\r") { line = line.dropLast() }
      let indent = line.prefix(while: { $0 == " " }).count
      var content = line.dropFirst(indent)
      while content.last == " " { content = content.dropLast() }
      if content.isEmpty || content.hasPrefix("#") || content == "---" || content == "..." { continue }
      lines.append(Line(number: number + 1, offset: offset, indent: indent, content: content))
    }
  }

  var firstContentPosition: SourcePosition {
    SourcePosition(offset: lines.first.map { $0.offset + $0.indent } ?? 0, inUTF8: bytes)
  }

  func error(_ message: String, line: Line?, column: Int? = nil) -> ExplainParseError {
    guard let line else {
      return ExplainParseError(
        file: file, position: SourcePosition(offset: bytes.count, inUTF8: bytes), message: message)
    }
    return ExplainParseError(
      file: file, position: SourcePosition(offset: line.offset + (column ?? line.indent), inUTF8: bytes),
      message: message)
  }

  mutating func parseDocument() throws(ExplainParseError) -> JSONValue {
    guard let first = lines.first else { throw error("empty input: no YAML plan", line: nil) }
    if first.indent != 0 { throw error("bad indentation: the document must start in column 1", line: first) }
    let value = try parseBlock(indent: 0)
    if index < lines.count {
      throw error("bad indentation: unexpected text after the document", line: lines[index])
    }
    return value
  }

  /// Parses the mapping or sequence whose lines start at exactly `indent`.
  mutating func parseBlock(indent: Int) throws(ExplainParseError) -> JSONValue {
    let line = lines[index]
    if line.indent != indent {
      throw error("bad indentation: expected \(indent) spaces, found \(line.indent)", line: line)
    }
    if isSequenceItem(line.content) { return try parseSequence(indent: indent) }
    return try parseMapping(indent: indent)
  }

  func isSequenceItem(_ content: Substring) -> Bool { content == "-" || content.hasPrefix("- ") }

  mutating func parseSequence(indent: Int) throws(ExplainParseError) -> JSONValue {
    var items: [JSONValue] = []
    while index < lines.count, lines[index].indent == indent, isSequenceItem(lines[index].content) {
      let line = lines[index]
      let rest = line.content.dropFirst(2).drop(while: { $0 == " " })
      let restIndent = indent + (line.content.count - rest.count)
      if rest.isEmpty {
        // `-` alone: the item is the block below.
        index += 1
        guard index < lines.count, lines[index].indent > indent else {
          items.append(.null)
          continue
        }
        items.append(try parseBlock(indent: lines[index].indent))
      } else if isSequenceItem(rest) || splitKey(rest) != nil {
        // `- Key: value`: a mapping (or nested sequence) whose first line is this one; the rest
        // of it is indented to where the key starts.
        lines[index] = Line(number: line.number, offset: line.offset, indent: restIndent, content: rest)
        items.append(try parseBlock(indent: restIndent))
      } else {
        items.append(try scalar(rest, line: line, column: restIndent))
        index += 1
      }
    }
    if index < lines.count, lines[index].indent > indent {
      throw error(
        "bad indentation: \(lines[index].indent) spaces matches no enclosing block (list items at \(indent))",
        line: lines[index])
    }
    return .array(items)
  }

  mutating func parseMapping(indent: Int) throws(ExplainParseError) -> JSONValue {
    var members: [JSONValue.Member] = []
    while index < lines.count, lines[index].indent == indent {
      let line = lines[index]
      if isSequenceItem(line.content) {
        throw error("bad indentation: a list item among mapping keys", line: line)
      }
      guard let (key, rest) = splitKey(line.content) else {
        throw error("expected \"Key: value\"", line: line)
      }
      index += 1
      if rest.isEmpty {
        if index < lines.count, lines[index].indent > indent {
          members.append(JSONValue.Member(key: key, value: try parseBlock(indent: lines[index].indent)))
        } else {
          // An empty group (object) or an empty list.
          members.append(
            JSONValue.Member(key: key, value: ExplainXMLReader.objectGroups.contains(key) ? .object([]) : .array([])))
        }
      } else {
        let column = indent + (line.content.count - rest.count)
        members.append(
          JSONValue.Member(key: key, value: try scalar(rest, line: line, column: column, stringsOnly: false)))
        if index < lines.count, lines[index].indent > indent {
          throw error(
            "bad indentation: \(lines[index].indent) spaces, but the key above (at \(indent)) has a value",
            line: lines[index])
        }
      }
    }
    if index < lines.count, lines[index].indent > indent {
      throw error(
        "bad indentation: \(lines[index].indent) spaces matches no enclosing block (keys at \(indent))",
        line: lines[index])
    }
    return .object(members)
  }

  /// `Key: rest` (or `Key:`), when the line is a mapping entry. Keys are never quoted.
  func splitKey(_ content: Substring) -> (String, Substring)? {
    if content.first == "\"" { return nil }
    if content.hasSuffix(":") { return (String(content.dropLast()), "") }
    guard let range = content.range(of: ": ") else { return nil }
    return (String(content[..<range.lowerBound]), content[range.upperBound...].drop(while: { $0 == " " }))
  }

  func scalar(_ text: Substring, line: Line, column: Int, stringsOnly: Bool = false) throws(ExplainParseError)
    -> JSONValue
  {
    if text.first == "\"" {
      // A JSON string literal that must end the line.
      var escaped = false
      var end: Substring.Index?
      var position = text.index(after: text.startIndex)
      while position < text.endIndex {
        let character = text[position]
        if escaped {
          escaped = false
        } else if character == "\\" {
          escaped = true
        } else if character == "\"" {
          end = position
          break
        }
        position = text.index(after: position)
      }
      guard let end else { throw error("unterminated quoted string", line: line, column: column) }
      if text.index(after: end) != text.endIndex {
        throw error("unexpected text after a quoted string", line: line, column: column)
      }
      let literal = text[...end]
      do {
        return try JSONValue.parse(Array(literal.utf8))
      } catch {
        throw self.error("bad quoted string: \(error.message)", line: line, column: column + error.offset)
      }
    }
    if text.first == "[" || text.first == "{" || text.first == "'" || text.first == "|" || text.first == ">" {
      throw error("unsupported YAML (EXPLAIN writes none): \(text.prefix(20))", line: line, column: column)
    }
    let value = String(text)
    if value == "true" { return .bool(true) }
    if value == "false" { return .bool(false) }
    if value == "null" || value == "~" { return .null }
    if let number = ExplainScalar.number(value) { return number }
    return .string(value)
  }
}
