#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A pull reader over JSON bytes, built for decoding libpg_query's parse-tree JSON into typed nodes
/// without an intermediate document: the decoders ask for the next key or element and read values
/// straight into Swift types, so the only allocations are the nodes themselves.
///
/// The bytes are borrowed: a reader never outlives the buffer it was made from (the C result is
/// freed by the function that created the reader, after decoding).
struct JSONReader {
  private let bytes: UnsafeBufferPointer<UInt8>
  private(set) var position: Int = 0
  private var depth: Int = 0
  /// Nesting deeper than this stops the reader with a `tooDeep` failure, so that callers can
  /// decode shallow documents on any thread and move deep ones to a thread with a larger stack.
  let depthLimit: Int

  init(_ bytes: UnsafeBufferPointer<UInt8>, depthLimit: Int = 20_000) {
    self.bytes = bytes
    self.depthLimit = depthLimit
  }

  struct Failure: Error, CustomStringConvertible {
    var message: String
    var position: Int
    /// True when the document nests deeper than the reader's `depthLimit`.
    var isTooDeep = false
    var description: String { "\(message) at byte \(position) of the parser's JSON" }
  }

  private func failure(_ message: String) -> Failure {
    Failure(message: message, position: position)
  }

  private mutating func enter() throws(Failure) {
    depth += 1
    guard depth <= depthLimit else {
      throw Failure(message: "nesting deeper than \(depthLimit)", position: position, isTooDeep: true)
    }
  }

  // MARK: Structure

  @inline(__always)
  private mutating func skipWhitespace() {
    while position < bytes.count {
      switch bytes[position] {
      case 0x20, 0x0A, 0x0D, 0x09: position += 1
      default: return
      }
    }
  }

  @inline(__always)
  private mutating func peekByte() throws(Failure) -> UInt8 {
    skipWhitespace()
    guard position < bytes.count else { throw failure("unexpected end of JSON") }
    return bytes[position]
  }

  @inline(__always)
  private mutating func consume(_ byte: UInt8) throws(Failure) {
    guard try peekByte() == byte else {
      throw failure("expected '\(Character(Unicode.Scalar(byte)))'")
    }
    position += 1
  }

  /// True when the next value is `null`, which is then consumed.
  mutating func readNullIfPresent() throws(Failure) -> Bool {
    guard try peekByte() == UInt8(ascii: "n") else { return false }
    try consumeLiteral("null")
    finishedValue()
    return true
  }

  private mutating func consumeLiteral(_ literal: StaticString) throws(Failure) {
    let count = literal.utf8CodeUnitCount
    guard position + count <= bytes.count else { throw failure("unexpected end of JSON") }
    let start = literal.utf8Start
    for index in 0..<count where bytes[position + index] != start[index] {
      throw failure("invalid literal")
    }
    position += count
  }

  /// Opens an object; follow with `nextKey()` until it returns nil.
  mutating func beginObject() throws(Failure) {
    try consume(UInt8(ascii: "{"))
    try enter()
    needsSeparator = false
  }

  /// Whether the next member or element needs a comma before it. Only the innermost open
  /// container matters: a value is read completely before its container continues.
  private var needsSeparator = false

  /// The next key of the innermost open object, or nil when the object ends (consumed).
  /// The key borrows the reader's bytes: compare it or copy it (`string`) before moving on.
  mutating func nextKey() throws(Failure) -> JSONKey? {
    var byte = try peekByte()
    if byte == UInt8(ascii: "}") {
      position += 1
      depth -= 1
      needsSeparator = true
      return nil
    }
    if needsSeparator {
      guard byte == UInt8(ascii: ",") else { throw failure("expected ',' or '}'") }
      position += 1
      byte = try peekByte()
    }
    let key = try readKey()
    try consume(UInt8(ascii: ":"))
    needsSeparator = false
    return key
  }

  /// Reads a string value without copying it, for values that are only compared (enumerators).
  mutating func readBorrowedString() throws(Failure) -> JSONKey {
    let key = try readKey()
    finishedValue()
    return key
  }

  /// Reads a string without copying it. Keys and enumerators written by libpg_query are plain
  /// ASCII names without escapes; a string with escapes here is not libpg_query's output.
  private mutating func readKey() throws(Failure) -> JSONKey {
    guard try peekByte() == UInt8(ascii: "\"") else { throw failure("expected a string") }
    let start = position + 1
    var index = start
    while index < bytes.count {
      let byte = bytes[index]
      if byte == UInt8(ascii: "\"") {
        position = index + 1
        return JSONKey(bytes: UnsafeBufferPointer(rebasing: bytes[start..<index]))
      }
      if byte == UInt8(ascii: "\\") { throw failure("unexpected escape in a name") }
      index += 1
    }
    throw failure("unterminated string")
  }

  /// Opens an array; follow with `nextElement()` until it returns false.
  mutating func beginArray() throws(Failure) {
    try consume(UInt8(ascii: "["))
    try enter()
    needsSeparator = false
  }

  /// Whether another element follows in the innermost open array; false when it ends (consumed).
  mutating func nextElement() throws(Failure) -> Bool {
    let byte = try peekByte()
    if byte == UInt8(ascii: "]") {
      position += 1
      depth -= 1
      needsSeparator = true
      return false
    }
    if needsSeparator {
      guard byte == UInt8(ascii: ",") else { throw failure("expected ',' or ']'") }
      position += 1
    }
    needsSeparator = false
    return true
  }

  /// Marks the end of a value read by a caller that bypassed the scalar readers.
  private mutating func finishedValue() { needsSeparator = true }

  // MARK: Scalars

  mutating func readString() throws(Failure) -> String {
    try consume(UInt8(ascii: "\""))
    let start = position
    // Fast path: no escapes, the bytes are the string.
    while position < bytes.count {
      let byte = bytes[position]
      if byte == UInt8(ascii: "\"") {
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
        position += 1
        finishedValue()
        return text
      }
      if byte == UInt8(ascii: "\\") { break }
      position += 1
    }
    guard position < bytes.count else { throw failure("unterminated string") }
    var utf8 = Array(bytes[start..<position])
    while position < bytes.count {
      let byte = bytes[position]
      position += 1
      switch byte {
      case UInt8(ascii: "\""):
        finishedValue()
        return String(decoding: utf8, as: UTF8.self)
      case UInt8(ascii: "\\"):
        guard position < bytes.count else { throw failure("unterminated escape") }
        let escaped = bytes[position]
        position += 1
        switch escaped {
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "u"):
          var scalar = try readHex4()
          if (0xD800..<0xDC00).contains(scalar), position + 6 <= bytes.count,
            bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
          {
            position += 2
            let low = try readHex4()
            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low &- 0xDC00)
          }
          let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
          utf8.append(contentsOf: String(character).utf8)
        default: utf8.append(escaped)
        }
      default:
        utf8.append(byte)
      }
    }
    throw failure("unterminated string")
  }

  private mutating func readHex4() throws(Failure) -> UInt32 {
    guard position + 4 <= bytes.count else { throw failure("truncated \\u escape") }
    var value: UInt32 = 0
    for _ in 0..<4 {
      let byte = bytes[position]
      position += 1
      let digit: UInt32
      switch byte {
      case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = UInt32(byte - UInt8(ascii: "0"))
      case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = UInt32(byte - UInt8(ascii: "a") + 10)
      case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = UInt32(byte - UInt8(ascii: "A") + 10)
      default: throw failure("invalid \\u escape")
      }
      value = value << 4 | digit
    }
    return value
  }

  mutating func readInt() throws(Failure) -> Int {
    var byte = try peekByte()
    var negative = false
    if byte == UInt8(ascii: "-") {
      negative = true
      position += 1
      guard position < bytes.count else { throw failure("truncated number") }
      byte = bytes[position]
    }
    guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { throw failure("expected an integer") }
    var value = 0
    while position < bytes.count {
      let byte = bytes[position]
      guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { break }
      let (product, overflowA) = value.multipliedReportingOverflow(by: 10)
      let (sum, overflowB) = product.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
      guard !overflowA, !overflowB else { throw failure("integer out of range") }
      value = sum
      position += 1
    }
    finishedValue()
    return negative ? -value : value
  }

  mutating func readBool() throws(Failure) -> Bool {
    let byte = try peekByte()
    if byte == UInt8(ascii: "t") {
      try consumeLiteral("true")
      finishedValue()
      return true
    }
    try consumeLiteral("false")
    finishedValue()
    return false
  }

  // MARK: Whole values

  /// Reads any value into a `JSONValue` (for nodes Augur keeps untyped).
  mutating func readValue() throws(Failure) -> JSONValue {
    switch try peekByte() {
    case UInt8(ascii: "{"):
      try beginObject()
      var members: [JSONValue.Member] = []
      while let key = try nextKey() {
        members.append(JSONValue.Member(key: key.string, value: try readValue()))
      }
      return .object(members)
    case UInt8(ascii: "["):
      try beginArray()
      var elements: [JSONValue] = []
      while try nextElement() {
        elements.append(try readValue())
      }
      return .array(elements)
    case UInt8(ascii: "\""):
      return .string(try readString())
    case UInt8(ascii: "t"), UInt8(ascii: "f"):
      return .bool(try readBool())
    case UInt8(ascii: "n"):
      try consumeLiteral("null")
      finishedValue()
      return .null
    default:
      return try readNumber()
    }
  }

  private mutating func readNumber() throws(Failure) -> JSONValue {
    skipWhitespace()
    let start = position
    var isInteger = true
    while position < bytes.count {
      switch bytes[position] {
      case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"):
        position += 1
      case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"):
        isInteger = false
        position += 1
      default:
        break
      }
      if position < bytes.count, !Self.isNumberByte(bytes[position]) { break }
    }
    let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)
    finishedValue()
    if isInteger, let value = Int(text) { return .int(value) }
    guard let value = Double(text) else {
      position = start
      throw failure("invalid number")
    }
    return .double(value)
  }

  private static func isNumberByte(_ byte: UInt8) -> Bool {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."),
      UInt8(ascii: "e"), UInt8(ascii: "E"):
      return true
    default:
      return false
    }
  }

  /// Skips one value of any kind without building it.
  mutating func skipValue() throws(Failure) {
    switch try peekByte() {
    case UInt8(ascii: "{"):
      try beginObject()
      while try nextKey() != nil { try skipValue() }
    case UInt8(ascii: "["):
      try beginArray()
      while try nextElement() { try skipValue() }
    case UInt8(ascii: "\""):
      try consume(UInt8(ascii: "\""))
      while position < bytes.count {
        let byte = bytes[position]
        position += 1
        if byte == UInt8(ascii: "\\") {
          position += 1
        } else if byte == UInt8(ascii: "\"") {
          finishedValue()
          return
        }
      }
      throw failure("unterminated string")
    default:
      _ = try readValue()
    }
  }

  /// True once everything but trailing whitespace has been read.
  mutating func isAtEnd() -> Bool {
    skipWhitespace()
    return position == bytes.count
  }
}

/// A name (object key or enumerator) as read from the JSON bytes, compared without building a
/// `String`. It borrows the reader's bytes and must not outlive them.
struct JSONKey {
  fileprivate let bytes: UnsafeBufferPointer<UInt8>

  var string: String { String(decoding: bytes, as: UTF8.self) }

  static func == (key: JSONKey, literal: StaticString) -> Bool {
    let count = literal.utf8CodeUnitCount
    guard key.bytes.count == count else { return false }
    guard count > 0, let base = key.bytes.baseAddress else { return true }
    return memcmp(base, literal.utf8Start, count) == 0
  }

  static func ~= (literal: StaticString, key: JSONKey) -> Bool {
    key == literal
  }

  static func == (key: JSONKey, text: String) -> Bool {
    var text = text
    return text.withUTF8 { utf8 in
      guard utf8.count == key.bytes.count else { return false }
      guard let lhs = key.bytes.baseAddress, let rhs = utf8.baseAddress else { return utf8.isEmpty }
      return memcmp(lhs, rhs, utf8.count) == 0
    }
  }
}
