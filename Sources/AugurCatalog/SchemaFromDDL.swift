import AugurSQL

/// Builds a `StatsSnapshot` from DDL alone (`augur stats from-ddl`): the snapshot a server would
/// give right after the same DDL was applied to an empty database, with no data (or, for tables
/// given a row hint, with the row count and the size PostgreSQL's planner would assume).
///
/// Statements are applied in order with PostgreSQL's rules:
/// - Names: unqualified names live in `public` (temporary tables in `pg_temp`); `CREATE SCHEMA`
///   and qualified names work. `SET search_path` is ignored: lookups always search `pg_temp`
///   (when temporary tables exist), then `public`, and types `pg_catalog` first.
/// - CREATE TABLE with columns, column and table constraints, `LIKE` (its columns come first,
///   since the parse tree does not keep its position), `INHERITS`, `PARTITION BY`, `PARTITION OF`
///   with bounds, `IF NOT EXISTS`; serial and identity columns (with their sequences' names).
/// - CREATE INDEX (unique, method, expressions, operator classes, DESC / NULLS, INCLUDE, WHERE,
///   IF NOT EXISTS), also on partitioned tables, where each partition gets its own index.
/// - ALTER TABLE: ADD / DROP COLUMN, ALTER COLUMN TYPE, SET / DROP NOT NULL, SET / DROP DEFAULT,
///   SET STATISTICS, ADD / DROP IDENTITY, ADD CONSTRAINT (incl. FOREIGN KEY, NOT VALID, USING
///   INDEX), DROP CONSTRAINT, VALIDATE CONSTRAINT, ATTACH / DETACH PARTITION; RENAME of tables,
///   views, columns, constraints, indexes, schemas and sequences.
/// - DROP TABLE / VIEW / INDEX / STATISTICS / SEQUENCE / SCHEMA with IF EXISTS and CASCADE:
///   dependent partitions, indexes and constraints go too; inheritance children, views and other
///   tables' foreign keys need CASCADE, as in PostgreSQL.
/// - CREATE STATISTICS (the definition; there is no data). CREATE VIEW, CREATE MATERIALIZED VIEW
///   and CREATE TABLE AS: the output columns are named as PostgreSQL names them; their types are
///   known for plain columns, casts and `count`, and are `unknown` otherwise. When a `*` cannot
///   be expanded the relation has no columns, and indexes and statistics on it are skipped.
/// - CREATE TYPE ... AS ENUM / RANGE / composite and CREATE DOMAIN make type names that columns
///   can use. Types Augur does not know (an extension's, say) are kept by name.
/// - Data statements, SET, transaction control, COMMENT, GRANT, CREATE EXTENSION / FUNCTION /
///   SEQUENCE options and other utility statements are skipped. DROP TYPE is skipped. psql
///   meta-commands on lines of their own between statements (pg_dump's `\restrict`) are skipped.
/// - Names PostgreSQL chooses (`<table>_pkey`, `_key`, `_fkey`, `_check`, `_excl`, `_idx`,
///   `_seq`, `_stat`) follow `ChooseRelationName` / `ChooseConstraintName`: truncated to 63 bytes
///   and made unique in the schema with 1, 2, ... Partitions get their parent's indexes,
///   constraints and foreign keys as PostgreSQL clones them, and a foreign key to a partitioned
///   table gets PostgreSQL's extra per-partition rows.
/// - Expressions (defaults, CHECKs, index keys and predicates) are printed close to
///   `pg_get_expr` (see `DDLExpressionPrinter`); they may differ in casts and parentheses.
/// - Sizes are those of a never-analyzed table (`reltuples` -1, no pages) with a
///   `neverAnalyzed` warning, unless a row hint is given: then `reltuples` is the hint and the
///   pages follow `estimate_rel_size`'s density for a table without statistics (see
///   `DDLSnapshotBuilder.tuplesPerPage`). Indexes of a hinted table get its `reltuples`; index
///   pages are left 0.
///
/// Not modeled: which columns a view reads (dropping or retyping a column a view uses is not
/// refused), DROP TYPE, `SET search_path`, ownership, privileges, storage options, triggers,
/// and data. Bounds of timestamptz partitions written as dates print as midnight UTC.
///
/// Each file is applied as a whole: when a statement fails, `apply` throws a `DDLError` with the
/// file, the statement's line and column, and PostgreSQL's message, and nothing of that file is
/// kept.
public struct SchemaFromDDL {
  private var catalog = DDLCatalog()
  private var files: [String] = []
  private let rowHints: [String: Double]

  /// `rowHints`: row counts by `"table"` or `"schema.table"` (the qualified form wins).
  public init(rowHints: [String: Double] = [:]) {
    self.rowHints = rowHints
  }

  /// Applies every statement of `sql` (one file's text) in order. `file` names it in errors.
  public mutating func apply(_ sql: String, file: String) throws(DDLError) {
    let statements: [ParsedStatement]
    do {
      statements = try SQLParser.parse(Self.blankingPsqlMetaCommands(sql))
    } catch {
      throw DDLError(file: file, position: error.position, message: error.message)
    }
    var working = catalog
    let tracker = DDLPositionTracker(sql)
    let bytes = Array(sql.utf8)
    for parsed in statements {
      do {
        let range = max(0, parsed.range.start)..<min(bytes.count, max(parsed.range.start, parsed.range.end))
        try working.apply(parsed.statement, text: String(decoding: bytes[range], as: UTF8.self))
      } catch let failure as DDLFailure {
        throw DDLError(
          file: file, position: tracker.statementPosition(at: parsed.range.start), message: failure.message)
      } catch {
        throw DDLError(file: file, position: tracker.statementPosition(at: parsed.range.start), message: "\(error)")
      }
    }
    catalog = working
    files.append(file)
  }

  /// `sql` with psql meta-command lines (`\restrict`, `\connect`, `\set`, ... on a line of their
  /// own between statements, as pg_dump writes them) turned into blanks of the same length, so
  /// that lines and columns of what remains do not move.
  static func blankingPsqlMetaCommands(_ sql: String) -> String {
    guard sql.utf8.contains(UInt8(ascii: "\\")) else { return sql }
    var bytes = Array(sql.utf8)
    var lineStart = 0
    // The last byte of SQL (not whitespace, not a -- comment) before the current line.
    var lastSignificant: UInt8 = UInt8(ascii: ";")
    while lineStart < bytes.count {
      var lineEnd = lineStart
      while lineEnd < bytes.count, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd += 1 }
      var first = lineStart
      while first < lineEnd, bytes[first] == UInt8(ascii: " ") || bytes[first] == UInt8(ascii: "\t") { first += 1 }
      if first < lineEnd, bytes[first] == UInt8(ascii: "\\"), lastSignificant == UInt8(ascii: ";") {
        for index in lineStart..<lineEnd where bytes[index] != UInt8(ascii: "\r") { bytes[index] = UInt8(ascii: " ") }
      } else if !(first + 1 < lineEnd && bytes[first] == UInt8(ascii: "-") && bytes[first + 1] == UInt8(ascii: "-")) {
        var last = lineEnd
        while last > first,
          [UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r")].contains(bytes[last - 1])
        {
          last -= 1
        }
        if last > first { lastSignificant = bytes[last - 1] }
      }
      lineStart = lineEnd + 1
    }
    return String(decoding: bytes, as: UTF8.self)
  }

  /// The snapshot of everything applied so far (source.kind = .ddl, source.ddlFiles = files
  /// applied, settings = PlannerSettings.defaults, createdAt given).
  public func snapshot(createdAt: String) throws(DDLError) -> StatsSnapshot {
    let builder = DDLSnapshotBuilder(catalog: catalog, rowHints: rowHints)
    let source = SnapshotSource(
      kind: .ddl, createdAt: createdAt,
      schemas: catalog.schemas.filter { $0 != DDLCatalog.temporarySchema }.sorted(), ddlFiles: files)
    return StatsSnapshot(
      source: source, settings: PlannerSettings.defaults, relations: builder.relations(),
      extendedStatistics: builder.extendedStatistics(), functions: [], warnings: builder.warnings())
  }
}

/// A DDL statement that could not be applied, with the file and the statement's position.
public struct DDLError: Error, CustomStringConvertible, Sendable {
  public var file: String
  /// Line and column of the statement (or of the syntax error).
  public var position: SourcePosition?
  public var message: String

  public init(file: String, position: SourcePosition?, message: String) {
    self.file = file
    self.position = position
    self.message = message
  }

  /// `file:line:column: message`.
  public var description: String {
    guard let position else { return "\(file): \(message)" }
    return "\(file):\(position.line):\(position.column): \(message)"
  }
}

/// Line and column of a statement's first token (computed only when there is an error).
struct DDLPositionTracker {
  private let bytes: [UInt8]

  init(_ text: String) { bytes = Array(text.utf8) }

  /// The position of the statement's first token at or after `start` (PostgreSQL's statement
  /// ranges include the whitespace and comments before it).
  func statementPosition(at start: Int) -> SourcePosition {
    SourcePosition(offset: firstToken(from: start), inUTF8: bytes)
  }

  private func firstToken(from start: Int) -> Int {
    let start = max(0, min(start, bytes.count))
    return SQLParser.firstTokenOffset(bytes, from: start, to: bytes.count)
  }
}
