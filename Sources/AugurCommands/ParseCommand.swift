import ArgumentParser
import AugurSQL

/// `augur parse`: PostgreSQL's own parse of a SQL script, as a tree, JSON, fingerprints,
/// normalized text, statements or tokens.
struct ParseCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "parse",
    abstract: "Parse SQL with PostgreSQL 15's grammar and print the syntax tree.",
    discussion: """
      Reads a script of one or more statements from FILE, or standard input when FILE is - or \
      omitted. By default prints each statement's syntax tree; the flags below print something \
      else instead. A syntax error is reported as FILE:LINE:COLUMN with the offending line, and \
      exits with status 2.

      Examples:
        augur parse query.sql
        augur parse --format json query.sql
        echo "SELECT * FROM t WHERE id = 42" | augur parse --normalize
        augur parse --fingerprint Corpus/sql/app_queries.sql
      """
  )

  enum Format: String, ExpressibleByArgument, CaseIterable {
    case tree, json
  }

  @Argument(help: "SQL file to read, or - for standard input.")
  var file: String = "-"

  @Option(help: "Output format of the syntax tree: tree or json.")
  var format: Format = .tree

  @Flag(
    help:
      "Print each statement's fingerprint (libpg_query's: ignores constants, aliases and list lengths) and its normalized first line."
  )
  var fingerprint = false

  @Flag(help: "Print each statement with its constants replaced by $1, $2, ...")
  var normalize = false

  @Flag(help: "Print each statement with its line, column and byte range.")
  var split = false

  @Flag(help: "Print the scanner's tokens, comments included.")
  var scan = false

  func validate() throws {
    if [fingerprint, normalize, split, scan].filter({ $0 }).count > 1 {
      throw ValidationError("Use only one of --fingerprint, --normalize, --split and --scan.")
    }
  }

  func run() throws {
    let input = InputReader(path: file)
    let sql = try input.readSQL()
    var output = ""
    do {
      if scan {
        let tokens = try SQLParser.scan(sql)
        if tokens.isEmpty { throw CommandFailure.badInput("\(input.displayName): no SQL (the input is empty)") }
        output = renderTokens(tokens, in: sql)
      } else if fingerprint || normalize || split {
        let slices = try SQLParser.split(sql)
        try requireStatements(slices.count, input)
        output = try renderSlices(slices)
      } else {
        let statements = try SQLParser.parse(sql)
        try requireStatements(statements.count, input)
        output = try renderTrees(statements, sql: sql)
      }
    } catch let error as SQLParseError {
      throw input.failure(error)
    }
    print(output, terminator: output.hasSuffix("\n") ? "" : "\n")
  }

  private func requireStatements(_ count: Int, _ input: InputReader) throws(CommandFailure) {
    if count == 0 {
      throw CommandFailure.badInput("\(input.displayName): no SQL statements (the input is empty or only comments)")
    }
  }

  private func renderSlices(_ slices: [StatementSlice]) throws -> String {
    var lines: [String] = []
    for (index, slice) in slices.enumerated() {
      if fingerprint {
        // The statement is shown normalized: reports never carry literal values.
        let print = try SQLParser.fingerprint(slice.text)
        let shown = Self.firstLine(try SQLParser.normalize(slice.text))
        lines.append("\(print.hex)  \(slice.position)  \(shown)")
      } else if normalize {
        lines.append(try SQLParser.normalize(slice.text) + ";")
      } else {
        lines.append(
          "-- statement \(index + 1): line \(slice.position.line), column \(slice.position.column), "
            + "bytes \(slice.range.start)..<\(slice.range.end)")
        lines.append(slice.text + ";")
      }
    }
    return lines.joined(separator: "\n")
  }

  private func renderTrees(_ statements: [ParsedStatement], sql: String) throws -> String {
    let encoder = JSONValueEncoder()
    switch format {
    case .json:
      let document = statements.map { JSONStatement(statement: $0.statement, range: $0.range) }
      return try encoder.encode(document).jsonText(pretty: true)
    case .tree:
      var parts: [String] = []
      for (index, parsed) in statements.enumerated() {
        let position = SourcePosition(offset: parsed.range.start, in: sql)
        let tree = TreeText.render(try encoder.encode(parsed.statement))
        parts.append("-- statement \(index + 1) at \(position)\n" + tree)
      }
      return parts.joined(separator: "\n")
    }
  }

  private func renderTokens(_ tokens: [Token], in sql: String) -> String {
    let utf8 = Array(sql.utf8)
    return tokens.map { token in
      let start = max(0, min(token.range.start, utf8.count))
      let end = max(start, min(token.range.end, utf8.count))
      let text = String(decoding: utf8[start..<end], as: UTF8.self)
      return "\(token.range.start)..<\(token.range.end)  \(token.kind.rawValue)  \(text)"
    }.joined(separator: "\n")
  }

  private static func firstLine(_ text: String) -> String {
    let line = text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
    return line.count > 100 ? String(line.prefix(100)) + "…" : line
  }
}

/// One statement in `--format json` output.
private struct JSONStatement: Encodable {
  var statement: Statement
  var range: SourceRange
}
