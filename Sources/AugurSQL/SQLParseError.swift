/// Why SQL text could not be read, and where.
///
/// `description` is the one-line message with its position, then the offending line and a caret
/// under the column, the way a compiler reports it:
///
///     3:5: syntax error at or near "SELEC"
///       SELEC * FROM t
///       ^
public struct SQLParseError: Error, Sendable, Hashable, CustomStringConvertible {
  public enum Kind: String, Sendable, Hashable, Encodable {
    /// PostgreSQL's grammar or scanner rejected the text.
    case syntax
    /// The bytes are not valid UTF-8.
    case invalidEncoding
    /// The text contains a NUL byte, which PostgreSQL never accepts in a query string.
    case nulByte
    /// Nesting too deep to decode safely.
    case tooDeep
    /// libpg_query's output was not what Augur expects (a bug in Augur, not in the input).
    case internalError
  }

  public var kind: Kind
  /// PostgreSQL's message (without position), e.g. `syntax error at or near "SELEC"`.
  public var message: String
  /// Where the problem is; nil when the parser gave no position.
  public var position: SourcePosition?
  /// The line of input at `position`, for display.
  public var sourceLine: String?

  public init(kind: Kind, message: String, position: SourcePosition?, sourceLine: String?) {
    self.kind = kind
    self.message = message
    self.position = position
    self.sourceLine = sourceLine
  }

  /// Builds an error at byte `offset` of `text`, with the excerpt filled in.
  init(kind: Kind, message: String, offset: Int?, in text: String) {
    self.kind = kind
    self.message = message
    guard let offset else {
      position = nil
      sourceLine = nil
      return
    }
    let position = SourcePosition(offset: offset, in: text)
    self.position = position
    sourceLine = Self.line(position.line, of: text)
  }

  /// Line `number` (1-based) of `text`, split at line feeds as PostgreSQL counts lines, without
  /// a trailing carriage return.
  static func line(_ number: Int, of text: String) -> String? {
    let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
    guard number >= 1, number <= lines.count else { return nil }
    var line = lines[number - 1]
    if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
    return String(decoding: line, as: UTF8.self)
  }

  public var description: String {
    var text = position.map { "\($0.line):\($0.column): " } ?? ""
    text += message
    if let sourceLine, let position {
      // Columns count Unicode scalars (as PostgreSQL does); long lines are shown as a window
      // around the column, and the caret is placed after as many visible characters as precede it.
      let scalars = Array(sourceLine.unicodeScalars)
      let column = max(0, min(position.column - 1, scalars.count))
      let start = max(0, column - 60)
      let end = min(scalars.count, column + 60)
      func slice(_ range: Range<Int>) -> String {
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars[range])
        return String(result).replacingTabs()
      }
      let lead = start > 0 ? "…" : ""
      let tail = end < scalars.count ? "…" : ""
      let excerpt = lead + slice(start..<end) + tail
      let before = lead + slice(start..<column)
      text += "\n  \(excerpt)\n  \(String(repeating: " ", count: before.count))^"
    }
    return text
  }
}

extension String {
  fileprivate func replacingTabs() -> String {
    split(separator: "\t", omittingEmptySubsequences: false).joined(separator: "    ")
  }
}
