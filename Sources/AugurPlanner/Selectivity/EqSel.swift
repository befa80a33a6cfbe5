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

  /// `CLAMP_PROBABILITY`.
  static func clamp(_ value: Double) -> Double { min(1, max(0, value)) }
}

/// Mirrors `get_variable_numdistinct` (selfuncs.c): the number of distinct values of a column.
public enum DistinctValues {
  /// PostgreSQL's default when nothing is known (`DEFAULT_NUM_DISTINCT`).
  public static let defaultDistinct = 200.0

  public static func estimate(column: Column, relationTuples: Double, isUnique: Bool) -> Double {
    var distinct: Double
    if let statistics = column.statistics, statistics.distinctValues != 0 {
      // Positive: a count; negative: minus the fraction of the rows.
      distinct = statistics.distinctValues > 0 ? statistics.distinctValues : -statistics.distinctValues * relationTuples
    } else if isUnique {
      distinct = relationTuples
    } else if column.type == "boolean" {
      distinct = 2
    } else {
      return defaultDistinct
    }
    distinct = distinct.rounded(.toNearestOrEven)
    if relationTuples > 0 && distinct > relationTuples { distinct = relationTuples }
    return max(1, distinct)
  }
}
