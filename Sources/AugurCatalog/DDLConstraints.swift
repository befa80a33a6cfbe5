import AugurSQL

extension DDLCatalog {
  // MARK: CHECK

  /// `AddRelationNewConstraints` for CHECK constraints: a given name must be new on the table;
  /// otherwise `<table>_<column>_check` when the expression reads exactly one column, else
  /// `<table>_check`, made unique in the schema. `recurse` copies them to children.
  mutating func addCheckConstraints(_ checks: [Constraint], to id: Int, isCreate: Bool, recurse: Bool) throws {
    var names: [String] = []
    for check in checks {
      guard let relation = relations[id], let expr = check.expr else { continue }
      try requireColumns(of: expr, in: relation)
      let columnNames = DDLExpressions.columnNames(expr)
      let name: String
      if let given = check.name {
        if names.contains(given) { throw DDLFailure("check constraint \"\(given)\" already exists") }
        names.append(given)
        if let existing = relation.constraints.firstIndex(where: { $0.name == given }) {
          if relation.constraints[existing].kind == .check, !relation.constraints[existing].isLocal {
            relations[id]?.constraints[existing].isLocal = true
            continue
          }
          throw DDLFailure("constraint \"\(given)\" for relation \"\(relation.name)\" already exists")
        }
        name = given
      } else {
        name = chooseConstraintName(
          relation.name, columnNames.count == 1 ? columnNames[0] : nil, label: "check", schema: relation.schema,
          others: names)
        names.append(name)
      }
      var constraint = DDLConstraint(
        name: name, kind: .check, columns: columnNames.compactMap { relation.column(named: $0)?.number },
        checkExpression: expr)
      constraint.isValidated = isCreate || !check.skipValidation
      relations[id]?.constraints.append(constraint)
      if recurse { inheritCheck(constraint, from: id) }
    }
  }

  /// Copies a CHECK constraint to the children of `id` (same name; merged when they have it).
  mutating func inheritCheck(_ constraint: DDLConstraint, from id: Int) {
    guard let parent = relations[id] else { return }
    for childID in children(of: id) {
      guard var child = relations[childID] else { continue }
      if let existing = child.constraints.firstIndex(where: { $0.name == constraint.name }) {
        child.constraints[existing].inheritanceCount += 1
        relations[childID] = child
        continue
      }
      var copy = constraint
      copy.isLocal = false
      copy.inheritanceCount = 1
      copy.columns = constraint.columns.compactMap { number in
        parent.column(number: number).flatMap { child.column(named: $0.name)?.number }
      }
      child.constraints.append(copy)
      relations[childID] = child
      inheritCheck(copy, from: childID)
    }
  }

  // MARK: PRIMARY KEY, UNIQUE, EXCLUDE

  /// `recurse` false (ALTER TABLE ONLY) builds the index of a partitioned table alone, left
  /// invalid until its partitions' indexes are attached (as pg_dump's output does).
  mutating func addIndexConstraint(_ constraint: Constraint, to id: Int, recurse: Bool = true) throws {
    guard let relation = relations[id] else { return }
    if constraint.kind == .primaryKey, relation.primaryKey != nil {
      throw DDLFailure("multiple primary keys for table \"\(relation.name)\" are not allowed")
    }
    if let indexName = constraint.indexName {
      try addConstraintUsingIndex(constraint, indexName: indexName, to: id)
      return
    }
    var elements: [DDLIndexElement]
    var operators: [String] = []
    if constraint.kind == .exclusion {
      elements = constraint.exclusions.map { DDLIndexElement($0.element) }
      operators = constraint.exclusions.map { $0.operatorName.last ?? "=" }
    } else {
      elements = constraint.keys.map { DDLIndexElement(column: $0, expression: nil) }
    }
    for element in elements {
      if let column = element.column, relation.column(named: column) == nil {
        throw DDLFailure("column \"\(column)\" named in key does not exist")
      }
    }
    if relation.kind == .partitionedTable, let key = relation.partitionKey {
      if constraint.kind == .exclusion {
        throw DDLFailure("exclusion constraints are not supported on partitioned tables")
      }
      for element in key.elements {
        guard let number = element.column, let column = relation.column(number: number) else {
          throw DDLFailure(
            "unsupported \(constraint.kind == .primaryKey ? "PRIMARY KEY" : "UNIQUE") constraint with partition key definition"
          )
        }
        if !constraint.keys.contains(column.name) {
          throw DDLFailure(
            "unique constraint on partitioned table must include all partitioning columns")
        }
      }
    }
    if constraint.kind == .primaryKey {
      for key in constraint.keys { setNotNull(key, on: id, recurse: recurse) }
    }
    let request = DDLIndexRequest(
      name: constraint.name, method: constraint.accessMethod ?? "btree", isUnique: constraint.kind != .exclusion,
      isPrimary: constraint.kind == .primaryKey, isConstraint: true, elements: elements, included: constraint.including,
      predicate: constraint.whereClause, nullsNotDistinct: constraint.nullsNotDistinct, exclusionOperators: operators,
      isDeferrable: constraint.deferrable, initiallyDeferred: constraint.initiallyDeferred)
    _ = try defineIndex(on: id, request, recurse: recurse)
  }

  /// Marks a column NOT NULL on a table and on its partitions.
  mutating func setNotNull(_ column: String, on id: Int, recurse: Bool = true) {
    if let index = relations[id]?.columnIndex(named: column) { relations[id]?.columns[index].notNull = true }
    guard recurse else { return }
    for child in partitions(of: id) { setNotNull(column, on: child) }
  }

  /// `ALTER TABLE ... ADD [CONSTRAINT name] {PRIMARY KEY | UNIQUE} USING INDEX index`.
  mutating func addConstraintUsingIndex(_ constraint: Constraint, indexName: String, to id: Int) throws {
    guard var relation = relations[id] else { return }
    guard let position = relation.indexes.firstIndex(where: { $0.name == indexName }) else {
      throw DDLFailure("index \"\(indexName)\" does not exist")
    }
    var index = relation.indexes[position]
    guard index.constraintName == nil else {
      throw DDLFailure("index \"\(indexName)\" is already associated with a constraint")
    }
    guard index.isUnique, index.predicate == nil, index.keys.allSatisfy({ $0.column != nil }) else {
      throw DDLFailure("index \"\(indexName)\" is not a unique index")
    }
    let name = constraint.name ?? indexName
    if name != indexName, relationNameTaken(name, schema: relation.schema) {
      throw DDLFailure("relation \"\(name)\" already exists")
    }
    index.name = name
    index.constraintName = name
    index.isPrimary = constraint.kind == .primaryKey
    relation.indexes[position] = index
    var row = DDLConstraint(
      name: name, kind: constraint.kind == .primaryKey ? .primaryKey : .unique,
      columns: index.keys.compactMap(\.column), index: index.id)
    row.isDeferrable = constraint.deferrable
    row.initiallyDeferred = constraint.initiallyDeferred
    relation.constraints.append(row)
    relations[id] = relation
    if constraint.kind == .primaryKey {
      for key in index.keys {
        if let number = key.column, let column = relation.column(number: number) { setNotNull(column.name, on: id) }
      }
    }
  }

  // MARK: Indexes

  /// `DefineIndex`: checks the keys, chooses the name (`ChooseIndexName`), creates the index (and
  /// its constraint), and on a partitioned table the matching index of every partition. Returns
  /// the new index's id, or nil when IF NOT EXISTS found the name taken.
  @discardableResult
  mutating func defineIndex(
    on id: Int, _ request: DDLIndexRequest, parentIndex: Int? = nil, parentConstraint: ConstraintReference? = nil,
    recurse: Bool = true
  ) throws -> Int? {
    guard let relation = relations[id] else { return nil }
    guard [.table, .partitionedTable, .materializedView].contains(relation.kind) else {
      throw DDLFailure("cannot create index on relation \"\(relation.name)\"")
    }
    let isOrdered = request.method == "btree"
    let printer = self.printer(for: relation)
    var keys: [DDLIndexKey] = []
    var origins: [String] = []
    for element in request.elements {
      var key = DDLIndexKey()
      var type: DDLType?
      if let name = element.column {
        guard let column = relation.column(named: name) else {
          throw DDLFailure(
            request.isConstraint
              ? "column \"\(name)\" named in key does not exist" : "column \"\(name)\" does not exist")
        }
        key.column = column.number
        type = column.type
        origins.append(element.nameOrigin ?? name)
      } else if let expr = element.expression {
        try requireColumns(of: expr, in: relation)
        key.expression = expr
        type = printer.staticType(expr)
        origins.append(element.nameOrigin ?? DDLNames.figureColumnName(expr) ?? "expr")
      }
      if let opclass = element.operatorClass,
        !DDLOperatorClasses.isDefault(opclass, method: request.method, type: type)
      {
        key.operatorClass = opclass
      }
      key.collation = element.collation
      if isOrdered {
        key.descending = element.descending ?? false
        key.nullsFirst = element.nullsFirst ?? key.descending
      } else if element.descending != nil {
        throw DDLFailure("access method \"\(request.method)\" does not support ASC/DESC options")
      } else if element.nullsFirst != nil {
        throw DDLFailure("access method \"\(request.method)\" does not support NULLS FIRST/LAST options")
      }
      keys.append(key)
    }
    var included: [Int] = []
    for (offset, name) in request.included.enumerated() {
      guard let column = relation.column(named: name) else { throw DDLFailure("column \"\(name)\" does not exist") }
      included.append(column.number)
      origins.append(request.includedNameOrigins?[offset] ?? name)
    }
    if let predicate = request.predicate { try requireColumns(of: predicate, in: relation) }
    let columnNames = DDLNames.indexColumnNames(origins)

    let name: String
    if let given = request.name {
      if relationNameTaken(given, schema: relation.schema) {
        if request.ifNotExists { return nil }
        throw DDLFailure("relation \"\(given)\" already exists")
      }
      if request.isConstraint, relation.constraints.contains(where: { $0.name == given }) {
        throw DDLFailure("constraint \"\(given)\" for relation \"\(relation.name)\" already exists")
      }
      name = given
    } else if request.isPrimary {
      name = chooseRelationName(relation.name, nil, label: "pkey", schema: relation.schema, isConstraint: true)
    } else {
      let addition = DDLNames.addition(columnNames)
      let label = !request.exclusionOperators.isEmpty ? "excl" : (request.isConstraint ? "key" : "idx")
      name = chooseRelationName(
        relation.name, addition, label: label, schema: relation.schema, isConstraint: request.isConstraint)
    }

    let indexID = newID()
    var index = DDLIndex(
      id: indexID, name: name, method: request.method, isUnique: request.isUnique, isPrimary: request.isPrimary,
      nullsNotDistinct: request.nullsNotDistinct, keys: keys, included: included, predicate: request.predicate,
      columnNames: columnNames, constraintName: request.isConstraint ? name : nil, parentIndex: parentIndex)
    if !recurse, relation.kind == .partitionedTable, !partitions(of: id).isEmpty { index.isValid = false }
    relations[id]?.indexes.append(index)
    if request.isConstraint {
      let kind: TableConstraint.Kind =
        request.isPrimary ? .primaryKey : (!request.exclusionOperators.isEmpty ? .exclusion : .unique)
      var constraint = DDLConstraint(name: name, kind: kind, columns: keys.compactMap(\.column), index: indexID)
      constraint.exclusionOperators = request.exclusionOperators
      constraint.isDeferrable = request.isDeferrable
      constraint.initiallyDeferred = request.initiallyDeferred
      constraint.parent = parentConstraint
      if parentConstraint != nil {
        constraint.isLocal = false
        constraint.inheritanceCount = 1
      }
      relations[id]?.constraints.append(constraint)
    }
    if recurse, relation.kind == .partitionedTable, let parent = relations[id] {
      for child in partitions(of: id) {
        try attachOrCreateChildIndex(parentIndex: index, parent: parent, child: child)
      }
    }
    return indexID
  }

  /// The request that builds an index like `index` (on another table with the same column names).
  func indexRequest(cloning index: DDLIndex, of relation: DDLRelation) -> DDLIndexRequest {
    var elements: [DDLIndexElement] = []
    for (offset, key) in index.keys.enumerated() {
      let ordered = index.method == "btree"
      elements.append(
        DDLIndexElement(
          column: key.column.flatMap { relation.column(number: $0)?.name }, expression: key.expression,
          collation: key.collation, operatorClass: key.operatorClass,
          descending: ordered && key.descending ? true : nil,
          nullsFirst: ordered && key.nullsFirst != key.descending ? key.nullsFirst : nil,
          nameOrigin: offset < index.columnNames.count ? index.columnNames[offset] : nil))
    }
    let constraint = index.constraintName.flatMap { name in relation.constraints.first { $0.name == name } }
    return DDLIndexRequest(
      name: index.name, method: index.method, isUnique: index.isUnique, isPrimary: index.isPrimary,
      isConstraint: index.constraintName != nil, elements: elements,
      included: index.included.compactMap { relation.column(number: $0)?.name }, predicate: index.predicate,
      nullsNotDistinct: index.nullsNotDistinct, exclusionOperators: constraint?.exclusionOperators ?? [],
      isDeferrable: constraint?.isDeferrable ?? false, initiallyDeferred: constraint?.initiallyDeferred ?? false,
      includedNameOrigins: Array(index.columnNames.dropFirst(index.keys.count)))
  }

  /// Attaches to `parentIndex` an equivalent index the partition already has, or creates one.
  mutating func attachOrCreateChildIndex(parentIndex: DDLIndex, parent: DDLRelation, child childID: Int) throws {
    guard let child = relations[childID] else { return }
    let wanted = indexSignature(indexRequest(cloning: parentIndex, of: parent), in: parent)
    for candidate in child.indexes.sorted(by: { $0.id < $1.id }) where candidate.parentIndex == nil {
      guard indexSignature(indexRequest(cloning: candidate, of: child), in: child) == wanted else { continue }
      if parentIndex.constraintName != nil, candidate.constraintName == nil { continue }
      guard let position = relations[childID]?.indexes.firstIndex(where: { $0.id == candidate.id }) else { continue }
      relations[childID]?.indexes[position].parentIndex = parentIndex.id
      if let parentName = parentIndex.constraintName, let childName = candidate.constraintName,
        let constraintPosition = relations[childID]?.constraints.firstIndex(where: { $0.name == childName })
      {
        relations[childID]?.constraints[constraintPosition].parent = ConstraintReference(
          relation: parent.id, name: parentName)
        relations[childID]?.constraints[constraintPosition].isLocal = false
        relations[childID]?.constraints[constraintPosition].inheritanceCount = 1
      }
      return
    }
    var request = indexRequest(cloning: parentIndex, of: parent)
    request.name = nil
    try defineIndex(
      on: childID, request, parentIndex: parentIndex.id,
      parentConstraint: parentIndex.constraintName.map { ConstraintReference(relation: parent.id, name: $0) })
  }

  /// What makes two indexes the same index (`CompareIndexInfo`), by column names and texts.
  private func indexSignature(_ request: DDLIndexRequest, in relation: DDLRelation) -> String {
    let printer = self.printer(for: relation)
    let keys = request.elements.map { element in
      [
        element.column ?? element.expression.map { printer.text($0) } ?? "", element.operatorClass ?? "",
        element.collation ?? "", element.descending == true ? "d" : "", element.nullsFirst.map { $0 ? "f" : "l" } ?? "",
      ].joined(separator: "\u{1}")
    }
    return
      ([request.method, request.isUnique ? "u" : "", request.nullsNotDistinct ? "n" : ""] + keys
      + ["|"] + request.included + ["|", request.predicate.map { printer.text($0) } ?? ""] + request.exclusionOperators)
      .joined(separator: "\u{2}")
  }

  /// A printer that knows the relation's column types.
  func printer(for relation: DDLRelation) -> DDLExpressionPrinter {
    let types = Dictionary(relation.liveColumns.map { ($0.name, $0.type) }, uniquingKeysWith: { first, _ in first })
    let catalog = self
    return DDLExpressionPrinter(
      columnType: { types[$0] },
      resolveType: { typeName in
        DDLTypeResolver.builtin(typeName) ?? (try? catalog.resolveType(typeName))
      })
  }

  // MARK: FOREIGN KEY

  /// `ATAddForeignKeyConstraint`: checks the columns and the referenced key, names the constraint
  /// `<table>_<columns>_fkey` unless named, and handles partitioned tables on either side.
  mutating func addForeignKey(_ constraint: Constraint, to id: Int, isCreate: Bool) throws {
    guard let relation = relations[id] else { return }
    guard relation.kind == .table || relation.kind == .partitionedTable else {
      throw DDLFailure("\"\(relation.name)\" is not a table")
    }
    var columns: [Int] = []
    for name in constraint.foreignKeyColumns {
      guard let column = relation.column(named: name) else {
        throw DDLFailure("column \"\(name)\" referenced in foreign key constraint does not exist")
      }
      columns.append(column.number)
    }
    guard let referencedVar = constraint.referencedTable else { throw DDLFailure("foreign key without a table") }
    let referencedID = try require(referencedVar)
    guard let referenced = relations[referencedID], referenced.kind == .table || referenced.kind == .partitionedTable
    else {
      throw DDLFailure("referenced relation \"\(referencedVar.name)\" is not a table")
    }
    var referencedColumns: [Int] = []
    var referencedIndex: Int?
    if constraint.referencedColumns.isEmpty {
      guard let key = referenced.primaryKey else {
        throw DDLFailure("there is no primary key for referenced table \"\(referenced.name)\"")
      }
      referencedColumns = key.columns
      referencedIndex = key.index
    } else {
      for name in constraint.referencedColumns {
        guard let column = referenced.column(named: name) else {
          throw DDLFailure("column \"\(name)\" referenced in foreign key constraint does not exist")
        }
        referencedColumns.append(column.number)
      }
      let wanted = Set(referencedColumns)
      referencedIndex =
        referenced.indexes.sorted(by: { $0.id < $1.id }).first { index in
          let deferrable =
            index.constraintName.flatMap { name in
              referenced.constraints.first { $0.name == name }?.isDeferrable
            } ?? false
          return index.isUnique && index.isValid && index.predicate == nil && !deferrable
            && index.keys.allSatisfy { $0.column != nil } && index.keys.count == referencedColumns.count
            && Set(index.keys.compactMap(\.column)) == wanted
        }?.id
      if referencedIndex == nil || wanted.count != referencedColumns.count {
        throw DDLFailure(
          "there is no unique constraint matching given keys for referenced table \"\(referenced.name)\"")
      }
    }
    guard columns.count == referencedColumns.count else {
      throw DDLFailure("number of referencing and referenced columns for foreign key disagree")
    }
    let name: String
    if let given = constraint.name {
      if relation.constraints.contains(where: { $0.name == given }) {
        throw DDLFailure("constraint \"\(given)\" for relation \"\(relation.name)\" already exists")
      }
      name = given
    } else {
      name = chooseConstraintName(
        relation.name, DDLNames.addition(constraint.foreignKeyColumns), label: "fkey", schema: relation.schema)
    }
    var row = DDLConstraint(
      name: name, kind: .foreignKey, columns: columns, referencedRelation: referencedID,
      referencedColumns: referencedColumns, referencedIndex: referencedIndex)
    row.onUpdate = constraint.onUpdate
    row.onDelete = constraint.onDelete
    row.matchType = constraint.matchType
    row.isValidated = isCreate || !constraint.skipValidation
    row.isDeferrable = constraint.deferrable
    row.initiallyDeferred = constraint.initiallyDeferred
    relations[id]?.constraints.append(row)
    let reference = ConstraintReference(relation: id, name: name)
    if referenced.kind == .partitionedTable {
      for partition in partitions(of: referencedID) {
        try addReferencedPartitionRows(constraint: reference, referencedPartition: partition)
      }
    }
    if relation.kind == .partitionedTable {
      for child in partitions(of: id) { try cloneForeignKey(row, from: id, to: child) }
    }
  }

  /// `addFkRecurseReferenced`: a foreign key to a partitioned table gets, on its own table, one
  /// more row for each partition of the referenced table (named anew, since the name is taken).
  mutating func addReferencedPartitionRows(constraint reference: ConstraintReference, referencedPartition: Int) throws {
    guard let relation = relations[reference.relation],
      let top = relation.constraints.first(where: { $0.name == reference.name }),
      let referencedParentID = top.referencedRelation, let referencedParent = relations[referencedParentID],
      let partition = relations[referencedPartition]
    else { return }
    let columnNames = top.columns.compactMap { relation.column(number: $0)?.name }
    let name =
      relation.constraints.contains(where: { $0.name == top.name })
      ? chooseConstraintName(relation.name, DDLNames.addition(columnNames), label: "fkey", schema: relation.schema)
      : top.name
    var row = top
    row.name = name
    row.referencedRelation = referencedPartition
    row.referencedColumns = top.referencedColumns.compactMap { number in
      referencedParent.column(number: number).flatMap { partition.column(named: $0.name)?.number }
    }
    row.referencedIndex = top.referencedIndex.flatMap { parentIndex in
      partition.indexes.first { $0.parentIndex == parentIndex }?.id
    }
    row.parent = reference
    row.isReferencedSideRow = true
    row.isLocal = false
    row.inheritanceCount = 1
    relations[reference.relation]?.constraints.append(row)
    for child in partitions(of: referencedPartition) {
      try addReferencedPartitionRows(
        constraint: ConstraintReference(relation: reference.relation, name: name), referencedPartition: child)
    }
  }

  /// `addFkRecurseReferencing` / `CloneFkReferencing`: a partition gets its parent's foreign key
  /// (same name unless the partition already uses it), or an equivalent one it has is attached.
  mutating func cloneForeignKey(_ constraint: DDLConstraint, from parentID: Int, to childID: Int) throws {
    guard let parent = relations[parentID], let child = relations[childID] else { return }
    let columnNames = constraint.columns.compactMap { parent.column(number: $0)?.name }
    let columns = columnNames.compactMap { child.column(named: $0)?.number }
    let reference = ConstraintReference(relation: parentID, name: constraint.name)
    if let existing = child.constraints.firstIndex(where: {
      $0.kind == .foreignKey && $0.parent == nil && !$0.isReferencedSideRow
        && $0.referencedRelation == constraint.referencedRelation && $0.columns == columns
        && $0.referencedColumns == constraint.referencedColumns
    }) {
      relations[childID]?.constraints[existing].parent = reference
      relations[childID]?.constraints[existing].isLocal = false
      relations[childID]?.constraints[existing].inheritanceCount = 1
      return
    }
    let name =
      child.constraints.contains(where: { $0.name == constraint.name })
      ? chooseConstraintName(child.name, DDLNames.addition(columnNames), label: "fkey", schema: child.schema)
      : constraint.name
    var copy = constraint
    copy.name = name
    copy.columns = columns
    copy.parent = reference
    copy.isLocal = false
    copy.inheritanceCount = 1
    copy.isReferencedSideRow = false
    relations[childID]?.constraints.append(copy)
    for grandchild in partitions(of: childID) { try cloneForeignKey(copy, from: childID, to: grandchild) }
  }

  // MARK: ALTER INDEX ... ATTACH PARTITION

  /// `ALTER INDEX parent ATTACH PARTITION child`: the partition's index becomes part of the
  /// partitioned index (and its constraint part of the parent's), which is valid once every
  /// partition has one.
  mutating func attachIndex(
    parent parentName: (schema: String?, name: String), child childName: (schema: String?, name: String)
  )
    throws
  {
    guard let (parentRelationID, parentIndex) = try lookupIndex(schema: parentName.schema, name: parentName.name) else {
      throw DDLFailure("relation \"\(parentName.name)\" does not exist")
    }
    guard let (childRelationID, childIndex) = try lookupIndex(schema: childName.schema, name: childName.name) else {
      throw DDLFailure("relation \"\(childName.name)\" does not exist")
    }
    guard relations[childRelationID]?.parent == parentRelationID else {
      throw DDLFailure(
        "cannot attach index \"\(childIndex.name)\" as a partition of index \"\(parentIndex.name)\"")
    }
    if childIndex.parentIndex == parentIndex.id { return }
    if childIndex.parentIndex != nil {
      throw DDLFailure("index \"\(childIndex.name)\" is already attached to another index")
    }
    guard let position = relations[childRelationID]?.indexes.firstIndex(where: { $0.id == childIndex.id }) else {
      return
    }
    relations[childRelationID]?.indexes[position].parentIndex = parentIndex.id
    if let parentConstraint = parentIndex.constraintName, let childConstraint = childIndex.constraintName,
      let constraintPosition = relations[childRelationID]?.constraints.firstIndex(where: { $0.name == childConstraint })
    {
      relations[childRelationID]?.constraints[constraintPosition].parent = ConstraintReference(
        relation: parentRelationID, name: parentConstraint)
      relations[childRelationID]?.constraints[constraintPosition].isLocal = false
      relations[childRelationID]?.constraints[constraintPosition].inheritanceCount = 1
    }
    let attached = partitions(of: parentRelationID).allSatisfy { partition in
      relations[partition]?.indexes.contains { $0.parentIndex == parentIndex.id && $0.isValid } == true
    }
    if attached,
      let parentPosition = relations[parentRelationID]?.indexes.firstIndex(where: { $0.id == parentIndex.id })
    {
      relations[parentRelationID]?.indexes[parentPosition].isValid = true
    }
  }
}
