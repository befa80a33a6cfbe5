/// An error from PostgreSQL or from talking to it. Messages come from the server or libpq and
/// never contain the password: Augur never puts connection strings into messages.
public struct PostgresError: Error, Sendable, Hashable, CustomStringConvertible {
  public enum Kind: String, Sendable, Hashable {
    /// Could not connect or authenticate (server down, wrong host, wrong password, no such database).
    case connection
    /// The server rejected a statement (syntax, privileges, timeouts, ...): see `sqlState`.
    case query
    /// A statement was cancelled or timed out.
    case cancelled
    /// libpq returned something Augur did not expect.
    case protocolViolation
  }
  public var kind: Kind
  /// The five-character SQLSTATE (`42501` insufficient privilege, `57014` query cancelled, ...).
  public var sqlState: String?
  /// `ERROR`, `FATAL`, ...
  public var severity: String?
  public var message: String
  public var detail: String?
  public var hint: String?

  public init(
    kind: Kind, sqlState: String? = nil, severity: String? = nil, message: String, detail: String? = nil,
    hint: String? = nil
  ) {
    self.kind = kind
    self.sqlState = sqlState
    self.severity = severity
    self.message = message
    self.detail = detail
    self.hint = hint
  }

  public var description: String {
    var text = message
    if let sqlState { text += " (SQLSTATE \(sqlState))" }
    if let detail { text += "; detail: \(detail)" }
    if let hint { text += "; hint: \(hint)" }
    return text
  }

  /// True for `insufficient_privilege`.
  public var isPermissionDenied: Bool { sqlState == "42501" }
}
