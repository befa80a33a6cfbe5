import AugurCatalog
import AugurPostgres
import AugurSQL
import AugurTestSupport
import Foundation
import Testing

/// Each Corpus workload loaded into a throwaway cluster and analyzed: the gathered snapshot
/// matches the catalogs, round-trips through JSON unchanged, and loads offline.
@Suite(.serialized) struct WorkloadSnapshotTests {
  static let workloads = ["ecommerce", "warehouse", "clickstream"]

  @Test(arguments: workloads)
  func gatheredWorkloadMatchesTheCatalog(workload: String) throws {
    let database = try SharedTestCluster.database("snapshot_\(workload)", workload: workload, scale: 1)
    let connection = try SharedTestCluster.cluster().connect(database: database)
    var gatherer = CatalogGatherer(schemas: ["public"])
    let snapshot = try gatherer.gather(from: connection)

    // Tables, views and their kinds, as pg_class lists them.
    let classes = try connection.query(
      """
      SELECT c.relname, c.relkind::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f') ORDER BY 1
      """)
    #expect(snapshot.relations.map(\.name).sorted() == classes.rows.compactMap { $0[0] })
    #expect(snapshot.relations.count >= 5)

    // Every index, with its definition exactly as pg_indexes shows it.
    let indexes = try connection.query(
      "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1, 2")
    let gathered = snapshot.relations.flatMap { relation in
      relation.indexes.map { [relation.name, $0.name, $0.definition] }
    }.sorted { ($0[0], $0[1]) < ($1[0], $1[1]) }
    #expect(gathered == indexes.rows.map { $0.map { $0 ?? "" } })

    // Column statistics equal pg_stats, for every analyzed column.
    let stats = try connection.query(
      """
      SELECT tablename, attname, null_frac::float8, n_distinct::float8, array_to_json(most_common_vals::text::text[]),
             array_to_json(histogram_bounds::text::text[]), correlation::float8
      FROM pg_stats WHERE schemaname = 'public' AND NOT inherited
      """)
    #expect(stats.rows.count > 20)
    for row in stats.rows {
      let table = try #require(row[0])
      let column = try #require(row[1])
      // Expression indexes have statistics of their own, listed under the index's name.
      let indexStatistics = snapshot.relations.lazy.compactMap { $0.index(table)?.expressionStatistics?[column] }.first
      let statistics = try #require(
        snapshot.relation(schema: "public", name: table)?.column(column)?.statistics ?? indexStatistics,
        "\(table).\(column)")
      #expect(statistics.nullFraction == Double(row[2] ?? ""), "\(table).\(column)")
      #expect(statistics.distinctValues == Double(row[3] ?? ""), "\(table).\(column)")
      #expect(statistics.mostCommonValues == Self.textArray(row[4]), "\(table).\(column)")
      #expect(statistics.histogramBounds == Self.textArray(row[5]), "\(table).\(column)")
      #expect(statistics.correlation == row[6].flatMap(Double.init), "\(table).\(column)")
    }

    // Sizes and settings.
    for relation in snapshot.relations where relation.kind == .table {
      let row = try connection.query(
        "SELECT reltuples::float8, pg_relation_size(oid) / 8192 FROM pg_class WHERE oid = $1::regclass",
        ["public.\(relation.name)"])
      #expect(relation.size.reltuples == Double(row.rows[0][0] ?? ""), "\(relation.name)")
      #expect(relation.size.currentPages == Int(row.rows[0][1] ?? ""), "\(relation.name)")
    }
    for name in ["work_mem", "random_page_cost", "effective_cache_size", "default_statistics_target"] {
      let setting = try connection.query("SELECT setting FROM pg_settings WHERE name = $1", [name]).scalar
      #expect(snapshot.settings[name] == setting, "\(name)")
    }

    // The snapshot survives JSON unchanged and loads without a server.
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("augur-\(workload)-\(UUID()).json").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    try snapshot.write(to: path)
    let offline = try StatsSnapshot.load(contentsOf: path)
    #expect(offline == snapshot)
    #expect(try offline.jsonData() == (try Data(contentsOf: URL(fileURLWithPath: path))))
  }

  @Test func extendedStatisticsOfTheWorkloadsAreGathered() throws {
    var found = 0
    for workload in Self.workloads {
      let database = try SharedTestCluster.database("ext_\(workload)", workload: workload, scale: 1)
      let connection = try SharedTestCluster.cluster().connect(database: database)
      var gatherer = CatalogGatherer(schemas: ["public"])
      let snapshot = try gatherer.gather(from: connection)
      let expected = try connection.query("SELECT count(*) FROM pg_statistic_ext").scalar.flatMap { Int($0) } ?? -1
      #expect(snapshot.extendedStatistics.count == expected)
      found += snapshot.extendedStatistics.filter { !$0.distinctCounts.isEmpty || !$0.dependencies.isEmpty }.count
    }
    #expect(found >= 1)
  }

  private static func textArray(_ json: String?) -> [String]? {
    guard let json, case .array(let items) = try? JSONValue.parse(Data(json.utf8)) else { return nil }
    return items.map { item in
      if case .string(let text) = item { return text }
      return ""
    }
  }
}
