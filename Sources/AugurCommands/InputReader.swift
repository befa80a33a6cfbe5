import AugurSQL
import Foundation

/// Reads a command's input (a file, or `-` for standard input) as SQL text.
struct InputReader {
  /// The name used in messages: the path, or `<stdin>`.
  let displayName: String
  private let path: String

  init(path: String) {
    self.path = path
    displayName = path == "-" ? "<stdin>" : path
  }

  /// The whole input as validated UTF-8 text.
  func readSQL() throws(CommandFailure) -> String {
    let data: Data
    do {
      if path == "-" {
        data = FileHandle.standardInput.readDataToEndOfFile()
      } else {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
          throw CommandFailure.badInput("\(displayName): no such file")
        }
        guard !isDirectory.boolValue else { throw CommandFailure.badInput("\(displayName): is a directory") }
        data = try Data(contentsOf: URL(fileURLWithPath: path))
      }
    } catch let failure as CommandFailure {
      throw failure
    } catch {
      throw CommandFailure.badInput("\(displayName): cannot read: \(error.localizedDescription)")
    }
    do {
      return try SQLSource.text(fromUTF8: data)
    } catch {
      throw failure(error)
    }
  }

  /// A parse error as `file:line:column: message` with its excerpt.
  func failure(_ error: SQLParseError) -> CommandFailure {
    guard error.position != nil else { return CommandFailure.badInput("\(displayName): \(error)") }
    return CommandFailure.badInput("\(displayName):\(error)")
  }
}
