/// `IS [NOT] NULL`, `IS [NOT] TRUE/FALSE/UNKNOWN` and bare boolean columns (selfuncs.c).
public enum NullBoolSelectivity {
  /// `IS [NOT] TRUE`, `IS [NOT] FALSE`, `IS [NOT] UNKNOWN`.
  public enum BooleanTest: Sendable, Hashable, CaseIterable {
    case isTrue, isNotTrue, isFalse, isNotFalse, isUnknown, isNotUnknown

    /// The SQL spelling.
    public var sql: String {
      switch self {
      case .isTrue: "IS TRUE"
      case .isNotTrue: "IS NOT TRUE"
      case .isFalse: "IS FALSE"
      case .isNotFalse: "IS NOT FALSE"
      case .isUnknown: "IS UNKNOWN"
      case .isNotUnknown: "IS NOT UNKNOWN"
      }
    }
  }

  /// Mirrors `nulltestsel` for a user column. Model: `IS NULL` is the null fraction and
  /// `IS NOT NULL` its complement; without statistics 0.005 and 0.995. (System columns, never
  /// null, give 0 and 1: `systemColumn`.)
  public static func nullTestSel(_ variable: VariableStatistics, isNull: Bool, systemColumn: Bool = false) -> Double {
    let selectivity: Double
    if variable.hasStatistics {
      selectivity = isNull ? variable.nullFraction : 1 - variable.nullFraction
    } else if systemColumn {
      selectivity = isNull ? 0 : 1
    } else {
      selectivity = isNull ? DefaultSelectivity.unknown : DefaultSelectivity.notUnknown
    }
    return clampProbability(selectivity)
  }

  /// Mirrors `boolvarsel`: a bare boolean column is `column = true` (`var_eq_const`), 0.5
  /// without statistics. With `negated`, `NOT column`, which `clause_selectivity` estimates as
  /// `1 - boolvarsel` (NULLs are not taken off).
  public static func boolVarSel(_ variable: VariableStatistics, negated: Bool = false) -> Double {
    let selectivity =
      variable.hasStatistics
      ? EqualitySelectivity.varEqConst(variable, constant: .boolean(true)) : DefaultSelectivity.boolean
    return negated ? 1 - selectivity : selectivity
  }

  /// Mirrors `booltestsel`. Model: with an MCV list, the first MCV's frequency gives
  /// P(true) (or P(false), whichever it is) and the null fraction the rest; with statistics but
  /// no MCVs, non-null rows split evenly; without statistics, `IS UNKNOWN` 0.005,
  /// `IS NOT UNKNOWN` 0.995, and the others `boolvarsel`'s 0.5 (or its complement).
  ///
  /// When the MCV values are redacted the first MCV cannot be told true or false, and the
  /// estimate falls back to the even split.
  public static func boolTestSel(_ variable: VariableStatistics, test: BooleanTest) -> Double {
    var selectivity: Double
    if variable.hasStatistics {
      let nullFraction = variable.nullFraction
      if let firstFrequency = variable.mostCommonFrequencies.first,
        case .boolean(let firstValue)? = variable.mostCommonValues?.first
      {
        let trueFraction = firstValue ? firstFrequency : 1 - firstFrequency - nullFraction
        let falseFraction = 1 - trueFraction - nullFraction
        selectivity =
          switch test {
          case .isUnknown: nullFraction
          case .isNotUnknown: 1 - nullFraction
          case .isTrue: trueFraction
          case .isNotTrue: 1 - trueFraction
          case .isFalse: falseFraction
          case .isNotFalse: 1 - falseFraction
          }
      } else {
        selectivity =
          switch test {
          case .isUnknown: nullFraction
          case .isNotUnknown: 1 - nullFraction
          case .isTrue, .isFalse: (1 - nullFraction) / 2
          case .isNotTrue, .isNotFalse: (nullFraction + 1) / 2
          }
      }
    } else {
      selectivity =
        switch test {
        case .isUnknown: DefaultSelectivity.unknown
        case .isNotUnknown: DefaultSelectivity.notUnknown
        case .isTrue, .isNotFalse: boolVarSel(variable)
        case .isFalse, .isNotTrue: 1 - boolVarSel(variable)
        }
    }
    return clampProbability(selectivity)
  }
}
