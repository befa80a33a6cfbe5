import AugurCatalog
import AugurSQL
import Foundation

/// Semantic analysis of one statement against a snapshot, mirroring PostgreSQL's
/// `transformSelectStmt` and `transformExpr` (parser/analyze.c, parse_expr.c) for the SQL the
/// planner models: names resolve through the search path, aliases and `*` expand, operand
/// types meet as PostgreSQL's operator resolution would make them meet (unknown literals take
/// the other side's type, integers widen to numeric, varchar relabels to text), BETWEEN and IN
/// become the comparisons PostgreSQL rewrites them into, and casts of constants fold.
struct Analyzer {
  let snapshot: StatsSnapshot
  let searchPath: [String]
  let cache: PlannerCache
  private(set) var relations: [QueryRelation] = []
  /// The column types of each relation in `relations`.
  private var columnTypes: [[SQLType]] = []
  /// Columns a USING or NATURAL join merged: an unqualified name resolves to the side the join
  /// keeps (the left side's column, or the right side's for a RIGHT join).
  private var mergedColumns: [String: ColumnVar] = [:]
  /// The relations each query level sees, the current (innermost) level last: a subquery's
  /// names resolve in its own FROM first, then in the queries around it.
  private var scopes: [[Int]] = [[]]
  /// Subqueries in FROM pulled up into the query (`pull_up_simple_subquery`), per query level:
  /// their alias and output columns, each the expression it stands for.
  private var pulledUp: [[PulledUpSubquery]] = [[]]
  /// WHERE conditions of pulled-up subqueries, to be checked with the query's own.
  private var pulledUpQuals: [TypedExpr] = []
  /// EXISTS/IN of pulled-up subqueries' WHERE, joined like the query's own.
  private var pulledUpSublinks: [SublinkJoin] = []
  /// Sublinks found inside a sublink's subquery, to follow it in the query's list.
  private var nestedSublinks: [SublinkJoin] = []
  /// WITH queries by name, and whether each was already used (a second use would make
  /// PostgreSQL materialize it).
  private var commonTableExpressions: [String: CommonTableExpr] = [:]
  /// Shared by every analyzer of one statement (subqueries included).
  private var usedCommonTableExpressions = UsedNames()

  final class UsedNames {
    var names: Set<String> = []
    /// How often the statement names each WITH query in FROM.
    var references: [String: Int] = [:]
    /// The materialized WITH queries analyzed so far, by name.
    var materialized: [String: CommonTableQuery] = [:]
  }
  /// The query a scalar subquery sits in, for its correlated names (`varlevelsup` 1).
  private var enclosing: EnclosingQuery?
  /// Numbers the scalar subqueries of a statement (shared with the subqueries' analyzers).
  private var subqueryCounter = SubqueryCounter()
  /// The enclosing query's columns this (sub)query read, in its numbering.
  private var outerReferences = OuterReferences()

  final class EnclosingQuery {
    let analyzer: Analyzer
    init(_ analyzer: Analyzer) { self.analyzer = analyzer }
  }

  /// The WINDOW clause's named definitions and the distinct windows the calls use.
  final class WindowState {
    var named: [WindowDef] = []
    var specs: [WindowSpec] = []
  }

  private var windowState = WindowState()

  final class SubqueryCounter {
    var count = 0
  }

  final class OuterReferences {
    var columns: [ColumnVar] = []
  }

  struct PulledUpSubquery {
    var alias: String
    var columns: [(name: String, expr: TypedExpr)]
    /// How many relations of its query level's scope precede it in FROM (where `*` lists its
    /// columns).
    var position: Int = 0
  }

  init(snapshot: StatsSnapshot, searchPath: [String]? = nil, cache: PlannerCache = PlannerCache()) {
    self.snapshot = snapshot
    self.searchPath =
      searchPath ?? Self.searchPath(snapshot.settings["search_path"] ?? PlannerSettings.defaults["search_path"] ?? "")
    self.cache = cache
  }

  /// `"$user", public` → `["public"]` (the `$user` schema exists only for a session).
  static func searchPath(_ setting: String) -> [String] {
    let schemas = setting.split(separator: ",").map {
      $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
    }.filter { !$0.isEmpty && $0 != "$user" }
    return schemas.isEmpty ? ["public"] : schemas
  }

  mutating func analyze(_ statement: Statement) throws(PlannerError) -> AnalyzedQuery {
    switch statement {
    case .select(let select): return try analyzeSelect(select)
    case .delete(let delete):
      if !delete.using.isEmpty { throw .notSupported("DELETE ... USING") }
      if !delete.returning.isEmpty { throw .notSupported("RETURNING") }
      if delete.with != nil { throw .notSupported("WITH ... DELETE") }
      return try analyzeModification(.delete, table: delete.relation, set: [], whereClause: delete.whereClause)
    case .update(let update):
      if !update.from.isEmpty { throw .notSupported("UPDATE ... FROM") }
      if !update.returning.isEmpty { throw .notSupported("RETURNING") }
      if update.with != nil { throw .notSupported("WITH ... UPDATE") }
      return try analyzeModification(
        .update, table: update.relation, set: update.targetList, whereClause: update.whereClause)
    case .insert(let insert):
      if insert.onConflict != nil { throw .notSupported("INSERT ... ON CONFLICT") }
      if !insert.returning.isEmpty { throw .notSupported("RETURNING") }
      if insert.with != nil { throw .notSupported("WITH ... INSERT") }
      guard let source = insert.source, case .simple = source.body else {
        throw .notSupported("INSERT ... VALUES or DEFAULT VALUES")
      }
      var query = try analyzeSelect(source)
      let table = try resolveTable(insert.relation)
      query.modification = Modification(
        operation: .insert, table: table, alias: insert.relation.alias?.name ?? table.name)
      return query
    default:
      throw .notSupported("\(statement.nodeTag) statements")
    }
  }

  /// DELETE and UPDATE of one table without other tables or subqueries: planned as the scan of
  /// the rows they change, returning each row's `ctid` (and for UPDATE the new values), under a
  /// ModifyTable (`grouping_planner` → `create_modifytable_path`).
  private mutating func analyzeModification(
    _ operation: Modification.Operation, table rangeVar: RangeVar, set: [ResTarget], whereClause: Expr?
  ) throws(PlannerError) -> AnalyzedQuery {
    let from = try addFromItem(.relation(rangeVar))
    var query = AnalyzedQuery(
      relations: relations, targetList: [], quals: [], groupBy: [], having: nil, windows: [], sortClause: [],
      distinct: nil, limitCount: nil, limitOffset: nil)
    let relation = relations[0].relation
    for target in set {
      guard let name = target.name, let value = target.value else { throw .notSupported("SET without a column") }
      guard !value.contains(where: Self.isSubLink) else { throw .notSupported("subqueries in UPDATE ... SET") }
      guard let position = relation.columns.firstIndex(where: { $0.name == name }) else {
        throw .semantic(
          message: "column \"\(name)\" of relation \"\(relation.name)\" does not exist", location: target.location)
      }
      if case .setToDefault = value { throw .notSupported("SET ... = DEFAULT") }
      if case .multiAssign = value { throw .notSupported("SET (a, b) = ...") }
      let expr = Coercion.coerce(try transform(value), to: columnTypes[0][position])
      query.targetList.append(TargetEntry(expr: expr, name: name))
    }
    // The row identity every UPDATE and DELETE scan returns (a resjunk `ctid`).
    query.targetList.append(
      TargetEntry(expr: .opaque(kind: "ctid", type: .named("tid"), operatorCount: 0, args: []), name: "ctid"))
    if let whereClause {
      guard !whereClause.contains(where: Self.isSubLink) else {
        throw .notSupported("subqueries in \(operation == .update ? "UPDATE" : "DELETE") ... WHERE")
      }
      query.quals = Self.conjuncts(try coerceToBoolean(try transform(whereClause), clause: "WHERE"))
    }
    query.relations = relations
    query.fromList = [from]
    query.modification = Modification(operation: operation, table: relation, alias: relations[0].alias)
    return query
  }

  /// A table named in FROM or written by a statement, found on the search path.
  private func resolveTable(_ rangeVar: RangeVar) throws(PlannerError) -> Relation {
    for schema in rangeVar.schema.map({ [$0] }) ?? searchPath {
      if let relation = snapshot.relation(schema: schema, name: rangeVar.name) { return relation }
    }
    throw .semantic(message: "relation \"\(rangeVar.qualifiedName)\" does not exist", location: rangeVar.location)
  }

  private static func isSubLink(_ expr: Expr) -> Bool {
    if case .subLink = expr { return true }
    return false
  }

  mutating func analyzeSelect(_ select: SelectStmt) throws(PlannerError) -> AnalyzedQuery {
    if let with = select.with { try registerCommonTableExpressions(with, in: select) }
    if !select.locking.isEmpty { throw .notSupported("FOR UPDATE/SHARE") }
    if select.into != nil { throw .notSupported("SELECT INTO") }
    if select.limitOption == .withTies { throw .notSupported("FETCH ... WITH TIES") }
    if case .setOperation(let operation) = select.body { return try analyzeSetOperation(operation, select) }
    guard case .simple(let simple) = select.body else { throw .notSupported("VALUES") }
    var fromList: [JoinTreeNode] = []
    for item in simple.from { fromList.append(try addFromItem(item)) }
    var query = AnalyzedQuery(
      relations: relations, targetList: [], quals: [], groupBy: [], having: nil, windows: [], sortClause: [],
      distinct: nil, limitCount: nil, limitOffset: nil)
    windowState.named = simple.windows
    query.targetList = try targetList(simple.targetList)
    if let whereClause = simple.whereClause {
      for raw in Self.rawConjuncts(whereClause) {
        if let sublink = try sublinkJoin(raw) {
          query.sublinkJoins.append(sublink)
          query.sublinkJoins += nestedSublinks
          nestedSublinks = []
          continue
        }
        let condition = try coerceToBoolean(try transform(raw), clause: "WHERE")
        if condition.containsAggregate {
          throw .semantic(message: "aggregate functions are not allowed in WHERE", location: whereClause.location)
        }
        query.quals += Self.conjuncts(condition)
      }
    }
    if simple.groupByDistinct { throw .notSupported("GROUP BY DISTINCT") }
    for item in simple.groupBy {
      if case .groupingSet = item { throw .notSupported("GROUPING SETS/ROLLUP/CUBE") }
      query.groupBy.append(try outputReference(item, targets: query.targetList, clause: "GROUP BY"))
    }
    if let having = simple.having {
      query.having = try coerceToBoolean(try transform(having), clause: "HAVING")
    }
    query.sortClause = try sortClause(select.orderBy, targets: query.targetList)
    switch simple.distinct {
    case nil: break
    case .all?: query.distinct = .all
    case .on(let exprs)?:
      var keys: [TypedExpr] = []
      for expr in exprs { keys.append(try outputReference(expr, targets: query.targetList, clause: "DISTINCT ON")) }
      query.distinct = .on(keys)
    }
    query.limitCount = try select.limitCount.map { expr throws(PlannerError) in try limitValue(expr) }
    query.limitOffset = try select.limitOffset.map { expr throws(PlannerError) in try limitValue(expr) }
    query.quals = pulledUpQuals + query.quals
    query.sublinkJoins = pulledUpSublinks + query.sublinkJoins
    query.windows = windowState.specs
    query.hasScalarSubqueries = !QueryPlanner.scalarSubqueries(query).isEmpty
    query.relations = relations
    query.fromList = fromList
    return query
  }

  /// A scalar subquery: analyzed as a query of its own that sees this query's names; an InitPlan
  /// when it reads none of them, a SubPlan otherwise.
  private func scalarSubquery(_ sublink: SubLink) throws(PlannerError) -> TypedExpr {
    guard case .select(let select) = sublink.subselect else {
      throw .notSupported("scalar subqueries that are not SELECTs")
    }
    var analyzer = Analyzer(snapshot: snapshot, searchPath: searchPath, cache: cache)
    analyzer.commonTableExpressions = commonTableExpressions
    analyzer.usedCommonTableExpressions = usedCommonTableExpressions
    analyzer.enclosing = EnclosingQuery(self)
    analyzer.subqueryCounter = subqueryCounter
    var tested: TypedExpr?
    if sublink.kind == .any {
      guard let testExpr = sublink.testExpr, (sublink.operatorName.last ?? "=") == "=" else {
        throw .notSupported("ANY (subquery) with an operator other than =")
      }
      tested = try transform(testExpr)
    }
    let query = try analyzer.analyzeSelect(select)
    guard query.targetList.count == 1 else {
      throw .semantic(message: "subquery must return only one column", location: sublink.location)
    }
    subqueryCounter.count += 1
    var seen = Set<ColumnVar>()
    let outer = analyzer.outerReferences.columns.filter { seen.insert($0).inserted }
    return .subquery(
      SubqueryExpr(
        number: subqueryCounter.count, query: AnalyzedSubquery(query: query), outerColumns: outer,
        resultType: tested == nil ? query.targetList[0].expr.type : .boolean, testExpr: tested))
  }

  /// ORDER BY's keys over the output columns (`transformSortClause`): a direction's default
  /// NULLS placement (last ascending, first descending) made explicit.
  private func sortClause(_ orderBy: [SortBy], targets: [TargetEntry]) throws(PlannerError) -> [SortKey] {
    var keys: [SortKey] = []
    for sort in orderBy {
      if sort.direction == .using { throw .notSupported("ORDER BY ... USING") }
      let expr = try outputReference(sort.expr, targets: targets, clause: "ORDER BY")
      let descending = sort.direction == .descending
      let nullsFirst = sort.nulls == .default ? descending : sort.nulls == .first
      keys.append(SortKey(expr: expr, descending: descending, nullsFirst: nullsFirst))
    }
    return keys
  }

  // MARK: Set operations

  /// `transformSetOperationStmt` and `plan_set_operations` for UNION [ALL]: the branches
  /// analyzed as queries of their own, the result a relation whose columns are the first
  /// branch's; ORDER BY and LIMIT apply to it.
  private mutating func analyzeSetOperation(
    _ operation: SetOperation, _ select: SelectStmt
  ) throws(PlannerError) -> AnalyzedQuery {
    guard operation.op == .union else { throw .notSupported("INTERSECT/EXCEPT (SetOp)") }
    var branches: [SelectStmt] = []
    func flatten(_ statement: SelectStmt) throws(PlannerError) {
      if case .setOperation(let inner) = statement.body, statement.orderBy.isEmpty, statement.limitCount == nil,
        statement.with == nil
      {
        guard inner.op == .union, inner.all == operation.all else {
          throw .notSupported("mixed set operations")
        }
        try flatten(inner.left)
        try flatten(inner.right)
      } else {
        branches.append(statement)
      }
    }
    try flatten(operation.left)
    try flatten(operation.right)
    var analyzed: [AnalyzedQuery] = []
    for branch in branches {
      var analyzer = Analyzer(snapshot: snapshot, searchPath: searchPath, cache: cache)
      analyzer.commonTableExpressions = commonTableExpressions
      analyzer.usedCommonTableExpressions = usedCommonTableExpressions
      analyzer.subqueryCounter = subqueryCounter
      analyzed.append(try analyzer.analyzeSelect(branch))
    }
    guard let first = analyzed.first, analyzed.allSatisfy({ $0.targetList.count == first.targetList.count }) else {
      throw .semantic(message: "each UNION query must have the same number of columns", location: nil)
    }
    let columns = first.targetList.enumerated().map { position, entry in
      Column(number: position + 1, name: entry.name, type: entry.expr.type.description, typeOID: 0, typmod: -1)
    }
    let relation = Relation(schema: "", name: "*SELECT*", kind: .table, columns: columns)
    relations.append(
      QueryRelation(
        relation: relation, alias: "*SELECT*", setOperation: SetOperationQuery(all: operation.all, branches: analyzed)))
    columnTypes.append(first.targetList.map(\.expr.type))
    let index = relations.count - 1
    scopes[scopes.count - 1].append(index)
    var query = AnalyzedQuery(
      relations: relations, targetList: [], quals: [], groupBy: [], having: nil, windows: [], sortClause: [],
      distinct: nil, limitCount: nil, limitOffset: nil)
    query.fromList = [.relation(index)]
    query.targetList = first.targetList.enumerated().map { position, entry in
      TargetEntry(
        expr: .column(ColumnVar(relation: index, column: position, name: entry.name, type: entry.expr.type)),
        name: entry.name)
    }
    query.sortClause = try sortClause(select.orderBy, targets: query.targetList)
    query.limitCount = try select.limitCount.map { expr throws(PlannerError) in try limitValue(expr) }
    query.limitOffset = try select.limitOffset.map { expr throws(PlannerError) in try limitValue(expr) }
    query.relations = relations
    return query
  }

  // MARK: Subqueries in FROM and WITH

  /// PostgreSQL 12+ inlines a WITH query used once, unless it is MATERIALIZED, recursive or
  /// data-modifying; here each is inlined on its first use, and a second use is refused (it
  /// would be a CTE Scan).
  private mutating func registerCommonTableExpressions(_ with: WithClause, in select: SelectStmt) throws(PlannerError) {
    if with.recursive { throw .notSupported("WITH RECURSIVE (recursive union)") }
    for cte in with.ctes {
      guard case .select = cte.query else { throw .notSupported("data-modifying WITH") }
      commonTableExpressions[cte.name] = cte
    }
    // PostgreSQL inlines a WITH query used once; count the uses in the whole statement.
    var statement = select
    statement.with = nil
    for (name, count) in Self.relationNameCounts(statement) where commonTableExpressions[name] != nil {
      usedCommonTableExpressions.references[name, default: 0] += count
    }
    for cte in with.ctes {
      guard case .select(let body) = cte.query else { continue }
      for (name, count) in Self.relationNameCounts(body) where commonTableExpressions[name] != nil {
        usedCommonTableExpressions.references[name, default: 0] += count
      }
    }
  }

  /// How often each unqualified name appears as a relation in FROM anywhere in the statement.
  static func relationNameCounts(_ select: SelectStmt) -> [String: Int] {
    guard let data = try? JSONEncoder().encode(select), let tree = try? JSONSerialization.jsonObject(with: data) else {
      return [:]
    }
    var counts: [String: Int] = [:]
    func walk(_ node: Any) {
      if let object = node as? [String: Any] {
        if let rangeVar = object["RangeVar"] as? [String: Any], rangeVar["schema"] == nil,
          let name = rangeVar["name"] as? String
        {
          counts[name, default: 0] += 1
        }
        object.values.forEach(walk)
      } else if let array = node as? [Any] {
        array.forEach(walk)
      }
    }
    walk(tree)
    return counts
  }

  /// A WITH query PostgreSQL materializes, as a relation read by a CTE Scan: analyzed once for
  /// the statement, its output columns the relation's columns.
  private mutating func addCommonTableRelation(_ cte: CommonTableExpr, alias: String, columnNames: [String])
    throws(PlannerError) -> JoinTreeNode
  {
    let shared: CommonTableQuery
    if let known = usedCommonTableExpressions.materialized[cte.name] {
      shared = known
    } else {
      guard case .select(let select) = cte.query else { throw .notSupported("data-modifying WITH") }
      var analyzer = Analyzer(snapshot: snapshot, searchPath: searchPath, cache: cache)
      analyzer.commonTableExpressions = commonTableExpressions
      analyzer.usedCommonTableExpressions = usedCommonTableExpressions
      analyzer.subqueryCounter = subqueryCounter
      shared = CommonTableQuery(name: cte.name, query: try analyzer.analyzeSelect(select))
      usedCommonTableExpressions.materialized[cte.name] = shared
    }
    if (scopes.last ?? []).contains(where: { relations[$0].alias == alias }) {
      throw .semantic(message: "table name \"\(alias)\" specified more than once", location: nil)
    }
    let names = columnNames.isEmpty ? cte.columnNames : columnNames
    let columns = shared.query.targetList.enumerated().map { position, entry in
      Column(
        number: position + 1, name: position < names.count ? names[position] : entry.name,
        type: entry.expr.type.description, typeOID: 0, typmod: -1)
    }
    let relation = Relation(schema: "", name: cte.name, kind: .table, columns: columns)
    relations.append(QueryRelation(relation: relation, alias: alias, commonTable: shared))
    columnTypes.append(shared.query.targetList.map(\.expr.type))
    scopes[scopes.count - 1].append(relations.count - 1)
    return .relation(relations.count - 1)
  }

  /// `pull_up_simple_subquery`: a subquery in FROM without grouping, aggregates, window
  /// functions, DISTINCT, ORDER BY or LIMIT becomes part of the query: its relations join the
  /// query's, its WHERE joins the query's, and its output columns stand for their expressions.
  private mutating func pullUpSubquery(
    _ statement: Statement, alias: String, columnNames: [String], nullable: Bool
  ) throws(PlannerError) -> JoinTreeNode {
    guard case .select(let select) = statement, case .simple(let simple) = select.body else {
      throw .notSupported("subqueries in FROM with UNION/INTERSECT/EXCEPT or VALUES")
    }
    let grouped =
      !simple.groupBy.isEmpty || simple.having != nil || !simple.windows.isEmpty
      || simple.targetList.contains {
        $0.value.map { Self.containsAggregateCall($0) || Self.containsWindowCall($0) } ?? false
      }
    guard select.with == nil, !grouped, simple.distinct == nil, select.orderBy.isEmpty, select.limitCount == nil,
      select.limitOffset == nil, select.locking.isEmpty, !simple.from.isEmpty
    else { return try addSubqueryRelation(select, alias: alias, columnNames: columnNames) }
    scopes.append([])
    pulledUp.append([])
    defer {
      scopes.removeLast()
      pulledUp.removeLast()
    }
    var items: [JoinTreeNode] = []
    for item in simple.from { items.append(try addFromItem(item, nullable: nullable)) }
    if let whereClause = simple.whereClause {
      if nullable { throw .notSupported("subqueries with WHERE on the nullable side of an outer join") }
      for raw in Self.rawConjuncts(whereClause) {
        // pull_up_sublinks runs on the pulled-up subquery's WHERE too.
        if let sublink = try sublinkJoin(raw) {
          pulledUpSublinks.append(sublink)
          pulledUpSublinks += nestedSublinks
          nestedSublinks = []
          continue
        }
        pulledUpQuals += Self.conjuncts(try coerceToBoolean(try transform(raw), clause: "WHERE"))
      }
    }
    var columns: [(name: String, expr: TypedExpr)] = []
    for target in simple.targetList {
      guard let value = target.value else { continue }
      if case .column(let ref) = value, ref.isStar {
        for entry in try expandStar(ref) { columns.append((entry.name, entry.expr)) }
        continue
      }
      let expr = try transform(value)
      if nullable && expr.strippedColumn == nil {
        throw .notSupported("computed subquery columns on the nullable side of an outer join (PlaceHolderVar)")
      }
      columns.append((target.name ?? Self.outputName(value), expr))
    }
    for (position, name) in columnNames.enumerated() where position < columns.count { columns[position].name = name }
    let subquery = PulledUpSubquery(alias: alias, columns: columns, position: scopes[scopes.count - 2].count)
    pulledUp[pulledUp.count - 2].append(subquery)
    // The subquery's FROM items, as inner joins of one another.
    guard var tree = items.first else { throw .notSupported("a subquery without FROM") }
    for item in items.dropFirst() { tree = .join(kind: .inner, left: tree, right: item, quals: []) }
    return tree
  }

  /// A subquery that stays a relation of its own (`set_subquery_pathlist`): analyzed as a query
  /// of its own, its output columns the relation's columns.
  private mutating func addSubqueryRelation(
    _ select: SelectStmt, alias: String, columnNames: [String]
  ) throws(PlannerError) -> JoinTreeNode {
    var analyzer = Analyzer(snapshot: snapshot, searchPath: searchPath, cache: cache)
    analyzer.commonTableExpressions = commonTableExpressions
    analyzer.usedCommonTableExpressions = usedCommonTableExpressions
    let query = try analyzer.analyzeSelect(select)
    if (scopes.last ?? []).contains(where: { relations[$0].alias == alias }) {
      throw .semantic(message: "table name \"\(alias)\" specified more than once", location: nil)
    }
    var columns: [Column] = []
    // examine_simple_variable: an ungrouped subquery's plain output column has its table
    // column's statistics (grouping mashes them: then there are none).
    let ungrouped = query.groupBy.isEmpty && !query.hasAggregation
    for (position, entry) in query.targetList.enumerated() {
      let name = position < columnNames.count ? columnNames[position] : entry.name
      var column = Column(number: position + 1, name: name, type: entry.expr.type.description, typeOID: 0, typmod: -1)
      if ungrouped, case .column(let source) = entry.expr, source.relation < query.relations.count,
        query.relations[source.relation].subquery == nil, query.relations[source.relation].commonTable == nil
      {
        column.statistics = query.relations[source.relation].relation.columns[source.column].statistics
      }
      columns.append(column)
    }
    let relation = Relation(schema: "", name: alias, kind: .table, columns: columns)
    relations.append(QueryRelation(relation: relation, alias: alias, subquery: AnalyzedSubquery(query: query)))
    columnTypes.append(query.targetList.map(\.expr.type))
    scopes[scopes.count - 1].append(relations.count - 1)
    return .relation(relations.count - 1)
  }

  /// A column of a pulled-up subquery, by alias (innermost query level first) or by name.
  private func pulledUpColumn(_ ref: ColumnRef) throws(PlannerError) -> TypedExpr? {
    guard let name = ref.column else { return nil }
    for level in pulledUp.reversed() {
      for subquery in level where ref.qualifier == nil || ref.qualifier == subquery.alias {
        if let column = subquery.columns.first(where: { $0.name == name }) { return column.expr }
        if ref.qualifier != nil {
          throw .semantic(message: "column \(subquery.alias).\(name) does not exist", location: ref.location)
        }
      }
    }
    return nil
  }

  /// Mirrors `negate_clause` (prep/prepqual.c), which `eval_const_expressions` applies to NOT:
  /// comparisons take their negator, AND and OR swap by De Morgan's laws, IS [NOT] NULL and
  /// boolean tests invert, a double NOT cancels; anything else keeps its NOT.
  static func negate(_ expr: TypedExpr) -> TypedExpr {
    let negators = [
      "=": "<>", "<>": "=", "<": ">=", ">=": "<", ">": "<=", "<=": ">", "~~": "!~~", "!~~": "~~", "~~*": "!~~*",
      "!~~*": "~~*", "~": "!~", "!~": "~", "~*": "!~*", "!~*": "~*",
    ]
    switch expr {
    case .constant(let constant) where constant.type == .boolean:
      guard let text = constant.text else { return expr }
      return .constant(TypedConstant(type: .boolean, text: text == "true" ? "false" : "true"))
    case .operation(var call) where call.args.count == 2:
      guard let negator = negators[call.name] else { return .not(expr) }
      call.name = negator
      return .operation(call)
    case .arrayOperation(var call):
      guard let negator = negators[call.name] else { return .not(expr) }
      call.name = negator
      call.useOr.toggle()
      return .arrayOperation(call)
    case .and(let args): return .or(args.map(negate))
    case .or(let args): return .and(args.map(negate))
    case .not(let arg): return arg
    case .nullTest(let arg, let isNot): return .nullTest(arg, isNot: !isNot)
    case .booleanTest(let arg, let kind):
      let inverted: BooleanTest.Kind
      switch kind {
      case .isTrue: inverted = .isNotTrue
      case .isNotTrue: inverted = .isTrue
      case .isFalse: inverted = .isNotFalse
      case .isNotFalse: inverted = .isFalse
      case .isUnknown: inverted = .isNotUnknown
      case .isNotUnknown: inverted = .isUnknown
      }
      return .booleanTest(arg, inverted)
    default: return .not(expr)
    }
  }

  /// The conjuncts of an AND tree (PostgreSQL's `make_ands_implicit` after flattening), each OR
  /// with its arms' common conjuncts pulled out (`process_duplicate_ors`:
  /// `(a AND b) OR (a AND c)` is `a AND (b OR c)`).
  static func conjuncts(_ expr: TypedExpr) -> [TypedExpr] {
    if case .and(let args) = expr { return args.flatMap(conjuncts) }
    if case .constant(let constant) = expr, constant.type == .boolean, constant.text == "true" { return [] }
    if case .or(let arms) = expr, arms.count > 1 { return processDuplicateOrs(arms) }
    return [expr]
  }

  static func processDuplicateOrs(_ arms: [TypedExpr]) -> [TypedExpr] {
    let armConjuncts = arms.map { arm -> [TypedExpr] in
      if case .and(let args) = arm { return args }
      return [arm]
    }
    guard let first = armConjuncts.first else { return [.or(arms)] }
    var common: [TypedExpr] = []
    for clause in first where !common.contains(clause) && armConjuncts.allSatisfy({ $0.contains(clause) }) {
      common.append(clause)
    }
    guard !common.isEmpty else { return [.or(arms)] }
    let rest = armConjuncts.map { $0.filter { !common.contains($0) } }
    // An arm left with nothing is true: the OR holds whenever the common part does.
    if rest.contains(where: \.isEmpty) { return common.flatMap(conjuncts) }
    return common.flatMap(conjuncts) + [.or(rest.map { $0.count == 1 ? $0[0] : .and($0) })]
  }

  // MARK: FROM

  private mutating func addFromItem(_ item: FromItem, nullable: Bool = false) throws(PlannerError) -> JoinTreeNode {
    switch item {
    case .relation(let rangeVar) where rangeVar.schema == nil && commonTableExpressions[rangeVar.name] != nil:
      guard let cte = commonTableExpressions[rangeVar.name] else { throw .notSupported("WITH") }
      if cte.materialized == .always || (usedCommonTableExpressions.references[cte.name] ?? 1) > 1 {
        return try addCommonTableRelation(
          cte, alias: rangeVar.alias?.name ?? cte.name, columnNames: rangeVar.alias?.columnNames ?? [])
      }
      guard usedCommonTableExpressions.names.insert(cte.name).inserted else {
        throw .notSupported("WITH queries used more than once (CTE Scan)")
      }
      return try pullUpSubquery(
        cte.query, alias: rangeVar.alias?.name ?? cte.name,
        columnNames: rangeVar.alias?.columnNames.isEmpty == false ? rangeVar.alias?.columnNames ?? [] : cte.columnNames,
        nullable: nullable)
    case .subquery(let subselect):
      if subselect.lateral { throw .notSupported("LATERAL subqueries") }
      guard let alias = subselect.alias else { throw .notSupported("subqueries in FROM without an alias") }
      return try pullUpSubquery(
        subselect.subquery, alias: alias.name, columnNames: alias.columnNames, nullable: nullable)
    case .relation(let rangeVar):
      let relation = try resolveTable(rangeVar)
      switch relation.kind {
      case .table, .materializedView, .partitionedTable: break
      case .view: throw .notSupported("views")
      case .foreignTable: throw .notSupported("foreign tables")
      }
      if !rangeVar.inherit { throw .notSupported("ONLY") }
      let alias = rangeVar.alias?.name ?? relation.name
      if (scopes.last ?? []).contains(where: { relations[$0].alias == alias }) {
        throw .semantic(
          message: "table name \"\(alias)\" specified more than once", location: rangeVar.location)
      }
      relations.append(QueryRelation(relation: relation, alias: alias))
      columnTypes.append(cache.columnTypes(of: relation))
      scopes[scopes.count - 1].append(relations.count - 1)
      return .relation(relations.count - 1)
    case .join(let join): return try addJoin(join)
    case .function: throw .notSupported("functions in FROM")
    case .other(let raw): throw .notSupported(raw.tag)
    }
  }

  /// `transformFromClauseItem` for a JoinExpr: both sides, then USING/NATURAL spelled out as
  /// equalities of the two sides' columns, then ON, all as the join's conjuncts.
  private mutating func addJoin(_ join: JoinExpr) throws(PlannerError) -> JoinTreeNode {
    if join.alias != nil || join.usingAlias != nil { throw .notSupported("join aliases") }
    let kind: JoinKind
    switch join.kind {
    case .inner: kind = .inner
    case .left, .right: kind = .left
    case .full: kind = .full
    case .semi, .anti: throw .notSupported("semi and anti joins in FROM")
    }
    let left = try addFromItem(join.left, nullable: join.kind == .right || join.kind == .full)
    let right = try addFromItem(join.right, nullable: join.kind == .left || join.kind == .full)
    var quals: [TypedExpr] = []
    var names = join.using
    if join.isNatural {
      let rightNames = Set(right.relations.flatMap { relations[$0].relation.columns.map(\.name) })
      names = left.relations.flatMap { relations[$0].relation.columns.map(\.name) }.filter { rightNames.contains($0) }
    }
    for name in names {
      let leftColumn = try usingColumn(name, in: left, side: "left")
      let rightColumn = try usingColumn(name, in: right, side: "right")
      quals.append(Operators.binary("=", .column(leftColumn), .column(rightColumn)))
      mergedColumns[name] = join.kind == .right ? rightColumn : leftColumn
    }
    if let on = join.quals {
      quals += Self.conjuncts(try coerceToBoolean(try transform(on), clause: "JOIN/ON"))
    }
    return join.kind == .right
      ? .join(kind: kind, left: right, right: left, quals: quals)
      : .join(kind: kind, left: left, right: right, quals: quals)
  }

  /// The one column named `name` on one side of a USING join.
  private func usingColumn(_ name: String, in side: JoinTreeNode, side label: String) throws(PlannerError) -> ColumnVar
  {
    var found: [ColumnVar] = []
    for index in side.relations {
      if let position = relations[index].relation.columns.firstIndex(where: { $0.name == name }) {
        found.append(ColumnVar(relation: index, column: position, name: name, type: columnTypes[index][position]))
      }
    }
    guard let column = found.first else {
      throw .semantic(
        message: "column \"\(name)\" specified in USING clause does not exist in \(label) table", location: nil)
    }
    if found.count > 1 {
      throw .semantic(
        message: "common column name \"\(name)\" appears more than once in \(label) table", location: nil)
    }
    return column
  }

  // MARK: Sublinks

  /// The top-level conjuncts of WHERE as written.
  static func rawConjuncts(_ expr: Expr) -> [Expr] {
    if case .bool(let bool) = expr, bool.op == .and { return bool.args.flatMap(rawConjuncts) }
    return [expr]
  }

  /// `pull_up_sublinks` for one conjunct of WHERE: `EXISTS (...)` and `NOT EXISTS (...)` whose
  /// subquery refers to the outer query, and `x IN (...)` whose subquery does not, become semi
  /// and anti joins. Nil for any other conjunct.
  private mutating func sublinkJoin(_ expr: Expr) throws(PlannerError) -> SublinkJoin? {
    var negated = false
    var candidate = expr
    if case .bool(let bool) = expr, bool.op == .not, bool.args.count == 1 {
      negated = true
      candidate = bool.args[0]
    }
    guard case .subLink(let sublink) = candidate else { return nil }
    switch sublink.kind {
    case .exists:
      let (right, quals, _, correlated, nested) = try analyzeSublinkSelect(sublink, wantsTarget: false)
      guard correlated else { throw .notSupported("uncorrelated EXISTS (InitPlan)") }
      var join = SublinkJoin(kind: negated ? .anti : .semi, right: right, quals: quals)
      join.nestedRelations = nested
      return join
    case .any where !negated:
      guard let testExpr = sublink.testExpr else { return nil }
      let name = sublink.operatorName.last ?? "="
      guard name == "=" else { throw .notSupported("\(name) ANY (subquery)") }
      let tested = try transform(testExpr)
      if case .select(let select) = sublink.subselect, case .simple(let simple) = select.body,
        !simple.groupBy.isEmpty || simple.having != nil || simple.distinct != nil || select.limitCount != nil
          || simple.targetList.contains(where: { $0.value.map(Self.containsAggregateCall) ?? false })
      {
        // convert_ANY_sublink_to_join: a subquery that cannot be pulled up joins as a relation of
        // its own (EXPLAIN's ANY_subquery), read by a Subquery Scan.
        scopes.append([])
        pulledUp.append([])
        defer {
          scopes.removeLast()
          pulledUp.removeLast()
        }
        guard case .relation(let index) = try addSubqueryRelation(select, alias: "ANY_subquery", columnNames: []),
          relations[index].relation.columns.count == 1
        else { throw .semantic(message: "subquery has too many columns", location: sublink.location) }
        let output = ColumnVar(
          relation: index, column: 0, name: relations[index].relation.columns[0].name, type: columnTypes[index][0])
        return SublinkJoin(
          kind: .semi, right: [.relation(index)], quals: [Operators.binary("=", tested, .column(output))])
      }
      let (right, quals, target, correlated, nested) = try analyzeSublinkSelect(sublink, wantsTarget: true)
      guard !correlated, let target else { throw .notSupported("correlated IN (subquery)") }
      var join = SublinkJoin(kind: .semi, right: right, quals: quals + [Operators.binary("=", tested, target)])
      join.nestedRelations = nested
      return join
    default:
      // NOT IN, and any other use, stays a SubPlan (see `scalarSubquery`).
      return nil
    }
  }

  /// The subquery of a sublink, analyzed in its own scope inside the query's: its FROM (added to
  /// the query's relations), its WHERE conjuncts, its one output expression (for IN), and whether
  /// it reads columns of the outer query.
  private mutating func analyzeSublinkSelect(
    _ sublink: SubLink, wantsTarget: Bool
  ) throws(PlannerError) -> (
    right: [JoinTreeNode], quals: [TypedExpr], target: TypedExpr?, correlated: Bool, nested: [Int]
  ) {
    guard case .select(let select) = sublink.subselect, case .simple(let simple) = select.body,
      select.with == nil, simple.groupBy.isEmpty, simple.having == nil, simple.windows.isEmpty, !simple.from.isEmpty
    else { throw .notSupported("subqueries that are not simple SELECTs (SubPlan)") }
    if wantsTarget && (simple.distinct != nil || select.limitCount != nil || select.limitOffset != nil) {
      throw .notSupported("IN (subquery with DISTINCT or LIMIT)")
    }
    if let limit = select.limitCount, !limit.isConstant {
      throw .notSupported("EXISTS (subquery with a computed LIMIT)")
    }
    scopes.append([])
    pulledUp.append([])
    let outerPulledUpQuals = pulledUpQuals
    pulledUpQuals = []
    defer {
      scopes.removeLast()
      pulledUp.removeLast()
      pulledUpQuals = outerPulledUpQuals
    }
    var right: [JoinTreeNode] = []
    for item in simple.from { right.append(try addFromItem(item)) }
    let inner = Set(scopes.last ?? [])
    var quals: [TypedExpr] = pulledUpQuals
    var nested: [SublinkJoin] = []
    if let whereClause = simple.whereClause {
      for raw in Self.rawConjuncts(whereClause) {
        // A sublink in the subquery joins the subquery's own relations, inside this one's inner side.
        if var inner = try sublinkJoin(raw) {
          inner.left = scopes.last ?? []
          nested.append(inner)
          nested += nestedSublinks
          nestedSublinks = []
          continue
        }
        quals += Self.conjuncts(try coerceToBoolean(try transform(raw), clause: "WHERE"))
      }
    }
    nestedSublinks += nested
    var target: TypedExpr?
    if wantsTarget {
      guard simple.targetList.count == 1, let value = simple.targetList[0].value else {
        throw .semantic(message: "subquery has too many columns", location: sublink.location)
      }
      target = try transform(value)
      if target?.containsAggregate == true { throw .notSupported("IN (subquery with aggregates)") }
    } else if simple.targetList.contains(where: { $0.value.map(Self.containsAggregateCall) ?? false }) {
      throw .notSupported("EXISTS (subquery with aggregates)")
    }
    let read = (quals + (target.map { [$0] } ?? [])).flatMap(\.columns).map(\.relation)
    return (right, quals, target, read.contains { !inner.contains($0) }, nested.flatMap(\.relations))
  }

  /// True when the expression as written calls an aggregate (anywhere in it, at this query
  /// level; `sum(x) OVER (...)` is a window function call, not an aggregate).
  static func containsAggregateCall(_ expr: Expr) -> Bool {
    expr.contains { inner in
      guard case .function(let call) = inner, call.over == nil else { return false }
      return Functions.isAggregate(call.functionName) || call.aggStar
    }
  }

  /// True when the expression as written calls a window function (`... OVER (...)`).
  static func containsWindowCall(_ expr: Expr) -> Bool {
    expr.contains { inner in
      if case .function(let call) = inner { return call.over != nil }
      return false
    }
  }

  // MARK: Target list, GROUP BY and ORDER BY

  private func targetList(_ targets: [ResTarget]) throws(PlannerError) -> [TargetEntry] {
    var entries: [TargetEntry] = []
    for target in targets {
      guard let value = target.value else { continue }
      if case .column(let ref) = value, ref.isStar {
        entries += try expandStar(ref)
        continue
      }
      let expr = try transform(value)
      entries.append(TargetEntry(expr: expr, name: target.name ?? Self.outputName(value)))
    }
    if entries.isEmpty && relations.isEmpty { throw .notSupported("SELECT without a target list") }
    return entries
  }

  /// `*` and `t.*`: the columns of FROM's relations, and of its pulled-up subqueries, in
  /// FROM's order.
  private func expandStar(_ ref: ColumnRef) throws(PlannerError) -> [TargetEntry] {
    var chosen = scopes.last ?? []
    var subqueries = pulledUp.last ?? []
    if let qualifier = ref.qualifier {
      if let index = chosen.first(where: { relations[$0].alias == qualifier }) {
        (chosen, subqueries) = ([index], [])
      } else if let subquery = subqueries.last(where: { $0.alias == qualifier }) {
        (chosen, subqueries) = ([], [subquery])
      } else {
        throw .semantic(
          message: "missing FROM-clause entry for table \"\(qualifier)\"", location: ref.location)
      }
    }
    if chosen.isEmpty && subqueries.isEmpty {
      throw .semantic(message: "SELECT * with no tables specified is not valid", location: ref.location)
    }
    var entries: [TargetEntry] = []
    func addSubqueries(before position: Int?) {
      while let next = subqueries.first, position.map({ next.position <= $0 }) ?? true {
        entries += next.columns.map { TargetEntry(expr: $0.expr, name: $0.name) }
        subqueries.removeFirst()
      }
    }
    let scope = scopes.last ?? []
    for index in chosen {
      addSubqueries(before: scope.firstIndex(of: index))
      entries += relations[index].relation.columns.enumerated().map { position, column in
        TargetEntry(
          expr: .column(
            ColumnVar(relation: index, column: position, name: column.name, type: columnTypes[index][position])),
          name: column.name)
      }
    }
    addSubqueries(before: nil)
    return entries
  }

  /// PostgreSQL's `FigureColname`: the column name a target gets without AS.
  static func outputName(_ expr: Expr) -> String {
    switch expr {
    case .column(let ref): ref.column ?? "?column?"
    case .function(let call): call.functionName
    case .typeCast(let cast): cast.arg.isConstant ? cast.typeName.name : outputName(cast.arg)
    case .coalesce: "coalesce"
    case .caseExpr: "case"
    default: "?column?"
    }
  }

  /// GROUP BY / ORDER BY items: an integer constant names an output column by position, a bare
  /// name an output column's name (before an input column, as PostgreSQL's
  /// `findTargetlistEntrySQL92` decides), anything else is an expression over the input.
  private func outputReference(
    _ expr: Expr, targets: [TargetEntry], clause: String
  ) throws(PlannerError) -> TypedExpr {
    if case .constant(let constant) = expr, case .integer(let position) = constant.value {
      guard position >= 1 && position <= targets.count else {
        throw .semantic(
          message: "\(clause) position \(position) is not in select list", location: constant.location)
      }
      return targets[position - 1].expr
    }
    if case .column(let ref) = expr, ref.fields.count == 1, let name = ref.column {
      let inputHasIt = relations.contains { $0.relation.column(name) != nil }
      if clause == "ORDER BY" || !inputHasIt, let target = targets.first(where: { $0.name == name }) {
        return target.expr
      }
    }
    return try transform(expr)
  }

  /// Sort items of a window or an aggregate call, typed, with a direction's default NULLS
  /// placement (last ascending, first descending) made explicit.
  private func sortKeys(_ items: [SortBy]) throws(PlannerError) -> [SortKey] {
    var keys: [SortKey] = []
    for sort in items {
      let descending = sort.direction == .descending
      keys.append(
        SortKey(
          expr: try transform(sort.expr), descending: descending,
          nullsFirst: sort.nulls == .default ? descending : sort.nulls == .first))
    }
    return keys
  }

  /// A window function call, wherever it sits in the target list: its window (a named one from
  /// WINDOW, or its own OVER) registered once per distinct definition.
  private func windowCall(_ call: FuncCall, over: WindowDef) throws(PlannerError) -> TypedExpr {
    var definition = over
    if let name = over.refName ?? (over.partitionBy.isEmpty && over.orderBy.isEmpty ? over.name : nil),
      let named = windowState.named.first(where: { $0.name == name })
    {
      definition = named
    }
    var partitionBy: [TypedExpr] = []
    for expr in definition.partitionBy { partitionBy.append(try transform(expr)) }
    let orderBy = try sortKeys(definition.orderBy)
    let spec = WindowSpec(partitionBy: partitionBy, orderBy: orderBy)
    let index = windowState.specs.firstIndex(of: spec) ?? windowState.specs.count
    if index == windowState.specs.count { windowState.specs.append(spec) }
    var args: [TypedExpr] = []
    for arg in call.args { args.append(try transform(arg)) }
    let type = Functions.windowResultType(call.functionName, args: args)
    return .window(WindowCall(name: call.functionName, args: args, window: index, resultType: type))
  }

  private func limitValue(_ expr: Expr) throws(PlannerError) -> LimitValue {
    let typed = try transform(expr)
    if case .constant(let constant) = typed {
      guard let text = constant.text else { return .null }
      if let value = Double(text) { return .constant(value) }
    }
    return .unknown
  }

  private func coerceToBoolean(_ expr: TypedExpr, clause: String) throws(PlannerError) -> TypedExpr {
    switch expr.type {
    case .boolean: return expr
    case .unknown: return Coercion.coerce(expr, to: .boolean)
    default:
      throw .semantic(message: "argument of \(clause) must be type boolean, not type \(expr.type)", location: nil)
    }
  }

  // MARK: Expressions

  func transform(_ expr: Expr) throws(PlannerError) -> TypedExpr {
    switch expr {
    case .column(let ref):
      if let pulled = try pulledUpColumn(ref), ref.qualifier != nil || (try? resolveColumn(ref)) == nil {
        return pulled
      }
      do {
        return .column(try resolveColumn(ref))
      } catch {
        // A name this query does not have may be the enclosing query's (a correlated subquery).
        guard let enclosing, let outer = try? enclosing.analyzer.transform(expr), !outer.readsOuterColumn else {
          throw error
        }
        outerReferences.columns += outer.columns
        let aliases = enclosing.analyzer.relations.map(\.alias)
        return outer.replacingColumns { column in
          var named = column
          named.enclosingAlias = column.relation < aliases.count ? aliases[column.relation] : nil
          return .outerColumn(named)
        }
      }
    case .constant(let constant): return Coercion.constant(constant)
    case .parameter(let ref): return .parameter(ref.number, .unknown)
    case .typeCast(let cast):
      let target = Coercion.type(of: cast.typeName)
      return Coercion.coerce(try transform(cast.arg), to: target, explicit: true)
    case .operation(let operation): return try transformOperation(operation)
    case .bool(let bool):
      var args: [TypedExpr] = []
      for arg in bool.args { args.append(try coerceToBoolean(try transform(arg), clause: "\(bool.op)")) }
      switch bool.op {
      case .and: return .and(args.flatMap { if case .and(let inner) = $0 { inner } else { [$0] } })
      case .or: return .or(args.flatMap { if case .or(let inner) = $0 { inner } else { [$0] } })
      case .not: return Self.negate(args[0])
      }
    case .nullTest(let test): return .nullTest(try transform(test.arg), isNot: test.isNot)
    case .booleanTest(let test):
      return .booleanTest(try coerceToBoolean(try transform(test.arg), clause: "IS"), test.kind)
    case .function(let call): return try transformFunction(call)
    case .sqlValueFunction(let function): return Functions.sqlValueFunction(function.op)
    case .array(let array):
      var elements: [TypedExpr] = []
      for element in array.elements { elements.append(try transform(element)) }
      let type = Coercion.commonType(elements.map(\.type)) ?? .text
      return Coercion.foldArray(elements.map { Coercion.coerce($0, to: type) }, elementType: type)
    case .collate(let collate): return try transform(collate.arg)
    case .coalesce(let coalesce):
      var args: [TypedExpr] = []
      for arg in coalesce.args { args.append(try transform(arg)) }
      let type = Coercion.commonType(args.map(\.type)) ?? .text
      return .opaque(kind: "COALESCE", type: type, operatorCount: 0, args: args.map { Coercion.coerce($0, to: type) })
    case .minMax(let minMax):
      var args: [TypedExpr] = []
      for arg in minMax.args { args.append(try transform(arg)) }
      let type = Coercion.commonType(args.map(\.type)) ?? .text
      return .opaque(
        kind: minMax.op == .greatest ? "GREATEST" : "LEAST", type: type, operatorCount: 1,
        args: args.map { Coercion.coerce($0, to: type) })
    case .caseExpr(let caseExpr):
      var args: [TypedExpr] = []
      if let arg = caseExpr.arg { args.append(try transform(arg)) }
      var results: [TypedExpr] = []
      for when in caseExpr.whens {
        args.append(try transform(when.condition))
        results.append(try transform(when.result))
      }
      if let otherwise = caseExpr.defaultResult { results.append(try transform(otherwise)) }
      let type = Coercion.commonType(results.map(\.type)) ?? .text
      return .opaque(
        kind: "CASE", type: type, operatorCount: 0,
        args: args + results.map { Coercion.coerce($0, to: type) })
    case .subLink(let sublink):
      guard sublink.kind == .expression || sublink.kind == .any else {
        throw .notSupported(
          "\(sublink.kind == .exists ? "EXISTS" : "ALL/ARRAY") (subquery) inside expressions (SubPlan)")
      }
      return try scalarSubquery(sublink)
    case .row: throw .notSupported("row constructors")
    case .indirection: throw .notSupported("subscripts and field selection")
    case .groupingFunc, .groupingSet: throw .notSupported("GROUPING")
    case .list: throw .notSupported("expression lists")
    case .setToDefault, .multiAssign: throw .notSupported("DEFAULT")
    case .namedArgument: throw .notSupported("named function arguments")
    case .other(let raw): throw .notSupported(raw.tag)
    }
  }

  private func resolveColumn(_ ref: ColumnRef) throws(PlannerError) -> ColumnVar {
    guard let name = ref.column else {
      throw .notSupported("whole-row references")
    }
    if ref.fields.count > 3 {
      throw .semantic(message: "improper qualified name (too many dotted names)", location: ref.location)
    }
    var candidates: [(Int, Int)] = []
    if let qualifier = ref.qualifier {
      guard
        let index = scopes.reversed().lazy.compactMap({ scope in
          scope.first { self.relations[$0].alias == qualifier }
        }).first
      else {
        throw .semantic(message: "missing FROM-clause entry for table \"\(qualifier)\"", location: ref.location)
      }
      if let position = relations[index].relation.columns.firstIndex(where: { $0.name == name }) {
        candidates.append((index, position))
      } else {
        throw .semantic(message: "column \(qualifier).\(name) does not exist", location: ref.location)
      }
    } else {
      // The innermost query level that has the name decides (outer levels only when it has none).
      for scope in scopes.reversed() where candidates.isEmpty {
        for index in scope {
          if let position = relations[index].relation.columns.firstIndex(where: { $0.name == name }) {
            candidates.append((index, position))
          }
        }
      }
    }
    guard let (relation, column) = candidates.first else {
      throw .semantic(message: "column \"\(name)\" does not exist", location: ref.location)
    }
    if candidates.count > 1, ref.qualifier == nil, let merged = mergedColumns[name] { return merged }
    if candidates.count > 1 {
      throw .semantic(message: "column reference \"\(name)\" is ambiguous", location: ref.location)
    }
    let type = columnTypes[relation][column]
    return ColumnVar(relation: relation, column: column, name: name, type: type)
  }

  private func transformOperation(_ operation: OperatorExpr) throws(PlannerError) -> TypedExpr {
    let name = operation.operatorName == "!=" ? "<>" : operation.operatorName
    switch operation.kind {
    case .op:
      guard let rightExpr = operation.right else { throw .notSupported("postfix operators") }
      let right = try transform(rightExpr)
      guard let leftExpr = operation.left else { return Operators.unary(name, right) }
      return Operators.binary(name, try transform(leftExpr), right)
    case .like, .iLike, .similar:
      guard let leftExpr = operation.left, let rightExpr = operation.right else {
        throw .notSupported("pattern operator")
      }
      if operation.kind == .similar { throw .notSupported("SIMILAR TO") }
      return Operators.binary(name, try transform(leftExpr), try transform(rightExpr))
    case .in:
      guard let leftExpr = operation.left, case .list(let items)? = operation.right else {
        throw .notSupported("IN")
      }
      let left = try transform(leftExpr)
      var elements: [TypedExpr] = []
      for item in items { elements.append(try transform(item)) }
      return Operators.inList(name, left: left, elements: elements)
    case .opAny, .opAll:
      guard let leftExpr = operation.left, let rightExpr = operation.right else {
        throw .notSupported("ANY/ALL")
      }
      return Operators.arrayComparison(
        name, useOr: operation.kind == .opAny, left: try transform(leftExpr), right: try transform(rightExpr))
    case .between, .notBetween:
      guard let leftExpr = operation.left, case .list(let bounds)? = operation.right, bounds.count == 2 else {
        throw .notSupported("BETWEEN")
      }
      let value = try transform(leftExpr)
      let low = try transform(bounds[0])
      let high = try transform(bounds[1])
      if operation.kind == .between {
        return .and([Operators.binary(">=", value, low), Operators.binary("<=", value, high)])
      }
      return .or([Operators.binary("<", value, low), Operators.binary(">", value, high)])
    case .betweenSymmetric, .notBetweenSymmetric: throw .notSupported("BETWEEN SYMMETRIC")
    case .distinct, .notDistinct:
      guard let leftExpr = operation.left, let rightExpr = operation.right else { throw .notSupported("DISTINCT") }
      let args = [try transform(leftExpr), try transform(rightExpr)]
      return .opaque(
        kind: operation.kind == .distinct ? "IS DISTINCT FROM" : "IS NOT DISTINCT FROM", type: .boolean,
        operatorCount: 1, args: args)
    case .nullIf:
      guard let leftExpr = operation.left, let rightExpr = operation.right else { throw .notSupported("NULLIF") }
      let left = try transform(leftExpr)
      return .opaque(kind: "NULLIF", type: left.type, operatorCount: 1, args: [left, try transform(rightExpr)])
    }
  }

  private func transformFunction(_ call: FuncCall) throws(PlannerError) -> TypedExpr {
    var args: [TypedExpr] = []
    for arg in call.args { args.append(try transform(arg)) }
    let name = call.functionName
    if let over = call.over { return try windowCall(call, over: over) }
    if call.aggWithinGroup || Functions.isAggregate(name) || call.aggStar {
      var orderBy = try sortKeys(call.aggOrder)
      let filter = try call.aggFilter.map { expr throws(PlannerError) in try transform(expr) }
      if call.aggWithinGroup {
        // An ordered-set aggregate aggregates its WITHIN GROUP expressions; what is written in
        // its parentheses are direct arguments. percentile_cont interpolates double precision
        // or interval values, its input coerced (a cast per row) and its fractions made float8.
        if name == "percentile_cont", orderBy.count == 1, orderBy[0].expr.type != .interval {
          orderBy[0].expr = Coercion.coerce(orderBy[0].expr, to: .doublePrecision)
        }
        if name == "percentile_cont" || name == "percentile_disc" {
          args = args.map { arg in
            if case .array = arg.type {
              Coercion.coerce(arg, to: .array(.doublePrecision))
            } else {
              Coercion.coerce(arg, to: .doublePrecision)
            }
          }
        }
        let inputs = orderBy.map(\.expr)
        guard let type = Functions.orderedSetResultType(name, directArgs: args, inputs: inputs) else {
          throw .notSupported("ordered-set aggregate \(name) (WITHIN GROUP)")
        }
        return .aggregate(
          AggregateCall(
            name: name, args: inputs, star: false, distinct: false, filter: filter, resultType: type,
            orderBy: orderBy, directArgs: args))
      }
      return .aggregate(
        AggregateCall(
          name: name, args: args, star: call.aggStar, distinct: call.aggDistinct, filter: filter,
          resultType: Functions.aggregateResultType(name, args: args), orderBy: orderBy))
    }
    if var resolved = Functions.scalar(name, args: args, snapshot: snapshot) {
      if call.sqlSyntax, case .function(var function) = resolved {
        function.sqlSyntax = true
        resolved = .function(function)
      }
      return resolved
    }
    throw .semantic(
      message: "function \(name)(\(args.map { $0.type.description }.joined(separator: ", "))) does not exist",
      location: call.location)
  }
}

extension SelectBody {
  var isValues: Bool {
    if case .values = self { return true }
    return false
  }
}

extension Expr {
  /// The byte offset PostgreSQL would point an error at, when the node records one.
  var location: Int? {
    switch self {
    case .column(let ref): ref.location
    case .constant(let constant): constant.location
    case .operation(let operation): operation.location
    case .function(let call): call.location
    case .bool(let bool): bool.location
    default: nil
    }
  }

  var isConstant: Bool {
    if case .constant = self { return true }
    return false
  }
}
