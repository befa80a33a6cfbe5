/// A lexical token of SQL text, as PostgreSQL's scanner sees it. Comments are tokens too, so
/// that hints and annotations written in comments can be found later.
public struct Token: Sendable, Hashable, Encodable {
  public enum Kind: String, Sendable, Hashable, Encodable {
    case keyword
    case identifier
    case integer
    case numeric
    case string
    case bitString
    case parameter
    case `operator`
    case punctuation
    case lineComment
    case blockComment
    case other
  }
  /// PostgreSQL's keyword category, for keywords.
  public enum KeywordKind: Int, Sendable, Hashable, Encodable {
    case none = 0
    case unreserved = 1
    case columnName = 2
    case typeOrFunctionName = 3
    case reserved = 4
  }
  public var kind: Kind
  public var range: SourceRange
  public var keywordKind: KeywordKind
  /// The scanner's token number (its `Token` enumeration in libpg_query's protocol).
  public var tokenNumber: Int
}

/// Reads libpg_query's scan result: a small protocol-buffers message
/// `ScanResult { int32 version = 1; repeated ScanToken tokens = 2; }` with
/// `ScanToken { int32 start = 1; int32 end = 2; Token token = 4; KeywordKind keyword_kind = 5; }`.
enum ScanResultDecoder {
  struct Malformed: Error {}

  static func tokens(from buffer: UnsafeRawBufferPointer) throws(Malformed) -> [Token] {
    var tokens: [Token] = []
    var reader = ProtobufReader(buffer: buffer, position: 0, end: buffer.count)
    while !reader.isAtEnd {
      let (field, wireType) = try reader.readTag()
      if field == 2, wireType == 2 {
        var message = try reader.readSubmessage()
        tokens.append(try token(&message))
      } else {
        try reader.skip(wireType: wireType)
      }
    }
    return tokens
  }

  private static func token(_ reader: inout ProtobufReader) throws(Malformed) -> Token {
    var start = 0
    var end = 0
    var number = 0
    var keyword = 0
    while !reader.isAtEnd {
      let (field, wireType) = try reader.readTag()
      switch (field, wireType) {
      case (1, 0): start = Int(truncatingIfNeeded: try reader.readVarint())
      case (2, 0): end = Int(truncatingIfNeeded: try reader.readVarint())
      case (4, 0): number = Int(truncatingIfNeeded: try reader.readVarint())
      case (5, 0): keyword = Int(truncatingIfNeeded: try reader.readVarint())
      default: try reader.skip(wireType: wireType)
      }
    }
    let keywordKind = Token.KeywordKind(rawValue: keyword) ?? .none
    return Token(
      kind: kind(ofToken: number, keyword: keywordKind), range: SourceRange(start: start, end: end),
      keywordKind: keywordKind, tokenNumber: number)
  }

  /// Token numbers of PostgreSQL 15's scanner as libpg_query numbers them: single characters
  /// are their ASCII code; named tokens start at 258.
  private static func kind(ofToken number: Int, keyword: Token.KeywordKind) -> Token.Kind {
    if keyword != .none { return .keyword }
    switch number {
    case 1..<256:
      switch UInt8(number) {
      case UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "."),
        UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: ":"):
        return .punctuation
      default:
        return .operator
      }
    case 258, 259: return .identifier  // IDENT, UIDENT
    case 260: return .numeric  // FCONST
    case 261, 262: return .string  // SCONST, USCONST
    case 263, 264: return .bitString  // BCONST, XCONST
    case 265: return .operator  // Op
    case 266: return .integer  // ICONST
    case 267: return .parameter  // PARAM
    case 268...274: return .operator  // TYPECAST, DOT_DOT, COLON_EQUALS, =>, <=, >=, <>
    case 275: return .lineComment  // SQL_COMMENT
    case 276: return .blockComment  // C_COMMENT
    default: return .other
    }
  }
}

/// The few protocol-buffers wire-format reads the scan result needs.
struct ProtobufReader {
  let buffer: UnsafeRawBufferPointer
  var position: Int
  let end: Int

  var isAtEnd: Bool { position >= end }

  mutating func readVarint() throws(ScanResultDecoder.Malformed) -> UInt64 {
    var value: UInt64 = 0
    var shift: UInt64 = 0
    while position < end {
      let byte = buffer[position]
      position += 1
      value |= UInt64(byte & 0x7F) << shift
      if byte & 0x80 == 0 { return value }
      shift += 7
      if shift > 63 { throw ScanResultDecoder.Malformed() }
    }
    throw ScanResultDecoder.Malformed()
  }

  mutating func readTag() throws(ScanResultDecoder.Malformed) -> (field: Int, wireType: Int) {
    let tag = try readVarint()
    return (Int(tag >> 3), Int(tag & 7))
  }

  mutating func readSubmessage() throws(ScanResultDecoder.Malformed) -> ProtobufReader {
    let length = Int(try readVarint())
    guard length >= 0, position + length <= end else { throw ScanResultDecoder.Malformed() }
    let sub = ProtobufReader(buffer: buffer, position: position, end: position + length)
    position += length
    return sub
  }

  mutating func skip(wireType: Int) throws(ScanResultDecoder.Malformed) {
    switch wireType {
    case 0: _ = try readVarint()
    case 1: position += 8
    case 2: position += Int(try readVarint())
    case 5: position += 4
    default: throw ScanResultDecoder.Malformed()
    }
    guard position <= end else { throw ScanResultDecoder.Malformed() }
  }
}
