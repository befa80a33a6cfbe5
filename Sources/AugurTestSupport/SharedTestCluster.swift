import AugurPostgres
import Foundation

/// One throwaway PostgreSQL cluster per test process, started on first use and stopped when the
/// process exits (also when tests fail). Tests that need a server create their own database in it.
public enum SharedTestCluster {
  private static let started: Result<TemporaryCluster, any Error> = {
    let result = Result { try TemporaryCluster() }
    atexit { SharedTestCluster.stopAtExit() }
    return result
  }()

  /// The cluster; throws (and the test fails) when no cluster could be started.
  public static func cluster() throws -> TemporaryCluster {
    try started.get()
  }

  private static func stopAtExit() {
    if case .success(let cluster) = started { cluster.stop() }
  }

  /// A fresh database named `name`, with the Corpus workload `workload` loaded at `scale` when given.
  public static func database(_ name: String, workload: String? = nil, scale: Int = 1) throws -> String {
    let cluster = try cluster()
    try cluster.createDatabase(name)
    if let workload {
      let directory = repositoryRoot.appendingPathComponent("Corpus/\(workload)")
      try cluster.runScript(directory.appendingPathComponent("schema.sql").path, database: name)
      try cluster.runScript(
        directory.appendingPathComponent("generate.sql").path, database: name, variables: ["scale": String(scale)])
    }
    return name
  }

  /// The repository root (this file is Sources/AugurTestSupport/SharedTestCluster.swift).
  public static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
}
