/// Turns libpg_query's JSON parse tree into Augur's typed nodes in one pass over the bytes.
///
/// libpg_query writes each node as `{"NodeName": {fields}}` with C field names, omitting fields
/// that hold their zero value. Decoders therefore start every field at its zero value and set
/// only what they read. Node types Augur has no model for are kept as `RawNode`.
struct TreeDecoder {
  typealias Failure = JSONReader.Failure

  var reader: JSONReader
  /// The parsed SQL text, used to recover integer constants that libpg_query 15's JSON output
  /// writes without their value (zero and negative integers come out as `"ival":{}`).
  let sql: UnsafeBufferPointer<UInt8>

  init(json: UnsafeBufferPointer<UInt8>, sql: UnsafeBufferPointer<UInt8>, depthLimit: Int) {
    reader = JSONReader(json, depthLimit: depthLimit)
    self.sql = sql
  }

  // MARK: The document

  /// Decodes `{"version": N, "stmts": [{"stmt": ..., "stmt_location": N, "stmt_len": N}, ...]}`.
  mutating func statements() throws -> [ParsedStatement] {
    var result: [ParsedStatement] = []
    try reader.beginObject()
    while let key = try reader.nextKey() {
      guard key == "stmts" else {
        try reader.skipValue()
        continue
      }
      try reader.beginArray()
      while try reader.nextElement() {
        result.append(try rawStatement())
      }
    }
    return result
  }

  private mutating func rawStatement() throws -> ParsedStatement {
    var statement: Statement?
    var location = 0
    var length = 0
    try reader.beginObject()
    while let key = try reader.nextKey() {
      switch key {
      case "stmt": statement = try self.statement()
      case "stmt_location": location = try reader.readInt()
      case "stmt_len": length = try reader.readInt()
      default: try reader.skipValue()
      }
    }
    // A zero length means "to the end of the input" in PostgreSQL's RawStmt.
    let end = length == 0 ? sql.count : location + length
    return ParsedStatement(
      statement: statement ?? .other(RawNode(tag: "EmptyStatement", fields: .object([]))),
      range: SourceRange(start: location, end: end))
  }

  // MARK: Node envelopes

  /// Reads `{"Tag": body}`, calling `body` with the tag once the reader stands at the body.
  /// Returns nil for an empty object `{}` (a NULL entry in a list).
  mutating func tagged<T>(_ body: (inout TreeDecoder, JSONKey) throws -> T) throws -> T? {
    try reader.beginObject()
    guard let tag = try reader.nextKey() else { return nil }
    let value = try body(&self, tag)
    while try reader.nextKey() != nil {
      try reader.skipValue()
    }
    return value
  }

  /// Keeps a node whole: its tag and its fields as JSON.
  mutating func raw(_ tag: String) throws -> RawNode {
    RawNode(tag: tag, fields: try reader.readValue())
  }

  /// Reads a list with `element` for each entry.
  mutating func list<T>(_ element: (inout TreeDecoder) throws -> T) throws -> [T] {
    var result: [T] = []
    try reader.beginArray()
    while try reader.nextElement() {
      result.append(try element(&self))
    }
    return result
  }

  /// Reads a `List` node (`{"List": {"items": [...]}}`), calling `item` with each item's index
  /// while the reader stands at that item. An empty object `{}` in place of the list reads as
  /// no items.
  mutating func listItems(_ item: (inout TreeDecoder, Int) throws -> Void) throws {
    _ = try tagged { decoder, _ in
      try decoder.fields { decoder, key in
        guard key == "items" else { return try decoder.reader.skipValue() }
        try decoder.reader.beginArray()
        var index = 0
        while try decoder.reader.nextElement() {
          try item(&decoder, index)
          index += 1
        }
      }
    }
  }

  /// Iterates the fields of the object the reader stands at.
  mutating func fields(_ field: (inout TreeDecoder, JSONKey) throws -> Void) throws {
    try reader.beginObject()
    while let key = try reader.nextKey() {
      try field(&self, key)
    }
  }

  // MARK: Value nodes (String, Integer, Float, Boolean, BitString)

  /// A `String` node's text; other value nodes are rendered as text.
  mutating func name() throws -> String {
    let value = try tagged { decoder, tag in
      switch tag {
      case "A_Star":
        try decoder.reader.skipValue()
        return "*"
      default:
        return try decoder.valueNodeText()
      }
    }
    return value ?? ""
  }

  /// The single field of a value node (`{"sval": "x"}`, `{"ival": 3}`, ...) as text.
  mutating func valueNodeText() throws -> String {
    var text = ""
    try fields { decoder, key in
      switch key {
      case "sval", "fval", "bsval": text = try decoder.reader.readString()
      case "ival": text = String(try decoder.reader.readInt())
      case "boolval": text = try decoder.reader.readBool() ? "true" : "false"
      default: try decoder.reader.skipValue()
      }
    }
    return text
  }

  /// A list of `String` nodes (qualified names, column lists).
  mutating func names() throws -> [String] {
    try list { decoder in try decoder.name() }
  }

  /// A list of lists of `String` nodes (DROP's object names).
  /// DROP TYPE and DROP DOMAIN name their objects with `TypeName` nodes; other object kinds
  /// that are not names (casts, operators with argument types) keep their last String names.
  mutating func nameLists() throws -> [[String]] {
    try list { decoder in
      let names = try decoder.tagged { decoder, tag -> [String] in
        switch tag {
        case "List":
          var items: [String] = []
          try decoder.fields { decoder, key in
            if key == "items" { items = try decoder.names() } else { try decoder.reader.skipValue() }
          }
          return items
        case "TypeName":
          return try decoder.typeNameBody().names
        default:
          return [try decoder.valueNodeText()]
        }
      }
      return names ?? []
    }
  }

  /// An `Integer` node's value; `{}` stands for zero or a negative value libpg_query did not write.
  mutating func integerNode(absent: Int = 0) throws -> Int {
    var value = absent
    _ = try tagged { decoder, _ in
      try decoder.fields { decoder, key in
        if key == "ival" { value = try decoder.reader.readInt() } else { try decoder.reader.skipValue() }
      }
    }
    return value
  }

  /// Recovers an integer constant whose value libpg_query 15 left out of its JSON (`"ival":{}`):
  /// the literal at `location` is `0`, or a negated integer that the grammar folded (`-5`,
  /// `- 5`, `-(5)`), read back from the SQL text.
  func integerLiteral(at location: Int) -> Int {
    guard location >= 0, location < sql.count else { return 0 }
    var index = location
    var negative = false
    while index < sql.count {
      switch sql[index] {
      case UInt8(ascii: "-"): negative.toggle()
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "("),
        UInt8(ascii: "+"):
        break
      default:
        var value = 0
        while index < sql.count, sql[index] >= UInt8(ascii: "0"), sql[index] <= UInt8(ascii: "9") {
          value = value &* 10 &+ Int(sql[index] - UInt8(ascii: "0"))
          index += 1
        }
        return negative ? -value : value
      }
      index += 1
    }
    return 0
  }
}
