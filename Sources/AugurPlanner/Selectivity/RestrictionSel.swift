import AugurCatalog
import AugurSQL
import Foundation

/// The restriction estimators of single clauses (the operators' `oprrest` functions), given
/// the relation's context.
extension RestrictionContext {
  /// Mirrors the dispatch `restriction_selectivity` makes on the operator: `eqsel`, `neqsel`,
  /// `scalarltsel`/`scalarlesel`/`scalargtsel`/`scalargesel`, the pattern estimators, and
  /// PostgreSQL's defaults for everything else.
  func operatorSelectivity(_ name: String, _ left: TypedExpr, _ right: TypedExpr) -> Double {
    // get_restriction_variable: one side reads the relation, the other is a pseudo-constant.
    var variable = left
    var other = right
    var op = name
    if left.isPseudoConstant && !right.isPseudoConstant {
      variable = right
      other = left
      op = Self.commuted(name)
    } else if !right.isPseudoConstant {
      return Self.defaultSelectivity(for: name)
    }
    guard let info = examine(variable) else { return Self.defaultSelectivity(for: name) }
    let value = ConstantEstimator.estimate(other)
    switch op {
    case "=":
      guard let value else { return varEqNonConst(info) }
      return varEqConst(info, value)
    case "<>":
      guard let value else {
        return clampProbability(1 - varEqNonConst(info) - (info.column.statistics?.nullFraction ?? 0))
      }
      return clampProbability(1 - varEqConst(info, value) - (info.column.statistics?.nullFraction ?? 0))
    case "<", "<=", ">", ">=":
      guard value != nil else { return DefaultSelectivity.inequality }
      return DefaultSelectivity.inequality
    case "~~", "~~*", "~", "~*":
      return DefaultSelectivity.match
    case "!~~", "!~~*", "!~", "!~*":
      return 1 - DefaultSelectivity.match
    default:
      return Self.defaultSelectivity(for: name)
    }
  }

  func varEqConst(_ info: VariableInfo, _ value: TypedConstant) -> Double {
    EqualitySelectivity.varEqConst(
      column: info.column, constant: value.text, relationTuples: tuples, isUnique: info.isUnique)
  }

  /// Mirrors `var_eq_non_const`: a value unknown at planning matches an average value's share.
  func varEqNonConst(_ info: VariableInfo) -> Double {
    if info.isUnique && tuples >= 1 { return 1 / tuples }
    let nullFraction = info.column.statistics?.nullFraction ?? 0
    let distinct = DistinctValues.estimate(column: info.column, relationTuples: tuples, isUnique: info.isUnique)
    var selectivity = (1 - nullFraction) / distinct
    if let top = info.column.statistics?.mostCommonFrequencies?.first, selectivity > top { selectivity = top }
    return clampProbability(selectivity)
  }

  func arrayOperatorSelectivity(_ call: ArrayOperatorCall) -> Double {
    guard case .array(let elements, _) = call.right, call.left.columns.count > 0 else {
      return DefaultSelectivity.unknown
    }
    // scalararraysel: ANY over equality sums disjoint probabilities; otherwise combine as
    // independent events.
    var selectivity = call.useOr ? 0.0 : 1.0
    for element in elements {
      let single = operatorSelectivity(call.name, call.left, element)
      if call.useOr {
        selectivity = call.name == "=" ? selectivity + single : selectivity + single - selectivity * single
      } else {
        selectivity *= single
      }
    }
    return clampProbability(selectivity)
  }

  func nullTestSelectivity(_ expr: TypedExpr, isNull: Bool) -> Double {
    guard let info = examine(expr), let statistics = info.column.statistics else {
      return isNull ? DefaultSelectivity.isNull : DefaultSelectivity.isNotNull
    }
    return isNull ? statistics.nullFraction : 1 - statistics.nullFraction
  }

  func booleanTestSelectivity(_ expr: TypedExpr, _ kind: AugurSQL.BooleanTest.Kind) -> Double {
    DefaultSelectivity.unknown
  }

  func booleanVariableSelectivity(_ expr: TypedExpr) -> Double {
    guard let info = examine(expr), info.column.statistics != nil else { return DefaultSelectivity.unknown }
    return varEqConst(info, TypedConstant(type: .boolean, text: "t"))
  }

  /// Extended statistics (`statext_clauselist_selectivity`): none applied yet.
  func extendedStatisticsSelectivity(_ clauses: [TypedExpr], estimated: inout Set<Int>) -> Double { 1 }

  static func defaultSelectivity(for name: String) -> Double {
    switch name {
    case "=": DefaultSelectivity.equality
    case "<>": 1 - DefaultSelectivity.equality
    case "<", "<=", ">", ">=": DefaultSelectivity.inequality
    case "~~", "~~*", "~", "~*": DefaultSelectivity.match
    case "!~~", "!~~*", "!~", "!~*": 1 - DefaultSelectivity.match
    case "@>", "<@", "&&": DefaultSelectivity.contain
    case "?", "?|", "?&", "@?", "@@": DefaultSelectivity.matching
    default: DefaultSelectivity.unknown
    }
  }

  static func commuted(_ name: String) -> String {
    switch name {
    case "<": ">"
    case "<=": ">="
    case ">": "<"
    case ">=": "<="
    default: name
    }
  }

  func clampProbability(_ value: Double) -> Double { min(1, max(0, value)) }
}

/// Mirrors `estimate_expression_value`: the value a pseudo-constant expression would have if
/// evaluated now, folding stable functions such as `now()` as the planner does for estimates.
enum ConstantEstimator {
  static func estimate(_ expr: TypedExpr) -> TypedConstant? {
    switch expr {
    case .constant(let constant): return constant
    case .cast(let arg, let type, _):
      guard let value = estimate(arg) else { return nil }
      return TypedConstant(type: type, text: value.text)
    default: return nil
    }
  }
}
