/// A half-open byte range `[start, end)` in the text that was parsed.
public struct SourceRange: Sendable, Hashable, Encodable {
  public var start: Int
  public var end: Int
  public var length: Int { end - start }

  public init(start: Int, end: Int) {
    self.start = start
    self.end = end
  }
}

/// A position in a text as people count it: 1-based line, and 1-based column in characters
/// (Unicode scalars, as PostgreSQL counts them), plus the byte offset it came from.
public struct SourcePosition: Sendable, Hashable, Encodable, CustomStringConvertible {
  public var offset: Int
  public var line: Int
  public var column: Int

  public var description: String { "\(line):\(column)" }

  /// The position of byte `offset` in `text`. Offsets inside a multi-byte character count as
  /// that character; offsets past the end are the end.
  public init(offset: Int, in text: String) {
    self.init(offset: offset, inUTF8: Array(text.utf8))
  }

  /// The position of byte `offset` in UTF-8 `bytes`.
  public init(offset: Int, inUTF8 bytes: some Collection<UInt8>) {
    var line = 1
    var column = 1
    var index = 0
    for byte in bytes {
      if index >= offset { break }
      if byte == UInt8(ascii: "\n") {
        line += 1
        column = 1
      } else if byte & 0xC0 != 0x80 {
        // Count only the first byte of each UTF-8 sequence.
        column += 1
      }
      index += 1
    }
    self.offset = offset
    self.line = line
    self.column = column
  }
}

extension String {
  /// The UTF-8 byte offset of the 1-based character position `position` (PostgreSQL's
  /// `cursorpos`), clamped to the text.
  func utf8Offset(ofCharacterPosition position: Int) -> Int {
    guard position > 1 else { return 0 }
    var characters = 0
    var offset = 0
    for scalar in unicodeScalars {
      if characters == position - 1 { return offset }
      characters += 1
      offset += String(scalar).utf8.count
    }
    return offset
  }
}
