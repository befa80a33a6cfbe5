import AugurSQL
import CPgQuery
import Foundation
import Testing

/// The whole SQL corpus (`Corpus/sql`): every statement parses, Augur's fingerprint is
/// libpg_query's, and the typed model covers what application queries use.
@Suite struct CorpusTests {
  struct CorpusFile: CustomTestStringConvertible {
    var name: String
    var text: String
    var testDescription: String { name }
  }

  static let files: [CorpusFile] = {
    let directory = repositoryRoot.appendingPathComponent("Corpus/sql")
    let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return names.filter { $0.hasSuffix(".sql") }.sorted().compactMap { name in
      guard let data = try? Data(contentsOf: directory.appendingPathComponent(name)) else { return nil }
      return CorpusFile(name: name, text: String(decoding: data, as: UTF8.self))
    }
  }()

  /// libpg_query's fingerprint through its C API, called directly.
  static func referenceFingerprint(_ sql: String) -> UInt64? {
    let result = pg_query_fingerprint(sql)
    defer { pg_query_free_fingerprint_result(result) }
    return result.error == nil ? result.fingerprint : nil
  }

  @Test func corpusHasAtLeastAThousandDistinctStatements() throws {
    var statements = 0
    var fingerprints = Set<UInt64>()
    for file in Self.files {
      for slice in try SQLParser.split(file.text) {
        statements += 1
        fingerprints.insert(try SQLParser.fingerprint(slice.text).value)
      }
    }
    #expect(Self.files.count >= 8)
    #expect(statements >= 1_000)
    #expect(fingerprints.count >= 1_000)
  }

  @Test(arguments: files)
  func everyStatementParsesAndMatchesTheSplitter(file: CorpusFile) throws {
    let parsed = try SQLParser.parse(file.text)
    let slices = try SQLParser.split(file.text)
    #expect(parsed.count == slices.count)
    #expect(parsed.count >= 40)
    let utf8 = Array(file.text.utf8)
    for (statement, slice) in zip(parsed, slices) {
      // The parser's statement range ends where the splitter's does.
      #expect(statement.range.end == slice.range.end, "\(file.name) at \(slice.position)")
      // Each statement parses alone to the same tree kind.
      let alone = try SQLParser.parse(slice.text)
      #expect(alone.count == 1)
      #expect(alone.first?.statement.nodeTag == statement.statement.nodeTag)
      #expect(slice.text == String(decoding: utf8[slice.range.start..<slice.range.end], as: UTF8.self))
    }
  }

  @Test(arguments: files)
  func fingerprintsEqualLibpgQueryFingerprints(file: CorpusFile) throws {
    for slice in try SQLParser.split(file.text) {
      let reference = try #require(Self.referenceFingerprint(slice.text))
      let ours = try SQLParser.fingerprint(slice.text)
      #expect(ours.value == reference, "\(file.name) at \(slice.position)")
      #expect(ours.hex.count == 16)
      #expect(UInt64(ours.hex, radix: 16) == reference)
    }
  }

  /// Normalized queries (what reports show) keep no literal values, and are still valid SQL
  /// with the same fingerprint. DDL and utility statements are left out: PostgreSQL accepts no
  /// parameters in most of them.
  @Test(arguments: files)
  func normalizedQueriesHideLiteralsAndStayValid(file: CorpusFile) throws {
    for slice in try SQLParser.split(file.text) {
      switch try SQLParser.parse(slice.text).first?.statement {
      case .select?, .insert?, .update?, .delete?: break
      default: continue
      }
      let normalized = try SQLParser.normalize(slice.text)
      // No string literal of the original survives, except what libpg_query leaves in place:
      // the escape character of UESCAPE and the mark values of a recursive CTE's CYCLE clause.
      let literals = try SQLParser.scan(normalized).filter { $0.kind == .string }
      let utf8 = Array(normalized.utf8)
      let kept = literals.map { String(decoding: utf8[$0.range.start..<$0.range.end], as: UTF8.self) }
      let allowed = kept.allSatisfy {
        normalized.contains("UESCAPE \($0)") || (normalized.contains(" CYCLE ") && $0.count <= 3)
      }
      #expect(allowed, "\(file.name): \(kept)")

      if Self.hasKnownNormalizeQuirk(slice.text) { continue }
      let reparsed = try SQLParser.parse(normalized)
      #expect(reparsed.count == 1, "\(file.name) at \(slice.position)")
      #expect(
        try SQLParser.fingerprint(normalized) == SQLParser.fingerprint(slice.text), "\(file.name) at \(slice.position)")
    }
  }

  /// Constructs for which libpg_query 15's normalization is not valid SQL again: it replaces the
  /// string of `U&'...' UESCAPE '!'` but not the escape, the `NFC` keyword of `IS NFC NORMALIZED`,
  /// and only the quoted part of `N'...'`. Literals are still hidden in all three.
  static func hasKnownNormalizeQuirk(_ sql: String) -> Bool {
    let upper = sql.uppercased()
    return upper.contains("UESCAPE") || upper.contains(" NORMALIZED") || upper.contains(" N'")
  }

  /// Queries and DML decode fully into typed nodes: raw nodes inside them are limited to the
  /// few constructs Augur deliberately keeps whole.
  @Test func queriesDecodeIntoTypedNodes() throws {
    // SELECT INTO, SEARCH/CYCLE, TABLESAMPLE, WHERE CURRENT OF, XML functions and XMLTABLE.
    let keptWhole: Set<String> = [
      "IntoClause", "CTESearchClause", "CTECycleClause", "RangeTableSample", "CurrentOfExpr", "XmlExpr",
      "XmlSerialize", "RangeTableFunc",
    ]
    var typedStatements = 0
    var unexpected: [String: Int] = [:]
    for file in Self.files {
      for parsed in try SQLParser.parse(file.text) {
        switch parsed.statement {
        case .select, .insert, .update, .delete:
          typedStatements += 1
          for tag in RawNodeCollector.tags(in: parsed.statement) where !keptWhole.contains(tag) {
            unexpected[tag, default: 0] += 1
          }
        default:
          continue
        }
      }
    }
    #expect(typedStatements >= 700)
    #expect(unexpected.isEmpty, "untyped nodes in queries: \(unexpected)")
  }

  @Test func statementKindsCoverTheModel() throws {
    var tags = Set<String>()
    for file in Self.files {
      for parsed in try SQLParser.parse(file.text) { tags.insert(parsed.statement.nodeTag) }
    }
    let typed: Set<String> = [
      "SelectStmt", "InsertStmt", "UpdateStmt", "DeleteStmt", "CreateStmt", "IndexStmt", "AlterTableStmt",
      "DropStmt", "CreateStatsStmt", "ViewStmt", "ExplainStmt", "VacuumStmt", "VariableSetStmt",
      "VariableShowStmt", "TransactionStmt",
    ]
    #expect(typed.subtracting(tags).isEmpty, "corpus lacks \(typed.subtracting(tags))")
  }
}

/// Finds `RawNode` values anywhere inside a value, by reflection (tests only).
enum RawNodeCollector {
  static func tags(in value: Any) -> [String] {
    var found: [String] = []
    collect(value, into: &found)
    return found
  }

  private static func collect(_ value: Any, into found: inout [String]) {
    if let raw = value as? RawNode {
      found.append(raw.tag)
      return
    }
    if value is String || value is Int || value is Bool || value is JSONValue { return }
    for child in Mirror(reflecting: value).children {
      collect(child.value, into: &found)
    }
  }
}
