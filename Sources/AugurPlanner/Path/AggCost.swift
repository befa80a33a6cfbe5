import Foundation

/// The aggregation strategies `cost_agg` costs (PostgreSQL's `AggStrategy`).
public enum AggStrategy: Sendable, Hashable {
  /// No grouping: one output row.
  case plain
  /// Groups from input sorted by the grouping columns.
  case sorted
  /// Groups in a hash table.
  case hashed
  /// Grouping sets with both sorted and hashed phases.
  case mixed
}

/// The aggregates' costs (PostgreSQL's `AggClauseCosts`, from `get_agg_clause_costs`).
public struct AggregateCosts: Sendable, Hashable {
  /// Transition functions and their arguments, per input row.
  public var transition: QualCost
  /// Final functions, per group.
  public var final: QualCost
  /// Memory for pass-by-reference transition states, per group (`transitionSpace`).
  public var transitionSpace: Double

  public init(transition: QualCost = .zero, final: QualCost = .zero, transitionSpace: Double = 0) {
    self.transition = transition
    self.final = final
    self.transitionSpace = transitionSpace
  }

  /// `count(*)`: `int8inc` (procost 1) per row, no final function.
  public static func countStar(_ parameters: CostParameters) -> AggregateCosts {
    AggregateCosts(transition: QualCost(perTuple: parameters.cpuOperatorCost))
  }
}

/// A HAVING (or Group) qual: its evaluation cost and its `clauselist_selectivity`.
public struct HavingQual: Sendable, Hashable {
  public var cost: QualCost
  public var selectivity: Double

  public init(cost: QualCost, selectivity: Double) {
    self.cost = cost
    self.selectivity = selectivity
  }
}

/// What `hash_agg_set_limits` (executor/nodeAgg.c) decides for a hash aggregate.
public struct HashAggLimits: Sendable, Hashable {
  /// Bytes for the hash table.
  public var memoryLimit: Double
  /// Groups the table may hold.
  public var groupLimit: Double
  /// Spill partitions (0 when no spill is expected).
  public var partitions: Int

  public init(memoryLimit: Double, groupLimit: Double, partitions: Int) {
    self.memoryLimit = memoryLimit
    self.groupLimit = groupLimit
    self.partitions = partitions
  }
}

extension CostSize {
  /// Mirrors `hash_agg_entry_size` (executor/nodeAgg.c): bytes of one hash aggregate group.
  ///
  /// Model: a 24-byte `TupleHashEntryData`, the group's minimal tuple (16-byte header plus
  /// `tupleWidth`) in a memory chunk (16-byte chunk header), a chunk of 16-byte per-group states
  /// for `transitionCount` transitions, and a chunk of `transitionSpace` bytes when there is any.
  public static func hashAggEntrySize(transitionCount: Int, tupleWidth: Int, transitionSpace: Int) -> Double {
    let chunkHeader = 16
    let tupleChunk = chunkHeader + maxAlign(15) + tupleWidth
    let perGroup = transitionCount * 16
    let perGroupChunk = perGroup > 0 ? chunkHeader + perGroup : 0
    let transitionChunk = transitionSpace > 0 ? chunkHeader + transitionSpace : 0
    return Double(24 + tupleChunk + perGroupChunk + transitionChunk)
  }

  /// Mirrors `hash_choose_num_partitions` (nodeAgg.c): spill partitions, a power of two. Enough
  /// for each partition's groups (with 50% slack) to fit in `hash_mem`, but no more than the
  /// write buffers that fit in a quarter of it; between 4 and 1024.
  public static func hashChooseNumPartitions(
    inputGroups: Double, entrySize: Double, usedBits: Int = 0, parameters: CostParameters
  ) -> Int {
    let hashMem = parameters.hashMemoryLimit
    let block = Double(parameters.blockSize)
    let partitionLimit = (hashMem * 0.25 - block) / block
    let wanted = 1.5 * inputGroups * entrySize
    var partitions = 1 + wanted / hashMem
    if partitions > partitionLimit { partitions = partitionLimit }
    if partitions < 4 { partitions = 4 }
    if partitions > 1024 { partitions = 1024 }
    let count = Int(partitions)
    var bits = 0
    while (1 << bits) < count { bits += 1 }
    if bits + usedBits >= 32 { bits = 32 - usedBits }
    return 1 << bits
  }

  /// Mirrors `hash_agg_set_limits` (nodeAgg.c): with no spill expected, all of `hash_mem` and as
  /// many groups as fit in it; otherwise `hash_mem` less the partitions' buffers (a read block
  /// and a write block per partition), but not below 3/4 of `hash_mem`.
  public static func hashAggSetLimits(
    entrySize: Double, inputGroups: Double, usedBits: Int = 0, parameters: CostParameters
  ) -> HashAggLimits {
    let hashMem = parameters.hashMemoryLimit
    if inputGroups * entrySize <= hashMem {
      return HashAggLimits(
        memoryLimit: hashMem, groupLimit: (hashMem / entrySize).rounded(.towardZero), partitions: 0)
    }
    let partitions = hashChooseNumPartitions(
      inputGroups: inputGroups, entrySize: entrySize, usedBits: usedBits, parameters: parameters)
    let partitionMemory = Double(parameters.blockSize * (1 + partitions))
    let memoryLimit =
      hashMem > 4 * partitionMemory ? hashMem - partitionMemory : (hashMem * 0.75).rounded(.towardZero)
    let groupLimit = memoryLimit > entrySize ? (memoryLimit / entrySize).rounded(.towardZero) : 1
    return HashAggLimits(memoryLimit: memoryLimit, groupLimit: groupLimit, partitions: partitions)
  }

  /// Mirrors `cost_agg` (costsize.c).
  ///
  /// Model:
  /// - plain: everything, input included, is startup; transitions per input row, final functions
  ///   once, `cpu_tuple_cost` for the one output row;
  /// - sorted (and mixed): startup is the input's; the total adds transitions and one
  ///   `cpu_operator_cost` per grouping column per input row, then final functions and
  ///   `cpu_tuple_cost` per group;
  /// - hashed: the same total, but all but the per-group output terms are startup
  ///   (`disable_cost` when `enable_hashagg` is off, as for mixed).
  /// A hashed or mixed aggregate that overflows `hash_mem` (`hash_agg_entry_size` ×
  /// groups, or more groups than the limit) spills: with `depth = ceil(log(batches) /
  /// log(partitions))` levels, the input's bytes are written and read twice per level (writes at
  /// `random_page_cost`, in startup too; reads at `seq_page_cost`) and each input row costs 2
  /// `cpu_tuple_cost` per level. HAVING quals cost per group and scale the output rows.
  ///
  /// - Parameters:
  ///   - transitionCount: distinct transition states (`list_length(root->aggtransinfos)`).
  ///   - inputWidth: the input's width (truncated to an integer, as PostgreSQL's parameters are).
  public static func costAgg(
    strategy: AggStrategy, aggregates: AggregateCosts = AggregateCosts(), transitionCount: Int = 0,
    groupColumns: Int, groups: Double, having: HavingQual? = nil, input: Cost, inputTuples: Double,
    inputWidth: Double, parameters: CostParameters
  ) -> PathCost {
    var startup: Double
    var total: Double
    var outputRows: Double
    switch strategy {
    case .plain:
      startup = input.total
      startup += aggregates.transition.startup
      startup += aggregates.transition.perTuple * inputTuples
      startup += aggregates.final.startup
      startup += aggregates.final.perTuple
      total = startup + parameters.cpuTupleCost
      outputRows = 1
    case .sorted, .mixed:
      startup = input.startup
      total = input.total
      if strategy == .mixed && !parameters.enableHashAgg {
        startup += CostParameters.disableCost
        total += CostParameters.disableCost
      }
      total += aggregates.transition.startup
      total += aggregates.transition.perTuple * inputTuples
      total += (parameters.cpuOperatorCost * Double(groupColumns)) * inputTuples
      total += aggregates.final.startup
      total += aggregates.final.perTuple * groups
      total += parameters.cpuTupleCost * groups
      outputRows = groups
    case .hashed:
      startup = input.total
      if !parameters.enableHashAgg { startup += CostParameters.disableCost }
      startup += aggregates.transition.startup
      startup += aggregates.transition.perTuple * inputTuples
      startup += (parameters.cpuOperatorCost * Double(groupColumns)) * inputTuples
      startup += aggregates.final.startup
      total = startup
      total += aggregates.final.perTuple * groups
      total += parameters.cpuTupleCost * groups
      outputRows = groups
    }

    if strategy == .hashed || strategy == .mixed {
      let width = truncatedWidth(inputWidth)
      let entrySize = hashAggEntrySize(
        transitionCount: transitionCount, tupleWidth: width,
        transitionSpace: truncatedWidth(aggregates.transitionSpace))
      let limits = hashAggSetLimits(entrySize: entrySize, inputGroups: groups, parameters: parameters)
      var batches = max((groups * entrySize) / limits.memoryLimit, groups / limits.groupLimit)
      batches = max(batches.rounded(.up), 1)
      let partitions = Double(max(limits.partitions, 2))
      let depth = (Foundation.log(batches) / Foundation.log(partitions)).rounded(.up)
      let pages = relationByteSize(tuples: inputTuples, width: width) / Double(parameters.blockSize)
      let pagesWritten = pages * depth * 2
      let pagesRead = pages * depth * 2
      startup += pagesWritten * parameters.randomPageCost
      total += pagesWritten * parameters.randomPageCost
      total += pagesRead * parameters.seqPageCost
      let spill = depth * inputTuples * 2 * parameters.cpuTupleCost
      startup += spill
      total += spill
    }

    if let having {
      startup += having.cost.startup
      total += having.cost.startup + outputRows * having.cost.perTuple
      outputRows = clampRowEstimate(outputRows * having.selectivity)
    }
    return PathCost(cost: Cost(startup: startup, total: total), rows: outputRows)
  }

  /// Mirrors `cost_group` (costsize.c): a Group node over sorted input; the input's costs plus
  /// one `cpu_operator_cost` per grouping column per input row; HAVING quals as in `cost_agg`.
  public static func costGroup(
    groupColumns: Int, groups: Double, having: HavingQual? = nil, input: Cost, inputTuples: Double,
    parameters: CostParameters
  ) -> PathCost {
    var outputRows = groups
    var startup = input.startup
    var total = input.total
    total += parameters.cpuOperatorCost * inputTuples * Double(groupColumns)
    if let having {
      startup += having.cost.startup
      total += having.cost.startup + outputRows * having.cost.perTuple
      outputRows = clampRowEstimate(outputRows * having.selectivity)
    }
    return PathCost(cost: Cost(startup: startup, total: total), rows: outputRows)
  }

  /// Mirrors `cost_windowagg` (costsize.c): the input's costs; each window function's own cost,
  /// its arguments' and its FILTER's (startup once, per-tuple per input row); one
  /// `cpu_operator_cost` per PARTITION BY and ORDER BY column per row and `cpu_tuple_cost` per
  /// row. (Spilling the partition to disk is not costed, as in PostgreSQL.)
  ///
  /// - Parameter windowFunctions: per window function, the sum of its `add_function_cost` and the
  ///   `cost_qual_eval` of its arguments and filter.
  public static func costWindowAgg(
    windowFunctions: [QualCost], partitionColumns: Int, orderColumns: Int, input: Cost, inputTuples: Double,
    parameters: CostParameters
  ) -> PathCost {
    var startup = input.startup
    var total = input.total
    for function in windowFunctions {
      startup += function.startup
      total += function.perTuple * inputTuples
    }
    total += parameters.cpuOperatorCost * Double(partitionColumns + orderColumns) * inputTuples
    total += parameters.cpuTupleCost * inputTuples
    return PathCost(cost: Cost(startup: startup, total: total), rows: inputTuples)
  }

  /// Mirrors `adjust_limit_rows_costs` (optimizer/util/pathnode.c), the costing of a Limit path.
  ///
  /// Model: skipping the OFFSET rows moves their share of the run cost into startup; the total is
  /// startup plus the LIMIT rows' share of the run cost; rows become at least 1. An OFFSET or
  /// LIMIT that is not a constant (estimate -1) is taken as 10% of the input rows; 0 means
  /// absent.
  ///
  /// - Parameters:
  ///   - offsetEstimate: `offset_est`: the OFFSET value, 0 for none, -1 for not constant.
  ///   - countEstimate: `count_est`: the LIMIT value, 0 for none, -1 for not constant.
  public static func adjustLimitRowsCosts(
    input: PathCost, offsetEstimate: Int64, countEstimate: Int64
  ) -> PathCost {
    let inputRows = input.rows
    var rows = input.rows
    var startup = input.cost.startup
    var total = input.cost.total
    let run = input.cost.total - input.cost.startup
    if offsetEstimate != 0 {
      var offsetRows = offsetEstimate > 0 ? Double(offsetEstimate) : clampRowEstimate(inputRows * 0.10)
      if offsetRows > rows { offsetRows = rows }
      if inputRows > 0 { startup += run * offsetRows / inputRows }
      rows -= offsetRows
      if rows < 1 { rows = 1 }
    }
    if countEstimate != 0 {
      var countRows = countEstimate > 0 ? Double(countEstimate) : clampRowEstimate(inputRows * 0.10)
      if countRows > rows { countRows = rows }
      if inputRows > 0 { total = startup + run * countRows / inputRows }
      rows = countRows
      if rows < 1 { rows = 1 }
    }
    return PathCost(cost: Cost(startup: startup, total: total), rows: rows)
  }
}
