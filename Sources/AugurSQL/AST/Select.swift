/// `SelectStmt`: a query. The shape follows PostgreSQL's raw `SelectStmt`: a body (a plain SELECT,
/// a VALUES list or a set operation) plus the clauses that apply to the whole result.
public struct SelectStmt: Sendable, Hashable, Encodable {
  public var body: SelectBody
  public var with: WithClause?
  public var orderBy: [SortBy]
  public var limitCount: Expr?
  public var limitOffset: Expr?
  public var limitOption: LimitOption
  public var locking: [LockingClause]
  /// `SELECT ... INTO table`, kept raw (it creates a table; Augur only reports it).
  public var into: RawNode?
}

/// What a `SelectStmt` computes before ORDER BY and LIMIT.
public indirect enum SelectBody: Sendable, Hashable {
  case simple(SimpleSelect)
  /// `VALUES (...), (...)`: one array of expressions per row.
  case values([[Expr]])
  case setOperation(SetOperation)
}

/// A plain `SELECT ... FROM ... WHERE ... GROUP BY ... HAVING ... WINDOW ...`.
public struct SimpleSelect: Sendable, Hashable, Encodable {
  public var distinct: Distinct?
  public var targetList: [ResTarget]
  public var from: [FromItem]
  public var whereClause: Expr?
  /// Expressions and grouping sets (`.groupingSet`) in GROUP BY order.
  public var groupBy: [Expr]
  /// `GROUP BY DISTINCT`.
  public var groupByDistinct: Bool
  public var having: Expr?
  public var windows: [WindowDef]
}

/// `DISTINCT` or `DISTINCT ON (...)`.
public enum Distinct: Sendable, Hashable, Encodable {
  case all
  case on([Expr])
}

/// `UNION`, `INTERSECT`, `EXCEPT`, with or without ALL.
public struct SetOperation: Sendable, Hashable, Encodable {
  public enum Operator: String, Sendable, Hashable, Encodable, CaseIterable {
    case union = "SETOP_UNION"
    case intersect = "SETOP_INTERSECT"
    case except = "SETOP_EXCEPT"
  }
  public var op: Operator
  public var all: Bool
  public var left: SelectStmt
  public var right: SelectStmt
}

/// `LimitOption`.
public enum LimitOption: String, Sendable, Hashable, Encodable, CaseIterable {
  /// No LIMIT, or only OFFSET.
  case none = "LIMIT_OPTION_DEFAULT"
  /// `LIMIT n` / `FETCH FIRST n ROWS ONLY`.
  case count = "LIMIT_OPTION_COUNT"
  /// `FETCH FIRST n ROWS WITH TIES`.
  case withTies = "LIMIT_OPTION_WITH_TIES"
}

/// `ResTarget`: an item of a SELECT list (`value AS name`), a column of INSERT's column list
/// (`name` with optional subscripts), or a `SET` target of UPDATE (`name = value`).
public struct ResTarget: Sendable, Hashable, Encodable {
  public var name: String?
  public var indirection: [Indirection.Step]
  public var value: Expr?
  public var location: Int
}

/// `SortBy`: an ORDER BY item.
public struct SortBy: Sendable, Hashable, Encodable {
  public enum Direction: String, Sendable, Hashable, Encodable, CaseIterable {
    case `default` = "SORTBY_DEFAULT"
    case ascending = "SORTBY_ASC"
    case descending = "SORTBY_DESC"
    case using = "SORTBY_USING"
  }
  public enum Nulls: String, Sendable, Hashable, Encodable, CaseIterable {
    case `default` = "SORTBY_NULLS_DEFAULT"
    case first = "SORTBY_NULLS_FIRST"
    case last = "SORTBY_NULLS_LAST"
  }
  public var expr: Expr
  public var direction: Direction
  public var nulls: Nulls
  /// The operator of `ORDER BY x USING <`.
  public var usingOperator: [String]
  public var location: Int
}

/// `WindowDef`: a WINDOW clause entry or an OVER clause.
public struct WindowDef: Sendable, Hashable, Encodable {
  /// The window's name in a WINDOW clause; for `OVER w`, the name of the window referenced
  /// (PostgreSQL's grammar puts it here, not in `refName`).
  public var name: String?
  /// The window this one refines (`OVER (w ORDER BY x)`, or `OVER w`).
  public var refName: String?
  public var partitionBy: [Expr]
  public var orderBy: [SortBy]
  /// PostgreSQL's `FRAMEOPTION_*` bit set; see `frame` for a readable form.
  public var frameOptions: Int
  public var startOffset: Expr?
  public var endOffset: Expr?
  public var location: Int

  public var frame: WindowFrame { WindowFrame(options: frameOptions) }
}

/// The frame of a window decoded from PostgreSQL's `FRAMEOPTION_*` bits (nodes/parsenodes.h).
public struct WindowFrame: Sendable, Hashable, Encodable {
  public enum Mode: String, Sendable, Hashable, Encodable, CaseIterable { case range, rows, groups }
  public enum Bound: String, Sendable, Hashable, Encodable, CaseIterable {
    case unboundedPreceding, offsetPreceding, currentRow, offsetFollowing, unboundedFollowing
  }
  public enum Exclusion: String, Sendable, Hashable, Encodable, CaseIterable { case noOthers, currentRow, group, ties }

  /// False when the window has no explicit frame clause (the default frame applies).
  public var isExplicit: Bool
  public var mode: Mode
  public var start: Bound
  public var end: Bound
  public var exclusion: Exclusion

  init(options: Int) {
    func has(_ bit: Int) -> Bool { options & bit != 0 }
    isExplicit = has(0x1)
    mode = has(0x4) ? .rows : has(0x8) ? .groups : .range
    start =
      has(0x20)
      ? .unboundedPreceding
      : has(0x800)
        ? .offsetPreceding
        : has(0x200)
          ? .currentRow
          : has(0x2000) ? .offsetFollowing : .unboundedPreceding
    end =
      has(0x100)
      ? .unboundedFollowing
      : has(0x4000)
        ? .offsetFollowing
        : has(0x1000)
          ? .offsetPreceding
          : .currentRow
    exclusion = has(0x8000) ? .currentRow : has(0x10000) ? .group : has(0x20000) ? .ties : .noOthers
  }
}

/// `WithClause`.
public struct WithClause: Sendable, Hashable, Encodable {
  public var ctes: [CommonTableExpr]
  public var recursive: Bool
  public var location: Int
}

/// `CommonTableExpr`.
public struct CommonTableExpr: Sendable, Hashable, Encodable {
  /// `CTEMaterialize`: whether the query said MATERIALIZED, NOT MATERIALIZED, or neither.
  public enum Materialized: String, Sendable, Hashable, Encodable, CaseIterable {
    case `default` = "CTEMaterializeDefault"
    case always = "CTEMaterializeAlways"
    case never = "CTEMaterializeNever"
  }
  public var name: String
  public var columnNames: [String]
  public var materialized: Materialized
  /// A SELECT, or a data-modifying statement with RETURNING.
  public var query: Statement
  /// `SEARCH ... SET ...` and `CYCLE ... SET ...` of a recursive CTE, kept raw.
  public var searchClause: RawNode?
  public var cycleClause: RawNode?
  public var location: Int
}

/// `LockingClause`: FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE.
public struct LockingClause: Sendable, Hashable, Encodable {
  public enum Strength: String, Sendable, Hashable, Encodable, CaseIterable {
    case none = "LCS_NONE"
    case forKeyShare = "LCS_FORKEYSHARE"
    case forShare = "LCS_FORSHARE"
    case forNoKeyUpdate = "LCS_FORNOKEYUPDATE"
    case forUpdate = "LCS_FORUPDATE"
  }
  public enum WaitPolicy: String, Sendable, Hashable, Encodable, CaseIterable {
    case block = "LockWaitBlock"
    case skipLocked = "LockWaitSkip"
    case noWait = "LockWaitError"
  }
  /// The tables named after OF; empty means every table.
  public var relations: [RangeVar]
  public var strength: Strength
  public var waitPolicy: WaitPolicy
}
