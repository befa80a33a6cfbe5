import Foundation

/// The built-in types the planner reasons about, resolved from `format_type` text (catalog
/// columns) or from a grammar `TypeName` (casts). Anything else is `.named`, which the planner
/// treats as an opaque type with PostgreSQL's default estimates.
public indirect enum SQLType: Sendable, Hashable, CustomStringConvertible {
  case smallint, integer, bigint
  case numeric
  case real, doublePrecision
  case text
  /// `character varying(n)`; the length is the typmod's, nil when unbounded.
  case varchar(Int?)
  /// `character(n)` (`bpchar`).
  case character(Int?)
  case name
  case boolean
  case date
  case time
  case timestamp
  case timestamptz
  case interval
  case uuid
  case json, jsonb
  case bytea
  case array(SQLType)
  /// The type of an untyped string literal before context gives it one (`unknown`).
  case unknown
  /// A user-defined or unmodelled type, by name (enums, domains, ...).
  case named(String)

  /// PostgreSQL's type category (`typcategory`), which drives implicit casts and comparisons.
  public enum Category: Sendable, Hashable {
    case numeric, string, boolean, dateTime, timespan, array, user, unknown
  }

  public var category: Category {
    switch self {
    case .smallint, .integer, .bigint, .numeric, .real, .doublePrecision: .numeric
    case .text, .varchar, .character, .name: .string
    case .boolean: .boolean
    case .date, .time, .timestamp, .timestamptz: .dateTime
    case .interval: .timespan
    case .array: .array
    case .unknown: .unknown
    case .uuid, .json, .jsonb, .bytea, .named: .user
    }
  }

  /// The element type of an array, else nil.
  public var elementType: SQLType? {
    if case .array(let element) = self { return element }
    return nil
  }

  /// True for `character varying`, which has no operators of its own (it borrows text's).
  public var isVarchar: Bool {
    if case .varchar = self { return true }
    return false
  }

  /// True for the string types, which compare with the column's collation.
  public var isString: Bool { category == .string }

  /// `format_type` spelling, as catalog snapshots and EXPLAIN print types.
  public var description: String {
    switch self {
    case .smallint: "smallint"
    case .integer: "integer"
    case .bigint: "bigint"
    case .numeric: "numeric"
    case .real: "real"
    case .doublePrecision: "double precision"
    case .text: "text"
    case .varchar(let length): length.map { "character varying(\($0))" } ?? "character varying"
    case .character(let length): length.map { "character(\($0))" } ?? "bpchar"
    case .name: "name"
    case .boolean: "boolean"
    case .date: "date"
    case .time: "time without time zone"
    case .timestamp: "timestamp without time zone"
    case .timestamptz: "timestamp with time zone"
    case .interval: "interval"
    case .uuid: "uuid"
    case .json: "json"
    case .jsonb: "jsonb"
    case .bytea: "bytea"
    case .array(let element): "\(element)[]"
    case .unknown: "unknown"
    case .named(let name): name
    }
  }

  /// The type named by `format_type` output: `integer`, `character varying(255)`,
  /// `numeric(12,2)`, `timestamp with time zone`, `text[]`.
  public init(formatted: String) {
    var text = formatted.trimmingCharacters(in: .whitespaces)
    if text.hasSuffix("[]") {
      text.removeLast(2)
      self = .array(SQLType(formatted: text))
      return
    }
    var modifier: Int?
    if let open = text.firstIndex(of: "("), text.hasSuffix(")") {
      let inside = text[text.index(after: open)..<text.index(before: text.endIndex)]
      modifier = Int(inside.split(separator: ",").first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? "")
      // `timestamp(3) with time zone` keeps its suffix after the parenthesis.
      text = String(text[..<open]).trimmingCharacters(in: .whitespaces)
    } else if let open = text.firstIndex(of: "("), let close = text.firstIndex(of: ")") {
      text = String(text[..<open] + text[text.index(after: close)...]).replacingOccurrences(of: "  ", with: " ")
        .trimmingCharacters(in: .whitespaces)
    }
    self = SQLType(internalName: text, length: modifier)
  }

  /// The type a grammar `TypeName` names (`pg_catalog.int4`, `varchar`, `timestamptz`, or a
  /// user type), with its first modifier as the length of character types.
  public init(internalName rawName: String, length: Int? = nil) {
    switch rawName.lowercased() {
    case "int2", "smallint": self = .smallint
    case "int4", "integer", "int", "serial": self = .integer
    case "int8", "bigint", "bigserial": self = .bigint
    case "numeric", "decimal": self = .numeric
    case "float4", "real": self = .real
    case "float8", "double precision", "float": self = .doublePrecision
    case "text": self = .text
    case "varchar", "character varying": self = .varchar(length)
    case "bpchar", "character", "char": self = .character(length)
    case "name": self = .name
    case "bool", "boolean": self = .boolean
    case "date": self = .date
    case "time", "time without time zone": self = .time
    case "timestamp", "timestamp without time zone": self = .timestamp
    case "timestamptz", "timestamp with time zone": self = .timestamptz
    case "interval": self = .interval
    case "uuid": self = .uuid
    case "json": self = .json
    case "jsonb": self = .jsonb
    case "bytea": self = .bytea
    case "unknown": self = .unknown
    default: self = .named(rawName)
    }
  }
}
