/// `ExplainStmt`.
public struct ExplainStmt: Sendable, Hashable, Encodable {
  public var query: Statement
  public var options: [DefElem]

  /// The value of an option by name (`analyze`, `buffers`, `format`, ...), as PostgreSQL reads it:
  /// a bare option is true.
  public func option(_ name: String) -> String? {
    guard let element = options.last(where: { $0.name == name }) else { return nil }
    return element.value?.text ?? "true"
  }

  /// True when the statement runs the query (ANALYZE given and not false/off/0).
  public var isAnalyze: Bool {
    guard let value = option("analyze")?.lowercased() else { return false }
    return !["false", "off", "0", "no"].contains(value)
  }
}

/// `VacuumStmt`: VACUUM (`isVacuum`) or ANALYZE.
public struct VacuumStmt: Sendable, Hashable, Encodable {
  public struct Relation: Sendable, Hashable, Encodable {
    public var relation: RangeVar?
    public var columns: [String]
  }
  public var options: [DefElem]
  public var relations: [Relation]
  public var isVacuum: Bool
}

/// `VariableSetStmt`: SET, SET LOCAL, RESET.
public struct VariableSetStmt: Sendable, Hashable, Encodable {
  /// `VariableSetKind`: `VAR_SET_VALUE`, `VAR_SET_DEFAULT`, `VAR_SET_CURRENT`, `VAR_SET_MULTI`,
  /// `VAR_RESET`, `VAR_RESET_ALL`.
  public var kind: String
  public var name: String?
  public var args: [Expr]
  public var isLocal: Bool
}

/// `TransactionStmt`.
public struct TransactionStmt: Sendable, Hashable, Encodable {
  /// `TransactionStmtKind`, e.g. `TRANS_STMT_BEGIN`, `TRANS_STMT_ROLLBACK`.
  public var kind: String
  public var options: [DefElem]
  public var savepointName: String?
  /// The transaction identifier of PREPARE TRANSACTION / COMMIT PREPARED.
  public var gid: String?
  /// `AND CHAIN`.
  public var chain: Bool
}
