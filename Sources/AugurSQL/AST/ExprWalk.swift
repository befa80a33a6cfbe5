extension Expr {
  /// The expressions directly inside this one, at the same query level (a subquery's own
  /// expressions are not included: they belong to another level).
  public var subexpressions: [Expr] {
    switch self {
    case .column, .constant, .parameter, .subLink, .sqlValueFunction, .setToDefault, .other: []
    case .operation(let op): [op.left, op.right].compactMap { $0 }
    case .bool(let bool): bool.args
    case .function(let call): call.args + call.aggOrder.map(\.expr) + (call.aggFilter.map { [$0] } ?? [])
    case .typeCast(let cast): [cast.arg]
    case .caseExpr(let expr):
      (expr.arg.map { [$0] } ?? []) + expr.whens.flatMap { [$0.condition, $0.result] }
        + (expr.defaultResult.map { [$0] } ?? [])
    case .coalesce(let expr): expr.args
    case .minMax(let expr): expr.args
    case .nullTest(let test): [test.arg]
    case .booleanTest(let test): [test.arg]
    case .row(let row): row.args
    case .array(let array): array.elements
    case .indirection(let indirection): [indirection.arg]
    case .collate(let collate): [collate.arg]
    case .groupingFunc(let grouping): grouping.args
    case .groupingSet(let set): set.content
    case .list(let items): items
    case .multiAssign(let assign): [assign.source]
    case .namedArgument(let argument): [argument.value]
    }
  }

  /// Whether this expression or one inside it (at this query level) satisfies `predicate`.
  public func contains(where predicate: (Expr) -> Bool) -> Bool {
    predicate(self) || subexpressions.contains { $0.contains(where: predicate) }
  }
}
