import AugurCatalog

/// One restriction clause usable as an index condition on one index column (PostgreSQL's
/// `IndexClause`, found by `match_clause_to_indexcol` in indxpath.c).
struct IndexClause {
  /// The restriction it came from (position in `BaseRel.restrictions`).
  var restriction: Int
  /// The index column it constrains (0-based).
  var column: Int
  /// The condition(s) the index evaluates, in the form `indexkey op value`. A LIKE prefix
  /// yields two (`>=` and `<`); everything else one.
  var conditions: [TypedExpr]
  var info: [IndexQualInfo]
  /// True when the index returns exactly the rows the clause accepts; false when the original
  /// clause must still be checked (LIKE prefixes), so it stays in the filter.
  var isExact: Bool
}

/// Matching restriction clauses to the keys of an index, as `match_restriction_clauses_to_index`
/// does for the operator classes Augur models: btree comparisons, `= ANY`, IS [NOT] NULL,
/// boolean columns and LIKE/regex prefixes (in the C collation or with `text_pattern_ops`); hash
/// equality.
struct IndexMatcher {
  let rel: BaseRel
  let index: Index
  let collationIsC: Bool
  /// Restrictions not to match (those a partial index's predicate already implies).
  var excluded: Set<Int> = []

  func matches() -> [IndexClause] {
    var result: [IndexClause] = []
    for (column, key) in index.keys.enumerated() {
      for (position, clause) in rel.restrictions.enumerated() where !excluded.contains(position) {
        if let match = match(clause, column: column, key: key, restriction: position) {
          result.append(match)
        }
      }
    }
    return result
  }

  private func keyMatches(_ expr: TypedExpr, _ key: IndexKey) -> Bool {
    let stripped = expr.strippingRelabels
    if let name = key.column {
      if case .column(let column) = stripped { return column.name == name }
      return false
    }
    guard let expression = key.expression, !stripped.columns.isEmpty else { return false }
    return RestrictionContext.sameExpression(expression, rel.context.deparser.indexKeyText(stripped))
  }

  private func match(_ clause: TypedExpr, column: Int, key: IndexKey, restriction: Int) -> IndexClause? {
    let btree = index.method == "btree"
    let patternOps = key.operatorClass?.contains("pattern_ops") ?? false
    switch clause {
    case .operation(let call) where call.args.count == 2:
      var name = call.name
      var keySide = call.args[0]
      var other = call.args[1]
      if !keyMatches(keySide, key) || !other.isPseudoConstant {
        guard keyMatches(call.args[1], key), call.args[0].isPseudoConstant else { return nil }
        keySide = call.args[1]
        other = call.args[0]
        name = RestrictionContext.commuted(name)
      }
      if ["=", "<", "<=", ">", ">="].contains(name) {
        if index.method == "hash" && name != "=" { return nil }
        guard btree || index.method == "hash" || index.method == "brin" else { return nil }
        // text_pattern_ops has its own ~<~ family: only equality matches an ordinary operator.
        if patternOps && name != "=" { return nil }
        let condition = TypedExpr.operation(OperatorCall(name: name, args: [keySide, other], resultType: .boolean))
        return IndexClause(
          restriction: restriction, column: column, conditions: [condition],
          info: [IndexQualInfo(column: column, kind: .comparison(isEquality: name == "="))], isExact: true)
      }
      if (name == "~~" || name == "~") && btree && (collationIsC || patternOps), keySide == call.args[0] {
        return prefixMatch(call, keySide: keySide, column: column, restriction: restriction, patternOps: patternOps)
      }
      return nil
    case .arrayOperation(let call):
      guard btree, call.useOr, call.name == "=", keyMatches(call.left, key), call.right.isPseudoConstant,
        !patternOps || call.name == "="
      else { return nil }
      return IndexClause(
        restriction: restriction, column: column, conditions: [clause],
        info: [
          IndexQualInfo(
            column: column, kind: .scalarArray(isEquality: true, arrayLength: QualCostEval.arrayLength(call.right)))
        ], isExact: true)
    case .nullTest(let arg, let isNot):
      guard btree || index.method == "brin", keyMatches(arg, key) else { return nil }
      return IndexClause(
        restriction: restriction, column: column, conditions: [clause],
        info: [IndexQualInfo(column: column, kind: isNot ? .isNotNull : .isNull)], isExact: true)
    case .column, .not(.column), .booleanTest(_, .isTrue), .booleanTest(_, .isFalse):
      // match_boolean_index_clause: `flag` and `flag IS TRUE` are `flag = true`; `NOT flag` and
      // `flag IS FALSE` are `flag = false`.
      guard btree else { return nil }
      var value = "true"
      var arg = clause
      if case .not(let inner) = clause {
        arg = inner
        value = "false"
      }
      if case .booleanTest(let inner, let kind) = clause {
        arg = inner
        value = kind == .isTrue ? "true" : "false"
      }
      guard arg.type == .boolean, keyMatches(arg, key) else { return nil }
      let condition = TypedExpr.operation(
        OperatorCall(
          name: "=", args: [arg, .constant(TypedConstant(type: .boolean, text: value))], resultType: .boolean))
      return IndexClause(
        restriction: restriction, column: column, conditions: [condition],
        info: [IndexQualInfo(column: column, kind: .comparison(isEquality: true))], isExact: true)
    default:
      return nil
    }
  }

  /// `match_pattern_prefix`: `col LIKE 'abc%'` scans `col >= 'abc' AND col < 'abd'`; a pattern
  /// without wildcards is an equality. The LIKE itself stays as a filter.
  private func prefixMatch(
    _ call: OperatorCall, keySide: TypedExpr, column: Int, restriction: Int, patternOps: Bool
  ) -> IndexClause? {
    guard case .constant(let constant) = call.args[1], let pattern = constant.text else { return nil }
    // The selectivity code's pattern_fixed_prefix and make_greater_string serve here too.
    let fixed = PatternSelectivity.fixedPrefix(pattern: Array(pattern.utf8), kind: call.name == "~~" ? .like : .regex)
    guard fixed.status != .none, let prefixBytes = fixed.prefix, !prefixBytes.isEmpty else { return nil }
    let prefix = String(decoding: prefixBytes, as: UTF8.self)
    let exact = fixed.status == .exact
    let type = keySide.strippingRelabels.type.category == .string ? keySide.type : SQLType.text
    let value = TypedExpr.constant(TypedConstant(type: type, text: prefix))
    if exact {
      let condition = TypedExpr.operation(OperatorCall(name: "=", args: [keySide, value], resultType: .boolean))
      return IndexClause(
        restriction: restriction, column: column, conditions: [condition],
        info: [IndexQualInfo(column: column, kind: .comparison(isEquality: true))], isExact: call.name == "~~")
    }
    let lower = patternOps ? "~>=~" : ">="
    let upper = patternOps ? "~<~" : "<"
    var conditions = [TypedExpr.operation(OperatorCall(name: lower, args: [keySide, value], resultType: .boolean))]
    var info = [IndexQualInfo(column: column, kind: .comparison(isEquality: false))]
    if let greaterBytes = PatternSelectivity.makeGreaterString(.text(prefixBytes))?.stringBytes {
      let greater = String(decoding: greaterBytes, as: UTF8.self)
      conditions.append(
        .operation(
          OperatorCall(
            name: upper, args: [keySide, .constant(TypedConstant(type: type, text: greater))], resultType: .boolean)))
      info.append(IndexQualInfo(column: column, kind: .comparison(isEquality: false)))
    }
    return IndexClause(restriction: restriction, column: column, conditions: conditions, info: info, isExact: false)
  }
}
