/// An extended statistics object (`CREATE STATISTICS`) and its data (`pg_stats_ext`).
public struct ExtendedStatistic: Codable, Sendable, Hashable {
  public var schema: String
  public var name: String
  /// The table, `schema.name`.
  public var table: String
  public var columns: [String]
  /// Expressions, as PostgreSQL prints them.
  public var expressions: [String]
  /// `ndistinct` (`d`), `dependencies` (`f`), `mcv` (`m`), `expressions` (`e`).
  public var kinds: [String]
  /// Distinct-value counts of column combinations. Empty until ANALYZE built them.
  public var distinctCounts: [DistinctCount]
  /// Functional dependencies between columns.
  public var dependencies: [Dependency]
  /// The multivariate MCV list; values nil when redacted.
  public var mostCommonValues: [[String?]]?
  public var mostCommonFrequencies: [Double]?
  public var mostCommonBaseFrequencies: [Double]?

  public struct DistinctCount: Codable, Sendable, Hashable {
    /// Attribute numbers (negative for expressions, as PostgreSQL numbers them).
    public var attributes: [Int]
    public var distinct: Double
    public init(attributes: [Int], distinct: Double) {
      self.attributes = attributes
      self.distinct = distinct
    }
  }

  public struct Dependency: Codable, Sendable, Hashable {
    /// The determining attributes and the dependent one: `from => to`.
    public var from: [Int]
    public var to: Int
    /// The degree of dependency, 0 to 1.
    public var degree: Double
    public init(from: [Int], to: Int, degree: Double) {
      self.from = from
      self.to = to
      self.degree = degree
    }
  }

  public init(
    schema: String, name: String, table: String, columns: [String], expressions: [String] = [], kinds: [String],
    distinctCounts: [DistinctCount] = [], dependencies: [Dependency] = [], mostCommonValues: [[String?]]? = nil,
    mostCommonFrequencies: [Double]? = nil, mostCommonBaseFrequencies: [Double]? = nil
  ) {
    self.schema = schema
    self.name = name
    self.table = table
    self.columns = columns
    self.expressions = expressions
    self.kinds = kinds
    self.distinctCounts = distinctCounts
    self.dependencies = dependencies
    self.mostCommonValues = mostCommonValues
    self.mostCommonFrequencies = mostCommonFrequencies
    self.mostCommonBaseFrequencies = mostCommonBaseFrequencies
  }
}

/// A function's planner-relevant properties (`pg_proc`).
public struct FunctionInfo: Codable, Sendable, Hashable {
  public var schema: String
  public var name: String
  /// Argument types as `format_type` prints them.
  public var argumentTypes: [String]
  public var returnType: String
  /// `procost`, in units of `cpu_operator_cost`.
  public var cost: Double
  /// `prorows`, for set-returning functions.
  public var rows: Double
  public var returnsSet: Bool
  /// `i` immutable, `s` stable, `v` volatile.
  public var volatility: String

  public init(
    schema: String, name: String, argumentTypes: [String], returnType: String, cost: Double, rows: Double,
    returnsSet: Bool, volatility: String
  ) {
    self.schema = schema
    self.name = name
    self.argumentTypes = argumentTypes
    self.returnType = returnType
    self.cost = cost
    self.rows = rows
    self.returnsSet = returnsSet
    self.volatility = volatility
  }
}
