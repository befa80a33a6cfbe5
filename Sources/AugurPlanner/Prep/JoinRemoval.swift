import AugurCatalog

extension AnalyzedQuery {
  /// Mirrors `remove_useless_joins` and `join_is_removable` (analyzejoins.c): a LEFT JOIN to a
  /// single table can be dropped when nothing above the join reads the table's columns and its
  /// join conditions match at most one of its rows per outer row. Then every outer row comes
  /// out exactly once whatever the table holds, so the join changes nothing. Tables are
  /// removed one at a time, each removal making the next possible, as PostgreSQL repeats.
  func removingUselessJoins() -> AnalyzedQuery {
    var query = self
    while let index = query.removableLeftJoin() { query = query.removingRelation(index) }
    return query
  }

  /// The first LEFT JOIN's inner table that can go, by position in `relations`.
  private func removableLeftJoin() -> Int? {
    var joins: [(inner: Int, quals: [TypedExpr])] = []
    func collect(_ node: JoinTreeNode) {
      guard case .join(let kind, let left, let right, let quals) = node else { return }
      if kind == .left, case .relation(let inner) = right { joins.append((inner, quals)) }
      collect(left)
      collect(right)
    }
    fromList.forEach(collect)
    for join in joins where isRemovable(join.inner, joinQuals: join.quals) { return join.inner }
    return nil
  }

  /// `join_is_removable` for the LEFT JOIN to table `inner` with ON conditions `joinQuals`.
  private func isRemovable(_ inner: Int, joinQuals: [TypedExpr]) -> Bool {
    let entry = relations[inner]
    guard !entry.isDerived else { return false }
    // Renumbering the relations after it would reach into correlated subqueries' columns too;
    // only the last relation is removed when the query has any.
    if hasScalarSubqueries && inner != relations.count - 1 { return false }
    // No column of the table may be needed above the join: not in the output, WHERE, grouping,
    // ordering, windows, nor any other join's conditions.
    let elsewhere = expressionsOutside(joinQuals: joinQuals)
    if elsewhere.contains(where: { $0.columns.contains { $0.relation == inner } }) { return false }
    // rel_is_distinct_for: the columns the join's equalities with the outer side, or the ON
    // clause's own `column = constant`, fix must cover a unique index (partial indexes prove
    // nothing).
    var fixed = Set<String>()
    for qual in joinQuals {
      guard case .operation(let call) = qual, call.name == "=", call.args.count == 2 else { continue }
      for (mine, other) in [(call.args[0], call.args[1]), (call.args[1], call.args[0])] {
        guard let column = mine.strippedColumn, column.relation == inner,
          !other.columns.contains(where: { $0.relation == inner }), !other.containsVolatile
        else { continue }
        fixed.insert(column.name)
      }
    }
    return entry.relation.indexes.contains { index in
      index.isUnique && index.isValid && index.predicate == nil && !index.keys.isEmpty
        && index.keys.allSatisfy { $0.column.map(fixed.contains) ?? false }
    }
  }

  /// Every expression of the query except the ON conditions `joinQuals` of one join.
  private func expressionsOutside(joinQuals: [TypedExpr]) -> [TypedExpr] {
    var exprs = targetList.map(\.expr) + quals + groupBy + sortClause.map(\.expr)
    exprs += having.map { [$0] } ?? []
    exprs += windows.flatMap { $0.partitionBy + $0.orderBy.map(\.expr) + $0.runCondition }
    if case .on(let keys)? = distinct { exprs += keys }
    exprs += sublinkJoins.flatMap(\.quals)
    func joinConditions(_ node: JoinTreeNode) -> [TypedExpr] {
      guard case .join(_, let left, let right, let quals) = node else { return [] }
      return (quals == joinQuals ? [] : quals) + joinConditions(left) + joinConditions(right)
    }
    exprs += fromList.flatMap(joinConditions)
    return exprs
  }

  /// The query without relation `removed`: its LEFT JOIN replaced by the join's outer side, and
  /// every later relation's number one lower.
  private func removingRelation(_ removed: Int) -> AnalyzedQuery {
    func number(_ index: Int) -> Int { index > removed ? index - 1 : index }
    func renumber(_ expr: TypedExpr) -> TypedExpr {
      expr.replacingColumns { column in
        var moved = column
        moved.relation = number(column.relation)
        return .column(moved)
      }
    }
    func renumber(_ key: SortKey) -> SortKey {
      SortKey(expr: renumber(key.expr), descending: key.descending, nullsFirst: key.nullsFirst)
    }
    func renumber(_ node: JoinTreeNode) -> JoinTreeNode {
      switch node {
      case .relation(let index): return .relation(number(index))
      case .join(.left, let left, .relation(removed), _): return renumber(left)
      case .join(let kind, let left, let right, let quals):
        return .join(kind: kind, left: renumber(left), right: renumber(right), quals: quals.map(renumber))
      }
    }
    var query = self
    query.relations.remove(at: removed)
    query.fromList = fromList.map(renumber)
    query.sublinkJoins = sublinkJoins.map { join in
      var moved = join
      moved.right = join.right.map(renumber)
      moved.quals = join.quals.map(renumber)
      moved.left = join.left.map { $0.map(number) }
      moved.nestedRelations = join.nestedRelations.map(number)
      return moved
    }
    query.targetList = targetList.map { TargetEntry(expr: renumber($0.expr), name: $0.name) }
    query.quals = quals.map(renumber)
    query.groupBy = groupBy.map(renumber)
    query.having = having.map(renumber)
    query.windows = windows.map { window in
      var moved = window
      moved.partitionBy = window.partitionBy.map(renumber)
      moved.orderBy = window.orderBy.map(renumber)
      moved.runCondition = window.runCondition.map(renumber)
      return moved
    }
    query.sortClause = sortClause.map(renumber)
    if case .on(let keys)? = distinct { query.distinct = .on(keys.map(renumber)) }
    return query
  }
}
