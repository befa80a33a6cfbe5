import AugurCatalog

/// What the restriction estimators know about one column of a base relation, mirroring the
/// parts of PostgreSQL's `VariableStatData` they read: the `pg_statistic` row with its MCV list
/// and histogram read into `Datum`s of the column's type, the relation's tuples, whether a
/// unique index covers the column (`has_unique_index`) and, when a btree index leads with it,
/// the column's actual current range (`get_actual_variable_range`).
///
/// Build it once per column and reuse it: the statistics are parsed here.
public struct VariableStatistics: Sendable {
  public let column: Column
  /// The column's type (`vartype`).
  public let type: SQLType
  /// `rel->tuples`: the relation's tuples as `estimate_rel_size` gives them.
  public let relationTuples: Double
  /// A unique, non-partial, single-column index covers the column.
  public let isUnique: Bool
  /// True when ANALYZE left a `pg_statistic` row (`HeapTupleIsValid(vardata->statsTuple)`).
  public var hasStatistics: Bool { statistics != nil }
  public let statistics: ColumnStatistics?
  /// `stanullfrac` (0 without statistics).
  public let nullFraction: Double
  /// The MCV values as Datums; nil when there is no MCV list, or when the values were
  /// redacted or cannot be read as the column's type.
  public let mostCommonValues: [Datum]?
  /// The MCV frequencies (`sslot.numbers`), empty when there is no MCV list.
  public let mostCommonFrequencies: [Double]
  /// The histogram bounds as Datums; nil when there is none or it cannot be read.
  public let histogram: [Datum]?
  /// The actual range an index can give (`get_actual_variable_range`): nil when no usable
  /// index; a range with a nil end when the index holds no non-null value.
  public let actualRange: (minimum: Datum?, maximum: Datum?)?

  /// - Parameters:
  ///   - column: the column, with its `pg_stats` row.
  ///   - type: its type; by default `SQLType(formatted: column.type)`.
  ///   - relationTuples: `PlanCat.estimateRelSize(relation).tuples`.
  ///   - isUnique: whether a unique single-column index covers it (see `hasUniqueIndex`).
  ///   - actualRange: the leading-column range of a btree index that can answer
  ///     `get_actual_variable_range` (see `actualRangeIndex`), if any.
  public init(
    column: Column, type: SQLType? = nil, relationTuples: Double, isUnique: Bool, actualRange: ValueRange? = nil
  ) {
    let type = type ?? SQLType(formatted: column.type)
    self.init(
      column: column, type: type, relationTuples: relationTuples, isUnique: isUnique, actualRange: actualRange,
      parsed: ParsedStatistics(column: column, type: type))
  }

  /// The same, with the MCV list and histogram already read (the planner caches them per
  /// column: reading them dominates the cost of an estimate).
  public init(
    column: Column, type: SQLType, relationTuples: Double, isUnique: Bool, actualRange: ValueRange?,
    parsed: ParsedStatistics
  ) {
    self.column = column
    self.type = type
    self.relationTuples = relationTuples
    self.isUnique = isUnique
    statistics = column.statistics
    nullFraction = column.statistics?.nullFraction ?? 0
    mostCommonFrequencies = column.statistics?.mostCommonFrequencies ?? []
    mostCommonValues = parsed.mostCommonValues
    histogram = parsed.histogram
    if let actualRange {
      self.actualRange = (
        actualRange.minimum.flatMap { Datum.parse($0, as: type) },
        actualRange.maximum.flatMap { Datum.parse($0, as: type) }
      )
    } else {
      self.actualRange = nil
    }
  }

  /// Builds the variable for `column` of `relation`, finding the unique index and the
  /// actual-range index itself.
  public init(column: Column, of relation: Relation, relationTuples: Double? = nil) {
    self.init(
      column: column, relationTuples: relationTuples ?? PlanCat.estimateRelSize(relation).tuples,
      isUnique: Self.hasUniqueIndex(column: column.name, in: relation),
      actualRange: Self.actualRangeIndex(column: column.name, in: relation)?.leadingColumnRange)
  }

  /// `get_variable_numdistinct` for this column.
  public var distinctValues: Double {
    DistinctValues.estimate(column: column, relationTuples: relationTuples, isUnique: isUnique)
  }

  /// Mirrors `has_unique_index` (plancat.c): a valid unique index whose only key is the column,
  /// without a predicate.
  public static func hasUniqueIndex(column: String, in relation: Relation) -> Bool {
    relation.indexes.contains {
      $0.isUnique && $0.isValid && $0.keys.count == 1 && $0.keys[0].column == column && $0.predicate == nil
    }
  }

  /// The index `get_actual_variable_range` would read for the column: a valid, non-partial
  /// btree whose first key is the column with its default operator class and collation (so
  /// that its order is the histogram's `<`).
  public static func actualRangeIndex(column: String, in relation: Relation) -> Index? {
    relation.indexes.first { index in
      guard index.method == "btree", index.isValid, index.predicate == nil, let key = index.keys.first else {
        return false
      }
      return key.column == column && key.operatorClass == nil && key.collation == nil
    }
  }

  /// A column's MCV values and histogram bounds read as `Datum`s of its type.
  public struct ParsedStatistics: Sendable {
    public let mostCommonValues: [Datum]?
    public let histogram: [Datum]?

    public init(column: Column, type: SQLType) {
      mostCommonValues = VariableStatistics.parseAll(column.statistics?.mostCommonValues, as: type)
      histogram = VariableStatistics.parseAll(column.statistics?.histogramBounds, as: type)
    }
  }

  static func parseAll(_ texts: [String]?, as type: SQLType) -> [Datum]? {
    guard let texts else { return nil }
    var values: [Datum] = []
    values.reserveCapacity(texts.count)
    for text in texts {
      guard let value = Datum.parse(text, as: type) else { return nil }
      values.append(value)
    }
    return values
  }
}
