import AugurCatalog
import AugurPlan
import AugurPlanner
import Testing

/// Estimates worked out by hand from a snapshot written in the test: each comment derives the
/// expected figure from PostgreSQL 15's formula and the values given here.
struct PlannerHandCheckedTests {
  /// A table of 10,000 rows on 100 pages: `a` integer, 10% NULL, no MCVs, histogram
  /// 0, 10, 20, ..., 100 (eleven bounds, ten equal bins); `b` and `c` integers with MCV lists.
  static func snapshot(dependencyDegree: Double? = nil) -> StatsSnapshot {
    let histogram = (0...10).map { String($0 * 10) }
    let a = Column(
      number: 1, name: "a", type: "integer",
      statistics: ColumnStatistics(nullFraction: 0.1, averageWidth: 4, distinctValues: 101, histogramBounds: histogram))
    let b = Column(
      number: 2, name: "b", type: "integer", notNull: true,
      statistics: ColumnStatistics(
        nullFraction: 0, averageWidth: 4, distinctValues: 10, mostCommonValues: (1...10).map(String.init),
        mostCommonFrequencies: Array(repeating: 0.1, count: 10)))
    let c = Column(
      number: 3, name: "c", type: "integer", notNull: true,
      statistics: ColumnStatistics(
        nullFraction: 0, averageWidth: 4, distinctValues: 5, mostCommonValues: (1...5).map(String.init),
        mostCommonFrequencies: Array(repeating: 0.2, count: 5)))
    let table = Relation(
      schema: "public", name: "t", kind: .table, columns: [a, b, c],
      size: RelationSize(reltuples: 10_000, relpages: 100, relallvisible: 0, currentPages: 100))
    var statistics: [ExtendedStatistic] = []
    if let degree = dependencyDegree {
      statistics.append(
        ExtendedStatistic(
          schema: "public", name: "t_b_c", table: "public.t", columns: ["b", "c"], kinds: ["dependencies"],
          dependencies: [ExtendedStatistic.Dependency(from: [2], to: 3, degree: degree)]))
    }
    return StatsSnapshot(
      source: SnapshotSource(kind: .ddl, createdAt: "2026-01-01T00:00:00Z"), relations: [table],
      extendedStatistics: statistics)
  }

  static func root(_ sql: String, _ snapshot: StatsSnapshot = snapshot()) throws -> PlanEstimate {
    let planner = Planner(
      snapshot: snapshot, options: PlannerOptions(settings: ["max_parallel_workers_per_gather": "0"]))
    return try #require(try planner.plan(sql).root.estimate)
  }

  @Test func rangePairCombinesBothSidesAndAddsBackTheNulls() throws {
    // a > 15: the probe is half way into bin 2 (10..20), so 1.5 of 10 bins lie below it:
    //   histfrac = 0.15; for `>` the selectivity is 1 − 0.15 = 0.85, times the non-null share 0.9
    //   (no MCVs) = 0.765.
    // a < 25: histfrac = 0.25; for `<` (strict, not `>`) ineq_histogram_selectivity takes off
    //   the share of one value, eq_selec = 1 / (n_distinct 101 − 0 MCVs) = 0.0099010:
    //   (0.25 − 0.0099010) × 0.9 = 0.2160891.
    // clauselist_selectivity pairs them: 0.765 + 0.2160891 − 1 + P(a IS NULL) 0.1 = 0.0810891.
    // Rows: 10,000 × 0.0810891 = 810.9, rounded to 811.
    let estimate = try Self.root("SELECT * FROM t WHERE a > 15 AND a < 25")
    #expect(estimate.rows == 811)
  }

  @Test func sequentialScanCostChargesPagesTuplesAndEachOperator() throws {
    // cost_seqscan: 100 pages × seq_page_cost 1 + 10,000 tuples × (cpu_tuple_cost 0.01 + two
    // operators × cpu_operator_cost 0.0025) = 100 + 150 = 250; no index exists.
    let estimate = try Self.root("SELECT * FROM t WHERE a > 15 AND a < 25")
    #expect(abs(estimate.totalCost - 250) < 1e-9)
    #expect(estimate.startupCost == 0)
    // Width: three integer columns of average width 4.
    #expect(estimate.width == 12)
  }

  @Test func functionalDependencyRaisesTheCombinedEstimate() throws {
    // Independent: P(b = 3) × P(c = 2) = 0.1 × 0.2 = 0.02, 200 rows.
    #expect(try Self.root("SELECT * FROM t WHERE b = 3 AND c = 2").rows == 200)
    // With b => c of degree 0.8: P(c | b) = f + (1 − f) × P(c) = 0.8 + 0.2 × 0.2 = 0.84 (P(b) ≤ P(c)),
    // so P(b, c) = 0.1 × 0.84 = 0.084, 840 rows.
    #expect(try Self.root("SELECT * FROM t WHERE b = 3 AND c = 2", Self.snapshot(dependencyDegree: 0.8)).rows == 840)
  }

  @Test func inListSumsTheMostCommonValuesFrequencies() throws {
    // scalararraysel for = ANY: disjoint values, so the MCV frequencies add: 3 × 0.1 = 0.3, 3,000 rows.
    #expect(try Self.root("SELECT * FROM t WHERE b IN (1, 2, 3)").rows == 3000)
    // NOT IN: <> ALL multiplies (1 − 0.1) three times with the disjoint rule 1 + Σ(s − 1) = 0.7, 7,000 rows.
    #expect(try Self.root("SELECT * FROM t WHERE b NOT IN (1, 2, 3)").rows == 7000)
  }
}
