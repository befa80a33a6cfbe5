import AugurSQL
import Foundation

extension DDLCatalog {
  /// Applies one statement. Statements that do not change the schema model are skipped.
  /// `text` is the statement's own text (CREATE TABLE AS and CREATE MATERIALIZED VIEW read their
  /// query from it).
  mutating func apply(_ statement: Statement, text: String = "") throws {
    switch statement {
    case .createTable(let create): try createTable(create)
    case .createIndex(let index): try createIndex(index)
    case .alterTable(let alter): try alterTable(alter)
    case .drop(let statement): try drop(statement)
    case .createStatistics(let create): try createStatistics(create)
    case .createView(let view): try createView(view)
    case .other(let raw): try applyOther(raw, text: text)
    case .select, .insert, .update, .delete, .explain, .vacuum, .set, .show, .transaction: break
    }
  }

  // MARK: CREATE INDEX

  mutating func createIndex(_ statement: IndexStmt) throws {
    let id = try require(statement.relation)
    guard let relation = relations[id] else { return }
    var request = DDLIndexRequest(
      name: statement.name, method: statement.accessMethod, isUnique: statement.unique,
      elements: statement.keys.map(DDLIndexElement.init), included: statement.including.compactMap(\.column),
      predicate: statement.whereClause, nullsNotDistinct: statement.nullsNotDistinct)
    request.ifNotExists = statement.ifNotExists
    if statement.including.contains(where: { $0.column == nil }) {
      throw DDLFailure("expressions are not supported in included columns")
    }
    if relation.kind == .partitionedTable, statement.concurrent {
      throw DDLFailure("cannot create index on partitioned table \"\(relation.name)\" concurrently")
    }
    do {
      try defineIndex(on: id, request, recurse: statement.relation.inherit)
    } catch  where relation.columnsUnknown {
      return  // A view or table whose columns Augur could not tell: skip rather than refuse.
    }
  }

  // MARK: DROP

  mutating func drop(_ statement: DropStmt) throws {
    switch statement.objectType {
    case "OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_FOREIGN_TABLE":
      try dropRelations(statement)
    case "OBJECT_INDEX":
      for names in statement.objects {
        guard let name = names.last else { continue }
        let schema = names.count > 1 ? names[names.count - 2] : nil
        guard let (relationID, index) = try lookupIndex(schema: schema, name: name) else {
          if statement.missingOk { continue }
          throw DDLFailure("index \"\(name)\" does not exist")
        }
        let relationName = relations[relationID]?.name ?? "?"
        if let constraintName = index.constraintName {
          throw DDLFailure(
            "cannot drop index \(name) because constraint \(constraintName) on table \(relationName) requires it")
        }
        if let parentIndex = index.parentIndex {
          let parentName = relations.values.flatMap(\.indexes).first { $0.id == parentIndex }?.name ?? "?"
          throw DDLFailure("cannot drop index \(name) because index \(parentName) requires it")
        }
        try removeIndex(index.id, of: relationID, cascade: statement.cascade)
      }
    case "OBJECT_STATISTIC_EXT":
      for names in statement.objects {
        guard let name = names.last else { continue }
        let schemas = names.count > 1 ? [names[names.count - 2]] : searchPath
        guard let position = statistics.firstIndex(where: { $0.name == name && schemas.contains($0.schema) }) else {
          if statement.missingOk { continue }
          throw DDLFailure("statistics object \"\(names.joined(separator: "."))\" does not exist")
        }
        statistics.remove(at: position)
      }
    case "OBJECT_SEQUENCE":
      for names in statement.objects {
        guard let name = names.last else { continue }
        let schemas = names.count > 1 ? [names[names.count - 2]] : searchPath
        guard let schema = schemas.first(where: { sequences.contains(QualifiedName(schema: $0, name: name)) }) else {
          if statement.missingOk { continue }
          throw DDLFailure("sequence \"\(names.joined(separator: "."))\" does not exist")
        }
        sequences.remove(QualifiedName(schema: schema, name: name))
      }
    case "OBJECT_SCHEMA":
      for names in statement.objects {
        guard let name = names.last else { continue }
        guard schemas.contains(name) else {
          if statement.missingOk { continue }
          throw DDLFailure("schema \"\(name)\" does not exist")
        }
        let members = relations.values.filter { $0.schema == name }.map(\.id)
        let hasMembers =
          !members.isEmpty || sequences.contains { $0.schema == name } || types.keys.contains { $0.schema == name }
        if hasMembers && !statement.cascade {
          throw DDLFailure("cannot drop schema \(name) because other objects depend on it")
        }
        try dropRelationSet(Set(members), cascade: true, description: "schema \(name)")
        sequences = sequences.filter { $0.schema != name }
        types = types.filter { $0.key.schema != name }
        statistics.removeAll { $0.schema == name }
        schemas.removeAll { $0 == name }
      }
    default:
      break  // Types (the parse tree keeps no names for them), functions, extensions, ...
    }
  }

  private mutating func dropRelations(_ statement: DropStmt) throws {
    let wanted: Set<Relation.Kind>
    let noun: String
    switch statement.objectType {
    case "OBJECT_VIEW": (wanted, noun) = ([.view], "view")
    case "OBJECT_MATVIEW": (wanted, noun) = ([.materializedView], "materialized view")
    case "OBJECT_FOREIGN_TABLE": (wanted, noun) = ([.foreignTable], "foreign table")
    default: (wanted, noun) = ([.table, .partitionedTable], "table")
    }
    var targets = Set<Int>()
    for names in statement.objects {
      guard let name = names.last else { continue }
      let schema = names.count > 1 ? names[names.count - 2] : nil
      let id: Int?
      if let schema {
        guard schemas.contains(schema) else {
          if statement.missingOk { continue }
          throw DDLFailure("schema \"\(schema)\" does not exist")
        }
        id = relationID(schema: schema, name: name)
      } else {
        id = searchPath.compactMap { relationID(schema: $0, name: name) }.first
      }
      guard let id, let relation = relations[id] else {
        if statement.missingOk { continue }
        throw DDLFailure("\(noun) \"\(names.joined(separator: "."))\" does not exist")
      }
      guard wanted.contains(relation.kind) else { throw DDLFailure("\"\(name)\" is not a \(noun)") }
      targets.insert(id)
    }
    try dropRelationSet(targets, cascade: statement.cascade, description: nil)
  }

  /// Drops relations with what PostgreSQL drops with them: partitions, indexes, constraints,
  /// owned sequences and statistics; with CASCADE also inheritance children, views reading them
  /// and foreign keys of other tables that reference them (otherwise those are errors).
  mutating func dropRelationSet(_ targets: Set<Int>, cascade: Bool, description: String?) throws {
    guard !targets.isEmpty else { return }
    var doomed = targets
    var changed = true
    while changed {
      changed = false
      for relation in relations.values.sorted(by: { $0.id < $1.id }) where !doomed.contains(relation.id) {
        if let parent = relation.parent, doomed.contains(parent) {
          doomed.insert(relation.id)
          changed = true
          continue
        }
        let dependency =
          relation.inheritsFrom.first(where: doomed.contains).map { ("table", $0) }
          ?? relation.dependsOn.sorted().first(where: doomed.contains).map { ("view", $0) }
        guard let (kind, on) = dependency else { continue }
        guard cascade else {
          let name = relations[on]?.name ?? "?"
          throw DDLFailure(
            "cannot drop \(description ?? "table \(name)") because other objects depend on it (\(kind) \(relation.name) depends on \(name))"
          )
        }
        doomed.insert(relation.id)
        changed = true
      }
    }
    // Foreign keys of surviving tables that reference a doomed one.
    for relation in relations.values.sorted(by: { $0.id < $1.id }) where !doomed.contains(relation.id) {
      for constraint in relation.constraints
      where constraint.kind == .foreignKey && constraint.referencedRelation.map(doomed.contains) == true {
        guard relations[relation.id]?.constraints.contains(where: { $0.name == constraint.name }) == true else {
          continue
        }
        let referenced = relations[constraint.referencedRelation ?? 0]
        if !cascade, !constraint.isReferencedSideRow, constraint.parent == nil {
          throw DDLFailure(
            "cannot drop \(description ?? "table \(referenced?.name ?? "?")") because other objects depend on it (constraint \(constraint.name) on table \(relation.name) depends on table \(referenced?.name ?? "?"))"
          )
        }
        if constraint.isReferencedSideRow {
          relations[relation.id]?.constraints.removeAll { $0.name == constraint.name }
        } else {
          try removeConstraint(constraint.name, of: relation.id, cascade: true)
        }
      }
    }
    for id in doomed {
      guard let relation = relations[id] else { continue }
      for sequence in relation.ownedSequences {
        sequences.remove(QualifiedName(schema: relation.schema, name: sequence))
      }
      relations[id] = nil
    }
    statistics.removeAll { doomed.contains($0.relation) }
    // Surviving partitioned indexes lose the children that were dropped; nothing else to do.
    for id in Array(relations.keys) {
      relations[id]?.inheritsFrom.removeAll { doomed.contains($0) }
    }
  }

  // MARK: CREATE STATISTICS

  mutating func createStatistics(_ statement: CreateStatisticsStmt) throws {
    guard statement.relations.count == 1, case .relation(let rangeVar) = statement.relations[0] else {
      throw DDLFailure("only a single relation is allowed in CREATE STATISTICS")
    }
    let id = try require(rangeVar)
    guard let relation = relations[id] else { return }
    if relation.columnsUnknown { return }  // Its columns are not known: skip rather than refuse.
    guard [.table, .partitionedTable, .materializedView, .foreignTable].contains(relation.kind) else {
      throw DDLFailure("cannot define statistics for relation \"\(relation.name)\"")
    }
    var columns: [Int] = []
    var expressions: [Expr] = []
    var nameParts: [String] = []
    for element in statement.elements {
      switch element {
      case .column(let name):
        guard let column = relation.column(named: name) else { throw DDLFailure("column \"\(name)\" does not exist") }
        if columns.contains(column.number) {
          throw DDLFailure("duplicate column name in statistics definition")
        }
        columns.append(column.number)
        nameParts.append(name)
      case .expr(let expr):
        if case .column(let reference) = expr, let name = reference.column {
          guard let column = relation.column(named: name) else { throw DDLFailure("column \"\(name)\" does not exist") }
          columns.append(column.number)
          nameParts.append(name)
          continue
        }
        try requireColumns(of: expr, in: relation)
        expressions.append(expr)
        nameParts.append("expr")
      }
    }
    if columns.count + expressions.count < 2, expressions.isEmpty {
      throw DDLFailure("extended statistics require at least 2 columns")
    }
    var kinds: [String]
    let requested = Set(statement.kinds)
    for kind in requested where !["ndistinct", "dependencies", "mcv"].contains(kind) {
      throw DDLFailure("unrecognized statistics kind \"\(kind)\"")
    }
    if columns.isEmpty && expressions.count == 1 {
      if !requested.isEmpty {
        throw DDLFailure("when building statistics on a single expression, statistics kinds may not be specified")
      }
      kinds = ["expressions"]
    } else {
      kinds = ["ndistinct", "dependencies", "mcv"].filter { requested.isEmpty || requested.contains($0) }
      if !expressions.isEmpty { kinds.append("expressions") }
    }
    let schema: String
    let name: String
    if let given = statement.name.last {
      schema = statement.name.count > 1 ? try requireSchema(statement.name[statement.name.count - 2]) : "public"
      name = given
      if statistics.contains(where: { $0.schema == schema && $0.name == name }) {
        if statement.ifNotExists { return }
        throw DDLFailure("statistics object \"\(name)\" already exists")
      }
    } else {
      schema = relation.schema
      name = DDLNames.choose(relation.name, DDLNames.addition(nameParts), label: "stat") { candidate in
        statistics.contains { $0.schema == schema && $0.name == candidate }
      }
    }
    statistics.append(
      DDLStatistics(
        schema: schema, name: name, relation: id, columns: columns.sorted(), expressions: expressions, kinds: kinds))
  }

  // MARK: CREATE VIEW

  mutating func createView(_ statement: ViewStmt) throws {
    let schema = try creationSchema(statement.view)
    if schema == Self.temporarySchema, !schemas.contains(schema) { schemas.append(schema) }
    var id: Int
    if let existing = relationID(schema: schema, name: statement.view.name) {
      guard statement.replace else { throw DDLFailure("relation \"\(statement.view.name)\" already exists") }
      guard relations[existing]?.kind == .view else { throw DDLFailure("\"\(statement.view.name)\" is not a view") }
      id = existing
    } else {
      if relationNameTaken(statement.view.name, schema: schema) {
        throw DDLFailure("relation \"\(statement.view.name)\" already exists")
      }
      id = newID()
    }
    var view = DDLRelation(id: id, schema: schema, name: statement.view.name, kind: .view)
    let (columns, dependencies) = try queryColumns(statement.query)
    view.dependsOn = dependencies
    view.columns = try Self.numbered(columns, names: statement.columnNames)
    view.columnsUnknown = view.columns.isEmpty
    relations[id] = view
  }

  /// Columns numbered from 1, renamed by a column list when one was given.
  static func numbered(_ columns: [DDLColumn], names: [String]) throws -> [DDLColumn] {
    let result = columns.enumerated().map { offset, column in
      var named = column
      named.number = offset + 1
      if offset < names.count { named.name = names[offset] }
      return named
    }
    var seen = Set<String>()
    for column in result where !seen.insert(column.name).inserted {
      throw DDLFailure("column \"\(column.name)\" specified more than once")
    }
    return result
  }

  /// The type of output columns whose type parse analysis would be needed for.
  static let unknownType = DDLType(
    display: "unknown", castName: "unknown", oid: 0, typmod: -1, averageWidth: 32, internalName: "unknown",
    isArray: false)

  /// The output columns of a query (names as PostgreSQL gives them; types of plain columns,
  /// casts and `count`, otherwise `unknown`), or none when a `*` cannot be expanded; and the
  /// relations it reads.
  func queryColumns(_ query: Statement) throws -> ([DDLColumn], Set<Int>) {
    guard case .select(let select) = query else { return ([], []) }
    let cteNames = Set(select.with?.ctes.map(\.name) ?? [])
    var dependencies = Set<Int>()
    func collectDependencies(_ statement: Statement) throws {
      guard case .select(let select) = statement else { return }
      switch select.body {
      case .simple(let simple):
        for item in simple.from { try collect(item) }
      case .setOperation(let operation):
        try collectDependencies(.select(operation.left))
        try collectDependencies(.select(operation.right))
      case .values: break
      }
    }
    func collect(_ item: FromItem) throws {
      switch item {
      case .relation(let rangeVar):
        if rangeVar.schema == nil, cteNames.contains(rangeVar.name) { return }
        dependencies.insert(try require(rangeVar))
      case .join(let join):
        try collect(join.left)
        try collect(join.right)
      case .subquery(let subquery): try collectDependencies(subquery.subquery)
      default: break
      }
    }
    try collectDependencies(query)
    for cte in select.with?.ctes ?? [] { try collectDependencies(cte.query) }

    // The first SELECT of a set operation names the columns.
    var body = select.body
    while case .setOperation(let operation) = body { body = operation.left.body }
    if case .values(let rows) = body {
      let count = rows.first?.count ?? 0
      return ((0..<count).map { DDLColumn(number: 0, name: "column\($0 + 1)", type: Self.unknownType) }, dependencies)
    }
    guard case .simple(let simple) = body else { return ([], dependencies) }
    // Relations in FROM order, with the name each goes by; nil when one is not a plain relation.
    var sources: [(name: String, relation: DDLRelation)]? = []
    func gather(_ item: FromItem) {
      switch item {
      case .relation(let rangeVar):
        guard !(rangeVar.schema == nil && cteNames.contains(rangeVar.name)), let id = try? lookup(rangeVar),
          let relation = relations[id], !relation.columnsUnknown, rangeVar.alias?.columnNames.isEmpty ?? true
        else {
          sources = nil
          return
        }
        sources?.append((rangeVar.referenceName, relation))
      case .join(let join):
        if !join.using.isEmpty || join.isNatural { sources = nil }
        gather(join.left)
        gather(join.right)
      default:
        sources = nil
      }
    }
    simple.from.forEach(gather)
    var columns: [DDLColumn] = []
    for target in simple.targetList {
      guard let value = target.value else { continue }
      var expr = value
      var type: DDLType?
      if case .typeCast(let cast) = expr {
        type = try? resolveType(cast.typeName)
        expr = cast.arg
      }
      if case .column(let reference) = expr, reference.isStar {
        guard let sources else { return ([], dependencies) }
        let chosen = reference.qualifier.map { qualifier in sources.filter { $0.name == qualifier } } ?? sources
        if chosen.isEmpty { return ([], dependencies) }
        for source in chosen {
          for column in source.relation.liveColumns {
            columns.append(DDLColumn(number: 0, name: column.name, type: column.type))
          }
        }
        continue
      }
      if type == nil, case .column(let reference) = expr, let name = reference.column, let sources {
        let candidates = sources.filter { source in
          (reference.qualifier == nil || reference.qualifier == source.name)
            && source.relation.column(named: name) != nil
        }
        if candidates.count == 1 { type = candidates[0].relation.column(named: name)?.type }
      }
      if type == nil, case .function(let call) = expr, call.functionName == "count" {
        type = DDLTypeResolver.builtin(name: "int8", typmod: -1)
      }
      let name = target.name ?? DDLNames.figureColumnName(value) ?? "?column?"
      columns.append(DDLColumn(number: 0, name: name, type: type ?? Self.unknownType))
    }
    return (columns, dependencies)
  }

  /// The query of `CREATE TABLE ... AS query [WITH [NO] DATA]` or `CREATE MATERIALIZED VIEW`,
  /// found as the text after the first `AS` outside parentheses.
  static func queryOfCreateTableAs(_ text: String) -> Statement? {
    guard let tokens = try? SQLParser.scan(text) else { return nil }
    let bytes = Array(text.utf8)
    func word(_ token: Token) -> String {
      String(decoding: bytes[token.range.start..<min(token.range.end, bytes.count)], as: UTF8.self).uppercased()
    }
    let significant = tokens.filter { $0.kind != .lineComment && $0.kind != .blockComment }
    var depth = 0
    var start: Int?
    for (offset, token) in significant.enumerated() {
      let text = word(token)
      if text == "(" { depth += 1 } else if text == ")" { depth -= 1 }
      if depth == 0, token.kind == .keyword, text == "AS", offset + 1 < significant.count {
        start = significant[offset + 1].range.start
        break
      }
    }
    guard let start else { return nil }
    var end = bytes.count
    let words = significant.map(word)
    if words.last == ";" { end = significant[significant.count - 1].range.start }
    let trimmed = words.last == ";" ? Array(words.dropLast()) : words
    let trimmedTokens = words.last == ";" ? Array(significant.dropLast()) : significant
    if trimmed.count >= 3, trimmed.suffix(3) == ["WITH", "NO", "DATA"] {
      end = trimmedTokens[trimmedTokens.count - 3].range.start
    } else if trimmed.count >= 2, trimmed.suffix(2) == ["WITH", "DATA"] {
      end = trimmedTokens[trimmedTokens.count - 2].range.start
    }
    guard start < end else { return nil }
    let query = String(decoding: bytes[start..<end], as: UTF8.self)
    guard let statements = try? SQLParser.parse(query), statements.count == 1 else { return nil }
    return statements[0].statement
  }

  // MARK: Statements kept raw by the parser

  private mutating func applyOther(_ raw: RawNode, text: String) throws {
    let fields = raw.fields
    switch raw.tag {
    case "CreateSchemaStmt":
      guard let name = fields["schemaname"]?.ddlString else { return }
      if schemas.contains(name) {
        if fields["if_not_exists"]?.ddlBool == true { return }
        throw DDLFailure("schema \"\(name)\" already exists")
      }
      if case .array(let elements)? = fields["schemaElts"], !elements.isEmpty {
        throw DDLFailure("CREATE SCHEMA with schema elements is not supported; create the objects separately")
      }
      schemas.append(name)
    case "CreateSeqStmt":
      guard let (schema, name) = try qualifiedName(fromRangeVar: fields["sequence"]) else { return }
      if relationNameTaken(name, schema: schema) {
        if fields["if_not_exists"]?.ddlBool == true { return }
        throw DDLFailure("relation \"\(name)\" already exists")
      }
      sequences.insert(QualifiedName(schema: schema, name: name))
    case "CreateEnumStmt", "CreateRangeStmt":
      let names = Self.stringList(fields["typeName"])
      try addType(names, kind: raw.tag == "CreateEnumStmt" ? .enumeration : .range)
    case "CompositeTypeStmt":
      guard let (schema, name) = try qualifiedName(fromRangeVar: fields["typevar"]) else { return }
      try addType([schema, name], kind: .composite)
    case "CreateDomainStmt":
      let names = Self.stringList(fields["domainname"])
      guard let typeName = Self.typeName(fromJSON: fields["typeName"]) else { return }
      try addType(names, kind: .domain(try resolveType(typeName)))
    case "RenameStmt":
      try rename(fields)
    case "CreateTableAsStmt":
      guard let into = fields["into"], let (schema, name) = try qualifiedName(fromRangeVar: into["rel"]) else { return }
      if relationNameTaken(name, schema: schema) {
        if fields["if_not_exists"]?.ddlBool == true { return }
        throw DDLFailure("relation \"\(name)\" already exists")
      }
      if schema == Self.temporarySchema, !schemas.contains(schema) { schemas.append(schema) }
      let kind: Relation.Kind = fields["objtype"]?.ddlString == "OBJECT_MATVIEW" ? .materializedView : .table
      var relation = DDLRelation(id: newID(), schema: schema, name: name, kind: kind)
      relation.persistence = into["rel"]?["relpersistence"]?.ddlString ?? "p"
      if let query = Self.queryOfCreateTableAs(text) {
        let (columns, dependencies) = try queryColumns(query)
        relation.dependsOn = dependencies
        relation.columns = try Self.numbered(columns, names: Self.stringList(into["colNames"]))
      }
      relation.columnsUnknown = relation.columns.isEmpty
      relations[relation.id] = relation
    default:
      break  // Extensions, comments, grants, functions, triggers, sequences' options, ...
    }
  }

  private mutating func addType(_ names: [String], kind: DDLUserType.Kind) throws {
    guard let name = names.last else { return }
    let schema = names.count > 1 ? try requireSchema(names[names.count - 2]) : "public"
    let key = QualifiedName(schema: schema, name: name)
    if types[key] != nil || relationID(schema: schema, name: name) != nil {
      throw DDLFailure("type \"\(name)\" already exists")
    }
    types[key] = DDLUserType(schema: schema, name: name, kind: kind)
  }

  /// The schema and name of a `RangeVar` kept as JSON, with the schema checked or defaulted.
  private func qualifiedName(fromRangeVar value: JSONValue?) throws -> (String, String)? {
    guard let value, let name = value["relname"]?.ddlString else { return nil }
    if value["relpersistence"]?.ddlString == "t" { return (Self.temporarySchema, name) }
    if let schema = value["schemaname"]?.ddlString { return (try requireSchema(schema), name) }
    return ("public", name)
  }

  private func lookupRaw(_ value: JSONValue?) throws -> Int? {
    guard let value, let name = value["relname"]?.ddlString else { return nil }
    if let schema = value["schemaname"]?.ddlString {
      return relationID(schema: try requireSchema(schema), name: name)
    }
    return searchPath.compactMap { relationID(schema: $0, name: name) }.first
  }

  static func stringList(_ value: JSONValue?) -> [String] {
    guard case .array(let items)? = value else { return [] }
    return items.compactMap { $0["String"]?["sval"]?.ddlString }
  }

  /// A `TypeName` kept as JSON, read back by parsing a column definition of the same type.
  static func typeName(fromJSON value: JSONValue?) -> TypeName? {
    guard let value else { return nil }
    let names = stringList(value["names"])
    guard !names.isEmpty else { return nil }
    var text = names.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }.joined(separator: ".")
    if case .array(let modifiers)? = value["typmods"], !modifiers.isEmpty {
      let values = modifiers.compactMap { modifier -> String? in
        guard let constant = modifier["A_Const"] else { return nil }
        if let integer = constant["ival"]?["ival"]?.ddlInt { return String(integer) }
        if constant["ival"] != nil { return "0" }
        return nil
      }
      text += "(" + values.joined(separator: ",") + ")"
    }
    if case .array(let bounds)? = value["arrayBounds"] { text += String(repeating: "[]", count: bounds.count) }
    guard let statements = try? SQLParser.parse("CREATE TABLE augur_type_probe (c \(text))"),
      case .createTable(let create)? = statements.first?.statement
    else { return nil }
    return create.columns.first?.typeName
  }

  // MARK: RENAME

  private mutating func rename(_ fields: JSONValue) throws {
    let missingOk = fields["missing_ok"]?.ddlBool == true
    guard let newName = fields["newname"]?.ddlString else { return }
    let renameType = fields["renameType"]?.ddlString ?? ""
    switch renameType {
    case "OBJECT_TABLE", "OBJECT_VIEW", "OBJECT_MATVIEW", "OBJECT_FOREIGN_TABLE":
      guard let id = try lookupRaw(fields["relation"]), let relation = relations[id] else {
        if missingOk { return }
        throw DDLFailure("relation \"\(fields["relation"]?["relname"]?.ddlString ?? "?")\" does not exist")
      }
      if relationNameTaken(newName, schema: relation.schema) {
        throw DDLFailure("relation \"\(newName)\" already exists")
      }
      relations[id]?.name = newName
    case "OBJECT_INDEX":
      guard let relation = fields["relation"], let name = relation["relname"]?.ddlString,
        let (relationID, index) = try lookupIndex(schema: relation["schemaname"]?.ddlString, name: name)
      else {
        if missingOk { return }
        throw DDLFailure("relation \"\(fields["relation"]?["relname"]?.ddlString ?? "?")\" does not exist")
      }
      guard let schema = relations[relationID]?.schema else { return }
      if relationNameTaken(newName, schema: schema) { throw DDLFailure("relation \"\(newName)\" already exists") }
      renameIndex(index.id, of: relationID, to: newName)
    case "OBJECT_COLUMN":
      guard let id = try lookupRaw(fields["relation"]), let relation = relations[id] else {
        if missingOk { return }
        throw DDLFailure("relation \"\(fields["relation"]?["relname"]?.ddlString ?? "?")\" does not exist")
      }
      guard let old = fields["subname"]?.ddlString else { return }
      guard let column = relation.column(named: old) else {
        throw DDLFailure("column \"\(old)\" does not exist")
      }
      if column.inheritanceCount > 0 {
        throw DDLFailure("cannot rename inherited column \"\(old)\"")
      }
      if relation.column(named: newName) != nil {
        throw DDLFailure("column \"\(newName)\" of relation \"\(relation.name)\" already exists")
      }
      renameColumn(old, to: newName, in: id)
    case "OBJECT_TABCONSTRAINT":
      guard let id = try lookupRaw(fields["relation"]), let relation = relations[id] else {
        if missingOk { return }
        throw DDLFailure("relation \"\(fields["relation"]?["relname"]?.ddlString ?? "?")\" does not exist")
      }
      guard let old = fields["subname"]?.ddlString,
        let position = relation.constraints.firstIndex(where: { $0.name == old })
      else {
        throw DDLFailure(
          "constraint \"\(fields["subname"]?.ddlString ?? "?")\" for table \"\(relation.name)\" does not exist")
      }
      if relation.constraints.contains(where: { $0.name == newName }) {
        throw DDLFailure("constraint \"\(newName)\" for relation \"\(relation.name)\" already exists")
      }
      if let indexID = relation.constraints[position].index {
        if relationNameTaken(newName, schema: relation.schema) {
          throw DDLFailure("relation \"\(newName)\" already exists")
        }
        renameIndex(indexID, of: id, to: newName)
      } else {
        renameConstraint(old, of: id, to: newName)
      }
    case "OBJECT_SCHEMA":
      guard let old = fields["subname"]?.ddlString else { return }
      guard schemas.contains(old) else { throw DDLFailure("schema \"\(old)\" does not exist") }
      if schemas.contains(newName) { throw DDLFailure("schema \"\(newName)\" already exists") }
      schemas = schemas.map { $0 == old ? newName : $0 }
      for id in Array(relations.keys) where relations[id]?.schema == old { relations[id]?.schema = newName }
      sequences = Set(sequences.map { $0.schema == old ? QualifiedName(schema: newName, name: $0.name) : $0 })
      types = Dictionary(
        types.map { key, value in
          key.schema == old
            ? (
              QualifiedName(schema: newName, name: key.name),
              DDLUserType(schema: newName, name: value.name, kind: value.kind)
            )
            : (key, value)
        }, uniquingKeysWith: { first, _ in first })
      for position in statistics.indices where statistics[position].schema == old {
        statistics[position].schema = newName
      }
    case "OBJECT_SEQUENCE":
      guard let (schema, name) = try qualifiedName(fromRangeVar: fields["relation"]) else { return }
      let key = QualifiedName(schema: schema, name: name)
      guard sequences.contains(key) else {
        if missingOk { return }
        throw DDLFailure("relation \"\(name)\" does not exist")
      }
      sequences.remove(key)
      sequences.insert(QualifiedName(schema: schema, name: newName))
      for id in Array(relations.keys) {
        if let position = relations[id]?.ownedSequences.firstIndex(of: name), relations[id]?.schema == schema {
          relations[id]?.ownedSequences[position] = newName
        }
      }
    case "OBJECT_STATISTIC_EXT":
      break
    default:
      break
    }
  }

  /// Renames an index and the constraint it implements (PostgreSQL renames both together).
  private mutating func renameIndex(_ indexID: Int, of id: Int, to newName: String) {
    guard let position = relations[id]?.indexes.firstIndex(where: { $0.id == indexID }),
      let index = relations[id]?.indexes[position]
    else { return }
    relations[id]?.indexes[position].name = newName
    if let constraintName = index.constraintName {
      relations[id]?.indexes[position].constraintName = newName
      renameConstraint(constraintName, of: id, to: newName)
    }
  }

  private mutating func renameConstraint(_ old: String, of id: Int, to newName: String) {
    guard let position = relations[id]?.constraints.firstIndex(where: { $0.name == old }) else { return }
    relations[id]?.constraints[position].name = newName
    let oldReference = ConstraintReference(relation: id, name: old)
    for other in Array(relations.keys) {
      guard let constraints = relations[other]?.constraints else { continue }
      for (offset, constraint) in constraints.enumerated() where constraint.parent == oldReference {
        relations[other]?.constraints[offset].parent = ConstraintReference(relation: id, name: newName)
      }
    }
  }

  /// Renames a column in the table, in the expressions that mention it, and in its children.
  private mutating func renameColumn(_ old: String, to new: String, in id: Int) {
    guard var relation = relations[id], let position = relation.columnIndex(named: old) else { return }
    relation.columns[position].name = new
    func rewrite(_ expr: Expr) -> Expr { DDLExpressions.renamingColumn(expr, from: old, to: new) }
    for offset in relation.constraints.indices {
      relation.constraints[offset].checkExpression = relation.constraints[offset].checkExpression.map(rewrite)
    }
    for offset in relation.indexes.indices {
      relation.indexes[offset].predicate = relation.indexes[offset].predicate.map(rewrite)
      for keyOffset in relation.indexes[offset].keys.indices {
        relation.indexes[offset].keys[keyOffset].expression =
          relation.indexes[offset].keys[keyOffset].expression.map(rewrite)
      }
    }
    if var key = relation.partitionKey {
      for offset in key.elements.indices {
        key.elements[offset].expression = key.elements[offset].expression.map(rewrite)
      }
      relation.partitionKey = key
    }
    for offset in relation.columns.indices {
      if case .expression(let expr)? = relation.columns[offset].defaultValue, relation.columns[offset].generated != nil
      {
        relation.columns[offset].defaultValue = .expression(rewrite(expr))
      }
    }
    relations[id] = relation
    for offset in statistics.indices where statistics[offset].relation == id {
      statistics[offset].expressions = statistics[offset].expressions.map(rewrite)
    }
    for child in children(of: id) { renameColumn(old, to: new, in: child) }
  }
}

extension JSONValue {
  var ddlString: String? {
    if case .string(let value) = self { return value }
    return nil
  }
  var ddlBool: Bool? {
    if case .bool(let value) = self { return value }
    return nil
  }
  var ddlInt: Int? {
    if case .int(let value) = self { return value }
    return nil
  }
}
