import AugurCatalog
import AugurPlanner
import Foundation
import Testing

/// Cost formulas on hand-worked numbers (PostgreSQL 15's default settings unless changed).
@Suite struct CostFormulaTests {
  let defaults = CostParameters(settings: [:])

  /// Mackert–Lohman. T = 100 pages, the only table: b = ceil(524288·100/100) ≥ T, so
  /// PF = 2·100·50/(200 + 50) = 40. With effective_cache_size = 50: b = 50 < T,
  /// lim = 2·100·50/(200 − 50) = 66.67, and 200 tuples > lim: PF = 50 + (200 − 66.67)·50/100 =
  /// 116.67 → 117. Beyond T the fitting case is capped at T.
  @Test func indexPagesFetched() {
    #expect(
      CostSize.indexPagesFetched(
        tuplesFetched: 50, pages: 100, indexPages: 0, totalTablePages: 100, parameters: defaults) == 40)
    var small = defaults
    small.effectiveCacheSize = 50
    #expect(
      CostSize.indexPagesFetched(
        tuplesFetched: 200, pages: 100, indexPages: 0, totalTablePages: 100, parameters: small) == 117)
    #expect(
      CostSize.indexPagesFetched(
        tuplesFetched: 1_000_000, pages: 100, indexPages: 0, totalTablePages: 100, parameters: defaults) == 100)
  }

  /// 1,024 pages give 1 worker, each tripling one more (3,072 → 2, 9,216 → 3), capped by the
  /// maximum; an index under 64 pages rules parallelism out; with both, the smaller count wins
  /// (100 index pages < 192 → 1); the reloption overrides the sizes.
  @Test func parallelWorkers() {
    func workers(_ heap: Double, _ index: Double = -1, max: Int = 2, reloption: Int = -1) -> Int {
      CostSize.computeParallelWorker(
        heapPages: heap, indexPages: index, maxWorkers: max, relationParallelWorkers: reloption, parameters: defaults)
    }
    #expect(workers(1023) == 0)
    #expect(workers(1024) == 1)
    #expect(workers(3071) == 1)
    #expect(workers(3072) == 2)
    #expect(workers(9216, max: 4) == 3)
    #expect(workers(9216) == 2)
    #expect(workers(5000, 63) == 0)
    #expect(workers(5000, 100) == 1)
    #expect(workers(-1, 200) == 2)
    #expect(workers(10, max: 8, reloption: 5) == 5)
    // Divisor: 1 + 0.7, 2 + 0.4, 3 + 0.1, then the leader no longer counts.
    #expect(CostSize.parallelDivisor(workers: 1, parameters: defaults) == 1.7)
    #expect(CostSize.parallelDivisor(workers: 2, parameters: defaults) == 2.4)
    #expect(abs(CostSize.parallelDivisor(workers: 3, parameters: defaults) - 3.1) < 1e-12)
    #expect(CostSize.parallelDivisor(workers: 4, parameters: defaults) == 4)
    var noLeader = defaults
    noLeader.parallelLeaderParticipation = false
    #expect(CostSize.parallelDivisor(workers: 2, parameters: noLeader) == 2)
  }

  /// Merge order: 4 MB / (2·8192 + 32·8192 = 278,528) = 15; 64 kB → 0 → at least 6; 1 GB → 3,855
  /// → at most 500. External sort of 10,000 tuples of width 100 in 64 kB: 1,280,000 bytes
  /// (128 each), 19.5 runs, ceil(ln 19.5 / ln 6) = 2 passes over ceil(156.25) = 157 pages, so
  /// 2·157·2 = 628 page accesses at 0.75 + 0.25·4 = 1.75, plus 0.005·10,000·log2(10,000)
  /// comparisons; 0.0025 per tuple to hand out.
  @Test func sortFormulas() {
    #expect(CostSize.tuplesortMergeOrder(bytes: 4_194_304) == 15)
    #expect(CostSize.tuplesortMergeOrder(bytes: 65_536) == 6)
    #expect(CostSize.tuplesortMergeOrder(bytes: 1_073_741_824) == 500)
    let external = CostSize.costTuplesort(tuples: 10_000, width: 100, sortMem: 64, parameters: defaults)
    let comparisons = 0.005 * 10_000 * (log(10_000.0) / 0.693147180559945)
    #expect(abs(external.startup - (comparisons + 628 * 1.75)) < 1e-9)
    #expect(abs(external.run - 25) < 1e-12)
    // In memory (1.28 MB < 4 MB): quicksort only. Bounded by 10: N·log2(20) comparisons.
    let memory = CostSize.costTuplesort(tuples: 10_000, width: 100, sortMem: 4096, parameters: defaults)
    #expect(abs(memory.startup - comparisons) < 1e-9)
    let bounded = CostSize.costTuplesort(
      tuples: 10_000, width: 100, sortMem: 4096, limitTuples: 10, parameters: defaults)
    #expect(abs(bounded.startup - 0.005 * 10_000 * (log(20.0) / 0.693147180559945)) < 1e-9)
    // Fewer than 2 tuples count as 2: 0.005·2·log2(2) = 0.01.
    #expect(abs(CostSize.costTuplesort(tuples: 0, width: 8, sortMem: 4096, parameters: defaults).startup - 0.01) < 1e-6)
  }

  /// Material of 10,000 tuples of width 100 (1,280,000 bytes): 2·0.0025·10,000 = 50 on top of
  /// the input; with work_mem = 1 MB it spills ceil(1,280,000/8192) = 157 pages more.
  @Test func material() {
    let input = Cost(startup: 1, total: 11)
    let fits = CostSize.costMaterial(input: input, tuples: 10_000, width: 100, parameters: defaults)
    #expect(fits.startup == 1 && abs(fits.total - 61) < 1e-9)
    var small = defaults
    small.workMem = 1024
    let spills = CostSize.costMaterial(input: input, tuples: 10_000, width: 100, parameters: small)
    #expect(abs(spills.total - 218) < 1e-9)
  }

  /// Input (10, 110), 1,000 rows: OFFSET 100 puts 100·100/1000 = 10 more into startup, LIMIT 50
  /// ends at 20 + 100·50/1000 = 25. Non-constant OFFSET and LIMIT are 10% (100 rows) each.
  @Test func limits() {
    let input = PathCost(cost: Cost(startup: 10, total: 110), rows: 1000)
    let constant = CostSize.adjustLimitRowsCosts(input: input, offsetEstimate: 100, countEstimate: 50)
    #expect(constant == PathCost(cost: Cost(startup: 20, total: 25), rows: 50))
    let unknown = CostSize.adjustLimitRowsCosts(input: input, offsetEstimate: -1, countEstimate: -1)
    #expect(unknown == PathCost(cost: Cost(startup: 20, total: 30), rows: 100))
    let pastEnd = CostSize.adjustLimitRowsCosts(input: input, offsetEstimate: 5000, countEstimate: 0)
    #expect(pastEnd == PathCost(cost: Cost(startup: 110, total: 110), rows: 1))
  }

  /// Hash aggregate of 300,000 groups of a 4-byte key with count(*): entry 24 + (16 + 16 + 4) +
  /// (16 + 16) = 92 bytes, 27.6 MB > 8 MB. Partitions: 1 + 1.5·27.6 MB / 8 MB = 5.9 → 5 → 8
  /// (power of two); limit 8 MB − 9 blocks = 8,314,880 bytes, 90,379 groups; 4 batches, depth
  /// ceil(ln 4 / ln 8) = 1.
  @Test func hashAggregateLimits() {
    let entry = CostSize.hashAggEntrySize(transitionCount: 1, tupleWidth: 4, transitionSpace: 0)
    #expect(entry == 92)
    let limits = CostSize.hashAggSetLimits(entrySize: entry, inputGroups: 300_000, parameters: defaults)
    #expect(limits == HashAggLimits(memoryLimit: 8_314_880, groupLimit: 90_379, partitions: 8))
    let fits = CostSize.hashAggSetLimits(entrySize: entry, inputGroups: 1000, parameters: defaults)
    #expect(fits == HashAggLimits(memoryLimit: 8_388_608, groupLimit: 91_180, partitions: 0))
  }

  /// Children (10, 0.1) and (20, 0.2), each 100 rows: an index child costs 0.1·0.0025·100 = 0.025
  /// more. AND: 0.02, 30.05 + 0.25 (one intersection). OR: 0.3, 30.05 (index inputs unite for
  /// free); an AND child after the first pays 0.25.
  @Test func bitmapTrees() {
    let first = BitmapQual.index(totalCost: 10, selectivity: 0.1, rows: 100, indexPages: 5)
    let second = BitmapQual.index(totalCost: 20, selectivity: 0.2, rows: 100, indexPages: 7)
    let and = CostSize.costBitmapAndNode([first, second], parameters: defaults)
    #expect(abs(and.cost - 30.3) < 1e-9 && abs(and.selectivity - 0.02) < 1e-12)
    let or = CostSize.costBitmapOrNode([first, second], parameters: defaults)
    #expect(abs(or.cost - 30.05) < 1e-9 && abs(or.selectivity - 0.3) < 1e-12)
    let mixed = CostSize.costBitmapOrNode([first, .and([first, second])], parameters: defaults)
    #expect(abs(mixed.cost - (10.025 + 30.3 + 0.25)) < 1e-9)
    #expect(CostSize.bitmapIndexPages(.or([first, .and([first, second])])) == 17)
    #expect(CostSize.bitmapMaxEntries(bytes: 4_194_304) == 65_536)
  }

  /// Boundary quals: `a = 1 AND b < 2 AND c = 3` on (a, b, c) stops after b (no `=` there);
  /// `a = 1 AND b = 2` covers both keys; a ScalarArrayOp counts its scans but is no "all equal";
  /// a qual on b alone bounds nothing.
  @Test func btreeBoundaryQuals() {
    let equal = IndexQualInfo.Kind.comparison(isEquality: true)
    let less = IndexQualInfo.Kind.comparison(isEquality: false)
    let stops = CostSize.btreeBoundaryQuals(
      [.init(column: 0, kind: equal), .init(column: 1, kind: less), .init(column: 2, kind: equal)], keyColumnCount: 3)
    #expect(stops.positions == [0, 1] && !stops.allKeysEqual)
    let all = CostSize.btreeBoundaryQuals(
      [.init(column: 0, kind: equal), .init(column: 1, kind: equal)], keyColumnCount: 2)
    #expect(all.positions == [0, 1] && all.allKeysEqual)
    let array = CostSize.btreeBoundaryQuals(
      [.init(column: 0, kind: .scalarArray(isEquality: true, arrayLength: 3)), .init(column: 1, kind: equal)],
      keyColumnCount: 2)
    #expect(array.scalarArrayScans == 3 && !array.allKeysEqual && array.positions == [0, 1])
    let none = CostSize.btreeBoundaryQuals([.init(column: 1, kind: equal)], keyColumnCount: 2)
    #expect(none.positions.isEmpty)
  }

  /// `a = ANY ('{1,2,3}')` with selectivity 0.03 on an index of 100 pages and 10,000 tuples, in
  /// a query of 1,000 table pages: rint(0.03·10,000/3) = 100 tuples per scan on ceil(100·100/
  /// 10,000) = 1 page; 3 scans read PF(3) = ceil(600/203) = 3 pages → 12; CPU
  /// 100·3·(0.005 + 0.0025) = 2.25. The B-tree descent (height 1): ceil(log2 10,000) = 14
  /// comparisons (0.035) and 2 levels (0.25), at startup and once per scan.
  @Test func scalarArrayIndexCost() {
    let index = IndexProfile(pages: 100, tuples: 10_000, treeHeight: 1)
    let quals = [IndexQualInfo(column: 0, kind: .scalarArray(isEquality: true, arrayLength: 3))]
    let generic = CostSize.genericCostEstimate(
      index: index, quals: quals, indexSelectivity: 0.03, relationTuples: 10_000, totalTablePages: 1000,
      parameters: defaults)
    #expect(generic.tuples == 100 && generic.pages == 1 && generic.scalarArrayScans == 3)
    #expect(abs(generic.total - 14.25) < 1e-9 && generic.startup == 0)
    let btree = CostSize.btCostEstimate(
      index: index, quals: quals, indexSelectivity: 0.03, boundarySelectivity: { _ in 0.03 }, relationTuples: 10_000,
      leadingColumnCorrelation: 0.5, totalTablePages: 1000, parameters: defaults)
    #expect(abs(btree.startup - 0.285) < 1e-9)
    #expect(abs(btree.total - (14.25 + 3 * 0.285)) < 1e-9)
    #expect(btree.correlation == 0.5)
    // Unique with `=` on its one key: one index tuple whatever the selectivity.
    let unique = IndexProfile(pages: 100, tuples: 10_000, treeHeight: 1, isUnique: true)
    let single = CostSize.btCostEstimate(
      index: unique, quals: [IndexQualInfo(column: 0, kind: .comparison(isEquality: true))], indexSelectivity: 1e-4,
      boundarySelectivity: { _ in
        Issue.record("not needed for a unique index"); return 1
      }, relationTuples: 10_000,
      leadingColumnCorrelation: nil, totalTablePages: 1000, parameters: defaults)
    #expect(single.tuples == 1 && single.correlation == 0)
  }
}
