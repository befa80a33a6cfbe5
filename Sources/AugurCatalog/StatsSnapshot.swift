/// Everything PostgreSQL's planner reads about a database, in one portable value: the schema,
/// the statistics, the settings and the physical sizes. Planning, advising and checking read only
/// a snapshot, so that they run offline and deterministically (CI plans against production
/// statistics without production access).
///
/// The JSON form is documented in `Docs/stats-snapshot.md` and versioned by `formatVersion`.
public struct StatsSnapshot: Codable, Sendable, Hashable {
  /// The JSON format this build writes and reads. Readers refuse newer formats.
  public static let currentFormatVersion = 1

  public var formatVersion: Int
  /// Where the snapshot came from and when.
  public var source: SnapshotSource
  /// Planner settings (`pg_settings` name → value in the setting's base unit, as text).
  public var settings: [String: String]
  public var relations: [Relation]
  public var extendedStatistics: [ExtendedStatistic]
  public var functions: [FunctionInfo]
  /// What gathering could not see, and why (missing privileges, tables never analyzed, ...).
  public var warnings: [SnapshotWarning]

  public init(
    source: SnapshotSource, settings: [String: String] = [:], relations: [Relation] = [],
    extendedStatistics: [ExtendedStatistic] = [], functions: [FunctionInfo] = [], warnings: [SnapshotWarning] = []
  ) {
    formatVersion = Self.currentFormatVersion
    self.source = source
    self.settings = settings
    self.relations = relations
    self.extendedStatistics = extendedStatistics
    self.functions = functions
    self.warnings = warnings
  }

  /// The relation with this schema and name.
  public func relation(schema: String, name: String) -> Relation? {
    relations.first { $0.schema == schema && $0.name == name }
  }

  /// The first relation named `name` in the given search path (like an unqualified name in SQL).
  public func relation(named name: String, searchPath: [String] = ["public"]) -> Relation? {
    for schema in searchPath {
      if let relation = relation(schema: schema, name: name) { return relation }
    }
    return nil
  }
}

/// Where a snapshot came from.
public struct SnapshotSource: Codable, Sendable, Hashable {
  public enum Kind: String, Codable, Sendable, Hashable {
    /// Gathered from a live server.
    case server
    /// Built offline from DDL (`augur stats from-ddl`).
    case ddl
  }
  public var kind: Kind
  /// When it was made, ISO 8601 in UTC.
  public var createdAt: String
  /// `server_version` (e.g. `15.18 (Debian 15.18-0+deb12u1)`), for server snapshots.
  public var serverVersion: String?
  /// `server_version_num` (e.g. 150018).
  public var serverVersionNumber: Int?
  public var database: String?
  /// The schemas gathered.
  public var schemas: [String]
  /// True when MCV values, histogram bounds and other data values were dropped (`--redact-values`).
  public var valuesRedacted: Bool
  /// The DDL files a `ddl` snapshot was built from.
  public var ddlFiles: [String]?

  public init(
    kind: Kind, createdAt: String, serverVersion: String? = nil, serverVersionNumber: Int? = nil,
    database: String? = nil, schemas: [String] = [], valuesRedacted: Bool = false, ddlFiles: [String]? = nil
  ) {
    self.kind = kind
    self.createdAt = createdAt
    self.serverVersion = serverVersion
    self.serverVersionNumber = serverVersionNumber
    self.database = database
    self.schemas = schemas
    self.valuesRedacted = valuesRedacted
    self.ddlFiles = ddlFiles
  }
}

/// Something gathering could not see, and why.
public struct SnapshotWarning: Codable, Sendable, Hashable {
  public enum Kind: String, Codable, Sendable, Hashable {
    /// The user may not read the table, so `pg_stats` hides its column statistics.
    case noStatisticsPrivilege
    /// The table has never been analyzed; the planner falls back to size-based guesses.
    case neverAnalyzed
    /// A B-tree's height could not be read (pageinspect missing or not permitted).
    case treeHeightUnavailable
    /// The current range of an index's leading column could not be read.
    case rangeUnavailable
    /// Anything else.
    case other
  }
  public var kind: Kind
  /// `schema.name` of the object concerned, when there is one.
  public var object: String?
  public var message: String

  public init(kind: Kind, object: String?, message: String) {
    self.kind = kind
    self.object = object
    self.message = message
  }
}
