import AugurSQL
import Foundation
import Testing

// End-to-end tests of the `augur` executable: each test runs the binary built next to this test
// bundle as a subprocess and checks its exit status, standard output and standard error.

/// The repository root, found from this file's path (Tests/AugurCLITests/CLITests.swift).
private let cliRepositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent()

func corpusPath(_ relative: String) -> String {
  cliRepositoryRoot.appendingPathComponent("Corpus").appendingPathComponent(relative).path
}

/// What one run of `augur` did.
struct AugurRun: CustomStringConvertible {
  var status: Int32
  var reason: Process.TerminationReason
  var timedOut: Bool
  var stdoutData: Data
  var stderrData: Data

  var stdout: String { String(decoding: stdoutData, as: UTF8.self) }
  var stderr: String { String(decoding: stderrData, as: UTF8.self) }
  /// Exited normally (not killed by a signal, not timed out).
  var exited: Bool { reason == .exit && !timedOut }

  var description: String {
    "status \(status) (\(reason == .exit ? "exit" : "signal")\(timedOut ? ", timed out" : ""))\n"
      + "stdout: \(stdout.prefix(2_000))\nstderr: \(stderr.prefix(2_000))"
  }
}

struct AugurNotBuilt: Error, CustomStringConvertible {
  var path: String
  var description: String {
    "augur executable not found at \(path); build it first with `swift build --build-tests`"
  }
}

/// The `augur` executable: next to the running test binary (after `swift build --build-tests`).
func augurExecutable() throws -> URL {
  let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
  let candidate = testBinary.deletingLastPathComponent().appendingPathComponent("augur")
  guard FileManager.default.isExecutableFile(atPath: candidate.path) else {
    throw AugurNotBuilt(path: candidate.path)
  }
  return candidate
}

/// Runs `augur` with `arguments` and `stdin` (empty input when nil). Output goes to temporary
/// files, so neither stream can fill a pipe and block the child; a run longer than `timeout`
/// seconds is killed and marked `timedOut`.
func runAugur(
  _ arguments: [String], stdin: Data? = nil, environment: [String: String] = [:], timeout: Double = 60
) throws -> AugurRun {
  let executable = try augurExecutable()
  let files = FileManager.default
  let directory = files.temporaryDirectory.appendingPathComponent("augur-cli-\(UUID().uuidString)")
  try files.createDirectory(at: directory, withIntermediateDirectories: true)
  defer { try? files.removeItem(at: directory) }
  let outURL = directory.appendingPathComponent("stdout")
  let errURL = directory.appendingPathComponent("stderr")
  let inURL = directory.appendingPathComponent("stdin")
  for url in [outURL, errURL] { _ = files.createFile(atPath: url.path, contents: nil) }
  try (stdin ?? Data()).write(to: inURL)

  let output = try FileHandle(forWritingTo: outURL)
  let errors = try FileHandle(forWritingTo: errURL)
  let input = try FileHandle(forReadingFrom: inURL)
  defer {
    try? output.close()
    try? errors.close()
    try? input.close()
  }
  let process = Process()
  process.executableURL = executable
  process.arguments = arguments
  if !environment.isEmpty {
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
  }
  process.standardOutput = output
  process.standardError = errors
  process.standardInput = input
  try process.run()

  let watchdog = TimeoutFlag()
  DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { [process] in
    if process.isRunning {
      watchdog.set()
      process.terminate()
    }
  }
  process.waitUntilExit()
  return AugurRun(
    status: process.terminationStatus, reason: process.terminationReason, timedOut: watchdog.isSet,
    stdoutData: try Data(contentsOf: outURL), stderrData: try Data(contentsOf: errURL))
}

private final class TimeoutFlag: @unchecked Sendable {
  private let lock = NSLock()
  private var value = false
  func set() { lock.withLock { value = true } }
  var isSet: Bool { lock.withLock { value } }
}

/// A Corpus/bad file, the position README.md gives for its error (nil for the files without
/// statements), and text the error message must contain.
struct CLIBadFile: Sendable, CustomTestStringConvertible {
  var name: String
  var position: (line: Int, column: Int)?
  var message: String
  var testDescription: String { name }
}

private let cliBadFiles: [CLIBadFile] = [
  CLIBadFile(name: "unterminated_string.sql", position: (3, 16), message: "unterminated quoted string"),
  CLIBadFile(name: "unterminated_dollar_quote.sql", position: (2, 4), message: "unterminated dollar-quoted string"),
  CLIBadFile(name: "unterminated_comment.sql", position: (2, 1), message: "unterminated /* comment"),
  CLIBadFile(
    name: "unterminated_quoted_identifier.sql", position: (1, 14), message: "unterminated quoted identifier"),
  CLIBadFile(name: "unbalanced_parens.sql", position: (4, 1), message: "syntax error at or near \"ORDER\""),
  CLIBadFile(name: "syntax_error_midway.sql", position: (7, 1), message: "syntax error at or near \"SELEC\""),
  CLIBadFile(name: "trailing_garbage.sql", position: (2, 1), message: "syntax error at or near \"}\""),
  CLIBadFile(name: "missing_from_item.sql", position: (1, 15), message: "syntax error at or near \"WHERE\""),
  CLIBadFile(name: "invalid_utf8.sql", position: (1, 39), message: "invalid UTF-8"),
  CLIBadFile(name: "nul_bytes.sql", position: (1, 28), message: "NUL byte"),
  CLIBadFile(name: "garbage_bytes.bin", position: (1, 2), message: "invalid UTF-8"),
  CLIBadFile(name: "empty.sql", position: nil, message: "no SQL statements"),
  CLIBadFile(name: "only_comments.sql", position: nil, message: "no SQL statements"),
  CLIBadFile(name: "only_whitespace.sql", position: nil, message: "no SQL statements"),
  CLIBadFile(name: "only_semicolons.sql", position: nil, message: "no SQL statements"),
]

/// `augur parse` output modes that print statements (all must refuse bad input the same way).
private let statementModes: [[String]] = [[], ["--format", "json"], ["--fingerprint"], ["--normalize"], ["--split"]]

@Suite struct CLITests {
  // MARK: Help, version, usage

  @Test func helpExitsZeroAndListsParse() throws {
    let run = try runAugur(["--help"])
    #expect(run.status == 0, "\(run)")
    #expect(run.exited)
    #expect(run.stdout.contains("parse"), "\(run)")
    #expect(run.stdout.contains("USAGE") || run.stdout.contains("Usage") || run.stdout.contains("usage"))
  }

  @Test func helpParseExitsZeroAndDescribesFlags() throws {
    let run = try runAugur(["help", "parse"])
    #expect(run.status == 0, "\(run)")
    #expect(run.stdout.contains("--fingerprint"), "\(run)")
    #expect(run.stdout.contains("--normalize"))
    #expect(run.stdout.contains("--format"))
  }

  @Test func parseHelpFlagExitsZero() throws {
    let run = try runAugur(["parse", "--help"])
    #expect(run.status == 0, "\(run)")
    #expect(run.stdout.contains("--fingerprint"))
  }

  @Test func versionPrintsAVersionNumber() throws {
    let run = try runAugur(["--version"])
    #expect(run.status == 0, "\(run)")
    let version = run.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    #expect(version.wholeMatch(of: /\d+\.\d+\.\d+.*/) != nil, "version: \(version)")
  }

  @Test func unknownOptionExitsTwoWithUsageOnStderr() throws {
    for arguments in [["--no-such-option"], ["parse", "--no-such-option", corpusPath("sql/ddl.sql")]] {
      let run = try runAugur(arguments)
      #expect(run.status == 2, "\(arguments): \(run)")
      #expect(run.exited)
      #expect(run.stderr.contains("--no-such-option"), "\(run)")
      #expect(run.stderr.lowercased().contains("usage"), "\(run)")
      #expect(run.stdout.isEmpty)
    }
  }

  @Test func secondFileArgumentExitsTwo() throws {
    let file = corpusPath("sql/ddl.sql")
    let run = try runAugur(["parse", file, file])
    #expect(run.status == 2, "\(run)")
    #expect(run.stderr.lowercased().contains("usage"), "\(run)")
    #expect(run.stdout.isEmpty)
  }

  @Test func unknownSubcommandExitsTwo() throws {
    let run = try runAugur(["frobnicate"])
    #expect(run.status == 2, "\(run)")
    #expect(!run.stderr.isEmpty)
  }

  @Test func twoOutputFlagsAtOnceExitTwo() throws {
    let file = corpusPath("sql/select_constructs.sql")
    for flags in [["--fingerprint", "--normalize"], ["--split", "--scan"]] {
      let run = try runAugur(["parse"] + flags + [file])
      #expect(run.status == 2, "\(flags): \(run)")
      #expect(run.exited)
      #expect(run.stderr.contains("--fingerprint"), "\(run)")
      #expect(run.stdout.isEmpty)
    }
  }

  @Test func unknownFormatExitsTwo() throws {
    let run = try runAugur(["parse", "--format", "yaml", corpusPath("sql/ddl.sql")])
    #expect(run.status == 2, "\(run)")
    #expect(run.stderr.contains("yaml"))
  }

  // MARK: parse of a real corpus file

  @Test func parsePrintsSyntaxTreeOfCorpusFile() throws {
    let run = try runAugur(["parse", corpusPath("sql/select_constructs.sql")])
    #expect(run.status == 0, "\(run)")
    #expect(run.stdout.contains("SelectStmt"))
    #expect(run.stdout.hasPrefix("-- statement 1 at "))
    #expect(run.stderr.isEmpty, "\(run)")
  }

  @Test func jsonFormatIsValidJSONWithOneElementPerStatement() throws {
    let path = corpusPath("sql/select_constructs.sql")
    let run = try runAugur(["parse", "--format", "json", path])
    #expect(run.status == 0, "\(run)")
    let document = try JSONSerialization.jsonObject(with: run.stdoutData)
    let statements = try #require(document as? [[String: Any]], "top level is not an array of objects")
    let expected = try SQLParser.parse(SQLSource.text(fromUTF8: Data(contentsOf: URL(fileURLWithPath: path))))
    #expect(statements.count == expected.count)
    #expect(statements.count > 1)
    for (index, element) in statements.enumerated() {
      #expect(element["statement"] != nil, "statement \(index + 1) has no statement key")
      let range = try #require(element["range"] as? [String: Any], "statement \(index + 1) has no range")
      #expect(range["start"] as? Int == expected[index].range.start)
      #expect(range["end"] as? Int == expected[index].range.end)
    }
    let first = try #require(statements.first?["statement"] as? [String: Any])
    #expect(first.keys.contains("SelectStmt"), "first statement keys: \(first.keys)")
  }

  @Test func fingerprintPrintsOneLibraryFingerprintPerStatement() throws {
    let path = corpusPath("sql/select_constructs.sql")
    let run = try runAugur(["parse", "--fingerprint", path])
    #expect(run.status == 0, "\(run)")
    let lines = run.stdout.split(separator: "\n").map(String.init)
    let slices = try SQLParser.split(SQLSource.text(fromUTF8: Data(contentsOf: URL(fileURLWithPath: path))))
    try #require(lines.count == slices.count, "\(lines.count) lines for \(slices.count) statements")
    for (line, slice) in zip(lines, slices) {
      let hex = String(line.prefix { !$0.isWhitespace })
      #expect(hex.wholeMatch(of: /[0-9a-f]{16}/) != nil, "not a fingerprint: \(line)")
      #expect(hex == (try SQLParser.fingerprint(slice.text).hex), "\(line)")
      #expect(line.contains(" \(slice.position.line):\(slice.position.column) "), "\(line)")
    }
  }

  @Test func fingerprintIgnoresConstants() throws {
    let run = try runAugur(
      ["parse", "--fingerprint", "-"], stdin: Data("SELECT * FROM t WHERE a = 1;\nSELECT * FROM t WHERE a = 2;".utf8))
    #expect(run.status == 0, "\(run)")
    let prints = run.stdout.split(separator: "\n").map { $0.prefix(16) }
    #expect(prints.count == 2)
    #expect(Set(prints).count == 1)
  }

  @Test func fingerprintLinesShowNormalizedTextWithoutLiterals() throws {
    let run = try runAugur(
      ["parse", "--fingerprint", "-"], stdin: Data("SELECT * FROM users WHERE email = 'carol@example.com'".utf8))
    #expect(run.status == 0, "\(run)")
    #expect(run.stdout.contains("email = $1"))
    #expect(!run.stdout.contains("carol"))
  }

  @Test func normalizeReplacesLiteralsWithParameters() throws {
    let sql = "SELECT * FROM users WHERE email = 'alice@example.com' AND id = 42"
    let run = try runAugur(["parse", "--normalize"], stdin: Data(sql.utf8))
    #expect(run.status == 0, "\(run)")
    #expect(run.stdout.contains("$1"))
    #expect(run.stdout.contains("$2"))
    #expect(!run.stdout.contains("alice"))
    #expect(!run.stdout.contains("example.com"))
    #expect(!run.stdout.contains("42"))
    #expect(!run.stderr.contains("alice"))
    #expect(
      run.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "SELECT * FROM users WHERE email = $1 AND id = $2;")
  }

  @Test func splitPrintsStatementPositions() throws {
    let sql = "SELECT 1;\n\n  -- comment\n  UPDATE t SET a = 2 WHERE b = 3;\nSELECT 'ü', 4"
    let run = try runAugur(["parse", "--split", "-"], stdin: Data(sql.utf8))
    #expect(run.status == 0, "\(run)")
    let headers = run.stdout.split(separator: "\n").filter { $0.hasPrefix("-- statement ") }.map(String.init)
    #expect(
      headers == [
        "-- statement 1: line 1, column 1, bytes 0..<8",
        "-- statement 2: line 4, column 3, bytes 26..<56",
        "-- statement 3: line 5, column 1, bytes 58..<72",
      ], "\(run)")
    #expect(run.stdout.contains("UPDATE t SET a = 2 WHERE b = 3;"))
    #expect(!run.stdout.contains("-- comment"))
  }

  @Test func scanListsCommentTokens() throws {
    let sql = "/* hint: seqscan */ SELECT a -- trailing note\nFROM t;"
    let run = try runAugur(["parse", "--scan"], stdin: Data(sql.utf8))
    #expect(run.status == 0, "\(run)")
    let lines = run.stdout.split(separator: "\n").map(String.init)
    #expect(lines.contains("0..<19  blockComment  /* hint: seqscan */"), "\(run)")
    #expect(lines.contains("29..<45  lineComment  -- trailing note"), "\(run)")
    #expect(lines.contains { $0.hasSuffix("keyword  SELECT") })
  }

  // MARK: Input sources

  @Test func readsStandardInputWithDash() throws {
    let run = try runAugur(["parse", "-"], stdin: Data("SELECT id FROM users;".utf8))
    #expect(run.status == 0, "\(run)")
    #expect(run.stdout.contains("SelectStmt"))
    #expect(run.stdout.contains("users"))
  }

  @Test func readsStandardInputWithoutFileArgument() throws {
    let run = try runAugur(["parse"], stdin: Data("DELETE FROM sessions WHERE expires_at < now();".utf8))
    #expect(run.status == 0, "\(run)")
    #expect(run.stdout.contains("DeleteStmt"))
  }

  @Test func syntaxErrorOnStandardInputIsReportedAsStdin() throws {
    let run = try runAugur(["parse"], stdin: Data("SELECT 1;\nSELEC 2;".utf8))
    #expect(run.status == 2, "\(run)")
    #expect(run.stderr.contains("<stdin>:2:1: syntax error at or near \"SELEC\""), "\(run)")
    #expect(run.stdout.isEmpty)
  }

  @Test func emptyStandardInputHasNoStatements() throws {
    let run = try runAugur(["parse"], stdin: Data())
    #expect(run.status == 2, "\(run)")
    #expect(run.stderr.contains("no SQL statements"))
  }

  @Test func missingFileExitsTwoNamingThePath() throws {
    let path = "/nonexistent-\(UUID().uuidString)/query.sql"
    let run = try runAugur(["parse", path])
    #expect(run.status == 2, "\(run)")
    #expect(run.stderr.contains(path), "\(run)")
    #expect(run.stdout.isEmpty)
  }

  @Test func directoryExitsTwo() throws {
    let path = corpusPath("sql")
    let run = try runAugur(["parse", path])
    #expect(run.status == 2, "\(run)")
    #expect(run.exited)
    #expect(run.stderr.contains(path), "\(run)")
    #expect(run.stderr.contains("directory"), "\(run)")
  }

  // MARK: Bad inputs

  @Test func everyCorpusBadFileIsCovered() throws {
    let names = try FileManager.default.contentsOfDirectory(atPath: corpusPath("bad"))
      .filter { $0.hasSuffix(".sql") || $0.hasSuffix(".bin") }
    #expect(Set(names) == Set(cliBadFiles.map(\.name)))
  }

  @Test(arguments: cliBadFiles)
  func corpusBadFileExitsTwoWithLocatedError(_ bad: CLIBadFile) throws {
    let path = corpusPath("bad/\(bad.name)")
    let run = try runAugur(["parse", path])
    #expect(run.exited, "crashed or hung: \(run)")
    #expect(run.status == 2, "\(run)")
    #expect(run.stdout.isEmpty, "\(run)")
    #expect(run.stderr.hasPrefix("augur: error: \(path)"), "\(run)")
    if let (line, column) = bad.position {
      #expect(run.stderr.contains("\(path):\(line):\(column): \(bad.message)"), "\(run)")
    } else {
      #expect(run.stderr.contains("\(path): \(bad.message)"), "\(run)")
    }
  }

  @Test(arguments: cliBadFiles, statementModes)
  func corpusBadFileExitsTwoInEveryStatementMode(_ bad: CLIBadFile, _ mode: [String]) throws {
    let path = corpusPath("bad/\(bad.name)")
    let run = try runAugur(["parse"] + mode + [path])
    #expect(run.exited, "crashed or hung: \(run)")
    #expect(run.status == 2, "\(run)")
    #expect(run.stderr.contains(bad.message), "\(run)")
    if let (line, column) = bad.position {
      #expect(run.stderr.contains("\(path):\(line):\(column): "), "\(run)")
    }
  }

  @Test func corpusBadFileFromStandardInputExitsTwo() throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: corpusPath("bad/nul_bytes.sql")))
    let run = try runAugur(["parse", "-"], stdin: data)
    #expect(run.status == 2, "\(run)")
    #expect(run.stderr.contains("<stdin>:1:28: NUL byte"), "\(run)")
  }

  @Test func errorReportShowsExcerptWithCaret() throws {
    let run = try runAugur(["parse", corpusPath("bad/missing_from_item.sql")])
    #expect(run.status == 2)
    let lines = run.stderr.split(separator: "\n").map(String.init)
    try #require(lines.count >= 3, "\(run)")
    #expect(lines[1].contains("SELECT * FROM WHERE x = 1;"))
    let caret = try #require(lines[2].firstIndex(of: "^"))
    let column = lines[2].distance(from: lines[2].startIndex, to: caret)
    #expect(Array(lines[1])[column...].starts(with: "WHERE"), "\(run)")
  }

  @Test func errorReportOfCRLFInputShowsTheErrorLine() throws {
    let run = try runAugur(["parse"], stdin: Data("SELECT 1;\r\nSELEC 2;\r\nSELECT 3;\r\n".utf8))
    #expect(run.status == 2, "\(run)")
    let lines = run.stderr.split(separator: "\n").map(String.init)
    #expect(lines.first == "augur: error: <stdin>:2:1: syntax error at or near \"SELEC\"", "\(run)")
    #expect(lines.count >= 3, "no excerpt: \(run)")
    #expect(lines.dropFirst().first?.hasPrefix("  SELEC 2;") == true, "\(run)")
  }
}
