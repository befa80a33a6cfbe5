import AugurCatalog
import AugurExplain
import AugurPlan
import AugurPlanner
import AugurPostgres
import AugurTestSupport
import Foundation
import Testing

/// Parallel scans, Gather and Gather Merge, sorts (in memory, top-N, bounded, external,
/// incremental), Material, aggregates (plain, sorted, hashed, hashed with spill, partial and
/// final), Group, WindowAgg, LIMIT/OFFSET, hash and parallel index-only scans and a lossy bitmap
/// scan, against PostgreSQL's EXPLAIN on tables made for them.
///
/// Tables (all ANALYZEd and VACUUMed): `big1` 300,000 rows and `big2` 1,000,000 rows of
/// `(id int primary key, v int = id % 1000, g int = id % 100)`, so about 1,620 and 5,400 pages:
/// one and two parallel workers (1,024 pages give one, 3,072 two). Selectivities are
/// `var_eq_const`'s and group counts are `n_distinct` (1,000 for `v`, 100 for `g`, all rows for
/// `id`).
@Suite(.serialized) struct CostUpperPathTests {
  struct Fixture {
    var connection: PostgresConnection
    var snapshot: StatsSnapshot
    var parameters: CostParameters

    func table(_ name: String) throws -> Relation {
      try #require(snapshot.relation(schema: "public", name: name))
    }

    func size(_ name: String) throws -> RelationSizeEstimate {
      PlanCat.estimateRelSize(try table(name), blockSize: parameters.blockSize)
    }

    /// Rows and selectivity of `column = value` on `name`.
    func equality(_ name: String, _ column: String, _ value: String) throws -> (rows: Double, selectivity: Double) {
      let relation = try table(name)
      let size = try size(name)
      let selectivity = EqualitySelectivity.varEqConst(
        column: try #require(relation.column(column)), constant: value, relationTuples: size.tuples,
        isUnique: CostTestSupport.isUnique(column, among: relation.indexes))
      return (CostSize.clampRowEstimate(size.tuples * selectivity), selectivity)
    }

    func groups(_ name: String, _ column: String) throws -> Double {
      let relation = try table(name)
      return DistinctValues.estimate(
        column: try #require(relation.column(column)), relationTuples: try size(name).tuples,
        isUnique: CostTestSupport.isUnique(column, among: relation.indexes))
    }

    func width(_ name: String, _ column: String) throws -> Int {
      try #require(try table(name).column(column)?.statistics?.averageWidth)
    }
  }

  static let fixture: Result<Fixture, any Error> = Result {
    let database = try SharedTestCluster.database("cost_upper_paths")
    let connection = try SharedTestCluster.cluster().connect(database: database)
    try connection.execute(
      """
      CREATE TABLE big1 (id int PRIMARY KEY, v int, g int) WITH (autovacuum_enabled = false);
      INSERT INTO big1 SELECT i, i % 1000, i % 100 FROM generate_series(1, 300000) i;
      CREATE TABLE big2 (id int PRIMARY KEY, v int, g int) WITH (autovacuum_enabled = false);
      INSERT INTO big2 SELECT i, i % 1000, i % 100 FROM generate_series(1, 1000000) i;
      CREATE INDEX big2_g ON big2 (g);
      CREATE TABLE hashed (id int, v int) WITH (autovacuum_enabled = false);
      INSERT INTO hashed SELECT i, i % 500 FROM generate_series(1, 20000) i;
      CREATE INDEX hashed_v ON hashed USING hash (v);
      CREATE TABLE small1 WITH (autovacuum_enabled = false) AS SELECT i AS a FROM generate_series(1, 50) i;
      CREATE TABLE small2 WITH (autovacuum_enabled = false) AS
        SELECT i AS b, 'xxxxxxxxxx'::text AS t FROM generate_series(1, 400) i;
      CREATE EXTENSION pageinspect;
      """)
    try connection.execute("ANALYZE")
    // VACUUM marks pages all-visible only once no other transaction of the cluster (other suites
    // run concurrently) may still not see the rows: retry until every page is all-visible.
    for _ in 0..<120 {
      try connection.execute("VACUUM")
      let done = try connection.query(
        "SELECT bool_and(relallvisible = relpages) FROM pg_class WHERE relname IN ('big1', 'big2', 'hashed')"
      ).scalar
      if done == "t" { break }
      Thread.sleep(forTimeInterval: 0.5)
    }
    var gatherer = CatalogGatherer(schemas: ["public"])
    let snapshot = try gatherer.gather(from: connection)
    return Fixture(connection: connection, snapshot: snapshot, parameters: CostParameters(snapshot: snapshot))
  }

  /// Runs `settings` (reset afterwards) and EXPLAINs `sql`.
  static func explain(_ fixture: Fixture, _ sql: String, settings: [String] = []) throws -> PlanNode {
    try fixture.connection.execute("RESET ALL")
    for setting in settings { try fixture.connection.execute("SET \(setting)") }
    defer { _ = try? fixture.connection.execute("RESET ALL") }
    return try CostTestSupport.explain(fixture.connection, sql)
  }

  /// Records a mismatch (or nothing) for `node` and counts the comparison.
  final class Checker {
    var compared = 0
    var mismatches: [String] = []

    func check(_ label: String, _ node: PlanNode?, _ predicted: PathCost, rows: Bool = true) {
      compared += 1
      guard let node else {
        mismatches.append("\(label): node missing")
        return
      }
      if let problem = CostTestSupport.compare(
        label, node, startup: predicted.startup, total: predicted.total, rows: rows ? predicted.rows : nil)
      {
        mismatches.append(problem)
      }
    }

    func expectType(_ label: String, _ node: PlanNode?, _ type: String) -> Bool {
      if node?.nodeType == type { return true }
      mismatches.append("\(label): expected \(type), PostgreSQL chose \(node?.nodeType ?? "nothing")")
      return false
    }
  }

  // MARK: - Parallel

  /// `SELECT * FROM bigN WHERE v = 7`: Gather over a Parallel Seq Scan.
  /// big2: 5,406 pages ≥ 3,072 → 2 workers, divisor 2 + (1 − 0.6) = 2.4; the scan costs
  /// `T + (0.01 + 0.0025)·N / 2.4` with `clamp(rows / 2.4)` rows, and Gather adds 1000 at startup
  /// and `0.1·rows` (all rows).
  /// big1: 1,622 pages → 1 worker, divisor 1.7.
  /// `count(*)` on big2: a Partial Aggregate per worker (`0.0025` per row of the 416,667), Gather
  /// of 2 rows (1 per worker), Finalize Aggregate combining them (`0.0025` each) plus `0.01`.
  /// `... ORDER BY id`: each worker sorts its 415 rows, Gather Merge of `415·2` rows over 3 streams.
  @Test func parallelScansAndGather() throws {
    let fixture = try Self.fixture.get()
    let parameters = fixture.parameters
    let checker = Checker()
    for (name, expectedWorkers) in [("big2", 2), ("big1", 1)] {
      let size = try fixture.size(name)
      let (rows, _) = try fixture.equality(name, "v", "7")
      let workers = CostSize.computeParallelWorker(
        heapPages: size.pages, indexPages: -1, maxWorkers: parameters.maxParallelWorkersPerGather,
        parameters: parameters)
      #expect(workers == expectedWorkers)
      let partial = CostSize.costSeqScan(
        size: size, rows: rows, qualCost: QualCost(perTuple: parameters.cpuOperatorCost), parallelWorkers: workers,
        parameters: parameters)
      let gather = CostSize.costGather(subpath: partial.cost, rows: rows, parameters: parameters)
      let plan = try Self.explain(fixture, "SELECT * FROM \(name) WHERE v = 7")
      if checker.expectType("\(name) gather", plan, "Gather") {
        #expect(plan.workersPlanned == workers)
        checker.check("\(name) gather", plan, PathCost(cost: gather, rows: rows))
        checker.check("\(name) parallel seq scan", plan.children.first, partial)
      }

      if name == "big2" {
        let sort = CostSize.costSort(
          inputCost: partial.total, tuples: partial.rows, width: 12, parameters: parameters)
        let merged = CostSize.costGatherMerge(
          input: sort.cost, rows: partial.rows * Double(workers), workers: workers, parameters: parameters)
        let ordered = try Self.explain(fixture, "SELECT * FROM big2 WHERE v = 7 ORDER BY id")
        if checker.expectType("gather merge", ordered, "Gather Merge") {
          checker.check("gather merge", ordered, PathCost(cost: merged, rows: partial.rows * Double(workers)))
          checker.check("gather merge sort", ordered.children.first, sort)
        }

        let scan = CostSize.costSeqScan(size: size, rows: size.tuples, parallelWorkers: workers, parameters: parameters)
        let partialAgg = CostSize.costAgg(
          strategy: .plain, aggregates: .countStar(parameters), transitionCount: 1, groupColumns: 0, groups: 1,
          input: scan.cost, inputTuples: scan.rows, inputWidth: 0, parameters: parameters)
        let gathered = CostSize.costGather(
          subpath: partialAgg.cost, rows: partialAgg.rows * Double(workers), parameters: parameters)
        // The final phase runs the combine function (int8pl, procost 1) per partial result.
        let final = CostSize.costAgg(
          strategy: .plain, aggregates: AggregateCosts(transition: QualCost(perTuple: parameters.cpuOperatorCost)),
          transitionCount: 1, groupColumns: 0, groups: 1, input: gathered,
          inputTuples: partialAgg.rows * Double(workers), inputWidth: 8, parameters: parameters)
        let counted = try Self.explain(fixture, "SELECT count(*) FROM big2")
        if checker.expectType("finalize aggregate", counted, "Aggregate") {
          checker.check("finalize aggregate", counted, final)
          let gatherNode = counted.children.first
          checker.check("partial gather", gatherNode, PathCost(cost: gathered, rows: 2))
          checker.check("partial aggregate", gatherNode?.children.first, partialAgg)
          checker.check("partial agg scan", gatherNode?.children.first?.children.first, scan)
        }
      }
    }
    print("CostUpperPathTests parallel: \(checker.compared) compared, \(checker.mismatches.count) mismatches")
    #expect(checker.mismatches.isEmpty, "\(checker.mismatches)")
  }

  /// A Parallel Index Only Scan of `big2_g` for `g = 7`, made possible by
  /// `min_parallel_index_scan_size = 0` and made to win by free Gather. The index pages read,
  /// `ceil(10,200·852/10⁶) = 9`, give 1 worker at 1 page, 2 at 3, 3 at 9: capped at 2. An
  /// index-only scan's heap pages do not count (all-visible: no heap I/O either).
  @Test func parallelIndexOnlyScan() throws {
    let fixture = try Self.fixture.get()
    var parameters = fixture.parameters
    parameters.parallelSetupCost = 0
    parameters.parallelTupleCost = 0
    parameters.minParallelIndexScanSize = 0
    let checker = Checker()
    let table = try fixture.table("big2")
    let size = try fixture.size("big2")
    let index = try #require(table.index("big2_g"))
    let profile = IndexProfile(index: index, relationTuples: size.tuples)
    let (rows, selectivity) = try fixture.equality("big2", "g", "7")
    let estimate = CostSize.btCostEstimate(
      index: profile, quals: [IndexQualInfo(column: 0, kind: .comparison(isEquality: true))],
      indexSelectivity: selectivity, boundarySelectivity: { _ in selectivity }, relationTuples: size.tuples,
      leadingColumnCorrelation: IndexProfile.leadingColumnCorrelation(index, in: table), totalTablePages: size.pages,
      parameters: parameters)
    let partial = try #require(
      CostSize.costPartialIndex(
        estimate: estimate, relation: size, rows: rows, indexPages: profile.pages, indexOnly: true,
        totalTablePages: size.pages, parameters: parameters))
    #expect(partial.parallelWorkers == 2)
    let gather = CostSize.costGather(subpath: partial.cost, rows: rows, parameters: parameters)
    let plan = try Self.explain(
      fixture, "SELECT g FROM big2 WHERE g = 7",
      settings: [
        "parallel_setup_cost = 0", "parallel_tuple_cost = 0", "min_parallel_index_scan_size = 0",
        "enable_seqscan = off", "enable_bitmapscan = off",
      ])
    if checker.expectType("parallel index only", plan, "Gather") {
      checker.check("gather", plan, PathCost(cost: gather, rows: rows))
      checker.check("parallel index only scan", plan.children.first, PathCost(cost: partial.cost, rows: partial.rows))
    }
    #expect(checker.mismatches.isEmpty, "\(checker.mismatches)")
  }

  /// A hash index (`hashcostestimate` = `genericcostestimate`: no descent, correlation 0):
  /// `ceil(n·P/N)·4 + n·0.0075` for the index, then `PF(n)·4 + 0.01·n` for the heap.
  /// A lossy bitmap: with `work_mem = 64kB` the bitmap holds 65,536 / 64 = 1,024 pages, but
  /// `g = 7` (10,200 rows) touches `2·5406·10200/(2·5406+10200)` ≈ 5,248 pages: all but 512 go
  /// lossy and every tuple of those is rechecked.
  @Test func hashIndexAndLossyBitmap() throws {
    let fixture = try Self.fixture.get()
    let checker = Checker()
    do {
      let parameters = fixture.parameters
      let table = try fixture.table("hashed")
      let size = try fixture.size("hashed")
      let index = try #require(table.index("hashed_v"))
      let profile = IndexProfile(index: index, relationTuples: size.tuples)
      let (rows, selectivity) = try fixture.equality("hashed", "v", "7")
      let estimate = CostSize.hashCostEstimate(
        index: profile, quals: [IndexQualInfo(column: 0, kind: .comparison(isEquality: true))],
        indexSelectivity: selectivity, relationTuples: size.tuples, totalTablePages: size.pages,
        parameters: parameters)
      let scan = CostSize.costIndex(
        estimate: estimate, relation: size, rows: rows, indexPages: profile.pages, totalTablePages: size.pages,
        parameters: parameters)
      let plan = try Self.explain(
        fixture, "SELECT * FROM hashed WHERE v = 7", settings: ["enable_seqscan = off", "enable_bitmapscan = off"])
      if checker.expectType("hash index", plan, "Index Scan") {
        checker.check("hash index scan", plan, PathCost(cost: scan.cost, rows: rows))
      }
    }
    do {
      var parameters = fixture.parameters
      parameters.workMem = 64
      let table = try fixture.table("big2")
      let size = try fixture.size("big2")
      let index = try #require(table.index("big2_g"))
      let profile = IndexProfile(index: index, relationTuples: size.tuples)
      let (rows, selectivity) = try fixture.equality("big2", "g", "7")
      let estimate = CostSize.btCostEstimate(
        index: profile, quals: [IndexQualInfo(column: 0, kind: .comparison(isEquality: true))],
        indexSelectivity: selectivity, boundarySelectivity: { _ in selectivity }, relationTuples: size.tuples,
        leadingColumnCorrelation: IndexProfile.leadingColumnCorrelation(index, in: table),
        totalTablePages: size.pages, parameters: parameters)
      let bitmap = BitmapQual.index(
        totalCost: estimate.total, selectivity: selectivity, rows: rows, indexPages: profile.pages)
      let pages = CostSize.computeBitmapPages(
        bitmap: bitmap, relation: size, totalTablePages: size.pages, parameters: parameters)
      #expect(pages.tuples > rows, "lossy pages make every tuple on them examined")
      let heap = CostSize.costBitmapHeapScan(
        bitmap: bitmap, relation: size, rows: rows, qualCost: QualCost(perTuple: parameters.cpuOperatorCost),
        totalTablePages: size.pages, parameters: parameters)
      let plan = try Self.explain(
        fixture, "SELECT * FROM big2 WHERE g = 7",
        settings: [
          "work_mem = '64kB'", "enable_seqscan = off", "enable_indexscan = off", "max_parallel_workers_per_gather = 0",
        ])
      if checker.expectType("lossy bitmap", plan, "Bitmap Heap Scan") {
        checker.check("lossy bitmap heap scan", plan, heap)
      }
    }
    #expect(checker.mismatches.isEmpty, "\(checker.mismatches)")
  }

  // MARK: - Sorts, Material, Limit

  /// Sorts of `big1` (300,000 tuples of width 12: `(16 + 24)` bytes each, 12 MB):
  /// - `ORDER BY v`: over 4 MB of work_mem → external: `2·0.0025·N·log2 N` plus
  ///   `2·ceil(bytes/8192)·1` page accesses at `0.75 + 0.25·4` (2.9 runs, under the merge order
  ///   4 MB / 278,528 = 15: one pass);
  /// - with `work_mem = 64kB`: 183 runs, merge order 6 → `ceil(log6 183) = 3` passes;
  /// - `LIMIT 10`: heap of 10 → `2·0.0025·N·log2 20`, then Limit takes `10/N` of the run cost;
  /// - `LIMIT 100000`: 100,000 tuples fit (4 MB), and N > 2·100,000 → bounded heap too;
  /// - `small2 ORDER BY b`: 400 tuples in memory, quicksort `2·0.0025·400·log2 400`.
  /// Material (`small1`, `small2` as nested-loop inners): input plus `2·0.0025` per tuple.
  /// Limit/OFFSET on a seq scan: `OFFSET 100` moves `100/N` of the run cost into startup; a
  /// parameter (generic plan) counts as 10% of the rows.
  @Test func sortsMaterialAndLimits() throws {
    let fixture = try Self.fixture.get()
    let parameters = fixture.parameters
    let checker = Checker()
    let noParallel = "max_parallel_workers_per_gather = 0"
    let big1 = try fixture.size("big1")
    let scan = CostSize.costSeqScan(size: big1, rows: big1.tuples, parameters: parameters)

    for (label, sql, settings, limit, memory) in [
      ("external sort", "SELECT * FROM big1 ORDER BY v", [noParallel], nil, nil),
      ("multi-pass external sort", "SELECT * FROM big1 ORDER BY v", [noParallel, "work_mem = '64kB'"], nil, 64.0),
      ("top-N sort", "SELECT * FROM big1 ORDER BY v LIMIT 10", [noParallel], Int64(10), nil),
      ("bounded sort", "SELECT * FROM big1 ORDER BY v LIMIT 100000", [noParallel], Int64(100000), nil),
    ] as [(String, String, [String], Int64?, Double?)] {
      var sortParameters = parameters
      if let memory { sortParameters.workMem = memory }
      let sort = CostSize.costSort(
        inputCost: scan.total, tuples: big1.tuples, width: 12, limitTuples: limit.map(Double.init) ?? -1,
        parameters: sortParameters)
      var plan = try Self.explain(fixture, sql, settings: settings)
      if let limit {
        let limited = CostSize.adjustLimitRowsCosts(input: sort, offsetEstimate: 0, countEstimate: limit)
        guard checker.expectType(label, plan, "Limit") else { continue }
        checker.check("\(label) limit", plan, limited)
        plan = try #require(plan.children.first)
      }
      if checker.expectType(label, plan, "Sort") { checker.check(label, plan, sort) }
    }

    let small2 = try fixture.size("small2")
    let smallScan = CostSize.costSeqScan(size: small2, rows: small2.tuples, parameters: parameters)
    let smallSort = CostSize.costSort(
      inputCost: smallScan.total, tuples: small2.tuples, width: 15, parameters: parameters)
    let smallPlan = try Self.explain(fixture, "SELECT * FROM small2 ORDER BY b")
    if checker.expectType("quicksort", smallPlan, "Sort") { checker.check("quicksort", smallPlan, smallSort) }

    let small1 = try fixture.size("small1")
    for (sql, inner, size, width) in [
      ("SELECT * FROM small1, small2", "small1", small1, 4),
      ("SELECT * FROM big1 b, small2 a WHERE b.g = 3 AND a.b < b.id", "small2", small2, 15),
    ] {
      let plan = try Self.explain(fixture, sql, settings: [noParallel])
      let material = plan.children.first { $0.nodeType == "Materialize" }
      let input = CostSize.costSeqScan(size: size, rows: size.tuples, parameters: parameters)
      let predicted = CostSize.costMaterial(
        input: input.cost, tuples: size.tuples, width: width, parameters: parameters)
      checker.check("materialize \(inner)", material, predicted)
    }

    for (label, sql, offset, count) in [
      ("limit", "SELECT * FROM big1 LIMIT 10", Int64(0), Int64(10)),
      ("offset limit", "SELECT * FROM big1 OFFSET 100 LIMIT 10", 100, 10),
      ("offset only", "SELECT * FROM big1 OFFSET 299995", 299_995, 0),
    ] {
      let plan = try Self.explain(fixture, sql, settings: [noParallel])
      checker.check(
        label, plan, CostSize.adjustLimitRowsCosts(input: scan, offsetEstimate: offset, countEstimate: count))
    }
    try fixture.connection.execute(
      "PREPARE limited(bigint, bigint) AS SELECT * FROM big1 OFFSET $2 LIMIT $1")
    let generic = try Self.explain(
      fixture, "EXECUTE limited(10, 5)", settings: [noParallel, "plan_cache_mode = force_generic_plan"])
    checker.check(
      "parameter limit", generic, CostSize.adjustLimitRowsCosts(input: scan, offsetEstimate: -1, countEstimate: -1))
    try fixture.connection.execute("DEALLOCATE limited")

    print("CostUpperPathTests sorts: \(checker.compared) compared, \(checker.mismatches.count) mismatches")
    #expect(checker.mismatches.isEmpty, "\(checker.mismatches)")
  }

  /// `SELECT * FROM big2 ORDER BY g, v` with `enable_sort = off`: an Incremental Sort over a full
  /// scan of `big2_g` (no quals: selectivity 1, every index tuple). 100 groups of 10,000 rows;
  /// each group is costed as a sort of 15,000 tuples, then `(0.01 + 0)` per tuple and `2·0.01`
  /// per group.
  @Test func incrementalSort() throws {
    let fixture = try Self.fixture.get()
    var parameters = fixture.parameters
    parameters.enableSort = false
    let checker = Checker()
    let table = try fixture.table("big2")
    let size = try fixture.size("big2")
    let index = try #require(table.index("big2_g"))
    let profile = IndexProfile(index: index, relationTuples: size.tuples)
    let estimate = CostSize.btCostEstimate(
      index: profile, quals: [], indexSelectivity: 1, boundarySelectivity: { _ in 1 }, relationTuples: size.tuples,
      leadingColumnCorrelation: IndexProfile.leadingColumnCorrelation(index, in: table), totalTablePages: size.pages,
      parameters: parameters)
    let scan = CostSize.costIndex(
      estimate: estimate, relation: size, rows: size.tuples, indexPages: profile.pages, totalTablePages: size.pages,
      parameters: parameters)
    let sort = CostSize.costIncrementalSort(
      inputCost: scan.cost, inputTuples: size.tuples, inputGroups: try fixture.groups("big2", "g"), width: 12,
      parameters: parameters)
    let plan = try Self.explain(
      fixture, "SELECT * FROM big2 ORDER BY g, v",
      settings: ["enable_sort = off", "max_parallel_workers_per_gather = 0"])
    if checker.expectType("incremental sort", plan, "Incremental Sort") {
      checker.check("incremental sort", plan, sort)
      checker.check("full index scan", plan.children.first, PathCost(cost: scan.cost, rows: scan.rows))
    }
    #expect(checker.mismatches.isEmpty, "\(checker.mismatches)")
  }

  // MARK: - Aggregation

  /// On `big1` (no parallelism), scan cost `T + 0.01·N`:
  /// - `count(*)`: Aggregate = scan + `0.0025·N` (int8inc) + `0.01`;
  /// - `GROUP BY v` hashed: 1,000 groups of 4-byte keys, entry 24 + (16 + 16 + 4) + (16 + 16) = 92 bytes,
  ///   fits in 8 MB: startup = scan + `(0.0025 + 0.0025)·N`, total + `0.01·1000`;
  /// - `GROUP BY id` hashed (sort and index scans off): 300,000 groups × 92 bytes > 8 MB → spill:
  ///   8 partitions, batches `ceil(27.6 MB / (8 MB − 9 blocks))` = 4, depth 1; pages
  ///   `N·(8 + 24)/8192` written and read twice (random, then sequential) and `2·0.01·N`;
  /// - `GROUP BY g` sorted (hashagg off): Sort of 4-byte tuples, then GroupAggregate
  ///   `+ (0.0025 + 0.0025)·N + 0.01·100`; the same as Group (no aggregates) `+ 0.0025·N`;
  /// - `count(*) OVER (PARTITION BY v)`: Sort, then WindowAgg `+ (0.0025 + 0.0025 + 0.01)·N`.
  @Test func aggregates() throws {
    let fixture = try Self.fixture.get()
    let parameters = fixture.parameters
    let checker = Checker()
    let noParallel = "max_parallel_workers_per_gather = 0"
    let size = try fixture.size("big1")
    let tuples = size.tuples
    let scan = CostSize.costSeqScan(size: size, rows: tuples, parameters: parameters)
    let count = AggregateCosts.countStar(parameters)

    let plain = CostSize.costAgg(
      strategy: .plain, aggregates: count, transitionCount: 1, groupColumns: 0, groups: 1, input: scan.cost,
      inputTuples: tuples, inputWidth: 0, parameters: parameters)
    checker.check("plain count", try Self.explain(fixture, "SELECT count(*) FROM big1", settings: [noParallel]), plain)

    for (column, settings) in [
      ("v", [noParallel]),
      ("id", [noParallel, "enable_sort = off", "enable_indexscan = off", "enable_indexonlyscan = off"]),
    ] {
      let hashed = CostSize.costAgg(
        strategy: .hashed, aggregates: count, transitionCount: 1, groupColumns: 1,
        groups: try fixture.groups("big1", column), input: scan.cost, inputTuples: tuples,
        inputWidth: Double(try fixture.width("big1", column)), parameters: parameters)
      let plan = try Self.explain(
        fixture, "SELECT \(column), count(*) FROM big1 GROUP BY \(column)", settings: settings)
      if checker.expectType("hash agg \(column)", plan, "Aggregate") {
        checker.check("hash agg \(column)", plan, hashed)
      }
    }

    let groupWidth = try fixture.width("big1", "g")
    let sort = CostSize.costSort(inputCost: scan.total, tuples: tuples, width: groupWidth, parameters: parameters)
    let groups = try fixture.groups("big1", "g")
    let sorted = CostSize.costAgg(
      strategy: .sorted, aggregates: count, transitionCount: 1, groupColumns: 1, groups: groups, input: sort.cost,
      inputTuples: tuples, inputWidth: Double(groupWidth), parameters: parameters)
    let sortedPlan = try Self.explain(
      fixture, "SELECT g, count(*) FROM big1 GROUP BY g", settings: [noParallel, "enable_hashagg = off"])
    checker.check("group aggregate", sortedPlan, sorted)
    checker.check("group aggregate sort", sortedPlan.children.first, sort)

    let group = CostSize.costGroup(
      groupColumns: 1, groups: groups, input: sort.cost, inputTuples: tuples, parameters: parameters)
    let groupPlan = try Self.explain(
      fixture, "SELECT g FROM big1 GROUP BY g", settings: [noParallel, "enable_hashagg = off"])
    if checker.expectType("group", groupPlan, "Group") { checker.check("group", groupPlan, group) }

    let windowSort = CostSize.costSort(
      inputCost: scan.total, tuples: tuples, width: try fixture.width("big1", "v"), parameters: parameters)
    let window = CostSize.costWindowAgg(
      windowFunctions: [QualCost(perTuple: parameters.cpuOperatorCost)], partitionColumns: 1, orderColumns: 0,
      input: windowSort.cost, inputTuples: tuples, parameters: parameters)
    let windowPlan = try Self.explain(
      fixture, "SELECT v, count(*) OVER (PARTITION BY v) FROM big1", settings: [noParallel])
    if checker.expectType("window", windowPlan, "WindowAgg") { checker.check("window agg", windowPlan, window) }

    print("CostUpperPathTests aggregates: \(checker.compared) compared, \(checker.mismatches.count) mismatches")
    #expect(checker.mismatches.isEmpty, "\(checker.mismatches)")
  }
}
