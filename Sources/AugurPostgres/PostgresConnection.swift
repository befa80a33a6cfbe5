import CLibPQ
import Foundation

/// A connection to PostgreSQL through libpq.
///
/// Connection strings are what libpq accepts: a `postgresql://` URI or `key=value` pairs; what
/// they leave out comes from libpq's environment (`PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`,
/// `PGPASSWORD`, `PGSERVICE`, `~/.pgpass`, `PGSSLMODE`, ...), exactly as for psql.
///
/// A connection is used by one thread at a time; `cancel()` is the one method another thread
/// may call, to stop a running statement.
public final class PostgresConnection: @unchecked Sendable {
  private let connection: OpaquePointer
  /// Guards `cancelHandle`, which another thread may use while a statement runs.
  private let cancelLock = NSLock()
  private var cancelHandle: OpaquePointer?

  /// Connects. An empty string means "everything from the environment".
  public init(_ connectionString: String = "") throws(PostgresError) {
    guard let connection = PQconnectdb(connectionString) else {
      throw PostgresError(kind: .connection, message: "out of memory while connecting")
    }
    guard PQstatus(connection) == CONNECTION_OK else {
      let message = Self.clean(PQerrorMessage(connection)) ?? "could not connect"
      PQfinish(connection)
      throw PostgresError(kind: .connection, message: message)
    }
    self.connection = connection
    cancelHandle = PQgetCancel(connection)
    // Text results in a known form, whatever the server's defaults.
    _ = try? execute("SET client_encoding = 'UTF8'; SET DateStyle = 'ISO, YMD'; SET IntervalStyle = 'postgres'")
  }

  deinit {
    cancelLock.lock()
    if let cancelHandle { PQfreeCancel(cancelHandle) }
    cancelHandle = nil
    cancelLock.unlock()
    PQfinish(connection)
  }

  /// A description of the connection for messages: user, host, port and database, never the password.
  public var displayName: String {
    let user = PQuser(connection).map { String(cString: $0) } ?? "?"
    let database = PQdb(connection).map { String(cString: $0) } ?? "?"
    let host = PQhost(connection).map { String(cString: $0) } ?? "?"
    let port = PQport(connection).map { String(cString: $0) } ?? "?"
    return "\(user)@\(host):\(port)/\(database)"
  }

  /// `server_version_num`, e.g. 150018.
  public var serverVersionNumber: Int { Int(PQserverVersion(connection)) }

  // MARK: Statements

  /// Runs one statement with `$1`, `$2`, ... parameters (as text; nil is NULL) and returns its rows.
  @discardableResult
  public func query(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> QueryResult {
    let result = withParameters(parameters) { values in
      PQexecParams(connection, sql, Int32(parameters.count), nil, values, nil, nil, 0)
    }
    return try consume(result)
  }

  /// Runs one or more statements without parameters (the simple query protocol), returning the
  /// result of the last one.
  @discardableResult
  public func execute(_ sql: String) throws(PostgresError) -> QueryResult {
    try consume(PQexec(connection, sql))
  }

  /// Asks the server to stop the statement running on this connection. Safe to call from any
  /// thread; the running call then throws a `.cancelled` error.
  public func cancel() {
    cancelLock.lock()
    defer { cancelLock.unlock() }
    guard let cancelHandle else { return }
    var buffer = [CChar](repeating: 0, count: 256)
    _ = PQcancel(cancelHandle, &buffer, Int32(buffer.count))
  }

  /// Runs `body` in a transaction that is always rolled back: read-only unless `readOnly` is
  /// false, with `statement_timeout` and `lock_timeout` in milliseconds when given. Nothing
  /// `body` does survives it.
  public func withRolledBackTransaction<T>(
    readOnly: Bool = true, isolation: String = "REPEATABLE READ", statementTimeoutMilliseconds: Int? = nil,
    lockTimeoutMilliseconds: Int? = nil, _ body: () throws -> T
  ) throws -> T {
    try execute("BEGIN ISOLATION LEVEL \(isolation)\(readOnly ? " READ ONLY" : "")")
    defer { _ = try? execute("ROLLBACK") }
    if let statementTimeoutMilliseconds {
      try execute("SET LOCAL statement_timeout = \(max(0, statementTimeoutMilliseconds))")
    }
    if let lockTimeoutMilliseconds {
      try execute("SET LOCAL lock_timeout = \(max(0, lockTimeoutMilliseconds))")
    }
    return try body()
  }

  // MARK: Results

  private func consume(_ result: OpaquePointer?) throws(PostgresError) -> QueryResult {
    guard let result else {
      throw PostgresError(
        kind: .connection, message: Self.clean(PQerrorMessage(connection)) ?? "no result from the server")
    }
    defer { PQclear(result) }
    switch PQresultStatus(result) {
    case PGRES_TUPLES_OK, PGRES_COMMAND_OK, PGRES_EMPTY_QUERY:
      return QueryResult(copying: result)
    default:
      throw Self.error(from: result, connection: connection)
    }
  }

  private static func error(from result: OpaquePointer, connection: OpaquePointer) -> PostgresError {
    func field(_ code: Int32) -> String? {
      PQresultErrorField(result, code).map { String(cString: $0) }
    }
    let sqlState = field(Int32(UInt8(ascii: "C")))
    let message =
      field(Int32(UInt8(ascii: "M"))) ?? clean(PQresultErrorMessage(result)) ?? clean(PQerrorMessage(connection))
      ?? "statement failed"
    let kind: PostgresError.Kind =
      sqlState == "57014" ? .cancelled : (PQstatus(connection) == CONNECTION_OK ? .query : .connection)
    return PostgresError(
      kind: kind, sqlState: sqlState, severity: field(Int32(UInt8(ascii: "V"))), message: message,
      detail: field(Int32(UInt8(ascii: "D"))), hint: field(Int32(UInt8(ascii: "H"))))
  }

  /// libpq messages end with a newline and sometimes repeat "ERROR:  ".
  private static func clean(_ message: UnsafePointer<CChar>?) -> String? {
    guard let message else { return nil }
    var text = String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
    for prefix in ["ERROR:  ", "FATAL:  "] where text.hasPrefix(prefix) {
      text.removeFirst(prefix.count)
    }
    return text.isEmpty ? nil : text
  }

  private func withParameters<R>(_ parameters: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    let copies = parameters.map { $0.map { strdup($0) } ?? nil }
    defer { copies.forEach { free($0) } }
    return body(copies.map { $0.map { UnsafePointer($0) } })
  }
}

/// The rows of a result, copied out of libpg's memory as text (PostgreSQL's output format).
public struct QueryResult: Sendable {
  public let columnNames: [String]
  public let rows: [[String?]]
  /// The command tag's row count for INSERT/UPDATE/DELETE (`PQcmdTuples`), when there is one.
  public let affectedRows: Int?

  init(copying result: OpaquePointer) {
    let columnCount = Int(PQnfields(result))
    let rowCount = Int(PQntuples(result))
    columnNames = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
    var rows: [[String?]] = []
    rows.reserveCapacity(rowCount)
    for row in 0..<rowCount {
      rows.append(
        (0..<columnCount).map { column in
          PQgetisnull(result, Int32(row), Int32(column)) == 1
            ? nil : String(cString: PQgetvalue(result, Int32(row), Int32(column)))
        })
    }
    self.rows = rows
    affectedRows = PQcmdTuples(result).flatMap { Int(String(cString: $0)) }
  }

  /// The value in `row` of the column named `column`.
  public func value(_ row: Int, _ column: String) -> String? {
    guard let index = columnNames.firstIndex(of: column), row < rows.count else { return nil }
    return rows[row][index]
  }

  /// The only value of a one-row, one-column result.
  public var scalar: String? { rows.first?.first ?? nil }

  /// A value as an integer (`int2`, `int4`, `int8`, `oid` text output); nil for NULL or non-numbers.
  public func int(_ row: Int, _ column: String) -> Int? {
    value(row, column).flatMap { Int($0) }
  }

  /// A value as a double (`float4`, `float8`, `numeric` text output, incl. `NaN` and `Infinity`).
  public func double(_ row: Int, _ column: String) -> Double? {
    value(row, column).flatMap { Double($0) }
  }

  /// A value as a boolean (`t`/`f`, PostgreSQL's text output for `bool`).
  public func bool(_ row: Int, _ column: String) -> Bool? {
    switch value(row, column) {
    case "t"?: true
    case "f"?: false
    default: nil
    }
  }
}
