import AugurCatalog
import Foundation

/// A partitioning scheme that exists only in memory, for what-if questions: plan queries as if
/// `relation` were partitioned on `column`.
///
/// The partitions are derived from the table's statistics, with no I/O:
/// - each partition's share of the rows is PostgreSQL's own selectivity estimate of its bound
///   (`column >= lower AND column < upper`, `column = ANY (values)`) from the column's MCV list
///   and histogram; the default partition takes what is left, NULLs included; hash partitions
///   take equal shares (NULL keys go to remainder 0);
/// - rows, pages and all-visible pages are the table's scaled by that share, and so are the
///   sizes of the table's indexes, which every partition gets (named as `CREATE INDEX` on a
///   partitioned table names them);
/// - the key column's statistics keep the MCVs and histogram bounds that fall in the partition
///   (frequencies rescaled to the partition), a positive distinct count scales with the share,
///   and the null fraction is 0 except in the default (or remainder-0 hash) partition;
/// - other columns keep the table's statistics (independence from the key is assumed), and the
///   table's statistics stand for the parent's inherited statistics.
public struct HypotheticalPartitioning: Sendable, Hashable {
  public enum Strategy: Sendable, Hashable {
    /// Consecutive bounds b0 < b1 < … < bn: partitions FROM (b0) TO (b1), …, FROM (bn-1) TO (bn).
    case range(bounds: [String])
    /// One partition per list of values.
    case list(values: [[String]])
    /// `modulus` partitions by hash.
    case hash(modulus: Int)
  }

  /// The table, `schema.name` (or a bare name, looked up in `public`).
  public var relation: String
  /// The key column.
  public var column: String
  public var strategy: Strategy
  /// Adds a DEFAULT partition (range and list only).
  public var defaultPartition: Bool

  public init(relation: String, column: String, strategy: Strategy, defaultPartition: Bool = false) {
    self.relation = relation
    self.column = column
    self.strategy = strategy
    self.defaultPartition = defaultPartition
  }

  func applies(to table: Relation) -> Bool {
    relation == table.qualifiedName || (!relation.contains(".") && table.schema == "public" && relation == table.name)
  }

  /// The partition names: `<table>_p<n>` (hash: `_p<remainder>`), and `<table>_default`.
  func partitionNames(for table: String) -> [String] {
    let count: Int
    switch strategy {
    case .range(let bounds): count = max(0, bounds.count - 1)
    case .list(let values): count = values.count
    case .hash(let modulus): count = modulus
    }
    let base = (0..<count).map { "\(table)_p\(strategyIsHash ? $0 : $0 + 1)" }
    return base + (defaultPartition && !strategyIsHash ? ["\(table)_default"] : [])
  }

  private var strategyIsHash: Bool {
    if case .hash = strategy { return true }
    return false
  }
}

extension QueryPlanner {
  /// The partitioned table a query's relation stands for: a real partitioned table from the
  /// snapshot, or a plain table under a hypothetical scheme; nil for a plain table.
  func partitionedTable(_ relation: Relation) throws(PlannerError) -> PartitionedTable? {
    if relation.kind == .partitionedTable {
      return try PartitionedTable(parent: relation, snapshot: snapshot)
    }
    guard relation.kind == .table, let scheme = hypotheticalPartitioning.first(where: { $0.applies(to: relation) })
    else { return nil }
    return try HypotheticalPartitioner(table: relation, scheme: scheme, parameters: parameters).partitioned()
  }
}

/// Splits a table's statistics into in-memory partitions (see `HypotheticalPartitioning`).
struct HypotheticalPartitioner {
  let table: Relation
  let scheme: HypotheticalPartitioning
  let parameters: CostParameters

  func partitioned() throws(PlannerError) -> PartitionedTable {
    guard let keyPosition = table.columns.firstIndex(where: { $0.name == scheme.column }) else {
      throw .semantic(
        message: "column \"\(scheme.column)\" of relation \"\(table.name)\" does not exist", location: nil)
    }
    let keyColumn = table.columns[keyPosition]
    let keyType = SQLType(formatted: keyColumn.type)
    let size = PlanCat.estimateRelSize(table, blockSize: parameters.blockSize)
    let context = RestrictionContext(
      relation: table, tuples: size.tuples, indexes: table.indexes, alias: table.name)
    let variable = TypedExpr.column(ColumnVar(relation: 0, column: keyPosition, name: keyColumn.name, type: keyType))
    let constant = { (text: String) in TypedExpr.constant(TypedConstant(type: keyType, text: text)) }
    let operation = { (name: String, text: String) in
      TypedExpr.operation(OperatorCall(name: name, args: [variable, constant(text)], resultType: .boolean))
    }
    let quote = { (text: String) in "'" + text.replacingOccurrences(of: "'", with: "''") + "'" }
    let statistics = keyColumn.statistics
    let nullFraction = statistics?.nullFraction ?? 0

    // Each partition: its bound text, its share of the rows, whether it holds the NULLs, and
    // which key values belong to it.
    var parts: [(bound: String, share: Double, holdsNulls: Bool, member: (Datum) -> Bool)] = []
    var key: Partitioning.Strategy
    switch scheme.strategy {
    case .range(let bounds):
      key = .range
      let datums = bounds.map { Datum.parse($0, as: keyType) }
      for position in 0..<max(0, bounds.count - 1) {
        let (lower, upper) = (datums[position], datums[position + 1])
        let share = context.clauseListSelectivity([
          operation(">=", bounds[position]), operation("<", bounds[position + 1]),
        ])
        parts.append(
          (
            "FOR VALUES FROM (\(quote(bounds[position]))) TO (\(quote(bounds[position + 1])))", share, false,
            { value in
              guard let lower, let upper else { return false }
              return (Datum.compare(lower, value) ?? 1) <= 0 && (Datum.compare(value, upper) ?? 1) < 0
            }
          ))
      }
    case .list(let lists):
      key = .list
      for values in lists {
        let datums = values.compactMap { Datum.parse($0, as: keyType) }
        let clause = TypedExpr.arrayOperation(
          ArrayOperatorCall(
            name: "=", useOr: true, left: variable, right: .array(values.map(constant), elementType: keyType)))
        parts.append(
          (
            "FOR VALUES IN (\(values.map(quote).joined(separator: ", ")))", context.clauseSelectivity(clause), false,
            { value in datums.contains { Datum.equal($0, value) } }
          ))
      }
    case .hash(let modulus):
      key = .hash
      guard modulus > 0 else { throw .notSupported("hash partitioning with modulus 0") }
      for remainder in 0..<modulus {
        parts.append(
          (
            "FOR VALUES WITH (modulus \(modulus), remainder \(remainder))",
            (1 - nullFraction) / Double(modulus) + (remainder == 0 ? nullFraction : 0), remainder == 0, { _ in true }
          ))
      }
    }
    if scheme.defaultPartition && key != .hash {
      let members = parts.map(\.member)
      let taken = parts.reduce(0.0) { $0 + $1.share }
      parts.append(("DEFAULT", max(0, 1 - taken), true, { value in !members.contains { $0(value) } }))
    }
    let names = scheme.partitionNames(for: table.name)
    var parent = table
    parent.kind = .partitionedTable
    parent.size = RelationSize(reltuples: -1, relpages: 0, relallvisible: 0, currentPages: 0, totalBytes: 0)
    parent.partitioning = Partitioning(
      key: Partitioning.Key(
        strategy: key, columns: [scheme.column], definition: "\(key.rawValue.uppercased()) (\(scheme.column))"))
    parent.indexes = []
    for position in parent.columns.indices {
      parent.columns[position].inheritedStatistics = table.columns[position].statistics
    }
    var children: [Relation] = []
    for (position, part) in parts.enumerated() {
      var child = table
      child.name = names[position]
      child.partitioning = Partitioning(parent: parent.qualifiedName, bound: part.bound)
      child.activity = nil
      child.size = scaled(table.size, share: part.share)
      child.indexes = table.indexes.map { index in
        var copy = index
        copy.name = AppendPlanner.partitionIndexName(partition: child.name, index: index)
        copy.size = scaled(index.size, share: part.share)
        if index.keys.first?.column == scheme.column { copy.leadingColumnRange = nil }
        return copy
      }
      for column in child.columns.indices { child.columns[column].inheritedStatistics = nil }
      if let statistics {
        child.columns[keyPosition].statistics = keyStatistics(
          statistics, type: keyType, share: part.share, holdsNulls: part.holdsNulls, member: part.member,
          hashModulus: { if case .hash(let modulus) = scheme.strategy { modulus } else { nil } }())
      }
      children.append(child)
    }
    return try PartitionedTable(parent: parent, children: children)
  }

  /// A size scaled to a share of the rows: tuples rounded, pages rounded up (an empty
  /// partition has none, as after ANALYZE of an empty table).
  func scaled(_ size: RelationSize, share: Double) -> RelationSize {
    let tuples = (max(size.reltuples, 0) * share).rounded()
    guard tuples > 0 else { return RelationSize(reltuples: 0, relpages: 0, relallvisible: 0, currentPages: 0) }
    let pages = max(1, Int((Double(max(size.currentPages, size.relpages)) * share).rounded(.up)))
    let allVisible = min(pages, Int((Double(size.relallvisible) * share).rounded(.up)))
    return RelationSize(
      reltuples: tuples, relpages: pages, relallvisible: allVisible, currentPages: pages,
      totalBytes: Int(Double(size.totalBytes) * share))
  }

  /// The key column's statistics within one partition.
  func keyStatistics(
    _ statistics: ColumnStatistics, type: SQLType, share: Double, holdsNulls: Bool, member: (Datum) -> Bool,
    hashModulus: Int?
  ) -> ColumnStatistics {
    var result = statistics
    guard share > 0 else { return result }
    let nonNullShare = max(share - (holdsNulls ? statistics.nullFraction : 0), 0)
    result.nullFraction = holdsNulls ? min(1, statistics.nullFraction / share) : 0
    if let modulus = hashModulus {
      // Hash partitions: the same distribution, a modulus-th of the distinct values.
      if statistics.distinctValues > 0 {
        result.distinctValues = max(1, (statistics.distinctValues / Double(modulus)).rounded())
      }
      return result
    }
    if let values = statistics.mostCommonValues, let frequencies = statistics.mostCommonFrequencies {
      var keptValues: [String] = []
      var keptFrequencies: [Double] = []
      for (value, frequency) in zip(values, frequencies) {
        guard let datum = Datum.parse(value, as: type), member(datum) else { continue }
        keptValues.append(value)
        keptFrequencies.append(min(1, frequency / share))
      }
      result.mostCommonValues = keptValues.isEmpty ? nil : keptValues
      result.mostCommonFrequencies = keptValues.isEmpty ? nil : keptFrequencies
    }
    if let bounds = statistics.histogramBounds {
      let kept = bounds.filter { Datum.parse($0, as: type).map(member) ?? false }
      result.histogramBounds = kept.count >= 2 ? kept : nil
      result.histogramBoundCount = result.histogramBounds?.count
    }
    if statistics.distinctValues > 0 {
      let nonNull = max(1 - statistics.nullFraction, 1e-10)
      result.distinctValues = max(1, (statistics.distinctValues * min(1, nonNullShare / nonNull)).rounded())
    }
    return result
  }
}
