import AugurSQL
import Foundation

/// Turns the DDL catalog into the snapshot model, in the form `CatalogGatherer` reads from a
/// server: relations by schema and name, columns by number, constraints and indexes by name,
/// types as `format_type` prints them and expressions as `pg_get_expr` would (see
/// `DDLExpressionPrinter` for how close that is).
struct DDLSnapshotBuilder {
  let catalog: DDLCatalog
  let rowHints: [String: Double]

  /// `BLCKSZ - SizeOfPageHeaderData`.
  static let usablePageBytes = 8192 - 24
  /// `MAXALIGN(SizeofHeapTupleHeader)` + `sizeof(ItemIdData)`.
  static let tupleOverhead = 24 + 4

  private var visible: [DDLRelation] {
    catalog.relations.values.filter { $0.schema != DDLCatalog.temporarySchema }
      .sorted { ($0.schema, $0.name) < ($1.schema, $1.name) }
  }

  func rowHint(for relation: DDLRelation) -> Double? {
    rowHints[relation.qualifiedName] ?? rowHints[relation.name]
  }

  /// `estimate_rel_size` (plancat.c) for a table with no statistics: `(BLCKSZ -
  /// SizeOfPageHeaderData) / tuple_width` tuples a page (integer division), where `tuple_width`
  /// is the sum of the columns' `get_typavgwidth` plus the tuple header and line pointer.
  static func tuplesPerPage(_ relation: DDLRelation) -> Int {
    let width = relation.liveColumns.reduce(tupleOverhead) { $0 + $1.type.averageWidth }
    return max(1, usablePageBytes / width)
  }

  func size(of relation: DDLRelation) -> RelationSize {
    guard let rows = rowHint(for: relation), rows >= 0 else { return RelationSize() }
    switch relation.kind {
    case .table, .materializedView:
      let pages = rows == 0 ? 0 : Int((rows / Double(Self.tuplesPerPage(relation))).rounded(.up))
      return RelationSize(reltuples: rows, relpages: pages, currentPages: pages, totalBytes: pages * 8192)
    case .partitionedTable:
      return RelationSize(reltuples: rows)
    default:
      return RelationSize()
    }
  }

  func relations() -> [Relation] {
    visible.map(relation)
  }

  func warnings() -> [SnapshotWarning] {
    visible.filter { ($0.kind == .table || $0.kind == .materializedView) && rowHint(for: $0) == nil }.map { relation in
      let name = relation.qualifiedName
      return SnapshotWarning(
        kind: .neverAnalyzed, object: name,
        message: "\(name) has never been analyzed: the planner estimates its rows from its size")
    }
  }

  func extendedStatistics() -> [ExtendedStatistic] {
    catalog.statistics.filter { $0.schema != DDLCatalog.temporarySchema }
      .sorted { ($0.schema, $0.name) < ($1.schema, $1.name) }
      .compactMap { statistic in
        guard let relation = catalog.relations[statistic.relation] else { return nil }
        let printer = catalog.printer(for: relation)
        return ExtendedStatistic(
          schema: statistic.schema, name: statistic.name, table: relation.qualifiedName,
          columns: statistic.columns.compactMap { relation.column(number: $0)?.name },
          expressions: statistic.expressions.map { printer.text($0) }, kinds: statistic.kinds)
      }
  }

  // MARK: Relations

  private func displayName(_ relation: DDLRelation) -> String {
    let name = DDLTypeFormatting.quoteIdentifier(relation.name)
    return catalog.searchPath.contains(relation.schema)
      ? name : DDLTypeFormatting.quoteIdentifier(relation.schema) + "." + name
  }

  private func relation(_ relation: DDLRelation) -> Relation {
    let printer = catalog.printer(for: relation)
    let columns = relation.liveColumns.sorted { $0.number < $1.number }.map { column in
      Column(
        number: column.number, name: column.name, type: column.type.display, typeOID: column.type.oid,
        typmod: column.type.typmod, notNull: column.notNull, defaultExpression: defaultText(column, printer: printer),
        collation: column.collation, identity: column.identity, generated: column.generated,
        statisticsTarget: column.statisticsTarget)
    }
    let constraints = relation.constraints.sorted { $0.name < $1.name }.map { constraint($0, of: relation, printer) }
    let hint = rowHint(for: relation)
    let indexes = relation.indexes.sorted { $0.name < $1.name }.map { index -> Index in
      var model = self.index(index, of: relation, printer)
      if let hint, relation.kind != .view { model.size = RelationSize(reltuples: hint) }
      return model
    }
    var partitioning: Partitioning?
    if relation.partitionKey != nil || relation.parent != nil {
      partitioning = Partitioning(
        key: relation.partitionKey.map { partitionKey($0, of: relation, printer) },
        parent: relation.parent.flatMap { catalog.relations[$0]?.qualifiedName }, bound: relation.bound)
    }
    return Relation(
      schema: relation.schema, name: relation.name, kind: relation.kind, persistence: relation.persistence,
      columns: columns, constraints: constraints, indexes: indexes, partitioning: partitioning,
      inheritsFrom: relation.inheritsFrom.compactMap { catalog.relations[$0]?.qualifiedName }, viewDefinition: nil,
      size: size(of: relation))
  }

  /// The default as `pg_get_expr(adbin)` prints it: a literal takes the column's type.
  private func defaultText(_ column: DDLColumn, printer: DDLExpressionPrinter) -> String? {
    switch column.defaultValue {
    case nil: return nil
    case .nextval(let sequence): return "nextval('\(sequence)'::regclass)"
    case .expression(let expr):
      if column.generated != nil { return printer.text(expr) }
      guard case .constant(let constant) = expr else { return printer.text(expr) }
      let internalName = column.type.internalName
      let isNumber =
        ["int2", "int4", "int8", "numeric", "float4", "float8", "oid"].contains(internalName)
        && !column.type.isArray
      switch constant.value {
      case .string(let value):
        if isNumber, Double(value.trimmingCharacters(in: .whitespaces)) != nil {
          let trimmed = value.trimmingCharacters(in: .whitespaces)
          return trimmed.hasPrefix("-") ? "'\(trimmed)'::\(column.type.castName)" : trimmed
        }
        if internalName == "bool", !column.type.isArray {
          return ["t", "true", "y", "yes", "on", "1"].contains(value.lowercased()) ? "true" : "false"
        }
        return printer.quoteLiteral(value) + "::" + column.type.castName
      case .integer(let value):
        return value < 0 ? "'\(value)'::integer" : String(value)
      default:
        return printer.constantText(constant, type: nil)
      }
    }
  }

  private func columnNames(_ numbers: [Int], of relation: DDLRelation) -> [String] {
    numbers.compactMap { relation.column(number: $0)?.name }
  }

  private func quotedList(_ names: [String]) -> String {
    names.map { DDLTypeFormatting.quoteIdentifier($0) }.joined(separator: ", ")
  }

  private func constraint(_ constraint: DDLConstraint, of relation: DDLRelation, _ printer: DDLExpressionPrinter)
    -> TableConstraint
  {
    let columns = columnNames(constraint.columns, of: relation)
    var definition: String
    var referencedTable: String?
    var referencedColumns: [String] = []
    switch constraint.kind {
    case .primaryKey, .unique:
      let index = constraint.index.flatMap { relation.index(id: $0) }
      definition = constraint.kind == .primaryKey ? "PRIMARY KEY " : "UNIQUE "
      if index?.nullsNotDistinct == true { definition += "NULLS NOT DISTINCT " }
      definition += "(\(quotedList(columns)))"
      if let included = index?.included, !included.isEmpty {
        definition += " INCLUDE (\(quotedList(columnNames(included, of: relation))))"
      }
    case .foreignKey:
      let referenced = constraint.referencedRelation.flatMap { catalog.relations[$0] }
      referencedTable = referenced?.qualifiedName
      referencedColumns = referenced.map { columnNames(constraint.referencedColumns, of: $0) } ?? []
      definition =
        "FOREIGN KEY (\(quotedList(columns))) REFERENCES "
        + (referenced.map(displayName) ?? "?") + "(\(quotedList(referencedColumns)))"
      if constraint.matchType == "f" { definition += " MATCH FULL" }
      let actions = ["r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"]
      if let action = constraint.onUpdate.flatMap({ actions[$0] }) { definition += " ON UPDATE \(action)" }
      if let action = constraint.onDelete.flatMap({ actions[$0] }) { definition += " ON DELETE \(action)" }
    case .check:
      definition = "CHECK (" + (constraint.checkExpression.map { printer.text($0) } ?? "") + ")"
    case .exclusion:
      let index = constraint.index.flatMap { relation.index(id: $0) }
      let elements = (index?.keys ?? []).enumerated().map { offset, key -> String in
        let op = offset < constraint.exclusionOperators.count ? constraint.exclusionOperators[offset] : "="
        return keyText(key, of: relation, printer) + " WITH " + op
      }
      definition = "EXCLUDE USING \(index?.method ?? "gist") (\(elements.joined(separator: ", ")))"
      if let predicate = index?.predicate { definition += " WHERE (\(printer.text(predicate)))" }
    }
    if constraint.isDeferrable {
      definition += " DEFERRABLE"
      if constraint.initiallyDeferred { definition += " INITIALLY DEFERRED" }
    }
    if !constraint.isValidated { definition += " NOT VALID" }
    return TableConstraint(
      name: constraint.name, kind: constraint.kind, columns: columns, referencedTable: referencedTable,
      referencedColumns: referencedColumns, definition: definition, isValidated: constraint.isValidated,
      isDeferrable: constraint.isDeferrable)
  }

  private func keyText(_ key: DDLIndexKey, of relation: DDLRelation, _ printer: DDLExpressionPrinter) -> String {
    var text: String
    if let number = key.column {
      text = DDLTypeFormatting.quoteIdentifier(relation.column(number: number)?.name ?? "?")
    } else {
      text = key.expression.map { printer.indexKeyText($0) } ?? "?"
    }
    if let collation = key.collation { text += " COLLATE " + DDLTypeFormatting.quoteIdentifier(collation) }
    if let opclass = key.operatorClass { text += " " + opclass }
    return text
  }

  private func index(_ index: DDLIndex, of relation: DDLRelation, _ printer: DDLExpressionPrinter) -> Index {
    let keys = index.keys.map { key in
      IndexKey(
        column: key.column.flatMap { relation.column(number: $0)?.name },
        expression: key.expression.map { printer.indexKeyText($0) }, operatorClass: key.operatorClass,
        collation: key.collation, descending: key.descending, nullsFirst: key.nullsFirst)
    }
    let included = columnNames(index.included, of: relation)
    let keyTexts = index.keys.map { key -> String in
      var text = keyText(key, of: relation, printer)
      if key.descending { text += " DESC" }
      if key.descending && !key.nullsFirst { text += " NULLS LAST" }
      if !key.descending && key.nullsFirst { text += " NULLS FIRST" }
      return text
    }
    var definition =
      "CREATE \(index.isUnique ? "UNIQUE " : "")INDEX \(DDLTypeFormatting.quoteIdentifier(index.name)) ON "
    if relation.kind == .partitionedTable { definition += "ONLY " }
    definition +=
      DDLTypeFormatting.quoteIdentifier(relation.schema) + "." + DDLTypeFormatting.quoteIdentifier(relation.name)
    definition += " USING \(index.method) (\(keyTexts.joined(separator: ", ")))"
    if !included.isEmpty { definition += " INCLUDE (\(quotedList(included)))" }
    if index.nullsNotDistinct { definition += " NULLS NOT DISTINCT" }
    let predicate = index.predicate.map { printer.text($0) }
    if let predicate { definition += " WHERE (\(predicate))" }
    return Index(
      name: index.name, method: index.method, isUnique: index.isUnique, isPrimary: index.isPrimary,
      isValid: index.isValid, keys: keys, included: included, predicate: predicate, definition: definition)
  }

  private func partitionKey(_ key: DDLPartitionKey, of relation: DDLRelation, _ printer: DDLExpressionPrinter)
    -> Partitioning.Key
  {
    let parts = key.elements.map { element -> String in
      var text: String
      if let number = element.column {
        text = DDLTypeFormatting.quoteIdentifier(relation.column(number: number)?.name ?? "?")
      } else {
        text = element.expression.map { printer.indexKeyText($0) } ?? "?"
      }
      if let collation = element.collation { text += " COLLATE " + DDLTypeFormatting.quoteIdentifier(collation) }
      if let opclass = element.operatorClass { text += " " + opclass }
      return text
    }
    let columns = key.elements.map { element in
      element.column.flatMap { relation.column(number: $0)?.name } ?? "(expression)"
    }
    return Partitioning.Key(
      strategy: key.strategy, columns: columns,
      definition: "\(key.strategy.rawValue.uppercased()) (\(parts.joined(separator: ", ")))")
  }
}
