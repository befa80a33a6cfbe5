import AugurSQL
import Foundation

/// Runs `EXPLAIN (FORMAT JSON)` — with `ANALYZE, BUFFERS` when asked — on one statement, in a way
/// that never changes the user's data:
///
/// - the SQL is parsed first and must be exactly one plannable statement (SELECT/VALUES, INSERT,
///   UPDATE, DELETE, MERGE); utility statements and EXPLAIN itself are refused;
/// - statements that may modify data (`Statement.mayModifyData`) are refused unless
///   `allowWrites`, and even then run only in a transaction that is always rolled back;
/// - everything runs in `withRolledBackTransaction` (read-only unless `allowWrites`) with
///   `statement_timeout` and `lock_timeout`, and the requested settings applied with
///   `set_config(name, value, true)` (`SET LOCAL`), so nothing leaks into the session;
/// - `$n` parameters are bound by `PREPARE` / `EXPLAIN EXECUTE` with the values as quoted
///   literals, or, without values and without ANALYZE, planned as a generic plan
///   (`plan_cache_mode = force_generic_plan`, PostgreSQL 15 has no `GENERIC_PLAN` option).
public struct ExplainRunner {
  public struct Options: Sendable {
    /// EXPLAIN ANALYZE (runs the statement), with BUFFERS.
    public var analyze: Bool
    /// Allow statements that may modify data; they still run only in a rolled-back transaction.
    public var allowWrites: Bool
    /// `statement_timeout` for the EXPLAIN, in milliseconds (0 means none, as in PostgreSQL).
    public var statementTimeoutMilliseconds: Int
    /// `lock_timeout` while the EXPLAIN waits for locks, in milliseconds.
    public var lockTimeoutMilliseconds: Int
    /// Values for `$1`...`$n` as text (nil is NULL). Empty means "no values".
    public var parameters: [String?]
    /// Settings applied with `SET LOCAL name = value` before the EXPLAIN (e.g. `work_mem`).
    /// Values are the setting's value as text; one pair of enclosing single quotes is removed.
    public var settings: [String: String]
    /// Adds `SETTINGS` to the EXPLAIN options: the plan's "Settings" key lists planner settings
    /// that differ from their defaults.
    public var showSettings: Bool

    public init(
      analyze: Bool = false, allowWrites: Bool = false, statementTimeoutMilliseconds: Int = 60_000,
      lockTimeoutMilliseconds: Int = 5_000, parameters: [String?] = [], settings: [String: String] = [:],
      showSettings: Bool = false
    ) {
      self.analyze = analyze
      self.allowWrites = allowWrites
      self.statementTimeoutMilliseconds = statementTimeoutMilliseconds
      self.lockTimeoutMilliseconds = lockTimeoutMilliseconds
      self.parameters = parameters
      self.settings = settings
      self.showSettings = showSettings
    }
  }

  /// The name of the prepared statement used for parameterized statements.
  public static let preparedStatementName = "augur_explain_stmt"

  /// Settings that the runner controls itself, or that would undo its safety; refused in `settings`.
  static let reservedSettings: Set<String> = [
    "statement_timeout", "lock_timeout", "transaction_read_only", "default_transaction_read_only",
    "transaction_isolation", "default_transaction_isolation", "session_authorization", "role",
    "standard_conforming_strings", "plan_cache_mode", "idle_in_transaction_session_timeout",
  ]

  public let connection: PostgresConnection

  public init(connection: PostgresConnection) {
    self.connection = connection
  }

  /// Runs EXPLAIN (FORMAT JSON, plus ANALYZE, BUFFERS when analyze) on one statement and returns
  /// the JSON text PostgreSQL printed.
  public func explain(_ sql: String, options: Options) throws(ExplainRunnerError) -> String {
    let statementText = try Self.checkedStatement(sql, options: options)
    let parameterCount = try Self.highestParameter(in: statementText)
    let settings = try Self.checkedSettings(options.settings)
    for value in options.parameters {
      if let value, value.utf8.contains(0) {
        throw ExplainRunnerError(kind: .invalidOption, message: "a parameter value contains a NUL byte")
      }
    }

    // How the statement is planned.
    enum Mode { case direct, withValues, generic }
    let mode: Mode
    if parameterCount == 0 {
      guard options.parameters.isEmpty else {
        throw ExplainRunnerError(
          kind: .invalidOption,
          message: "\(options.parameters.count) parameter value(s) given but the statement has no $n parameters")
      }
      mode = .direct
    } else if options.parameters.count == parameterCount {
      mode = .withValues
    } else if options.parameters.count > parameterCount {
      throw ExplainRunnerError(
        kind: .invalidOption,
        message:
          "\(options.parameters.count) parameter values given but the statement uses only \(parameterCount) ($1..$\(parameterCount))"
      )
    } else if options.parameters.isEmpty && !options.analyze {
      mode = .generic
    } else {
      throw ExplainRunnerError(
        kind: .missingParameters,
        message:
          "the statement uses \(parameterCount) parameter(s) ($1..$\(parameterCount)) but \(options.parameters.count) value(s) were given"
          + (options.analyze ? "; EXPLAIN ANALYZE needs a value for each" : ""))
    }

    var explainOptions = ["FORMAT JSON"]
    if options.analyze { explainOptions = ["ANALYZE", "BUFFERS"] + explainOptions }
    if options.showSettings { explainOptions.append("SETTINGS") }
    let explainPrefix = "EXPLAIN (\(explainOptions.joined(separator: ", "))) "
    let name = Self.preparedStatementName

    var prepared = false
    // PREPARE is not transactional: the prepared statement outlives the rollback, so drop it
    // afterwards (outside the transaction, which may have been aborted by an error).
    defer {
      if prepared { _ = try? connection.execute("DEALLOCATE \(name)") }
    }
    do {
      if mode != .direct {
        // A statement left over from an interrupted run would make PREPARE fail.
        if try connection.query("SELECT 1 FROM pg_prepared_statements WHERE name = $1", [name]).rows.count > 0 {
          try connection.execute("DEALLOCATE \(name)")
        }
      }
      return try connection.withRolledBackTransaction(
        readOnly: !options.allowWrites, statementTimeoutMilliseconds: options.statementTimeoutMilliseconds,
        lockTimeoutMilliseconds: options.lockTimeoutMilliseconds
      ) { () throws -> String in
        // The literals below are quoted for standard_conforming_strings = on.
        try connection.execute("SET LOCAL standard_conforming_strings = on")
        for (name, value) in settings {
          try connection.query("SELECT set_config($1, $2, true)", [name, value])
        }
        let explainSQL: String
        switch mode {
        case .direct:
          explainSQL = explainPrefix + statementText
        case .withValues, .generic:
          if mode == .generic {
            try connection.execute("SET LOCAL plan_cache_mode = force_generic_plan")
          }
          // The extended protocol refuses more than one statement in the text.
          try connection.query("PREPARE \(name) AS \(statementText)")
          prepared = true
          let arguments =
            mode == .generic
            ? Array(repeating: "NULL", count: parameterCount)
            : options.parameters.map { $0.map(Self.quoteLiteral) ?? "NULL" }
          explainSQL = explainPrefix + "EXECUTE \(name)(\(arguments.joined(separator: ", ")))"
        }
        let result = try connection.query(explainSQL)
        guard let json = result.scalar else {
          throw PostgresError(kind: .protocolViolation, message: "EXPLAIN returned no plan")
        }
        return json
      }
    } catch let error as PostgresError {
      throw Self.translate(error, options: options)
    } catch let error as ExplainRunnerError {
      throw error
    } catch {
      throw ExplainRunnerError(kind: .server, message: "\(error)")
    }
  }

  // MARK: Checks

  /// Parses `sql`, checks it is one statement the runner may explain, and returns its text
  /// (without the trailing `;`).
  static func checkedStatement(_ sql: String, options: Options) throws(ExplainRunnerError) -> String {
    let statements: [ParsedStatement]
    do {
      statements = try SQLParser.parse(sql)
    } catch {
      throw ExplainRunnerError(kind: .syntax, message: error.description)
    }
    guard statements.count == 1, let parsed = statements.first else {
      throw ExplainRunnerError(
        kind: .notOneStatement,
        message: "expected exactly one statement to explain, found \(statements.count)")
    }
    let statement = parsed.statement
    switch statement {
    case .explain:
      throw ExplainRunnerError(
        kind: .notOneStatement,
        message: "the statement is already an EXPLAIN; give the statement itself (Augur adds EXPLAIN)")
    case .select, .insert, .update, .delete:
      break
    case .other(let raw) where raw.tag == "MergeStmt":
      break
    default:
      throw ExplainRunnerError(
        kind: .refusedWrite,
        message:
          "\(statement.nodeTag) is a utility statement; Augur explains only SELECT, VALUES, INSERT, UPDATE, DELETE and MERGE"
      )
    }
    if statement.mayModifyData && !options.allowWrites {
      throw ExplainRunnerError(
        kind: .refusedWrite,
        message:
          "the statement may modify data or lock rows (\(statement.nodeTag)); allow writes to explain it "
          + "(it then runs in a transaction that is always rolled back)")
    }
    let utf8 = Array(sql.utf8)
    let start = min(max(0, parsed.range.start), utf8.count)
    let end = min(max(start, parsed.range.end), utf8.count)
    var text = String(decoding: utf8[start..<end], as: UTF8.self)
    if parsed.range.end <= parsed.range.start { text = sql }
    return text
  }

  /// The highest `$n` in the statement, from the scanner's tokens (0 when there is none).
  static func highestParameter(in sql: String) throws(ExplainRunnerError) -> Int {
    let tokens: [Token]
    do {
      tokens = try SQLParser.scan(sql)
    } catch {
      throw ExplainRunnerError(kind: .syntax, message: error.description)
    }
    let utf8 = Array(sql.utf8)
    var highest = 0
    for token in tokens where token.kind == .parameter {
      let start = min(max(0, token.range.start), utf8.count)
      let end = min(max(start, token.range.end), utf8.count)
      let text = String(decoding: utf8[start..<end], as: UTF8.self)
      if let number = Int(text.drop { $0 == "$" }) { highest = max(highest, number) }
    }
    return highest
  }

  /// Validated settings: names look like GUC names (`work_mem`, `ext.name`), reserved names are
  /// refused, values lose one pair of enclosing quotes. Sorted by name for a stable order.
  static func checkedSettings(_ settings: [String: String]) throws(ExplainRunnerError) -> [(String, String)] {
    var checked: [(String, String)] = []
    for (name, rawValue) in settings.sorted(by: { $0.key < $1.key }) {
      let lowered = name.lowercased()
      let validName =
        !lowered.isEmpty
        && lowered.unicodeScalars.allSatisfy {
          $0 == "_" || $0 == "." || ("a"..."z").contains($0) || ("0"..."9").contains($0)
        }
      guard validName else {
        throw ExplainRunnerError(kind: .invalidOption, message: "\"\(name)\" is not a setting name")
      }
      guard !reservedSettings.contains(lowered) else {
        throw ExplainRunnerError(
          kind: .invalidOption, message: "the setting \(lowered) is controlled by Augur and cannot be changed here")
      }
      var value = rawValue.trimmingCharacters(in: .whitespaces)
      if value.count >= 2, value.hasPrefix("'"), value.hasSuffix("'") {
        value = String(value.dropFirst().dropLast()).replacingOccurrences(of: "''", with: "'")
      }
      guard !value.utf8.contains(0) else {
        throw ExplainRunnerError(kind: .invalidOption, message: "the value of \(lowered) contains a NUL byte")
      }
      checked.append((lowered, value))
    }
    return checked
  }

  /// A standard SQL string literal (for `standard_conforming_strings = on`).
  static func quoteLiteral(_ value: String) -> String {
    "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
  }

  static func translate(_ error: PostgresError, options: Options) -> ExplainRunnerError {
    if error.sqlState == "57014", error.message.contains("statement timeout") {
      return ExplainRunnerError(
        kind: .timeout,
        message:
          "the statement did not finish within the statement_timeout of \(options.statementTimeoutMilliseconds) ms",
        postgresError: error)
    }
    if error.sqlState == "55P03" {
      return ExplainRunnerError(
        kind: .timeout,
        message: "a lock was not granted within the lock_timeout of \(options.lockTimeoutMilliseconds) ms",
        postgresError: error)
    }
    return ExplainRunnerError(kind: .server, message: error.description, postgresError: error)
  }
}

/// Why `ExplainRunner` did not return a plan.
public struct ExplainRunnerError: Error, CustomStringConvertible, Sendable {
  public enum Kind: String, Sendable, Hashable {
    /// The text is not exactly one statement, or is itself an EXPLAIN.
    case notOneStatement
    /// A data-modifying statement without `allowWrites`, or a utility statement (never run).
    case refusedWrite
    /// `$n` parameters without values where values are needed (EXPLAIN ANALYZE, or some given).
    case missingParameters
    /// The SQL does not parse; the message has line:column.
    case syntax
    /// PostgreSQL reported an error.
    case server
    /// `statement_timeout` or `lock_timeout` expired.
    case timeout
    /// An option is not usable: too many parameter values, a bad or reserved setting name.
    case invalidOption
  }
  public var kind: Kind
  public var message: String
  public var postgresError: PostgresError?

  public init(kind: Kind, message: String, postgresError: PostgresError? = nil) {
    self.kind = kind
    self.message = message
    self.postgresError = postgresError
  }

  public var description: String { message }
}
