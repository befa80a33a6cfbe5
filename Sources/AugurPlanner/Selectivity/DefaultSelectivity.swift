/// PostgreSQL's default selectivities (`utils/selfuncs.h` and the estimators that use them),
/// for when statistics or a constant comparand are missing.
public enum DefaultSelectivity {
  /// `DEFAULT_EQ_SEL`: `=` when nothing better is known.
  public static let equality = 0.005
  /// `DEFAULT_INEQ_SEL`: `<`, `>`, ... when nothing better is known.
  public static let inequality = 0.3333333333333333
  /// `DEFAULT_RANGE_INEQ_SEL`: a range pair (`x > a AND x < b`) with a default side.
  public static let rangeInequality = 0.005
  /// `DEFAULT_MULTIRANGE_INEQ_SEL`.
  public static let multirangeInequality = 0.005
  /// `DEFAULT_MATCH_SEL`: LIKE and regular expressions.
  public static let match = 0.005
  /// `DEFAULT_MATCHING_SEL`: generic matching operators (`matchingsel`).
  public static let matching = 0.010
  /// `DEFAULT_NUM_DISTINCT`: distinct values when nothing is known.
  public static let numDistinct = 200.0
  /// `DEFAULT_UNK_SEL`: `IS NULL` / `IS UNKNOWN` without statistics.
  public static let unknown = 0.005
  /// `DEFAULT_NOT_UNK_SEL`: `IS NOT NULL` / `IS NOT UNKNOWN` without statistics.
  public static let notUnknown = 1.0 - 0.005
  /// `boolvarsel` without statistics.
  public static let boolean = 0.5
  /// `clause_selectivity` for clause kinds it has no estimator for, and operators without one.
  public static let unhandledClause = 0.5
  /// `function_selectivity` (plancat.c) for a boolean function without a support function.
  public static let booleanFunction = 0.3333333
  /// `scalararraysel` assumes this many elements in an array it cannot see.
  public static let arrayLength = 10
}

/// `CLAMP_PROBABILITY`.
@inline(__always) func clampProbability(_ value: Double) -> Double {
  value < 0 ? 0 : (value > 1 ? 1 : value)
}
