import Foundation

/// An error a command reports as one line on stderr (plus an optional excerpt) before exiting.
/// Every layer's error is mapped to one of these at the command boundary.
struct CommandFailure: Error {
  /// `file:line:column: message`, or just the message when there is no location.
  var message: String
  var exitCode: Int32

  static func badInput(_ message: String) -> CommandFailure {
    CommandFailure(message: message, exitCode: 2)
  }

  func report() {
    var standardError = StandardError()
    print("augur: error: \(message)", to: &standardError)
  }
}

/// Standard error as a `TextOutputStream`.
struct StandardError: TextOutputStream {
  mutating func write(_ string: String) {
    FileHandle.standardError.write(Data(string.utf8))
  }
}
