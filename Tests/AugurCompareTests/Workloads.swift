import AugurCatalog
import AugurCompare
import AugurPostgres
import AugurTestSupport
import Foundation

/// The Corpus workloads loaded into the shared test cluster, each database loaded once per test
/// process (tests run in parallel, so loading is serialized behind a lock).
enum Workloads {
  static let names = ["ecommerce", "warehouse", "clickstream"]
  private static let lock = NSLock()
  nonisolated(unsafe) private static var loaded: Set<String> = []

  /// A connection to workload `name` at scale 1, in a database of its own (`<suite>_<name>`).
  static func connect(_ name: String, suite: String) throws -> PostgresConnection {
    let database = "\(suite)_\(name)"
    try lock.withLock {
      if !loaded.contains(database) {
        _ = try SharedTestCluster.database(database, workload: name, scale: 1)
        loaded.insert(database)
      }
    }
    return try SharedTestCluster.cluster().connect(database: database)
  }
}
