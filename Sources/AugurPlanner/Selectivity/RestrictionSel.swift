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
      // patternsel_common estimates only `variable op pattern`; `pattern op variable` gets the default.
      guard let kind = Self.patternKind(op), !left.isPseudoConstant else {
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
    let memoKey = VariableMemo.Key(number: info.column.number, name: info.column.name, isUnique: info.isUnique)
    if let found = memo.variables[memoKey], found.type == info.type { return found }
    let made = buildVariableStatistics(info)
    memo.variables[memoKey] = made
    return made
  }

  private func buildVariableStatistics(_ info: VariableInfo) -> VariableStatistics {
    let make = { VariableStatistics.ParsedStatistics(column: info.column, type: info.type) }
    let parsed =
      cache?.parsedStatistics("\(relation.qualifiedName)\u{0}\(info.column.name)\u{0}\(info.type)", make: make)
      ?? make()
    return VariableStatistics(
      column: info.column, type: info.type, relationTuples: tuples, isUnique: info.isUnique,
      actualRange: info.actualRange, parsed: parsed)
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
/// constant is computed (months, then days, then time, in UTC), as the planner does when it
/// folds stable functions for estimates.
enum ConstantEstimator {
  static func estimate(_ expr: TypedExpr) -> TypedConstant? {
    switch expr {
    case .constant(let constant): return constant
    case .cast(let arg, let type, _):
      guard let value = estimate(arg) else { return nil }
      return TypedConstant(type: type, text: value.text)
    case .function(let call) where call.args.isEmpty:
      let now = currentMicroseconds()
      switch call.name {
      case "now", "transaction_timestamp", "statement_timestamp", "SVFOP_CURRENT_TIMESTAMP",
        "SVFOP_CURRENT_TIMESTAMP_N":
        return TypedConstant(type: .timestamptz, text: timestampText(now))
      case "SVFOP_CURRENT_DATE":
        return TypedConstant(type: .date, text: String(timestampText(now).prefix(10)))
      default: return nil
      }
    case .operation(let call) where call.args.count == 2 && (call.name == "+" || call.name == "-"):
      guard let base = estimate(call.args[0]), let baseText = base.text,
        let delta = estimate(call.args[1]), let deltaText = delta.text, delta.type == .interval,
        let interval = IntervalValue(parsing: deltaText),
        let start = DateTimeText.timestamp(baseText, withZone: true), start != Int64.min, start != Int64.max
      else { return nil }
      let sign: Int64 = call.name == "+" ? 1 : -1
      var (year, month, day, timeOfDay) = civil(start)
      // Months first, with the day clamped to the new month's length (timestamp_pl_interval).
      let months = (year * 12 + month - 1) + Int(sign) * Int(interval.months)
      year = months >= 0 ? months / 12 : (months - 11) / 12
      month = months - year * 12 + 1
      day = min(day, daysInMonth(year: year, month: month))
      let days =
        Int64(DateTimeText.julianDay(year: year, month: month, day: day) - DateTimeText.postgresEpochJulianDay)
        + sign * Int64(interval.days)
      let result = days * DateTimeText.microsecondsPerDay + timeOfDay + sign * interval.microseconds
      return TypedConstant(type: call.resultType, text: timestampText(result))
    default: return nil
    }
  }

  /// Microseconds since 2000-01-01 00:00 UTC, now.
  static func currentMicroseconds() -> Int64 {
    Int64(((Date().timeIntervalSince1970 - 946_684_800) * 1_000_000).rounded())
  }

  /// A timestamp as `YYYY-MM-DD HH:MM:SS.ffffff+00`.
  static func timestampText(_ microseconds: Int64) -> String {
    let (year, month, day, timeOfDay) = civil(microseconds)
    let seconds = timeOfDay / 1_000_000
    func pad(_ value: Int64, _ width: Int) -> String {
      let text = String(value)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return "\(pad(Int64(year), 4))-\(pad(Int64(month), 2))-\(pad(Int64(day), 2)) \(pad(seconds / 3600, 2)):"
      + "\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2)).\(pad(timeOfDay % 1_000_000, 6))+00"
  }

  /// Year, month, day and microseconds into the day of a timestamp (`j2date` on its day).
  static func civil(_ microseconds: Int64) -> (Int, Int, Int, Int64) {
    var days = microseconds / DateTimeText.microsecondsPerDay
    var timeOfDay = microseconds % DateTimeText.microsecondsPerDay
    if timeOfDay < 0 {
      timeOfDay += DateTimeText.microsecondsPerDay
      days -= 1
    }
    // Gregorian calendar from the day count (days since 1970-01-01 in the civil algorithm).
    let z = Int(days) + 10957 + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return (year, month, day, timeOfDay)
  }

  static func daysInMonth(year: Int, month: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }
}
