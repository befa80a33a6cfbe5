import AugurSQL
import Testing

/// Each test decodes one expression construct and checks its fields.
@Suite struct ExpressionConstructTests {
  @Test func constantsOfEveryKind() throws {
    let simple = try parseSimpleSelect(
      "SELECT 42, -7, 0, 3.14, 1e10, 2147483648, 'text', E'a\\nb', $$dollar$$, B'1010', X'1F', true, false, NULL")
    let values = simple.targetList.map { $0.value?.constantValue }
    #expect(
      values == [
        .integer(42), .integer(-7), .integer(0), .float("3.14"), .float("1e10"), .float("2147483648"),
        .string("text"), .string("a\nb"), .string("dollar"), .bitString("b1010"), .bitString("x1F"),
        .boolean(true), .boolean(false), .null,
      ])
  }

  @Test func negativeAndZeroIntegersAreRecoveredFromTheSource() throws {
    // libpg_query 15 writes these as `"ival":{}`; Augur reads them back from the text.
    let simple = try parseSimpleSelect("SELECT - 5, -(12), 0, -0, x - 1 FROM t WHERE n > -2147483648")
    let values = simple.targetList.prefix(4).map { $0.value?.constantValue }
    #expect(values == [.integer(-5), .integer(-12), .integer(0), .integer(0)])
    #expect(simple.targetList[4].value?.operation?.right?.constantValue == .integer(1))
    #expect(simple.whereClause?.operation?.right?.constantValue == .float("-2147483648"))
  }

  @Test func typedLiteralsAndCasts() throws {
    guard case .typeCast(let dateLiteral) = try parseExpr("date '2024-01-01'") else { throw TestFailure() }
    #expect(dateLiteral.typeName.name == "date")
    #expect(dateLiteral.arg.constantValue == .string("2024-01-01"))

    guard case .typeCast(let numeric) = try parseExpr("price::numeric(12, 2)") else { throw TestFailure() }
    #expect(numeric.typeName.names == ["pg_catalog", "numeric"])
    #expect(numeric.typeName.typmods.map(\.constantValue) == [.integer(12), .integer(2)])

    guard case .typeCast(let array) = try parseExpr("CAST(ids AS bigint[])") else { throw TestFailure() }
    #expect(array.typeName.name == "int8")
    #expect(array.typeName.isArray)
    #expect(array.typeName.arrayBounds == [-1])

    guard case .typeCast(let interval) = try parseExpr("interval '1 day'") else { throw TestFailure() }
    #expect(interval.typeName.name == "interval")
  }

  @Test func parametersKeepTheirNumbers() throws {
    let condition = try parseWhere("id = $1 AND tenant = $12")
    guard case .bool(let and) = condition else { throw TestFailure() }
    let parameters = and.args.compactMap { expr -> Int? in
      if case .parameter(let parameter)? = expr.operation?.right { return parameter.number }
      return nil
    }
    #expect(parameters == [1, 12])
  }

  @Test func andOrNotNestAsWritten() throws {
    guard case .bool(let or) = try parseWhere("a = 1 OR NOT (b = 2 AND c = 3)") else { throw TestFailure() }
    #expect(or.op == .or)
    guard case .bool(let not) = or.args[1] else { throw TestFailure() }
    #expect(not.op == .not)
    guard case .bool(let and) = not.args[0] else { throw TestFailure() }
    #expect(and.op == .and && and.args.count == 2)
  }

  @Test func inListsAndNotIn() throws {
    let inList = try #require(try parseWhere("status IN ('paid', 'shipped', 'done')").operation)
    #expect(inList.kind == .in)
    #expect(inList.operatorName == "=")
    guard case .list(let items)? = inList.right else { throw TestFailure() }
    #expect(items.map(\.constantValue) == [.string("paid"), .string("shipped"), .string("done")])

    let notIn = try #require(try parseWhere("id NOT IN (1, 2)").operation)
    #expect(notIn.kind == .in && notIn.operatorName == "<>")
  }

  @Test func anyAndAllWithArraysAndSubqueries() throws {
    let any = try #require(try parseWhere("id = ANY($1)").operation)
    #expect(any.kind == .opAny && any.operatorName == "=")
    let all = try #require(try parseWhere("score > ALL (ARRAY[1, 2])").operation)
    #expect(all.kind == .opAll)
    guard case .array(let array)? = all.right else { throw TestFailure() }
    #expect(array.elements.count == 2)

    guard case .subLink(let sub) = try parseWhere("price > ALL (SELECT price FROM p)") else { throw TestFailure() }
    #expect(sub.kind == .all && sub.operatorName == [">"])
  }

  @Test func betweenVariants() throws {
    let cases: [(String, OperatorExpr.Kind)] = [
      ("x BETWEEN 1 AND 10", .between), ("x NOT BETWEEN 1 AND 10", .notBetween),
      ("x BETWEEN SYMMETRIC 10 AND 1", .betweenSymmetric), ("x NOT BETWEEN SYMMETRIC 10 AND 1", .notBetweenSymmetric),
    ]
    for (condition, kind) in cases {
      let operation = try #require(try parseWhere(condition).operation)
      #expect(operation.kind == kind, "\(condition)")
      guard case .list(let bounds)? = operation.right else { throw TestFailure() }
      #expect(bounds.count == 2)
    }
  }

  @Test func patternMatchingOperators() throws {
    let cases: [(String, OperatorExpr.Kind, String)] = [
      ("name LIKE 'a%'", .like, "~~"), ("name NOT LIKE 'a%'", .like, "!~~"), ("name ILIKE 'a%'", .iLike, "~~*"),
      ("name SIMILAR TO '(a|b)%'", .similar, "~"), ("name ~ '^a'", .op, "~"), ("name !~* 'x'", .op, "!~*"),
    ]
    for (condition, kind, name) in cases {
      let operation = try #require(try parseWhere(condition).operation)
      #expect(operation.kind == kind, "\(condition)")
      #expect(operation.operatorName == name, "\(condition)")
    }
  }

  @Test func nullAndBooleanTests() throws {
    guard case .nullTest(let isNull) = try parseWhere("deleted_at IS NULL") else { throw TestFailure() }
    #expect(!isNull.isNot && isNull.arg.columnName == "deleted_at")
    guard case .nullTest(let notNull) = try parseWhere("email IS NOT NULL") else { throw TestFailure() }
    #expect(notNull.isNot)
    guard case .booleanTest(let isTrue) = try parseWhere("active IS TRUE") else { throw TestFailure() }
    #expect(isTrue.kind == .isTrue)
    guard case .booleanTest(let unknown) = try parseWhere("flag IS NOT UNKNOWN") else { throw TestFailure() }
    #expect(unknown.kind == .isNotUnknown)
  }

  @Test func isDistinctFromAndNullIf() throws {
    #expect(try parseWhere("a IS DISTINCT FROM b").operation?.kind == .distinct)
    #expect(try parseWhere("a IS NOT DISTINCT FROM b").operation?.kind == .notDistinct)
    #expect(try parseExpr("NULLIF(a, 0)").operation?.kind == .nullIf)
  }

  @Test func caseExpressionsSimpleAndSearched() throws {
    guard
      case .caseExpr(let searched) = try parseExpr("CASE WHEN a > 0 THEN 'pos' WHEN a < 0 THEN 'neg' ELSE 'zero' END")
    else { throw TestFailure() }
    #expect(searched.arg == nil)
    #expect(searched.whens.count == 2)
    #expect(searched.whens[1].result.constantValue == .string("neg"))
    #expect(searched.defaultResult?.constantValue == .string("zero"))

    guard case .caseExpr(let simple) = try parseExpr("CASE status WHEN 'a' THEN 1 END") else { throw TestFailure() }
    #expect(simple.arg?.columnName == "status")
    #expect(simple.defaultResult == nil)
  }

  @Test func coalesceGreatestLeast() throws {
    guard case .coalesce(let coalesce) = try parseExpr("COALESCE(nickname, name, 'anon')") else { throw TestFailure() }
    #expect(coalesce.args.count == 3)
    guard case .minMax(let greatest) = try parseExpr("GREATEST(a, b)") else { throw TestFailure() }
    #expect(greatest.op == .greatest)
    guard case .minMax(let least) = try parseExpr("LEAST(a, b, c)") else { throw TestFailure() }
    #expect(least.op == .least && least.args.count == 3)
  }

  @Test func functionCallsAndAggregateOptions() throws {
    guard case .function(let filtered) = try parseExpr("count(DISTINCT user_id) FILTER (WHERE status = 'paid')")
    else { throw TestFailure() }
    #expect(filtered.aggDistinct)
    #expect(filtered.aggFilter?.operation?.operatorName == "=")

    guard case .function(let ordered) = try parseExpr("string_agg(name, ', ' ORDER BY name DESC)") else {
      throw TestFailure()
    }
    #expect(ordered.args.count == 2)
    #expect(ordered.aggOrder.first?.direction == .descending)

    guard case .function(let percentile) = try parseExpr("percentile_cont(0.9) WITHIN GROUP (ORDER BY latency)") else {
      throw TestFailure()
    }
    #expect(percentile.aggWithinGroup)
    #expect(percentile.aggOrder.map(\.expr.columnName) == ["latency"])

    guard case .function(let qualified) = try parseExpr("pg_catalog.lower(email)") else { throw TestFailure() }
    #expect(qualified.name == ["pg_catalog", "lower"])

    guard case .function(let variadic) = try parseExpr("concat_ws(',', VARIADIC parts)") else { throw TestFailure() }
    #expect(variadic.variadic)
  }

  @Test func namedFunctionArguments() throws {
    guard case .function(let call) = try parseExpr("make_interval(days => 7, hours => h)") else { throw TestFailure() }
    guard case .namedArgument(let days) = call.args[0], case .namedArgument(let hours) = call.args[1] else {
      throw TestFailure()
    }
    #expect(days.name == "days" && days.value.constantValue == .integer(7))
    #expect(hours.name == "hours" && hours.value.columnName == "h")
  }

  @Test func windowFunctionCallsReferenceWindows() throws {
    guard case .function(let call) = try parseExpr("row_number() OVER (PARTITION BY user_id ORDER BY ts)") else {
      throw TestFailure()
    }
    #expect(call.over?.partitionBy.map(\.columnName) == ["user_id"])
    guard case .function(let named) = try parseExpr("lag(x) OVER w") else { throw TestFailure() }
    #expect(named.over?.name == "w")
    guard case .function(let refined) = try parseExpr("lag(x) OVER (w ORDER BY y)") else { throw TestFailure() }
    #expect(refined.over?.refName == "w")
  }

  @Test func sublinksExistsInScalarAndArray() throws {
    guard case .subLink(let exists) = try parseWhere("EXISTS (SELECT 1 FROM o WHERE o.uid = u.id)") else {
      throw TestFailure()
    }
    #expect(exists.kind == .exists && exists.testExpr == nil)
    guard case .select = exists.subselect else { throw TestFailure() }

    guard case .subLink(let inSub) = try parseWhere("id IN (SELECT user_id FROM banned)") else { throw TestFailure() }
    #expect(inSub.kind == .any && inSub.testExpr?.columnName == "id" && inSub.operatorName.isEmpty)

    guard case .subLink(let scalar) = try parseExpr("(SELECT max(total) FROM orders)") else { throw TestFailure() }
    #expect(scalar.kind == .expression)

    guard case .subLink(let array) = try parseExpr("ARRAY(SELECT id FROM t)") else { throw TestFailure() }
    #expect(array.kind == .array)

    guard case .bool(let notExists) = try parseWhere("NOT EXISTS (SELECT 1)") else { throw TestFailure() }
    #expect(notExists.op == .not)
  }

  @Test func rowConstructorsAndComparisons() throws {
    guard case .row(let explicit) = try parseExpr("ROW(1, 'a')") else { throw TestFailure() }
    #expect(explicit.explicitRow && explicit.args.count == 2)
    let comparison = try #require(try parseWhere("(a, b) > (1, 2)").operation)
    guard case .row(let implicit)? = comparison.left else { throw TestFailure() }
    #expect(!implicit.explicitRow)
  }

  @Test func arraysSubscriptsSlicesAndFieldSelection() throws {
    guard case .array(let array) = try parseExpr("ARRAY[1, 2, 3]") else { throw TestFailure() }
    #expect(array.elements.count == 3)

    guard case .indirection(let slice) = try parseExpr("tags[2:3]") else { throw TestFailure() }
    guard case .subscript(let isSlice, let lower, let upper) = slice.steps[0] else { throw TestFailure() }
    #expect(isSlice && lower?.constantValue == .integer(2) && upper?.constantValue == .integer(3))

    guard case .indirection(let field) = try parseExpr("(address).city") else { throw TestFailure() }
    #expect(field.steps == [.field("city")])

    guard case .indirection(let index) = try parseExpr("matrix[1][2]") else { throw TestFailure() }
    #expect(index.steps.count == 2)
  }

  @Test func jsonOperatorsAreOperators() throws {
    let cases = ["->", "->>", "#>", "#>>", "@>", "?", "?|", "?&"]
    for op in cases {
      let operand = ["#>", "#>>", "?|", "?&"].contains(op) ? "'{a,b}'" : "'k'"
      let operation = try #require(try parseWhere("props \(op) \(operand)").operation, "\(op)")
      #expect(operation.kind == .op && operation.operatorName == op)
    }
  }

  @Test func collateAndSqlValueFunctions() throws {
    guard case .collate(let collate) = try parseExpr("name COLLATE \"C\"") else { throw TestFailure() }
    #expect(collate.collation == ["C"])
    guard case .sqlValueFunction(let date) = try parseExpr("CURRENT_DATE") else { throw TestFailure() }
    #expect(date.op == "SVFOP_CURRENT_DATE")
    guard case .sqlValueFunction(let timestamp) = try parseExpr("CURRENT_TIMESTAMP(3)") else { throw TestFailure() }
    #expect(timestamp.op == "SVFOP_CURRENT_TIMESTAMP_N" && timestamp.typmod == 3)
  }

  @Test func sqlSyntaxCallsAreMarked() throws {
    guard case .function(let extract) = try parseExpr("EXTRACT(year FROM created_at)") else { throw TestFailure() }
    #expect(extract.sqlSyntax && extract.functionName == "extract")
    guard case .function(let plain) = try parseExpr("date_part('year', created_at)") else { throw TestFailure() }
    #expect(!plain.sqlSyntax)
  }

  @Test func groupingFunctionAndAtTimeZone() throws {
    guard case .groupingFunc(let grouping) = try parseExpr("GROUPING(a, b)") else { throw TestFailure() }
    #expect(grouping.args.count == 2)
    guard case .function(let timezone) = try parseExpr("ts AT TIME ZONE 'UTC'") else { throw TestFailure() }
    #expect(timezone.name == ["pg_catalog", "timezone"])
  }

  @Test func locationsAreByteOffsetsIntoTheInput() throws {
    let sql = "SELECT  amount FROM t WHERE name = 'é' AND x = 1"
    let simple = try parseSimpleSelect(sql)
    guard case .column(let amount)? = simple.targetList.first?.value else { throw TestFailure() }
    #expect(amount.location == 8)
    guard case .bool(let and) = simple.whereClause else { throw TestFailure() }
    guard case .column(let x)? = and.args[1].operation?.left else { throw TestFailure() }
    let utf8 = Array(sql.utf8)
    #expect(String(decoding: utf8[x.location..<x.location + 1], as: UTF8.self) == "x")
  }
}
