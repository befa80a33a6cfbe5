import CPgQuery
import Foundation

/// Augur's entry to PostgreSQL's own grammar (libpg_query, PostgreSQL 15).
///
/// Every function copies what it needs out of libpg_query's C result and frees that result
/// before returning; no C pointer leaves this file. libpg_query keeps its memory per thread,
/// so these functions may be called from many threads at once.
public enum SQLParser {
  /// Parses a script of one or more statements into typed nodes.
  public static func parse(_ sql: String) throws(SQLParseError) -> [ParsedStatement] {
    let outcome = sql.withCString { cString -> Result<[ParsedStatement], SQLParseError> in
      let length = sql.utf8.count
      // A NUL byte would end the C string early: PostgreSQL would see only part of the text.
      if strlen(cString) != length {
        return .failure(nulByteError(in: sql))
      }
      let sqlBytes = UnsafeBufferPointer(
        start: UnsafeRawPointer(cString).assumingMemoryBound(to: UInt8.self), count: length)
      let result = pg_query_parse(cString)
      defer { pg_query_free_parse_result(result) }
      if let error = result.error {
        return .failure(parseError(error, in: sql))
      }
      guard let tree = result.parse_tree else { return .success([]) }
      let json = UnsafeBufferPointer(
        start: UnsafeRawPointer(tree).assumingMemoryBound(to: UInt8.self), count: strlen(tree))
      return decodeTree(json: json, sql: sqlBytes, text: sql)
    }
    return try outcome.get()
  }

  /// libpg_query's fingerprint: equal for statements that differ only in constants, aliases,
  /// parameter numbers and IN-list lengths. Stable across servers, unlike `queryid`.
  public static func fingerprint(_ sql: String) throws(SQLParseError) -> Fingerprint {
    try checkForNUL(sql)
    let result = pg_query_fingerprint(sql)
    defer { pg_query_free_fingerprint_result(result) }
    if let error = result.error { throw parseError(error, in: sql) }
    return Fingerprint(value: result.fingerprint)
  }

  /// Replaces every constant with a parameter (`$1`, `$2`, ...), keeping the rest of the text
  /// as written. This is what reports show instead of values.
  public static func normalize(_ sql: String) throws(SQLParseError) -> String {
    try checkForNUL(sql)
    let result = pg_query_normalize(sql)
    defer { pg_query_free_normalize_result(result) }
    if let error = result.error { throw parseError(error, in: sql) }
    guard let normalized = result.normalized_query else { return "" }
    return String(cString: normalized)
  }

  /// Splits a script into statements with their positions, using the parser (which gets
  /// `CREATE RULE ... (a; b)` and the like right), or the scanner alone with `scannerOnly`, which
  /// also splits scripts that contain syntax errors.
  public static func split(_ sql: String, scannerOnly: Bool = false) throws(SQLParseError) -> [StatementSlice] {
    try checkForNUL(sql)
    let result = scannerOnly ? pg_query_split_with_scanner(sql) : pg_query_split_with_parser(sql)
    defer { pg_query_free_split_result(result) }
    if let error = result.error { throw parseError(error, in: sql) }
    let utf8 = Array(sql.utf8)
    var slices: [StatementSlice] = []
    slices.reserveCapacity(Int(result.n_stmts))
    var lineTracker = LineTracker(utf8)
    for index in 0..<Int(result.n_stmts) {
      guard let statement = result.stmts[index]?.pointee else { continue }
      var start = Int(statement.stmt_location)
      let end = min(utf8.count, start + Int(statement.stmt_len))
      // PostgreSQL's statement ranges include leading whitespace and comments; start the slice
      // at its first token so that line and column point at the statement itself.
      start = firstTokenOffset(utf8, from: start, to: end)
      let text = String(decoding: utf8[start..<end], as: UTF8.self)
      slices.append(
        StatementSlice(
          range: SourceRange(start: start, end: end), position: lineTracker.position(of: start), text: text))
    }
    return slices
  }

  /// The script's tokens, comments included, with their byte ranges.
  public static func scan(_ sql: String) throws(SQLParseError) -> [Token] {
    try checkForNUL(sql)
    let result = pg_query_scan(sql)
    defer { pg_query_free_scan_result(result) }
    if let error = result.error { throw parseError(error, in: sql) }
    guard let data = result.pbuf.data else { return [] }
    let buffer = UnsafeRawBufferPointer(start: data, count: Int(result.pbuf.len))
    do {
      return try ScanResultDecoder.tokens(from: buffer)
    } catch {
      throw SQLParseError(kind: .internalError, message: "unexpected scanner output", offset: nil, in: sql)
    }
  }

  // MARK: Decoding deep trees

  /// Trees nested deeper than this (in JSON levels) are decoded again on a thread with a stack
  /// sized for them; shallower ones, nearly all SQL, on the caller's thread.
  static let inlineDepthLimit = 400
  /// Deeper trees are refused (`tooDeep`). Every recursive walk over the returned tree (comparison,
  /// hashing, encoding, release) runs on the caller's thread and must fit its stack, which may be
  /// as small as 512 KiB; 2,000 JSON levels is about 1,000 nested expressions, far beyond what
  /// real queries use.
  static let maximumDepth = 2_000
  /// Stack reserved per JSON level when decoding on a dedicated thread (debug builds use most).
  private static let stackBytesPerLevel = 8 * 1024

  private static func decodeTree(
    json: UnsafeBufferPointer<UInt8>, sql: UnsafeBufferPointer<UInt8>, text: String
  ) -> Result<[ParsedStatement], SQLParseError> {
    let decode = { (depthLimit: Int) -> Result<[ParsedStatement], JSONReader.Failure> in
      var decoder = TreeDecoder(json: json, sql: sql, depthLimit: depthLimit)
      do {
        return .success(try decoder.statements())
      } catch let failure as JSONReader.Failure {
        return .failure(failure)
      } catch {
        return .failure(JSONReader.Failure(message: "\(error)", position: decoder.reader.position))
      }
    }
    var outcome = decode(inlineDepthLimit)
    if case .failure(let failure) = outcome, failure.isTooDeep {
      outcome = runWithStack(bytes: maximumDepth * stackBytesPerLevel + (1 << 20)) { decode(maximumDepth) }
    }
    return outcome.mapError { failure in
      failure.isTooDeep
        ? SQLParseError(
          kind: .tooDeep, message: "statement is nested too deeply (Augur accepts about \(maximumDepth / 2) levels)",
          offset: 0, in: text)
        : SQLParseError(kind: .internalError, message: "unexpected parse tree: \(failure)", offset: nil, in: text)
    }
  }

  // MARK: Helpers

  /// PostgreSQL stops reading a query string at a NUL byte; refuse such text rather than
  /// silently analyzing only its first part.
  static func checkForNUL(_ sql: String) throws(SQLParseError) {
    if sql.utf8.contains(0) { throw nulByteError(in: sql) }
  }

  private static func nulByteError(in sql: String) -> SQLParseError {
    let offset = sql.utf8.firstIndex(of: 0).map { sql.utf8.distance(from: sql.utf8.startIndex, to: $0) } ?? 0
    return SQLParseError(kind: .nulByte, message: "NUL byte in SQL text", offset: offset, in: sql)
  }

  private static func parseError(_ error: UnsafeMutablePointer<PgQueryError>, in sql: String) -> SQLParseError {
    let message = error.pointee.message.map { String(cString: $0) } ?? "parse error"
    let cursor = Int(error.pointee.cursorpos)
    let offset = cursor > 0 ? sql.utf8Offset(ofCharacterPosition: cursor) : nil
    return SQLParseError(kind: .syntax, message: message, offset: offset, in: sql)
  }

  /// The offset of the first token at or after `start` (before `end`), skipping whitespace and
  /// comments (block comments nest, as in PostgreSQL). PostgreSQL's statement ranges include
  /// what precedes a statement; messages point at its first token. Returns `start` when there
  /// is no token.
  public static func firstTokenOffset(_ utf8: [UInt8], from start: Int, to end: Int) -> Int {
    var index = start
    while index < end {
      let byte = utf8[index]
      if byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == 0x0C {
        index += 1
      } else if byte == UInt8(ascii: "-"), index + 1 < end, utf8[index + 1] == UInt8(ascii: "-") {
        while index < end, utf8[index] != 0x0A { index += 1 }
      } else if byte == UInt8(ascii: "/"), index + 1 < end, utf8[index + 1] == UInt8(ascii: "*") {
        // Block comments nest in PostgreSQL.
        var depth = 0
        while index < end {
          if utf8[index] == UInt8(ascii: "/"), index + 1 < end, utf8[index + 1] == UInt8(ascii: "*") {
            depth += 1
            index += 2
          } else if utf8[index] == UInt8(ascii: "*"), index + 1 < end, utf8[index + 1] == UInt8(ascii: "/") {
            depth -= 1
            index += 2
            if depth == 0 { break }
          } else {
            index += 1
          }
        }
      } else {
        return index
      }
    }
    return start
  }
}

/// A libpg_query fingerprint.
public struct Fingerprint: Sendable, Hashable, Encodable, CustomStringConvertible {
  public var value: UInt64
  /// Sixteen lower-case hex digits, as libpg_query prints it.
  public var hex: String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
  public var description: String { hex }
}

/// One statement of a script, as the splitter found it.
public struct StatementSlice: Sendable, Hashable, Encodable {
  /// Bytes of the statement in the script, from its first token to before its `;`.
  public var range: SourceRange
  /// Line and column of the statement's first token.
  public var position: SourcePosition
  public var text: String
}

/// Finds line and column for increasing offsets in one pass over the text.
struct LineTracker {
  private let utf8: [UInt8]
  private var index = 0
  private var line = 1
  private var column = 1

  init(_ utf8: [UInt8]) { self.utf8 = utf8 }

  mutating func position(of offset: Int) -> SourcePosition {
    if offset < index {
      index = 0
      line = 1
      column = 1
    }
    while index < offset, index < utf8.count {
      if utf8[index] == 0x0A {
        line += 1
        column = 1
      } else if utf8[index] & 0xC0 != 0x80 {
        column += 1
      }
      index += 1
    }
    return SourcePosition(offset: offset, line: line, column: column)
  }
}

extension SourcePosition {
  init(offset: Int, line: Int, column: Int) {
    self.offset = offset
    self.line = line
    self.column = column
  }
}

/// Runs `body` on a new thread with a stack of `bytes` and waits for its result. The caller
/// blocks until the body is done, so the borrowed buffers the body reads stay valid.
public func runWithLargeStack<T>(bytes: Int = 512 << 20, _ body: @escaping () -> T) -> T {
  runWithStack(bytes: bytes, body)
}

/// See `runWithLargeStack`.
func runWithStack<T>(bytes: Int, _ body: @escaping () -> T) -> T {
  let box = ThreadHandOff<T>(body)
  let done = DispatchSemaphore(value: 0)
  let thread = Thread {
    box.result = box.body?()
    done.signal()
  }
  thread.stackSize = bytes
  thread.start()
  done.wait()
  guard let result = box.result else { preconditionFailure("decoder thread finished without a result") }
  return result
}

/// Hands a closure to another thread and its result back; only one thread touches it at a time
/// (the caller waits on a semaphore), hence the unchecked sendability.
private final class ThreadHandOff<T>: @unchecked Sendable {
  var body: (() -> T)?
  var result: T?
  init(_ body: @escaping () -> T) { self.body = body }
}
