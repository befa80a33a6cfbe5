/// A table, partitioned table, view, materialized view or foreign table.
public struct Relation: Codable, Sendable, Hashable {
  public enum Kind: String, Codable, Sendable, Hashable {
    case table
    case partitionedTable
    case view
    case materializedView
    case foreignTable
  }

  public var schema: String
  public var name: String
  public var kind: Kind
  /// `p` permanent, `u` unlogged, `t` temporary.
  public var persistence: String
  public var columns: [Column]
  public var constraints: [TableConstraint]
  public var indexes: [Index]
  /// Set for partitioned tables (the key) and for partitions (the parent and bound).
  public var partitioning: Partitioning?
  /// Parents by plain inheritance (`INHERITS`), as `schema.name`.
  public var inheritsFrom: [String]
  /// The query of a view or materialized view (`pg_get_viewdef`), unless values were redacted.
  public var viewDefinition: String?
  /// Sizes and `pg_class` statistics.
  public var size: RelationSize
  /// `pg_stat_user_tables` counters, for server snapshots.
  public var activity: TableActivity?

  public init(
    schema: String, name: String, kind: Kind, persistence: String = "p", columns: [Column] = [],
    constraints: [TableConstraint] = [], indexes: [Index] = [], partitioning: Partitioning? = nil,
    inheritsFrom: [String] = [], viewDefinition: String? = nil, size: RelationSize = RelationSize(),
    activity: TableActivity? = nil
  ) {
    self.schema = schema
    self.name = name
    self.kind = kind
    self.persistence = persistence
    self.columns = columns
    self.constraints = constraints
    self.indexes = indexes
    self.partitioning = partitioning
    self.inheritsFrom = inheritsFrom
    self.viewDefinition = viewDefinition
    self.size = size
    self.activity = activity
  }

  /// `schema.name`.
  public var qualifiedName: String { "\(schema).\(name)" }

  public func column(_ name: String) -> Column? {
    columns.first { $0.name == name }
  }

  public func index(_ name: String) -> Index? {
    indexes.first { $0.name == name }
  }
}

/// What the planner reads about a relation's size (`estimate_rel_size` in plancat.c).
public struct RelationSize: Codable, Sendable, Hashable {
  /// `pg_class.reltuples`: -1 when the table was never vacuumed or analyzed (PostgreSQL 14+).
  public var reltuples: Double
  /// `pg_class.relpages` at the last VACUUM/ANALYZE.
  public var relpages: Int
  /// `pg_class.relallvisible`.
  public var relallvisible: Int
  /// The main fork's size in blocks now (`pg_relation_size / block_size`): the planner scales
  /// `reltuples` to this, not to `relpages`.
  public var currentPages: Int
  /// All forks, indexes and TOAST (`pg_total_relation_size`), in bytes.
  public var totalBytes: Int

  public init(
    reltuples: Double = -1, relpages: Int = 0, relallvisible: Int = 0, currentPages: Int = 0, totalBytes: Int = 0
  ) {
    self.reltuples = reltuples
    self.relpages = relpages
    self.relallvisible = relallvisible
    self.currentPages = currentPages
    self.totalBytes = totalBytes
  }

  /// True when VACUUM or ANALYZE has set `reltuples`.
  public var isAnalyzed: Bool { reltuples >= 0 }
}

/// `pg_stat_user_tables` counters.
public struct TableActivity: Codable, Sendable, Hashable {
  public var sequentialScans: Int
  public var indexScans: Int?
  public var tuplesInserted: Int
  public var tuplesUpdated: Int
  public var tuplesDeleted: Int
  public var tuplesHotUpdated: Int
  public var liveTuples: Int
  public var deadTuples: Int
  public var modificationsSinceAnalyze: Int
  public var lastVacuum: String?
  public var lastAutovacuum: String?
  public var lastAnalyze: String?
  public var lastAutoanalyze: String?

  public init(
    sequentialScans: Int = 0, indexScans: Int? = nil, tuplesInserted: Int = 0, tuplesUpdated: Int = 0,
    tuplesDeleted: Int = 0, tuplesHotUpdated: Int = 0, liveTuples: Int = 0, deadTuples: Int = 0,
    modificationsSinceAnalyze: Int = 0, lastVacuum: String? = nil, lastAutovacuum: String? = nil,
    lastAnalyze: String? = nil, lastAutoanalyze: String? = nil
  ) {
    self.sequentialScans = sequentialScans
    self.indexScans = indexScans
    self.tuplesInserted = tuplesInserted
    self.tuplesUpdated = tuplesUpdated
    self.tuplesDeleted = tuplesDeleted
    self.tuplesHotUpdated = tuplesHotUpdated
    self.liveTuples = liveTuples
    self.deadTuples = deadTuples
    self.modificationsSinceAnalyze = modificationsSinceAnalyze
    self.lastVacuum = lastVacuum
    self.lastAutovacuum = lastAutovacuum
    self.lastAnalyze = lastAnalyze
    self.lastAutoanalyze = lastAutoanalyze
  }
}

/// Partitioning of a relation: the key of a partitioned table, the bound of a partition, or both
/// (a partition that is itself partitioned).
public struct Partitioning: Codable, Sendable, Hashable {
  public enum Strategy: String, Codable, Sendable, Hashable { case range, list, hash }

  /// The key of a partitioned table.
  public struct Key: Codable, Sendable, Hashable {
    public var strategy: Strategy
    /// Key columns by name, or expressions as PostgreSQL prints them.
    public var columns: [String]
    /// `pg_get_partkeydef`, e.g. `RANGE (created_at)`.
    public var definition: String

    public init(strategy: Strategy, columns: [String], definition: String) {
      self.strategy = strategy
      self.columns = columns
      self.definition = definition
    }
  }

  public var key: Key?
  /// The parent of a partition, `schema.name`.
  public var parent: String?
  /// The bound of a partition as PostgreSQL prints it, e.g. `FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')`.
  public var bound: String?

  public init(key: Key? = nil, parent: String? = nil, bound: String? = nil) {
    self.key = key
    self.parent = parent
    self.bound = bound
  }
}
