/// `CreateStmt`: CREATE TABLE, including partitioned tables and partitions.
public struct CreateTableStmt: Sendable, Hashable, Encodable {
  public var relation: RangeVar
  public var columns: [ColumnDef]
  /// Table-level constraints (PRIMARY KEY (a, b), FOREIGN KEY, CHECK, UNIQUE, EXCLUDE).
  public var constraints: [Constraint]
  /// `LIKE other INCLUDING ...` clauses.
  public var likeClauses: [TableLikeClause]
  /// INHERITS parents, or the parent of `PARTITION OF`.
  public var inherits: [RangeVar]
  /// `FOR VALUES ...` / `DEFAULT` of a partition.
  public var partitionBound: PartitionBoundSpec?
  /// `PARTITION BY ...` of a partitioned table.
  public var partitionSpec: PartitionSpec?
  /// `WITH (storage_parameter = value)`.
  public var options: [DefElem]
  public var tablespace: String?
  public var accessMethod: String?
  public var ifNotExists: Bool
  /// `OF type_name` of a typed table.
  public var ofType: TypeName?
  /// `OnCommitAction` of a temporary table: `ONCOMMIT_NOOP`, `ONCOMMIT_PRESERVE_ROWS`,
  /// `ONCOMMIT_DELETE_ROWS`, `ONCOMMIT_DROP`.
  public var onCommit: String
  /// Table elements Augur does not model (e.g. `OF type` column options), kept whole.
  public var otherElements: [RawNode]

  /// True for `CREATE TABLE ... PARTITION OF`.
  public var isPartition: Bool { partitionBound != nil }
}

/// `ColumnDef`.
public struct ColumnDef: Sendable, Hashable, Encodable {
  public var name: String
  /// Nil only in `ALTER COLUMN ... TYPE` forms that carry no type (never for CREATE TABLE).
  public var typeName: TypeName?
  public var constraints: [Constraint]
  public var collation: [String]
  /// `COMPRESSION method`.
  public var compression: String?
  /// `ALTER COLUMN ... TYPE ... USING expr` keeps its USING expression here, as PostgreSQL does.
  public var rawDefault: Expr?
  public var location: Int

  /// True when a `NOT NULL` (or PRIMARY KEY) constraint is written on the column.
  public var isNotNull: Bool {
    constraints.contains { $0.kind == .notNull || $0.kind == .primaryKey }
  }
  /// The DEFAULT expression, when one is written.
  public var defaultExpr: Expr? {
    constraints.first { $0.kind == .default }?.expr
  }
}

/// `Constraint`: a column or table constraint.
public struct Constraint: Sendable, Hashable, Encodable {
  /// `ConstrType`.
  public enum Kind: String, Sendable, Hashable, Encodable, CaseIterable {
    case null = "CONSTR_NULL"
    case notNull = "CONSTR_NOTNULL"
    case `default` = "CONSTR_DEFAULT"
    case identity = "CONSTR_IDENTITY"
    case generated = "CONSTR_GENERATED"
    case check = "CONSTR_CHECK"
    case primaryKey = "CONSTR_PRIMARY"
    case unique = "CONSTR_UNIQUE"
    case exclusion = "CONSTR_EXCLUSION"
    case foreignKey = "CONSTR_FOREIGN"
    case deferrable = "CONSTR_ATTR_DEFERRABLE"
    case notDeferrable = "CONSTR_ATTR_NOT_DEFERRABLE"
    case deferred = "CONSTR_ATTR_DEFERRED"
    case immediate = "CONSTR_ATTR_IMMEDIATE"
  }
  /// One `element WITH operator` pair of an EXCLUDE constraint.
  public struct Exclusion: Sendable, Hashable, Encodable {
    public var element: IndexElem
    public var operatorName: [String]
  }
  public var kind: Kind
  public var name: String?
  /// CHECK condition, DEFAULT value or generated-column expression.
  public var expr: Expr?
  /// Key columns of PRIMARY KEY / UNIQUE written at table level.
  public var keys: [String]
  /// INCLUDE columns of PRIMARY KEY / UNIQUE.
  public var including: [String]
  public var exclusions: [Exclusion]
  public var accessMethod: String?
  /// WHERE of an EXCLUDE constraint.
  public var whereClause: Expr?
  /// USING INDEX name (ALTER TABLE ... ADD CONSTRAINT ... USING INDEX).
  public var indexName: String?
  public var nullsNotDistinct: Bool
  public var deferrable: Bool
  public var initiallyDeferred: Bool
  /// NOT VALID.
  public var skipValidation: Bool
  /// False for constraints added NOT VALID (PostgreSQL's `initially_valid`).
  public var initiallyValid: Bool
  // Foreign keys.
  public var referencedTable: RangeVar?
  public var foreignKeyColumns: [String]
  public var referencedColumns: [String]
  /// `f` FULL, `p` PARTIAL, `s` SIMPLE.
  public var matchType: String?
  /// `a` NO ACTION, `r` RESTRICT, `c` CASCADE, `n` SET NULL, `d` SET DEFAULT.
  public var onUpdate: String?
  public var onDelete: String?
  /// `ON DELETE SET NULL (columns)`.
  public var onDeleteSetColumns: [String]
  /// `a` ALWAYS, `d` BY DEFAULT (identity and generated columns).
  public var generatedWhen: String?
  public var location: Int
}

/// `TableLikeClause`.
public struct TableLikeClause: Sendable, Hashable, Encodable {
  public var relation: RangeVar
  /// PostgreSQL's `CREATE_TABLE_LIKE_*` bit set.
  public var options: Int
}

/// `PartitionSpec`: PARTITION BY.
public struct PartitionSpec: Sendable, Hashable, Encodable {
  public enum Strategy: String, Sendable, Hashable, Encodable, CaseIterable { case range, list, hash }
  public var strategy: Strategy
  public var keys: [PartitionElem]
  public var location: Int
}

/// `PartitionElem`: one partition key column or expression.
public struct PartitionElem: Sendable, Hashable, Encodable {
  public var column: String?
  public var expr: Expr?
  public var collation: [String]
  public var opclass: [String]
  public var location: Int
}

/// `PartitionBoundSpec`: FOR VALUES ... of a partition.
public struct PartitionBoundSpec: Sendable, Hashable, Encodable {
  public enum Kind: Sendable, Hashable, Encodable {
    case range(from: [Expr], to: [Expr])
    case list([Expr])
    case hash(modulus: Int, remainder: Int)
    case `default`
  }
  /// `MINVALUE` and `MAXVALUE` in range bounds appear as column references of those names, as
  /// PostgreSQL's grammar leaves them.
  public var kind: Kind
  public var location: Int
}

/// `IndexStmt`: CREATE INDEX.
public struct IndexStmt: Sendable, Hashable, Encodable {
  public var name: String?
  public var relation: RangeVar
  public var accessMethod: String
  public var keys: [IndexElem]
  public var including: [IndexElem]
  public var options: [DefElem]
  /// The predicate of a partial index.
  public var whereClause: Expr?
  public var tablespace: String?
  public var unique: Bool
  public var nullsNotDistinct: Bool
  public var concurrent: Bool
  public var ifNotExists: Bool

  public var isPartial: Bool { whereClause != nil }
}

/// `IndexElem`: a key column or expression of an index.
public struct IndexElem: Sendable, Hashable, Encodable {
  public var column: String?
  public var expr: Expr?
  public var collation: [String]
  public var opclass: [String]
  public var ordering: SortBy.Direction
  public var nulls: SortBy.Nulls
}

/// `AlterTableStmt`.
public struct AlterTableStmt: Sendable, Hashable, Encodable {
  public var relation: RangeVar
  public var commands: [AlterTableCmd]
  /// `ObjectType`: `OBJECT_TABLE`, `OBJECT_INDEX`, `OBJECT_VIEW`, ...
  public var objectType: String
  public var missingOk: Bool
}

/// `AlterTableCmd`.
public struct AlterTableCmd: Sendable, Hashable, Encodable {
  /// PostgreSQL's `AlterTableType` (`AT_AddColumn`, `AT_DropColumn`, `AT_AlterColumnType`, ...).
  public var subtype: String
  /// The column or constraint the command names.
  public var name: String?
  /// The column number, for `ALTER COLUMN 3 SET STATISTICS ...` (index columns).
  public var number: Int?
  /// `OWNER TO` role, kept as libpg_query's `RoleSpec` fields.
  public var newOwner: JSONValue?
  public var definition: Definition?
  public var cascade: Bool
  public var missingOk: Bool

  /// What a command carries, by subtype: a column for ADD COLUMN and ALTER TYPE, a constraint for
  /// ADD CONSTRAINT, a value for SET DEFAULT and SET STATISTICS, a partition for ATTACH/DETACH.
  public enum Definition: Sendable, Hashable, Encodable {
    case column(ColumnDef)
    case constraint(Constraint)
    case expr(Expr)
    case integer(Int)
    case partition(PartitionCmd)
    case options([DefElem])
    case other(RawNode)
  }
}

/// `PartitionCmd`: ATTACH / DETACH PARTITION.
public struct PartitionCmd: Sendable, Hashable, Encodable {
  public var name: RangeVar
  public var bound: PartitionBoundSpec?
  public var concurrent: Bool
}

/// `DropStmt`.
public struct DropStmt: Sendable, Hashable, Encodable {
  /// `ObjectType` name, e.g. `OBJECT_TABLE`, `OBJECT_INDEX`.
  public var objectType: String
  /// Qualified names of the objects (`["schema", "name"]`); objects that are not names (DROP CAST, ...) are left empty.
  public var objects: [[String]]
  public var cascade: Bool
  public var missingOk: Bool
  public var concurrent: Bool
}

/// `CreateStatsStmt`: CREATE STATISTICS.
public struct CreateStatisticsStmt: Sendable, Hashable, Encodable {
  public var name: [String]
  /// `ndistinct`, `dependencies`, `mcv`; empty means all kinds.
  public var kinds: [String]
  /// Columns (`.column`) and expressions (`.expr`).
  public var elements: [StatsElem]
  public var relations: [FromItem]
  public var ifNotExists: Bool
}

/// `StatsElem`.
public enum StatsElem: Sendable, Hashable, Encodable {
  case column(String)
  case expr(Expr)
}

/// `ViewStmt`: CREATE [OR REPLACE] VIEW.
public struct ViewStmt: Sendable, Hashable, Encodable {
  public var view: RangeVar
  public var columnNames: [String]
  public var query: Statement
  public var replace: Bool
  public var options: [DefElem]
  /// `ViewCheckOption`: `NO_CHECK_OPTION`, `LOCAL_CHECK_OPTION`, `CASCADED_CHECK_OPTION`.
  public var checkOption: String
}

/// `DefElem`: a `name = value` option (storage parameters, EXPLAIN and VACUUM options, ...).
public struct DefElem: Sendable, Hashable, Encodable {
  public var namespace: String?
  public var name: String
  public var value: Value?
  /// `DefElemAction`: `DEFELEM_UNSPEC`, or `DEFELEM_SET`/`ADD`/`DROP` in ALTER ... OPTIONS.
  public var action: String
  public var location: Int

  /// Option values as the grammar produces them.
  public enum Value: Sendable, Hashable, Encodable {
    case integer(Int)
    case float(String)
    case string(String)
    case boolean(Bool)
    case names([String])
    case typeName(TypeName)
    case expr(Expr)
    case other(RawNode)

    /// The value as text, the way PostgreSQL's `defGetString` reads it.
    public var text: String? {
      switch self {
      case .integer(let value): String(value)
      case .float(let value), .string(let value): value
      case .boolean(let value): value ? "true" : "false"
      case .names(let names): names.joined(separator: ".")
      case .typeName(let type): type.names.joined(separator: ".")
      case .expr(.constant(let constant)):
        switch constant.value {
        case .integer(let value): String(value)
        case .float(let value), .string(let value), .bitString(let value): value
        case .boolean(let value): value ? "true" : "false"
        case .null: nil
        }
      case .expr, .other: nil
      }
    }
  }
}
