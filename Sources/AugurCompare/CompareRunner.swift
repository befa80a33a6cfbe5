import AugurCatalog
import AugurExplain
import AugurPlan
import AugurPlanner
import AugurPostgres
import Foundation

/// What `augur compare` does for each query: plan it with Augur from the snapshot, get
/// PostgreSQL's `EXPLAIN` and `EXPLAIN ANALYZE` (through `ExplainRunner`: rolled back, with a
/// statement timeout, writes refused), and compare. With `hypothetical`, also plan with a
/// candidate index on both sides (Augur's in memory, PostgreSQL's through HypoPG) and check that
/// both pick the same scan and agree on using the index.
///
/// A query that fails on either side is recorded with its reason and the run goes on.
public struct CompareRunner {
  public struct Options: Sendable {
    public var analyze: Bool
    public var hypothetical: Bool
    public var statementTimeoutMilliseconds: Int
    public var tolerance: Double
    /// Settings for both sides (`--set`): `SET LOCAL` for PostgreSQL, `PlannerOptions` for Augur.
    public var settings: [String: String]

    public init(
      analyze: Bool = true, hypothetical: Bool = false, statementTimeoutMilliseconds: Int = 30_000,
      tolerance: Double = PlanComparison.defaultTolerance, settings: [String: String] = [:]
    ) {
      self.analyze = analyze
      self.hypothetical = hypothetical
      self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
      self.tolerance = tolerance
      self.settings = settings
    }
  }

  public let connection: PostgresConnection
  public let snapshot: StatsSnapshot
  public let options: Options
  let planner: Planner

  public init(connection: PostgresConnection, snapshot: StatsSnapshot, options: Options = Options()) {
    self.connection = connection
    self.snapshot = snapshot
    self.options = options
    planner = Planner(snapshot: snapshot, options: PlannerOptions(settings: options.settings))
  }

  /// The snapshot of the connected database, as `augur stats gather` reads it.
  public static func gatherSnapshot(_ connection: PostgresConnection) throws -> StatsSnapshot {
    var gatherer = CatalogGatherer()
    return try gatherer.gather(from: connection)
  }

  /// Compares every query; `progress` is told about each before it runs.
  public func run(_ queries: [ComparedQuery], progress: ((Int, ComparedQuery) -> Void)? = nil) throws -> CompareReport {
    if options.hypothetical { try Self.enableHypoPG(connection) }
    var outcomes: [QueryOutcome] = []
    for (position, query) in queries.enumerated() {
      progress?(position, query)
      outcomes.append(compare(query))
    }
    return CompareReport(
      database: connection.displayName, serverVersion: snapshot.source.serverVersion, analyze: options.analyze,
      hypothetical: options.hypothetical, tolerance: options.tolerance, queries: outcomes)
  }

  /// `CREATE EXTENSION IF NOT EXISTS hypopg`, with a message that says what to install.
  public static func enableHypoPG(_ connection: PostgresConnection) throws {
    do {
      try connection.execute("CREATE EXTENSION IF NOT EXISTS hypopg")
    } catch {
      throw CompareError(
        message:
          "--hypothetical needs the hypopg extension (Debian: postgresql-15-hypopg; `make deps`): \(error.message)")
    }
  }

  public func compare(_ query: ComparedQuery) -> QueryOutcome {
    var outcome = QueryOutcome(query: query)
    // PostgreSQL first: its plan is the reference even when Augur cannot plan the query.
    let postgres: ExplainedPlan
    do {
      postgres = try explain(query.sql, analyze: false)
      outcome.postgresPlan = postgres
    } catch {
      outcome.status = .postgresError
      outcome.message = "\(error)"
      return outcome
    }
    var analyzed: ExplainedPlan?
    if options.analyze {
      do {
        analyzed = try explain(query.sql, analyze: true)
        outcome.postgresPlanningTime = analyzed?.planningTime
      } catch {
        outcome.message = "EXPLAIN ANALYZE failed: \(error)"
      }
    }
    let prepared: PreparedQuery
    do {
      prepared = try planner.prepare(query.sql)
      let augur = try planner.plan(prepared)
      outcome.augurPlan = augur
      outcome.comparison = PlanComparison(
        augur: augur.root, postgres: postgres.root, analyzed: analyzed?.root, tolerance: options.tolerance)
      outcome.status = .compared
    } catch {
      outcome.status = error.isNotSupported ? .notSupported : .augurError
      outcome.message = error.description
    }
    if options.hypothetical, let spec = query.candidateIndex(snapshot: snapshot) {
      outcome.hypothetical = compareHypothetical(query, spec: spec)
    }
    return outcome
  }

  func explain(_ sql: String, analyze: Bool) throws -> ExplainedPlan {
    let json = try ExplainRunner(connection: connection).explain(
      sql,
      options: ExplainRunner.Options(
        analyze: analyze, statementTimeoutMilliseconds: options.statementTimeoutMilliseconds, settings: options.settings
      ))
    return try ExplainJSONReader.read(Data(json.utf8))
  }

  /// Both planners with the same extra index: Augur's through `plan(_:hypotheticalIndexes:)`,
  /// PostgreSQL's through `hypopg_create_index` in this session, reset afterwards.
  func compareHypothetical(_ query: ComparedQuery, spec: String) -> HypotheticalOutcome {
    var outcome = HypotheticalOutcome(index: spec)
    let index: HypotheticalIndex
    do {
      index = try HypotheticalIndexSpec.parse(spec, snapshot: snapshot)
    } catch {
      outcome.status = .augurError
      outcome.message = "\(spec): \(error)"
      return outcome
    }
    do {
      try connection.query(
        "SELECT indexrelid FROM hypopg_create_index($1)", [HypotheticalIndexSpec.createStatement(index)])
      defer { _ = try? connection.query("SELECT hypopg_reset()") }
      let plan = try explain(query.sql, analyze: false)
      outcome.postgresScans = PlanComparison.scans(plan.root)
      outcome.postgresUsesIndex = Self.usesHypothetical(plan.root)
    } catch {
      outcome.status = .postgresError
      outcome.message = "\(error)"
      return outcome
    }
    do {
      let plan = try planner.plan(planner.prepare(query.sql), hypotheticalIndexes: [index])
      outcome.augurScans = PlanComparison.scans(plan.root)
      outcome.augurUsesIndex = Self.usesHypothetical(plan.root)
      outcome.status = .compared
      outcome.agrees =
        Self.scanTypes(outcome.augurScans) == Self.scanTypes(outcome.postgresScans)
        && outcome.augurUsesIndex == outcome.postgresUsesIndex
    } catch {
      outcome.status = error.isNotSupported ? .notSupported : .augurError
      outcome.message = error.description
    }
    return outcome
  }

  /// HypoPG names its indexes `<oid>btree_t_c`, Augur `<augur>btree_t_c`: a name starting with `<`.
  static func usesHypothetical(_ root: PlanNode) -> Bool {
    root.allNodes.contains { $0.indexName?.hasPrefix("<") ?? false }
  }

  /// Scan signatures with hypothetical index names made comparable (`<…>` dropped).
  static func scanTypes(_ scans: [String]) -> [String] {
    scans.map { $0.replacingOccurrences(of: #"<[^>]*>"#, with: "<hypothetical>", options: .regularExpression) }
  }
}

extension PlannerError {
  var isNotSupported: Bool {
    if case .notSupported = self { return true }
    return false
  }
}

/// A failure of the whole run (not of one query).
public struct CompareError: Error, CustomStringConvertible, Sendable {
  public var message: String
  public var description: String { message }
}

/// One query's result.
public struct QueryOutcome: Sendable, Codable {
  public enum Status: String, Sendable, Codable {
    /// Both sides planned; `comparison` holds the result.
    case compared
    /// Augur's planner does not model the query yet.
    case notSupported
    /// Augur failed otherwise (syntax, semantics).
    case augurError
    /// PostgreSQL refused or failed (`EXPLAIN` error, timeout).
    case postgresError
  }
  public var name: String
  public var caseLabel: String?
  public var sql: String
  public var normalizedSQL: String
  public var status: Status = .augurError
  public var message: String?
  public var comparison: PlanComparison?
  public var hypothetical: HypotheticalOutcome?
  /// PostgreSQL's `Planning Time` from EXPLAIN ANALYZE (milliseconds); nil without ANALYZE.
  public var postgresPlanningTime: Double?
  public var augurPlan: ExplainedPlan?
  public var postgresPlan: ExplainedPlan?

  public init(query: ComparedQuery) {
    name = query.name
    caseLabel = query.caseLabel
    sql = query.sql
    normalizedSQL = query.normalizedSQL
  }
}

/// The hypothetical-index check of one query.
public struct HypotheticalOutcome: Sendable, Codable {
  public var index: String
  public var status: QueryOutcome.Status = .augurError
  public var message: String?
  public var augurScans: [String] = []
  public var postgresScans: [String] = []
  public var augurUsesIndex = false
  public var postgresUsesIndex = false
  /// Same scan node types and both use the index or both do not.
  public var agrees = false

  public init(index: String) {
    self.index = index
  }
}
