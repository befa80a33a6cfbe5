import AugurCatalog

/// Selectivity of restriction clauses, mirroring PostgreSQL 15's `clausesel.c`.
extension RestrictionContext {
  /// Mirrors `clauselist_selectivity_ext` for one base relation.
  ///
  /// Model: clauses are independent and multiply, except that extended statistics first take
  /// the clauses they cover, and `x < c1` / `x > c2` on the same expression pair up as a range
  /// whose selectivity is `hi + lo − 1` (plus the NULL fraction, which both sides excluded),
  /// falling back to `DEFAULT_RANGE_INEQ_SEL` when either side was a default guess or the sum is
  /// clearly negative.
  func clauseListSelectivity(_ clauses: [TypedExpr], useExtendedStatistics: Bool = true) -> Double {
    if clauses.count == 1 { return clauseSelectivity(clauses[0]) }
    var selectivity = 1.0
    var estimated = Set<Int>()
    if useExtendedStatistics && !extendedStatistics.isEmpty {
      selectivity = ExtendedStatisticsEstimator(context: self, statistics: extendedStatistics)
        .selectivity(clauses, estimated: &estimated)
    }
    var ranges: [RangeClause] = []
    for (position, clause) in clauses.enumerated() where !estimated.contains(position) {
      let clauseSelectivity = clauseSelectivity(clause)
      if case .operation(let call) = clause, call.args.count == 2, let bound = rangeBound(call) {
        if let index = ranges.firstIndex(where: { $0.expr == bound.expr }) {
          ranges[index].add(bound.isLow, clauseSelectivity)
        } else {
          var range = RangeClause(expr: bound.expr)
          range.add(bound.isLow, clauseSelectivity)
          // PostgreSQL prepends new groups; keep its multiplication order.
          ranges.insert(range, at: 0)
        }
        continue
      }
      selectivity *= clauseSelectivity
    }
    for range in ranges {
      if let low = range.low, let high = range.high {
        var pair: Double
        if high == DefaultSelectivity.inequality || low == DefaultSelectivity.inequality {
          pair = DefaultSelectivity.rangeInequality
        } else {
          pair = high + low - 1
          pair += nullTestSelectivity(range.expr, isNull: true)
          if pair <= 0 { pair = pair < -0.01 ? DefaultSelectivity.rangeInequality : 1e-10 }
        }
        selectivity *= pair
      } else {
        selectivity *= range.low ?? range.high ?? 1
      }
    }
    return selectivity
  }

  /// One side of a range pair: `expr < const`-like clauses are high bounds, `>`-like low bounds.
  struct RangeClause {
    var expr: TypedExpr
    var low: Double?
    var high: Double?

    /// A second bound on the same side keeps the more selective one (`addRangeClause`).
    mutating func add(_ isLow: Bool, _ selectivity: Double) {
      if isLow {
        low = min(low ?? selectivity, selectivity)
      } else {
        high = min(high ?? selectivity, selectivity)
      }
    }
  }

  /// The expression and side of a `var op pseudo-constant` inequality, if the clause is one.
  private func rangeBound(_ call: OperatorCall) -> (expr: TypedExpr, isLow: Bool)? {
    let name = Self.patternOpsComparison[call.name] ?? call.name
    guard ["<", "<=", ">", ">="].contains(name), !call.args[0].columns.isEmpty || !call.args[1].columns.isEmpty
    else { return nil }
    let lessThan = name.hasPrefix("<")
    if call.args[1].isPseudoConstant && !call.args[0].isPseudoConstant { return (call.args[0], !lessThan) }
    if call.args[0].isPseudoConstant && !call.args[1].isPseudoConstant { return (call.args[1], lessThan) }
    return nil
  }

  /// Mirrors `clause_selectivity_ext` (whose RestrictInfo caches the result, as `memo` does).
  func clauseSelectivity(_ clause: TypedExpr) -> Double {
    if let known = memo.selectivities[clause] { return known }
    let selectivity = computeClauseSelectivity(clause)
    memo.selectivities[clause] = selectivity
    return selectivity
  }

  private func computeClauseSelectivity(_ clause: TypedExpr) -> Double {
    switch clause {
    case .constant(let constant):
      // A constant qual: NULL and false pass nothing.
      return constant.text == nil || constant.text == "false" ? 0 : 1
    case .not(let arg):
      return 1 - clauseSelectivity(arg)
    case .and(let args):
      return clauseListSelectivity(args)
    case .or(let args):
      return orSelectivity(args)
    case .nullTest(let arg, let isNot):
      return nullTestSelectivity(arg, isNull: !isNot)
    case .booleanTest(let arg, let kind):
      return booleanTestSelectivity(arg, kind)
    case .operation(let call) where call.args.count == 2:
      return operatorSelectivity(call.name, call.args[0], call.args[1])
    case .arrayOperation(let call):
      return arrayOperatorSelectivity(call)
    case .column, .cast(_, _, true):
      return booleanVariableSelectivity(clause)
    case .function(let call) where call.resultType == .boolean:
      // `function_selectivity` without a support function.
      return 1.0 / 3.0
    case .parameter:
      return DefaultSelectivity.unknown
    case .subquery:
      // boolvarsel of an expression without statistics.
      return DefaultSelectivity.boolean
    default:
      return DefaultSelectivity.unknown
    }
  }

  /// Mirrors `clauselist_or_selectivity`: `s1 + s2 − s1·s2`, iterated.
  func orSelectivity(_ args: [TypedExpr]) -> Double {
    var selectivity = 0.0
    for arg in args {
      let next = clauseSelectivity(arg)
      selectivity = selectivity + next - selectivity * next
    }
    return selectivity
  }
}
