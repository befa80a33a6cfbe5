import AugurCatalog
import AugurSQL
import Foundation

/// The restriction estimators of single clauses (the operators' `oprrest` functions), given
/// the relation's context.
extension RestrictionContext {
  /// Mirrors `restriction_selectivity` for a binary operator: find the variable side and the
  /// pseudo-constant side (`get_restriction_variable`), estimate the constant's value
  /// (`estimate_expression_value`), then call the operator's estimator: `eqsel`, `neqsel`,
  /// `scalarltsel`/`scalarlesel`/`scalargtsel`/`scalargesel`, or the pattern estimators.
  func operatorSelectivity(_ operatorName: String, _ left: TypedExpr, _ right: TypedExpr) -> Double {
    let name = Self.patternOpsComparison[operatorName] ?? operatorName
    var variable = left
    var other = right
    var op = name
    if left.isPseudoConstant && !right.isPseudoConstant {
      variable = right
      other = left
      op = Self.commuted(name)
    } else if !right.isPseudoConstant || left.isPseudoConstant {
      return Self.defaultSelectivity(for: name)
    }
    guard let info = examine(variable) else { return Self.defaultSelectivity(for: name) }
    let statistics = variableStatistics(info)
    let value = ConstantEstimator.estimate(other)
    // Strict operators never match NULL.
    if let value, value.text == nil { return 0 }
    let constant = value.flatMap { self.datum($0, for: info) }
    switch op {
    case "=":
      guard let constant else { return EqualitySelectivity.varEqNonConst(statistics) }
      return EqualitySelectivity.varEqConst(statistics, constant: constant)
    case "<>":
      guard let constant else { return EqualitySelectivity.varEqNonConst(statistics, negate: true) }
      return EqualitySelectivity.neqSel(statistics, constant: constant)
    case "<", "<=", ">", ">=":
      guard let constant, let inequality = Self.inequality(op) else { return DefaultSelectivity.inequality }
      if operatorName != name {
        return Self.incompatibleInequalitySelectivity(statistics, inequality, constant)
      }
      return InequalitySelectivity.scalarIneqSel(statistics, operator: inequality, constant: constant)
    case "~~", "~~*", "~", "~*", "!~~", "!~~*", "!~", "!~*":
      guard let kind = Self.patternKind(op), op == name || left.isPseudoConstant == false else {
        return Self.defaultSelectivity(for: name)
      }
      let negate = op.hasPrefix("!")
      guard let value else { return PatternSelectivity.patternSelNonConstant(negate: negate) }
      return PatternSelectivity.patternSel(
        statistics, kind: kind, pattern: value.text.map { Array($0.utf8) }, negate: negate)
    default:
      return Self.defaultSelectivity(for: name)
    }
  }

  /// The constant as a value of the variable's type; nil for NULL or text Augur cannot read,
  /// which the callers treat as a value unknown at planning.
  func datum(_ constant: TypedConstant, for info: VariableInfo) -> Datum? {
    guard let text = constant.text else { return nil }
    return Datum.parse(text, as: info.type) ?? Datum.parse(text, as: constant.type)
  }

  func variableStatistics(_ info: VariableInfo) -> VariableStatistics {
    VariableStatistics(
      column: info.column, type: info.type, relationTuples: tuples, isUnique: info.isUnique,
      actualRange: info.actualRange)
  }

  /// Mirrors `scalararraysel` through `ArraySelectivity`: each element estimated with the
  /// operator's estimator, combined as PostgreSQL combines them.
  func arrayOperatorSelectivity(_ call: ArrayOperatorCall) -> Double {
    guard !call.left.isPseudoConstant, let info = examine(call.left) else { return DefaultSelectivity.unhandledClause }
    let statistics = variableStatistics(info)
    let op: ArraySelectivity.ElementOperator
    switch call.name {
    case "=": op = .equal
    case "<>": op = .notEqual
    case "<", "<=", ">", ">=":
      guard let inequality = Self.inequality(call.name) else { return DefaultSelectivity.unhandledClause }
      op = .inequality(inequality)
    default:
      guard let kind = Self.patternKind(call.name) else { return DefaultSelectivity.unhandledClause }
      op = .pattern(kind, negated: call.name.hasPrefix("!"))
    }
    guard case .array(let elements, _) = call.right else {
      return ArraySelectivity.scalarArraySelNonConstant(statistics, operator: op, useOr: call.useOr)
    }
    let values = elements.map { element -> ArraySelectivity.Element in
      guard let constant = ConstantEstimator.estimate(element) else { return .unknown }
      guard constant.text != nil else { return ArraySelectivity.Element.null }
      return datum(constant, for: info).map { ArraySelectivity.Element.value($0) } ?? .unknown
    }
    return ArraySelectivity.scalarArraySel(statistics, operator: op, useOr: call.useOr, elements: values)
  }

  func nullTestSelectivity(_ expr: TypedExpr, isNull: Bool) -> Double {
    guard let info = examine(expr) else {
      return isNull ? DefaultSelectivity.unknown : DefaultSelectivity.notUnknown
    }
    return NullBoolSelectivity.nullTestSel(variableStatistics(info), isNull: isNull)
  }

  func booleanTestSelectivity(_ expr: TypedExpr, _ kind: AugurSQL.BooleanTest.Kind) -> Double {
    guard let info = examine(expr) else { return DefaultSelectivity.unhandledClause }
    let test: NullBoolSelectivity.BooleanTest
    switch kind {
    case .isTrue: test = .isTrue
    case .isNotTrue: test = .isNotTrue
    case .isFalse: test = .isFalse
    case .isNotFalse: test = .isNotFalse
    case .isUnknown: test = .isUnknown
    case .isNotUnknown: test = .isNotUnknown
    }
    return NullBoolSelectivity.boolTestSel(variableStatistics(info), test: test)
  }

  func booleanVariableSelectivity(_ expr: TypedExpr) -> Double {
    guard let info = examine(expr) else { return DefaultSelectivity.boolean }
    return NullBoolSelectivity.boolVarSel(variableStatistics(info))
  }

  static func defaultSelectivity(for name: String) -> Double {
    switch name {
    case "=": DefaultSelectivity.equality
    case "<>": 1 - DefaultSelectivity.equality
    case "<", "<=", ">", ">=": DefaultSelectivity.inequality
    case "~~", "~~*", "~", "~*": DefaultSelectivity.match
    case "!~~", "!~~*", "!~", "!~*": 1 - DefaultSelectivity.match
    case "@>", "<@", "&&": 0.005
    case "?", "?|", "?&", "@?", "@@": DefaultSelectivity.matching
    default: DefaultSelectivity.unhandledClause
    }
  }

  /// `scalarineqsel` for an operator outside the histogram's sort order (the `text_pattern_ops`
  /// comparisons): `ineq_histogram_selectivity` then counts the histogram entries the operator
  /// accepts, without interpolation, clamped to a hundredth of a bin from either end.
  static func incompatibleInequalitySelectivity(
    _ variable: VariableStatistics, _ op: InequalityOperator, _ constant: Datum
  ) -> Double {
    guard variable.hasStatistics else { return DefaultSelectivity.inequality }
    let (mcv, sumCommon) = InequalitySelectivity.mcvSelectivity(variable) { op.holds($0, constant) }
    var selectivity = 1 - variable.nullFraction - sumCommon
    if let histogram = variable.histogram, histogram.count > 1 {
      var fraction = Double(histogram.filter { op.holds($0, constant) }.count) / Double(histogram.count)
      let cutoff = 0.01 / Double(histogram.count - 1)
      fraction = min(max(fraction, cutoff), 1 - cutoff)
      selectivity *= fraction
    } else {
      selectivity *= 0.5
    }
    return min(1, max(0, selectivity + mcv))
  }

  /// `text_pattern_ops` comparisons estimate like the ordinary ones (bytewise order is the C
  /// collation's order).
  static let patternOpsComparison = ["~<~": "<", "~<=~": "<=", "~>~": ">", "~>=~": ">="]

  static func inequality(_ name: String) -> InequalityOperator? {
    switch name {
    case "<": .less
    case "<=": .lessOrEqual
    case ">": .greater
    case ">=": .greaterOrEqual
    default: nil
    }
  }

  static func patternKind(_ name: String) -> PatternSelectivity.Kind? {
    switch name {
    case "~~", "!~~": .like
    case "~~*", "!~~*": .iLike
    case "~", "!~": .regex
    case "~*", "!~*": .iRegex
    default: nil
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
}

/// Mirrors `estimate_expression_value`: the value a pseudo-constant expression would have if
/// evaluated now. Constants and casts of constants fold; `now()`, CURRENT_TIMESTAMP and
/// CURRENT_DATE take the current time, and a timestamp or date plus or minus an interval
/// constant is computed, as the planner does when it folds stable functions for estimates.
enum ConstantEstimator {
  static func estimate(_ expr: TypedExpr) -> TypedConstant? {
    switch expr {
    case .constant(let constant): return constant
    case .cast(let arg, let type, _):
      guard let value = estimate(arg) else { return nil }
      return TypedConstant(type: type, text: value.text)
    case .function(let call) where call.args.isEmpty:
      switch call.name {
      case "now", "transaction_timestamp", "statement_timestamp", "SVFOP_CURRENT_TIMESTAMP",
        "SVFOP_CURRENT_TIMESTAMP_N":
        return TypedConstant(type: .timestamptz, text: timestampText(Date()))
      case "SVFOP_CURRENT_DATE":
        return TypedConstant(type: .date, text: String(timestampText(Date()).prefix(10)))
      default: return nil
      }
    case .operation(let call) where call.args.count == 2 && (call.name == "+" || call.name == "-"):
      guard let base = estimate(call.args[0]), let baseText = base.text,
        let delta = estimate(call.args[1]), let deltaText = delta.text, delta.type == .interval,
        let interval = IntervalValue(parsing: deltaText), let date = parseTimestamp(baseText)
      else { return nil }
      let sign = call.name == "+" ? 1.0 : -1.0
      var calendar = Calendar(identifier: .gregorian)
      calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
      var components = DateComponents()
      components.month = Int(sign) * Int(interval.months)
      components.day = Int(sign) * Int(interval.days)
      guard var result = calendar.date(byAdding: components, to: date) else { return nil }
      result += sign * Double(interval.microseconds) / 1_000_000
      return TypedConstant(type: call.resultType, text: timestampText(result))
    default: return nil
    }
  }

  static func timestampText(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "yyyy-MM-dd HH:mm:ss.SSSSSS"
    return formatter.string(from: date) + "+00"
  }

  static func parseTimestamp(_ text: String) -> Date? {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    for format in ["yyyy-MM-dd HH:mm:ss.SSSSSSX", "yyyy-MM-dd HH:mm:ssX", "yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"] {
      formatter.dateFormat = format
      if let date = formatter.date(from: text) { return date }
    }
    return nil
  }
}
