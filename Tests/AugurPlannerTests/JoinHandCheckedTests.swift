import AugurPlanner
import Testing

/// Join formulas worked out by hand.
@Suite struct JoinHandCheckedTests {
  let parameters = CostParameters(settings: [:])

  /// `ExecChooseHashTableSize` with work_mem 4MB, hash_mem_multiplier 2: hash_mem = 8388608 bytes.
  /// Width 40: tuple = 16 + 16 + 40 = 72 bytes. Skew: bytes per MCV = 72 + 64 + 4 + 16 = 156,
  /// 8388608 / 156 = 53773 MCVs, 2% = 1075, taking 1075 × 156 = 167700 bytes: 8220908 left.
  /// 10000 tuples: 720000 bytes + 16384 × 8 bucket bytes fit, so 1 batch of nextpow2(10000) = 16384
  /// buckets. 200000 tuples: 14400000 bytes do not fit; buckets = nextpow2(8220908 / 80) = 131072
  /// (1 MB of pointers), batches = nextpow2(ceil(14400000 / (8220908 − 1048576))) = nextpow2(3) = 4.
  @Test func hashTableSize() {
    let small = CostSize.execChooseHashTableSize(tuples: 10000, width: 40, parameters: parameters)
    #expect(small.batches == 1 && small.buckets == 16384 && small.skewMCVs == 1075)
    #expect(small.spaceAllowed == 8_220_908)
    let large = CostSize.execChooseHashTableSize(tuples: 200_000, width: 40, parameters: parameters)
    #expect(large.buckets == 131_072 && large.batches == 4)
  }

  /// `calc_joinrel_size_estimate`: 1000 × 50 rows at selectivity 0.001 give 50 rows inner;
  /// LEFT keeps the 1000 outer rows; SEMI at 0.3 gives 300; ANTI 700; a foreign key to a
  /// 5000-row table replaces the clause: 1000 × 50 / 5000 = 10.
  @Test func joinSizes() {
    #expect(
      JoinSelectivity.calcJoinrelSizeEstimate(outerRows: 1000, innerRows: 50, kind: .inner, joinSelectivity: 0.001)
        == 50)
    #expect(
      JoinSelectivity.calcJoinrelSizeEstimate(outerRows: 1000, innerRows: 50, kind: .left, joinSelectivity: 0.001)
        == 1000)
    #expect(
      JoinSelectivity.calcJoinrelSizeEstimate(outerRows: 1000, innerRows: 50, kind: .full, joinSelectivity: 0.00001)
        == 1000)
    #expect(
      JoinSelectivity.calcJoinrelSizeEstimate(outerRows: 1000, innerRows: 50, kind: .semi, joinSelectivity: 0.3) == 300)
    #expect(
      JoinSelectivity.calcJoinrelSizeEstimate(outerRows: 1000, innerRows: 50, kind: .anti, joinSelectivity: 0.3) == 700)
    let fk = JoinSelectivity.foreignKeyFactor(
      kind: .inner, referencedTuples: 5000, referencedRows: 5000, referencedIsOuter: false)
    #expect(
      JoinSelectivity.calcJoinrelSizeEstimate(
        outerRows: 1000, innerRows: 50, kind: .inner, joinSelectivity: 1, foreignKeySelectivity: fk ?? 1) == 10)
    #expect(
      JoinSelectivity.foreignKeyFactor(kind: .semi, referencedTuples: 10, referencedRows: 5, referencedIsOuter: true)
        == nil)
  }

  /// Nested loop, 100 outer rows (cost 0..10), inner 20 rows (cost 0..5) behind a Material node:
  /// Material = 5 + 2 × 0.0025 × 20 = 5.1; rescan = 0.0025 × 20 = 0.05.
  /// run = 10 + 5.1 + 99 × 0.05 = 20.05, plus (0.01 + 0.0025) × 2000 tuples = 25: total 45.05.
  @Test func nestLoopWithMaterial() {
    let outer = JoinInput(cost: Cost(startup: 0, total: 10), rows: 100, width: 8)
    let inner = JoinInput(cost: Cost(startup: 0, total: 5), rows: 20, width: 8)
    let material = CostSize.costMaterial(input: inner.cost, tuples: 20, width: 8, parameters: parameters)
    let materialInput = JoinInput(cost: material.cost, rows: 20, width: 8)
    let rescan = CostSize.costRescan(materialInput, kind: .materialOrSort, parameters: parameters)
    #expect(abs(rescan.total - 0.05) < 1e-12)
    let join = CostSize.costNestLoop(
      kind: .inner, outer: outer, inner: materialInput, innerRescan: rescan, rows: 20,
      joinQualCost: QualCost(perTuple: 0.0025), parameters: parameters)
    #expect(abs(join.cost.total - 45.05) < 1e-9)
    #expect(join.cost.startup == 0)
  }

  /// Memoize, 1000 calls with 100 distinct values over a 1-row inner (cost 0..8.3, width 8):
  /// entry = 1 × (8 + 24) + 48 + 16 = 96 bytes, all fit, no eviction; hit = 100/100 − 100/1000 = 0.9.
  /// total = 8.3 × 0.1 + 0.0025 + 0.01 + 0.0025 × 1 = 0.845; startup = 0.01.
  @Test func memoizeRescan() {
    let input = JoinInput(cost: Cost(startup: 0, total: 8.3), rows: 1, width: 8)
    let (cost, entries) = CostSize.costMemoizeRescan(
      input: input, calls: 1000, distinctParameters: 100, parameters: parameters)
    #expect(abs(cost.total - 0.845) < 1e-12)
    #expect(abs(cost.startup - 0.01) < 1e-12)
    #expect(entries == 100)
  }
}
