import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A throwaway PostgreSQL 15 cluster for tests, benchmarks and `make demo`: `initdb` into a
/// temporary folder, a free port on 127.0.0.1 only, `pg_stat_statements`, `auto_explain` and
/// (when installed) `hypopg` available. Stopped and removed by `stop()` or when released.
///
/// PostgreSQL refuses to run as root, so when the process is root (as CI is) the server runs as
/// the unprivileged `postgres` user through `runuser`.
public final class TemporaryCluster: @unchecked Sendable {
  public struct Failure: Error, CustomStringConvertible, Sendable {
    public var description: String
  }

  /// The folder holding the data directory, the socket and the log.
  public let directory: URL
  public let port: Int
  /// The superuser the cluster was created with.
  public let user = "augur"
  private let binDirectory: String
  private let runAsUser: String?
  private let lock = NSLock()
  private var running = false

  /// Creates and starts a cluster.
  public init(settings: [String: String] = [:]) throws {
    binDirectory = try Self.findBinDirectory()
    runAsUser = getuid() == 0 ? "postgres" : nil
    let base = FileManager.default.temporaryDirectory.path
    var template = Array("\(base)/augur-pg-XXXXXX".utf8CString)
    guard let created = mkdtemp(&template) else { throw Failure(description: "cannot create a temporary folder") }
    directory = URL(fileURLWithPath: String(cString: created))
    port = try Self.freePort()
    do {
      if let runAsUser { try Subprocess.run("/bin/chown", ["-R", runAsUser, directory.path]) }
      try runTool(
        "initdb",
        ["-D", dataDirectory, "-A", "trust", "-U", user, "-E", "UTF8", "--locale=C", "--no-sync", "--no-instructions"])
      try requirePasswordsForTestRoles()
      var options = [
        "-p \(port)", "-k \(directory.path)", "-c listen_addresses=127.0.0.1", "-c fsync=off",
        "-c synchronous_commit=off", "-c full_page_writes=off",
        "-c shared_preload_libraries=pg_stat_statements,auto_explain", "-c max_connections=40",
      ]
      for (name, value) in settings.sorted(by: { $0.key < $1.key }) { options.append("-c \(name)=\(value)") }
      try runTool(
        "pg_ctl", ["-D", dataDirectory, "-o", options.joined(separator: " "), "-l", logPath, "-w", "-t", "60", "start"])
      running = true
      try connect().execute("CREATE ROLE \(Self.passwordRequiredRole) NOLOGIN")
    } catch {
      let log = (try? String(contentsOfFile: logPath, encoding: .utf8)).map { "\n" + $0.suffix(2_000) } ?? ""
      stop()
      throw Failure(description: "could not start a temporary PostgreSQL cluster: \(error)\(log)")
    }
  }

  deinit { stop() }

  /// Members of this role must log in with a password (SCRAM) over TCP; all other roles are
  /// trusted. Tests grant it to roles that check password handling.
  public static let passwordRequiredRole = "augur_password_required"

  private func requirePasswordsForTestRoles() throws {
    let path = dataDirectory + "/pg_hba.conf"
    let rules = try String(contentsOfFile: path, encoding: .utf8)
    let rule = "host all +\(Self.passwordRequiredRole) 127.0.0.1/32 scram-sha-256\n"
    try (rule + rules).write(toFile: path, atomically: false, encoding: .utf8)
  }

  public var dataDirectory: String { directory.appendingPathComponent("data").path }
  public var logPath: String { directory.appendingPathComponent("server.log").path }

  /// A libpq connection string for `database`.
  public func connectionString(database: String = "postgres") -> String {
    "host=127.0.0.1 port=\(port) user=\(user) dbname=\(database) connect_timeout=10"
  }

  /// A `postgresql://` URI for `database`.
  public func uri(database: String = "postgres") -> String {
    "postgresql://\(user)@127.0.0.1:\(port)/\(database)"
  }

  public func connect(database: String = "postgres") throws -> PostgresConnection {
    try PostgresConnection(connectionString(database: database))
  }

  /// Creates a database (dropping one of the same name first).
  public func createDatabase(_ name: String) throws {
    let connection = try connect()
    try connection.execute("DROP DATABASE IF EXISTS \"\(name)\" WITH (FORCE)")
    try connection.execute("CREATE DATABASE \"\(name)\"")
  }

  /// Runs a SQL script with psql (`ON_ERROR_STOP`), with `variables` as `-v name=value`.
  public func runScript(_ path: String, database: String, variables: [String: String] = [:]) throws {
    var arguments = ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", connectionString(database: database), "-f", path]
    for (name, value) in variables.sorted(by: { $0.key < $1.key }) { arguments += ["-v", "\(name)=\(value)"] }
    try Subprocess.run(binDirectory + "/psql", arguments)
  }

  /// Stops the server immediately and removes the folder. Safe to call more than once.
  public func stop() {
    lock.lock()
    defer { lock.unlock() }
    if running {
      try? runTool("pg_ctl", ["-D", dataDirectory, "-m", "immediate", "-w", "stop"])
      running = false
    }
    try? FileManager.default.removeItem(at: directory)
  }

  // MARK: Processes

  private func runTool(_ tool: String, _ arguments: [String]) throws {
    let path = binDirectory + "/" + tool
    if let runAsUser {
      try Subprocess.run("/sbin/runuser", ["-u", runAsUser, "--", path] + arguments)
    } else {
      try Subprocess.run(path, arguments)
    }
  }

  private static func findBinDirectory() throws -> String {
    for candidate in ["/usr/lib/postgresql/15/bin"] where FileManager.default.fileExists(atPath: candidate + "/initdb")
    {
      return candidate
    }
    throw Failure(description: "PostgreSQL 15 server binaries not found (install postgresql-15: make deps)")
  }

  /// A port that was free a moment ago: bind to port 0 on 127.0.0.1 and read what the kernel chose.
  private static func freePort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw Failure(description: "cannot open a socket") }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 }
    }
    let named = withUnsafeMutablePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) == 0 }
    }
    guard bound, named else { throw Failure(description: "cannot find a free port on 127.0.0.1") }
    return Int(UInt16(bigEndian: address.sin_port))
  }
}
