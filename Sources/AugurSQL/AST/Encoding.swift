// JSON shape of the AST (what `augur parse --format json` prints): each node of a sum type is an
// object with one key, the PostgreSQL node name (`{"SelectStmt": {...}}`), like libpg_query's
// own JSON, so that readers who know PostgreSQL's parse nodes recognize every level.

extension Encoder {
  /// Writes `{tag: value}`.
  func encodeTagged(_ tag: String, _ value: some Encodable) throws {
    var container = container(keyedBy: AnyCodingKey.self)
    try container.encode(value, forKey: AnyCodingKey(tag))
  }
}

extension Statement: Encodable {
  public func encode(to encoder: any Encoder) throws {
    switch self {
    case .select(let node): try encoder.encodeTagged(nodeTag, node)
    case .insert(let node): try encoder.encodeTagged(nodeTag, node)
    case .update(let node): try encoder.encodeTagged(nodeTag, node)
    case .delete(let node): try encoder.encodeTagged(nodeTag, node)
    case .createTable(let node): try encoder.encodeTagged(nodeTag, node)
    case .createIndex(let node): try encoder.encodeTagged(nodeTag, node)
    case .alterTable(let node): try encoder.encodeTagged(nodeTag, node)
    case .drop(let node): try encoder.encodeTagged(nodeTag, node)
    case .createStatistics(let node): try encoder.encodeTagged(nodeTag, node)
    case .createView(let node): try encoder.encodeTagged(nodeTag, node)
    case .explain(let node): try encoder.encodeTagged(nodeTag, node)
    case .vacuum(let node): try encoder.encodeTagged(nodeTag, node)
    case .set(let node): try encoder.encodeTagged(nodeTag, node)
    case .show(let name): try encoder.encodeTagged(nodeTag, ["name": name])
    case .transaction(let node): try encoder.encodeTagged(nodeTag, node)
    case .other(let raw): try encoder.encodeTagged(raw.tag, raw.fields)
    }
  }
}

extension Expr: Encodable {
  public func encode(to encoder: any Encoder) throws {
    switch self {
    case .column(let node): try encoder.encodeTagged("ColumnRef", node)
    case .constant(let node): try encoder.encodeTagged("A_Const", node)
    case .parameter(let node): try encoder.encodeTagged("ParamRef", node)
    case .operation(let node): try encoder.encodeTagged("A_Expr", node)
    case .bool(let node): try encoder.encodeTagged("BoolExpr", node)
    case .subLink(let node): try encoder.encodeTagged("SubLink", node)
    case .function(let node): try encoder.encodeTagged("FuncCall", node)
    case .typeCast(let node): try encoder.encodeTagged("TypeCast", node)
    case .caseExpr(let node): try encoder.encodeTagged("CaseExpr", node)
    case .coalesce(let node): try encoder.encodeTagged("CoalesceExpr", node)
    case .minMax(let node): try encoder.encodeTagged("MinMaxExpr", node)
    case .nullTest(let node): try encoder.encodeTagged("NullTest", node)
    case .booleanTest(let node): try encoder.encodeTagged("BooleanTest", node)
    case .row(let node): try encoder.encodeTagged("RowExpr", node)
    case .array(let node): try encoder.encodeTagged("A_ArrayExpr", node)
    case .indirection(let node): try encoder.encodeTagged("A_Indirection", node)
    case .collate(let node): try encoder.encodeTagged("CollateClause", node)
    case .sqlValueFunction(let node): try encoder.encodeTagged("SQLValueFunction", node)
    case .groupingFunc(let node): try encoder.encodeTagged("GroupingFunc", node)
    case .groupingSet(let node): try encoder.encodeTagged("GroupingSet", node)
    case .list(let items): try encoder.encodeTagged("List", items)
    case .setToDefault(let location): try encoder.encodeTagged("SetToDefault", ["location": location])
    case .multiAssign(let node): try encoder.encodeTagged("MultiAssignRef", node)
    case .namedArgument(let node): try encoder.encodeTagged("NamedArgExpr", node)
    case .other(let raw): try encoder.encodeTagged(raw.tag, raw.fields)
    }
  }
}

extension FromItem: Encodable {
  public func encode(to encoder: any Encoder) throws {
    switch self {
    case .relation(let node): try encoder.encodeTagged("RangeVar", node)
    case .join(let node): try encoder.encodeTagged("JoinExpr", node)
    case .subquery(let node): try encoder.encodeTagged("RangeSubselect", node)
    case .function(let node): try encoder.encodeTagged("RangeFunction", node)
    case .other(let raw): try encoder.encodeTagged(raw.tag, raw.fields)
    }
  }
}

extension SelectBody: Encodable {
  public func encode(to encoder: any Encoder) throws {
    switch self {
    case .simple(let select): try encoder.encodeTagged("select", select)
    case .values(let rows): try encoder.encodeTagged("values", rows)
    case .setOperation(let operation): try encoder.encodeTagged("setOperation", operation)
    }
  }
}
