import AugurCatalog

/// Selectivity of `column = constant`, mirroring `var_eq_const` (utils/adt/selfuncs.c).
///
/// Model, in PostgreSQL's order: NULL never matches; a column that a unique single-column index
/// covers matches one row; a constant found in the MCV list matches its frequency; any other
/// constant shares what the MCVs and NULLs leave evenly among the remaining distinct values
/// (capped at the least common MCV's frequency); with no statistics at all, 1 / n_distinct.
public enum EqualitySelectivity {
  /// Mirrors `var_eq_const`. `constant` is the value as the column type's text output (what the
  /// MCV list holds); nil is NULL.
  public static func varEqConst(
    column: Column, constant: String?, relationTuples: Double, isUnique: Bool
  ) -> Double {
    guard let constant else { return 0 }
    if isUnique && relationTuples >= 1 { return 1 / relationTuples }
    guard let statistics = column.statistics else {
      return clamp(1 / DistinctValues.estimate(column: column, relationTuples: relationTuples, isUnique: isUnique))
    }
    // With statistics, a constant found among the MCVs takes its frequency; any other shares
    // what the MCVs and NULLs leave (all of the non-null rows when there is no MCV list).
    let values = statistics.mostCommonValues ?? []
    let frequencies = statistics.mostCommonFrequencies ?? []
    if let index = values.firstIndex(of: constant), index < frequencies.count {
      return clamp(frequencies[index])
    }
    var selectivity = clamp(1 - frequencies.reduce(0, +) - statistics.nullFraction)
    let otherDistinct =
      DistinctValues.estimate(column: column, relationTuples: relationTuples, isUnique: isUnique)
      - Double(frequencies.count)
    if otherDistinct > 1 { selectivity /= otherDistinct }
    if let least = frequencies.last, selectivity > least { selectivity = least }
    return clamp(selectivity)
  }

  /// Mirrors `var_eq_const` with typed values: the constant matches an MCV when the type's
  /// equality says so (`10.5` = `10.50`, timestamps at any offset, `character` padding).
  /// With `negate`, the `<>` estimate `1 - sel - nullfrac` (`neqsel`); NULL gives 0 either way.
  ///
  /// When the MCV values cannot be read (redacted), no constant is taken for an MCV.
  public static func varEqConst(_ variable: VariableStatistics, constant: Datum?, negate: Bool = false) -> Double {
    guard let constant else { return 0 }
    let nullFraction = variable.nullFraction
    var selectivity: Double
    if variable.isUnique && variable.relationTuples >= 1 {
      selectivity = 1 / variable.relationTuples
    } else if variable.hasStatistics {
      let frequencies = variable.mostCommonFrequencies
      var matched: Int?
      if let values = variable.mostCommonValues {
        matched = values.indices.first { Datum.equal(values[$0], constant) }
      }
      if let index = matched, index < frequencies.count {
        selectivity = frequencies[index]
      } else {
        var sumCommon = 0.0
        for frequency in frequencies { sumCommon += frequency }
        selectivity = clampProbability(1 - sumCommon - nullFraction)
        let otherDistinct = variable.distinctValues - Double(frequencies.count)
        if otherDistinct > 1 { selectivity /= otherDistinct }
        if let least = frequencies.last, selectivity > least { selectivity = least }
      }
    } else {
      selectivity = 1 / variable.distinctValues
    }
    if negate { selectivity = 1 - selectivity - nullFraction }
    return clampProbability(selectivity)
  }

  /// Mirrors `neqsel` with a constant: `1 - var_eq_const - nullfrac` (0 for NULL).
  public static func neqSel(_ variable: VariableStatistics, constant: Datum?) -> Double {
    varEqConst(variable, constant: constant, negate: true)
  }

  /// Mirrors `var_eq_non_const`: `column = <value not known at plan time>` (a parameter, a
  /// non-constant expression). Model: a unique column matches one row; with statistics, the
  /// non-null fraction shared evenly by the distinct values, capped at the most common value's
  /// frequency; without, 1 / n_distinct. With `negate`, `1 - sel - nullfrac`.
  public static func varEqNonConst(_ variable: VariableStatistics, negate: Bool = false) -> Double {
    let nullFraction = variable.nullFraction
    var selectivity: Double
    if variable.isUnique && variable.relationTuples >= 1 {
      selectivity = 1 / variable.relationTuples
    } else if variable.hasStatistics {
      selectivity = 1 - nullFraction
      let distinct = variable.distinctValues
      if distinct > 1 { selectivity /= distinct }
      if let top = variable.mostCommonFrequencies.first, selectivity > top { selectivity = top }
    } else {
      selectivity = 1 / variable.distinctValues
    }
    if negate { selectivity = 1 - selectivity - nullFraction }
    return clampProbability(selectivity)
  }

  /// `CLAMP_PROBABILITY`.
  static func clamp(_ value: Double) -> Double { min(1, max(0, value)) }
}

/// Mirrors `get_variable_numdistinct` (selfuncs.c): the number of distinct values of a column.
public enum DistinctValues {
  /// PostgreSQL's default when nothing is known (`DEFAULT_NUM_DISTINCT`).
  public static let defaultDistinct = 200.0

  /// Model: ANALYZE's `n_distinct` (a count, or minus a fraction of the rows); a column a unique
  /// index covers has as many values as non-null rows; a boolean has 2; with nothing known, the
  /// row count of a table under 200 rows, else 200. Counts pass through `clamp_row_est`.
  public static func estimate(column: Column, relationTuples: Double, isUnique: Bool) -> Double {
    var distinct = 0.0
    var nullFraction = 0.0
    if let statistics = column.statistics {
      distinct = statistics.distinctValues
      nullFraction = statistics.nullFraction
    } else if column.type == "boolean" {
      distinct = 2
    }
    if isUnique { distinct = -1 * (1 - nullFraction) }
    if distinct > 0 { return CostSize.clampRowEstimate(distinct) }
    guard relationTuples > 0 else { return defaultDistinct }
    if distinct < 0 { return CostSize.clampRowEstimate(-distinct * relationTuples) }
    if relationTuples < defaultDistinct { return CostSize.clampRowEstimate(relationTuples) }
    return defaultDistinct
  }
}
