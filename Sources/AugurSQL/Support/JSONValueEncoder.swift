/// Encodes `Encodable` values into a `JSONValue`, keeping object members in the order they were
/// encoded (declaration order for synthesized conformances), so that output is deterministic
/// and reads in the order the types are written. Foundation's `JSONEncoder` does not promise an
/// order without sorting keys alphabetically. Coding paths are not tracked (nothing here fails
/// by path), which keeps encoding large trees linear.
public struct JSONValueEncoder {
  public init() {}

  public func encode(_ value: some Encodable) throws -> JSONValue {
    let root = EncodingNode()
    try value.encode(to: ValueEncoder(node: root, codingPath: []))
    return root.value
  }
}

/// A mutable slot that containers fill in; resolved to a `JSONValue` at the end. Members and
/// elements live in the node itself (not in an enum payload) so that appending is amortized O(1).
private final class EncodingNode {
  enum Kind {
    case empty, scalar, object, array
  }
  var kind = Kind.empty
  var scalar = JSONValue.null
  var members: [(key: String, node: EncodingNode)] = []
  var elements: [EncodingNode] = []

  var value: JSONValue {
    switch kind {
    case .empty: return .null
    case .scalar: return scalar
    case .object: return .object(members.map { JSONValue.Member(key: $0.key, value: $0.node.value) })
    case .array: return .array(elements.map(\.value))
    }
  }

  func setScalar(_ value: JSONValue) {
    kind = .scalar
    scalar = value
  }

  func becomeObject() {
    if kind != .object {
      kind = .object
      members = []
    }
  }

  func becomeArray() {
    if kind != .array {
      kind = .array
      elements = []
    }
  }

  func appendMember(_ key: String) -> EncodingNode {
    becomeObject()
    let child = EncodingNode()
    // Keyed containers may encode a key twice (the last write wins); objects are small.
    if let index = members.firstIndex(where: { $0.key == key }) {
      members[index].node = child
    } else {
      members.append((key, child))
    }
    return child
  }

  func appendElement() -> EncodingNode {
    becomeArray()
    let child = EncodingNode()
    elements.append(child)
    return child
  }
}

private struct ValueEncoder: Encoder {
  let node: EncodingNode
  var codingPath: [any CodingKey]
  var userInfo: [CodingUserInfoKey: Any] { [:] }

  func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
    node.becomeObject()
    return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
  }

  func unkeyedContainer() -> any UnkeyedEncodingContainer {
    node.becomeArray()
    return UnkeyedContainer(node: node, codingPath: codingPath)
  }

  func singleValueContainer() -> any SingleValueEncodingContainer {
    SingleValueContainer(node: node, codingPath: codingPath)
  }
}

/// Turns a scalar into a `JSONValue`, or nil when it must be encoded structurally.
private func scalarValue(_ value: some Encodable) -> JSONValue? {
  switch value {
  case let value as JSONValue: return value
  case let value as String: return .string(value)
  case let value as Bool: return .bool(value)
  case let value as Int: return .int(value)
  case let value as Int32: return .int(Int(value))
  case let value as Int64: return .int(Int(value))
  case let value as UInt64: return value <= UInt64(Int.max) ? .int(Int(value)) : .double(Double(value))
  case let value as Double: return .double(value)
  case let value as Float: return .double(Double(value))
  default: return nil
  }
}

private func encodeValue(_ value: some Encodable, into node: EncodingNode, codingPath: [any CodingKey]) throws {
  if let scalar = scalarValue(value) {
    node.setScalar(scalar)
  } else {
    try value.encode(to: ValueEncoder(node: node, codingPath: codingPath))
  }
}

private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
  let node: EncodingNode
  var codingPath: [any CodingKey]

  mutating func encodeNil(forKey key: Key) throws {
    node.appendMember(key.stringValue).setScalar(.null)
  }

  mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
    try encodeValue(value, into: node.appendMember(key.stringValue), codingPath: codingPath)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(
    keyedBy keyType: NestedKey.Type, forKey key: Key
  ) -> KeyedEncodingContainer<NestedKey> {
    let child = node.appendMember(key.stringValue)
    child.becomeObject()
    return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: child, codingPath: codingPath))
  }

  mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
    let child = node.appendMember(key.stringValue)
    child.becomeArray()
    return UnkeyedContainer(node: child, codingPath: codingPath)
  }

  mutating func superEncoder() -> any Encoder {
    ValueEncoder(node: node.appendMember("super"), codingPath: codingPath)
  }

  mutating func superEncoder(forKey key: Key) -> any Encoder {
    ValueEncoder(node: node.appendMember(key.stringValue), codingPath: codingPath)
  }
}

private struct UnkeyedContainer: UnkeyedEncodingContainer {
  let node: EncodingNode
  var codingPath: [any CodingKey]
  var count: Int {
    node.elements.count
  }

  mutating func encodeNil() throws {
    node.appendElement().setScalar(.null)
  }

  mutating func encode<T: Encodable>(_ value: T) throws {
    try encodeValue(value, into: node.appendElement(), codingPath: codingPath)
  }

  mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<
    NestedKey
  > {
    let child = node.appendElement()
    child.becomeObject()
    return KeyedEncodingContainer(KeyedContainer<NestedKey>(node: child, codingPath: codingPath))
  }

  mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
    let child = node.appendElement()
    child.becomeArray()
    return UnkeyedContainer(node: child, codingPath: codingPath)
  }

  mutating func superEncoder() -> any Encoder {
    ValueEncoder(node: node.appendElement(), codingPath: codingPath)
  }
}

private struct SingleValueContainer: SingleValueEncodingContainer {
  let node: EncodingNode
  var codingPath: [any CodingKey]

  mutating func encodeNil() throws { node.setScalar(.null) }

  mutating func encode<T: Encodable>(_ value: T) throws {
    try encodeValue(value, into: node, codingPath: codingPath)
  }
}

extension JSONValue {
  /// JSON text: compact, or indented by two spaces with `pretty`.
  public func jsonText(pretty: Bool = false) -> String {
    var output = ""
    write(to: &output, pretty: pretty, indent: 0)
    return output
  }

  private func write(to output: inout String, pretty: Bool, indent: Int) {
    let newline = pretty ? "\n" : ""
    let pad = pretty ? String(repeating: "  ", count: indent + 1) : ""
    let closePad = pretty ? String(repeating: "  ", count: indent) : ""
    switch self {
    case .null: output += "null"
    case .bool(let value): output += value ? "true" : "false"
    case .int(let value): output += String(value)
    case .double(let value): output += value.isFinite ? String(value) : "null"
    case .string(let value): JSONValue.writeString(value, to: &output)
    case .array(let elements):
      guard !elements.isEmpty else {
        output += "[]"
        return
      }
      output += "[" + newline
      for (index, element) in elements.enumerated() {
        output += pad
        element.write(to: &output, pretty: pretty, indent: indent + 1)
        output += (index + 1 < elements.count ? "," : "") + newline
      }
      output += closePad + "]"
    case .object(let members):
      guard !members.isEmpty else {
        output += "{}"
        return
      }
      output += "{" + newline
      for (index, member) in members.enumerated() {
        output += pad
        JSONValue.writeString(member.key, to: &output)
        output += pretty ? ": " : ":"
        member.value.write(to: &output, pretty: pretty, indent: indent + 1)
        output += (index + 1 < members.count ? "," : "") + newline
      }
      output += closePad + "}"
    }
  }

  private static func writeString(_ value: String, to output: inout String) {
    output += "\""
    for scalar in value.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: output.unicodeScalars.append(scalar)
      }
    }
    output += "\""
  }
}
