import AugurSQL

/// Why a DDL statement could not be applied (turned into a `DDLError` with the statement's
/// position by `SchemaFromDDL.apply`).
struct DDLFailure: Error {
  var message: String
  init(_ message: String) { self.message = message }
}

/// A column as `pg_attribute` and `pg_attrdef` hold it.
struct DDLColumn: Hashable {
  enum Default: Hashable {
    case expression(Expr)
    /// `nextval('<sequence>'::regclass)` of a serial column; the sequence as `regclass` prints it.
    case nextval(String)
  }
  var number: Int
  var name: String
  var type: DDLType
  var notNull = false
  var defaultValue: Default?
  var collation: String?
  var identity: String?
  var generated: String?
  var statisticsTarget = -1
  var isDropped = false
  /// `attislocal`: defined by the table itself, not only inherited.
  var isLocal = true
  /// `attinhcount`: the number of parents it comes from.
  var inheritanceCount = 0
}

/// A `pg_constraint` row.
struct DDLConstraint: Hashable {
  var name: String
  var kind: TableConstraint.Kind
  /// `conkey`: attribute numbers.
  var columns: [Int]
  var checkExpression: Expr?
  /// For foreign keys: the referenced relation's id and columns, and the unique index used.
  var referencedRelation: Int?
  var referencedColumns: [Int] = []
  var referencedIndex: Int?
  var onUpdate: String?
  var onDelete: String?
  var matchType: String?
  /// For primary key, unique and exclusion constraints: the index (by id).
  var index: Int?
  var exclusionOperators: [String] = []
  var isValidated = true
  var isDeferrable = false
  var initiallyDeferred = false
  var noInherit = false
  var isLocal = true
  var inheritanceCount = 0
  /// For constraints cloned to partitions (and the per-partition rows of a foreign key that
  /// references a partitioned table): the relation and name of the constraint it comes from.
  var parent: ConstraintReference?
  /// True for the rows a foreign key gets on its own table for each partition of a partitioned
  /// referenced table (`addFkRecurseReferenced`).
  var isReferencedSideRow = false
}

struct ConstraintReference: Hashable {
  var relation: Int
  var name: String
}

struct DDLIndexKey: Hashable {
  var column: Int?
  var expression: Expr?
  var operatorClass: String?
  var collation: String?
  var descending = false
  var nullsFirst = false
}

/// A `pg_index` / `pg_class` pair.
struct DDLIndex: Hashable {
  var id: Int
  var name: String
  var method: String
  var isUnique = false
  var isPrimary = false
  var nullsNotDistinct = false
  var keys: [DDLIndexKey]
  var included: [Int] = []
  var predicate: Expr?
  /// The index's own column names (`ChooseIndexColumnNames`), used to name its clones.
  var columnNames: [String]
  /// The constraint the index implements, if any.
  var constraintName: String?
  /// The partitioned index this one is a partition of.
  var parentIndex: Int?
  var isValid = true
}

struct DDLPartitionKey: Hashable {
  struct Element: Hashable {
    var column: Int?
    var expression: Expr?
    var operatorClass: String?
    var collation: String?
  }
  var strategy: Partitioning.Strategy
  var elements: [Element]
}

/// A relation (`pg_class` row of kind r, p, v or m) and what hangs off it.
struct DDLRelation: Hashable {
  var id: Int
  var schema: String
  var name: String
  var kind: Relation.Kind
  var persistence = "p"
  var columns: [DDLColumn] = []
  var constraints: [DDLConstraint] = []
  var indexes: [DDLIndex] = []
  var partitionKey: DDLPartitionKey?
  var parent: Int?
  var bound: String?
  /// Where the partition stands among its siblings (PostgreSQL orders partitions by bound).
  var boundOrder: DDLBoundOrder?
  var inheritsFrom: [Int] = []
  /// Relations a view's query reads.
  var dependsOn: Set<Int> = []
  /// True for views and tables made from a query whose columns Augur could not tell: indexes
  /// and statistics naming columns it does not know are then skipped rather than refused.
  var columnsUnknown = false
  /// Sequences created for serial and identity columns (same schema), dropped with the table.
  var ownedSequences: [String] = []

  var qualifiedName: String { "\(schema).\(name)" }
  var liveColumns: [DDLColumn] { columns.filter { !$0.isDropped } }

  func column(named name: String) -> DDLColumn? { columns.first { !$0.isDropped && $0.name == name } }
  func column(number: Int) -> DDLColumn? { columns.first { $0.number == number } }
  func columnIndex(named name: String) -> Int? { columns.firstIndex { !$0.isDropped && $0.name == name } }
  var nextColumnNumber: Int { (columns.map(\.number).max() ?? 0) + 1 }
  var primaryKey: DDLConstraint? { constraints.first { $0.kind == .primaryKey } }
  func index(id: Int) -> DDLIndex? { indexes.first { $0.id == id } }
}

/// A `CREATE STATISTICS` object.
struct DDLStatistics: Hashable {
  var schema: String
  var name: String
  var relation: Int
  var columns: [Int]
  var expressions: [Expr]
  var kinds: [String]
}

struct QualifiedName: Hashable, Comparable {
  var schema: String
  var name: String
  static func < (lhs: QualifiedName, rhs: QualifiedName) -> Bool { (lhs.schema, lhs.name) < (rhs.schema, rhs.name) }
}

/// Everything DDL has created so far.
struct DDLCatalog {
  static let temporarySchema = "pg_temp"

  var schemas: [String] = ["public"]
  var relations: [Int: DDLRelation] = [:]
  var sequences: Set<QualifiedName> = []
  var types: [QualifiedName: DDLUserType] = [:]
  var statistics: [DDLStatistics] = []
  var nextID = 1

  mutating func newID() -> Int {
    defer { nextID += 1 }
    return nextID
  }

  // MARK: Lookup

  /// The schemas an unqualified relation name is looked up in.
  var searchPath: [String] {
    schemas.contains(Self.temporarySchema) ? [Self.temporarySchema, "public"] : ["public"]
  }

  func requireSchema(_ schema: String) throws -> String {
    guard schemas.contains(schema) else { throw DDLFailure("schema \"\(schema)\" does not exist") }
    return schema
  }

  /// The schema a new object named by `rangeVar` goes to.
  func creationSchema(_ rangeVar: RangeVar) throws -> String {
    if rangeVar.persistence == "t" { return Self.temporarySchema }
    if let schema = rangeVar.schema { return try requireSchema(schema) }
    return "public"
  }

  func relationID(schema: String, name: String) -> Int? {
    relations.values.first { $0.schema == schema && $0.name == name }?.id
  }

  /// Finds a table, view or other relation the way an unqualified or qualified name resolves.
  func lookup(_ rangeVar: RangeVar) throws -> Int? {
    if let schema = rangeVar.schema {
      _ = try requireSchema(schema)
      return relationID(schema: schema, name: rangeVar.name)
    }
    for schema in searchPath {
      if let id = relationID(schema: schema, name: rangeVar.name) { return id }
    }
    return nil
  }

  func require(_ rangeVar: RangeVar) throws -> Int {
    guard let id = try lookup(rangeVar) else {
      throw DDLFailure("relation \"\(rangeVar.qualifiedName)\" does not exist")
    }
    return id
  }

  /// Finds an index by name: its relation's id and the index.
  func lookupIndex(schema: String?, name: String) throws -> (relation: Int, index: DDLIndex)? {
    let candidates = try schema.map { [try requireSchema($0)] } ?? searchPath
    for schema in candidates {
      for relation in relations.values.sorted(by: { $0.id < $1.id }) where relation.schema == schema {
        if let index = relation.indexes.first(where: { $0.name == name }) { return (relation.id, index) }
      }
    }
    return nil
  }

  // MARK: Names

  /// True when `name` is taken in `schema`'s `pg_class` (tables, views, indexes, sequences).
  func relationNameTaken(_ name: String, schema: String) -> Bool {
    if sequences.contains(QualifiedName(schema: schema, name: name)) { return true }
    for relation in relations.values where relation.schema == schema {
      if relation.name == name || relation.indexes.contains(where: { $0.name == name }) { return true }
    }
    return false
  }

  /// True when a constraint of some relation in `schema` is named `name`.
  func constraintNameTaken(_ name: String, schema: String) -> Bool {
    relations.values.contains { relation in
      relation.schema == schema && relation.constraints.contains { $0.name == name }
    }
  }

  /// `ChooseRelationName(name1, name2, label, namespace, isconstraint)`.
  func chooseRelationName(_ name1: String, _ name2: String?, label: String, schema: String, isConstraint: Bool)
    -> String
  {
    DDLNames.choose(name1, name2, label: label) { candidate in
      relationNameTaken(candidate, schema: schema) || (isConstraint && constraintNameTaken(candidate, schema: schema))
    }
  }

  /// `ChooseConstraintName(name1, name2, label, namespace, others)`.
  func chooseConstraintName(_ name1: String, _ name2: String?, label: String, schema: String, others: [String] = [])
    -> String
  {
    DDLNames.choose(name1, name2, label: label) { candidate in
      others.contains(candidate) || constraintNameTaken(candidate, schema: schema)
    }
  }

  // MARK: Types

  /// Resolves a column's type name: built-ins (pg_catalog is searched first, as PostgreSQL
  /// does), then types created by CREATE TYPE / CREATE DOMAIN. Names of types Augur does not
  /// know (from extensions, say) are kept as written, with the default width.
  func resolveType(_ typeName: TypeName) throws -> DDLType {
    if typeName.percentType { throw DDLFailure("%TYPE references are not supported") }
    if let builtin = DDLTypeResolver.builtin(typeName) { return builtin }
    let names = typeName.names
    let name = typeName.name
    var found: DDLUserType?
    if names.count >= 2 {
      let schema = names[names.count - 2]
      if schema != "pg_catalog" {
        _ = try requireSchema(schema)
        found = types[QualifiedName(schema: schema, name: name)]
        if found == nil { throw DDLFailure("type \"\(names.joined(separator: "."))\" does not exist") }
      }
    } else {
      for schema in searchPath {
        if let type = types[QualifiedName(schema: schema, name: name)] {
          found = type
          break
        }
      }
    }
    let suffix = typeName.isArray ? "[]" : ""
    guard let found else {
      // Unknown: an extension's type, most likely. Keep the name as format_type would print it.
      let display = DDLTypeFormatting.quoteIdentifier(name) + suffix
      return DDLType(
        display: display, castName: display, oid: 0, typmod: -1, averageWidth: 32, internalName: name,
        isArray: typeName.isArray)
    }
    var display = DDLTypeFormatting.quoteIdentifier(found.name)
    if !searchPath.contains(found.schema) {
      display = DDLTypeFormatting.quoteIdentifier(found.schema) + "." + display
    }
    var width = 32
    var isEnum = false
    var isRange = false
    switch found.kind {
    case .enumeration:
      width = 4
      isEnum = true
    case .domain(let base): width = base.averageWidth
    case .composite: width = 32
    case .range: isRange = true
    }
    return DDLType(
      display: display + suffix, castName: display + suffix, oid: 0, typmod: -1,
      averageWidth: typeName.isArray ? 32 : width, internalName: found.name, isArray: typeName.isArray,
      isEnum: isEnum, isRange: isRange)
  }
}

/// One value of a partition bound, ordered as PostgreSQL orders bounds.
enum DDLBoundDatum: Hashable, Comparable {
  case minValue
  case number(Double)
  case text(String)
  case null
  case maxValue
}

/// The order of a partition among its siblings (`PartitionDesc` order): by lower bound (range),
/// smallest value (list) or modulus and remainder (hash); the default partition last.
struct DDLBoundOrder: Hashable, Comparable {
  var isDefault: Bool
  var datums: [DDLBoundDatum]

  static func < (lhs: DDLBoundOrder, rhs: DDLBoundOrder) -> Bool {
    if lhs.isDefault != rhs.isDefault { return !lhs.isDefault }
    return lhs.datums.lexicographicallyPrecedes(rhs.datums)
  }
}
