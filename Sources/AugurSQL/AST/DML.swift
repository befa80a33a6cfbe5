/// `InsertStmt`.
public struct InsertStmt: Sendable, Hashable, Encodable {
  public var relation: RangeVar
  /// The column list; each entry a `ResTarget` with a name and optional subscripts.
  public var columns: [ResTarget]
  /// The rows: a `SelectStmt` (VALUES or a query); nil for DEFAULT VALUES.
  public var source: SelectStmt?
  public var onConflict: OnConflictClause?
  public var returning: [ResTarget]
  public var with: WithClause?
  /// `OverridingKind`: `OVERRIDING_NOT_SET`, `OVERRIDING_USER_VALUE`, `OVERRIDING_SYSTEM_VALUE`.
  public var overriding: String
}

/// `OnConflictClause`.
public struct OnConflictClause: Sendable, Hashable, Encodable {
  public enum Action: String, Sendable, Hashable, Encodable, CaseIterable {
    case none = "ONCONFLICT_NONE"
    case nothing = "ONCONFLICT_NOTHING"
    case update = "ONCONFLICT_UPDATE"
  }
  public var action: Action
  /// The conflict target's index columns or expressions (`InferClause.indexElems`).
  public var inferElements: [IndexElem]
  public var inferWhere: Expr?
  /// `ON CONFLICT ON CONSTRAINT name`.
  public var constraintName: String?
  public var targetList: [ResTarget]
  public var whereClause: Expr?
}

/// `UpdateStmt`.
public struct UpdateStmt: Sendable, Hashable, Encodable {
  public var relation: RangeVar
  /// `SET col = value` entries; `SET (a, b) = ...` becomes one entry per column with a `.multiAssign` value.
  public var targetList: [ResTarget]
  public var whereClause: Expr?
  public var from: [FromItem]
  public var returning: [ResTarget]
  public var with: WithClause?
}

/// `DeleteStmt`.
public struct DeleteStmt: Sendable, Hashable, Encodable {
  public var relation: RangeVar
  public var using: [FromItem]
  public var whereClause: Expr?
  public var returning: [ResTarget]
  public var with: WithClause?
}
