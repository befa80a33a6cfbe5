import AugurCatalog
import AugurSQL
import Foundation

// The rows of `CatalogQueries`, decoded from their JSON documents, and their conversion to the
// catalog model. Field names follow the queries' column names (snake case converted).

struct RelationRow: Decodable {
  var oid: Int
  var schema: String
  var name: String
  var kind: String
  var persistence: String
  var reltuples: Double
  var relpages: Int
  var relallvisible: Int
  var currentPages: Int
  var totalBytes: Int
  var partitionKey: String?
  var partitionColumns: [String?]?
  var partitionParent: String?
  var partitionBound: String?
  var inherits: [String]
  var viewDefinition: String?
  var canSelect: Bool
  var seqScan: Int?
  var idxScan: Int?
  var nTupIns: Int?
  var nTupUpd: Int?
  var nTupDel: Int?
  var nTupHotUpd: Int?
  var nLiveTup: Int?
  var nDeadTup: Int?
  var nModSinceAnalyze: Int?
  var lastVacuum: String?
  var lastAutovacuum: String?
  var lastAnalyze: String?
  var lastAutoanalyze: String?

  var relationKind: Relation.Kind {
    switch kind {
    case "p": .partitionedTable
    case "v": .view
    case "m": .materializedView
    case "f": .foreignTable
    default: .table
    }
  }

  var partitioning: Partitioning? {
    var key: Partitioning.Key?
    if let definition = partitionKey {
      let strategyName = definition.split(separator: " ").first.map { $0.lowercased() } ?? "range"
      let strategy = Partitioning.Strategy(rawValue: strategyName) ?? .range
      // Expression keys have no column name; keep PostgreSQL's text for those.
      let columns = (partitionColumns ?? []).map { $0 ?? "(expression)" }
      key = Partitioning.Key(strategy: strategy, columns: columns, definition: definition)
    }
    guard key != nil || partitionParent != nil else { return nil }
    return Partitioning(key: key, parent: partitionParent, bound: partitionBound)
  }

  var activity: TableActivity? {
    guard let seqScan else { return nil }
    return TableActivity(
      sequentialScans: seqScan, indexScans: idxScan, tuplesInserted: nTupIns ?? 0, tuplesUpdated: nTupUpd ?? 0,
      tuplesDeleted: nTupDel ?? 0, tuplesHotUpdated: nTupHotUpd ?? 0, liveTuples: nLiveTup ?? 0,
      deadTuples: nDeadTup ?? 0, modificationsSinceAnalyze: nModSinceAnalyze ?? 0, lastVacuum: lastVacuum,
      lastAutovacuum: lastAutovacuum, lastAnalyze: lastAnalyze, lastAutoanalyze: lastAutoanalyze)
  }
}

struct ColumnRow: Decodable {
  var relation: Int
  var number: Int
  var name: String
  var type: String
  var typeOid: Int
  var typmod: Int
  var notNull: Bool
  var defaultExpression: String?
  var collation: String?
  var identity: String?
  var generated: String?
  var statisticsTarget: Int
}

struct StatisticsRow: Decodable {
  var schema: String
  var table: String
  var column: String
  var inherited: Bool
  var nullFrac: Double
  var avgWidth: Int
  var nDistinct: Double
  var mostCommonVals: [String?]?
  var mostCommonFreqs: [Double]?
  var histogramBounds: [String?]?
  var correlation: Double?
  var mostCommonElems: [String?]?
  var mostCommonElemFreqs: [Double]?
  var elemCountHistogram: [Double]?

  var model: ColumnStatistics {
    ColumnStatistics(
      nullFraction: nullFrac, averageWidth: avgWidth, distinctValues: nDistinct,
      mostCommonValues: mostCommonVals?.map { $0 ?? "" }, mostCommonFrequencies: mostCommonFreqs,
      histogramBounds: histogramBounds?.map { $0 ?? "" }, correlation: correlation,
      mostCommonElements: mostCommonElems?.map { $0 ?? "" }, mostCommonElementFrequencies: mostCommonElemFreqs,
      elementCountHistogram: elemCountHistogram)
  }
}

struct ConstraintRow: Decodable {
  var relation: Int
  var name: String
  var type: String
  var columns: [String]
  var referencedTable: String?
  var referencedColumns: [String]
  var definition: String
  var validated: Bool
  var deferrable: Bool

  var model: TableConstraint? {
    let kind: TableConstraint.Kind
    switch type {
    case "p": kind = .primaryKey
    case "u": kind = .unique
    case "f": kind = .foreignKey
    case "c": kind = .check
    case "x": kind = .exclusion
    default: return nil
    }
    return TableConstraint(
      name: name, kind: kind, columns: columns, referencedTable: referencedTable, referencedColumns: referencedColumns,
      definition: definition, isValidated: validated, isDeferrable: deferrable)
  }
}

struct IndexRow: Decodable {
  struct Key: Decodable {
    var column: String?
    var expression: String?
    var opclass: String?
    var collation: String?
    var descending: Bool
    var nullsFirst: Bool
  }
  var relation: Int
  var oid: Int
  var name: String
  var method: String
  var isUnique: Bool
  var isPrimary: Bool
  var isValid: Bool
  var keyCount: Int
  var keys: [Key]
  var predicate: String?
  var definition: String
  var reltuples: Double
  var relpages: Int
  var relallvisible: Int
  var currentPages: Int
  var totalBytes: Int
  var idxScan: Int?
  var idxTupRead: Int?
  var idxTupFetch: Int?

  func model(treeHeight: Int?, range: ValueRange?) -> Index {
    let keyParts = keys.prefix(keyCount).map {
      IndexKey(
        column: $0.column, expression: $0.expression, operatorClass: $0.opclass, collation: $0.collation,
        descending: $0.descending, nullsFirst: $0.nullsFirst)
    }
    let usage = idxScan.map { IndexUsage(scans: $0, tuplesRead: idxTupRead ?? 0, tuplesFetched: idxTupFetch ?? 0) }
    return Index(
      name: name, method: method, isUnique: isUnique, isPrimary: isPrimary, isValid: isValid, keys: Array(keyParts),
      included: keys.dropFirst(keyCount).compactMap(\.column), predicate: predicate, definition: definition,
      size: RelationSize(
        reltuples: reltuples, relpages: relpages, relallvisible: relallvisible, currentPages: currentPages,
        totalBytes: totalBytes),
      treeHeight: treeHeight, leadingColumnRange: range, usage: usage, creationOrder: oid)
  }
}

struct TreeHeightRow: Decodable {
  var oid: Int
  var height: Int
}

struct ExtendedStatisticRow: Decodable {
  var schema: String
  var name: String
  var table: String
  var columns: [String]
  var expressions: [String]
  var kinds: [String]
  var ndistinct: String?
  var dependencies: String?
  var mcvValues: [[String?]]?
  var mcvFrequencies: [Double]?
  var mcvBaseFrequencies: [Double]?

  var model: ExtendedStatistic {
    ExtendedStatistic(
      schema: schema, name: name, table: table, columns: columns, expressions: expressions,
      kinds: kinds.map(Self.kindName), distinctCounts: ndistinct.map(Self.parseDistinctCounts) ?? [],
      dependencies: dependencies.map(Self.parseDependencies) ?? [], mostCommonValues: mcvValues,
      mostCommonFrequencies: mcvFrequencies, mostCommonBaseFrequencies: mcvBaseFrequencies)
  }

  static func kindName(_ code: String) -> String {
    switch code {
    case "d": "ndistinct"
    case "f": "dependencies"
    case "m": "mcv"
    case "e": "expressions"
    default: code
    }
  }

  /// `pg_ndistinct` prints as `{"1, 2": 33, "1, 3": 4}`: attribute numbers and a count.
  static func parseDistinctCounts(_ text: String) -> [ExtendedStatistic.DistinctCount] {
    guard case .object(let members)? = try? JSONValue.parse(Data(text.utf8)) else { return [] }
    return members.compactMap { member in
      guard let value = member.value.number else { return nil }
      return ExtendedStatistic.DistinctCount(attributes: attributeNumbers(member.key), distinct: value)
    }
  }

  /// `pg_dependencies` prints as `{"1 => 2": 1.000000, "1, 2 => 3": 0.5}`.
  static func parseDependencies(_ text: String) -> [ExtendedStatistic.Dependency] {
    guard case .object(let members)? = try? JSONValue.parse(Data(text.utf8)) else { return [] }
    return members.compactMap { member in
      let sides = member.key.components(separatedBy: "=>")
      guard sides.count == 2, let degree = member.value.number, let to = attributeNumbers(sides[1]).first else {
        return nil
      }
      return ExtendedStatistic.Dependency(from: attributeNumbers(sides[0]), to: to, degree: degree)
    }
  }

  private static func attributeNumbers(_ text: String) -> [Int] {
    text.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
  }
}

struct FunctionRow: Decodable {
  var schema: String
  var name: String
  var argumentTypes: [String]
  var returnType: String
  var cost: Double
  var rows: Double
  var returnsSet: Bool
  var volatility: String

  var model: FunctionInfo {
    FunctionInfo(
      schema: schema, name: name, argumentTypes: argumentTypes, returnType: returnType, cost: cost, rows: rows,
      returnsSet: returnsSet, volatility: volatility)
  }
}

extension JSONValue {
  fileprivate var number: Double? {
    switch self {
    case .int(let value): Double(value)
    case .double(let value): value
    default: nil
    }
  }
}
