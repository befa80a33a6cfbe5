import Foundation

/// The join kinds whose sizes and costs the planner estimates (PostgreSQL's `JoinType`, without
/// RIGHT: PostgreSQL plans a RIGHT join as a LEFT join with the inputs swapped, and the unique-ified
/// variants, which are INNER joins of a unique-ified input).
public enum JoinKind: Sendable, Hashable, CaseIterable {
  case inner, left, full, semi, anti

  /// `IS_OUTER_JOIN`: the kinds whose restriction list splits into join quals and pushed-down quals.
  public var isOuter: Bool { self == .left || self == .full || self == .anti }
}

/// Join selectivity and join size, mirroring `eqjoinsel`, `eqjoinsel_inner`, `eqjoinsel_semi` and
/// `neqjoinsel` (utils/adt/selfuncs.c) and `calc_joinrel_size_estimate`,
/// `get_foreign_key_join_selectivity`, `compute_semi_anti_join_factors`, `approx_tuple_count`
/// (optimizer/path/costsize.c).
///
/// The two sides of a clause are given as `VariableStatistics` of base-relation columns; the
/// first (`outer`) is the clause's left-hand-side variable as PostgreSQL orders it for the join
/// (the outer, LHS relation of a SEMI or ANTI join).
public enum JoinSelectivity {
  /// Mirrors `get_variable_numdistinct` with its `isdefault` flag: the distinct values, and
  /// whether they are PostgreSQL's 200-value guess (no statistics and no usable row count, or a
  /// table of 200 rows or more without a distinct estimate).
  public static func distinctValues(_ variable: VariableStatistics) -> (value: Double, isDefault: Bool) {
    let value = variable.distinctValues
    var stadistinct = 0.0
    if let statistics = variable.statistics {
      stadistinct = statistics.distinctValues
    } else if variable.type == .boolean {
      stadistinct = 2
    }
    if variable.isUnique { stadistinct = -1 * (1 - variable.nullFraction) }
    if stadistinct > 0 { return (value, false) }
    let tuples = variable.relationTuples
    if tuples <= 0 { return (value, true) }
    if stadistinct < 0 { return (value, false) }
    return (value, tuples >= DistinctValues.defaultDistinct)
  }

  /// The MCV list `get_attstatsslot` would hand `eqjoinsel`: values and frequencies, nil when
  /// the column has none (or its values cannot be read).
  static func mcvList(_ variable: VariableStatistics) -> (values: [Datum], frequencies: [Double])? {
    guard variable.hasStatistics, let values = variable.mostCommonValues, !values.isEmpty else { return nil }
    let frequencies = variable.mostCommonFrequencies
    guard frequencies.count >= values.count else { return nil }
    return (values, Array(frequencies.prefix(values.count)))
  }

  /// Pairs the two MCV lists as `eqjoinsel` does: each value of the first list matches the first
  /// not-yet-matched equal value among the first `limit` values of the second.
  static func matchMCVs(_ first: [Datum], _ second: [Datum], limit: Int) -> (matched1: [Bool], matched2: [Bool]) {
    var matched1 = [Bool](repeating: false, count: first.count)
    var matched2 = [Bool](repeating: false, count: max(limit, 0))
    for i in first.indices {
      for j in 0..<max(limit, 0) where !matched2[j] {
        if Datum.equal(first[i], second[j]) {
          matched1[i] = true
          matched2[j] = true
          break
        }
      }
    }
    return (matched1, matched2)
  }

  /// `CLAMP_PROBABILITY`.
  static func clamp(_ value: Double) -> Double { min(1, max(0, value)) }

  /// Mirrors `eqjoinsel_inner`: the selectivity of `a = b` over the Cartesian product (used for
  /// INNER, LEFT and FULL joins).
  ///
  /// Model: with MCV lists on both sides, matched MCV pairs contribute the product of their
  /// frequencies exactly; from side 1's point of view, its unmatched MCVs meet side 2's non-MCV
  /// population spread over `nd2 - nMCV2` values, and its non-MCV population meets side 2's
  /// non-MCV and unmatched MCV rows spread over `nd2 - nmatches` values; side 2's estimate is
  /// symmetric and the smaller one wins. Otherwise `(1 - nullfrac1)(1 - nullfrac2) / max(nd1, nd2)`.
  public static func eqjoinselInner(_ first: VariableStatistics, _ second: VariableStatistics) -> Double {
    let nd1 = distinctValues(first).value
    let nd2 = distinctValues(second).value
    if let mcv1 = mcvList(first), let mcv2 = mcvList(second) {
      // Each value of list 1 takes the first equal, not yet matched value of list 2; the
      // products of the pairs' frequencies add up in that order.
      var matched1 = [Bool](repeating: false, count: mcv1.values.count)
      var matched2 = [Bool](repeating: false, count: mcv2.values.count)
      var matchProduct = 0.0
      var matches = 0
      for i in mcv1.values.indices {
        for j in mcv2.values.indices where !matched2[j] {
          if Datum.equal(mcv1.values[i], mcv2.values[j]) {
            matched1[i] = true
            matched2[j] = true
            matchProduct += mcv1.frequencies[i] * mcv2.frequencies[j]
            matches += 1
            break
          }
        }
      }
      matchProduct = clamp(matchProduct)
      var matchFrequency1 = 0.0
      var unmatchFrequency1 = 0.0
      for i in mcv1.values.indices {
        if matched1[i] { matchFrequency1 += mcv1.frequencies[i] } else { unmatchFrequency1 += mcv1.frequencies[i] }
      }
      matchFrequency1 = clamp(matchFrequency1)
      unmatchFrequency1 = clamp(unmatchFrequency1)
      var matchFrequency2 = 0.0
      var unmatchFrequency2 = 0.0
      for j in mcv2.values.indices {
        if matched2[j] { matchFrequency2 += mcv2.frequencies[j] } else { unmatchFrequency2 += mcv2.frequencies[j] }
      }
      matchFrequency2 = clamp(matchFrequency2)
      unmatchFrequency2 = clamp(unmatchFrequency2)
      let otherFrequency1 = clamp(1 - first.nullFraction - matchFrequency1 - unmatchFrequency1)
      let otherFrequency2 = clamp(1 - second.nullFraction - matchFrequency2 - unmatchFrequency2)
      let count1 = Double(mcv1.values.count)
      let count2 = Double(mcv2.values.count)
      let matched = Double(matches)
      var total1 = matchProduct
      if nd2 > count2 { total1 += unmatchFrequency1 * otherFrequency2 / (nd2 - count2) }
      if nd2 > matched { total1 += otherFrequency1 * (otherFrequency2 + unmatchFrequency2) / (nd2 - matched) }
      var total2 = matchProduct
      if nd1 > count1 { total2 += unmatchFrequency2 * otherFrequency1 / (nd1 - count1) }
      if nd1 > matched { total2 += otherFrequency2 * (otherFrequency1 + unmatchFrequency1) / (nd1 - matched) }
      return total1 < total2 ? total1 : total2
    }
    var selectivity = (1 - first.nullFraction) * (1 - second.nullFraction)
    selectivity /= nd1 > nd2 ? nd1 : nd2
    return selectivity
  }

  /// Mirrors `eqjoinsel_semi`: the fraction of the outer (LHS) rows of a SEMI join that find a
  /// partner (also the ANTI join's fraction that is removed).
  ///
  /// Model: `nd2` is clamped to the inner variable's relation rows (`innerBaseRows`) and to the
  /// join's inner input rows (`innerRows`), which makes it non-default. With MCV lists on both
  /// sides (only the first `nd2` of side 2's MCVs are compared), matched MCVs of side 1 count
  /// fully; of the rest of the non-null rows, a share `nd2/nd1` (after discounting the matches;
  /// 1 when `nd1 <= nd2`) finds a partner, or one half when either count is a default. Without
  /// both lists, the same rule over all non-null rows.
  public static func eqjoinselSemi(
    _ first: VariableStatistics, _ second: VariableStatistics, innerBaseRows: Double, innerRows: Double
  ) -> Double {
    var (nd1, isDefault1) = distinctValues(first)
    var (nd2, isDefault2) = distinctValues(second)
    if nd2 >= innerBaseRows {
      nd2 = innerBaseRows
      isDefault2 = false
    }
    if nd2 >= innerRows {
      nd2 = innerRows
      isDefault2 = false
    }
    if let mcv1 = mcvList(first), let mcv2 = mcvList(second) {
      // `Min(nvalues, nd2)` assigned to an int truncates.
      let clamped = Int(min(Double(mcv2.values.count), nd2).rounded(.towardZero))
      let (matched1, _) = matchMCVs(mcv1.values, mcv2.values, limit: clamped)
      let matches = Double(matched1.filter { $0 }.count)
      var matchFrequency1 = 0.0
      for i in mcv1.values.indices where matched1[i] { matchFrequency1 += mcv1.frequencies[i] }
      matchFrequency1 = clamp(matchFrequency1)
      let uncertainFraction: Double
      if !isDefault1 && !isDefault2 {
        nd1 -= matches
        nd2 -= matches
        uncertainFraction = (nd1 <= nd2 || nd2 < 0) ? 1 : nd2 / nd1
      } else {
        uncertainFraction = 0.5
      }
      let uncertain = clamp(1 - matchFrequency1 - first.nullFraction)
      return matchFrequency1 + uncertainFraction * uncertain
    }
    if !isDefault1 && !isDefault2 {
      if nd1 <= nd2 || nd2 < 0 { return 1 - first.nullFraction }
      return (nd2 / nd1) * (1 - first.nullFraction)
    }
    return 0.5 * (1 - first.nullFraction)
  }

  /// Mirrors `eqjoinsel`: `eqjoinsel_inner` for INNER, LEFT and FULL joins; for SEMI and ANTI
  /// joins `eqjoinsel_semi`, capped at `innerRows × eqjoinsel_inner` (a semi join cannot return
  /// more rows than the inner join). Clamped to [0, 1].
  ///
  /// - Parameters:
  ///   - outer: the variable of the join's LHS (outer) side.
  ///   - inner: the variable of the RHS (inner) side.
  ///   - innerBaseRows: the inner variable's base relation rows after its restrictions
  ///     (`vardata2->rel->rows`); SEMI/ANTI only.
  ///   - innerRows: the join's inner input rows (`inner_rel->rows`); SEMI/ANTI only.
  public static func eqjoinsel(
    outer: VariableStatistics, inner: VariableStatistics, kind: JoinKind, innerBaseRows: Double = 0,
    innerRows: Double = 0
  ) -> Double {
    let innerSelectivity = eqjoinselInner(outer, inner)
    var selectivity: Double
    switch kind {
    case .inner, .left, .full:
      selectivity = innerSelectivity
    case .semi, .anti:
      selectivity = eqjoinselSemi(outer, inner, innerBaseRows: innerBaseRows, innerRows: innerRows)
      selectivity = min(selectivity, innerRows * innerSelectivity)
    }
    return clamp(selectivity)
  }

  /// Mirrors `neqjoinsel` (`a <> b`): for SEMI and ANTI joins `1 - nullfrac` of the LHS variable
  /// (some inner value always differs); otherwise `1 - eqjoinsel`.
  public static func neqjoinsel(
    outer: VariableStatistics, inner: VariableStatistics, kind: JoinKind, innerBaseRows: Double = 0,
    innerRows: Double = 0
  ) -> Double {
    switch kind {
    case .semi, .anti:
      return 1 - outer.nullFraction
    case .inner, .left, .full:
      return 1 - eqjoinsel(outer: outer, inner: inner, kind: kind)
    }
  }

  /// Mirrors `calc_joinrel_size_estimate` (costsize.c): the rows of a join.
  ///
  /// Model, with `fk` the foreign-key selectivity, `j` the selectivity of the join quals (the
  /// clauses a foreign key accounts for left out) and `p` that of the quals pushed down to the
  /// join (outer joins only; WHERE clauses referencing both sides):
  /// INNER `o·i·fk·j`; LEFT `max(o·i·fk·j, o)·p`; FULL `max(o·i·fk·j, o, i)·p`; SEMI `o·fk·j`;
  /// ANTI `o·(1 − fk·j)·p`. Then `clamp_row_est`.
  public static func calcJoinrelSizeEstimate(
    outerRows: Double, innerRows: Double, kind: JoinKind, joinSelectivity: Double,
    pushedSelectivity: Double = 1, foreignKeySelectivity: Double = 1
  ) -> Double {
    var rows: Double
    switch kind {
    case .inner:
      rows = outerRows * innerRows * foreignKeySelectivity * joinSelectivity
    case .left:
      rows = outerRows * innerRows * foreignKeySelectivity * joinSelectivity
      if rows < outerRows { rows = outerRows }
      rows *= pushedSelectivity
    case .full:
      rows = outerRows * innerRows * foreignKeySelectivity * joinSelectivity
      if rows < outerRows { rows = outerRows }
      if rows < innerRows { rows = innerRows }
      rows *= pushedSelectivity
    case .semi:
      rows = outerRows * foreignKeySelectivity * joinSelectivity
    case .anti:
      rows = outerRows * (1 - foreignKeySelectivity * joinSelectivity)
      rows *= pushedSelectivity
    }
    return CostSize.clampRowEstimate(rows)
  }

  /// Mirrors one foreign key's factor in `get_foreign_key_join_selectivity` (costsize.c), for a
  /// key whose every column pair is a join clause of this join (the caller leaves those clauses
  /// out of the join selectivity). Nil when PostgreSQL skips the key: for SEMI and ANTI joins,
  /// when the referenced table is on the outer side or the inner side is more than one relation.
  ///
  /// Model: INNER and outer joins `1 / max(ref.tuples, 1)` (each referencing row matches exactly
  /// one referenced row); SEMI and ANTI `ref.rows / max(ref.tuples, 1)` (the referenced table's
  /// restrictions decide which referencing rows find their row). Clamped to [0, 1] by the caller
  /// after multiplying the keys' factors (`foreignKeyJoinSelectivity(_:)`).
  ///
  /// - Parameters:
  ///   - referencedTuples: `rel->tuples` of the referenced table.
  ///   - referencedRows: its rows after its restrictions.
  public static func foreignKeyFactor(
    kind: JoinKind, referencedTuples: Double, referencedRows: Double, referencedIsOuter: Bool,
    innerIsSingleRelation: Bool = true
  ) -> Double? {
    let tuples = max(referencedTuples, 1)
    switch kind {
    case .semi, .anti:
      if referencedIsOuter || !innerIsSingleRelation { return nil }
      return referencedRows / tuples
    case .inner, .left, .full:
      return 1 / tuples
    }
  }

  /// The product of the foreign keys' factors, `CLAMP_PROBABILITY`'d: the `fkselec` of
  /// `get_foreign_key_join_selectivity` (1 when no key applies).
  public static func foreignKeyJoinSelectivity(_ factors: [Double]) -> Double {
    var selectivity = 1.0
    for factor in factors { selectivity *= factor }
    return clamp(selectivity)
  }

  /// Mirrors `get_variable_range` (selfuncs.c): the smallest and largest values the statistics
  /// know, from the histogram's end bounds extended by the MCVs; from the MCVs alone when there
  /// is no histogram and they cover (with NULLs) all but 0.001% of the rows. Nil without.
  public static func variableRange(_ variable: VariableStatistics) -> (minimum: Datum, maximum: Datum)? {
    guard variable.hasStatistics else { return nil }
    var range: (minimum: Datum, maximum: Datum)?
    if let histogram = variable.histogram, let first = histogram.first, let last = histogram.last {
      range = (first, last)
    }
    if let values = variable.mostCommonValues, !values.isEmpty {
      var useMCVs = range != nil
      if range == nil {
        var sumCommon = 0.0
        for frequency in variable.mostCommonFrequencies { sumCommon += frequency }
        if sumCommon + variable.nullFraction > 0.99999 { useMCVs = true }
      }
      if useMCVs {
        for value in values {
          guard var current = range else {
            range = (value, value)
            continue
          }
          if let order = Datum.compare(value, current.minimum), order < 0 { current.minimum = value }
          if let order = Datum.compare(value, current.maximum), order > 0 { current.maximum = value }
          range = current
        }
      }
    }
    return range
  }

  /// Mirrors `mergejoinscansel` (selfuncs.c) for `left = right` merged in ascending order (the
  /// btree `<` strategy, both sides of one type): the fractions of each side scanned before its
  /// first possible partner (start) and up to its last (end).
  ///
  /// Model: end fractions are `P(left <= max(right))` and `P(right <= max(left))` by
  /// `scalarineqsel` (kept only when not the 1/3 default); only the smaller is believed, the
  /// other becomes 1 (both when equal). Start fractions are `P(left < min(right))` and
  /// `P(right < min(left))`; only the larger is believed, the other becomes 0 (both when equal).
  /// With NULLS FIRST the null fraction is added to both fractions of each side. Without a range
  /// on either side: (0, 1, 0, 1).
  public static func mergejoinscansel(
    left: VariableStatistics, right: VariableStatistics, nullsFirst: Bool = false
  ) -> (leftStart: Double, leftEnd: Double, rightStart: Double, rightEnd: Double) {
    var leftStart = 0.0
    var leftEnd = 1.0
    var rightStart = 0.0
    var rightEnd = 1.0
    guard let leftRange = variableRange(left), let rightRange = variableRange(right) else {
      return (leftStart, leftEnd, rightStart, rightEnd)
    }
    var selectivity = InequalitySelectivity.scalarIneqSel(left, operator: .lessOrEqual, constant: rightRange.maximum)
    if selectivity != DefaultSelectivity.inequality { leftEnd = selectivity }
    selectivity = InequalitySelectivity.scalarIneqSel(right, operator: .lessOrEqual, constant: leftRange.maximum)
    if selectivity != DefaultSelectivity.inequality { rightEnd = selectivity }
    if leftEnd > rightEnd {
      leftEnd = 1
    } else if leftEnd < rightEnd {
      rightEnd = 1
    } else {
      leftEnd = 1
      rightEnd = 1
    }
    selectivity = InequalitySelectivity.scalarIneqSel(left, operator: .less, constant: rightRange.minimum)
    if selectivity != DefaultSelectivity.inequality { leftStart = selectivity }
    selectivity = InequalitySelectivity.scalarIneqSel(right, operator: .less, constant: leftRange.minimum)
    if selectivity != DefaultSelectivity.inequality { rightStart = selectivity }
    if leftStart < rightStart {
      leftStart = 0
    } else if leftStart > rightStart {
      rightStart = 0
    } else {
      leftStart = 0
      rightStart = 0
    }
    if nullsFirst {
      if left.hasStatistics {
        leftStart = clamp(leftStart + left.nullFraction)
        leftEnd = clamp(leftEnd + left.nullFraction)
      }
      if right.hasStatistics {
        rightStart = clamp(rightStart + right.nullFraction)
        rightEnd = clamp(rightEnd + right.nullFraction)
      }
    }
    return (leftStart, leftEnd, rightStart, rightEnd)
  }

  /// Mirrors `compute_semi_anti_join_factors` (costsize.c) from the two selectivities of the
  /// join quals: `outer_match_frac` is the SEMI/ANTI selectivity, and `match_count` the average
  /// matches of a matched outer row, `max(1, innerSel · innerRows / semiSel)` (1 when the SEMI
  /// selectivity is 0).
  public static func semiAntiJoinFactors(
    semiSelectivity: Double, innerSelectivity: Double, innerRows: Double
  ) -> SemiAntiJoinFactors {
    var matchCount = 1.0
    if semiSelectivity > 0 {
      matchCount = max(1, innerSelectivity * innerRows / semiSelectivity)
    }
    return SemiAntiJoinFactors(outerMatchFraction: semiSelectivity, matchCount: matchCount)
  }

  /// Mirrors `approx_tuple_count` (costsize.c): `clamp_row_est(sel · outer · inner)` with `sel`
  /// the product of the clauses' INNER-join selectivities (what merge and hash joins charge
  /// their per-tuple CPU on).
  public static func approxTupleCount(selectivity: Double, outerRows: Double, innerRows: Double) -> Double {
    CostSize.clampRowEstimate(selectivity * outerRows * innerRows)
  }
}

/// PostgreSQL's `SemiAntiJoinFactors`: for joins that stop at the first match (SEMI, ANTI,
/// unique inner), the fraction of outer rows with a match and the average matches per such row.
public struct SemiAntiJoinFactors: Sendable, Hashable {
  public var outerMatchFraction: Double
  public var matchCount: Double

  public init(outerMatchFraction: Double, matchCount: Double) {
    self.outerMatchFraction = outerMatchFraction
    self.matchCount = matchCount
  }
}
