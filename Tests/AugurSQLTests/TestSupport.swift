import AugurSQL
import Foundation
import Testing

/// Parses text that must hold exactly one statement.
func parseOne(_ sql: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Statement {
  let statements = try SQLParser.parse(sql)
  try #require(statements.count == 1, "expected one statement", sourceLocation: sourceLocation)
  return statements[0].statement
}

func parseSelect(_ sql: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> SelectStmt {
  guard case .select(let select) = try parseOne(sql, sourceLocation: sourceLocation) else {
    Issue.record("not a SELECT: \(sql)", sourceLocation: sourceLocation)
    throw TestFailure()
  }
  return select
}

func parseSimpleSelect(_ sql: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> SimpleSelect {
  let select = try parseSelect(sql, sourceLocation: sourceLocation)
  guard case .simple(let simple) = select.body else {
    Issue.record("not a plain SELECT: \(sql)", sourceLocation: sourceLocation)
    throw TestFailure()
  }
  return simple
}

/// The expression of the first select-list item of `SELECT <expr>`.
func parseExpr(_ expression: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Expr {
  let simple = try parseSimpleSelect("SELECT \(expression)", sourceLocation: sourceLocation)
  return try #require(simple.targetList.first?.value, sourceLocation: sourceLocation)
}

/// The WHERE clause of `SELECT * FROM t WHERE <condition>`.
func parseWhere(_ condition: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Expr {
  let simple = try parseSimpleSelect("SELECT * FROM t WHERE \(condition)", sourceLocation: sourceLocation)
  return try #require(simple.whereClause, sourceLocation: sourceLocation)
}

struct TestFailure: Error {}

/// The repository root, found from this file's path.
let repositoryRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent()

extension Expr {
  var columnName: String? {
    if case .column(let ref) = self { return ref.column }
    return nil
  }
  var constantValue: Constant.Value? {
    if case .constant(let constant) = self { return constant.value }
    return nil
  }
  var operation: OperatorExpr? {
    if case .operation(let operation) = self { return operation }
    return nil
  }
}
