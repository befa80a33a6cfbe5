import Foundation

extension CostSize {
  /// Mirrors `tuplesort_merge_order` (utils/sort/tuplesort.c): how many runs one merge pass
  /// combines with `bytes` of memory. Each input tape needs a block of buffer plus a 32-block
  /// merge workspace, each output tape a block; between 6 and 500.
  public static func tuplesortMergeOrder(bytes: Double, blockSize: Int = 8192) -> Double {
    let perTape = Double(2 * blockSize + 32 * blockSize)
    let order = (bytes / perTape).rounded(.towardZero)
    return min(max(order, 6), 500)
  }

  /// Mirrors `cost_tuplesort` (costsize.c): the cost of sorting, without reading the input.
  /// Returns the startup cost (all the sorting) and the run cost (handing the tuples out).
  ///
  /// Model, with at least 2 tuples and comparisons at 2 `cpu_operator_cost` plus
  /// `comparisonCost`:
  /// - output over `sort_mem` (kB): external merge sort, `N log2 N` comparisons plus
  ///   `2 × pages × ceil(log_M(runs))` page accesses (one pass when the runs do not exceed the
  ///   merge order M), 3/4 sequential and 1/4 random;
  /// - else a bound (`limitTuples` > 0 and fewer than the input) with more than twice the bound
  ///   in input, or an input over `sort_mem`: bounded heap sort, `N log2(2K)` comparisons;
  /// - else quicksort, `N log2 N` comparisons.
  /// The run cost is `cpu_operator_cost` per input tuple (not per output tuple: a LIMIT above
  /// pro-rates it).
  public static func costTuplesort(
    tuples inputTuples: Double, width: Int, comparisonCost extraComparison: Double = 0, sortMem: Double,
    limitTuples: Double = -1, parameters: CostParameters
  ) -> (startup: Double, run: Double) {
    let inputBytes = relationByteSize(tuples: inputTuples, width: width)
    let sortMemBytes = (sortMem * 1024).rounded(.towardZero)
    let tuples = inputTuples < 2 ? 2 : inputTuples
    let comparison = extraComparison + 2.0 * parameters.cpuOperatorCost
    let outputTuples: Double
    let outputBytes: Double
    if limitTuples > 0 && limitTuples < tuples {
      outputTuples = limitTuples
      outputBytes = relationByteSize(tuples: outputTuples, width: width)
    } else {
      outputTuples = tuples
      outputBytes = inputBytes
    }
    var startup: Double
    if outputBytes > sortMemBytes {
      let pages = (inputBytes / Double(parameters.blockSize)).rounded(.up)
      let runs = inputBytes / sortMemBytes
      let mergeOrder = tuplesortMergeOrder(bytes: sortMemBytes, blockSize: parameters.blockSize)
      startup = comparison * tuples * log2(tuples)
      let passes = runs > mergeOrder ? (Foundation.log(runs) / Foundation.log(mergeOrder)).rounded(.up) : 1.0
      let pageAccesses = 2.0 * pages * passes
      startup += pageAccesses * (parameters.seqPageCost * 0.75 + parameters.randomPageCost * 0.25)
    } else if tuples > 2 * outputTuples || inputBytes > sortMemBytes {
      startup = comparison * tuples * log2(2.0 * outputTuples)
    } else {
      startup = comparison * tuples * log2(tuples)
    }
    return (startup, parameters.cpuOperatorCost * tuples)
  }

  /// Mirrors `cost_sort` (costsize.c): `cost_tuplesort` with the input's total cost (the whole
  /// input is read before the first row comes out) added to startup, and `disable_cost` when
  /// `enable_sort` is off.
  ///
  /// - Parameters:
  ///   - inputCost: the input path's total cost.
  ///   - sortMem: memory in kB (`work_mem` for a plain sort).
  ///   - limitTuples: the bound on the tuples needed (LIMIT plus OFFSET), -1 for none.
  public static func costSort(
    inputCost: Double, tuples: Double, width: Int, comparisonCost: Double = 0, sortMem: Double? = nil,
    limitTuples: Double = -1, parameters: CostParameters
  ) -> PathCost {
    var (startup, run) = costTuplesort(
      tuples: tuples, width: width, comparisonCost: comparisonCost, sortMem: sortMem ?? parameters.workMem,
      limitTuples: limitTuples, parameters: parameters)
    if !parameters.enableSort { startup += CostParameters.disableCost }
    startup += inputCost
    return PathCost(cost: Cost(startup: startup, total: startup + run), rows: tuples)
  }

  /// Mirrors `cost_incremental_sort` (costsize.c): sorting an input already sorted by a prefix of
  /// the keys, one group of equal prefix values at a time.
  ///
  /// Model: the input splits into `inputGroups` groups (the caller's `estimate_num_groups` of the
  /// presorted keys; PostgreSQL takes min(tuples, 200) when the keys cannot be estimated). Each
  /// group is sorted by `cost_tuplesort` as if it held 1.5 times the average group size.
  /// Startup is the first group's sort plus the input's startup and its share of the input run
  /// cost; the rest is the other groups' sorts and input, plus `cpu_tuple_cost` and a comparison
  /// per tuple to detect groups and 2 `cpu_tuple_cost` per group to reset the sort.
  public static func costIncrementalSort(
    inputCost: Cost, inputTuples rawTuples: Double, inputGroups: Double, width: Int, comparisonCost: Double = 0,
    sortMem: Double? = nil, limitTuples: Double = -1, parameters: CostParameters
  ) -> PathCost {
    let inputRun = inputCost.total - inputCost.startup
    let inputTuples = rawTuples < 2 ? 2 : rawTuples
    let groupTuples = inputTuples / inputGroups
    let groupInputRun = inputRun / inputGroups
    let (groupStartup, groupRun) = costTuplesort(
      tuples: 1.5 * groupTuples, width: width, comparisonCost: comparisonCost,
      sortMem: sortMem ?? parameters.workMem, limitTuples: limitTuples, parameters: parameters)
    let startup = groupStartup + inputCost.startup + groupInputRun
    var run =
      groupRun + (groupRun + groupStartup) * (inputGroups - 1) + groupInputRun * (inputGroups - 1)
    run += (parameters.cpuTupleCost + comparisonCost) * inputTuples
    run += 2.0 * parameters.cpuTupleCost * inputGroups
    return PathCost(cost: Cost(startup: startup, total: startup + run), rows: inputTuples)
  }

  /// Mirrors `cost_material` (costsize.c): the input's costs plus 2 `cpu_operator_cost` per tuple
  /// for the tuplestore, and `seq_page_cost` per page written when the tuples exceed `work_mem`.
  /// (Costed as a first scan; rescans are `cost_rescan`'s.)
  public static func costMaterial(input: Cost, tuples: Double, width: Int, parameters: CostParameters) -> PathCost {
    let bytes = relationByteSize(tuples: tuples, width: width)
    var run = input.total - input.startup
    run += 2 * parameters.cpuOperatorCost * tuples
    if bytes > parameters.workMemBytes {
      run += parameters.seqPageCost * (bytes / Double(parameters.blockSize)).rounded(.up)
    }
    return PathCost(cost: Cost(startup: input.startup, total: input.startup + run), rows: tuples)
  }
}
