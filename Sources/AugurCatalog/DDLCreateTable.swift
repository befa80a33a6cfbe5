import AugurSQL
import Foundation

/// One key of an index to create (`IndexElem`), in a form Augur can build itself (for clones).
struct DDLIndexElement: Hashable {
  var column: String?
  var expression: Expr?
  var collation: String?
  var operatorClass: String?
  /// nil: ascending by default.
  var descending: Bool?
  /// nil: the default for the direction.
  var nullsFirst: Bool?
  /// The name `ChooseIndexColumnNames` starts from, when given (clones reuse the parent's).
  var nameOrigin: String?

  init(
    column: String?, expression: Expr?, collation: String? = nil, operatorClass: String? = nil,
    descending: Bool? = nil, nullsFirst: Bool? = nil, nameOrigin: String? = nil
  ) {
    self.column = column
    self.expression = expression
    self.collation = collation
    self.operatorClass = operatorClass
    self.descending = descending
    self.nullsFirst = nullsFirst
    self.nameOrigin = nameOrigin
  }

  init(_ element: IndexElem) {
    self.init(
      column: element.column, expression: element.expr, collation: element.collation.last,
      operatorClass: element.opclass.last,
      descending: element.ordering == .default ? nil : element.ordering == .descending,
      nullsFirst: element.nulls == .default ? nil : element.nulls == .first)
  }
}

/// What `DefineIndex` is asked to build.
struct DDLIndexRequest {
  var name: String?
  var method = "btree"
  var isUnique = false
  var isPrimary = false
  var isConstraint = false
  var elements: [DDLIndexElement]
  var included: [String] = []
  var predicate: Expr?
  var nullsNotDistinct = false
  var exclusionOperators: [String] = []
  var ifNotExists = false
  var isDeferrable = false
  var initiallyDeferred = false
  /// Names of the INCLUDE columns to start from (clones).
  var includedNameOrigins: [String]?
}

/// What `transformCreateStmt` collects while reading the table elements.
struct DDLCreateContext {
  var checks: [Constraint] = []
  var indexConstraints: [Constraint] = []
  var foreignKeys: [Constraint] = []
}

extension DDLCatalog {
  // MARK: CREATE TABLE

  mutating func createTable(_ statement: CreateTableStmt) throws {
    let schema = try creationSchema(statement.relation)
    if schema == Self.temporarySchema, !schemas.contains(schema) { schemas.append(schema) }
    let name = statement.relation.name
    if relationNameTaken(name, schema: schema) {
      if statement.ifNotExists { return }
      throw DDLFailure("relation \"\(name)\" already exists")
    }
    if statement.ofType != nil { throw DDLFailure("CREATE TABLE ... OF type is not supported") }

    var parentID: Int?
    var inheritIDs: [Int] = []
    if statement.isPartition {
      guard let parentVar = statement.inherits.first else { throw DDLFailure("partition without a parent") }
      let id = try require(parentVar)
      guard relations[id]?.kind == .partitionedTable else {
        throw DDLFailure("table \"\(parentVar.name)\" is not partitioned")
      }
      parentID = id
    } else {
      for parentVar in statement.inherits {
        let id = try require(parentVar)
        guard let parent = relations[id] else { continue }
        if parent.kind == .partitionedTable {
          throw DDLFailure("cannot inherit from partitioned table \"\(parent.name)\"")
        }
        guard parent.kind == .table else { throw DDLFailure("inherited relation \"\(parent.name)\" is not a table") }
        if inheritIDs.contains(id) {
          throw DDLFailure("relation \"\(parent.name)\" would be inherited from more than once")
        }
        inheritIDs.append(id)
      }
    }

    var relation = DDLRelation(
      id: newID(), schema: schema, name: name, kind: statement.partitionSpec != nil ? .partitionedTable : .table,
      persistence: statement.relation.persistence)
    relation.parent = parentID
    relation.inheritsFrom = inheritIDs
    var context = DDLCreateContext()
    var inheritedChecks: [DDLConstraint] = []
    var likeIndexes: [DDLIndexRequest] = []
    var likeStatistics: [DDLStatistics] = []

    // LIKE clauses (placed first: the parse tree does not keep their position among the columns).
    for like in statement.likeClauses {
      let sourceID = try require(like.relation)
      guard let source = relations[sourceID] else { continue }
      let includeDefaults = like.options & (1 << 3) != 0
      let includeConstraints = like.options & (1 << 2) != 0
      let includeIdentity = like.options & (1 << 5) != 0
      let includeIndexes = like.options & (1 << 6) != 0
      let includeGenerated = like.options & (1 << 4) != 0
      for column in source.liveColumns {
        if relation.column(named: column.name) != nil {
          throw DDLFailure("column \"\(column.name)\" specified more than once")
        }
        var copy = DDLColumn(number: relation.nextColumnNumber, name: column.name, type: column.type)
        copy.notNull = column.notNull
        copy.collation = column.collation
        if includeDefaults, column.generated == nil {
          copy.defaultValue = column.defaultValue
        }
        if includeGenerated, column.generated != nil {
          copy.generated = column.generated
          copy.defaultValue = column.defaultValue
        }
        if includeIdentity, let identity = column.identity {
          copy.identity = identity
          let sequence = chooseRelationName(name, column.name, label: "seq", schema: schema, isConstraint: false)
          sequences.insert(QualifiedName(schema: schema, name: sequence))
          relation.ownedSequences.append(sequence)
        }
        relation.columns.append(copy)
      }
      if includeConstraints {
        for constraint in source.constraints where constraint.kind == .check && constraint.parent == nil {
          inheritedChecks.append(
            DDLConstraint(
              name: constraint.name, kind: .check, columns: [], checkExpression: constraint.checkExpression))
        }
      }
      if like.options & (1 << 7) != 0 {
        likeStatistics += statistics.filter { $0.relation == sourceID }.map { statistic in
          var copy = statistic
          copy.columns = statistic.columns.compactMap { source.column(number: $0)?.name }.compactMap { name in
            relation.column(named: name)?.number
          }
          return copy
        }
      }
      if includeIndexes {
        for index in source.indexes.sorted(by: { $0.id < $1.id }) {
          var request = indexRequest(cloning: index, of: source)
          request.name = nil
          likeIndexes.append(request)
        }
      }
    }

    // Inherited columns: from the partition's parent, or merged from the INHERITS parents.
    for parentID in (parentID.map { [$0] } ?? inheritIDs) {
      guard let parent = relations[parentID] else { continue }
      for column in parent.liveColumns {
        if let existing = relation.columnIndex(named: column.name) {
          guard relation.columns[existing].type.display == column.type.display else {
            throw DDLFailure(
              "inherited column \"\(column.name)\" has a type conflict: \(relation.columns[existing].type.display) versus \(column.type.display)"
            )
          }
          relation.columns[existing].notNull = relation.columns[existing].notNull || column.notNull
          relation.columns[existing].inheritanceCount += 1
          continue
        }
        var copy = DDLColumn(number: relation.nextColumnNumber, name: column.name, type: column.type)
        copy.notNull = column.notNull
        copy.defaultValue = column.defaultValue
        copy.collation = column.collation
        copy.generated = column.generated
        copy.isLocal = false
        copy.inheritanceCount = 1
        relation.columns.append(copy)
      }
      for constraint in parent.constraints where constraint.kind == .check && !constraint.noInherit {
        if let index = inheritedChecks.firstIndex(where: { $0.name == constraint.name }) {
          inheritedChecks[index].inheritanceCount += 1
          continue
        }
        var copy = constraint
        copy.isLocal = false
        copy.inheritanceCount = 1
        copy.parent = nil
        copy.columns = constraint.columns.compactMap { number in
          parent.column(number: number).flatMap { relation.column(named: $0.name)?.number }
        }
        inheritedChecks.append(copy)
      }
    }

    // Columns and table constraints, in the order written.
    enum Element {
      case column(ColumnDef)
      case constraint(Constraint)
    }
    var elements: [(Int, Element)] = statement.columns.map { ($0.location, .column($0)) }
    elements += statement.constraints.map { ($0.location, .constraint($0)) }
    let ordered = elements.enumerated().sorted { lhs, rhs in
      (lhs.element.0, lhs.offset) < (rhs.element.0, rhs.offset)
    }.map(\.element.1)
    var localNames = Set<String>()
    for element in ordered {
      switch element {
      case .column(let definition):
        guard localNames.insert(definition.name).inserted else {
          throw DDLFailure("column \"\(definition.name)\" specified more than once")
        }
        if let existing = relation.columnIndex(named: definition.name) {
          // A column of a partition (options only) or one merged with an inherited column.
          var merged = relation.columns[existing]
          if let typeName = definition.typeName {
            let type = try resolveType(typeName)
            if parentID == nil, type.display != merged.type.display {
              throw DDLFailure(
                "column \"\(definition.name)\" has a type conflict: \(merged.type.display) versus \(type.display)")
            }
          }
          merged.isLocal = true
          try applyColumnConstraints(
            definition, to: &merged, table: name, schema: schema, relation: &relation, context: &context)
          relation.columns[existing] = merged
        } else {
          if parentID != nil {
            throw DDLFailure("column \"\(definition.name)\" named in partition specification does not exist")
          }
          guard let typeName = definition.typeName else {
            throw DDLFailure("column \"\(definition.name)\" has no type")
          }
          var column = try newColumn(
            definition, typeName: typeName, number: relation.nextColumnNumber, table: name, schema: schema,
            relation: &relation)
          try applyColumnConstraints(
            definition, to: &column, table: name, schema: schema, relation: &relation, context: &context)
          relation.columns.append(column)
        }
      case .constraint(let constraint):
        switch constraint.kind {
        case .check: context.checks.append(constraint)
        case .primaryKey, .unique, .exclusion: context.indexConstraints.append(constraint)
        case .foreignKey: context.foreignKeys.append(constraint)
        default: break
        }
      }
    }

    // PRIMARY KEY columns are NOT NULL.
    for constraint in context.indexConstraints where constraint.kind == .primaryKey {
      for key in constraint.keys {
        guard let index = relation.columnIndex(named: key) else {
          throw DDLFailure("column \"\(key)\" named in key does not exist")
        }
        relation.columns[index].notNull = true
      }
    }

    // Partition key.
    if let spec = statement.partitionSpec {
      relation.partitionKey = try partitionKey(spec, relation: relation)
    }
    if let parentID, let boundSpec = statement.partitionBound, let parent = relations[parentID] {
      relation.bound = try partitionBoundText(boundSpec, parent: parent)
      relation.boundOrder = Self.boundOrder(boundSpec)
    }

    // CHECK constraints copied by LIKE record the columns of the new table.
    for offset in inheritedChecks.indices {
      if let expr = inheritedChecks[offset].checkExpression {
        inheritedChecks[offset].columns = DDLExpressions.columnNames(expr).compactMap {
          relation.column(named: $0)?.number
        }
      }
    }

    relations[relation.id] = relation

    // CHECK constraints: inherited ones are stored with the table, then the local ones.
    relations[relation.id]?.constraints += inheritedChecks
    try addCheckConstraints(context.checks, to: relation.id, isCreate: true, recurse: false)

    if let parentID {
      try clonePartitionDependents(parent: parentID, partition: relation.id)
    }

    // Index constraints: the primary key first, then the others without repeats (transformIndexConstraints).
    var indexConstraints: [Constraint] = context.indexConstraints.filter { $0.kind == .primaryKey }
    if indexConstraints.count > 1 {
      throw DDLFailure("multiple primary keys for table \"\(name)\" are not allowed")
    }
    for constraint in context.indexConstraints where constraint.kind != .primaryKey {
      if let prior = indexConstraints.firstIndex(where: { Self.sameIndexConstraint($0, constraint) }) {
        if indexConstraints[prior].name == nil { indexConstraints[prior].name = constraint.name }
        continue
      }
      indexConstraints.append(constraint)
    }
    for constraint in indexConstraints {
      try addIndexConstraint(constraint, to: relation.id)
    }
    for request in likeIndexes {
      if request.isPrimary, relations[relation.id]?.primaryKey != nil { continue }
      _ = try defineIndex(on: relation.id, request)
    }
    // Statistics copied by LIKE ... INCLUDING STATISTICS are named anew (`<table>_<columns>_stat`).
    for statistic in likeStatistics {
      let names =
        statistic.columns.compactMap { relation.column(number: $0)?.name } + statistic.expressions.map { _ in "expr" }
      let name = DDLNames.choose(relation.name, DDLNames.addition(names), label: "stat") { candidate in
        statistics.contains { $0.schema == schema && $0.name == candidate }
      }
      statistics.append(
        DDLStatistics(
          schema: schema, name: name, relation: relation.id, columns: statistic.columns.sorted(),
          expressions: statistic.expressions, kinds: statistic.kinds))
    }
    for constraint in context.foreignKeys {
      try addForeignKey(constraint, to: relation.id, isCreate: true)
    }
  }

  /// True when two index constraints of one CREATE TABLE would build the same index.
  static func sameIndexConstraint(_ a: Constraint, _ b: Constraint) -> Bool {
    a.keys == b.keys && a.including == b.including && a.whereClause == b.whereClause
      && a.exclusions == b.exclusions && (a.accessMethod ?? "btree") == (b.accessMethod ?? "btree")
      && a.nullsNotDistinct == b.nullsNotDistinct && a.deferrable == b.deferrable
      && a.initiallyDeferred == b.initiallyDeferred
  }

  // MARK: Columns

  /// A new column from its definition: the type, with serial types turned into integers.
  mutating func newColumn(
    _ definition: ColumnDef, typeName: TypeName, number: Int, table: String, schema: String,
    relation: inout DDLRelation
  ) throws -> DDLColumn {
    if typeName.names.count == 1, !typeName.isArray, let real = DDLBuiltinTypes.serials[typeName.name],
      let type = DDLTypeResolver.builtin(name: real, typmod: -1)
    {
      var column = DDLColumn(number: number, name: definition.name, type: type)
      column.notNull = true
      let sequence = chooseRelationName(table, definition.name, label: "seq", schema: schema, isConstraint: false)
      sequences.insert(QualifiedName(schema: schema, name: sequence))
      relation.ownedSequences.append(sequence)
      var regclass = DDLTypeFormatting.quoteIdentifier(sequence)
      if !searchPath.contains(schema) { regclass = DDLTypeFormatting.quoteIdentifier(schema) + "." + regclass }
      column.defaultValue = .nextval(regclass)
      return column
    }
    var column = DDLColumn(number: number, name: definition.name, type: try resolveType(typeName))
    column.collation = definition.collation.last
    return column
  }

  /// Column constraints of a definition (`transformColumnDefinition`): NOT NULL, DEFAULT,
  /// identity and generated columns on the column itself; CHECK, keys and references into
  /// `context`, to be added once the table exists.
  mutating func applyColumnConstraints(
    _ definition: ColumnDef, to column: inout DDLColumn, table: String, schema: String,
    relation: inout DDLRelation, context: inout DDLCreateContext
  ) throws {
    if let collation = definition.collation.last { column.collation = collation }
    enum Last { case none, index(Int), foreign(Int) }
    var last = Last.none
    for constraint in definition.constraints {
      var constraint = constraint
      switch constraint.kind {
      case .null: column.notNull = false
      case .notNull: column.notNull = true
      case .default:
        guard column.identity == nil else {
          throw DDLFailure("both default and identity specified for column \"\(column.name)\" of table \"\(table)\"")
        }
        column.defaultValue = constraint.expr.map { .expression($0) }
      case .identity:
        guard ["int2", "int4", "int8"].contains(column.type.internalName), !column.type.isArray else {
          throw DDLFailure("identity column type must be smallint, integer, or bigint")
        }
        column.identity = constraint.generatedWhen ?? "a"
        column.notNull = true
        let sequence = chooseRelationName(table, column.name, label: "seq", schema: schema, isConstraint: false)
        sequences.insert(QualifiedName(schema: schema, name: sequence))
        relation.ownedSequences.append(sequence)
      case .generated:
        column.generated = "s"
        column.defaultValue = constraint.expr.map { .expression($0) }
      case .check:
        context.checks.append(constraint)
      case .primaryKey, .unique:
        constraint.keys = [column.name]
        if constraint.kind == .primaryKey { column.notNull = true }
        context.indexConstraints.append(constraint)
        last = .index(context.indexConstraints.count - 1)
      case .exclusion:
        context.indexConstraints.append(constraint)
        last = .index(context.indexConstraints.count - 1)
      case .foreignKey:
        constraint.foreignKeyColumns = [column.name]
        context.foreignKeys.append(constraint)
        last = .foreign(context.foreignKeys.count - 1)
      case .deferrable, .notDeferrable, .deferred, .immediate:
        func apply(_ target: inout Constraint) {
          switch constraint.kind {
          case .deferrable: target.deferrable = true
          case .notDeferrable: target.deferrable = false
          case .deferred:
            target.initiallyDeferred = true
            target.deferrable = true
          default: target.initiallyDeferred = false
          }
        }
        switch last {
        case .index(let index): apply(&context.indexConstraints[index])
        case .foreign(let index): apply(&context.foreignKeys[index])
        case .none: throw DDLFailure("misplaced DEFERRABLE clause")
        }
      }
    }
  }

  // MARK: Partitioning

  func partitionKey(_ spec: PartitionSpec, relation: DDLRelation) throws -> DDLPartitionKey {
    if spec.strategy == .list, spec.keys.count > 1 {
      throw DDLFailure("cannot use \"list\" partition strategy with more than one column")
    }
    var elements: [DDLPartitionKey.Element] = []
    for key in spec.keys {
      var element = DDLPartitionKey.Element(
        column: nil, expression: nil, operatorClass: key.opclass.last, collation: key.collation.last)
      if let name = key.column {
        guard let column = relation.column(named: name) else {
          throw DDLFailure("column \"\(name)\" named in partition key does not exist")
        }
        element.column = column.number
        if let opclass = element.operatorClass,
          DDLOperatorClasses.isDefault(opclass, method: spec.strategy == .hash ? "hash" : "btree", type: column.type)
        {
          element.operatorClass = nil
        }
      } else if let expr = key.expr {
        try requireColumns(of: expr, in: relation)
        element.expression = expr
      }
      elements.append(element)
    }
    return DDLPartitionKey(
      strategy: Partitioning.Strategy(rawValue: spec.strategy.rawValue) ?? .range, elements: elements)
  }

  /// The bound as `pg_get_expr(relpartbound)` prints it.
  func partitionBoundText(_ spec: PartitionBoundSpec, parent: DDLRelation) throws -> String {
    guard let key = parent.partitionKey else { throw DDLFailure("table \"\(parent.name)\" is not partitioned") }
    let types: [DDLType?] = key.elements.map { element in element.column.flatMap { parent.column(number: $0)?.type } }
    func value(_ expr: Expr, _ position: Int) -> String {
      let type = position < types.count ? types[position] : nil
      return Self.boundValueText(expr, type: type)
    }
    switch spec.kind {
    case .default:
      return "DEFAULT"
    case .hash(let modulus, let remainder):
      guard key.strategy == .hash else {
        throw DDLFailure("invalid bound specification for a \(key.strategy.rawValue) partition")
      }
      return "FOR VALUES WITH (modulus \(modulus), remainder \(remainder))"
    case .list(let values):
      guard key.strategy == .list else {
        throw DDLFailure("invalid bound specification for a \(key.strategy.rawValue) partition")
      }
      return "FOR VALUES IN (" + values.map { value($0, 0) }.joined(separator: ", ") + ")"
    case .range(let from, let to):
      guard key.strategy == .range else {
        throw DDLFailure("invalid bound specification for a \(key.strategy.rawValue) partition")
      }
      guard from.count == key.elements.count, to.count == key.elements.count else {
        throw DDLFailure("FROM must specify exactly one value per partitioning column")
      }
      let lower = from.enumerated().map { value($0.element, $0.offset) }.joined(separator: ", ")
      let upper = to.enumerated().map { value($0.element, $0.offset) }.joined(separator: ", ")
      return "FOR VALUES FROM (\(lower)) TO (\(upper))"
    }
  }

  /// The partition's place among its siblings.
  static func boundOrder(_ spec: PartitionBoundSpec) -> DDLBoundOrder {
    func datum(_ expr: Expr) -> DDLBoundDatum {
      var expr = expr
      if case .typeCast(let cast) = expr { expr = cast.arg }
      if case .column(let reference) = expr, let name = reference.column {
        if name == "minvalue" { return .minValue }
        if name == "maxvalue" { return .maxValue }
      }
      guard case .constant(let constant) = expr else { return .text(DDLExpressionPrinter().text(expr)) }
      switch constant.value {
      case .null: return .null
      case .integer(let value): return .number(Double(value))
      case .float(let value): return Double(value).map { .number($0) } ?? .text(value)
      case .boolean(let value): return .number(value ? 1 : 0)
      case .string(let value), .bitString(let value): return Double(value).map { .number($0) } ?? .text(value)
      }
    }
    switch spec.kind {
    case .default: return DDLBoundOrder(isDefault: true, datums: [])
    case .hash(let modulus, let remainder):
      return DDLBoundOrder(isDefault: false, datums: [.number(Double(modulus)), .number(Double(remainder))])
    case .list(let values):
      return DDLBoundOrder(isDefault: false, datums: [values.map(datum).min() ?? .null])
    case .range(let from, _):
      return DDLBoundOrder(isDefault: false, datums: from.map(datum))
    }
  }

  /// One bound value as `get_const_expr(..., -1)` prints the key type's constant.
  static func boundValueText(_ expr: Expr, type: DDLType?) -> String {
    var expr = expr
    if case .typeCast(let cast) = expr { expr = cast.arg }
    if case .column(let reference) = expr, let name = reference.column {
      if name == "minvalue" { return "MINVALUE" }
      if name == "maxvalue" { return "MAXVALUE" }
    }
    guard case .constant(let constant) = expr else {
      return DDLExpressionPrinter().text(expr)
    }
    let internalName = type?.internalName ?? ""
    let numeric = ["int2", "int4", "int8", "numeric", "float4", "float8", "oid"].contains(internalName)
    switch constant.value {
    case .null: return "NULL"
    case .boolean(let value): return value ? "true" : "false"
    case .integer(let value):
      if numeric || type == nil { return String(value) }
      return "'\(value)'"
    case .float(let value):
      if numeric || type == nil { return value }
      return "'\(value)'"
    case .bitString(let value): return "'\(value.dropFirst())'"
    case .string(let value):
      if numeric, Double(value) != nil { return value.trimmingCharacters(in: .whitespaces) }
      if internalName == "bool" {
        return ["t", "true", "yes", "on", "1"].contains(value.lowercased()) ? "true" : "false"
      }
      var text = value
      // Dates alone, for timestamp keys, print with a midnight time (UTC assumed for timestamptz).
      if internalName == "timestamp", text.count == 10 { text += " 00:00:00" }
      if internalName == "timestamptz", text.count == 10 { text += " 00:00:00+00" }
      return "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
    }
  }

  /// Throws when `expr` names a column `relation` does not have.
  func requireColumns(of expr: Expr, in relation: DDLRelation) throws {
    for name in DDLExpressions.columnNames(expr) where relation.column(named: name) == nil {
      throw DDLFailure("column \"\(name)\" does not exist")
    }
  }

  /// Partitions and inheritance children of a relation, in creation order.
  func children(of id: Int) -> [Int] {
    partitions(of: id) + relations.values.filter { $0.inheritsFrom.contains(id) }.map(\.id).sorted()
  }

  /// Partitions in PostgreSQL's order (by bound, the default partition last).
  func partitions(of id: Int) -> [Int] {
    relations.values.filter { $0.parent == id }.sorted { lhs, rhs in
      let left = lhs.boundOrder ?? DDLBoundOrder(isDefault: true, datums: [])
      let right = rhs.boundOrder ?? DDLBoundOrder(isDefault: true, datums: [])
      return left != right ? left < right : lhs.id < rhs.id
    }.map(\.id)
  }

  /// All partitions below a partitioned table, depth first.
  func allPartitions(of id: Int) -> [Int] {
    partitions(of: id).flatMap { [$0] + allPartitions(of: $0) }
  }

  /// What a new or attached partition takes from its parent: its indexes (matched with
  /// equivalent ones the partition has, or created) and its foreign keys, both ways.
  mutating func clonePartitionDependents(parent parentID: Int, partition partitionID: Int) throws {
    guard let parent = relations[parentID] else { return }
    for index in parent.indexes.sorted(by: { $0.id < $1.id }) {
      try attachOrCreateChildIndex(parentIndex: index, parent: parent, child: partitionID)
    }
    // CloneFkReferenced: keys that reference the parent get a row for the new partition.
    for referencing in relations.values.sorted(by: { $0.id < $1.id })
    where referencing.id != parentID && referencing.id != partitionID {
      for constraint in referencing.constraints
      where constraint.kind == .foreignKey && constraint.referencedRelation == parentID {
        // A clone whose parent constraint also references the parent is covered by that parent.
        if let upper = constraint.parent,
          relations[upper.relation]?.constraints.contains(where: {
            $0.name == upper.name && $0.referencedRelation == parentID
          }) == true
        {
          continue
        }
        try addReferencedPartitionRows(
          constraint: ConstraintReference(relation: referencing.id, name: constraint.name),
          referencedPartition: partitionID)
      }
    }
    // CloneFkReferencing: the parent's own foreign keys are cloned to the partition.
    for constraint in parent.constraints where constraint.kind == .foreignKey && !isReferencedSideRow(constraint) {
      try cloneForeignKey(constraint, from: parentID, to: partitionID)
    }
  }

  /// True for the extra rows a foreign key gets for each partition of a partitioned referenced table.
  func isReferencedSideRow(_ constraint: DDLConstraint) -> Bool { constraint.isReferencedSideRow }
}
