/// A parsed statement. Each typed case models the PostgreSQL raw parse node named in its doc
/// comment; any other statement is kept whole as `.other`, so nothing the parser produced is lost.
public indirect enum Statement: Sendable, Hashable {
  /// `SelectStmt`.
  case select(SelectStmt)
  /// `InsertStmt`.
  case insert(InsertStmt)
  /// `UpdateStmt`.
  case update(UpdateStmt)
  /// `DeleteStmt`.
  case delete(DeleteStmt)
  /// `CreateStmt`: CREATE TABLE, incl. PARTITION BY and PARTITION OF.
  case createTable(CreateTableStmt)
  /// `IndexStmt`: CREATE INDEX.
  case createIndex(IndexStmt)
  /// `AlterTableStmt`: ALTER TABLE (and ALTER INDEX/VIEW/... which share the node).
  case alterTable(AlterTableStmt)
  /// `DropStmt`: DROP TABLE/INDEX/VIEW/...
  case drop(DropStmt)
  /// `CreateStatsStmt`: CREATE STATISTICS.
  case createStatistics(CreateStatisticsStmt)
  /// `ViewStmt`: CREATE [OR REPLACE] VIEW.
  case createView(ViewStmt)
  /// `ExplainStmt`.
  case explain(ExplainStmt)
  /// `VacuumStmt`: VACUUM and ANALYZE.
  case vacuum(VacuumStmt)
  /// `VariableSetStmt`: SET, SET LOCAL, RESET.
  case set(VariableSetStmt)
  /// `VariableShowStmt`: SHOW.
  case show(name: String)
  /// `TransactionStmt`: BEGIN, COMMIT, ROLLBACK, SAVEPOINT, ...
  case transaction(TransactionStmt)
  /// Any other statement, kept whole.
  case other(RawNode)

  /// PostgreSQL's node name for the statement (`SelectStmt`, `CreateStmt`, ...).
  public var nodeTag: String {
    switch self {
    case .select: "SelectStmt"
    case .insert: "InsertStmt"
    case .update: "UpdateStmt"
    case .delete: "DeleteStmt"
    case .createTable: "CreateStmt"
    case .createIndex: "IndexStmt"
    case .alterTable: "AlterTableStmt"
    case .drop: "DropStmt"
    case .createStatistics: "CreateStatsStmt"
    case .createView: "ViewStmt"
    case .explain: "ExplainStmt"
    case .vacuum: "VacuumStmt"
    case .set: "VariableSetStmt"
    case .show: "VariableShowStmt"
    case .transaction: "TransactionStmt"
    case .other(let raw): raw.tag
    }
  }

  /// True for statements that can change data or schema, or lock rows (anything but plain
  /// queries, EXPLAIN without ANALYZE, SHOW, SET and transaction control): what Augur refuses to
  /// run under EXPLAIN ANALYZE unless asked. Functions a query calls may still write; a plain
  /// SELECT is judged by its syntax alone.
  public var mayModifyData: Bool {
    switch self {
    case .select(let select):
      return select.into != nil || select.with?.ctes.contains { $0.query.mayModifyData } == true
        || !select.locking.isEmpty
    case .explain(let explain):
      return explain.isAnalyze && explain.query.mayModifyData
    case .show, .set, .transaction:
      return false
    default:
      return true
    }
  }
}

/// One statement of a parsed script with where it stands in the text.
public struct ParsedStatement: Sendable, Hashable {
  public var statement: Statement
  /// Where the statement's text starts and ends in the parsed input (without the separating `;`).
  public var range: SourceRange
}
