/// A JSON document kept as data: the form in which Augur holds parse-tree nodes it has no typed
/// model for, so that nothing the parser produced is dropped.
public enum JSONValue: Sendable, Hashable {
  case null
  case bool(Bool)
  case int(Int)
  case double(Double)
  case string(String)
  case array([JSONValue])
  /// Members in the order the producer wrote them.
  case object([Member])

  public struct Member: Sendable, Hashable {
    public var key: String
    public var value: JSONValue
    public init(key: String, value: JSONValue) {
      self.key = key
      self.value = value
    }
  }

  /// Where and why a text is not valid JSON.
  public struct SyntaxError: Error, Sendable, Hashable {
    public var message: String
    /// Byte offset of the problem.
    public var offset: Int
  }

  /// Parses a complete JSON document (such as a stats snapshot). Object keys must not contain
  /// escape sequences, which no document Augur reads has.
  public static func parse(_ data: some Collection<UInt8>, depthLimit: Int = 256) throws(SyntaxError) -> JSONValue {
    let bytes = Array(data)
    return try bytes.withUnsafeBufferPointer { (buffer) throws(SyntaxError) -> JSONValue in
      var reader = JSONReader(buffer, depthLimit: depthLimit)
      do {
        let value = try reader.readValue()
        guard reader.isAtEnd() else {
          throw SyntaxError(message: "unexpected text after the document", offset: reader.position)
        }
        return value
      } catch let failure as JSONReader.Failure {
        throw SyntaxError(message: failure.message, offset: failure.position)
      } catch let error as SyntaxError {
        throw error
      } catch {
        throw SyntaxError(message: "\(error)", offset: reader.position)
      }
    }
  }

  /// The value of the first member named `key`, when this is an object.
  public subscript(key: String) -> JSONValue? {
    guard case .object(let members) = self else { return nil }
    return members.first { $0.key == key }?.value
  }
}

extension JSONValue: Decodable {
  public init(from decoder: any Decoder) throws {
    if let container = try? decoder.container(keyedBy: AnyCodingKey.self) {
      var members: [Member] = []
      // Keyed containers do not promise the document's order; sort for a stable result.
      for key in container.allKeys.sorted(by: { $0.stringValue < $1.stringValue }) {
        members.append(Member(key: key.stringValue, value: try container.decode(JSONValue.self, forKey: key)))
      }
      self = .object(members)
    } else if var container = try? decoder.unkeyedContainer() {
      var elements: [JSONValue] = []
      while !container.isAtEnd { elements.append(try container.decode(JSONValue.self)) }
      self = .array(elements)
    } else {
      let container = try decoder.singleValueContainer()
      if container.decodeNil() {
        self = .null
      } else if let value = try? container.decode(Bool.self) {
        self = .bool(value)
      } else if let value = try? container.decode(Int.self) {
        self = .int(value)
      } else if let value = try? container.decode(Double.self) {
        self = .double(value)
      } else {
        self = .string(try container.decode(String.self))
      }
    }
  }
}

extension JSONValue: Encodable {
  public func encode(to encoder: any Encoder) throws {
    switch self {
    case .null:
      var container = encoder.singleValueContainer()
      try container.encodeNil()
    case .bool(let value):
      var container = encoder.singleValueContainer()
      try container.encode(value)
    case .int(let value):
      var container = encoder.singleValueContainer()
      try container.encode(value)
    case .double(let value):
      var container = encoder.singleValueContainer()
      try container.encode(value)
    case .string(let value):
      var container = encoder.singleValueContainer()
      try container.encode(value)
    case .array(let elements):
      var container = encoder.unkeyedContainer()
      for element in elements { try container.encode(element) }
    case .object(let members):
      var container = encoder.container(keyedBy: AnyCodingKey.self)
      for member in members { try container.encode(member.value, forKey: AnyCodingKey(member.key)) }
    }
  }
}

/// A coding key made from any string, for encoders that write node tags and field names.
struct AnyCodingKey: CodingKey {
  var stringValue: String
  var intValue: Int? { nil }
  init(_ string: String) { stringValue = string }
  init?(stringValue: String) { self.stringValue = stringValue }
  init?(intValue: Int) { nil }
}
