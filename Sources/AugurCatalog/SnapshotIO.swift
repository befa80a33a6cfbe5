import AugurSQL
import Foundation

/// Why a snapshot file could not be read or written.
public struct SnapshotError: Error, Sendable, Hashable, CustomStringConvertible {
  public enum Kind: String, Sendable, Hashable {
    /// Not JSON at all (truncated, hand-edited into invalid syntax, binary).
    case malformed
    /// JSON, but not a snapshot: a field is missing or has the wrong type.
    case invalidContent
    /// Written by a newer Augur (or not a version this build knows).
    case unsupportedVersion
    /// The file could not be read or written.
    case io
  }
  public var kind: Kind
  /// The file, when there is one.
  public var file: String?
  /// Line and column in the file for syntax errors.
  public var position: SourcePosition?
  /// The JSON path of the offending value for content errors, e.g. `relations[3].columns[0].name`.
  public var path: String?
  public var message: String

  public var description: String {
    var text = file ?? "snapshot"
    if let position { text += ":\(position.line):\(position.column)" }
    text += ": "
    if let path, !path.isEmpty { text += "at \(path): " }
    return text + message
  }
}

extension StatsSnapshot {
  /// The snapshot as JSON: keys sorted and indented, so that the same snapshot always gives the
  /// same bytes and diffs between two snapshots read well.
  public func jsonData() throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(self)
  }

  /// Reads a snapshot, checking its format version first so that a newer file gets a clear
  /// message rather than a confusing field error.
  public static func load(from data: Data, file: String? = nil) throws(SnapshotError) -> StatsSnapshot {
    guard !data.isEmpty else {
      throw SnapshotError(kind: .malformed, file: file, position: nil, path: nil, message: "the file is empty")
    }
    let header: JSONValue
    do {
      header = try JSONValue.parse(data)
    } catch {
      throw SnapshotError(
        kind: .malformed, file: file, position: SourcePosition(offset: error.offset, inUTF8: data), path: nil,
        message: "not valid JSON: \(error.message)")
    }
    guard case .object = header else {
      throw SnapshotError(
        kind: .invalidContent, file: file, position: nil, path: nil, message: "expected a JSON object at the top")
    }
    guard case .int(let version)? = header["formatVersion"] else {
      throw SnapshotError(
        kind: .invalidContent, file: file, position: nil, path: "formatVersion",
        message: "missing or not an integer; is this an Augur stats snapshot?")
    }
    guard (1...currentFormatVersion).contains(version) else {
      throw SnapshotError(
        kind: .unsupportedVersion, file: file, position: nil, path: "formatVersion",
        message:
          "format version \(version) is not supported by this Augur (it reads 1 to \(currentFormatVersion)); "
          + "update Augur or gather the snapshot again")
    }
    do {
      return try JSONDecoder().decode(StatsSnapshot.self, from: data)
    } catch let error as DecodingError {
      throw SnapshotError(
        kind: .invalidContent, file: file, position: nil, path: error.codingPathDescription, message: error.reason)
    } catch {
      throw SnapshotError(kind: .invalidContent, file: file, position: nil, path: nil, message: "\(error)")
    }
  }

  public static func load(contentsOf path: String) throws(SnapshotError) -> StatsSnapshot {
    let data: Data
    do {
      data = try Data(contentsOf: URL(fileURLWithPath: path))
    } catch {
      throw SnapshotError(
        kind: .io, file: path, position: nil, path: nil, message: "cannot read: \(error.localizedDescription)")
    }
    return try load(from: data, file: path)
  }

  /// Writes the snapshot to `path` atomically: to a temporary file in the same folder, then
  /// renamed, so that a failure never leaves a partial snapshot behind.
  public func write(to path: String) throws(SnapshotError) {
    do {
      try AtomicFile.write(try jsonData(), to: path)
    } catch {
      throw SnapshotError(kind: .io, file: path, position: nil, path: nil, message: "cannot write: \(error)")
    }
  }
}

/// Writes files through a temporary file and a rename.
public enum AtomicFile {
  public static func write(_ data: Data, to path: String) throws {
    let url = URL(fileURLWithPath: path)
    let directory = url.deletingLastPathComponent()
    let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
    do {
      try data.write(to: temporary)
      // rename(2) replaces the target atomically within one file system.
      guard rename(temporary.path, url.path) == 0 else {
        throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
      }
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw error
    }
  }
}

extension DecodingError {
  fileprivate var context: Context? {
    switch self {
    case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
      .dataCorrupted(let context):
      return context
    @unknown default:
      return nil
    }
  }

  /// `relations[3].columns[0].name`.
  fileprivate var codingPathDescription: String {
    var path = context?.codingPath ?? []
    if case .keyNotFound(let key, _) = self { path.append(key) }
    var text = ""
    for key in path {
      if let index = key.intValue {
        text += "[\(index)]"
      } else {
        text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
      }
    }
    return text
  }

  fileprivate var reason: String {
    switch self {
    case .keyNotFound: return "missing field"
    case .valueNotFound(let type, _): return "null where \(type) is required"
    case .typeMismatch(let type, _): return "wrong type, expected \(type)"
    case .dataCorrupted(let context): return context.debugDescription
    @unknown default: return "invalid content"
    }
  }
}
