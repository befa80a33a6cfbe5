import AugurCatalog
import AugurPlan
import AugurSQL

/// Augur's optimizer: predicts the plan PostgreSQL 15 would choose for a query, from a stats
/// snapshot alone.
///
/// Planning is split so that what-if questions are cheap: `prepare` parses and analyzes a query
/// once; `plan(_:hypotheticalIndexes:)` then plans it against the snapshot plus any number of
/// hypothetical indexes, with no I/O and no re-parsing.
public struct Planner: Sendable {
  public let snapshot: StatsSnapshot
  public let options: PlannerOptions

  /// The snapshot's settings with the options' overrides.
  let settings: [String: String]
  let parameters: CostParameters
  let cache = PlannerCache()
  let searchPath: [String]

  public init(snapshot: StatsSnapshot, options: PlannerOptions = PlannerOptions()) {
    self.snapshot = snapshot
    self.options = options
    settings = snapshot.settings.merging(options.settings) { _, override in override }
    parameters = CostParameters(settings: settings)
    searchPath = Analyzer.searchPath(settings["search_path"] ?? PlannerSettings.defaults["search_path"] ?? "")
  }

  /// Parses and analyzes one statement (the first of `sql`), ready to plan.
  public func prepare(_ sql: String) throws(PlannerError) -> PreparedQuery {
    let statements: [ParsedStatement]
    do {
      statements = try SQLParser.parse(sql)
    } catch {
      throw .syntax(error)
    }
    guard let first = statements.first else { throw .notSupported("empty query") }
    var analyzer = Analyzer(snapshot: snapshot, searchPath: searchPath, cache: cache)
    let query = try analyzer.analyze(first.statement)
    var predicates: [String: [TypedExpr]?] = [:]
    for relation in query.relations.map(\.relation) {
      for index in relation.indexes where index.predicate != nil {
        predicates[index.name] = cache.predicate("\(relation.qualifiedName)\u{0}\(index.name)") {
          PartialIndex.predicateConjuncts(index, relation: relation, snapshot: snapshot)
        }
      }
    }
    return PreparedQuery(sql: sql, query: query, predicates: predicates)
  }

  /// The predicted plan of a prepared query, with the given hypothetical indexes added and
  /// tables partitioned as the given hypothetical partitioning schemes say.
  public func plan(
    _ query: PreparedQuery, hypotheticalIndexes: [HypotheticalIndex] = [],
    hypotheticalPartitioning: [HypotheticalPartitioning] = []
  ) throws(PlannerError) -> ExplainedPlan {
    try QueryPlanner(
      prepared: query, snapshot: snapshot, parameters: parameters, settings: settings, cache: cache,
      hypotheticalIndexes: hypotheticalIndexes, hypotheticalPartitioning: hypotheticalPartitioning
    ).plan()
  }

  /// `prepare` then `plan`.
  public func plan(
    _ sql: String, hypotheticalIndexes: [HypotheticalIndex] = [],
    hypotheticalPartitioning: [HypotheticalPartitioning] = []
  ) throws(PlannerError) -> ExplainedPlan {
    try plan(
      prepare(sql), hypotheticalIndexes: hypotheticalIndexes, hypotheticalPartitioning: hypotheticalPartitioning)
  }
}

/// Settings that change planning beyond the snapshot's own `settings` (e.g. `--set`).
public struct PlannerOptions: Sendable, Hashable {
  /// Setting name → value, overriding the snapshot's settings (`enable_seqscan` = `off`, ...).
  public var settings: [String: String]

  public init(settings: [String: String] = [:]) {
    self.settings = settings
  }
}

/// A query parsed and analyzed against a snapshot: what `Planner.plan` needs, computed once.
public struct PreparedQuery: Sendable {
  public let sql: String
  let query: AnalyzedQuery
  /// Each partial index's predicate as analyzed conjuncts (nil when Augur cannot read it).
  let predicates: [String: [TypedExpr]?]
}

/// An index that exists only in memory, on `relation` (`schema.name`).
public struct HypotheticalIndex: Sendable, Hashable {
  public var relation: String
  public var index: Index

  public init(relation: String, index: Index) {
    self.relation = relation
    self.index = index
  }
}

/// Why a query could not be planned.
public enum PlannerError: Error, Sendable, Hashable, CustomStringConvertible {
  /// The text is not valid SQL.
  case syntax(SQLParseError)
  /// Valid SQL that does not resolve against the snapshot, as PostgreSQL would report it
  /// (`relation "x" does not exist`), with the byte offset of the offending token when known.
  case semantic(message: String, location: Int?)
  /// SQL Augur's planner does not model yet: the construct, by name.
  case notSupported(String)

  public var description: String {
    switch self {
    case .syntax(let error): "\(error)"
    case .semantic(let message, _): message
    case .notSupported(let construct): "not supported: \(construct)"
    }
  }
}
