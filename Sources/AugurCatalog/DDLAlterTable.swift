import AugurSQL

extension DDLCatalog {
  // MARK: ALTER TABLE

  mutating func alterTable(_ statement: AlterTableStmt) throws {
    switch statement.objectType {
    case "OBJECT_TABLE", "OBJECT_FOREIGN_TABLE": break
    case "OBJECT_INDEX":
      for command in statement.commands where command.subtype == "AT_AttachPartition" {
        guard case .partition(let partition)? = command.definition else { continue }
        try attachIndex(
          parent: (statement.relation.schema, statement.relation.name),
          child: (partition.name.schema, partition.name.name))
      }
      return
    default: return  // ALTER VIEW / SEQUENCE / TYPE settings do not change the schema model.
    }
    guard let id = try lookup(statement.relation) else {
      if statement.missingOk { return }
      throw DDLFailure("relation \"\(statement.relation.qualifiedName)\" does not exist")
    }
    // ALTER TABLE on a view or sequence can only change settings (owner, options): nothing to model.
    guard let relation = relations[id], relation.kind == .table || relation.kind == .partitionedTable else { return }
    let recurse = statement.relation.inherit
    for command in statement.commands {
      try alter(command, on: id, recurse: recurse)
    }
  }

  private func columnMissing(_ name: String, _ relation: DDLRelation) -> DDLFailure {
    DDLFailure("column \"\(name)\" of relation \"\(relation.name)\" does not exist")
  }

  private mutating func alter(_ command: AlterTableCmd, on id: Int, recurse: Bool) throws {
    guard let relation = relations[id] else { return }
    switch command.subtype {
    case "AT_AddColumn", "AT_AddColumnRecurse":
      guard case .column(let definition)? = command.definition else { return }
      try addColumn(definition, to: id, ifNotExists: command.missingOk, recurse: recurse)
    case "AT_DropColumn", "AT_DropColumnRecurse":
      guard let name = command.name else { return }
      try dropColumn(name, from: id, missingOk: command.missingOk, cascade: command.cascade, isRecursion: false)
    case "AT_AlterColumnType":
      guard let name = command.name, case .column(let definition)? = command.definition,
        let typeName = definition.typeName
      else { return }
      try alterColumnType(name, to: typeName, collation: definition.collation.last, on: id)
    case "AT_SetNotNull":
      guard let name = command.name else { return }
      guard relation.column(named: name) != nil else { throw columnMissing(name, relation) }
      try forEachInHierarchy(id, recurse: recurse) { catalog, target in
        if let index = catalog.relations[target]?.columnIndex(named: name) {
          catalog.relations[target]?.columns[index].notNull = true
        }
      }
    case "AT_DropNotNull":
      guard let name = command.name else { return }
      guard let column = relation.column(named: name) else { throw columnMissing(name, relation) }
      if relation.primaryKey?.columns.contains(column.number) == true {
        throw DDLFailure("column \"\(name)\" is in a primary key")
      }
      if column.identity != nil {
        throw DDLFailure("column \"\(name)\" of relation \"\(relation.name)\" is an identity column")
      }
      if let parentID = relation.parent, relations[parentID]?.column(named: name)?.notNull == true {
        throw DDLFailure("column \"\(name)\" is marked NOT NULL in parent table")
      }
      try forEachInHierarchy(id, recurse: recurse) { catalog, target in
        if let index = catalog.relations[target]?.columnIndex(named: name) {
          catalog.relations[target]?.columns[index].notNull = false
        }
      }
    case "AT_ColumnDefault":
      guard let name = command.name else { return }
      guard relation.column(named: name) != nil else { throw columnMissing(name, relation) }
      var value: DDLColumn.Default?
      if case .expr(let expr)? = command.definition { value = .expression(expr) }
      try forEachInHierarchy(id, recurse: recurse) { catalog, target in
        if let index = catalog.relations[target]?.columnIndex(named: name) {
          catalog.relations[target]?.columns[index].defaultValue = value
        }
      }
    case "AT_SetStatistics":
      guard let name = command.name, case .integer(let target)? = command.definition else { return }
      guard let index = relation.columnIndex(named: name) else { throw columnMissing(name, relation) }
      relations[id]?.columns[index].statisticsTarget = target
    case "AT_AddIdentity":
      guard let name = command.name, case .constraint(let constraint)? = command.definition else { return }
      guard let index = relation.columnIndex(named: name) else { throw columnMissing(name, relation) }
      guard relation.columns[index].notNull else {
        throw DDLFailure(
          "column \"\(name)\" of relation \"\(relation.name)\" must be declared NOT NULL before identity can be added")
      }
      relations[id]?.columns[index].identity = constraint.generatedWhen ?? "a"
      let sequence = chooseRelationName(relation.name, name, label: "seq", schema: relation.schema, isConstraint: false)
      sequences.insert(QualifiedName(schema: relation.schema, name: sequence))
      relations[id]?.ownedSequences.append(sequence)
    case "AT_DropIdentity":
      guard let name = command.name else { return }
      guard let index = relation.columnIndex(named: name) else { throw columnMissing(name, relation) }
      if relation.columns[index].identity == nil {
        if command.missingOk { return }
        throw DDLFailure("column \"\(name)\" of relation \"\(relation.name)\" is not an identity column")
      }
      relations[id]?.columns[index].identity = nil
    case "AT_AddConstraint", "AT_AddConstraintRecurse":
      guard case .constraint(let constraint)? = command.definition else { return }
      try addConstraint(constraint, to: id, recurse: recurse)
    case "AT_DropConstraint", "AT_DropConstraintRecurse":
      guard let name = command.name else { return }
      guard let constraint = relation.constraints.first(where: { $0.name == name }) else {
        if command.missingOk { return }
        throw DDLFailure("constraint \"\(name)\" of relation \"\(relation.name)\" does not exist")
      }
      if !constraint.isLocal && constraint.inheritanceCount > 0 {
        throw DDLFailure("cannot drop inherited constraint \"\(name)\" of relation \"\(relation.name)\"")
      }
      try removeConstraint(name, of: id, cascade: command.cascade)
    case "AT_ValidateConstraint", "AT_ValidateConstraintRecurse":
      guard let name = command.name else { return }
      guard relation.constraints.contains(where: { $0.name == name }) else {
        throw DDLFailure("constraint \"\(name)\" of relation \"\(relation.name)\" does not exist")
      }
      validateConstraint(name, of: id)
    case "AT_AttachPartition":
      guard case .partition(let command)? = command.definition else { return }
      try attachPartition(command, to: id)
    case "AT_DetachPartition", "AT_DetachPartitionFinalize":
      guard case .partition(let command)? = command.definition else { return }
      try detachPartition(command, from: id)
    default:
      break  // Storage, ownership, triggers, replica identity, ...: nothing the model holds.
    }
  }

  /// Runs `body` for `id` and, unless ONLY was written, its partitions and inheritance children.
  private mutating func forEachInHierarchy(
    _ id: Int, recurse: Bool, _ body: (inout DDLCatalog, Int) throws -> Void
  ) throws {
    try body(&self, id)
    guard recurse || relations[id]?.kind == .partitionedTable else { return }
    for child in children(of: id) { try forEachInHierarchy(child, recurse: true, body) }
  }

  // MARK: Columns

  mutating func addColumn(_ definition: ColumnDef, to id: Int, ifNotExists: Bool, recurse: Bool) throws {
    guard var relation = relations[id] else { return }
    if relation.column(named: definition.name) != nil {
      if ifNotExists { return }
      throw DDLFailure("column \"\(definition.name)\" of relation \"\(relation.name)\" already exists")
    }
    if relation.parent != nil { throw DDLFailure("cannot add column to a partition") }
    guard let typeName = definition.typeName else { throw DDLFailure("column \"\(definition.name)\" has no type") }
    var context = DDLCreateContext()
    var column = try newColumn(
      definition, typeName: typeName, number: relation.nextColumnNumber, table: relation.name, schema: relation.schema,
      relation: &relation)
    try applyColumnConstraints(
      definition, to: &column, table: relation.name, schema: relation.schema, relation: &relation, context: &context)
    relation.columns.append(column)
    relations[id] = relation
    addInheritedColumn(column, below: id, recurse: recurse)
    try addCheckConstraints(context.checks, to: id, isCreate: false, recurse: true)
    for constraint in context.indexConstraints { try addIndexConstraint(constraint, to: id) }
    for constraint in context.foreignKeys { try addForeignKey(constraint, to: id, isCreate: true) }
  }

  private mutating func addInheritedColumn(_ column: DDLColumn, below id: Int, recurse: Bool) {
    guard recurse || relations[id]?.kind == .partitionedTable else { return }
    for childID in children(of: id) {
      guard var child = relations[childID] else { continue }
      if let existing = child.columnIndex(named: column.name) {
        child.columns[existing].inheritanceCount += 1
        relations[childID] = child
        continue
      }
      var copy = column
      copy.number = child.nextColumnNumber
      copy.isLocal = false
      copy.inheritanceCount = 1
      copy.identity = nil
      child.columns.append(copy)
      relations[childID] = child
      addInheritedColumn(copy, below: childID, recurse: true)
    }
  }

  /// `ALTER TABLE ... DROP COLUMN`: indexes and constraints using the column go with it, as do
  /// statistics objects; foreign keys of other tables that reference it need CASCADE.
  mutating func dropColumn(_ name: String, from id: Int, missingOk: Bool, cascade: Bool, isRecursion: Bool) throws {
    guard let relation = relations[id] else { return }
    guard let column = relation.column(named: name) else {
      if missingOk { return }
      throw columnMissing(name, relation)
    }
    let number = column.number
    if let key = relation.partitionKey,
      key.elements.contains(where: {
        $0.column == number || ($0.expression.map { DDLExpressions.columnNames($0).contains(name) } ?? false)
      })
    {
      throw DDLFailure(
        "cannot drop column \"\(name)\" because it is part of the partition key of relation \"\(relation.name)\"")
    }
    if !isRecursion, column.inheritanceCount > 0 {
      throw DDLFailure("cannot drop inherited column \"\(name)\"")
    }
    // Constraints on the column, and the indexes behind them.
    let doomedConstraints = relation.constraints.filter { constraint in
      constraint.columns.contains(number)
        || (constraint.checkExpression.map { DDLExpressions.columnNames($0).contains(name) } ?? false)
    }
    for constraint in doomedConstraints where !constraint.isReferencedSideRow {
      guard relations[id]?.constraints.contains(where: { $0.name == constraint.name }) == true else { continue }
      try removeConstraint(
        constraint.name, of: id, cascade: cascade, dependentsOf: "column \(name) of table \(relation.name)")
    }
    // Plain indexes using the column.
    for index in relations[id]?.indexes ?? []
    where index.constraintName == nil && indexUses(index, column: name, number: number) {
      try removeIndex(index.id, of: id, cascade: cascade, dependentsOf: "column \(name) of table \(relation.name)")
    }
    statistics.removeAll {
      $0.relation == id
        && ($0.columns.contains(number) || $0.expressions.contains { DDLExpressions.columnNames($0).contains(name) })
    }
    if let position = relations[id]?.columns.firstIndex(where: { $0.number == number }) {
      relations[id]?.columns[position].isDropped = true
      relations[id]?.columns[position].name = "........pg.dropped.\(number)........"
    }
    for childID in children(of: id) {
      guard var child = relations[childID], let position = child.columnIndex(named: name) else { continue }
      child.columns[position].inheritanceCount -= 1
      relations[childID] = child
      if child.columns[position].inheritanceCount <= 0 && (!child.columns[position].isLocal || child.parent == id) {
        try dropColumn(name, from: childID, missingOk: true, cascade: cascade, isRecursion: true)
      }
    }
  }

  private func indexUses(_ index: DDLIndex, column name: String, number: Int) -> Bool {
    index.keys.contains { key in
      key.column == number || (key.expression.map { DDLExpressions.columnNames($0).contains(name) } ?? false)
    } || index.included.contains(number)
      || (index.predicate.map { DDLExpressions.columnNames($0).contains(name) } ?? false)
  }

  mutating func alterColumnType(_ name: String, to typeName: TypeName, collation: String?, on id: Int) throws {
    guard let relation = relations[id] else { return }
    guard let column = relation.column(named: name) else { throw columnMissing(name, relation) }
    if let key = relation.partitionKey, key.elements.contains(where: { $0.column == column.number }) {
      throw DDLFailure(
        "cannot alter column \"\(name)\" because it is part of the partition key of relation \"\(relation.name)\"")
    }
    if column.inheritanceCount > 0 && relation.parent == nil && !column.isLocal {
      throw DDLFailure("cannot alter inherited column \"\(name)\"")
    }
    let type = try resolveType(typeName)
    func update(_ target: Int) {
      guard let position = relations[target]?.columnIndex(named: name) else { return }
      relations[target]?.columns[position].type = type
      if let collation { relations[target]?.columns[position].collation = collation }
      for child in children(of: target) { update(child) }
    }
    update(id)
  }

  // MARK: Constraints

  mutating func addConstraint(_ constraint: Constraint, to id: Int, recurse: Bool) throws {
    switch constraint.kind {
    case .check:
      try addCheckConstraints([constraint], to: id, isCreate: false, recurse: recurse)
    case .primaryKey, .unique, .exclusion:
      try addIndexConstraint(constraint, to: id, recurse: recurse)
    case .foreignKey:
      try addForeignKey(constraint, to: id, isCreate: false)
    default:
      break
    }
  }

  private mutating func validateConstraint(_ name: String, of id: Int) {
    guard let position = relations[id]?.constraints.firstIndex(where: { $0.name == name }) else { return }
    relations[id]?.constraints[position].isValidated = true
    for relation in relations.values {
      for (offset, constraint) in relation.constraints.enumerated()
      where constraint.parent == ConstraintReference(relation: id, name: name) {
        relations[relation.id]?.constraints[offset].isValidated = true
      }
    }
  }

  /// Foreign keys (anywhere) that rely on the index `indexID` of relation `id`.
  private func foreignKeys(usingIndex indexID: Int) -> [ConstraintReference] {
    var result: [ConstraintReference] = []
    for relation in relations.values.sorted(by: { $0.id < $1.id }) {
      for constraint in relation.constraints
      where constraint.kind == .foreignKey && constraint.referencedIndex == indexID && constraint.parent == nil {
        result.append(ConstraintReference(relation: relation.id, name: constraint.name))
      }
    }
    return result
  }

  /// Drops a constraint and what depends on it: its index, its clones on partitions and
  /// children, the per-partition rows of a foreign key, and (with CASCADE) foreign keys that
  /// reference its index.
  mutating func removeConstraint(_ name: String, of id: Int, cascade: Bool, dependentsOf: String? = nil) throws {
    guard let relation = relations[id], let constraint = relation.constraints.first(where: { $0.name == name }) else {
      return
    }
    let reference = ConstraintReference(relation: id, name: name)
    if let indexID = constraint.index {
      let dependents = foreignKeys(usingIndex: indexID).filter { $0 != reference }
      if !dependents.isEmpty {
        guard cascade else {
          let first = dependents[0]
          throw DDLFailure(
            "cannot drop \(dependentsOf ?? "constraint \(name) on table \(relation.name)") because other objects depend on it (constraint \(first.name) on table \(relations[first.relation]?.name ?? "?"))"
          )
        }
        for dependent in dependents { try removeConstraint(dependent.name, of: dependent.relation, cascade: true) }
      }
    }
    relations[id]?.constraints.removeAll { $0.name == name }
    if let indexID = constraint.index {
      relations[id]?.indexes.removeAll { $0.id == indexID }
    }
    // Constraints derived from this one (clones on partitions, per-partition foreign key rows).
    for other in relations.values.sorted(by: { $0.id < $1.id }) {
      for derived in other.constraints where derived.parent == reference {
        try removeConstraint(derived.name, of: other.id, cascade: cascade)
      }
    }
    // CHECK constraints inherited by children lose one parent.
    if constraint.kind == .check {
      for childID in children(of: id) {
        guard let position = relations[childID]?.constraints.firstIndex(where: { $0.name == name && $0.kind == .check })
        else { continue }
        relations[childID]?.constraints[position].inheritanceCount -= 1
        if let child = relations[childID], child.constraints[position].inheritanceCount <= 0,
          !child.constraints[position].isLocal
        {
          try removeConstraint(name, of: childID, cascade: cascade)
        }
      }
    }
  }

  /// Drops an index (not one behind a constraint), its partitions' indexes, and with CASCADE the
  /// foreign keys that use it.
  mutating func removeIndex(_ indexID: Int, of id: Int, cascade: Bool, dependentsOf: String? = nil) throws {
    guard let relation = relations[id], let index = relation.index(id: indexID) else { return }
    let dependents = foreignKeys(usingIndex: indexID)
    if !dependents.isEmpty {
      guard cascade else {
        let first = dependents[0]
        throw DDLFailure(
          "cannot drop \(dependentsOf ?? "index \(index.name)") because other objects depend on it (constraint \(first.name) on table \(relations[first.relation]?.name ?? "?"))"
        )
      }
      for dependent in dependents { try removeConstraint(dependent.name, of: dependent.relation, cascade: true) }
    }
    relations[id]?.indexes.removeAll { $0.id == indexID }
    for other in relations.values.sorted(by: { $0.id < $1.id }) {
      for child in other.indexes where child.parentIndex == indexID {
        if let constraintName = child.constraintName {
          try removeConstraint(constraintName, of: other.id, cascade: cascade)
        } else {
          try removeIndex(child.id, of: other.id, cascade: cascade)
        }
      }
    }
  }

  // MARK: Partitions

  mutating func attachPartition(_ command: PartitionCmd, to id: Int) throws {
    guard let parent = relations[id] else { return }
    guard parent.kind == .partitionedTable else { throw DDLFailure("table \"\(parent.name)\" is not partitioned") }
    let childID = try require(command.name)
    guard var child = relations[childID], child.kind == .table || child.kind == .partitionedTable else {
      throw DDLFailure("\"\(command.name.name)\" is not a table")
    }
    if child.parent != nil { throw DDLFailure("\"\(child.name)\" is already a partition") }
    if !child.inheritsFrom.isEmpty {
      throw DDLFailure("cannot attach inheritance child as partition")
    }
    if childID == id { throw DDLFailure("cannot attach a table as a partition of itself") }
    for column in child.liveColumns where parent.column(named: column.name) == nil {
      throw DDLFailure(
        "table \"\(child.name)\" contains column \"\(column.name)\" not found in parent \"\(parent.name)\"")
    }
    for column in parent.liveColumns {
      guard let own = child.column(named: column.name) else {
        throw DDLFailure("child table is missing column \"\(column.name)\"")
      }
      if own.type.display != column.type.display {
        throw DDLFailure("child table \"\(child.name)\" has different type for column \"\(column.name)\"")
      }
      if column.notNull && !own.notNull {
        throw DDLFailure("column \"\(column.name)\" in child table must be marked NOT NULL")
      }
    }
    for constraint in parent.constraints where constraint.kind == .check && !constraint.noInherit {
      if !child.constraints.contains(where: { $0.kind == .check && $0.name == constraint.name }) {
        throw DDLFailure("child table is missing constraint \"\(constraint.name)\"")
      }
    }
    guard let bound = command.bound else { throw DDLFailure("ATTACH PARTITION without a bound") }
    child.parent = id
    child.bound = try partitionBoundText(bound, parent: parent)
    child.boundOrder = Self.boundOrder(bound)
    for position in child.columns.indices where !child.columns[position].isDropped {
      child.columns[position].inheritanceCount = 1
    }
    for position in child.constraints.indices where child.constraints[position].kind == .check {
      if parent.constraints.contains(where: { $0.kind == .check && $0.name == child.constraints[position].name }) {
        child.constraints[position].inheritanceCount += 1
      }
    }
    relations[childID] = child
    try clonePartitionDependents(parent: id, partition: childID)
  }

  mutating func detachPartition(_ command: PartitionCmd, from id: Int) throws {
    guard let parent = relations[id] else { return }
    let childID = try require(command.name)
    guard var child = relations[childID], child.parent == id else {
      throw DDLFailure("relation \"\(command.name.name)\" is not a partition of relation \"\(parent.name)\"")
    }
    child.parent = nil
    child.bound = nil
    child.boundOrder = nil
    for position in child.columns.indices {
      child.columns[position].inheritanceCount = 0
      child.columns[position].isLocal = true
    }
    for position in child.indexes.indices { child.indexes[position].parentIndex = nil }
    for position in child.constraints.indices
    where child.constraints[position].parent?.relation == id || child.constraints[position].kind == .check {
      if child.constraints[position].parent?.relation == id { child.constraints[position].parent = nil }
      child.constraints[position].isLocal = true
      child.constraints[position].inheritanceCount = 0
    }
    relations[childID] = child
    // Rows that foreign keys to the parent kept for this partition go away.
    for other in relations.values.sorted(by: { $0.id < $1.id }) {
      for constraint in other.constraints
      where constraint.isReferencedSideRow && constraint.referencedRelation == childID {
        try removeConstraint(constraint.name, of: other.id, cascade: true)
      }
    }
  }
}
