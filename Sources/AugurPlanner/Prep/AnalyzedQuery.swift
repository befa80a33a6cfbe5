import AugurCatalog

/// A query after semantic analysis (PostgreSQL's `Query` after `parse_analyze`): every name
/// resolved against the snapshot, every expression typed, the WHERE clause split into its
/// top-level conjuncts.
public struct AnalyzedQuery: Sendable {
  /// The base relations of FROM, in order (PostgreSQL's range table).
  public var relations: [QueryRelation]
  /// FROM's items as written (PostgreSQL's `jointree->fromlist`): base relations by position in
  /// `relations`, and explicit joins with their kind and ON conditions.
  public var fromList: [JoinTreeNode] = []
  /// EXISTS, NOT EXISTS and IN (subquery) in WHERE, pulled up into semi and anti joins
  /// (PostgreSQL's `pull_up_sublinks`), in the order written.
  public var sublinkJoins: [SublinkJoin] = []
  /// Whether any expression holds a scalar subquery (set by analysis, so that planning a query
  /// without one never walks its expressions for them).
  public var hasScalarSubqueries = false
  public var targetList: [TargetEntry]
  /// WHERE, as a list of conjuncts (implicit AND).
  public var quals: [TypedExpr]
  public var groupBy: [TypedExpr]
  public var having: TypedExpr?
  public var windows: [WindowSpec]
  public var sortClause: [SortKey]
  public var distinct: DistinctClause?
  public var limitCount: LimitValue?
  public var limitOffset: LimitValue?
  /// For INSERT ... SELECT, UPDATE and DELETE: the table written, above the query's plan.
  public var modification: Modification?

  /// True when any aggregate appears in the target list or HAVING (or GROUP BY is present).
  public var hasAggregation: Bool {
    !groupBy.isEmpty || having != nil || targetList.contains { $0.expr.containsAggregate }
  }

  public var hasWindowFunctions: Bool { targetList.contains { $0.expr.containsWindowFunction } }
}

/// What an INSERT, UPDATE or DELETE does with the rows its query produces (PostgreSQL's
/// ModifyTable).
public struct Modification: Sendable, Hashable {
  public enum Operation: String, Sendable, Hashable {
    case insert = "Insert", update = "Update", delete = "Delete"
  }
  public var operation: Operation
  public var table: Relation
  public var alias: String
}

/// A base relation as the query names it.
public struct QueryRelation: Sendable {
  public var relation: Relation
  /// The alias, or the relation's name when none was given (what EXPLAIN prints as Alias).
  public var alias: String
  /// For a subquery in FROM that cannot be pulled up (grouping, DISTINCT, ORDER BY, LIMIT): the
  /// subquery, planned on its own and read by a Subquery Scan (`relation` then describes its
  /// output columns).
  public var subquery: AnalyzedSubquery?
  /// For a reference to a WITH query PostgreSQL materializes (used more than once, or
  /// MATERIALIZED): the query, planned once for the statement and read by CTE Scans.
  public var commonTable: CommonTableQuery?
  /// For the result of UNION [ALL] (`plan_set_operations`): its branches, each planned on its own.
  public var setOperation: SetOperationQuery?

  public init(
    relation: Relation, alias: String, subquery: AnalyzedSubquery? = nil, commonTable: CommonTableQuery? = nil,
    setOperation: SetOperationQuery? = nil
  ) {
    self.relation = relation
    self.alias = alias
    self.subquery = subquery
    self.commonTable = commonTable
    self.setOperation = setOperation
  }

  /// A relation planned from a query of its own (a subquery or a WITH query) rather than scanned.
  public var isDerived: Bool { subquery != nil || commonTable != nil || setOperation != nil }
}

/// A materialized WITH query, shared by all its references (PostgreSQL's `CTE <name>` subplan).
public final class CommonTableQuery: Sendable, Hashable {
  public let name: String
  public let query: AnalyzedQuery

  public init(name: String, query: AnalyzedQuery) {
    self.name = name
    self.query = query
  }

  public static func == (lhs: CommonTableQuery, rhs: CommonTableQuery) -> Bool { lhs === rhs }
  public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// A subquery planned on its own (PostgreSQL's RTE_SUBQUERY with its own PlannerInfo).
public final class AnalyzedSubquery: Sendable, Hashable {
  public let query: AnalyzedQuery

  public init(query: AnalyzedQuery) { self.query = query }

  public static func == (lhs: AnalyzedSubquery, rhs: AnalyzedSubquery) -> Bool { lhs === rhs }
  public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}

/// One output column (`TargetEntry`).
public struct TargetEntry: Sendable, Hashable {
  public var expr: TypedExpr
  public var name: String
}

/// A window's PARTITION BY and ORDER BY.
public struct WindowSpec: Sendable, Hashable {
  public var partitionBy: [TypedExpr]
  public var orderBy: [SortKey]
  /// Conditions on its monotonic functions that let the WindowAgg stop early (PostgreSQL 15's
  /// `WindowClause.runCondition`), taken from the query around it.
  public var runCondition: [TypedExpr] = []
}

/// An ORDER BY item.
public struct SortKey: Sendable, Hashable {
  public var expr: TypedExpr
  public var descending: Bool
  public var nullsFirst: Bool

  public init(expr: TypedExpr, descending: Bool, nullsFirst: Bool) {
    self.expr = expr
    self.descending = descending
    self.nullsFirst = nullsFirst
  }
}

/// SELECT DISTINCT or DISTINCT ON.
public enum DistinctClause: Sendable, Hashable {
  case all
  case on([TypedExpr])
}

/// A LIMIT or OFFSET value: a constant, NULL (no limit), or unknown until execution
/// (parameters, expressions), which PostgreSQL estimates as 10% of the rows.
public enum LimitValue: Sendable, Hashable {
  case constant(Double)
  case null
  case unknown
}

/// An item of FROM after analysis (PostgreSQL's `RangeTblRef` or `JoinExpr`).
public indirect enum JoinTreeNode: Sendable, Hashable {
  /// A base relation, by position in `AnalyzedQuery.relations`.
  case relation(Int)
  /// An explicit JOIN. RIGHT joins are stored as LEFT joins with their sides swapped, as the
  /// planner treats them; CROSS, NATURAL and USING joins are inner or outer joins whose
  /// conditions analysis spelled out.
  case join(kind: JoinKind, left: JoinTreeNode, right: JoinTreeNode, quals: [TypedExpr])

  /// The positions of the base relations below this item.
  public var relations: [Int] {
    switch self {
    case .relation(let index): [index]
    case .join(_, let left, let right, _): left.relations + right.relations
    }
  }
}

extension AnalyzedQuery {
  /// Mirrors `remove_useless_groupby_columns` (planner.c): when GROUP BY holds every column of a
  /// table's (non-deferrable) primary key, the table's other columns in GROUP BY are functionally
  /// dependent on it and are dropped from the grouping.
  func removingUselessGroupByColumns() -> AnalyzedQuery {
    guard groupBy.count > 1 else { return self }
    var useless = Set<TypedExpr>()
    for (index, entry) in relations.enumerated() {
      guard
        let key = entry.relation.constraints.first(where: { $0.kind == .primaryKey && !$0.isDeferrable })
      else { continue }
      let grouped = groupBy.compactMap { expr -> String? in
        guard case .column(let column) = expr, column.relation == index else { return nil }
        return column.name
      }
      guard key.columns.allSatisfy(grouped.contains) else { continue }
      for expr in groupBy {
        if case .column(let column) = expr, column.relation == index, !key.columns.contains(column.name) {
          useless.insert(expr)
        }
      }
    }
    guard !useless.isEmpty else { return self }
    var reduced = self
    reduced.groupBy = groupBy.filter { !useless.contains($0) }
    return reduced
  }
}

/// A WHERE subquery turned into a join (`convert_EXISTS_sublink_to_join`,
/// `convert_ANY_sublink_to_join`): the subquery's FROM joins the rest of the query as the inner
/// side of a SEMI join (EXISTS, IN) or an ANTI join (NOT EXISTS); its WHERE, and for IN the
/// equality of the tested expression with the subquery's output, are the join's conditions.
public struct SublinkJoin: Sendable, Hashable {
  public var kind: JoinKind
  public var right: [JoinTreeNode]
  public var quals: [TypedExpr]
  /// For a sublink inside another sublink's subquery: the relations of that subquery it joins
  /// (nil: everything before it in the query).
  public var left: [Int]?
  /// Relations of sublinks nested in this one's subquery, which belong to its inner side.
  public var nestedRelations: [Int] = []

  public init(kind: JoinKind, right: [JoinTreeNode], quals: [TypedExpr], left: [Int]? = nil) {
    self.kind = kind
    self.right = right
    self.quals = quals
    self.left = left
  }

  /// The relations of its inner side.
  public var relations: [Int] { right.flatMap(\.relations) + nestedRelations }
}

/// `UNION` or `UNION ALL` over two or more SELECTs (nested ones of the same kind flattened, as
/// `generate_union_paths` flattens them).
public final class SetOperationQuery: Sendable, Hashable {
  public let all: Bool
  public let branches: [AnalyzedQuery]

  public init(all: Bool, branches: [AnalyzedQuery]) {
    self.all = all
    self.branches = branches
  }

  public static func == (lhs: SetOperationQuery, rhs: SetOperationQuery) -> Bool { lhs === rhs }
  public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(self)) }
}
