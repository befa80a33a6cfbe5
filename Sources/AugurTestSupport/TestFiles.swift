import Foundation

/// Files tests write (snapshots, query files, reports to read when a test fails), kept under one
/// folder per test process that is removed when the process exits, so that test runs leave
/// nothing behind in the temporary directory.
public enum TestFiles {
  /// The process's folder, made on first use; its removal is registered with `atexit`.
  public static let directory: URL = {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "augur-tests-\(ProcessInfo.processInfo.processIdentifier)-\(UUID().uuidString)")
    try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    atexit { try? FileManager.default.removeItem(at: TestFiles.directory) }
    return url
  }()

  /// A path no other test uses, ending in `name`.
  public static func path(_ name: String) -> String {
    directory.appendingPathComponent("\(UUID().uuidString)-\(name)").path
  }
}
