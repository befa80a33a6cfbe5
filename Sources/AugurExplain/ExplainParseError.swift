import AugurSQL

/// Why EXPLAIN output could not be read, and where.
public struct ExplainParseError: Error, Sendable, Hashable, CustomStringConvertible {
  public var file: String?
  /// Line and column in the input.
  public var position: SourcePosition?
  public var message: String

  public init(file: String?, position: SourcePosition?, message: String) {
    self.file = file
    self.position = position
    self.message = message
  }

  public var description: String {
    var text = file ?? "plan"
    if let position { text += ":\(position.line):\(position.column)" }
    return text + ": " + message
  }
}
