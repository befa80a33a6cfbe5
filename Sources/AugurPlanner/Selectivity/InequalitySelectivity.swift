/// `<`, `<=`, `>`, `>=` with the column on the left (the caller commutes `const < col` into
/// `col > const`).
public enum InequalityOperator: Sendable, Hashable, CaseIterable {
  case less, lessOrEqual, greater, greaterOrEqual

  /// `isgt` in selfuncs.c.
  public var isGreater: Bool { self == .greater || self == .greaterOrEqual }
  /// `iseq` in selfuncs.c.
  public var isEqual: Bool { self == .lessOrEqual || self == .greaterOrEqual }

  /// The operator with its operands swapped: `a < b` is `b > a`.
  public var commuted: InequalityOperator {
    switch self {
    case .less: .greater
    case .lessOrEqual: .greaterOrEqual
    case .greater: .less
    case .greaterOrEqual: .lessOrEqual
    }
  }

  /// The SQL spelling.
  public var symbol: String {
    switch self {
    case .less: "<"
    case .lessOrEqual: "<="
    case .greater: ">"
    case .greaterOrEqual: ">="
    }
  }

  /// `value OP constant` by the btree order; false when the values are incomparable.
  public func holds(_ value: Datum, _ constant: Datum) -> Bool {
    guard let order = Datum.compare(value, constant) else { return false }
    switch self {
    case .less: return order < 0
    case .lessOrEqual: return order <= 0
    case .greater: return order > 0
    case .greaterOrEqual: return order >= 0
    }
  }
}

/// Range selectivity from the MCV list and the histogram (selfuncs.c).
public enum InequalitySelectivity {
  /// Mirrors `scalarineqsel` (reached through `scalarltsel` & co.) for `column OP constant`.
  ///
  /// Model: the MCVs that satisfy the operator count with their frequencies; the rest of the
  /// non-null population (`1 - nullfrac - ΣMCV`) is scaled by the histogram's fraction
  /// (`ineq_histogram_selectivity`), or by one half without a histogram. NULL matches nothing;
  /// without statistics (or with a constant the column's type cannot compare), 1/3.
  public static func scalarIneqSel(_ variable: VariableStatistics, operator op: InequalityOperator, constant: Datum?)
    -> Double
  {
    guard let constant else { return 0 }
    guard variable.hasStatistics else { return DefaultSelectivity.inequality }
    let (mcvSelectivity, sumCommon) = mcvSelectivity(variable) { op.holds($0, constant) }
    let histogramSelectivity = ineqHistogramSelectivity(
      variable, isGreater: op.isGreater, isEqual: op.isEqual, constant: constant)
    var selectivity = 1 - variable.nullFraction - sumCommon
    if histogramSelectivity >= 0 {
      selectivity *= histogramSelectivity
    } else {
      selectivity *= 0.5
    }
    selectivity += mcvSelectivity
    return clampProbability(selectivity)
  }

  /// `scalarineqsel_wrapper` when the comparand is not a constant: 1/3.
  public static func scalarIneqSelNonConstant() -> Double { DefaultSelectivity.inequality }

  /// Mirrors `mcv_selectivity`: the summed frequencies of the MCVs satisfying `predicate`, and
  /// the summed frequencies of all MCVs. Zeroes without an MCV list; when its values cannot be
  /// read, no MCV is taken to satisfy the predicate.
  public static func mcvSelectivity(_ variable: VariableStatistics, predicate: (Datum) -> Bool) -> (
    selectivity: Double, sumCommon: Double
  ) {
    let frequencies = variable.mostCommonFrequencies
    guard variable.hasStatistics, !frequencies.isEmpty else { return (0, 0) }
    var selectivity = 0.0
    var sumCommon = 0.0
    let values = variable.mostCommonValues
    for index in frequencies.indices {
      if let values, index < values.count, predicate(values[index]) { selectivity += frequencies[index] }
      sumCommon += frequencies[index]
    }
    return (selectivity, sumCommon)
  }

  /// Mirrors `histogram_selectivity`: the fraction of the histogram's entries (less `skip` at
  /// each end) satisfying `predicate`, with the histogram's size; -1 when the histogram has
  /// fewer than `minimumSize` entries or there is none (size 0).
  public static func histogramSelectivity(
    _ variable: VariableStatistics, minimumSize: Int, skip: Int, predicate: (Datum) -> Bool
  ) -> (selectivity: Double, size: Int) {
    guard variable.hasStatistics, let histogram = variable.histogram else { return (-1, 0) }
    guard histogram.count >= minimumSize, histogram.count > 2 * skip else { return (-1, histogram.count) }
    var matches = 0
    for index in skip..<(histogram.count - skip) where predicate(histogram[index]) { matches += 1 }
    return (Double(matches) / Double(histogram.count - 2 * skip), histogram.count)
  }

  /// Mirrors `ineq_histogram_selectivity`: the fraction of the histogram's population
  /// satisfying `column OP constant`, or -1 without a histogram.
  ///
  /// Model: binary search for the bin holding the constant (swapping in the actual min or max
  /// when the search reaches the first or last bound and an index can give them); inside the
  /// bin, linear interpolation on `convert_to_scalar`'s scale (the middle when not
  /// convertible); `histfrac = (i - 1 + binfrac) / (nbounds - 1)` estimates `x <= constant`,
  /// the first bin narrowed by `eq_selec = 1 / (nd - nMCV)`, `eq_selec` taken off for `<` and
  /// `>=`; flipped for `>`/`>=`. Unless actual endpoints were read, the result stays a hundredth
  /// of a bin away from 0 and 1.
  public static func ineqHistogramSelectivity(
    _ variable: VariableStatistics, isGreater: Bool, isEqual: Bool, constant: Datum
  ) -> Double {
    guard variable.hasStatistics, var values = variable.histogram else { return -1 }
    guard values.count > 1 else { return -1 }
    let count = values.count
    // The probe operator: "<" or "<=" (or their negation for ">" and ">=").
    let probe: InequalityOperator =
      switch (isGreater, isEqual) {
      case (false, false): .less
      case (false, true): .lessOrEqual
      case (true, false): .greater
      case (true, true): .greaterOrEqual
      }
    var haveEnd = false
    if count == 2 {
      var minimum = values[0]
      var maximum = values[1]
      haveEnd = actualRange(variable, minimum: &minimum, maximum: &maximum, wantMinimum: true, wantMaximum: true)
      values[0] = minimum
      values[1] = maximum
    }
    var lower = 0
    var upper = count
    while lower < upper {
      let middle = (lower + upper) / 2
      if middle == 0 && count > 2 {
        var minimum = values[0]
        var unused = values[count - 1]
        haveEnd = actualRange(variable, minimum: &minimum, maximum: &unused, wantMinimum: true, wantMaximum: false)
        values[0] = minimum
      } else if middle == count - 1 && count > 2 {
        var unused = values[0]
        var maximum = values[middle]
        haveEnd = actualRange(variable, minimum: &unused, maximum: &maximum, wantMinimum: false, wantMaximum: true)
        values[middle] = maximum
      }
      var satisfied = probe.holds(values[middle], constant)
      if isGreater { satisfied.toggle() }
      if satisfied {
        lower = middle + 1
      } else {
        upper = middle
      }
    }

    var histogramFraction: Double
    if lower <= 0 {
      histogramFraction = 0
    } else if lower >= count {
      histogramFraction = 1
    } else {
      let bin = lower
      var equalSelectivity = 0.0
      if bin == 1 || isGreater == isEqual {
        let otherDistinct = variable.distinctValues - Double(variable.mostCommonFrequencies.count)
        if otherDistinct > 1 { equalSelectivity = 1 / otherDistinct }
      }
      var binFraction: Double
      if let scaled = ScalarConversion.convert(value: constant, low: values[bin - 1], high: values[bin]) {
        if scaled.high <= scaled.low {
          binFraction = 0.5
        } else if scaled.value <= scaled.low {
          binFraction = 0
        } else if scaled.value >= scaled.high {
          binFraction = 1
        } else {
          binFraction = (scaled.value - scaled.low) / (scaled.high - scaled.low)
          if binFraction.isNaN || binFraction < 0 || binFraction > 1 { binFraction = 0.5 }
        }
      } else {
        binFraction = 0.5
      }
      histogramFraction = Double(bin - 1) + binFraction
      histogramFraction /= Double(count - 1)
      if bin == 1 { histogramFraction += equalSelectivity * (1 - binFraction) }
      if isGreater == isEqual { histogramFraction -= equalSelectivity }
    }
    var selectivity = isGreater ? 1 - histogramFraction : histogramFraction
    if haveEnd {
      selectivity = clampProbability(selectivity)
    } else {
      let cutoff = 0.01 / Double(count - 1)
      if selectivity < cutoff {
        selectivity = cutoff
      } else if selectivity > 1 - cutoff {
        selectivity = 1 - cutoff
      }
    }
    return selectivity
  }

  /// Mirrors `get_actual_variable_range`: replaces the wanted ends with the column's actual
  /// minimum and maximum when an index can read them. True when it did.
  static func actualRange(
    _ variable: VariableStatistics, minimum: inout Datum, maximum: inout Datum, wantMinimum: Bool, wantMaximum: Bool
  ) -> Bool {
    guard let range = variable.actualRange else { return false }
    var haveData = true
    if wantMinimum {
      if let value = range.minimum {
        minimum = value
      } else {
        haveData = false
      }
    }
    if wantMaximum && haveData {
      if let value = range.maximum {
        maximum = value
      } else {
        haveData = false
      }
    }
    return haveData
  }
}
