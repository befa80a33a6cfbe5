extension TreeDecoder {
  mutating func insertStmt() throws -> InsertStmt {
    var relation: RangeVar?
    var result = InsertStmt(
      relation: RangeVar(
        catalog: nil, schema: nil, name: "", inherit: true, persistence: "p", alias: nil, location: -1),
      columns: [], source: nil, onConflict: nil, returning: [], with: nil, overriding: "OVERRIDING_NOT_SET")
    try fields { decoder, key in
      switch key {
      case "relation": relation = try decoder.rangeVarBody()
      case "cols": result.columns = try decoder.resTargets()
      case "selectStmt":
        let statement = try decoder.statement()
        if case .select(let select) = statement { result.source = select }
      case "onConflictClause": result.onConflict = try decoder.onConflictClause()
      case "returningList": result.returning = try decoder.resTargets()
      case "withClause": result.with = try decoder.withClauseBody()
      case "override": result.overriding = try decoder.reader.readString()
      default: try decoder.reader.skipValue()
      }
    }
    result.relation = try required(relation, "InsertStmt.relation")
    return result
  }

  mutating func onConflictClause() throws -> OnConflictClause {
    var result = OnConflictClause(
      action: .none, inferElements: [], inferWhere: nil, constraintName: nil, targetList: [], whereClause: nil)
    try fields { decoder, key in
      switch key {
      case "action": result.action = try decoder.enumValue(OnConflictClause.Action.self, default: .none)
      case "infer":
        try decoder.fields { decoder, key in
          switch key {
          case "indexElems": result.inferElements = try decoder.indexElems()
          case "whereClause": result.inferWhere = try decoder.expr()
          case "conname": result.constraintName = try decoder.reader.readString()
          default: try decoder.reader.skipValue()
          }
        }
      case "targetList": result.targetList = try decoder.resTargets()
      case "whereClause": result.whereClause = try decoder.expr()
      default: try decoder.reader.skipValue()
      }
    }
    return result
  }

  mutating func updateStmt() throws -> UpdateStmt {
    var relation: RangeVar?
    var targets: [ResTarget] = []
    var whereClause: Expr?
    var from: [FromItem] = []
    var returning: [ResTarget] = []
    var with: WithClause?
    try fields { decoder, key in
      switch key {
      case "relation": relation = try decoder.rangeVarBody()
      case "targetList": targets = try decoder.resTargets()
      case "whereClause": whereClause = try decoder.expr()
      case "fromClause": from = try decoder.fromItems()
      case "returningList": returning = try decoder.resTargets()
      case "withClause": with = try decoder.withClauseBody()
      default: try decoder.reader.skipValue()
      }
    }
    return UpdateStmt(
      relation: try required(relation, "UpdateStmt.relation"), targetList: targets, whereClause: whereClause,
      from: from, returning: returning, with: with)
  }

  mutating func deleteStmt() throws -> DeleteStmt {
    var relation: RangeVar?
    var using: [FromItem] = []
    var whereClause: Expr?
    var returning: [ResTarget] = []
    var with: WithClause?
    try fields { decoder, key in
      switch key {
      case "relation": relation = try decoder.rangeVarBody()
      case "usingClause": using = try decoder.fromItems()
      case "whereClause": whereClause = try decoder.expr()
      case "returningList": returning = try decoder.resTargets()
      case "withClause": with = try decoder.withClauseBody()
      default: try decoder.reader.skipValue()
      }
    }
    return DeleteStmt(
      relation: try required(relation, "DeleteStmt.relation"), using: using, whereClause: whereClause,
      returning: returning, with: with)
  }
}
