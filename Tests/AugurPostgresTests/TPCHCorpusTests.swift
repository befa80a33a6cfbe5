import AugurCatalog
import AugurPostgres
import AugurTestSupport
import Foundation
import Testing

/// `make corpus-tpch`'s generator at a tiny scale: data from PyPI's DuckDB, loaded into a
/// throwaway PostgreSQL, all 22 queries planned by PostgreSQL, and a snapshot gathered.
@Suite(.serialized) struct TPCHCorpusTests {
  @Test func generatedTPCHLoadsAndEveryQueryPlans() throws {
    let root = SharedTestCluster.repositoryRoot
    let python = root.appendingPathComponent(".venv/bin/python").path
    try #require(
      FileManager.default.isExecutableFile(atPath: python),
      "no .venv: run `make deps` (it installs scripts/requirements.txt)")
    let output = FileManager.default.temporaryDirectory.appendingPathComponent("augur-tpch-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: output) }
    try Subprocess.run(
      python, [root.appendingPathComponent("Corpus/tpch/make_tpch.py").path, "--sf", "0.01", "--out", output.path])

    let cluster = try SharedTestCluster.cluster()
    let database = try SharedTestCluster.database("tpch_small")
    try cluster.runScript(output.appendingPathComponent("load.sql").path, database: database)
    let connection = try cluster.connect(database: database)
    #expect(try connection.query("SELECT count(*) FROM lineitem").scalar == "60175")
    #expect(try connection.query("SELECT count(*) FROM orders").scalar == "15000")

    let queries = try FileManager.default.contentsOfDirectory(
      atPath: output.appendingPathComponent("queries").path
    ).filter { $0.hasSuffix(".sql") }.sorted()
    #expect(queries.count == 22)
    for name in queries {
      let sql = try String(contentsOf: output.appendingPathComponent("queries/\(name)"), encoding: .utf8)
      let plan = try connection.query("EXPLAIN (FORMAT JSON) " + sql)
      #expect(plan.scalar?.contains("\"Plan\"") == true, "\(name)")
    }

    var gatherer = CatalogGatherer(schemas: ["public"])
    let snapshot = try gatherer.gather(from: connection)
    #expect(snapshot.relations.count == 8)
    #expect(snapshot.relation(schema: "public", name: "lineitem")?.size.reltuples == 60175)
  }
}
