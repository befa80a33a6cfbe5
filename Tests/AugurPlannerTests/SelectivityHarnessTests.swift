import AugurCatalog
import AugurExplain
import AugurPlanner
import AugurPostgres
import AugurTestSupport
import Foundation
import Testing

/// What the Selectivity*Tests suites share: a workload database with its snapshot, and the
/// comparison of a predicted selectivity with the row estimate of PostgreSQL's own EXPLAIN for
/// `SELECT * FROM table WHERE predicate` (single table, no LIMIT: the root node's rows are the
/// relation's restricted rows, whichever scan PostgreSQL picks).
struct SelectivityHarness {
  let connection: PostgresConnection
  let snapshot: StatsSnapshot
  private(set) var compared = 0
  private(set) var mismatches: [String] = []

  init(database: String, workload: String, setup: [String] = []) throws {
    let name = try SharedTestCluster.database(database, workload: workload, scale: 1)
    connection = try SharedTestCluster.cluster().connect(database: name)
    for statement in setup { _ = try connection.execute(statement) }
    _ = try connection.execute("SET max_parallel_workers_per_gather = 0")
    var gatherer = CatalogGatherer(schemas: ["public"])
    snapshot = try gatherer.gather(from: connection)
  }

  /// A table of the types the workloads lack (real, double, timestamp, time, interval, name),
  /// with NaN and infinities, btree indexes for the actual-range lookups, analyzed.
  static let extraTypes = [
    """
    CREATE TABLE sel_types (r real, d double precision, ts timestamp, t time, iv interval, nm name, dt date)
    """,
    """
    INSERT INTO sel_types
    SELECT (g % 997) / 7.0, sqrt(g) * 3.3, timestamp '2020-01-01' + g * interval '37 minutes',
           time '00:00' + (g * 13 % 86400) * interval '1 second',
           (g % 400) * interval '5 hours' + (g % 13) * interval '1 mon', 'n' || (g % 500), date '2020-01-01' + g % 900
    FROM generate_series(1, 20000) g
    """,
    """
    INSERT INTO sel_types VALUES ('NaN', 'Infinity', 'infinity', '24:00', '-3 days', 'zzz', 'infinity'),
      ('-Infinity', 'NaN', '-infinity', '00:00', '1 year', '', '-infinity')
    """,
    "CREATE INDEX ON sel_types (d)", "CREATE INDEX ON sel_types (ts)", "CREATE INDEX ON sel_types (iv)",
    "CREATE INDEX ON sel_types (dt)", "ANALYZE sel_types",
  ]

  /// The workload's plain tables.
  var tables: [Relation] { snapshot.relations.filter { $0.kind == .table } }

  /// PostgreSQL's row estimate for the predicate.
  func postgresRows(_ relation: Relation, _ predicate: String) throws -> Double {
    let sql = "EXPLAIN (FORMAT JSON) SELECT * FROM public.\(relation.name) WHERE \(predicate)"
    let text = try #require(try connection.query(sql).scalar)
    let plan = try ExplainJSONReader.read(Data(text.utf8))
    return try #require(plan.root.estimate?.rows)
  }

  /// Compares `clamp_row_est(tuples × selectivity)` with PostgreSQL's estimate.
  mutating func check(_ variable: VariableStatistics, _ relation: Relation, _ predicate: String, _ selectivity: Double)
    throws
  {
    let postgres = try postgresRows(relation, predicate)
    let predicted = CostSize.clampRowEstimate(variable.relationTuples * selectivity)
    compared += 1
    if predicted != postgres {
      mismatches.append(
        "\(relation.name): \(predicate): Augur \(predicted) (sel \(selectivity)), PostgreSQL \(postgres)")
    }
  }

  /// Compares with the root rows of an arbitrary EXPLAIN statement (`label` names it in reports).
  mutating func check(_ variable: VariableStatistics, label: String, explain sql: String, _ selectivity: Double) throws
  {
    let text = try #require(try connection.query(sql).scalar)
    let plan = try ExplainJSONReader.read(Data(text.utf8))
    let postgres = try #require(plan.root.estimate?.rows)
    let predicted = CostSize.clampRowEstimate(variable.relationTuples * selectivity)
    compared += 1
    if predicted != postgres {
      mismatches.append("\(label): Augur \(predicted) (sel \(selectivity)), PostgreSQL \(postgres)")
    }
  }

  /// The summary the expectations print.
  var report: String { "\(mismatches.count) of \(compared) differ: \(mismatches.prefix(15).joined(separator: "\n"))" }

  /// The columns whose type the selectivity functions read, with their variables.
  func variables(of relation: Relation, where include: (SQLType) -> Bool = Self.isScalar) -> [VariableStatistics] {
    relation.columns.filter { include(SQLType(formatted: $0.type)) }.map {
      VariableStatistics(column: $0, of: relation)
    }
  }

  static func isScalar(_ type: SQLType) -> Bool {
    switch type {
    case .smallint, .integer, .bigint, .numeric, .real, .doublePrecision, .text, .varchar, .character, .name,
      .boolean, .date, .timestamp, .timestamptz, .time, .interval, .uuid:
      true
    default: false
    }
  }

  static func isString(_ type: SQLType) -> Bool { type.isString }

  /// A SQL string literal (standard_conforming_strings: only quotes double).
  static func quote(_ text: String) -> String { "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }

  /// The values a column's statistics name: MCVs, then histogram bounds.
  static func statisticsValues(_ variable: VariableStatistics) -> [String] {
    (variable.statistics?.mostCommonValues ?? []) + (variable.statistics?.histogramBounds ?? [])
  }

  /// At most `count` elements spread evenly over `values`, the first and last included.
  static func spread<T>(_ values: [T], count: Int) -> [T] {
    guard values.count > count, count > 1 else { return values }
    return (0..<count).map { values[$0 * (values.count - 1) / (count - 1)] }
  }

  /// Text of a value between two values of the same type (their midpoint where the type has
  /// one, else nil), and values below and above everything.
  static func midpoint(_ low: String, _ high: String, type: SQLType) -> String? {
    guard let a = Datum.parse(low, as: type), let b = Datum.parse(high, as: type) else { return nil }
    switch (a, b) {
    case (.integer(let x), .integer(let y)): return String(x / 2 + y / 2)
    case (.numeric(let x), .numeric(let y)):
      return String(format: "%.4f", (x.doubleValue + y.doubleValue) / 2)
    case (.float(let x), .float(let y)):
      guard x.isFinite, y.isFinite else { return nil }
      return String((x + y) / 2)
    case (.date(let x), .date(let y)):
      guard x != Int32.min, y != Int32.max else { return nil }
      return formatDate(Int(x) / 2 + Int(y) / 2)
    case (.timestampTZ(let x), .timestampTZ(let y)):
      guard x != Int64.min, y != Int64.max else { return nil }
      return formatTimestamp(x / 2 + y / 2, zone: true)
    case (.timestamp(let x), .timestamp(let y)):
      guard x != Int64.min, y != Int64.max else { return nil }
      return formatTimestamp(x / 2 + y / 2, zone: false)
    case (.text, .text), (.character, .character):
      // A string just above the lower bound, inside the bin unless the bin is degenerate.
      return low + "5"
    default: return nil
    }
  }

  /// Values below every value and above every value of the column's type, as text.
  static func outside(type: SQLType) -> [String] {
    switch type {
    case .smallint: ["-32000", "32000"]
    case .integer, .bigint: ["-2000000000", "2000000000"]
    case .numeric, .real, .doublePrecision: ["-1e9", "1e9"]
    case .text, .varchar, .character, .name: ["", "~~~~"]
    case .date: ["1900-01-01", "2200-01-01"]
    case .timestamp: ["1900-01-01 00:00:00", "2200-01-01 00:00:00"]
    case .timestamptz: ["1900-01-01 00:00:00+00", "2200-01-01 00:00:00+00"]
    case .uuid: ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff"]
    case .boolean: ["false", "true"]
    case .time: ["00:00:00", "24:00:00"]
    case .interval: ["-100 years", "100 years"]
    default: []
    }
  }

  /// `j2date` and ISO text of days since 2000-01-01.
  static func formatDate(_ days: Int) -> String {
    var julian = days + 2_451_545 + 32044
    var quad = julian / 146097
    let extra = (julian - quad * 146097) * 4 + 3
    julian += 60 + quad * 3 + extra / 146097
    quad = julian / 1461
    julian -= quad * 1461
    var y = julian * 4 / 1461
    julian = (y != 0 ? (julian + 305) % 365 : (julian + 306) % 366) + 123
    y += quad * 4
    let year = y - 4800
    quad = julian * 2141 / 65536
    let day = julian - 7834 * quad / 256
    let month = (quad + 10) % 12 + 1
    return String(format: "%04d-%02d-%02d", year, month, day)
  }

  static func formatTimestamp(_ microseconds: Int64, zone: Bool) -> String {
    let perDay: Int64 = 86_400_000_000
    var days = microseconds / perDay
    var rest = microseconds % perDay
    if rest < 0 {
      rest += perDay
      days -= 1
    }
    let seconds = rest / 1_000_000
    let fraction = rest % 1_000_000
    let clock = String(format: "%02d:%02d:%02d.%06d", seconds / 3600, seconds / 60 % 60, seconds % 60, fraction)
    return formatDate(Int(days)) + " " + clock + (zone ? "+00" : "")
  }
}

/// The harness helpers themselves.
@Suite struct SelectivityHarnessTests {
  @Test func formatsDatesAndTimestampsAsPostgreSQLReadsThem() {
    #expect(SelectivityHarness.formatDate(0) == "2000-01-01")
    #expect(SelectivityHarness.formatDate(-1) == "1999-12-31")
    #expect(SelectivityHarness.formatDate(9191) == "2025-03-01")
    let text = SelectivityHarness.formatTimestamp(-1, zone: true)
    #expect(text == "1999-12-31 23:59:59.999999+00")
    #expect(Datum.parse(text, as: .timestamptz) == .timestampTZ(-1))
  }
}
