/// Turns the bytes of a file or stream into SQL text, refusing what PostgreSQL would refuse
/// instead of guessing: invalid UTF-8 is an error at its line and column, not a replacement
/// character that would change the query.
public enum SQLSource {
  public static func text(fromUTF8 bytes: some Collection<UInt8>) throws(SQLParseError) -> String {
    let bytes = Array(bytes)
    if let text = String(validating: bytes, as: UTF8.self) {
      return text
    }
    let offset = firstInvalidUTF8Offset(bytes) ?? 0
    // Show the excerpt with the valid prefix of the line only.
    let valid = String(decoding: bytes[..<offset], as: UTF8.self)
    let position = SourcePosition(offset: offset, inUTF8: bytes)
    let line = SQLParseError.line(position.line, of: valid)
    let hex = bytes[offset...].prefix(4).map { byte in
      let digits = String(byte, radix: 16, uppercase: true)
      return "0x" + (digits.count == 1 ? "0" + digits : digits)
    }
    return try throwing(
      SQLParseError(
        kind: .invalidEncoding, message: "invalid UTF-8 byte sequence \(hex.joined(separator: " "))",
        position: position, sourceLine: line))
  }

  private static func throwing(_ error: SQLParseError) throws(SQLParseError) -> String { throw error }

  /// The offset of the first byte that does not start a valid UTF-8 sequence.
  static func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = bytes.makeIterator()
    var offset = 0
    while true {
      switch parser.parseScalar(from: &iterator) {
      case .valid(let encoded): offset += encoded.count
      case .emptyInput: return nil
      case .error: return offset
      }
    }
  }
}
