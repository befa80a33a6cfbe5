/// A table constraint (`pg_constraint`). NOT NULL is a column property, not listed here.
public struct TableConstraint: Codable, Sendable, Hashable {
  public enum Kind: String, Codable, Sendable, Hashable {
    case primaryKey
    case unique
    case foreignKey
    case check
    case exclusion
  }
  public var name: String
  public var kind: Kind
  /// The constrained columns (key columns, foreign-key columns, or columns a CHECK mentions
  /// when PostgreSQL records them).
  public var columns: [String]
  /// For foreign keys: the referenced table (`schema.name`) and columns.
  public var referencedTable: String?
  public var referencedColumns: [String]
  /// `pg_get_constraintdef`, e.g. `CHECK ((total >= (0)::numeric))`.
  public var definition: String
  /// False for constraints added NOT VALID and not validated since.
  public var isValidated: Bool
  public var isDeferrable: Bool

  public init(
    name: String, kind: Kind, columns: [String], referencedTable: String? = nil, referencedColumns: [String] = [],
    definition: String, isValidated: Bool = true, isDeferrable: Bool = false
  ) {
    self.name = name
    self.kind = kind
    self.columns = columns
    self.referencedTable = referencedTable
    self.referencedColumns = referencedColumns
    self.definition = definition
    self.isValidated = isValidated
    self.isDeferrable = isDeferrable
  }
}
