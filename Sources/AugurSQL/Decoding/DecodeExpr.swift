extension TreeDecoder {
  /// Reads an expression node.
  mutating func expr() throws -> Expr {
    let value = try tagged { decoder, tag in try decoder.exprBody(tag) }
    return value ?? .other(RawNode(tag: "Null", fields: .null))
  }

  mutating func exprs() throws -> [Expr] {
    try list { decoder in try decoder.expr() }
  }

  /// The body of an expression node whose tag has been read.
  mutating func exprBody(_ tag: JSONKey) throws -> Expr {
    switch tag {
    case "ColumnRef": return .column(try columnRef())
    case "A_Const": return .constant(try constant())
    case "ParamRef":
      var parameter = ParameterRef(number: 0, location: -1)
      try fields { decoder, key in
        switch key {
        case "number": parameter.number = try decoder.reader.readInt()
        case "location": parameter.location = try decoder.reader.readInt()
        default: try decoder.reader.skipValue()
        }
      }
      return .parameter(parameter)
    case "A_Expr": return .operation(try operatorExpr())
    case "BoolExpr": return .bool(try boolExpr())
    case "SubLink": return .subLink(try subLink())
    case "FuncCall": return .function(try funcCall())
    case "TypeCast": return .typeCast(try typeCast())
    case "CaseExpr": return .caseExpr(try caseExpr())
    case "CoalesceExpr":
      var result = CoalesceExpr(args: [], location: -1)
      try fields { decoder, key in
        switch key {
        case "args": result.args = try decoder.exprs()
        case "location": result.location = try decoder.reader.readInt()
        default: try decoder.reader.skipValue()
        }
      }
      return .coalesce(result)
    case "MinMaxExpr":
      var result = MinMaxExpr(op: .greatest, args: [], location: -1)
      try fields { decoder, key in
        switch key {
        case "op": result.op = try decoder.enumValue(MinMaxExpr.Operator.self, default: .greatest)
        case "args": result.args = try decoder.exprs()
        case "location": result.location = try decoder.reader.readInt()
        default: try decoder.reader.skipValue()
        }
      }
      return .minMax(result)
    case "NullTest":
      var arg: Expr?
      var isNot = false
      var location = -1
      try fields { decoder, key in
        switch key {
        case "arg": arg = try decoder.expr()
        case "nulltesttype": isNot = try decoder.reader.readBorrowedString() == "IS_NOT_NULL"
        case "location": location = try decoder.reader.readInt()
        default: try decoder.reader.skipValue()
        }
      }
      return .nullTest(NullTest(arg: try required(arg, "NullTest.arg"), isNot: isNot, location: location))
    case "BooleanTest":
      var arg: Expr?
      var kind = BooleanTest.Kind.isTrue
      var location = -1
      try fields { decoder, key in
        switch key {
        case "arg": arg = try decoder.expr()
        case "booltesttype": kind = try decoder.enumValue(BooleanTest.Kind.self, default: .isTrue)
        case "location": location = try decoder.reader.readInt()
        default: try decoder.reader.skipValue()
        }
      }
      return .booleanTest(BooleanTest(arg: try required(arg, "BooleanTest.arg"), kind: kind, location: location))
    case "RowExpr":
      var result = RowExpr(args: [], explicitRow: false, location: -1)
      try fields { decoder, key in
        switch key {
        case "args": result.args = try decoder.exprs()
        case "row_format": result.explicitRow = try decoder.reader.readBorrowedString() == "COERCE_EXPLICIT_CALL"
        case "location": result.location = try decoder.reader.readInt()
        default: try decoder.reader.skipValue()
        }
      }
      return .row(result)
    case "A_ArrayExpr":
      var result = ArrayExpr(elements: [], location: -1)
      try fields { decoder, key in
        switch key {
        case "elements": result.elements = try decoder.exprs()
        case "location": result.location = try decoder.reader.readInt()
        default: try decoder.reader.skipValue()
        }
      }
      return .array(result)
    case "A_Indirection":
      var arg: Expr?
      var steps: [Indirection.Step] = []
      try fields { decoder, key in
        switch key {
        case "arg": arg = try decoder.expr()
        case "indirection": steps = try decoder.indirectionSteps()
        default: try decoder.reader.skipValue()
        }
      }
      return .indirection(Indirection(arg: try required(arg, "A_Indirection.arg"), steps: steps))
    case "CollateClause":
      var arg: Expr?
      var collation: [String] = []
      var location = -1
      try fields { decoder, key in
        switch key {
        case "arg": arg = try decoder.expr()
        case "collname": collation = try decoder.names()
        case "location": location = try decoder.reader.readInt()
        default: try decoder.reader.skipValue()
        }
      }
      return .collate(
        CollateExpr(arg: try required(arg, "CollateClause.arg"), collation: collation, location: location))
    case "SQLValueFunction":
      var result = SQLValueFunction(op: "", typmod: -1, location: -1)
      try fields { decoder, key in
        switch key {
        case "op": result.op = try decoder.reader.readString()
        case "typmod": result.typmod = try decoder.reader.readInt()
        case "location": result.location = try decoder.reader.readInt()
        default: try decoder.reader.skipValue()
        }
      }
      return .sqlValueFunction(result)
    case "GroupingFunc":
      var result = GroupingFunc(args: [], location: -1)
      try fields { decoder, key in
        switch key {
        case "args": result.args = try decoder.exprs()
        case "location": result.location = try decoder.reader.readInt()
        default: try decoder.reader.skipValue()
        }
      }
      return .groupingFunc(result)
    case "GroupingSet":
      var result = GroupingSet(kind: .empty, content: [], location: -1)
      try fields { decoder, key in
        switch key {
        case "kind": result.kind = try decoder.enumValue(GroupingSet.Kind.self, default: .empty)
        case "content": result.content = try decoder.exprs()
        case "location": result.location = try decoder.reader.readInt()
        default: try decoder.reader.skipValue()
        }
      }
      return .groupingSet(result)
    case "List":
      var items: [Expr] = []
      try fields { decoder, key in
        if key == "items" { items = try decoder.exprs() } else { try decoder.reader.skipValue() }
      }
      return .list(items)
    case "SetToDefault":
      var location = -1
      try fields { decoder, key in
        if key == "location" { location = try decoder.reader.readInt() } else { try decoder.reader.skipValue() }
      }
      return .setToDefault(location: location)
    case "MultiAssignRef":
      var source: Expr?
      var column = 0
      var count = 0
      try fields { decoder, key in
        switch key {
        case "source": source = try decoder.expr()
        case "colno": column = try decoder.reader.readInt()
        case "ncolumns": count = try decoder.reader.readInt()
        default: try decoder.reader.skipValue()
        }
      }
      return .multiAssign(
        MultiAssignRef(source: try required(source, "MultiAssignRef.source"), column: column, columnCount: count))
    case "NamedArgExpr":
      var name = ""
      var value: Expr?
      var location = -1
      try fields { decoder, key in
        switch key {
        case "name": name = try decoder.reader.readString()
        case "arg": value = try decoder.expr()
        case "location": location = try decoder.reader.readInt()
        // `argnumber` is always -1 before analysis.
        default: try decoder.reader.skipValue()
        }
      }
      return .namedArgument(
        NamedArgument(name: name, value: try required(value, "NamedArgExpr.arg"), location: location))
    default:
      return .other(try raw(tag.string))
    }
  }

  mutating func columnRef() throws -> ColumnRef {
    var result = ColumnRef(fields: [], location: -1)
    try fields { decoder, key in
      switch key {
      case "fields":
        result.fields = try decoder.list { decoder in
          let name = try decoder.name()
          return name == "*" ? .star : .name(name)
        }
      case "location": result.location = try decoder.reader.readInt()
      default: try decoder.reader.skipValue()
      }
    }
    // A quoted identifier "*" is a name, not a star; libpg_query marks the star with A_Star,
    // which `name()` renders as "*". Quoted "*" columns are vanishingly rare and read as a star.
    return result
  }

  mutating func constant() throws -> Constant {
    var value = Constant.Value.null
    var location = -1
    var integerWasOmitted = false
    try fields { decoder, key in
      switch key {
      case "ival":
        var found: Int?
        try decoder.fields { decoder, key in
          if key == "ival" { found = try decoder.reader.readInt() } else { try decoder.reader.skipValue() }
        }
        if let found { value = .integer(found) } else { integerWasOmitted = true }
      case "fval": value = .float(try decoder.valueNodeText())
      case "sval": value = .string(try decoder.valueNodeText())
      case "bsval": value = .bitString(try decoder.valueNodeText())
      case "boolval": value = .boolean(try decoder.valueNodeText() == "true")
      case "isnull":
        if try decoder.reader.readBool() { value = .null }
      case "location": location = try decoder.reader.readInt()
      default: try decoder.reader.skipValue()
      }
    }
    if integerWasOmitted { value = .integer(integerLiteral(at: location)) }
    return Constant(value: value, location: location)
  }

  mutating func operatorExpr() throws -> OperatorExpr {
    var result = OperatorExpr(kind: .op, name: [], left: nil, right: nil, location: -1)
    try fields { decoder, key in
      switch key {
      case "kind": result.kind = try decoder.enumValue(OperatorExpr.Kind.self, default: .op)
      case "name": result.name = try decoder.names()
      case "lexpr": result.left = try decoder.expr()
      case "rexpr": result.right = try decoder.expr()
      case "location": result.location = try decoder.reader.readInt()
      default: try decoder.reader.skipValue()
      }
    }
    return result
  }

  mutating func boolExpr() throws -> BoolExpr {
    var result = BoolExpr(op: .and, args: [], location: -1)
    try fields { decoder, key in
      switch key {
      case "boolop": result.op = try decoder.enumValue(BoolExpr.Operator.self, default: .and)
      case "args": result.args = try decoder.exprs()
      case "location": result.location = try decoder.reader.readInt()
      default: try decoder.reader.skipValue()
      }
    }
    return result
  }

  mutating func subLink() throws -> SubLink {
    var kind = SubLink.Kind.exists
    var testExpr: Expr?
    var operatorName: [String] = []
    var subselect: Statement?
    var location = -1
    try fields { decoder, key in
      switch key {
      case "subLinkType": kind = try decoder.enumValue(SubLink.Kind.self, default: .exists)
      case "testexpr": testExpr = try decoder.expr()
      case "operName": operatorName = try decoder.names()
      case "subselect": subselect = try decoder.statement()
      case "location": location = try decoder.reader.readInt()
      default: try decoder.reader.skipValue()
      }
    }
    return SubLink(
      kind: kind, testExpr: testExpr, operatorName: operatorName,
      subselect: try required(subselect, "SubLink.subselect"), location: location)
  }

  mutating func funcCall() throws -> FuncCall {
    var result = FuncCall(
      name: [], args: [], aggOrder: [], aggFilter: nil, over: nil, aggWithinGroup: false, aggStar: false,
      aggDistinct: false, variadic: false, sqlSyntax: false, location: -1)
    try fields { decoder, key in
      switch key {
      case "funcname": result.name = try decoder.names()
      case "args": result.args = try decoder.exprs()
      case "agg_order": result.aggOrder = try decoder.sortClause()
      case "agg_filter": result.aggFilter = try decoder.expr()
      case "over": result.over = try decoder.windowDefBody()
      case "agg_within_group": result.aggWithinGroup = try decoder.reader.readBool()
      case "agg_star": result.aggStar = try decoder.reader.readBool()
      case "agg_distinct": result.aggDistinct = try decoder.reader.readBool()
      case "func_variadic": result.variadic = try decoder.reader.readBool()
      case "funcformat": result.sqlSyntax = try decoder.reader.readBorrowedString() == "COERCE_SQL_SYNTAX"
      case "location": result.location = try decoder.reader.readInt()
      default: try decoder.reader.skipValue()
      }
    }
    return result
  }

  mutating func typeCast() throws -> TypeCast {
    var arg: Expr?
    var typeName: TypeName?
    var location = -1
    try fields { decoder, key in
      switch key {
      case "arg": arg = try decoder.expr()
      case "typeName": typeName = try decoder.typeNameBody()
      case "location": location = try decoder.reader.readInt()
      default: try decoder.reader.skipValue()
      }
    }
    return TypeCast(
      arg: try required(arg, "TypeCast.arg"), typeName: try required(typeName, "TypeCast.typeName"), location: location)
  }

  /// A `TypeName` written without its tag (as TypeCast and ColumnDef hold it).
  mutating func typeNameBody() throws -> TypeName {
    var result = TypeName(names: [], typmods: [], arrayBounds: [], setof: false, percentType: false, location: -1)
    try fields { decoder, key in
      switch key {
      case "names": result.names = try decoder.names()
      case "typmods": result.typmods = try decoder.exprs()
      case "arrayBounds": result.arrayBounds = try decoder.list { decoder in try decoder.integerNode(absent: -1) }
      case "setof": result.setof = try decoder.reader.readBool()
      case "pct_type": result.percentType = try decoder.reader.readBool()
      case "location": result.location = try decoder.reader.readInt()
      default: try decoder.reader.skipValue()
      }
    }
    return result
  }

  mutating func caseExpr() throws -> CaseExpr {
    var result = CaseExpr(arg: nil, whens: [], defaultResult: nil, location: -1)
    try fields { decoder, key in
      switch key {
      case "arg": result.arg = try decoder.expr()
      case "args":
        result.whens = try decoder.list { decoder in
          let when = try decoder.tagged { decoder, _ in
            var condition: Expr?
            var value: Expr?
            var location = -1
            try decoder.fields { decoder, key in
              switch key {
              case "expr": condition = try decoder.expr()
              case "result": value = try decoder.expr()
              case "location": location = try decoder.reader.readInt()
              default: try decoder.reader.skipValue()
              }
            }
            return CaseExpr.When(
              condition: try decoder.required(condition, "CaseWhen.expr"),
              result: try decoder.required(value, "CaseWhen.result"), location: location)
          }
          return try decoder.required(when, "CaseWhen")
        }
      case "defresult": result.defaultResult = try decoder.expr()
      case "location": result.location = try decoder.reader.readInt()
      default: try decoder.reader.skipValue()
      }
    }
    return result
  }

  mutating func indirectionSteps() throws -> [Indirection.Step] {
    try list { decoder in
      let step = try decoder.tagged { decoder, tag -> Indirection.Step in
        switch tag {
        case "A_Star":
          try decoder.reader.skipValue()
          return .star
        case "A_Indices":
          var isSlice = false
          var lower: Expr?
          var upper: Expr?
          try decoder.fields { decoder, key in
            switch key {
            case "is_slice": isSlice = try decoder.reader.readBool()
            case "lidx": lower = try decoder.expr()
            case "uidx": upper = try decoder.expr()
            default: try decoder.reader.skipValue()
            }
          }
          return .subscript(isSlice: isSlice, lower: lower, upper: upper)
        default:
          return .field(try decoder.valueNodeText())
        }
      }
      return try decoder.required(step, "indirection")
    }
  }

  // MARK: Helpers

  /// Reads an enum field written as its C enumerator name; unknown names fall back to `default`.
  mutating func enumValue<E: RawRepresentable & CaseIterable>(_: E.Type, default fallback: E) throws -> E
  where E.RawValue == String {
    let text = try reader.readBorrowedString()
    for candidate in E.allCases where text == candidate.rawValue {
      return candidate
    }
    return fallback
  }

  /// A field PostgreSQL always sets; its absence means the JSON is not what Augur expects.
  func required<T>(_ value: T?, _ what: String) throws -> T {
    guard let value else {
      throw JSONReader.Failure(message: "missing \(what) in the parse tree", position: reader.position)
    }
    return value
  }
}
