extension TreeDecoder {
  /// Reads a statement node (`{"SelectStmt": {...}}`, ...).
  mutating func statement() throws -> Statement {
    let value = try tagged { decoder, tag in try decoder.statementBody(tag) }
    return try required(value, "statement")
  }

  mutating func statementBody(_ tag: JSONKey) throws -> Statement {
    switch tag {
    case "SelectStmt": return .select(try selectStmtBody())
    case "InsertStmt": return .insert(try insertStmt())
    case "UpdateStmt": return .update(try updateStmt())
    case "DeleteStmt": return .delete(try deleteStmt())
    case "CreateStmt": return .createTable(try createStmt())
    case "IndexStmt": return .createIndex(try indexStmt())
    case "AlterTableStmt": return .alterTable(try alterTableStmt())
    case "DropStmt": return .drop(try dropStmt())
    case "CreateStatsStmt": return .createStatistics(try createStatsStmt())
    case "ViewStmt": return .createView(try viewStmt())
    case "ExplainStmt": return .explain(try explainStmt())
    case "VacuumStmt": return .vacuum(try vacuumStmt())
    case "VariableSetStmt": return .set(try variableSetStmt())
    case "VariableShowStmt":
      var name = ""
      try fields { decoder, key in
        if key == "name" { name = try decoder.reader.readString() } else { try decoder.reader.skipValue() }
      }
      return .show(name: name)
    case "TransactionStmt": return .transaction(try transactionStmt())
    default: return .other(try raw(tag.string))
    }
  }

  /// A `SelectStmt` body (the object inside the tag, or a bare `larg`/`rarg`).
  mutating func selectStmtBody() throws -> SelectStmt {
    var simple = SimpleSelect(
      distinct: nil, targetList: [], from: [], whereClause: nil, groupBy: [], groupByDistinct: false, having: nil,
      windows: [])
    var values: [[Expr]]?
    var op = SetOperation.Operator?.none
    var all = false
    var left: SelectStmt?
    var right: SelectStmt?
    var result = SelectStmt(
      body: .values([]), with: nil, orderBy: [], limitCount: nil, limitOffset: nil, limitOption: .none, locking: [],
      into: nil)
    try fields { decoder, key in
      switch key {
      case "distinctClause":
        // `[{}]` is plain DISTINCT; a list of expressions is DISTINCT ON.
        let items = try decoder.list { decoder in try decoder.tagged { decoder, tag in try decoder.exprBody(tag) } }
        simple.distinct = items.allSatisfy { $0 == nil } ? .all : .on(items.compactMap { $0 })
      case "intoClause": result.into = try decoder.raw("IntoClause")
      case "targetList": simple.targetList = try decoder.resTargets()
      case "fromClause": simple.from = try decoder.fromItems()
      case "whereClause": simple.whereClause = try decoder.expr()
      case "groupClause": simple.groupBy = try decoder.exprs()
      case "groupDistinct": simple.groupByDistinct = try decoder.reader.readBool()
      case "havingClause": simple.having = try decoder.expr()
      case "windowClause":
        simple.windows = try decoder.list { decoder in
          try decoder.required(try decoder.tagged { decoder, _ in try decoder.windowDefBody() }, "WindowDef")
        }
      case "valuesLists":
        values = try decoder.list { decoder in
          let row = try decoder.tagged { decoder, tag -> [Expr] in
            guard case .list(let items) = try decoder.exprBody(tag) else { return [] }
            return items
          }
          return row ?? []
        }
      case "sortClause": result.orderBy = try decoder.sortClause()
      case "limitOffset": result.limitOffset = try decoder.expr()
      case "limitCount": result.limitCount = try decoder.expr()
      case "limitOption": result.limitOption = try decoder.enumValue(LimitOption.self, default: .none)
      case "lockingClause": result.locking = try decoder.lockingClauses()
      case "withClause": result.with = try decoder.withClauseBody()
      case "op":
        let text = try decoder.reader.readBorrowedString()
        op = SetOperation.Operator.allCases.first { text == $0.rawValue }
      case "all": all = try decoder.reader.readBool()
      case "larg": left = try decoder.selectStmtBody()
      case "rarg": right = try decoder.selectStmtBody()
      default: try decoder.reader.skipValue()
      }
    }
    if let setOperator = op {
      result.body = .setOperation(
        SetOperation(
          op: setOperator, all: all, left: try required(left, "SelectStmt.larg"),
          right: try required(right, "SelectStmt.rarg")))
    } else if let values {
      result.body = .values(values)
    } else {
      result.body = .simple(simple)
    }
    return result
  }

  mutating func resTargets() throws -> [ResTarget] {
    try list { decoder in
      let target = try decoder.tagged { decoder, _ in
        var result = ResTarget(name: nil, indirection: [], value: nil, location: -1)
        try decoder.fields { decoder, key in
          switch key {
          case "name": result.name = try decoder.reader.readString()
          case "indirection": result.indirection = try decoder.indirectionSteps()
          case "val": result.value = try decoder.expr()
          case "location": result.location = try decoder.reader.readInt()
          default: try decoder.reader.skipValue()
          }
        }
        return result
      }
      return try decoder.required(target, "ResTarget")
    }
  }

  mutating func sortClause() throws -> [SortBy] {
    try list { decoder in
      let sortBy = try decoder.tagged { decoder, _ in
        var expr: Expr?
        var direction = SortBy.Direction.default
        var nulls = SortBy.Nulls.default
        var usingOperator: [String] = []
        var location = -1
        try decoder.fields { decoder, key in
          switch key {
          case "node": expr = try decoder.expr()
          case "sortby_dir": direction = try decoder.enumValue(SortBy.Direction.self, default: .default)
          case "sortby_nulls": nulls = try decoder.enumValue(SortBy.Nulls.self, default: .default)
          case "useOp": usingOperator = try decoder.names()
          case "location": location = try decoder.reader.readInt()
          default: try decoder.reader.skipValue()
          }
        }
        return SortBy(
          expr: try decoder.required(expr, "SortBy.node"), direction: direction, nulls: nulls,
          usingOperator: usingOperator, location: location)
      }
      return try decoder.required(sortBy, "SortBy")
    }
  }

  /// A `WindowDef` body (OVER holds it without a tag).
  mutating func windowDefBody() throws -> WindowDef {
    var result = WindowDef(
      name: nil, refName: nil, partitionBy: [], orderBy: [], frameOptions: 0, startOffset: nil, endOffset: nil,
      location: -1)
    try fields { decoder, key in
      switch key {
      case "name": result.name = try decoder.reader.readString()
      case "refname": result.refName = try decoder.reader.readString()
      case "partitionClause": result.partitionBy = try decoder.exprs()
      case "orderClause": result.orderBy = try decoder.sortClause()
      case "frameOptions": result.frameOptions = try decoder.reader.readInt()
      case "startOffset": result.startOffset = try decoder.expr()
      case "endOffset": result.endOffset = try decoder.expr()
      case "location": result.location = try decoder.reader.readInt()
      default: try decoder.reader.skipValue()
      }
    }
    return result
  }

  /// A `WithClause` body.
  mutating func withClauseBody() throws -> WithClause {
    var result = WithClause(ctes: [], recursive: false, location: -1)
    try fields { decoder, key in
      switch key {
      case "ctes":
        result.ctes = try decoder.list { decoder in
          try decoder.required(try decoder.tagged { decoder, _ in try decoder.commonTableExpr() }, "CommonTableExpr")
        }
      case "recursive": result.recursive = try decoder.reader.readBool()
      case "location": result.location = try decoder.reader.readInt()
      default: try decoder.reader.skipValue()
      }
    }
    return result
  }

  mutating func commonTableExpr() throws -> CommonTableExpr {
    var name = ""
    var columnNames: [String] = []
    var materialized = CommonTableExpr.Materialized.default
    var query: Statement?
    var searchClause: RawNode?
    var cycleClause: RawNode?
    var location = -1
    try fields { decoder, key in
      switch key {
      case "ctename": name = try decoder.reader.readString()
      case "aliascolnames": columnNames = try decoder.names()
      case "ctematerialized":
        materialized = try decoder.enumValue(CommonTableExpr.Materialized.self, default: .default)
      case "ctequery": query = try decoder.statement()
      case "search_clause": searchClause = try decoder.raw("CTESearchClause")
      case "cycle_clause": cycleClause = try decoder.raw("CTECycleClause")
      case "location": location = try decoder.reader.readInt()
      default: try decoder.reader.skipValue()
      }
    }
    return CommonTableExpr(
      name: name, columnNames: columnNames, materialized: materialized,
      query: try required(query, "CommonTableExpr.ctequery"), searchClause: searchClause, cycleClause: cycleClause,
      location: location)
  }

  mutating func lockingClauses() throws -> [LockingClause] {
    try list { decoder in
      let clause = try decoder.tagged { decoder, _ in
        var result = LockingClause(relations: [], strength: .forUpdate, waitPolicy: .block)
        try decoder.fields { decoder, key in
          switch key {
          case "lockedRels": result.relations = try decoder.list { decoder in try decoder.taggedRangeVar() }
          case "strength": result.strength = try decoder.enumValue(LockingClause.Strength.self, default: .forUpdate)
          case "waitPolicy": result.waitPolicy = try decoder.enumValue(LockingClause.WaitPolicy.self, default: .block)
          default: try decoder.reader.skipValue()
          }
        }
        return result
      }
      return try decoder.required(clause, "LockingClause")
    }
  }

  // MARK: FROM

  mutating func fromItems() throws -> [FromItem] {
    try list { decoder in try decoder.fromItem() }
  }

  mutating func fromItem() throws -> FromItem {
    let item = try tagged { decoder, tag -> FromItem in
      switch tag {
      case "RangeVar": return .relation(try decoder.rangeVarBody())
      case "JoinExpr": return .join(try decoder.joinExpr())
      case "RangeSubselect":
        var lateral = false
        var subquery: Statement?
        var alias: Alias?
        try decoder.fields { decoder, key in
          switch key {
          case "lateral": lateral = try decoder.reader.readBool()
          case "subquery": subquery = try decoder.statement()
          case "alias": alias = try decoder.aliasBody()
          default: try decoder.reader.skipValue()
          }
        }
        return .subquery(
          RangeSubselect(
            lateral: lateral, subquery: try decoder.required(subquery, "RangeSubselect.subquery"), alias: alias))
      case "RangeFunction": return .function(try decoder.rangeFunction())
      default: return .other(try decoder.raw(tag.string))
      }
    }
    return try required(item, "FROM item")
  }

  /// A `RangeVar` written with its tag.
  mutating func taggedRangeVar() throws -> RangeVar {
    try required(try tagged { decoder, _ in try decoder.rangeVarBody() }, "RangeVar")
  }

  /// A `RangeVar` body.
  mutating func rangeVarBody() throws -> RangeVar {
    var result = RangeVar(
      catalog: nil, schema: nil, name: "", inherit: false, persistence: "p", alias: nil, location: -1)
    try fields { decoder, key in
      switch key {
      case "catalogname": result.catalog = try decoder.reader.readString()
      case "schemaname": result.schema = try decoder.reader.readString()
      case "relname": result.name = try decoder.reader.readString()
      case "inh": result.inherit = try decoder.reader.readBool()
      case "relpersistence": result.persistence = try decoder.reader.readString()
      case "alias": result.alias = try decoder.aliasBody()
      case "location": result.location = try decoder.reader.readInt()
      default: try decoder.reader.skipValue()
      }
    }
    return result
  }

  mutating func aliasBody() throws -> Alias {
    var result = Alias(name: "", columnNames: [])
    try fields { decoder, key in
      switch key {
      case "aliasname": result.name = try decoder.reader.readString()
      case "colnames": result.columnNames = try decoder.names()
      default: try decoder.reader.skipValue()
      }
    }
    return result
  }

  mutating func joinExpr() throws -> JoinExpr {
    var kind = JoinExpr.Kind.inner
    var isNatural = false
    var left: FromItem?
    var right: FromItem?
    var using: [String] = []
    var usingAlias: Alias?
    var quals: Expr?
    var alias: Alias?
    try fields { decoder, key in
      switch key {
      case "jointype": kind = try decoder.enumValue(JoinExpr.Kind.self, default: .inner)
      case "isNatural": isNatural = try decoder.reader.readBool()
      case "larg": left = try decoder.fromItem()
      case "rarg": right = try decoder.fromItem()
      case "usingClause": using = try decoder.names()
      case "join_using_alias": usingAlias = try decoder.aliasBody()
      case "quals": quals = try decoder.expr()
      case "alias": alias = try decoder.aliasBody()
      default: try decoder.reader.skipValue()
      }
    }
    return JoinExpr(
      kind: kind, isNatural: isNatural, left: try required(left, "JoinExpr.larg"),
      right: try required(right, "JoinExpr.rarg"), using: using, usingAlias: usingAlias, quals: quals, alias: alias)
  }

  mutating func rangeFunction() throws -> RangeFunction {
    var result = RangeFunction(
      lateral: false, ordinality: false, isRowsFrom: false, functions: [], alias: nil, columnDefinitions: [])
    try fields { decoder, key in
      switch key {
      case "lateral": result.lateral = try decoder.reader.readBool()
      case "ordinality": result.ordinality = try decoder.reader.readBool()
      case "is_rowsfrom": result.isRowsFrom = try decoder.reader.readBool()
      case "functions":
        // Each entry is a two-item List: the call, and its column definitions (or {}).
        result.functions = try decoder.list { decoder in try decoder.rangeFunctionItem() }
      case "alias": result.alias = try decoder.aliasBody()
      case "coldeflist": result.columnDefinitions = try decoder.columnDefs()
      default: try decoder.reader.skipValue()
      }
    }
    return result
  }

  /// One `ROWS FROM` entry: a two-item List of the call and its column definitions (or `{}`).
  private mutating func rangeFunctionItem() throws -> RangeFunction.Item {
    var call: Expr?
    var definitions: [ColumnDef] = []
    try listItems { decoder, index in
      if index == 0 {
        call = try decoder.expr()
      } else {
        try decoder.listItems { decoder, _ in
          if let definition = try decoder.tagged({ decoder, _ in try decoder.columnDefBody() }) {
            definitions.append(definition)
          }
        }
      }
    }
    return RangeFunction.Item(call: try required(call, "RangeFunction call"), columnDefinitions: definitions)
  }
}
