/// A column and, when the table has been analyzed, its `pg_stats` row.
public struct Column: Codable, Sendable, Hashable {
  /// `attnum`, 1-based.
  public var number: Int
  public var name: String
  /// The type as `format_type` prints it: `integer`, `character varying(255)`, `numeric(12,2)`,
  /// `timestamp with time zone`, `text[]`.
  public var type: String
  /// The type's OID (0 when unknown, as in snapshots built from DDL).
  public var typeOID: Int
  /// `atttypmod` (-1 when none).
  public var typmod: Int
  public var notNull: Bool
  /// The default expression as PostgreSQL prints it (`pg_get_expr`), if any.
  public var defaultExpression: String?
  /// The collation, when it is not the type's default.
  public var collation: String?
  /// `a` ALWAYS or `d` BY DEFAULT for identity columns.
  public var identity: String?
  /// `s` for stored generated columns.
  public var generated: String?
  /// `attstattarget` (-1: the default statistics target).
  public var statisticsTarget: Int
  /// Statistics from the table itself (`pg_stats` with `inherited = false`).
  public var statistics: ColumnStatistics?
  /// Statistics over the table and its children (`inherited = true`), for parents.
  public var inheritedStatistics: ColumnStatistics?

  public init(
    number: Int, name: String, type: String, typeOID: Int = 0, typmod: Int = -1, notNull: Bool = false,
    defaultExpression: String? = nil, collation: String? = nil, identity: String? = nil, generated: String? = nil,
    statisticsTarget: Int = -1, statistics: ColumnStatistics? = nil, inheritedStatistics: ColumnStatistics? = nil
  ) {
    self.number = number
    self.name = name
    self.type = type
    self.typeOID = typeOID
    self.typmod = typmod
    self.notNull = notNull
    self.defaultExpression = defaultExpression
    self.collation = collation
    self.identity = identity
    self.generated = generated
    self.statisticsTarget = statisticsTarget
    self.statistics = statistics
    self.inheritedStatistics = inheritedStatistics
  }
}

/// One `pg_stats` row. Values are kept as PostgreSQL's text output of the column's type; the
/// planner converts them with the column's type when it needs to compare.
public struct ColumnStatistics: Codable, Sendable, Hashable {
  public var nullFraction: Double
  public var averageWidth: Int
  /// Positive: the number of distinct values; negative: minus the fraction of rows that are
  /// distinct (-1 means unique); 0: unknown.
  public var distinctValues: Double
  /// Most common values; nil when there are none, or when values were redacted (then
  /// `mostCommonFrequencies` is still present).
  public var mostCommonValues: [String]?
  public var mostCommonFrequencies: [Double]?
  /// Equal-frequency histogram bounds over the values not in the MCV list; nil when none or redacted.
  public var histogramBounds: [String]?
  /// The number of histogram bounds, kept when the values are redacted.
  public var histogramBoundCount: Int?
  /// Correlation between physical order and this column's order, from -1 to 1.
  public var correlation: Double?
  /// For arrays and tsvector: most common elements and their frequencies (plus min, max and
  /// null-element frequency at the end, as PostgreSQL stores them).
  public var mostCommonElements: [String]?
  public var mostCommonElementFrequencies: [Double]?
  public var elementCountHistogram: [Double]?
  /// True when the data values above were dropped (`--redact-values`).
  public var valuesRedacted: Bool

  public init(
    nullFraction: Double, averageWidth: Int, distinctValues: Double, mostCommonValues: [String]? = nil,
    mostCommonFrequencies: [Double]? = nil, histogramBounds: [String]? = nil, histogramBoundCount: Int? = nil,
    correlation: Double? = nil, mostCommonElements: [String]? = nil, mostCommonElementFrequencies: [Double]? = nil,
    elementCountHistogram: [Double]? = nil, valuesRedacted: Bool = false
  ) {
    self.nullFraction = nullFraction
    self.averageWidth = averageWidth
    self.distinctValues = distinctValues
    self.mostCommonValues = mostCommonValues
    self.mostCommonFrequencies = mostCommonFrequencies
    self.histogramBounds = histogramBounds
    self.histogramBoundCount = histogramBoundCount ?? histogramBounds?.count
    self.correlation = correlation
    self.mostCommonElements = mostCommonElements
    self.mostCommonElementFrequencies = mostCommonElementFrequencies
    self.elementCountHistogram = elementCountHistogram
    self.valuesRedacted = valuesRedacted
  }
}
