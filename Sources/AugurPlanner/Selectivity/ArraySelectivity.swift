/// `column OP ANY (array)` and `column OP ALL (array)` (`ScalarArrayOpExpr`), which is also
/// what `IN (...)` and `NOT IN (...)` become.
public enum ArraySelectivity {
  /// The operator applied to each element.
  public enum ElementOperator: Sendable, Hashable {
    /// `=` (`eqsel`).
    case equal
    /// `<>` (`neqsel`).
    case notEqual
    /// `<`, `<=`, `>`, `>=` (`scalarltsel` & co.), the column on the left.
    case inequality(InequalityOperator)
    /// LIKE, ILIKE, `~`, `~*` and their negations (`likesel` & co.).
    case pattern(PatternSelectivity.Kind, negated: Bool)
  }

  /// One element of the array.
  public enum Element: Sendable, Hashable {
    /// A constant.
    case value(Datum)
    /// A NULL constant.
    case null
    /// An expression whose value is not known at plan time (in an `ARRAY[...]` constructor).
    case unknown
  }

  /// Mirrors `scalararraysel` for a restriction clause whose array is a constant or an
  /// `ARRAY[...]` of known length (`elements`; nil for a NULL array, which matches nothing).
  ///
  /// Model: each element is estimated with the operator's own estimator. `ANY` combines them as
  /// independent events (`s1 + s2 - s1*s2`) and `ALL` as a product, except that `= ANY` sums
  /// them (distinct elements are disjoint events) and `<> ALL` takes `1 + Σ(s2 - 1)`, when that
  /// sum stays within [0, 1].
  public static func scalarArraySel(
    _ variable: VariableStatistics, operator op: ElementOperator, useOr: Bool, elements: [Element]?
  ) -> Double {
    guard let elements else { return 0 }
    let isEquality = op == .equal
    let isInequality = op == .notEqual
    var selectivity = useOr ? 0.0 : 1.0
    var disjoint = selectivity
    for element in elements {
      let elementSelectivity = elementSel(variable, operator: op, element: element)
      if useOr {
        selectivity = selectivity + elementSelectivity - selectivity * elementSelectivity
        if isEquality { disjoint += elementSelectivity }
      } else {
        selectivity *= elementSelectivity
        if isInequality { disjoint += elementSelectivity - 1 }
      }
    }
    if (useOr ? isEquality : isInequality) && disjoint >= 0 && disjoint <= 1 {
      selectivity = disjoint
    }
    return clampProbability(selectivity)
  }

  /// Mirrors `scalararraysel` when the array is not a constant nor an `ARRAY[...]`
  /// (a parameter, a subquery result): one estimate for an unknown element, combined as if
  /// the array held 10 independent elements.
  public static func scalarArraySelNonConstant(
    _ variable: VariableStatistics, operator op: ElementOperator, useOr: Bool
  ) -> Double {
    let elementSelectivity = elementSel(variable, operator: op, element: .unknown)
    var selectivity = useOr ? 0.0 : 1.0
    for _ in 0..<DefaultSelectivity.arrayLength {
      if useOr {
        selectivity = selectivity + elementSelectivity - selectivity * elementSelectivity
      } else {
        selectivity *= elementSelectivity
      }
    }
    return clampProbability(selectivity)
  }

  /// The operator's restriction estimator for `column OP element`.
  static func elementSel(_ variable: VariableStatistics, operator op: ElementOperator, element: Element) -> Double {
    switch (op, element) {
    case (.equal, .value(let value)): EqualitySelectivity.varEqConst(variable, constant: value)
    case (.equal, .null): 0
    case (.equal, .unknown): EqualitySelectivity.varEqNonConst(variable)
    case (.notEqual, .value(let value)): EqualitySelectivity.varEqConst(variable, constant: value, negate: true)
    case (.notEqual, .null): 0
    case (.notEqual, .unknown): EqualitySelectivity.varEqNonConst(variable, negate: true)
    case (.inequality(let inequality), .value(let value)):
      InequalitySelectivity.scalarIneqSel(variable, operator: inequality, constant: value)
    case (.inequality, .null): 0
    case (.inequality, .unknown): DefaultSelectivity.inequality
    case (.pattern(let kind, let negated), .value(let value)):
      value.stringBytes.map { PatternSelectivity.patternSel(variable, kind: kind, pattern: $0, negate: negated) }
        ?? PatternSelectivity.patternSelNonConstant(negate: negated)
    case (.pattern, .null): 0
    case (.pattern(_, let negated), .unknown): negated ? 1 - DefaultSelectivity.match : DefaultSelectivity.match
    }
  }
}
