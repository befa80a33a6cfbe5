import AugurCatalog
import AugurExplain
import AugurPlan
import AugurPlanner
import AugurPostgres
import AugurTestSupport
import Foundation
import Testing

/// Helpers shared by the Cost*Tests suites.
enum CostTestSupport {
  /// EXPLAIN prints costs with 2 decimals: equal means within half a cent (plus float noise).
  static let tolerance = 0.006

  static func explain(_ connection: PostgresConnection, _ sql: String) throws -> PlanNode {
    let text = try #require(try connection.query("EXPLAIN (FORMAT JSON) \(sql)").scalar)
    return try ExplainJSONReader.read(Data(text.utf8)).root
  }

  static func literal(_ value: String) -> String {
    "'\(value.replacingOccurrences(of: "'", with: "''"))'"
  }

  /// "" when the node's costs (and rows, when given) equal the predicted ones, else a description.
  static func compare(
    _ label: String, _ node: PlanNode, startup: Double, total: Double, rows: Double? = nil
  ) -> String? {
    guard let estimate = node.estimate else { return "\(label): no estimate" }
    var problems: [String] = []
    if abs(estimate.startupCost - startup) > tolerance {
      problems.append("startup \(startup) vs \(estimate.startupCost)")
    }
    if abs(estimate.totalCost - total) > tolerance { problems.append("total \(total) vs \(estimate.totalCost)") }
    if let rows, rows != estimate.rows { problems.append("rows \(rows) vs \(estimate.rows)") }
    return problems.isEmpty ? nil : "\(label) [\(node.nodeType)]: " + problems.joined(separator: ", ")
  }

  /// A value of the column to compare with: its most common value, or else a histogram bound.
  static func sampleValue(_ column: Column) -> String? {
    column.statistics?.mostCommonValues?.first ?? column.statistics?.histogramBounds?.first
  }

  /// True when a unique, non-partial, single-column index covers `column` (`has_unique_index`).
  static func isUnique(_ column: String, among indexes: [AugurCatalog.Index]) -> Bool {
    indexes.contains {
      $0.isUnique && $0.keys.count == 1 && $0.keys[0].column == column && $0.predicate == nil
    }
  }
}

/// Index scans, index-only scans and bitmap heap scans against PostgreSQL's EXPLAIN on every
/// B-tree of the three workloads whose leading key is a column with statistics.
///
/// Each index is costed alone: in a transaction, the table's other indexes are dropped (then
/// rolled back), so PostgreSQL must use that index, and `enable_*` switches pick the scan kind.
/// The predicates are `col = value` on the leading key, and on the first two keys for
/// multi-column indexes, so that the selectivity is exactly `var_eq_const`'s (1/tuples for a
/// unique column, the MCV frequency, or the non-MCV share), multiplied for two columns (pairs
/// covered by extended statistics are skipped).
///
/// Worked formula for `SELECT * FROM t WHERE a = v` on a single-column B-tree, `N` heap tuples on
/// `T` pages, index of `P` pages and height `h`, selectivity `s`:
/// - index tuples `n = rint(s·N)` (1 if unique), index pages `ceil(n·P/N)`;
/// - index cost `= ceil(n·P/N)·4 + n·(0.005 + 0.0025)` + descent `ceil(log2 N)·0.0025 + (h+1)·50·0.0025`
///   (the descent is also the startup);
/// - heap: tuples `t = clamp(s·N)`, uncorrelated pages `PF = ceil(2Tt/(2T+t))` at 4 each, correlated
///   `4 + (ceil(s·T)−1)·1`, mixed by correlation²; plus `0.01·t` CPU.
/// A bitmap heap scan costs the index cost plus `0.1·0.0025·rows` as startup, then
/// `PF·(4 − 3·sqrt(PF/T))` for the pages (4 per page below 2 pages) and `(0.01 + 0.0025)·t`.
@Suite(.serialized) struct CostIndexScanTests {
  struct Case {
    var table: Relation
    var index: AugurCatalog.Index
    var columns: [Column]
    var values: [String]
  }

  @Test(arguments: ["ecommerce", "warehouse", "clickstream"])
  func indexAndBitmapScansMatchPostgres(workload: String) throws {
    let database = try SharedTestCluster.database("cost_index_\(workload)", workload: workload, scale: 1)
    let connection = try SharedTestCluster.cluster().connect(database: database)
    try connection.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
    try connection.execute("VACUUM")
    try connection.execute("SET max_parallel_workers_per_gather = 0")
    var gatherer = CatalogGatherer(schemas: ["public"])
    let snapshot = try gatherer.gather(from: connection)
    let parameters = CostParameters(snapshot: snapshot)

    var cases: [Case] = []
    for table in snapshot.relations where table.kind == .table {
      let covered = snapshot.extendedStatistics.filter { $0.table == table.qualifiedName }.map { Set($0.columns) }
      for index in table.indexes where index.method == "btree" && index.isValid && index.predicate == nil {
        guard let first = index.keys.first?.column, let column = table.column(first),
          let value = CostTestSupport.sampleValue(column)
        else { continue }
        cases.append(Case(table: table, index: index, columns: [column], values: [value]))
        if index.keys.count >= 2, let second = index.keys[1].column, let column2 = table.column(second),
          let value2 = CostTestSupport.sampleValue(column2),
          !covered.contains(where: { $0.contains(first) && $0.contains(second) })
        {
          cases.append(Case(table: table, index: index, columns: [column, column2], values: [value, value2]))
        }
      }
    }

    var compared = 0
    var mismatches: [String] = []
    for testCase in cases {
      let table = testCase.table
      let size = PlanCat.estimateRelSize(table, blockSize: parameters.blockSize)
      let profile = IndexProfile(index: testCase.index, relationTuples: size.tuples)
      // Only this index remains, so only it can make a column unique.
      var selectivity = 1.0
      for (column, value) in zip(testCase.columns, testCase.values) {
        selectivity *= EqualitySelectivity.varEqConst(
          column: column, constant: value, relationTuples: size.tuples,
          isUnique: CostTestSupport.isUnique(column.name, among: [testCase.index]))
      }
      let quals = testCase.columns.indices.map { IndexQualInfo(column: $0, kind: .comparison(isEquality: true)) }
      let estimate = CostSize.btCostEstimate(
        index: profile, quals: quals, indexSelectivity: selectivity, boundarySelectivity: { _ in selectivity },
        relationTuples: size.tuples,
        leadingColumnCorrelation: IndexProfile.leadingColumnCorrelation(testCase.index, in: table),
        totalTablePages: size.pages, parameters: parameters)
      let rows = CostSize.clampRowEstimate(size.tuples * selectivity)
      let whereClause = zip(testCase.columns, testCase.values).map {
        "\($0.name) = \(CostTestSupport.literal($1))"
      }.joined(separator: " AND ")
      let label = "\(table.name) via \(testCase.index.name) WHERE \(whereClause)"

      try connection.execute("BEGIN")
      defer { _ = try? connection.execute("ROLLBACK") }
      try Self.dropOtherIndexes(connection, table: table, keeping: testCase.index)

      // Plain (or index-only, if the index covers every column) index scan of all columns.
      try connection.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_bitmapscan = off")
      let scan = try CostTestSupport.explain(connection, "SELECT * FROM public.\(table.name) WHERE \(whereClause)")
      for (node, selectList) in [(scan, "*")] + [try Self.indexOnlyPlan(connection, testCase, whereClause)] {
        guard node.nodeType == "Index Scan" || node.nodeType == "Index Only Scan",
          node.indexName == testCase.index.name
        else {
          mismatches.append("\(label) (\(selectList)): PostgreSQL chose \(node.nodeType) \(node.indexName ?? "")")
          continue
        }
        let predicted = CostSize.costIndex(
          estimate: estimate, relation: size, rows: rows, indexPages: profile.pages,
          indexOnly: node.nodeType == "Index Only Scan", totalTablePages: size.pages, parameters: parameters)
        compared += 1
        if let problem = CostTestSupport.compare(
          "\(label) (\(selectList))", node, startup: predicted.cost.startup, total: predicted.cost.total, rows: rows)
        {
          mismatches.append(problem)
        }
      }

      // Bitmap heap scan: every restriction qual is rechecked (one operator per column).
      try connection.execute("SET LOCAL enable_bitmapscan = on; SET LOCAL enable_indexscan = off")
      let heap = try CostTestSupport.explain(connection, "SELECT * FROM public.\(table.name) WHERE \(whereClause)")
      let bitmap = BitmapQual.index(
        totalCost: estimate.total, selectivity: selectivity, rows: rows, indexPages: profile.pages)
      let predictedHeap = CostSize.costBitmapHeapScan(
        bitmap: bitmap, relation: size, rows: rows,
        qualCost: QualCost(perTuple: parameters.cpuOperatorCost * Double(testCase.columns.count)),
        totalTablePages: size.pages, parameters: parameters)
      if heap.nodeType == "Bitmap Heap Scan", let child = heap.children.first, child.indexName == testCase.index.name {
        compared += 2
        if let problem = CostTestSupport.compare(
          "\(label) bitmap heap", heap, startup: predictedHeap.startup, total: predictedHeap.total, rows: rows)
        {
          mismatches.append(problem)
        }
        // The bitmap index scan shows the AM's total cost and the index's own row estimate.
        if let problem = CostTestSupport.compare(
          "\(label) bitmap index", child, startup: 0, total: estimate.total,
          rows: CostSize.clampRowEstimate(selectivity * size.tuples))
        {
          mismatches.append(problem)
        }
      } else {
        mismatches.append("\(label): PostgreSQL chose \(heap.nodeType) for the bitmap scan")
      }
    }
    print("CostIndexScanTests \(workload): \(compared) nodes compared, \(mismatches.count) mismatches")
    #expect(compared >= 30)
    #expect(mismatches.isEmpty, "\(mismatches.count) of \(compared): \(mismatches.prefix(12))")
  }

  /// `SELECT leading_column FROM t WHERE ...`: an index-only scan (the tables were vacuumed, so
  /// `allvisfrac` is 1 and no heap page is charged).
  static func indexOnlyPlan(_ connection: PostgresConnection, _ testCase: Case, _ whereClause: String) throws -> (
    PlanNode, String
  ) {
    let selectList = testCase.columns[0].name
    let node = try CostTestSupport.explain(
      connection, "SELECT \(selectList) FROM public.\(testCase.table.name) WHERE \(whereClause)")
    return (node, selectList)
  }

  /// Drops, inside the caller's transaction, every index of `table` but `keeping` (constraint
  /// indexes through their constraint, with what depends on them).
  static func dropOtherIndexes(_ connection: PostgresConnection, table: Relation, keeping: AugurCatalog.Index) throws {
    for other in table.indexes where other.name != keeping.name {
      let constraint = try connection.query(
        "SELECT conname FROM pg_constraint WHERE conindid = 'public.\(other.name)'::regclass"
      ).scalar
      if let constraint {
        try connection.execute("ALTER TABLE public.\(table.name) DROP CONSTRAINT \(constraint) CASCADE")
      } else {
        try connection.execute("DROP INDEX public.\(other.name)")
      }
    }
  }
}
