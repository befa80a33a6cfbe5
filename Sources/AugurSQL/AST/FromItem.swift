/// An item of a FROM list (`RangeVar`, `JoinExpr`, `RangeSubselect`, `RangeFunction`).
public indirect enum FromItem: Sendable, Hashable {
  case relation(RangeVar)
  case join(JoinExpr)
  case subquery(RangeSubselect)
  case function(RangeFunction)
  /// Anything else (`TABLESAMPLE`, `XMLTABLE`, ...), kept whole.
  case other(RawNode)
}

/// `RangeVar`: a table, view or other relation named in a query.
public struct RangeVar: Sendable, Hashable, Encodable {
  public var catalog: String?
  public var schema: String?
  public var name: String
  /// False for `ONLY t`: inheritance children and partitions are not scanned.
  public var inherit: Bool
  /// `p` permanent, `u` unlogged, `t` temporary.
  public var persistence: String
  public var alias: Alias?
  public var location: Int

  /// The name the relation goes by in the query: its alias, or its own name.
  public var referenceName: String { alias?.name ?? name }
  /// `schema.name`, or `name` when no schema was written.
  public var qualifiedName: String { schema.map { "\($0).\(name)" } ?? name }
}

/// `Alias`: `AS a (c1, c2)`.
public struct Alias: Sendable, Hashable, Encodable {
  public var name: String
  public var columnNames: [String]

  public init(name: String, columnNames: [String] = []) {
    self.name = name
    self.columnNames = columnNames
  }
}

/// `JoinExpr`.
public struct JoinExpr: Sendable, Hashable, Encodable {
  /// `JoinType` as the grammar produces it (semi and anti joins appear only after planning).
  public enum Kind: String, Sendable, Hashable, Encodable, CaseIterable {
    case inner = "JOIN_INNER"
    case left = "JOIN_LEFT"
    case full = "JOIN_FULL"
    case right = "JOIN_RIGHT"
    case semi = "JOIN_SEMI"
    case anti = "JOIN_ANTI"
  }
  public var kind: Kind
  public var isNatural: Bool
  public var left: FromItem
  public var right: FromItem
  public var using: [String]
  /// `USING (...) AS alias`.
  public var usingAlias: Alias?
  /// The ON condition; nil for CROSS JOIN, NATURAL and USING.
  public var quals: Expr?
  public var alias: Alias?

  /// CROSS JOIN and `,` are inner joins with no condition.
  public var isCross: Bool { kind == .inner && !isNatural && using.isEmpty && quals == nil }
}

/// `RangeSubselect`: `(SELECT ...) AS s`, possibly LATERAL.
public struct RangeSubselect: Sendable, Hashable, Encodable {
  public var lateral: Bool
  public var subquery: Statement
  public var alias: Alias?
}

/// `RangeFunction`: `f(...) AS g`, `ROWS FROM (...)`, possibly LATERAL and WITH ORDINALITY.
public struct RangeFunction: Sendable, Hashable, Encodable {
  public struct Item: Sendable, Hashable, Encodable {
    public var call: Expr
    /// The column definitions given for this function inside `ROWS FROM`.
    public var columnDefinitions: [ColumnDef]
  }
  public var lateral: Bool
  public var ordinality: Bool
  public var isRowsFrom: Bool
  public var functions: [Item]
  public var alias: Alias?
  /// `AS (a int, b text)` for functions returning `record`.
  public var columnDefinitions: [ColumnDef]
}
