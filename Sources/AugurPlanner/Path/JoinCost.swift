import Foundation

/// One input of a join: its path's cost, rows (per process for a partial path) and width.
public struct JoinInput: Sendable, Hashable {
  public var cost: Cost
  public var rows: Double
  public var width: Int
  /// `parallel_workers` of the path (0 for a non-parallel path).
  public var parallelWorkers: Int

  public init(cost: Cost, rows: Double, width: Int, parallelWorkers: Int = 0) {
    self.cost = cost
    self.rows = rows
    self.width = width
    self.parallelWorkers = parallelWorkers
  }

  public var startup: Double { cost.startup }
  public var total: Double { cost.total }
  public var run: Double { cost.total - cost.startup }
}

/// The `enable_*` switches of the join methods, read from settings as `CostParameters` reads its
/// own (PostgreSQL's defaults: all on).
public struct JoinMethodSwitches: Sendable, Hashable {
  public var nestLoop: Bool
  public var mergeJoin: Bool
  public var hashJoin: Bool
  public var memoize: Bool
  /// `enable_parallel_hash`: a hash table shared by the workers (Parallel Hash).
  public var parallelHash: Bool

  public init(
    nestLoop: Bool = true, mergeJoin: Bool = true, hashJoin: Bool = true, memoize: Bool = true,
    parallelHash: Bool = true
  ) {
    self.nestLoop = nestLoop
    self.mergeJoin = mergeJoin
    self.hashJoin = hashJoin
    self.memoize = memoize
    self.parallelHash = parallelHash
  }

  public init(settings: [String: String]) {
    func flag(_ name: String) -> Bool {
      let text = (settings[name] ?? "on").lowercased()
      return !["off", "false", "0", "no", "f"].contains(text)
    }
    self.init(
      nestLoop: flag("enable_nestloop"), mergeJoin: flag("enable_mergejoin"), hashJoin: flag("enable_hashjoin"),
      memoize: flag("enable_memoize"), parallelHash: flag("enable_parallel_hash"))
  }
}

/// What `cost_rescan` needs to know about the inner path of a nested loop.
public enum RescanKind: Sendable, Hashable {
  /// Any path rescanned at its full cost (scans, joins other than single-batch hash joins, ...).
  case plain
  /// A Material or Sort node: its tuplestore or sorted output is read again.
  case materialOrSort
  /// A Function Scan: the function's result is kept in a tuplestore.
  case functionScan
  /// A CTE or WorkTable scan.
  case cteScan
  /// A hash join with `batches` batches (a single batch keeps its hash table).
  case hashJoin(batches: Int)
}

/// Mirrors `JoinCostWorkspace` (the `initial_cost_*` results the `final_cost_*` functions
/// continue from): the preliminary costs, which `add_path_precheck` compares, plus private data.
public struct JoinCostWorkspace: Sendable, Hashable {
  public var startup: Double
  public var total: Double
  public var run: Double
  /// Nested loop (SEMI/ANTI/unique inner): the inner's first-scan and rescan run costs; merge
  /// join: the inner's run cost.
  public var innerRun: Double = 0
  public var innerRescanRun: Double = 0
  /// Merge join: rows of each input to scan, and rows skipped before the first match.
  public var outerRows: Double = 0
  public var innerRows: Double = 0
  public var outerSkipRows: Double = 0
  public var innerSkipRows: Double = 0
  /// Hash join: the table's buckets and batches, and the inner rows of all processes.
  public var buckets: Int = 0
  public var batches: Int = 0
  public var innerRowsTotal: Double = 0

  public init(startup: Double, total: Double, run: Double) {
    self.startup = startup
    self.total = total
    self.run = run
  }
}

/// The cost and rows of a join path, and the decisions the cost functions make.
public struct JoinPathCost: Sendable, Hashable {
  public var cost: Cost
  public var rows: Double
  /// Merge join: a Material node goes above the inner input.
  public var materializeInner: Bool = false
  /// Merge join: no mark/restore is needed (SEMI, ANTI, unique inner with only merge clauses).
  public var skipMarkRestore: Bool = false
  /// Hash join: batches.
  public var batches: Int = 0

  public init(cost: Cost, rows: Double) {
    self.cost = cost
    self.rows = rows
  }
}

/// The hash table `ExecChooseHashTableSize` plans for the inner side of a hash join.
public struct HashTableSize: Sendable, Hashable {
  /// `space_allowed`, in bytes.
  public var spaceAllowed: Double
  public var buckets: Int
  public var batches: Int
  public var skewMCVs: Int
}

/// Join costs, mirroring PostgreSQL 15's `optimizer/path/costsize.c`, `executor/nodeHash.c`
/// (`ExecChooseHashTableSize`) and `utils/adt/selfuncs.c` (`estimate_hash_bucket_stats`).
extension CostSize {
  // MARK: - Rescans and Memoize

  /// Mirrors `cost_rescan`: the startup and total cost of scanning `path` again.
  ///
  /// Model: a Function Scan pays its run cost again, not its startup; a single-batch hash join
  /// keeps its table (run cost only); a CTE scan `cpu_tuple_cost` per row and a Material or Sort
  /// `cpu_operator_cost` per row, plus `seq_page_cost` per page when the rows exceed `work_mem`;
  /// anything else costs what its first scan did. (Memoize: `costMemoizeRescan`.)
  public static func costRescan(_ path: JoinInput, kind: RescanKind, parameters: CostParameters) -> Cost {
    func stored(_ perRow: Double) -> Cost {
      var run = perRow * path.rows
      let bytes = relationByteSize(tuples: path.rows, width: path.width)
      if bytes > parameters.workMemBytes {
        run += parameters.seqPageCost * (bytes / Double(parameters.blockSize)).rounded(.up)
      }
      return Cost(startup: 0, total: run)
    }
    switch kind {
    case .functionScan:
      return Cost(startup: 0, total: path.run)
    case .hashJoin(let batches):
      return batches == 1 ? Cost(startup: 0, total: path.run) : path.cost
    case .cteScan:
      return stored(parameters.cpuTupleCost)
    case .materialOrSort:
      return stored(parameters.cpuOperatorCost)
    case .plain:
      return path.cost
    }
  }

  /// `ExecEstimateCacheEntryOverheadBytes` (nodeMemoize.c): a cache entry's `MemoizeEntry` and
  /// `MemoizeKey` (24 bytes each) plus a 16-byte `MemoizeTuple` per tuple.
  public static func memoizeEntryOverheadBytes(tuples: Double) -> Double { 24 + 24 + 16 * tuples }

  /// Mirrors `cost_memoize_rescan`: the cost of one call of a Memoize node over `input`.
  ///
  /// Model: an entry holds one parameter value's tuples (`relation_byte_size` plus the entry
  /// overhead); `hash_mem` holds `floor(hash_mem / entry)` of them. With `nd` distinct parameter
  /// values among `calls` calls (`nd = calls` when `estimate_num_groups` used a default),
  /// `hit = max(0, min(entries, nd)/nd − nd/calls)` and `evict = 1 − min(entries, nd)/nd`.
  /// Total: `input.total·(1 − hit) + cpu_operator_cost + cpu_tuple_cost·evict +
  /// cpu_operator_cost/10·evict·rows + cpu_tuple_cost + cpu_operator_cost·rows`; startup:
  /// `input.startup·(1 − hit) + cpu_tuple_cost`. Also returns `est_entries`.
  ///
  /// - Parameters:
  ///   - calls: the expected calls (the outer rows).
  ///   - distinctParameters: `estimate_num_groups` of the parameters over `calls` rows.
  ///   - usedDefault: `estimate_num_groups` reported `SELFLAG_USED_DEFAULT`.
  public static func costMemoizeRescan(
    input: JoinInput, calls: Double, distinctParameters: Double, usedDefault: Bool = false,
    parameters: CostParameters
  ) -> (cost: Cost, estimatedEntries: Double) {
    let hashMemBytes = parameters.hashMemoryLimit
    let entryBytes =
      relationByteSize(tuples: input.rows, width: input.width)
      + memoizeEntryOverheadBytes(
        tuples: input.rows)
    let cacheEntries = (hashMemBytes / entryBytes).rounded(.down)
    let distinct = usedDefault ? calls : distinctParameters
    let estimatedEntries = min(min(distinct, cacheEntries), Double(UInt32.max))
    let evictRatio = 1 - min(cacheEntries, distinct) / distinct
    var hitRatio = 1 / distinct * min(cacheEntries, distinct) - (distinct / calls)
    hitRatio = max(hitRatio, 0)
    var total = input.total * (1 - hitRatio) + parameters.cpuOperatorCost
    total += parameters.cpuTupleCost * evictRatio
    total += parameters.cpuOperatorCost / 10 * evictRatio * input.rows
    total += parameters.cpuTupleCost + parameters.cpuOperatorCost * input.rows
    var startup = input.startup * (1 - hitRatio)
    startup += parameters.cpuTupleCost
    return (Cost(startup: startup, total: total), estimatedEntries)
  }

  /// Mirrors `create_memoize_path`'s costing (pathnode.c): a Memoize node's first scan costs its
  /// input's plus `cpu_tuple_cost` at startup and in total; its rescans are `costMemoizeRescan`'s.
  public static func costMemoize(input: JoinInput, parameters: CostParameters) -> Cost {
    Cost(startup: input.startup + parameters.cpuTupleCost, total: input.total + parameters.cpuTupleCost)
  }

  // MARK: - Nested loop

  /// Mirrors `initial_cost_nestloop`.
  ///
  /// Model: startup is both inputs' startup; run is the outer's run plus, for every outer row
  /// after the first, the inner's rescan startup. A plain join also pays the inner's run once and
  /// its rescan run for every further outer row; a SEMI/ANTI join or a unique inner defers the
  /// inner's run costs to `finalCostNestLoop`, which knows where the scans stop.
  public static func initialCostNestLoop(
    kind: JoinKind, outer: JoinInput, inner: JoinInput, innerRescan: Cost, innerUnique: Bool = false
  ) -> JoinCostWorkspace {
    let outerRows = outer.rows
    let startup = outer.startup + inner.startup
    var run = outer.run
    if outerRows > 1 { run += (outerRows - 1) * innerRescan.startup }
    let innerRun = inner.run
    let innerRescanRun = innerRescan.total - innerRescan.startup
    var workspace: JoinCostWorkspace
    if kind == .semi || kind == .anti || innerUnique {
      workspace = JoinCostWorkspace(startup: startup, total: startup + run, run: run)
      workspace.innerRun = innerRun
      workspace.innerRescanRun = innerRescanRun
    } else {
      run += innerRun
      if outerRows > 1 { run += (outerRows - 1) * innerRescanRun }
      workspace = JoinCostWorkspace(startup: startup, total: startup + run, run: run)
    }
    return workspace
  }

  /// Mirrors `final_cost_nestloop`.
  ///
  /// Model: `disable_cost` at startup when `enable_nestloop` is off. A plain join processes
  /// `outer_rows × inner_rows` tuples. A SEMI/ANTI join or unique inner: `rint(outer_rows ×
  /// outer_match_frac)` outer rows match and scan `2/(match_count + 1)` of the inner each. When
  /// the inner is an index scan enforcing every join qual (`hasIndexedJoinQuals`), matched rows
  /// pay that fraction of the inner run (the first at the first-scan rate) and unmatched ones one
  /// row's share of a rescan, and only matched tuples are processed; otherwise the first scan is
  /// paid in full once, unmatched rows rescan the whole inner and matched rows the fraction.
  /// Each processed tuple costs `cpu_tuple_cost` plus the join quals; the target list is paid
  /// per output row.
  ///
  /// - Parameters:
  ///   - rows: the join's rows (`parent->rows`, or the parameterized rows).
  ///   - joinQualCost: `cost_qual_eval` of the join's restriction clauses (`joinrestrictinfo`;
  ///     empty when a parameterized inner enforces them).
  ///   - parallelWorkers: the join path's workers; a partial path's rows are divided.
  public static func finalCostNestLoop(
    _ workspace: JoinCostWorkspace, kind: JoinKind, outer: JoinInput, inner: JoinInput, rows joinRows: Double,
    innerUnique: Bool = false, semiFactors: SemiAntiJoinFactors? = nil, hasIndexedJoinQuals: Bool = false,
    joinQualCost: QualCost = .zero, targetCost: QualCost = .zero, parallelWorkers: Int = 0,
    switches: JoinMethodSwitches = JoinMethodSwitches(), parameters: CostParameters
  ) -> JoinPathCost {
    let outerRows = outer.rows <= 0 ? 1 : outer.rows
    let innerRows = inner.rows <= 0 ? 1 : inner.rows
    let rows = rowsPerWorker(joinRows, parallelWorkers: parallelWorkers, parameters: parameters)
    var startup = workspace.startup
    var run = workspace.run
    if !switches.nestLoop { startup += CostParameters.disableCost }
    var tuples: Double
    if kind == .semi || kind == .anti || innerUnique {
      let factors = semiFactors ?? SemiAntiJoinFactors(outerMatchFraction: 1, matchCount: 1)
      let innerRun = workspace.innerRun
      let innerRescanRun = workspace.innerRescanRun
      var matched = (outerRows * factors.outerMatchFraction).rounded(.toNearestOrEven)
      var unmatched = outerRows - matched
      let scanFraction = 2.0 / (factors.matchCount + 1.0)
      tuples = matched * innerRows * scanFraction
      if hasIndexedJoinQuals {
        run += innerRun * scanFraction
        if matched > 1 { run += (matched - 1) * innerRescanRun * scanFraction }
        run += unmatched * innerRescanRun / innerRows
      } else {
        tuples += unmatched * innerRows
        run += innerRun
        if unmatched >= 1 { unmatched -= 1 } else { matched -= 1 }
        if matched > 0 { run += matched * innerRescanRun * scanFraction }
        if unmatched > 0 { run += unmatched * innerRescanRun }
      }
    } else {
      tuples = outerRows * innerRows
    }
    startup += joinQualCost.startup
    run += (parameters.cpuTupleCost + joinQualCost.perTuple) * tuples
    startup += targetCost.startup
    run += targetCost.perTuple * rows
    return JoinPathCost(cost: Cost(startup: startup, total: startup + run), rows: rows)
  }

  /// `initial_cost_nestloop` then `final_cost_nestloop`.
  public static func costNestLoop(
    kind: JoinKind, outer: JoinInput, inner: JoinInput, innerRescan: Cost, rows: Double, innerUnique: Bool = false,
    semiFactors: SemiAntiJoinFactors? = nil, hasIndexedJoinQuals: Bool = false, joinQualCost: QualCost = .zero,
    targetCost: QualCost = .zero, parallelWorkers: Int = 0, switches: JoinMethodSwitches = JoinMethodSwitches(),
    parameters: CostParameters
  ) -> JoinPathCost {
    let workspace = initialCostNestLoop(
      kind: kind, outer: outer, inner: inner, innerRescan: innerRescan, innerUnique: innerUnique)
    return finalCostNestLoop(
      workspace, kind: kind, outer: outer, inner: inner, rows: rows, innerUnique: innerUnique,
      semiFactors: semiFactors, hasIndexedJoinQuals: hasIndexedJoinQuals, joinQualCost: joinQualCost,
      targetCost: targetCost, parallelWorkers: parallelWorkers, switches: switches, parameters: parameters)
  }

  // MARK: - Merge join

  /// `mergejoinscansel`'s four fractions for the first merge clause, oriented to the join's
  /// outer and inner inputs: the share of each input before its first possible match (start)
  /// and up to its last (end).
  public struct MergeScanFractions: Sendable, Hashable {
    public var outerStart: Double
    public var outerEnd: Double
    public var innerStart: Double
    public var innerEnd: Double

    public init(outerStart: Double = 0, outerEnd: Double = 1, innerStart: Double = 0, innerEnd: Double = 1) {
      self.outerStart = outerStart
      self.outerEnd = outerEnd
      self.innerStart = innerStart
      self.innerEnd = innerEnd
    }

    /// No trimming (a clauseless or FULL merge join, or no usable statistics).
    public static let whole = MergeScanFractions()
  }

  /// Mirrors `initial_cost_mergejoin`.
  ///
  /// Model: the first merge clause's scan fractions (`whole` for FULL joins or without merge
  /// clauses; the outer side whole for LEFT and ANTI joins) become skipped rows `rint(rows ×
  /// start)` and scanned rows `clamp_row_est(rows × end)`, and are recomputed from those counts.
  /// Each input, sorted by `cost_sort` (work_mem, input's total cost) when `outerNeedsSort` or
  /// `innerNeedsSort`, contributes its startup plus the skipped share of its run to startup, and
  /// the scanned share to run; the inner's share is kept apart (rescans may inflate it).
  public static func initialCostMergeJoin(
    kind: JoinKind, outer: JoinInput, inner: JoinInput, outerNeedsSort: Bool, innerNeedsSort: Bool,
    fractions givenFractions: MergeScanFractions = .whole, hasMergeClauses: Bool = true,
    parameters: CostParameters
  ) -> JoinCostWorkspace {
    let outerPathRows = outer.rows <= 0 ? 1 : outer.rows
    let innerPathRows = inner.rows <= 0 ? 1 : inner.rows
    var fractions = MergeScanFractions.whole
    if hasMergeClauses && kind != .full {
      fractions = givenFractions
      if kind == .left || kind == .anti {
        fractions.outerStart = 0
        fractions.outerEnd = 1
      }
    }
    let outerSkipRows = (outerPathRows * fractions.outerStart).rounded(.toNearestOrEven)
    let innerSkipRows = (innerPathRows * fractions.innerStart).rounded(.toNearestOrEven)
    let outerRows = clampRowEstimate(outerPathRows * fractions.outerEnd)
    let innerRows = clampRowEstimate(innerPathRows * fractions.innerEnd)
    let outerStart = outerSkipRows / outerPathRows
    let innerStart = innerSkipRows / innerPathRows
    let outerEnd = outerRows / outerPathRows
    let innerEnd = innerRows / innerPathRows

    var startup = 0.0
    var run = 0.0
    let outerSource: Cost =
      outerNeedsSort
      ? costSort(inputCost: outer.total, tuples: outerPathRows, width: outer.width, parameters: parameters).cost
      : outer.cost
    startup += outerSource.startup
    startup += (outerSource.total - outerSource.startup) * outerStart
    run += (outerSource.total - outerSource.startup) * (outerEnd - outerStart)
    let innerSource: Cost =
      innerNeedsSort
      ? costSort(inputCost: inner.total, tuples: innerPathRows, width: inner.width, parameters: parameters).cost
      : inner.cost
    startup += innerSource.startup
    startup += (innerSource.total - innerSource.startup) * innerStart
    let innerRun = (innerSource.total - innerSource.startup) * (innerEnd - innerStart)

    var workspace = JoinCostWorkspace(startup: startup, total: startup + run + innerRun, run: run)
    workspace.innerRun = innerRun
    workspace.outerRows = outerRows
    workspace.innerRows = innerRows
    workspace.outerSkipRows = outerSkipRows
    workspace.innerSkipRows = innerSkipRows
    return workspace
  }

  /// Mirrors `final_cost_mergejoin`, with its two decisions (mark/restore, Material above the
  /// inner).
  ///
  /// Model: `disable_cost` when `enable_mergejoin` is off. Mark/restore is skipped for SEMI,
  /// ANTI or unique-inner joins whose clauses are all merge clauses. Rescanned inner tuples
  /// `max(0, mergejointuples − inner_rows)` (0 with a unique-ified outer or no mark/restore)
  /// give `ratio = 1 + rescanned / inner_scanned_rows`. The inner costs `inner_run × ratio` bare,
  /// or `inner_run + cpu_operator_cost × inner_scanned_rows × ratio` behind a Material node,
  /// chosen when cheaper (and `enable_material`), when an unsorted inner cannot mark/restore, or
  /// when a sorted inner exceeds `work_mem` (and `enable_material`). Merge quals are evaluated
  /// once per outer and per (rescanned) inner row, skipped rows at startup; `cpu_tuple_cost` plus
  /// the other quals per merged tuple; the target list per output row.
  ///
  /// - Parameters:
  ///   - mergeQualCost: `cost_qual_eval` of the merge clauses.
  ///   - otherQualCost: that of the other join clauses (`joinrestrictinfo` minus merge clauses).
  ///   - allClausesAreMerge: every join clause is a merge clause.
  ///   - mergeJoinTuples: `approx_tuple_count` of the merge clauses.
  ///   - outerIsUnique: the outer is a UniquePath.
  ///   - innerSupportsMarkRestore: `ExecSupportsMarkRestore` of the inner (index scans, sorts,
  ///     materials, ...; not joins).
  public static func finalCostMergeJoin(
    _ workspace: JoinCostWorkspace, kind: JoinKind, inner: JoinInput, rows joinRows: Double,
    mergeQualCost: QualCost, otherQualCost: QualCost = .zero, allClausesAreMerge: Bool = true,
    mergeJoinTuples: Double, innerNeedsSort: Bool, innerUnique: Bool = false, outerIsUnique: Bool = false,
    innerSupportsMarkRestore: Bool = true, targetCost: QualCost = .zero, parallelWorkers: Int = 0,
    switches: JoinMethodSwitches = JoinMethodSwitches(), parameters: CostParameters
  ) -> JoinPathCost {
    let innerPathRows = inner.rows <= 0 ? 1 : inner.rows
    let rows = rowsPerWorker(joinRows, parallelWorkers: parallelWorkers, parameters: parameters)
    var startup = workspace.startup
    var run = workspace.run
    if !switches.mergeJoin { startup += CostParameters.disableCost }
    let skipMarkRestore = (kind == .semi || kind == .anti || innerUnique) && allClausesAreMerge
    var rescanned = 0.0
    if !(outerIsUnique || skipMarkRestore) {
      rescanned = max(0, mergeJoinTuples - innerPathRows)
    }
    let ratio = 1.0 + rescanned / workspace.innerRows
    let bareInnerCost = workspace.innerRun * ratio
    let materialInnerCost = workspace.innerRun + parameters.cpuOperatorCost * workspace.innerRows * ratio
    let materialize: Bool
    if skipMarkRestore {
      materialize = false
    } else if parameters.enableMaterial && materialInnerCost < bareInnerCost {
      materialize = true
    } else if !innerNeedsSort && !innerSupportsMarkRestore {
      materialize = true
    } else if parameters.enableMaterial && innerNeedsSort
      && relationByteSize(tuples: innerPathRows, width: inner.width) > parameters.workMemBytes
    {
      materialize = true
    } else {
      materialize = false
    }
    run += materialize ? materialInnerCost : bareInnerCost
    startup += mergeQualCost.startup
    startup += mergeQualCost.perTuple * (workspace.outerSkipRows + workspace.innerSkipRows * ratio)
    run +=
      mergeQualCost.perTuple
      * ((workspace.outerRows - workspace.outerSkipRows) + (workspace.innerRows - workspace.innerSkipRows) * ratio)
    startup += otherQualCost.startup
    run += (parameters.cpuTupleCost + otherQualCost.perTuple) * mergeJoinTuples
    startup += targetCost.startup
    run += targetCost.perTuple * rows
    var result = JoinPathCost(cost: Cost(startup: startup, total: startup + run), rows: rows)
    result.materializeInner = materialize
    result.skipMarkRestore = skipMarkRestore
    return result
  }

  // MARK: - Hash join

  /// `HJTUPLE_OVERHEAD + MAXALIGN(SizeofMinimalTupleHeader)`: a hash table entry's bytes besides
  /// its data (16-byte `HashJoinTupleData`, 16-byte minimal tuple header).
  static let hashTupleOverhead = 16 + 16

  /// Mirrors `ExecChooseHashTableSize` (nodeHash.c).
  ///
  /// Model: a tuple takes `32 + MAXALIGN(width)` bytes (1000 tuples assumed when none).
  /// The table gets `hash_mem` (times workers + 1 for a Parallel Hash trying the combined
  /// memory), less 2% for the skew table's MCV buckets (`tupsize + 84` bytes each) when
  /// `useSkew`. Buckets: one per tuple, at least 1024, a power of two, at most the pointers that
  /// fit. When tuples plus bucket pointers exceed the space, a Parallel Hash retries with one
  /// process's memory; otherwise buckets are what fits one tuple per bucket in memory and batches
  /// `nextpow2(max(2, ceil(bytes / (space − bucket bytes))))`.
  public static func execChooseHashTableSize(
    tuples givenTuples: Double, width: Int, useSkew: Bool = true, tryCombinedHashMemory: Bool = false,
    parallelWorkers: Int = 0, parameters: CostParameters
  ) -> HashTableSize {
    let tuples = givenTuples <= 0 ? 1000 : givenTuples
    let tupleSize = hashTupleOverhead + maxAlign(width)
    let innerBytes = tuples * Double(tupleSize)
    var tableBytes = UInt64(parameters.hashMemoryLimit)
    if tryCombinedHashMemory {
      let limit = min(Double(tableBytes) * Double(parallelWorkers + 1), Double(UInt64.max))
      tableBytes = UInt64(limit)
    }
    var skewMCVs: UInt64 = 0
    if useSkew {
      let bytesPerMCV = UInt64(tupleSize + 8 * 8 + 4 + 16)
      skewMCVs = tableBytes / bytesPerMCV
      skewMCVs = (skewMCVs * 2) / 100
      skewMCVs = min(skewMCVs, UInt64(Int32.max))
      if skewMCVs > 0 { tableBytes -= skewMCVs * bytesPerMCV }
    }
    let maxAllocSize: UInt64 = 0x3fff_ffff
    var maxPointers = tableBytes / 8
    maxPointers = min(maxPointers, maxAllocSize / 8)
    maxPointers = previousPowerOfTwo(maxPointers)
    maxPointers = min(maxPointers, UInt64(Int32.max / 2 + 1))
    var bucketsDouble = tuples.rounded(.up)
    bucketsDouble = min(bucketsDouble, Double(maxPointers))
    var buckets = Int(bucketsDouble)
    buckets = max(buckets, 1024)
    buckets = Int(nextPowerOfTwo(UInt64(buckets)))
    var batches = 1
    var bucketBytes = UInt64(8 * buckets)
    if innerBytes + Double(bucketBytes) > Double(tableBytes) {
      if tryCombinedHashMemory {
        return execChooseHashTableSize(
          tuples: givenTuples, width: width, useSkew: useSkew, tryCombinedHashMemory: false,
          parallelWorkers: parallelWorkers, parameters: parameters)
      }
      let bucketSize = UInt64(tupleSize + 8)
      var sizedBuckets: UInt64 = tableBytes <= bucketSize ? 1 : nextPowerOfTwo(tableBytes / bucketSize)
      sizedBuckets = min(sizedBuckets, maxPointers)
      buckets = Int(nextPowerOfTwo(sizedBuckets))
      bucketBytes = UInt64(buckets) * 8
      var batchesDouble = (innerBytes / Double(tableBytes - bucketBytes)).rounded(.up)
      batchesDouble = min(batchesDouble, Double(maxPointers))
      let minBatches = Int(batchesDouble)
      batches = Int(nextPowerOfTwo(UInt64(max(2, minBatches))))
    }
    return HashTableSize(
      spaceAllowed: Double(tableBytes), buckets: buckets, batches: batches, skewMCVs: Int(skewMCVs))
  }

  /// `pg_nextpower2_*`: the smallest power of two not below `value` (value ≥ 1).
  static func nextPowerOfTwo(_ value: UInt64) -> UInt64 {
    value <= 1 ? 1 : UInt64(1) << (64 - UInt64((value - 1).leadingZeroBitCount))
  }

  /// `pg_prevpower2_size_t`: the largest power of two not above `value` (value ≥ 1).
  static func previousPowerOfTwo(_ value: UInt64) -> UInt64 {
    value == 0 ? 0 : UInt64(1) << (63 - UInt64(value.leadingZeroBitCount))
  }

  /// Mirrors `estimate_hash_bucket_stats` (selfuncs.c): the most common value's frequency of a
  /// hash key, and the fraction of the inner rows in the bucket an outer row probes.
  ///
  /// Model: `mcv_freq` is the first MCV's frequency (0 without). Without a real distinct count,
  /// the bucket fraction is `max(0.1, mcv_freq)`. Otherwise `nd` is scaled by the relation's
  /// rows over tuples (`clamp_row_est`); the fraction is `1/min(nd, buckets)`, scaled up by
  /// `mcv_freq / ((1 − nullfrac) / nd_unscaled)` when the top value is above average, clamped
  /// to [1e-6, 1].
  ///
  /// - Parameters:
  ///   - relationRows: the key's base relation rows after its restrictions (`rel->rows`).
  ///   - buckets: virtual buckets (buckets × batches).
  public static func estimateHashBucketStats(
    _ variable: VariableStatistics, relationRows: Double, buckets: Double
  ) -> (mcvFrequency: Double, bucketSizeFraction: Double) {
    estimateHashBucketStats(HashBucketInputs(variable, relationRows: relationRows), buckets: buckets)
  }

  /// What `estimate_hash_bucket_stats` reads of a hash key, everything but the bucket count:
  /// worked out once per key, as every hash join of a pair of inputs asks again.
  public struct HashBucketInputs: Sendable, Hashable {
    /// The first MCV's frequency (0 without one).
    public var mcvFrequency: Double
    /// The distinct values scaled to the relation's rows; nil when a default was used.
    public var distinct: Double?
    /// `(1 − stanullfrac) / ndistinct`, before the scaling.
    public var averageFrequency: Double

    public init(_ variable: VariableStatistics, relationRows: Double) {
      mcvFrequency = 0
      if variable.hasStatistics, let first = variable.mostCommonFrequencies.first {
        mcvFrequency = first
      }
      let (distinctCount, isDefault) = JoinSelectivity.distinctValues(variable)
      guard !isDefault else {
        distinct = nil
        averageFrequency = 0
        return
      }
      var distinct = distinctCount
      averageFrequency = (1 - variable.nullFraction) / distinct
      if variable.relationTuples > 0 {
        distinct *= relationRows / variable.relationTuples
        distinct = clampRowEstimate(distinct)
      }
      self.distinct = distinct
    }
  }

  /// `estimate_hash_bucket_stats` for a key's inputs and a bucket count.
  public static func estimateHashBucketStats(
    _ inputs: HashBucketInputs, buckets: Double
  ) -> (mcvFrequency: Double, bucketSizeFraction: Double) {
    let mcvFrequency = inputs.mcvFrequency
    guard let distinct = inputs.distinct else { return (mcvFrequency, max(0.1, mcvFrequency)) }
    let averageFrequency = inputs.averageFrequency
    var fraction = distinct > buckets ? 1 / buckets : 1 / distinct
    if averageFrequency > 0 && mcvFrequency > averageFrequency {
      fraction *= mcvFrequency / averageFrequency
    }
    if fraction < 1e-6 {
      fraction = 1e-6
    } else if fraction > 1 {
      fraction = 1
    }
    return (mcvFrequency, fraction)
  }

  /// Mirrors `initial_cost_hashjoin`.
  ///
  /// Model: startup is the outer's startup plus the inner's total plus, per inner row,
  /// `cpu_operator_cost` per hash clause and `cpu_tuple_cost` (hashing and inserting); run is the
  /// outer's run plus hashing every outer row. With more than one batch (`ExecChooseHashTableSize`
  /// with the skew table; for a Parallel Hash the inner rows of all processes and the combined
  /// memory), the inner's pages are written at startup and read back, and the outer's written
  /// and read, at `seq_page_cost` each.
  ///
  /// - Parameter parallelHash: the inner is a Parallel Hash (its rows are one process's).
  public static func initialCostHashJoin(
    outer: JoinInput, inner: JoinInput, hashClauseCount: Int, parallelHash: Bool = false,
    parameters: CostParameters
  ) -> JoinCostWorkspace {
    var startup = outer.startup
    var run = outer.run
    startup += inner.total
    let clauses = Double(hashClauseCount)
    startup += (parameters.cpuOperatorCost * clauses + parameters.cpuTupleCost) * inner.rows
    run += parameters.cpuOperatorCost * clauses * outer.rows
    var innerRowsTotal = inner.rows
    if parallelHash {
      innerRowsTotal *= parallelDivisor(workers: inner.parallelWorkers, parameters: parameters)
    }
    let table = execChooseHashTableSize(
      tuples: innerRowsTotal, width: inner.width, useSkew: true, tryCombinedHashMemory: parallelHash,
      parallelWorkers: outer.parallelWorkers, parameters: parameters)
    if table.batches > 1 {
      let outerPages = pageSize(tuples: outer.rows, width: outer.width, blockSize: parameters.blockSize)
      let innerPages = pageSize(tuples: inner.rows, width: inner.width, blockSize: parameters.blockSize)
      startup += parameters.seqPageCost * innerPages
      run += parameters.seqPageCost * (innerPages + 2 * outerPages)
    }
    var workspace = JoinCostWorkspace(startup: startup, total: startup + run, run: run)
    workspace.buckets = table.buckets
    workspace.batches = table.batches
    workspace.innerRowsTotal = innerRowsTotal
    return workspace
  }

  /// One hash clause's inner key, for `finalCostHashJoin`'s bucket statistics.
  public struct HashInnerKey: Sendable {
    public var variable: VariableStatistics
    /// The key's base relation rows after its restrictions (`rel->rows`).
    public var relationRows: Double

    public init(variable: VariableStatistics, relationRows: Double) {
      self.variable = variable
      self.relationRows = relationRows
    }
  }

  /// Mirrors `final_cost_hashjoin`.
  ///
  /// Model: `disable_cost` when `enable_hashjoin` is off, and again when the inner rows of the
  /// most common key value (the smallest `mcv_freq` over the clauses) would not fit in
  /// `hash_mem`. The bucket fraction is the smallest over the hash clauses'
  /// `estimate_hash_bucket_stats` (`1/virtual buckets` for a unique-ified inner). A plain join
  /// compares each outer row with half a bucket, `clamp_row_est(inner_rows × bucketsize)`, at the
  /// hash quals' cost, and charges `cpu_tuple_cost` plus the other quals per `approx_tuple_count`
  /// tuple. A SEMI/ANTI join or unique inner: matched outer rows (`rint(outer × outer_match_frac)`)
  /// search half of `clamp_row_est(inner × bucketsize × 2/(match_count + 1))` rows, unmatched ones
  /// 5% of `clamp_row_est(inner / virtual buckets)`; the tuples are the matched rows (SEMI) or the
  /// unmatched ones (ANTI). The target list per output row.
  ///
  /// - Parameters:
  ///   - hashQualCost: `cost_qual_eval` of the hash clauses.
  ///   - otherQualCost: that of the other join clauses.
  ///   - hashJoinTuples: `approx_tuple_count` of the hash clauses (plain joins).
  ///   - innerKeys: the hash clauses' inner keys.
  ///   - innerIsUnique: the inner is a UniquePath.
  public static func finalCostHashJoin(
    _ workspace: JoinCostWorkspace, kind: JoinKind, outer: JoinInput, inner: JoinInput, rows joinRows: Double,
    innerKeys: [HashInnerKey], hashQualCost: QualCost, otherQualCost: QualCost = .zero, hashJoinTuples: Double,
    innerUnique: Bool = false, innerIsUnique: Bool = false, semiFactors: SemiAntiJoinFactors? = nil,
    targetCost: QualCost = .zero, parallelWorkers: Int = 0, switches: JoinMethodSwitches = JoinMethodSwitches(),
    parameters: CostParameters
  ) -> JoinPathCost {
    finalCostHashJoin(
      workspace, kind: kind, outer: outer, inner: inner, rows: joinRows,
      innerBuckets: innerKeys.map { HashBucketInputs($0.variable, relationRows: $0.relationRows) },
      hashQualCost: hashQualCost, otherQualCost: otherQualCost, hashJoinTuples: hashJoinTuples,
      innerUnique: innerUnique, innerIsUnique: innerIsUnique, semiFactors: semiFactors, targetCost: targetCost,
      parallelWorkers: parallelWorkers, switches: switches, parameters: parameters)
  }

  /// `finalCostHashJoin` with the inner keys' bucket inputs already worked out.
  public static func finalCostHashJoin(
    _ workspace: JoinCostWorkspace, kind: JoinKind, outer: JoinInput, inner: JoinInput, rows joinRows: Double,
    innerBuckets: [HashBucketInputs], hashQualCost: QualCost, otherQualCost: QualCost = .zero,
    hashJoinTuples: Double, innerUnique: Bool = false, innerIsUnique: Bool = false,
    semiFactors: SemiAntiJoinFactors? = nil, targetCost: QualCost = .zero, parallelWorkers: Int = 0,
    switches: JoinMethodSwitches = JoinMethodSwitches(), parameters: CostParameters
  ) -> JoinPathCost {
    let outerRows = outer.rows
    let innerRows = inner.rows
    let rows = rowsPerWorker(joinRows, parallelWorkers: parallelWorkers, parameters: parameters)
    var startup = workspace.startup
    var run = workspace.run
    if !switches.hashJoin { startup += CostParameters.disableCost }
    let virtualBuckets = Double(workspace.buckets) * Double(workspace.batches)
    var bucketSize: Double
    var mcvFrequency: Double
    if innerIsUnique {
      bucketSize = 1 / virtualBuckets
      mcvFrequency = 0
    } else {
      bucketSize = 1
      mcvFrequency = 1
      for key in innerBuckets {
        let stats = estimateHashBucketStats(key, buckets: virtualBuckets)
        if bucketSize > stats.bucketSizeFraction { bucketSize = stats.bucketSizeFraction }
        if mcvFrequency > stats.mcvFrequency { mcvFrequency = stats.mcvFrequency }
      }
    }
    if relationByteSize(tuples: clampRowEstimate(innerRows * mcvFrequency), width: inner.width)
      > parameters.hashMemoryLimit
    {
      startup += CostParameters.disableCost
    }
    let tuples: Double
    if kind == .semi || kind == .anti || innerUnique {
      let factors = semiFactors ?? SemiAntiJoinFactors(outerMatchFraction: 1, matchCount: 1)
      let matched = (outerRows * factors.outerMatchFraction).rounded(.toNearestOrEven)
      let scanFraction = 2.0 / (factors.matchCount + 1.0)
      startup += hashQualCost.startup
      run += hashQualCost.perTuple * matched * clampRowEstimate(innerRows * bucketSize * scanFraction) * 0.5
      run += hashQualCost.perTuple * (outerRows - matched) * clampRowEstimate(innerRows / virtualBuckets) * 0.05
      tuples = kind == .anti ? outerRows - matched : matched
    } else {
      startup += hashQualCost.startup
      run += hashQualCost.perTuple * outerRows * clampRowEstimate(innerRows * bucketSize) * 0.5
      tuples = hashJoinTuples
    }
    startup += otherQualCost.startup
    run += (parameters.cpuTupleCost + otherQualCost.perTuple) * tuples
    startup += targetCost.startup
    run += targetCost.perTuple * rows
    var result = JoinPathCost(cost: Cost(startup: startup, total: startup + run), rows: rows)
    result.batches = workspace.batches
    return result
  }
}
