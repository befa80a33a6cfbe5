import AugurPlan
import AugurSQL

/// A column of a base relation in the query, as analysis resolved it (PostgreSQL's `Var`).
public struct ColumnVar: Sendable, Hashable {
  /// Position of the relation in `AnalyzedQuery.relations` (PostgreSQL's `varno`, 0-based).
  public var relation: Int
  /// Position of the column in `Relation.columns` (PostgreSQL's `varattno` − 1).
  public var column: Int
  public var name: String
  public var type: SQLType
  /// For a column of an enclosing query read by a correlated subquery: that query's alias for
  /// its relation (`relation` numbers the enclosing query's relations, which the subquery's
  /// own alias list does not name).
  public var enclosingAlias: String? = nil
}

/// A constant after analysis: its type and its value as PostgreSQL's text form of that type
/// (nil for NULL).
public struct TypedConstant: Sendable, Hashable {
  public var type: SQLType
  public var text: String?

  public var isNull: Bool { text == nil }
}

/// How often a function's result may change, from `pg_proc.provolatile`.
public enum Volatility: Sendable, Hashable {
  case immutable, stable, volatile
}

/// An operator applied to one or two operands (`OpExpr`), resolved to a type.
public struct OperatorCall: Sendable, Hashable {
  public var name: String
  public var args: [TypedExpr]
  public var resultType: SQLType
}

/// `left op ANY/ALL (array)` (`ScalarArrayOpExpr`); `IN (...)` becomes `= ANY`, `NOT IN` `<> ALL`.
public struct ArrayOperatorCall: Sendable, Hashable {
  public var name: String
  /// True for ANY, false for ALL.
  public var useOr: Bool
  public var left: TypedExpr
  /// An array constant, an `ARRAY[...]` expression, or any other array-valued expression.
  public var right: TypedExpr
}

/// A function call that is not an aggregate or window function (`FuncExpr`).
public struct FunctionCall: Sendable, Hashable {
  public var name: String
  public var args: [TypedExpr]
  public var resultType: SQLType
  public var volatility: Volatility
  /// `procost`, in units of `cpu_operator_cost`.
  public var cost: Double
  /// Written in SQL-standard syntax (`x AT TIME ZONE z`, `EXTRACT(f FROM x)`), which is how
  /// PostgreSQL prints it back (`COERCE_SQL_SYNTAX`).
  public var sqlSyntax = false
}

/// An aggregate call (`Aggref`).
public struct AggregateCall: Sendable, Hashable {
  public var name: String
  /// The aggregated arguments (for an ordered-set aggregate, its WITHIN GROUP expressions).
  public var args: [TypedExpr]
  public var star: Bool
  public var distinct: Bool
  public var filter: TypedExpr?
  public var resultType: SQLType
  /// ORDER BY inside the call, or an ordered-set aggregate's WITHIN GROUP order (`aggorder`).
  public var orderBy: [SortKey] = []
  /// An ordered-set aggregate's direct arguments, evaluated once per group (`aggdirectargs`):
  /// the fraction of `percentile_cont(0.5)`.
  public var directArgs: [TypedExpr] = []

  /// Whether the aggregate sorts or de-duplicates its input itself (PostgreSQL counts these
  /// in `numOrderedAggs`): such aggregates rule out hashed grouping and partial aggregation.
  public var sortsInput: Bool { distinct || !orderBy.isEmpty }
}

/// A window function call (`WindowFunc`) and the index of its window in `AnalyzedQuery.windows`.
public struct WindowCall: Sendable, Hashable {
  public var name: String
  public var args: [TypedExpr]
  public var window: Int
  public var resultType: SQLType
}

/// An expression after semantic analysis: names resolved, types assigned, implicit casts made
/// explicit and constants folded where PostgreSQL folds them (`eval_const_expressions`).
public indirect enum TypedExpr: Sendable, Hashable {
  case column(ColumnVar)
  case constant(TypedConstant)
  /// `$n`, with the type its context gives it.
  case parameter(Int, SQLType)
  case operation(OperatorCall)
  case arrayOperation(ArrayOperatorCall)
  case and([TypedExpr])
  case or([TypedExpr])
  case not(TypedExpr)
  /// IS [NOT] NULL.
  case nullTest(TypedExpr, isNot: Bool)
  case booleanTest(TypedExpr, BooleanTest.Kind)
  case function(FunctionCall)
  case aggregate(AggregateCall)
  case window(WindowCall)
  /// A type coercion. `isRelabel` when binary-compatible (no function runs, e.g. varchar → text).
  case cast(TypedExpr, to: SQLType, isRelabel: Bool)
  /// `ARRAY[...]`.
  case array([TypedExpr], elementType: SQLType)
  /// Any other expression (CASE, COALESCE, subscripts, ...): its type, its per-row cost in
  /// operator evaluations, and its operands (for the columns it reads).
  case opaque(kind: String, type: SQLType, operatorCount: Double, args: [TypedExpr])
  /// A column of another relation, fixed for one scan of a parameterized inner path of a nested
  /// loop (PostgreSQL's `PARAM_EXEC` nestloop parameter): a value unknown at planning, like `$n`.
  case outerColumn(ColumnVar)
  /// A scalar subquery (`EXPR_SUBLINK`): an InitPlan computed once when it reads nothing of the
  /// query around it, else a SubPlan run for each row.
  case subquery(SubqueryExpr)

  public var type: SQLType {
    switch self {
    case .column(let column): column.type
    case .constant(let constant): constant.type
    case .parameter(_, let type): type
    case .operation(let call): call.resultType
    case .arrayOperation, .and, .or, .not, .nullTest, .booleanTest: .boolean
    case .function(let call): call.resultType
    case .aggregate(let call): call.resultType
    case .window(let call): call.resultType
    case .cast(_, let type, _): type
    case .array(_, let element): .array(element)
    case .opaque(_, let type, _, _): type
    case .outerColumn(let column): column.type
    case .subquery(let subquery): subquery.resultType
    }
  }

  /// The direct operands.
  public var children: [TypedExpr] {
    switch self {
    case .column, .constant, .parameter, .outerColumn: []
    case .operation(let call): call.args
    case .arrayOperation(let call): [call.left, call.right]
    case .and(let args), .or(let args): args
    case .not(let arg), .nullTest(let arg, _), .booleanTest(let arg, _), .cast(let arg, _, _): [arg]
    case .function(let call): call.args
    case .aggregate(let call):
      call.directArgs + call.args + call.orderBy.map(\.expr) + (call.filter.map { [$0] } ?? [])
    case .window(let call): call.args
    case .array(let elements, _): elements
    case .opaque(_, _, _, let args): args
    case .subquery(let subquery): subquery.outerColumns.map { .column($0) } + (subquery.testExpr.map { [$0] } ?? [])
    }
  }

  /// Every column the expression reads, in order of appearance (repeats kept).
  public var columns: [ColumnVar] {
    if case .column(let column) = self { return [column] }
    return children.flatMap(\.columns)
  }

  /// True when the expression reads no column, aggregate or window function, and calls nothing
  /// volatile: a value fixed for one execution (PostgreSQL's pseudo-constant; `$n` parameters
  /// count, their value is just unknown at planning).
  public var isPseudoConstant: Bool {
    switch self {
    case .column, .aggregate, .window: false
    case .function(let call) where call.volatility == .volatile: false
    default: children.allSatisfy(\.isPseudoConstant)
    }
  }

  /// The expression with each column replaced by what `transform` returns for it (the column
  /// itself when nil).
  public func replacingColumns(_ transform: (ColumnVar) -> TypedExpr?) -> TypedExpr {
    transformed { expr in
      if case .column(let column) = expr { return transform(column) ?? expr }
      return nil
    }
  }

  /// The expression rebuilt top-down: where `visit` returns an expression it replaces the node
  /// (and its operands); where it returns nil the node is kept and its operands visited.
  public func transformed(_ visit: (TypedExpr) -> TypedExpr?) -> TypedExpr {
    if let replaced = visit(self) { return replaced }
    func recurse(_ expr: TypedExpr) -> TypedExpr { expr.transformed(visit) }
    switch self {
    case .column, .constant, .parameter, .outerColumn, .subquery: return self
    case .operation(var call):
      call.args = call.args.map(recurse)
      return .operation(call)
    case .arrayOperation(var call):
      call.left = recurse(call.left)
      call.right = recurse(call.right)
      return .arrayOperation(call)
    case .and(let args): return .and(args.map(recurse))
    case .or(let args): return .or(args.map(recurse))
    case .not(let arg): return .not(recurse(arg))
    case .nullTest(let arg, let isNot): return .nullTest(recurse(arg), isNot: isNot)
    case .booleanTest(let arg, let kind): return .booleanTest(recurse(arg), kind)
    case .function(var call):
      call.args = call.args.map(recurse)
      return .function(call)
    case .aggregate(var call):
      call.args = call.args.map(recurse)
      call.filter = call.filter.map(recurse)
      call.directArgs = call.directArgs.map(recurse)
      call.orderBy = call.orderBy.map {
        SortKey(expr: recurse($0.expr), descending: $0.descending, nullsFirst: $0.nullsFirst)
      }
      return .aggregate(call)
    case .window(var call):
      call.args = call.args.map(recurse)
      return .window(call)
    case .cast(let arg, let type, let relabel): return .cast(recurse(arg), to: type, isRelabel: relabel)
    case .array(let elements, let type): return .array(elements.map(recurse), elementType: type)
    case .opaque(let kind, let type, let count, let args):
      return .opaque(kind: kind, type: type, operatorCount: count, args: args.map(recurse))
    }
  }

  /// The expression over relation `relation` instead (a partial index's predicate, analyzed as
  /// a query of its table alone, applied to that table's place in a join).
  public func movedToRelation(_ relation: Int) -> TypedExpr {
    replacingColumns { column in
      var moved = column
      moved.relation = relation
      return .column(moved)
    }
  }

  /// The scalar subqueries in the expression, outermost first.
  public var subqueries: [SubqueryExpr] {
    if case .subquery(let subquery) = self { return [subquery] }
    return children.flatMap(\.subqueries)
  }

  /// True when a SubPlan in the expression reads the outer row (parallel-restricted).
  public var hasCorrelatedSubPlan: Bool { subqueries.contains { !$0.outerColumns.isEmpty } }

  /// True when the expression reads a column of an outer relation (a nestloop parameter).
  public var readsOuterColumn: Bool {
    if case .outerColumn = self { return true }
    return children.contains(where: \.readsOuterColumn)
  }

  public var containsAggregate: Bool {
    if case .aggregate = self { return true }
    return children.contains(where: \.containsAggregate)
  }

  public var containsWindowFunction: Bool {
    if case .window = self { return true }
    return children.contains(where: \.containsWindowFunction)
  }

  /// The column, when the expression is a column possibly under binary-compatible relabels.
  public var strippedColumn: ColumnVar? {
    switch self {
    case .column(let column): column
    case .cast(let arg, _, true): arg.strippedColumn
    default: nil
    }
  }
}

/// A scalar subquery in an expression, with the outer columns it reads (none for an InitPlan),
/// and once planned, its plan.
public struct SubqueryExpr: Sendable, Hashable {
  /// PostgreSQL's plan_id: SubPlans and InitPlans are numbered from 1 in the order analysis meets them.
  public var number: Int
  public var query: AnalyzedSubquery
  /// The columns of the outer query it reads (`parParam`), as the outer query numbers them.
  public var outerColumns: [ColumnVar]
  public var resultType: SQLType
  /// For `x IN (subquery)` kept as a SubPlan (`ANY_SUBLINK`): the tested expression `x`, compared
  /// by `=` with the subquery's output.
  public var testExpr: TypedExpr?
  /// Set by the planner: the subquery's plan, its cost and rows.
  public var plan: PlannedSubquery?

  /// A scalar subquery that reads nothing of the query around it: computed once, as an InitPlan.
  public var isInitPlan: Bool { outerColumns.isEmpty && testExpr == nil }

  /// `subplan_is_hashable`: an uncorrelated IN whose output fits in `hash_mem` is read once into
  /// a hash table (`hashed SubPlan`).
  public func isHashed(hashMemoryBytes: Double) -> Bool {
    guard testExpr != nil, outerColumns.isEmpty, let plan else { return false }
    let tupleBytes = Double(CostSizeAlign.maxAlign(plan.width) + CostSizeAlign.maxAlign(23))
    return plan.rows * tupleBytes <= hashMemoryBytes
  }
}

/// MAXALIGN for sizes outside the cost code.
enum CostSizeAlign {
  static func maxAlign(_ size: Int) -> Int { (size + 7) & ~7 }
}

/// A subquery's plan as the outer query's costs and EXPLAIN need it.
public final class PlannedSubquery: Sendable, Hashable {
  public let node: PlanNode
  public let startupCost: Double
  public let totalCost: Double
  public let rows: Double
  public let width: Int
  /// `hash_mem` when it was planned, for `isHashed`.
  public let hashed: Bool

  public init(node: PlanNode, startupCost: Double, totalCost: Double, rows: Double, width: Int, hashed: Bool = false) {
    self.node = node
    self.startupCost = startupCost
    self.totalCost = totalCost
    self.rows = rows
    self.width = width
    self.hashed = hashed
  }

  public static func == (lhs: PlannedSubquery, rhs: PlannedSubquery) -> Bool { lhs === rhs }
  public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
