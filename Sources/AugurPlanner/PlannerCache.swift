import AugurCatalog
import Foundation

/// What a `Planner` computes once per snapshot and reuses across queries and what-if calls:
/// columns' statistics read into typed values, and partial indexes' predicates analyzed. Shared
/// by copies of the planner and safe to use from several threads.
final class PlannerCache: @unchecked Sendable {
  private let lock = NSLock()
  private var statistics: [String: VariableStatistics.ParsedStatistics] = [:]
  private var predicates: [String: [TypedExpr]?] = [:]
  private var columnTypes: [String: [SQLType]] = [:]

  /// The types of a relation's columns, read from their `format_type` text once.
  func columnTypes(of relation: Relation) -> [SQLType] {
    let key = relation.qualifiedName
    lock.lock()
    if let found = columnTypes[key] {
      lock.unlock()
      return found
    }
    lock.unlock()
    let types = relation.columns.map { SQLType(formatted: $0.type) }
    lock.lock()
    columnTypes[key] = types
    lock.unlock()
    return types
  }

  /// The parsed statistics stored under `key`, computing them on first use.
  func parsedStatistics(_ key: String, make: () -> VariableStatistics.ParsedStatistics)
    -> VariableStatistics.ParsedStatistics
  {
    lock.lock()
    if let found = statistics[key] {
      lock.unlock()
      return found
    }
    lock.unlock()
    let made = make()
    lock.lock()
    statistics[key] = made
    lock.unlock()
    return made
  }

  /// A partial index's analyzed predicate, computing it on first use.
  func predicate(_ key: String, make: () -> [TypedExpr]?) -> [TypedExpr]? {
    lock.lock()
    if let found = predicates[key] {
      lock.unlock()
      return found
    }
    lock.unlock()
    let made = make()
    lock.lock()
    predicates[key] = .some(made)
    lock.unlock()
    return made
  }
}
