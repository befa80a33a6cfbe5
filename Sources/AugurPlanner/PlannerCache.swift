import AugurCatalog
import Foundation

/// What a `Planner` computes once per snapshot and reuses across queries and what-if calls:
/// columns' statistics read into typed values, column types, and partial indexes' predicates
/// analyzed. Shared by copies of the planner and safe to use from several threads.
final class PlannerCache: @unchecked Sendable {
  private let lock = NSLock()
  private var statistics: [String: VariableStatistics.ParsedStatistics] = [:]
  private var predicates: [String: [TypedExpr]?] = [:]
  private var columnTypes: [String: [SQLType]] = [:]

  /// The value stored under `key` in `table`, computed outside the lock on first use.
  private func value<Value>(
    _ table: ReferenceWritableKeyPath<PlannerCache, [String: Value]>, _ key: String, make: () -> Value
  ) -> Value {
    lock.lock()
    let found = self[keyPath: table][key]
    lock.unlock()
    if let found { return found }
    let made = make()
    lock.lock()
    self[keyPath: table][key] = made
    lock.unlock()
    return made
  }

  /// The types of a relation's columns, read from their `format_type` text once.
  func columnTypes(of relation: Relation) -> [SQLType] {
    value(\.columnTypes, relation.qualifiedName) { relation.columns.map { SQLType(formatted: $0.type) } }
  }

  /// The parsed statistics stored under `key`, computing them on first use.
  func parsedStatistics(_ key: String, make: () -> VariableStatistics.ParsedStatistics)
    -> VariableStatistics.ParsedStatistics
  {
    value(\.statistics, key, make: make)
  }

  /// A partial index's analyzed predicate, computing it on first use.
  func predicate(_ key: String, make: () -> [TypedExpr]?) -> [TypedExpr]? {
    value(\.predicates, key, make: make)
  }
}
