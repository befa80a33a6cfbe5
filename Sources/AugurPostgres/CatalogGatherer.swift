import AugurCatalog
import Foundation

/// Reads a database's schema, statistics, sizes and planner settings into a `StatsSnapshot`.
///
/// Everything is read in one read-only, repeatable-read transaction (a consistent picture) that
/// is rolled back, with a fixed number of queries whatever the number of tables: each catalog
/// query returns one JSON document covering the whole database. Works for a non-superuser: what
/// the user may not see becomes a `SnapshotWarning` saying why.
public struct CatalogGatherer {
  public var schemas: [String]
  public var redactValues: Bool
  /// Per-statement limit, so that gathering never hangs on a lock or a huge table.
  public var statementTimeoutMilliseconds: Int

  public init(schemas: [String] = [], redactValues: Bool = false, statementTimeoutMilliseconds: Int = 60_000) {
    self.schemas = schemas
    self.redactValues = redactValues
    self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
  }

  /// The number of statements the last `gather` sent (a constant: it does not grow with tables).
  public private(set) var roundTrips = 0

  public mutating func gather(from connection: PostgresConnection, now: Date = Date()) throws -> StatsSnapshot {
    var trips = 0
    func run(_ sql: String, _ parameters: [String?] = []) throws -> QueryResult {
      trips += 1
      return try connection.query(sql, parameters)
    }
    let snapshot = try connection.withRolledBackTransaction(
      readOnly: true, isolation: "REPEATABLE READ", statementTimeoutMilliseconds: statementTimeoutMilliseconds
    ) { () throws -> StatsSnapshot in
      trips += 2  // BEGIN, SET LOCAL statement_timeout
      let server = try run(CatalogQueries.server)
      let schemas = try resolveSchemas(run)
      let schemaArray = Self.arrayLiteral(schemas)
      var warnings: [SnapshotWarning] = []

      var settings: [String: String] = [:]
      for row in try run(CatalogQueries.settings, [Self.arrayLiteral(PlannerSettings.names)]).rows {
        if let name = row[0], let value = row[1] { settings[name] = value }
      }

      let relationRows: [RelationRow] = try decode(run(CatalogQueries.relations, [schemaArray]))
      let columnRows: [ColumnRow] = try decode(run(CatalogQueries.columns, [schemaArray]))
      let statisticsRows: [StatisticsRow] = try decode(run(CatalogQueries.statistics, [schemaArray]))
      let constraintRows: [ConstraintRow] = try decode(run(CatalogQueries.constraints, [schemaArray]))
      let indexRows: [IndexRow] = try decode(run(CatalogQueries.indexes, [schemaArray]))
      let extendedRows: [ExtendedStatisticRow] = try decode(run(CatalogQueries.extendedStatistics, [schemaArray]))
      let functionRows: [FunctionRow] = try decode(run(CatalogQueries.functions, [schemaArray]))

      // B-tree heights: pageinspect's bt_metap, superuser only. A failure must not end the
      // transaction, hence the savepoint.
      var heights: [Int: Int] = [:]
      if server.value(0, "has_pageinspect") == "t", indexRows.contains(where: { $0.method == "btree" }) {
        _ = try run("SAVEPOINT tree_heights")
        do {
          let rows: [TreeHeightRow] = try decode(run(CatalogQueries.treeHeights, [schemaArray]))
          for row in rows { heights[row.oid] = row.height }
          _ = try run("RELEASE SAVEPOINT tree_heights")
        } catch let error as PostgresError {
          _ = try run("ROLLBACK TO SAVEPOINT tree_heights")
          warnings.append(
            SnapshotWarning(
              kind: .treeHeightUnavailable, object: nil,
              message: "B-tree heights not read (pageinspect's bt_metap: \(error.message)); the planner estimates them")
          )
        }
      } else if indexRows.contains(where: { $0.method == "btree" }) {
        warnings.append(
          SnapshotWarning(
            kind: .treeHeightUnavailable, object: nil,
            message: "B-tree heights not read: the pageinspect extension is not installed; the planner estimates them"))
      }

      // The current range of each B-tree's leading column, in one query.
      let readable = Set(relationRows.filter(\.canSelect).map(\.oid))
      let ranges = try leadingColumnRanges(
        indexes: indexRows, relations: relationRows, readable: readable, run: run, warnings: &warnings)

      var assembled = Self.assemble(
        relations: relationRows, columns: columnRows, statistics: statisticsRows, constraints: constraintRows,
        indexes: indexRows, heights: heights, ranges: ranges)
      warnings += Self.statisticsWarnings(relations: relationRows, statistics: statisticsRows)
      assembled.sort { ($0.schema, $0.name) < ($1.schema, $1.name) }

      let source = SnapshotSource(
        kind: .server, createdAt: Self.timestamp(now), serverVersion: server.value(0, "version"),
        serverVersionNumber: server.value(0, "version_num").flatMap { Int($0) }, database: server.value(0, "database"),
        schemas: schemas)
      var snapshot = StatsSnapshot(
        source: source, settings: settings, relations: assembled,
        extendedStatistics: extendedRows.map(\.model), functions: functionRows.map(\.model), warnings: warnings)
      if redactValues { snapshot = snapshot.redactingValues() }
      return snapshot
    }
    roundTrips = trips + 1  // ROLLBACK
    return snapshot
  }

  // MARK: Steps

  /// The schemas asked for, or every non-system schema when none were.
  private func resolveSchemas(_ run: (String, [String?]) throws -> QueryResult) throws -> [String] {
    if !schemas.isEmpty { return schemas }
    let result = try run(
      """
      SELECT nspname FROM pg_namespace
      WHERE nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') AND nspname NOT LIKE 'pg_temp_%'
        AND nspname NOT LIKE 'pg_toast_temp_%'
      ORDER BY nspname
      """, [])
    return result.rows.compactMap { $0.first ?? nil }
  }

  /// `get_actual_variable_range` reads the first and last entries of a non-partial B-tree whose
  /// leading key is a plain column. One statement reads them for every such column
  /// (deduplicated), ordering by the column so that PostgreSQL answers from the index.
  ///
  /// Each column's probe runs as its own small query through `query_to_xml`: a single UNION of
  /// thousands of probes would cost more to plan than to run.
  private func leadingColumnRanges(
    indexes: [IndexRow], relations: [RelationRow], readable: Set<Int>,
    run: (String, [String?]) throws -> QueryResult, warnings: inout [SnapshotWarning]
  ) throws -> [String: ValueRange] {
    let relationsByOID = Dictionary(relations.map { ($0.oid, $0) }, uniquingKeysWith: { first, _ in first })
    var seen = Set<String>()
    var keys: [String] = []
    var probes: [String] = []
    for index in indexes where index.method == "btree" && index.predicate == nil && index.isValid {
      guard let column = index.keys.first?.column, let relation = relationsByOID[index.relation] else { continue }
      let key = "\(index.relation).\(column)"
      guard readable.contains(index.relation), seen.insert(key).inserted else { continue }
      let table = Self.quoteIdentifier(relation.schema) + "." + Self.quoteIdentifier(relation.name)
      // Qualified, so that ORDER BY sorts the column and not the text output of the same name.
      let quoted = "r." + Self.quoteIdentifier(column)
      func end(_ direction: String) -> String {
        "(SELECT \(quoted)::text FROM \(table) r WHERE \(quoted) IS NOT NULL ORDER BY \(quoted) \(direction) LIMIT 1)"
      }
      keys.append(key)
      probes.append("SELECT \(end("ASC")) AS min, \(end("DESC")) AS max")
    }
    guard !probes.isEmpty else { return [:] }
    let sql = """
      SELECT p.key, x.min, x.max
      FROM unnest($1::text[], $2::text[]) AS p(key, probe)
      CROSS JOIN LATERAL xmltable('/table/row' PASSING query_to_xml(p.probe, false, false, '')
                                  COLUMNS min text PATH 'min', max text PATH 'max') x
      """
    _ = try run("SAVEPOINT ranges", [])
    do {
      let result = try run(sql, [Self.arrayLiteral(keys), Self.arrayLiteral(probes)])
      _ = try run("RELEASE SAVEPOINT ranges", [])
      var ranges: [String: ValueRange] = [:]
      for row in result.rows {
        guard let key = row[0] else { continue }
        ranges[key] = ValueRange(minimum: row[1], maximum: row[2])
      }
      return ranges
    } catch let error as PostgresError {
      _ = try run("ROLLBACK TO SAVEPOINT ranges", [])
      warnings.append(
        SnapshotWarning(
          kind: .rangeUnavailable, object: nil, message: "index column ranges not read: \(error.message)"))
      return [:]
    }
  }

  private static func assemble(
    relations: [RelationRow], columns: [ColumnRow], statistics: [StatisticsRow], constraints: [ConstraintRow],
    indexes: [IndexRow], heights: [Int: Int], ranges: [String: ValueRange]
  ) -> [Relation] {
    let columnsByRelation = Dictionary(grouping: columns, by: \.relation)
    let constraintsByRelation = Dictionary(grouping: constraints, by: \.relation)
    let indexesByRelation = Dictionary(grouping: indexes, by: \.relation)
    var statisticsByColumn: [String: [StatisticsRow]] = [:]
    var statisticsByIndex: [String: [StatisticsRow]] = [:]
    for row in statistics {
      statisticsByColumn["\(row.schema)\u{0}\(row.table)\u{0}\(row.column)", default: []].append(row)
      statisticsByIndex["\(row.schema)\u{0}\(row.table)", default: []].append(row)
    }

    return relations.map { row in
      let key = "\(row.schema)\u{0}\(row.name)\u{0}"
      let relationColumns = (columnsByRelation[row.oid] ?? []).map { column -> Column in
        let rows = statisticsByColumn[key + column.name] ?? []
        return Column(
          number: column.number, name: column.name, type: column.type, typeOID: column.typeOid,
          typmod: column.typmod, notNull: column.notNull, defaultExpression: column.defaultExpression,
          collation: column.collation, identity: column.identity, generated: column.generated,
          statisticsTarget: column.statisticsTarget, statistics: rows.first { !$0.inherited }?.model,
          inheritedStatistics: rows.first { $0.inherited }?.model)
      }
      let relationIndexes = (indexesByRelation[row.oid] ?? []).map { index -> Index in
        let leading = index.keys.first?.column.flatMap { ranges["\(row.oid).\($0)"] }
        var model = index.model(treeHeight: heights[index.oid], range: index.predicate == nil ? leading : nil)
        // pg_stats lists an expression index's statistics under the index's own name.
        let expressionRows = statisticsByIndex["\(row.schema)\u{0}\(index.name)"] ?? []
        if !expressionRows.isEmpty {
          model.expressionStatistics = Dictionary(
            expressionRows.map { ($0.column, $0.model) }, uniquingKeysWith: { first, _ in first })
        }
        return model
      }
      return Relation(
        schema: row.schema, name: row.name, kind: row.relationKind, persistence: row.persistence,
        columns: relationColumns, constraints: (constraintsByRelation[row.oid] ?? []).compactMap(\.model),
        indexes: relationIndexes, partitioning: row.partitioning, inheritsFrom: row.inherits,
        viewDefinition: row.viewDefinition,
        size: RelationSize(
          reltuples: row.reltuples, relpages: row.relpages, relallvisible: row.relallvisible,
          currentPages: row.currentPages, totalBytes: row.totalBytes),
        activity: row.activity)
    }
  }

  /// Tables that PostgreSQL would plan with defaults, and why.
  private static func statisticsWarnings(relations: [RelationRow], statistics: [StatisticsRow]) -> [SnapshotWarning] {
    let withStatistics = Set(statistics.map { "\($0.schema).\($0.table)" })
    var warnings: [SnapshotWarning] = []
    for relation in relations where relation.kind == "r" || relation.kind == "m" || relation.kind == "p" {
      let name = "\(relation.schema).\(relation.name)"
      if !relation.canSelect {
        warnings.append(
          SnapshotWarning(
            kind: .noStatisticsPrivilege, object: name,
            message: "no column statistics: the user lacks SELECT on \(name), so pg_stats hides them"))
      } else if relation.reltuples < 0 && relation.kind != "p" {
        warnings.append(
          SnapshotWarning(
            kind: .neverAnalyzed, object: name,
            message: "\(name) has never been analyzed: the planner estimates its rows from its size"))
      } else if !withStatistics.contains(name) && relation.reltuples > 0 {
        warnings.append(
          SnapshotWarning(kind: .other, object: name, message: "\(name) has rows but no column statistics"))
      }
    }
    return warnings
  }

  // MARK: Helpers

  private func decode<T: Decodable>(_ result: QueryResult) throws -> T {
    guard let text = result.scalar else {
      throw PostgresError(kind: .protocolViolation, message: "a catalog query returned no document")
    }
    let decoder = JSONDecoder()
    decoder.keyDecodingStrategy = .convertFromSnakeCase
    do {
      return try decoder.decode(T.self, from: Data(text.utf8))
    } catch {
      throw PostgresError(kind: .protocolViolation, message: "unexpected catalog document: \(error)")
    }
  }

  /// A text-array literal for a `text[]` parameter.
  static func arrayLiteral(_ values: [String]) -> String {
    let items = values.map { value in
      "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
    return "{" + items.joined(separator: ",") + "}"
  }

  static func quoteIdentifier(_ name: String) -> String {
    "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  static func quoteLiteral(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
  }

  static func timestamp(_ date: Date) -> String {
    let formatter = ISO8601DateFormatter()
    formatter.timeZone = TimeZone(identifier: "UTC")
    return formatter.string(from: date)
  }
}
