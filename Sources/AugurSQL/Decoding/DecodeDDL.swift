extension TreeDecoder {
  mutating func createStmt() throws -> CreateTableStmt {
    var relation: RangeVar?
    var result = CreateTableStmt(
      relation: RangeVar(
        catalog: nil, schema: nil, name: "", inherit: true, persistence: "p", alias: nil, location: -1),
      columns: [], constraints: [], likeClauses: [], inherits: [], partitionBound: nil, partitionSpec: nil,
      options: [], tablespace: nil, accessMethod: nil, ifNotExists: false, ofType: nil, onCommit: "ONCOMMIT_NOOP",
      otherElements: [])
    try fields { decoder, key in
      switch key {
      case "relation": relation = try decoder.rangeVarBody()
      case "tableElts", "constraints":
        try decoder.reader.beginArray()
        while try decoder.reader.nextElement() {
          _ = try decoder.tagged { decoder, tag in
            switch tag {
            case "ColumnDef": result.columns.append(try decoder.columnDefBody())
            case "Constraint": result.constraints.append(try decoder.constraintBody())
            case "TableLikeClause":
              var like = TableLikeClause(
                relation: RangeVar(
                  catalog: nil, schema: nil, name: "", inherit: true, persistence: "p", alias: nil, location: -1),
                options: 0)
              try decoder.fields { decoder, key in
                switch key {
                case "relation": like.relation = try decoder.rangeVarBody()
                case "options": like.options = try decoder.reader.readInt()
                default: try decoder.reader.skipValue()
                }
              }
              result.likeClauses.append(like)
            default: result.otherElements.append(try decoder.raw(tag.string))
            }
          }
        }
      case "inhRelations": result.inherits = try decoder.list { decoder in try decoder.taggedRangeVar() }
      case "partbound": result.partitionBound = try decoder.partitionBoundBody()
      case "partspec": result.partitionSpec = try decoder.partitionSpecBody()
      case "options": result.options = try decoder.defElems()
      case "tablespacename": result.tablespace = try decoder.reader.readString()
      case "accessMethod": result.accessMethod = try decoder.reader.readString()
      case "if_not_exists": result.ifNotExists = try decoder.reader.readBool()
      case "ofTypename": result.ofType = try decoder.typeNameBody()
      case "oncommit": result.onCommit = try decoder.reader.readString()
      default: try decoder.reader.skipValue()
      }
    }
    result.relation = try required(relation, "CreateStmt.relation")
    return result
  }

  mutating func columnDefs() throws -> [ColumnDef] {
    try list { decoder in
      try decoder.required(try decoder.tagged { decoder, _ in try decoder.columnDefBody() }, "ColumnDef")
    }
  }

  mutating func columnDefBody() throws -> ColumnDef {
    var result = ColumnDef(
      name: "", typeName: nil, constraints: [], collation: [], compression: nil, rawDefault: nil, location: -1)
    var notNullFlag = false
    try fields { decoder, key in
      switch key {
      case "colname": result.name = try decoder.reader.readString()
      case "typeName": result.typeName = try decoder.typeNameBody()
      case "constraints":
        result.constraints = try decoder.list { decoder in
          try decoder.required(try decoder.tagged { decoder, _ in try decoder.constraintBody() }, "Constraint")
        }
      case "collClause":
        try decoder.fields { decoder, key in
          if key == "collname" { result.collation = try decoder.names() } else { try decoder.reader.skipValue() }
        }
      case "raw_default": result.rawDefault = try decoder.expr()
      case "compression": result.compression = try decoder.reader.readString()
      case "is_not_null": notNullFlag = try decoder.reader.readBool()
      case "location": result.location = try decoder.reader.readInt()
      default: try decoder.reader.skipValue()
      }
    }
    // The grammar records NOT NULL as a constraint; `is_not_null` is set only on columns built
    // internally. Keep the two views consistent.
    if notNullFlag && !result.isNotNull {
      result.constraints.append(Constraint.blank(kind: .notNull, location: result.location))
    }
    return result
  }

  mutating func constraintBody() throws -> Constraint {
    var result = Constraint.blank(kind: .check, location: -1)
    try fields { decoder, key in
      switch key {
      case "contype": result.kind = try decoder.enumValue(Constraint.Kind.self, default: .check)
      case "conname": result.name = try decoder.reader.readString()
      case "deferrable": result.deferrable = try decoder.reader.readBool()
      case "initdeferred": result.initiallyDeferred = try decoder.reader.readBool()
      case "location": result.location = try decoder.reader.readInt()
      case "raw_expr": result.expr = try decoder.expr()
      case "keys": result.keys = try decoder.names()
      case "including": result.including = try decoder.names()
      case "exclusions":
        // Each entry is a List of (IndexElem, List of operator-name Strings).
        result.exclusions = try decoder.list { decoder in try decoder.exclusionPair() }
      case "access_method": result.accessMethod = try decoder.reader.readString()
      case "where_clause": result.whereClause = try decoder.expr()
      case "indexname": result.indexName = try decoder.reader.readString()
      case "nulls_not_distinct": result.nullsNotDistinct = try decoder.reader.readBool()
      case "skip_validation": result.skipValidation = try decoder.reader.readBool()
      case "initially_valid": result.initiallyValid = try decoder.reader.readBool()
      case "fk_del_set_cols": result.onDeleteSetColumns = try decoder.names()
      case "pktable": result.referencedTable = try decoder.rangeVarBody()
      case "fk_attrs": result.foreignKeyColumns = try decoder.names()
      case "pk_attrs": result.referencedColumns = try decoder.names()
      case "fk_matchtype": result.matchType = try decoder.reader.readString()
      case "fk_upd_action": result.onUpdate = try decoder.reader.readString()
      case "fk_del_action": result.onDelete = try decoder.reader.readString()
      case "generated_when": result.generatedWhen = try decoder.reader.readString()
      default: try decoder.reader.skipValue()
      }
    }
    return result
  }

  /// One EXCLUDE entry: a two-item List of the index element and its operator's name (a List).
  private mutating func exclusionPair() throws -> Constraint.Exclusion {
    var element: IndexElem?
    var operatorName: [String] = []
    try listItems { decoder, index in
      if index == 0 {
        element = try decoder.tagged { decoder, _ in try decoder.indexElemBody() }
      } else {
        try decoder.listItems { decoder, _ in operatorName.append(try decoder.name()) }
      }
    }
    return Constraint.Exclusion(element: try required(element, "exclusion element"), operatorName: operatorName)
  }

  mutating func partitionSpecBody() throws -> PartitionSpec {
    var result = PartitionSpec(strategy: .range, keys: [], location: -1)
    try fields { decoder, key in
      switch key {
      case "strategy": result.strategy = try decoder.enumValue(PartitionSpec.Strategy.self, default: .range)
      case "partParams":
        result.keys = try decoder.list { decoder in
          let element = try decoder.tagged { decoder, _ in
            var element = PartitionElem(column: nil, expr: nil, collation: [], opclass: [], location: -1)
            try decoder.fields { decoder, key in
              switch key {
              case "name": element.column = try decoder.reader.readString()
              case "expr": element.expr = try decoder.expr()
              case "collation": element.collation = try decoder.names()
              case "opclass": element.opclass = try decoder.names()
              case "location": element.location = try decoder.reader.readInt()
              default: try decoder.reader.skipValue()
              }
            }
            return element
          }
          return try decoder.required(element, "PartitionElem")
        }
      case "location": result.location = try decoder.reader.readInt()
      default: try decoder.reader.skipValue()
      }
    }
    return result
  }

  mutating func partitionBoundBody() throws -> PartitionBoundSpec {
    var strategy = ""
    var isDefault = false
    var modulus = 0
    var remainder = 0
    var listValues: [Expr] = []
    var lower: [Expr] = []
    var upper: [Expr] = []
    var location = -1
    try fields { decoder, key in
      switch key {
      case "strategy": strategy = try decoder.reader.readString()
      case "is_default": isDefault = try decoder.reader.readBool()
      case "modulus": modulus = try decoder.reader.readInt()
      case "remainder": remainder = try decoder.reader.readInt()
      case "listdatums": listValues = try decoder.exprs()
      case "lowerdatums": lower = try decoder.exprs()
      case "upperdatums": upper = try decoder.exprs()
      case "location": location = try decoder.reader.readInt()
      default: try decoder.reader.skipValue()
      }
    }
    let kind: PartitionBoundSpec.Kind
    switch strategy {
    case _ where isDefault: kind = .default
    case "l": kind = .list(listValues)
    case "h": kind = .hash(modulus: modulus, remainder: remainder)
    default: kind = .range(from: lower, to: upper)
    }
    return PartitionBoundSpec(kind: kind, location: location)
  }

  mutating func indexStmt() throws -> IndexStmt {
    var relation: RangeVar?
    var result = IndexStmt(
      name: nil,
      relation: RangeVar(
        catalog: nil, schema: nil, name: "", inherit: true, persistence: "p", alias: nil, location: -1),
      accessMethod: "btree", keys: [], including: [], options: [], whereClause: nil, tablespace: nil, unique: false,
      nullsNotDistinct: false, concurrent: false, ifNotExists: false)
    try fields { decoder, key in
      switch key {
      case "idxname": result.name = try decoder.reader.readString()
      case "relation": relation = try decoder.rangeVarBody()
      case "accessMethod": result.accessMethod = try decoder.reader.readString()
      case "tableSpace": result.tablespace = try decoder.reader.readString()
      case "indexParams": result.keys = try decoder.indexElems()
      case "indexIncludingParams": result.including = try decoder.indexElems()
      case "options": result.options = try decoder.defElems()
      case "whereClause": result.whereClause = try decoder.expr()
      case "unique": result.unique = try decoder.reader.readBool()
      case "nulls_not_distinct": result.nullsNotDistinct = try decoder.reader.readBool()
      case "concurrent": result.concurrent = try decoder.reader.readBool()
      case "if_not_exists": result.ifNotExists = try decoder.reader.readBool()
      default: try decoder.reader.skipValue()
      }
    }
    result.relation = try required(relation, "IndexStmt.relation")
    return result
  }

  mutating func indexElems() throws -> [IndexElem] {
    try list { decoder in
      try decoder.required(try decoder.tagged { decoder, _ in try decoder.indexElemBody() }, "IndexElem")
    }
  }

  mutating func indexElemBody() throws -> IndexElem {
    var result = IndexElem(column: nil, expr: nil, collation: [], opclass: [], ordering: .default, nulls: .default)
    try fields { decoder, key in
      switch key {
      case "name": result.column = try decoder.reader.readString()
      case "expr": result.expr = try decoder.expr()
      case "collation": result.collation = try decoder.names()
      case "opclass": result.opclass = try decoder.names()
      case "ordering": result.ordering = try decoder.enumValue(SortBy.Direction.self, default: .default)
      case "nulls_ordering": result.nulls = try decoder.enumValue(SortBy.Nulls.self, default: .default)
      default: try decoder.reader.skipValue()
      }
    }
    return result
  }

  mutating func alterTableStmt() throws -> AlterTableStmt {
    var relation: RangeVar?
    var commands: [AlterTableCmd] = []
    var objectType = "OBJECT_TABLE"
    var missingOk = false
    try fields { decoder, key in
      switch key {
      case "relation": relation = try decoder.rangeVarBody()
      case "cmds":
        commands = try decoder.list { decoder in
          try decoder.required(try decoder.tagged { decoder, _ in try decoder.alterTableCmd() }, "AlterTableCmd")
        }
      case "objtype": objectType = try decoder.reader.readString()
      case "missing_ok": missingOk = try decoder.reader.readBool()
      default: try decoder.reader.skipValue()
      }
    }
    return AlterTableStmt(
      relation: try required(relation, "AlterTableStmt.relation"), commands: commands, objectType: objectType,
      missingOk: missingOk)
  }

  private mutating func alterTableCmd() throws -> AlterTableCmd {
    var result = AlterTableCmd(
      subtype: "", name: nil, number: nil, newOwner: nil, definition: nil, cascade: false, missingOk: false)
    try fields { decoder, key in
      switch key {
      case "subtype": result.subtype = try decoder.reader.readString()
      case "name": result.name = try decoder.reader.readString()
      case "num": result.number = try decoder.reader.readInt()
      case "newowner": result.newOwner = try decoder.reader.readValue()
      case "def":
        result.definition = try decoder.tagged { decoder, tag -> AlterTableCmd.Definition in
          switch tag {
          case "ColumnDef": return .column(try decoder.columnDefBody())
          case "Constraint": return .constraint(try decoder.constraintBody())
          case "PartitionCmd":
            var name: RangeVar?
            var bound: PartitionBoundSpec?
            var concurrent = false
            try decoder.fields { decoder, key in
              switch key {
              case "name": name = try decoder.rangeVarBody()
              case "bound": bound = try decoder.partitionBoundBody()
              case "concurrent": concurrent = try decoder.reader.readBool()
              default: try decoder.reader.skipValue()
              }
            }
            return .partition(
              PartitionCmd(name: try decoder.required(name, "PartitionCmd.name"), bound: bound, concurrent: concurrent))
          case "Integer":
            var value = 0
            try decoder.fields { decoder, key in
              if key == "ival" { value = try decoder.reader.readInt() } else { try decoder.reader.skipValue() }
            }
            return .integer(value)
          case "List":
            var elements: [DefElem] = []
            try decoder.fields { decoder, key in
              if key == "items" { elements = try decoder.defElems() } else { try decoder.reader.skipValue() }
            }
            return .options(elements)
          default:
            let expr = try decoder.exprBody(tag)
            if case .other(let raw) = expr { return .other(raw) }
            return .expr(expr)
          }
        }
      case "behavior": result.cascade = try decoder.reader.readString() == "DROP_CASCADE"
      case "missing_ok": result.missingOk = try decoder.reader.readBool()
      default: try decoder.reader.skipValue()
      }
    }
    return result
  }

  mutating func dropStmt() throws -> DropStmt {
    var result = DropStmt(objectType: "", objects: [], cascade: false, missingOk: false, concurrent: false)
    try fields { decoder, key in
      switch key {
      case "objects": result.objects = try decoder.nameLists()
      case "removeType": result.objectType = try decoder.reader.readString()
      case "behavior": result.cascade = try decoder.reader.readString() == "DROP_CASCADE"
      case "missing_ok": result.missingOk = try decoder.reader.readBool()
      case "concurrent": result.concurrent = try decoder.reader.readBool()
      default: try decoder.reader.skipValue()
      }
    }
    return result
  }

  mutating func createStatsStmt() throws -> CreateStatisticsStmt {
    var result = CreateStatisticsStmt(name: [], kinds: [], elements: [], relations: [], ifNotExists: false)
    try fields { decoder, key in
      switch key {
      case "defnames": result.name = try decoder.names()
      case "stat_types": result.kinds = try decoder.names()
      case "exprs":
        result.elements = try decoder.list { decoder in
          let element = try decoder.tagged { decoder, _ -> StatsElem in
            var column: String?
            var expr: Expr?
            try decoder.fields { decoder, key in
              switch key {
              case "name": column = try decoder.reader.readString()
              case "expr": expr = try decoder.expr()
              default: try decoder.reader.skipValue()
              }
            }
            if let expr { return .expr(expr) }
            return .column(column ?? "")
          }
          return try decoder.required(element, "StatsElem")
        }
      case "relations": result.relations = try decoder.fromItems()
      case "if_not_exists": result.ifNotExists = try decoder.reader.readBool()
      default: try decoder.reader.skipValue()
      }
    }
    return result
  }

  mutating func viewStmt() throws -> ViewStmt {
    var view: RangeVar?
    var columnNames: [String] = []
    var query: Statement?
    var replace = false
    var options: [DefElem] = []
    var checkOption = "NO_CHECK_OPTION"
    try fields { decoder, key in
      switch key {
      case "view": view = try decoder.rangeVarBody()
      case "aliases": columnNames = try decoder.names()
      case "query": query = try decoder.statement()
      case "replace": replace = try decoder.reader.readBool()
      case "options": options = try decoder.defElems()
      case "withCheckOption": checkOption = try decoder.reader.readString()
      default: try decoder.reader.skipValue()
      }
    }
    return ViewStmt(
      view: try required(view, "ViewStmt.view"), columnNames: columnNames, query: try required(query, "ViewStmt.query"),
      replace: replace, options: options, checkOption: checkOption)
  }

  // MARK: DefElem

  mutating func defElems() throws -> [DefElem] {
    try list { decoder in
      try decoder.required(try decoder.tagged { decoder, _ in try decoder.defElemBody() }, "DefElem")
    }
  }

  mutating func defElemBody() throws -> DefElem {
    var result = DefElem(namespace: nil, name: "", value: nil, action: "DEFELEM_UNSPEC", location: -1)
    try fields { decoder, key in
      switch key {
      case "defnamespace": result.namespace = try decoder.reader.readString()
      case "defname": result.name = try decoder.reader.readString()
      case "defaction": result.action = try decoder.reader.readString()
      case "arg":
        result.value = try decoder.tagged { decoder, tag -> DefElem.Value in
          switch tag {
          case "Integer":
            var value = 0
            try decoder.fields { decoder, key in
              if key == "ival" { value = try decoder.reader.readInt() } else { try decoder.reader.skipValue() }
            }
            return .integer(value)
          case "Float": return .float(try decoder.valueNodeText())
          case "String": return .string(try decoder.valueNodeText())
          case "Boolean": return .boolean(try decoder.valueNodeText() == "true")
          case "TypeName": return .typeName(try decoder.typeNameBody())
          case "List":
            var names: [String] = []
            try decoder.fields { decoder, key in
              if key == "items" { names = try decoder.names() } else { try decoder.reader.skipValue() }
            }
            return .names(names)
          default:
            let expr = try decoder.exprBody(tag)
            if case .other(let raw) = expr { return .other(raw) }
            return .expr(expr)
          }
        }
      case "location": result.location = try decoder.reader.readInt()
      default: try decoder.reader.skipValue()
      }
    }
    return result
  }
}

extension Constraint {
  /// A constraint of `kind` with every other field at its zero value (as libpg_query omits them).
  static func blank(kind: Kind, location: Int) -> Constraint {
    Constraint(
      kind: kind, name: nil, expr: nil, keys: [], including: [], exclusions: [], accessMethod: nil,
      whereClause: nil, indexName: nil, nullsNotDistinct: false, deferrable: false, initiallyDeferred: false,
      skipValidation: false, initiallyValid: false, referencedTable: nil, foreignKeyColumns: [],
      referencedColumns: [], matchType: nil, onUpdate: nil, onDelete: nil, onDeleteSetColumns: [], generatedWhen: nil,
      location: location)
  }
}
