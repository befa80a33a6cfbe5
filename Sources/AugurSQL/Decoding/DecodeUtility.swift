extension TreeDecoder {
  mutating func explainStmt() throws -> ExplainStmt {
    var query: Statement?
    var options: [DefElem] = []
    try fields { decoder, key in
      switch key {
      case "query": query = try decoder.statement()
      case "options": options = try decoder.defElems()
      default: try decoder.reader.skipValue()
      }
    }
    return ExplainStmt(query: try required(query, "ExplainStmt.query"), options: options)
  }

  mutating func vacuumStmt() throws -> VacuumStmt {
    var result = VacuumStmt(options: [], relations: [], isVacuum: false)
    try fields { decoder, key in
      switch key {
      case "options": result.options = try decoder.defElems()
      case "rels":
        result.relations = try decoder.list { decoder in
          let relation = try decoder.tagged { decoder, _ in
            var relation = VacuumStmt.Relation(relation: nil, columns: [])
            try decoder.fields { decoder, key in
              switch key {
              case "relation": relation.relation = try decoder.rangeVarBody()
              case "va_cols": relation.columns = try decoder.names()
              default: try decoder.reader.skipValue()
              }
            }
            return relation
          }
          return try decoder.required(relation, "VacuumRelation")
        }
      case "is_vacuumcmd": result.isVacuum = try decoder.reader.readBool()
      default: try decoder.reader.skipValue()
      }
    }
    return result
  }

  mutating func variableSetStmt() throws -> VariableSetStmt {
    var result = VariableSetStmt(kind: "VAR_SET_VALUE", name: nil, args: [], isLocal: false)
    try fields { decoder, key in
      switch key {
      case "kind": result.kind = try decoder.reader.readString()
      case "name": result.name = try decoder.reader.readString()
      case "args": result.args = try decoder.exprs()
      case "is_local": result.isLocal = try decoder.reader.readBool()
      default: try decoder.reader.skipValue()
      }
    }
    return result
  }

  mutating func transactionStmt() throws -> TransactionStmt {
    var result = TransactionStmt(kind: "", options: [], savepointName: nil, gid: nil, chain: false)
    try fields { decoder, key in
      switch key {
      case "kind": result.kind = try decoder.reader.readString()
      case "options": result.options = try decoder.defElems()
      case "savepoint_name": result.savepointName = try decoder.reader.readString()
      case "gid": result.gid = try decoder.reader.readString()
      case "chain": result.chain = try decoder.reader.readBool()
      default: try decoder.reader.skipValue()
      }
    }
    return result
  }
}
