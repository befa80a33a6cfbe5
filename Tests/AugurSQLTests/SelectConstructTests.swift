import AugurSQL
import Testing

/// Each test decodes one SELECT construct and checks the fields PostgreSQL's grammar fills in.
@Suite struct SelectConstructTests {
  @Test func targetListKeepsAliasesStarsAndQualifiedStars() throws {
    let simple = try parseSimpleSelect("SELECT o.id AS order_id, o.*, *, total FROM orders o")
    #expect(simple.targetList.count == 4)
    #expect(simple.targetList[0].name == "order_id")
    guard case .column(let qualified)? = simple.targetList[0].value else { throw TestFailure() }
    #expect(qualified.qualifier == "o")
    #expect(qualified.column == "id")
    guard case .column(let qualifiedStar)? = simple.targetList[1].value else { throw TestFailure() }
    #expect(qualifiedStar.isStar && qualifiedStar.qualifier == "o")
    guard case .column(let star)? = simple.targetList[2].value else { throw TestFailure() }
    #expect(star.fields == [.star])
    #expect(simple.targetList[3].name == nil)
  }

  @Test func fromRelationHasSchemaAliasAndOnly() throws {
    let simple = try parseSimpleSelect("SELECT 1 FROM ONLY shop.orders AS o (a, b), customers")
    guard case .relation(let orders) = simple.from[0], case .relation(let customers) = simple.from[1] else {
      throw TestFailure()
    }
    #expect(orders.schema == "shop")
    #expect(orders.name == "orders")
    #expect(orders.alias == Alias(name: "o", columnNames: ["a", "b"]))
    #expect(orders.inherit == false)
    #expect(orders.referenceName == "o")
    #expect(customers.inherit == true && customers.alias == nil)
  }

  @Test func joinsOfEveryKindDecodeTheirTypeAndCondition() throws {
    let cases: [(String, JoinExpr.Kind)] = [
      ("JOIN", .inner), ("INNER JOIN", .inner), ("LEFT JOIN", .left), ("LEFT OUTER JOIN", .left),
      ("RIGHT JOIN", .right), ("FULL OUTER JOIN", .full),
    ]
    for (syntax, kind) in cases {
      let simple = try parseSimpleSelect("SELECT * FROM a \(syntax) b ON a.id = b.a_id")
      guard case .join(let join) = simple.from[0] else { throw TestFailure() }
      #expect(join.kind == kind, "\(syntax)")
      #expect(join.quals?.operation?.operatorName == "=")
      guard case .relation(let left) = join.left, case .relation(let right) = join.right else { throw TestFailure() }
      #expect(left.name == "a" && right.name == "b")
    }
  }

  @Test func crossNaturalAndUsingJoinsHaveNoOnCondition() throws {
    let cross = try parseSimpleSelect("SELECT * FROM a CROSS JOIN b")
    guard case .join(let crossJoin) = cross.from[0] else { throw TestFailure() }
    #expect(crossJoin.isCross)

    let natural = try parseSimpleSelect("SELECT * FROM a NATURAL LEFT JOIN b")
    guard case .join(let naturalJoin) = natural.from[0] else { throw TestFailure() }
    #expect(naturalJoin.isNatural && naturalJoin.kind == .left && !naturalJoin.isCross)

    let using = try parseSimpleSelect("SELECT * FROM a JOIN b USING (id, tenant_id) AS j")
    guard case .join(let usingJoin) = using.from[0] else { throw TestFailure() }
    #expect(usingJoin.using == ["id", "tenant_id"])
    #expect(usingJoin.usingAlias?.name == "j")
    #expect(usingJoin.quals == nil)
  }

  @Test func nestedJoinsBuildALeftDeepTree() throws {
    let simple = try parseSimpleSelect("SELECT * FROM a JOIN b ON a.x = b.x LEFT JOIN c ON c.y = b.y")
    guard case .join(let outer) = simple.from[0], case .join(let inner) = outer.left else { throw TestFailure() }
    #expect(outer.kind == .left)
    #expect(inner.kind == .inner)
    guard case .relation(let c) = outer.right else { throw TestFailure() }
    #expect(c.name == "c")
  }

  @Test func lateralSubqueryAndFunctionWithOrdinality() throws {
    let simple = try parseSimpleSelect(
      """
      SELECT * FROM users u,
        LATERAL (SELECT * FROM orders o WHERE o.user_id = u.id ORDER BY created_at DESC LIMIT 3) recent,
        LATERAL unnest(u.tags) WITH ORDINALITY AS t(tag, n)
      """)
    #expect(simple.from.count == 3)
    guard case .subquery(let recent) = simple.from[1], case .function(let unnest) = simple.from[2] else {
      throw TestFailure()
    }
    #expect(recent.lateral)
    #expect(recent.alias?.name == "recent")
    guard case .select(let inner) = recent.subquery else { throw TestFailure() }
    #expect(inner.limitCount?.constantValue == .integer(3))
    #expect(unnest.lateral && unnest.ordinality)
    #expect(unnest.alias == Alias(name: "t", columnNames: ["tag", "n"]))
    guard case .function(let call) = unnest.functions.first?.call else { throw TestFailure() }
    #expect(call.functionName == "unnest")
  }

  @Test func rowsFromWithColumnDefinitions() throws {
    let simple = try parseSimpleSelect(
      "SELECT * FROM ROWS FROM (json_to_record(j) AS (a int, b text), generate_series(1, 3)) AS x")
    guard case .function(let function) = simple.from[0] else { throw TestFailure() }
    #expect(function.isRowsFrom)
    #expect(function.functions.count == 2)
    #expect(function.functions[0].columnDefinitions.map(\.name) == ["a", "b"])
    #expect(function.functions[0].columnDefinitions.map { $0.typeName?.name } == ["int4", "text"])
    #expect(function.functions[1].columnDefinitions.isEmpty)
  }

  @Test func whereGroupByHavingAndGroupByDistinct() throws {
    let simple = try parseSimpleSelect(
      "SELECT status, count(*) FROM orders WHERE total > 10 GROUP BY DISTINCT status HAVING count(*) > 5")
    #expect(simple.whereClause?.operation?.operatorName == ">")
    #expect(simple.groupBy.map(\.columnName) == ["status"])
    #expect(simple.groupByDistinct)
    guard case .function(let count)? = simple.having?.operation?.left else { throw TestFailure() }
    #expect(count.aggStar && count.functionName == "count")
  }

  @Test func rollupCubeAndGroupingSets() throws {
    let simple = try parseSimpleSelect(
      "SELECT 1 FROM sales GROUP BY ROLLUP (region, city), CUBE (year), GROUPING SETS ((brand), ())")
    let sets = simple.groupBy.compactMap { expr -> GroupingSet? in
      if case .groupingSet(let set) = expr { return set }
      return nil
    }
    #expect(sets.map(\.kind) == [.rollup, .cube, .sets])
    #expect(sets[0].content.map(\.columnName) == ["region", "city"])
    #expect(sets[2].content.count == 2)
    guard case .groupingSet(let empty) = sets[2].content[1] else { throw TestFailure() }
    #expect(empty.kind == .empty)
  }

  @Test func windowClauseWithFrame() throws {
    let simple = try parseSimpleSelect(
      """
      SELECT sum(x) OVER w FROM t
      WINDOW w AS (PARTITION BY a ORDER BY b ROWS BETWEEN 2 PRECEDING AND CURRENT ROW EXCLUDE TIES)
      """)
    let window = try #require(simple.windows.first)
    #expect(window.name == "w")
    #expect(window.partitionBy.map(\.columnName) == ["a"])
    #expect(window.orderBy.map(\.expr.columnName) == ["b"])
    let frame = window.frame
    #expect(frame.isExplicit)
    #expect(frame.mode == .rows)
    #expect(frame.start == .offsetPreceding)
    #expect(frame.end == .currentRow)
    #expect(frame.exclusion == .ties)
    #expect(window.startOffset?.constantValue == .integer(2))
  }

  @Test func rangeAndGroupsFramesAndDefaultFrame() throws {
    let ranged = try parseExpr(
      "avg(x) OVER (ORDER BY d RANGE BETWEEN INTERVAL '7 days' PRECEDING AND UNBOUNDED FOLLOWING)")
    guard case .function(let call) = ranged, let over = call.over else { throw TestFailure() }
    #expect(over.frame.mode == .range && over.frame.end == .unboundedFollowing)
    #expect(over.frame.start == .offsetPreceding)

    let groups = try parseExpr("count(*) OVER (ORDER BY d GROUPS 1 PRECEDING)")
    guard case .function(let groupsCall) = groups, let groupsOver = groupsCall.over else { throw TestFailure() }
    #expect(groupsOver.frame.mode == .groups)

    let plain = try parseExpr("rank() OVER (PARTITION BY a)")
    guard case .function(let rank) = plain, let rankOver = rank.over else { throw TestFailure() }
    #expect(!rankOver.frame.isExplicit)
    #expect(rankOver.frame.start == .unboundedPreceding && rankOver.frame.end == .currentRow)
  }

  @Test func orderByDirectionsNullsAndUsing() throws {
    let select = try parseSelect("SELECT * FROM t ORDER BY a DESC NULLS LAST, b ASC NULLS FIRST, c USING >, d")
    #expect(select.orderBy.map(\.direction) == [.descending, .ascending, .using, .default])
    #expect(select.orderBy.map(\.nulls) == [.last, .first, .default, .default])
    #expect(select.orderBy[2].usingOperator == [">"])
  }

  @Test func limitOffsetAndFetchWithTies() throws {
    let limit = try parseSelect("SELECT * FROM t ORDER BY a LIMIT 10 OFFSET 20")
    #expect(limit.limitCount?.constantValue == .integer(10))
    #expect(limit.limitOffset?.constantValue == .integer(20))
    #expect(limit.limitOption == .count)

    let fetch = try parseSelect("SELECT * FROM t ORDER BY a OFFSET 5 ROWS FETCH FIRST 3 ROWS WITH TIES")
    #expect(fetch.limitOption == .withTies)
    #expect(fetch.limitCount?.constantValue == .integer(3))

    let none = try parseSelect("SELECT * FROM t")
    #expect(none.limitOption == .none && none.limitCount == nil)
  }

  @Test func setOperationsNestWithAllFlags() throws {
    let select = try parseSelect(
      "SELECT a FROM x UNION ALL SELECT a FROM y EXCEPT SELECT a FROM z ORDER BY 1 LIMIT 5")
    guard case .setOperation(let except) = select.body else { throw TestFailure() }
    #expect(except.op == .except && !except.all)
    guard case .setOperation(let union) = except.left.body else { throw TestFailure() }
    #expect(union.op == .union && union.all)
    #expect(select.orderBy.count == 1)
    #expect(select.limitCount?.constantValue == .integer(5))

    let intersect = try parseSelect("SELECT 1 INTERSECT ALL SELECT 2")
    guard case .setOperation(let operation) = intersect.body else { throw TestFailure() }
    #expect(operation.op == .intersect && operation.all)
  }

  @Test func valuesListKeepsRows() throws {
    let select = try parseSelect("VALUES (1, 'a'), (2, 'b'), (3, DEFAULT)")
    guard case .values(let rows) = select.body else { throw TestFailure() }
    #expect(rows.count == 3)
    #expect(rows[1].map(\.constantValue) == [.integer(2), .string("b")])
    guard case .setToDefault = rows[2][1] else { throw TestFailure() }
  }

  @Test func distinctAndDistinctOn() throws {
    let plain = try parseSimpleSelect("SELECT DISTINCT a, b FROM t")
    #expect(plain.distinct == .all)
    let on = try parseSimpleSelect(
      "SELECT DISTINCT ON (customer_id) * FROM orders ORDER BY customer_id, created_at DESC")
    guard case .on(let keys)? = on.distinct else { throw TestFailure() }
    #expect(keys.map(\.columnName) == ["customer_id"])
    let none = try parseSimpleSelect("SELECT a FROM t")
    #expect(none.distinct == nil)
  }

  @Test func ctesRecursiveMaterializedAndColumnNames() throws {
    let select = try parseSelect(
      """
      WITH RECURSIVE tree (id, parent_id) AS (
        SELECT id, parent_id FROM categories WHERE parent_id IS NULL
        UNION ALL
        SELECT c.id, c.parent_id FROM categories c JOIN tree ON c.parent_id = tree.id
      ), totals AS MATERIALIZED (SELECT 1), inlined AS NOT MATERIALIZED (SELECT 2)
      SELECT * FROM tree
      """)
    let with = try #require(select.with)
    #expect(with.recursive)
    #expect(with.ctes.map(\.name) == ["tree", "totals", "inlined"])
    #expect(with.ctes.map(\.materialized) == [.default, .always, .never])
    #expect(with.ctes[0].columnNames == ["id", "parent_id"])
    guard case .select(let body) = with.ctes[0].query, case .setOperation(let union) = body.body else {
      throw TestFailure()
    }
    #expect(union.op == .union && union.all)
  }

  @Test func cteSearchAndCycleClausesAreKept() throws {
    let select = try parseSelect(
      """
      WITH RECURSIVE g AS (SELECT id, next FROM nodes UNION ALL SELECT n.id, n.next FROM nodes n JOIN g ON n.id = g.next)
      SEARCH DEPTH FIRST BY id SET ordercol
      CYCLE id SET is_cycle USING path
      SELECT * FROM g
      """)
    let cte = try #require(select.with?.ctes.first)
    #expect(cte.searchClause != nil)
    #expect(cte.cycleClause != nil)
  }

  @Test func dataModifyingCteIsAStatement() throws {
    let statement = try parseOne(
      "WITH moved AS (DELETE FROM queue WHERE done RETURNING *) INSERT INTO archive SELECT * FROM moved")
    guard case .insert(let insert) = statement, let cte = insert.with?.ctes.first else { throw TestFailure() }
    guard case .delete(let delete) = cte.query else { throw TestFailure() }
    #expect(delete.relation.name == "queue")
    #expect(delete.returning.count == 1)
    #expect(statement.mayModifyData)
  }

  @Test func lockingClausesWithStrengthTablesAndWaitPolicy() throws {
    let select = try parseSelect(
      "SELECT * FROM jobs j JOIN workers w ON true FOR UPDATE OF j SKIP LOCKED FOR SHARE OF w NOWAIT")
    #expect(select.locking.count == 2)
    #expect(select.locking[0].strength == .forUpdate)
    #expect(select.locking[0].relations.map(\.name) == ["j"])
    #expect(select.locking[0].waitPolicy == .skipLocked)
    #expect(select.locking[1].strength == .forShare)
    #expect(select.locking[1].waitPolicy == .noWait)

    let weak = try parseSelect("SELECT * FROM t FOR NO KEY UPDATE")
    #expect(weak.locking.first?.strength == .forNoKeyUpdate)
    let keyShare = try parseSelect("SELECT * FROM t FOR KEY SHARE")
    #expect(keyShare.locking.first?.strength == .forKeyShare)
  }

  @Test func selectIntoIsKeptAndMarkedAsModifying() throws {
    let statement = try parseOne("SELECT * INTO TEMP snapshot FROM orders")
    guard case .select(let select) = statement else { throw TestFailure() }
    #expect(select.into?.tag == "IntoClause")
    #expect(statement.mayModifyData)
  }
}
