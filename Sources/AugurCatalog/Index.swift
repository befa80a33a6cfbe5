/// An index and what the planner reads about it (`get_relation_info` in plancat.c).
public struct Index: Codable, Sendable, Hashable {
  public var name: String
  /// Access method: `btree`, `hash`, `gin`, `gist`, `brin`, `spgist`, ...
  public var method: String
  public var isUnique: Bool
  public var isPrimary: Bool
  /// False while `CREATE INDEX CONCURRENTLY` is unfinished or failed: the planner ignores it.
  public var isValid: Bool
  /// Key columns and expressions, in order.
  public var keys: [IndexKey]
  /// INCLUDE columns.
  public var included: [String]
  /// The predicate of a partial index as PostgreSQL prints it (`pg_get_expr`), without the
  /// surrounding parentheses PostgreSQL adds.
  public var predicate: String?
  /// `pg_get_indexdef`.
  public var definition: String
  /// Sizes: `reltuples`, `relpages` and the current size in blocks.
  public var size: RelationSize
  /// B-tree height (0 for a single-page tree), when it could be read (pageinspect's `bt_metap`).
  public var treeHeight: Int?
  /// The current smallest and largest value of the leading column, as text (what
  /// `get_actual_variable_range` reads for values beyond the histogram), when readable.
  public var leadingColumnRange: ValueRange?
  /// `pg_stat_user_indexes` counters, for server snapshots.
  public var usage: IndexUsage?
  /// ANALYZE's statistics of the index's expression keys, by the index column's name as
  /// `pg_stats` shows it (`lower`, `expr`, ...): PostgreSQL uses them to estimate conditions on
  /// the same expression.
  public var expressionStatistics: [String: ColumnStatistics]?
  /// The index's OID on the server (nil in snapshots built from DDL). PostgreSQL's planner
  /// considers a table's indexes newest first, which decides between equally cheap paths.
  public var creationOrder: Int?

  public init(
    name: String, method: String, isUnique: Bool = false, isPrimary: Bool = false, isValid: Bool = true,
    keys: [IndexKey], included: [String] = [], predicate: String? = nil, definition: String,
    size: RelationSize = RelationSize(), treeHeight: Int? = nil, leadingColumnRange: ValueRange? = nil,
    usage: IndexUsage? = nil, expressionStatistics: [String: ColumnStatistics]? = nil, creationOrder: Int? = nil
  ) {
    self.name = name
    self.method = method
    self.isUnique = isUnique
    self.isPrimary = isPrimary
    self.isValid = isValid
    self.keys = keys
    self.included = included
    self.predicate = predicate
    self.definition = definition
    self.size = size
    self.treeHeight = treeHeight
    self.leadingColumnRange = leadingColumnRange
    self.usage = usage
    self.expressionStatistics = expressionStatistics
    self.creationOrder = creationOrder
  }

  public var isPartial: Bool { predicate != nil }
}

/// One key of an index: a column or an expression.
public struct IndexKey: Codable, Sendable, Hashable {
  /// The column, for a plain column key.
  public var column: String?
  /// The expression as PostgreSQL prints it, for an expression key.
  public var expression: String?
  /// The operator class when it is not the type's default (e.g. `text_pattern_ops`).
  public var operatorClass: String?
  public var collation: String?
  public var descending: Bool
  public var nullsFirst: Bool

  public init(
    column: String? = nil, expression: String? = nil, operatorClass: String? = nil, collation: String? = nil,
    descending: Bool = false, nullsFirst: Bool = false
  ) {
    self.column = column
    self.expression = expression
    self.operatorClass = operatorClass
    self.collation = collation
    self.descending = descending
    self.nullsFirst = nullsFirst
  }

  /// The column name or the expression.
  public var text: String { column ?? expression ?? "" }
}

/// A smallest and largest value, as PostgreSQL's text output.
public struct ValueRange: Codable, Sendable, Hashable {
  public var minimum: String?
  public var maximum: String?

  public init(minimum: String?, maximum: String?) {
    self.minimum = minimum
    self.maximum = maximum
  }
}

/// `pg_stat_user_indexes` counters.
public struct IndexUsage: Codable, Sendable, Hashable {
  public var scans: Int
  public var tuplesRead: Int
  public var tuplesFetched: Int

  public init(scans: Int, tuplesRead: Int, tuplesFetched: Int) {
    self.scans = scans
    self.tuplesRead = tuplesRead
    self.tuplesFetched = tuplesFetched
  }
}
