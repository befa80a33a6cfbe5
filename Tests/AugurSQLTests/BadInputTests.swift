import AugurSQL
import Foundation
import Testing

// Malformed and extreme inputs: the parser layer must answer each with a located error (or a
// controlled one), never a crash, a hang or a silently truncated parse. The expectations for
// Corpus/bad come from Corpus/bad/README.md.

/// The repository root, found from this file's path (Tests/AugurSQLTests/BadInputTests.swift).
private let badInputRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

private let badDirectory = badInputRoot.appendingPathComponent("Corpus/bad")

/// Runs `body` and returns the `SQLParseError` it throws, or nil when it succeeds (any other
/// error is a test failure).
private func caught<T>(
  _ body: () throws -> T, sourceLocation: SourceLocation = #_sourceLocation
) -> SQLParseError? {
  do {
    _ = try body()
    return nil
  } catch let error as SQLParseError {
    return error
  } catch {
    Issue.record("not an SQLParseError: \(error)", sourceLocation: sourceLocation)
    return nil
  }
}

/// Reads a file of Corpus/bad as bytes and turns it into statements the way a command does.
private func parseBadFile(_ name: String) throws -> Result<[ParsedStatement], SQLParseError> {
  let bytes = try Data(contentsOf: badDirectory.appendingPathComponent(name))
  do {
    let text = try SQLSource.text(fromUTF8: bytes)
    return .success(try SQLParser.parse(text))
  } catch {
    return .failure(error)
  }
}

/// One malformed file and the error the README says a correct parser reports for it.
struct BadFileExpectation: Sendable, CustomTestStringConvertible {
  var file: String
  var kind: SQLParseError.Kind
  var line: Int
  var column: Int
  /// The byte offset of the error (libpg_query's cursorpos - 1 for the ASCII files).
  var offset: Int?
  /// Text the message must contain, naming the problem.
  var message: String

  var testDescription: String { file }
}

private let badFileExpectations: [BadFileExpectation] = [
  BadFileExpectation(
    file: "unterminated_string.sql", kind: .syntax, line: 3, column: 16, offset: 45,
    message: "unterminated quoted string"),
  BadFileExpectation(
    file: "unterminated_dollar_quote.sql", kind: .syntax, line: 2, column: 4, offset: 59,
    message: "unterminated dollar-quoted string"),
  BadFileExpectation(
    file: "unterminated_comment.sql", kind: .syntax, line: 2, column: 1, offset: 35,
    message: "unterminated /* comment"),
  BadFileExpectation(
    file: "unterminated_quoted_identifier.sql", kind: .syntax, line: 1, column: 14, offset: 13,
    message: "unterminated quoted identifier"),
  BadFileExpectation(
    file: "unbalanced_parens.sql", kind: .syntax, line: 4, column: 1, offset: 91,
    message: "syntax error at or near \"ORDER\""),
  BadFileExpectation(
    file: "syntax_error_midway.sql", kind: .syntax, line: 7, column: 1, offset: 195,
    message: "syntax error at or near \"SELEC\""),
  BadFileExpectation(
    file: "trailing_garbage.sql", kind: .syntax, line: 2, column: 1, offset: 42,
    message: "syntax error at or near \"}\""),
  BadFileExpectation(
    file: "missing_from_item.sql", kind: .syntax, line: 1, column: 15, offset: 14,
    message: "syntax error at or near \"WHERE\""),
  BadFileExpectation(
    file: "invalid_utf8.sql", kind: .invalidEncoding, line: 1, column: 39, offset: 38, message: "UTF-8"),
  BadFileExpectation(file: "nul_bytes.sql", kind: .nulByte, line: 1, column: 28, offset: 27, message: "NUL byte"),
  BadFileExpectation(
    file: "garbage_bytes.bin", kind: .invalidEncoding, line: 1, column: 2, offset: 1, message: "UTF-8"),
]

private let emptyBadFiles = ["empty.sql", "only_comments.sql", "only_whitespace.sql", "only_semicolons.sql"]

@Suite struct BadInputTests {
  // MARK: Corpus/bad

  @Test func everyCorpusBadFileHasAnExpectation() throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: badDirectory.path)
      .filter { $0.hasSuffix(".sql") || $0.hasSuffix(".bin") }
    let covered = Set(badFileExpectations.map(\.file) + emptyBadFiles)
    #expect(Set(names) == covered)
  }

  @Test(arguments: badFileExpectations)
  func corpusBadFileReportsErrorAtReadmePosition(_ expected: BadFileExpectation) throws {
    let outcome = try parseBadFile(expected.file)
    guard case .failure(let error) = outcome else {
      Issue.record("\(expected.file) parsed without an error")
      return
    }
    #expect(error.kind == expected.kind)
    #expect(error.message.contains(expected.message), "message: \(error.message)")
    let position = try #require(error.position, "\(expected.file): error has no position")
    #expect(position.line == expected.line)
    #expect(position.column == expected.column)
    if let offset = expected.offset {
      #expect(position.offset == offset)
    }
    #expect(error.description.hasPrefix("\(expected.line):\(expected.column): "), "\(error.description)")
  }

  @Test(arguments: emptyBadFiles)
  func corpusFileWithoutStatementsParsesToZeroStatements(_ file: String) throws {
    let outcome = try parseBadFile(file)
    switch outcome {
    case .success(let statements): #expect(statements.isEmpty)
    case .failure(let error): Issue.record("\(file): unexpected error \(error)")
    }
  }

  @Test(arguments: emptyBadFiles)
  func corpusFileWithoutStatementsSplitsToZeroStatements(_ file: String) throws {
    let bytes = try Data(contentsOf: badDirectory.appendingPathComponent(file))
    let text = try SQLSource.text(fromUTF8: bytes)
    #expect(try SQLParser.split(text).isEmpty)
    #expect(try SQLParser.split(text, scannerOnly: true).isEmpty)
  }

  @Test func nulByteFileIsNotTruncatedToItsPrefix() throws {
    // libpg_query alone would parse `SELECT id, email FROM users` and drop the rest.
    let outcome = try parseBadFile("nul_bytes.sql")
    if case .success(let statements) = outcome {
      Issue.record("NUL byte input parsed as \(statements.count) statement(s)")
    }
  }

  @Test func unterminatedDollarQuoteDoesNotReturnTheSelectInsideIt() throws {
    let bytes = try Data(contentsOf: badDirectory.appendingPathComponent("unterminated_dollar_quote.sql"))
    let text = try SQLSource.text(fromUTF8: bytes)
    let error = try #require(caught { try SQLParser.split(text) })
    #expect(error.kind == .syntax)
    #expect(error.position?.line == 2)
  }

  @Test func scannerSplitRecoversStatementsOfScriptWithSyntaxError() throws {
    let bytes = try Data(contentsOf: badDirectory.appendingPathComponent("syntax_error_midway.sql"))
    let text = try SQLSource.text(fromUTF8: bytes)
    let slices = try SQLParser.split(text, scannerOnly: true)
    #expect(slices.count == 4)
    #expect(slices.map(\.position.line) == [2, 4, 7, 8])
    #expect(slices.first?.text == "SELECT id, email FROM users WHERE id = 1")
    #expect(slices.dropFirst(2).first?.text.hasPrefix("SELEC email") == true)
  }

  @Test func parserSplitReportsSyntaxErrorOfScript() throws {
    let bytes = try Data(contentsOf: badDirectory.appendingPathComponent("syntax_error_midway.sql"))
    let text = try SQLSource.text(fromUTF8: bytes)
    let error = try #require(caught { try SQLParser.split(text) })
    #expect(error.kind == .syntax)
    #expect(error.message.contains("SELEC"))
    #expect(error.position?.line == 7)
    #expect(error.position?.column == 1)
  }

  // MARK: NUL bytes and encoding

  private static let textWithNUL = "SELECT 1;\nSELECT 'ab\u{0}cd' FROM t"

  private static func checkNULError(_ error: SQLParseError?) {
    #expect(error?.kind == .nulByte)
    #expect(error?.message.contains("NUL") == true)
    #expect(error?.position?.line == 2)
    #expect(error?.position?.column == 11)
    #expect(error?.position?.offset == 20)
  }

  @Test func nulByteIsRejectedByParse() {
    Self.checkNULError(caught { try SQLParser.parse(Self.textWithNUL) })
  }

  @Test func nulByteIsRejectedByFingerprint() {
    Self.checkNULError(caught { try SQLParser.fingerprint(Self.textWithNUL) })
  }

  @Test func nulByteIsRejectedByNormalize() {
    Self.checkNULError(caught { try SQLParser.normalize(Self.textWithNUL) })
  }

  @Test func nulByteIsRejectedBySplit() {
    Self.checkNULError(caught { try SQLParser.split(Self.textWithNUL) })
    Self.checkNULError(caught { try SQLParser.split(Self.textWithNUL, scannerOnly: true) })
  }

  @Test func nulByteIsRejectedByScan() {
    Self.checkNULError(caught { try SQLParser.scan(Self.textWithNUL) })
  }

  @Test func invalidUTF8IsRejectedAtItsLineAndColumn() throws {
    // Line 2 is `SELECT 'é` (9 characters, 10 bytes) followed by a lone continuation byte.
    let bytes = Array("SELECT 1;\nSELECT 'é".utf8) + [0x80, 0x41] + Array("';\n".utf8)
    let error = try #require(caught { try SQLSource.text(fromUTF8: bytes) })
    #expect(error.kind == .invalidEncoding)
    #expect(error.message.contains("UTF-8"))
    #expect(error.message.contains("0x80"))
    #expect(error.position?.line == 2)
    #expect(error.position?.column == 10)
    #expect(error.position?.offset == 20)
    #expect(error.description.hasPrefix("2:10: invalid UTF-8"))
  }

  @Test func truncatedUTF8SequenceAtEndIsRejected() throws {
    let bytes = Array("SELECT 'x".utf8) + [0xE2, 0x82]
    let error = try #require(caught { try SQLSource.text(fromUTF8: bytes) })
    #expect(error.kind == .invalidEncoding)
    #expect(error.position?.line == 1)
    #expect(error.position?.column == 10)
  }

  @Test func validUTF8IsReturnedUnchanged() throws {
    let text = "SELECT 'naïve ☕ 東京' -- ok\n"
    #expect(try SQLSource.text(fromUTF8: Array(text.utf8)) == text)
  }

  // MARK: Positions and excerpts

  @Test func syntaxErrorAfterTabsAndNonASCIICountsColumnsInCharacters() throws {
    // Line 3: a tab, then `SELECT 'naïve ☕', 'ü' AS café FROM ` (35 characters, 40 bytes) before WHERE.
    let sql = "-- Grüße ☕\nSELECT 'é';\n\tSELECT 'naïve ☕', 'ü' AS café FROM WHERE x = 1;\n"
    let error = try #require(caught { try SQLParser.parse(sql) })
    #expect(error.kind == .syntax)
    #expect(error.message == "syntax error at or near \"WHERE\"")
    let position = try #require(error.position)
    #expect(position.line == 3)
    #expect(position.column == 37)
    let whereStart = try #require(sql.utf8.indices.first { sql.utf8[$0...].starts(with: "WHERE".utf8) })
    #expect(position.offset == sql.utf8.distance(from: sql.utf8.startIndex, to: whereStart))
    #expect(error.sourceLine == "\tSELECT 'naïve ☕', 'ü' AS café FROM WHERE x = 1;")
  }

  /// The excerpt line and the caret line of a description, checked to point at `token`.
  private static func checkCaret(
    _ error: SQLParseError, pointsAt token: String, sourceLocation: SourceLocation = #_sourceLocation
  ) throws {
    let lines = error.description.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    try #require(lines.count == 3, "description: \(error.description)", sourceLocation: sourceLocation)
    let excerpt = Array(lines[1])
    let caretLine = lines[2]
    #expect(caretLine.hasSuffix("^"), sourceLocation: sourceLocation)
    #expect(caretLine.dropLast().allSatisfy { $0 == " " }, sourceLocation: sourceLocation)
    let caret = caretLine.count - 1
    try #require(caret < excerpt.count, "caret past the excerpt", sourceLocation: sourceLocation)
    #expect(
      String(excerpt[caret...]).hasPrefix(token), "caret under \"\(String(excerpt[caret...]).prefix(10))\"",
      sourceLocation: sourceLocation)
  }

  @Test func descriptionHasLineColumnMessageAndCaretUnderError() throws {
    let sql = "SELECT 1;\n\tSELECT 'ü', café FORM t;"
    let error = try #require(caught { try SQLParser.parse(sql) })
    #expect(error.position?.line == 2)
    #expect(error.position?.column == 24)
    let lines = error.description.split(separator: "\n").map(String.init)
    #expect(lines.first == "2:24: syntax error at or near \"t\"")
    #expect(lines.dropFirst().first?.contains("SELECT 'ü', café FORM t;") == true)
    try Self.checkCaret(error, pointsAt: "t;")
  }

  @Test func caretStaysUnderErrorAfterCombiningCharacters() throws {
    // `é` written as e + U+0301: two scalars (PostgreSQL counts two), one character on screen.
    let sql = "SELECT 'cafe\u{301}', 'x' FROM WHERE"
    let error = try #require(caught { try SQLParser.parse(sql) })
    #expect(error.position?.column == 26)
    try Self.checkCaret(error, pointsAt: "WHERE")
  }

  @Test func excerptOfCRLFScriptIsTheErrorLine() throws {
    let sql = "SELECT 1;\r\nSELEC 2;\r\nSELECT 3;\r\n"
    let error = try #require(caught { try SQLParser.parse(sql) })
    #expect(error.position?.line == 2)
    #expect(error.position?.column == 1)
    let sourceLine = try #require(error.sourceLine, "no excerpt for a CRLF script")
    #expect(sourceLine.hasPrefix("SELEC 2;"))
    #expect(!sourceLine.contains("SELECT"))
    try Self.checkCaret(error, pointsAt: "SELEC 2")
  }

  @Test func excerptOfMixedLineEndingsIsTheErrorLine() throws {
    // Line 1 ends in CRLF, the others in LF; PostgreSQL counts lines by LF.
    let sql = "SELECT 1;\r\nSELECT 2;\nSELEC 3;\nSELECT 4;\n"
    let error = try #require(caught { try SQLParser.parse(sql) })
    #expect(error.position?.line == 3)
    #expect(error.sourceLine == "SELEC 3;")
  }

  @Test func invalidUTF8ExcerptAfterCRLFIsOnlyTheErrorLine() throws {
    let bytes = Array("SELECT 1;\r\nSELECT '".utf8) + [0xFF] + Array("';\r\n".utf8)
    let error = try #require(caught { try SQLSource.text(fromUTF8: bytes) })
    #expect(error.kind == .invalidEncoding)
    #expect(error.position?.line == 2)
    #expect(error.position?.column == 9)
    #expect(error.sourceLine == "SELECT '")
  }

  @Test func longLineErrorShowsWindowedExcerptWithCaret() throws {
    // 5,000 characters on one line; the error (`FROM FROM`) sits in the middle.
    let head = "SELECT " + (0..<500).map { "c\(1000 + $0)" }.joined(separator: ", ")  // 3,500 characters
    let tail = " x" + String(repeating: " + 1", count: (5_000 - head.count - 12) / 4)
    let sql = head + " FROM FROM" + tail
    #expect((4_900...5_100).contains(sql.count))
    let error = try #require(caught { try SQLParser.parse(sql) })
    #expect(error.kind == .syntax)
    #expect(error.position?.line == 1)
    #expect(error.position?.column == head.count + 7)
    let lines = error.description.split(separator: "\n").map(String.init)
    try #require(lines.count == 3)
    #expect(lines[0] == "1:\(head.count + 7): syntax error at or near \"FROM\"")
    #expect(lines[1].hasPrefix("  …"))
    #expect(lines[1].hasSuffix("…"))
    #expect(lines[1].count < 200)
    try Self.checkCaret(error, pointsAt: "FROM x")
  }

  @Test func errorWithoutPositionDescriptionIsJustTheMessage() {
    let error = SQLParseError(kind: .internalError, message: "boom", position: nil, sourceLine: nil)
    #expect(error.description == "boom")
  }

  // MARK: Extreme inputs

  @Test func tenThousandNestedParenthesesGiveControlledSyntaxError() throws {
    let depth = 10_000
    let sql = "SELECT " + String(repeating: "(", count: depth) + "1" + String(repeating: ")", count: depth)
    let error = try #require(caught { try SQLParser.parse(sql) })
    #expect(error.kind == .syntax)
    #expect(error.message.contains("memory exhausted"), "message: \(error.message)")
    let position = try #require(error.position)
    #expect(position.line == 1)
    #expect((8...sql.count).contains(position.column))
  }

  @Test func leftDeepExpressionOfSixtyThousandTermsIsTooDeep() throws {
    let sql = "SELECT " + Array(repeating: "a", count: 60_000).joined(separator: "+") + " FROM t"
    let error = try #require(caught { try SQLParser.parse(sql) })
    #expect(error.kind == .tooDeep)
    #expect(error.message.contains("nested"))
  }

  /// `SELECT 1+(1+(...(1+1)...))` with `depth` additions, each the right operand of the one before.
  private static func nestedRightOperands(_ depth: Int) -> String {
    "SELECT " + String(repeating: "1+(", count: depth) + "1" + String(repeating: ")", count: depth)
  }

  @Test func deeplyNestedRightOperandsParseToTreeOfThatDepth() throws {
    // 800 levels is some 1,600 JSON levels: beyond what is decoded on the caller's thread, so
    // this goes through the decoder's big-stack thread, and within what Augur accepts.
    let depth = 800
    let statements = try SQLParser.parse(Self.nestedRightOperands(depth))
    try #require(statements.count == 1)
    guard case .select(let select) = statements[0].statement, case .simple(let simple) = select.body else {
      Issue.record("not a plain SELECT")
      return
    }
    var expression = try #require(simple.targetList.first?.value)
    var levels = 0
    while case .operation(let operation) = expression {
      #expect(operation.operatorName == "+")
      levels += 1
      guard let right = operation.right else { break }
      expression = right
    }
    #expect(levels == depth)
    if case .constant(let constant) = expression {
      #expect(constant.value == .integer(1))
    } else {
      Issue.record("innermost operand is not the constant 1")
    }
    // The returned tree is walked recursively on the caller's thread: comparing, hashing and
    // encoding it must not overflow the stack.
    let again = try SQLParser.parse(Self.nestedRightOperands(depth))
    #expect(again == statements)
    #expect(again.hashValue == statements.hashValue)
    let json = try JSONValueEncoder().encode(statements[0].statement).jsonText(pretty: false)
    #expect(json.contains("A_Expr") || json.contains("\"+\""))
  }

  @Test func threeThousandNestedRightOperandsAreRefusedAsTooDeep() throws {
    let error = try #require(caught { try SQLParser.parse(Self.nestedRightOperands(3_000)) })
    #expect(error.kind == .tooDeep)
    #expect(error.message.contains("nested"))
    #expect(error.position?.line == 1)
  }
}

/// Ten-megabyte statements: run one at a time to bound memory.
@Suite(.serialized) struct BadInputHugeStatementTests {
  /// `SELECT * FROM t WHERE id IN (0,1,2,...)`, at least `bytes` long, and its element count.
  private static func hugeInList(bytes: Int) -> (sql: String, count: Int) {
    var sql = "SELECT * FROM t WHERE id IN (0"
    sql.reserveCapacity(bytes + 32)
    var count = 1
    while sql.utf8.count < bytes {
      sql += ",\(count)"
      count += 1
    }
    sql += ")"
    return (sql, count)
  }

  @Test func tenMegabyteInListParsesToOneStatementWithAllElements() throws {
    let (sql, count) = Self.hugeInList(bytes: 10 << 20)
    let statements = try SQLParser.parse(sql)
    try #require(statements.count == 1)
    guard case .select(let select) = statements[0].statement, case .simple(let simple) = select.body,
      case .operation(let inExpression)? = simple.whereClause
    else {
      Issue.record("not SELECT ... WHERE <operation>")
      return
    }
    #expect(inExpression.kind == .in)
    guard case .list(let elements)? = inExpression.right else {
      Issue.record("IN has no list")
      return
    }
    #expect(elements.count == count)
    if case .constant(let last)? = elements.last {
      #expect(last.value == .integer(count - 1))
    } else {
      Issue.record("last IN element is not a constant")
    }
    #expect(statements[0].range.end == sql.utf8.count)
  }

  @Test func tenMegabyteStatementWithErrorAtEndReportsLineOneAndColumn() throws {
    let (valid, _) = Self.hugeInList(bytes: 10 << 20)
    let sql = valid + " )"
    let error = try #require(caught { try SQLParser.parse(sql) })
    #expect(error.kind == .syntax)
    #expect(error.message == "syntax error at or near \")\"")
    let position = try #require(error.position)
    #expect(position.line == 1)
    #expect(position.column == sql.utf8.count)
    #expect(position.offset == sql.utf8.count - 1)
    let lines = error.description.split(separator: "\n").map(String.init)
    #expect(lines.count == 3)
    #expect(lines.dropFirst().first.map { $0.count < 200 } == true)
  }
}
