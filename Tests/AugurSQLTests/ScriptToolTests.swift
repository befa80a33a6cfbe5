import AugurSQL
import Testing

/// Fingerprint, normalize, split and scan.
@Suite struct ScriptToolTests {
  @Test func fingerprintIgnoresConstantsAliasesAndListLengths() throws {
    let a = try SQLParser.fingerprint("SELECT o.id FROM orders o WHERE o.status IN (1, 2, 3) AND o.total > 10")
    let b = try SQLParser.fingerprint("select o.id from orders AS o where o.status in (7) and o.total > 99.5")
    let c = try SQLParser.fingerprint("SELECT o.id FROM orders o WHERE o.status IN (1, 2, 3) AND o.total < 10")
    #expect(a == b)
    #expect(a != c)
  }

  @Test func normalizeReplacesLiteralsWithParameters() throws {
    let normalized = try SQLParser.normalize(
      "SELECT * FROM users WHERE email = 'alice@example.com' AND age > 30 AND id = $1")
    #expect(!normalized.contains("alice"))
    #expect(!normalized.contains("30"))
    #expect(normalized.contains("$1") && normalized.contains("$2") && normalized.contains("$3"))
  }

  @Test func splitGivesLinesColumnsAndRangesOfEachStatement() throws {
    let script = "-- header\nSELECT 1;\n\n  /* c */ UPDATE t SET a = 'x;y';\nSELECT\n  2"
    let slices = try SQLParser.split(script)
    #expect(slices.map(\.text) == ["SELECT 1", "UPDATE t SET a = 'x;y'", "SELECT\n  2"])
    #expect(slices.map(\.position.line) == [2, 4, 5])
    #expect(slices.map(\.position.column) == [1, 11, 1])
    let utf8 = Array(script.utf8)
    for slice in slices {
      #expect(String(decoding: utf8[slice.range.start..<slice.range.end], as: UTF8.self) == slice.text)
    }
  }

  @Test func splitCountsColumnsInCharactersNotBytes() throws {
    let slices = try SQLParser.split("SELECT 'é'; SELECT 2")
    #expect(slices[1].position.column == 13)
    #expect(slices[1].position.offset == 13)
  }

  @Test func parsedStatementRangesCoverEachStatement() throws {
    let script = "SELECT 1;\nINSERT INTO t VALUES (1);\nDELETE FROM t"
    let statements = try SQLParser.parse(script)
    #expect(statements.map(\.statement.nodeTag) == ["SelectStmt", "InsertStmt", "DeleteStmt"])
    let utf8 = Array(script.utf8)
    let texts = statements.map {
      String(decoding: utf8[$0.range.start..<$0.range.end], as: UTF8.self).trimmingWhitespace()
    }
    #expect(texts == ["SELECT 1", "INSERT INTO t VALUES (1)", "DELETE FROM t"])
  }

  @Test func scanKeepsCommentsAndClassifiesTokens() throws {
    let sql = "SELECT /*+ IndexScan(t) */ a, 'x', 1.5, $1 FROM t -- trailing\nWHERE b >= 10"
    let tokens = try SQLParser.scan(sql)
    let utf8 = Array(sql.utf8)
    func text(_ token: Token) -> String {
      String(decoding: utf8[token.range.start..<token.range.end], as: UTF8.self)
    }
    let kinds = tokens.map(\.kind)
    #expect(kinds.first == .keyword)
    let blockComment = try #require(tokens.first { $0.kind == .blockComment })
    #expect(text(blockComment) == "/*+ IndexScan(t) */")
    let lineComment = try #require(tokens.first { $0.kind == .lineComment })
    #expect(text(lineComment) == "-- trailing")
    #expect(tokens.contains { $0.kind == .string && text($0) == "'x'" })
    #expect(tokens.contains { $0.kind == .numeric && text($0) == "1.5" })
    #expect(tokens.contains { $0.kind == .parameter && text($0) == "$1" })
    #expect(tokens.contains { $0.kind == .integer && text($0) == "10" })
    #expect(tokens.contains { $0.kind == .operator && text($0) == ">=" })
    #expect(tokens.contains { $0.kind == .identifier && text($0) == "a" })
    let select = try #require(tokens.first)
    #expect(select.keywordKind == .reserved)
  }
}

extension String {
  func trimmingWhitespace() -> String {
    String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
  }
}
