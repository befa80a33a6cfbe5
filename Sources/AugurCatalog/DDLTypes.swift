import AugurSQL
import Foundation

/// A column type resolved the way PostgreSQL's `typenameType` and `format_type` see it.
struct DDLType: Hashable, Sendable {
  /// `format_type(oid, typmod)`: `integer`, `character varying(255)`, `text[]`.
  var display: String
  /// `format_type(oid, NULL)`-like name used for casts of literals: `text`, `bpchar`, `date`.
  var castName: String
  /// The type's OID for built-ins; 0 for user-defined and unknown types.
  var oid: Int
  /// `atttypmod` (-1 when none).
  var typmod: Int
  /// `get_typavgwidth(oid, typmod)`.
  var averageWidth: Int
  /// The element type's `pg_type.typname` (`int4`, `text`, `mood`), for default operator classes.
  var internalName: String
  var isArray: Bool
  /// True for user-defined enum types.
  var isEnum: Bool = false
  /// True for range types (built-in or user-defined).
  var isRange: Bool = false
}

/// A type created by `CREATE TYPE` / `CREATE DOMAIN` (enums, domains, composite and range types).
struct DDLUserType: Hashable, Sendable {
  enum Kind: Hashable, Sendable { case enumeration, domain(DDLType), composite, range }
  var schema: String
  var name: String
  var kind: Kind
}

/// Built-in types: PostgreSQL 15's `pg_type` rows for the names the grammar produces.
enum DDLBuiltinTypes {
  struct Entry {
    /// `format_type` without a type modifier.
    var display: String
    /// The literal-cast spelling (`format_type(oid, -1)` with TYPEMOD_GIVEN).
    var castName: String
    var oid: Int
    var arrayOID: Int
    /// `typlen`: positive for fixed-width types, -1 for varlena.
    var length: Int
    var isRange: Bool = false
  }

  static let entries: [String: Entry] = {
    var table: [String: Entry] = [:]
    func add(
      _ name: String, _ display: String, _ oid: Int, _ arrayOID: Int, _ length: Int, cast: String? = nil,
      range: Bool = false
    ) {
      table[name] = Entry(
        display: display, castName: cast ?? display, oid: oid, arrayOID: arrayOID, length: length,
        isRange: range)
    }
    add("bool", "boolean", 16, 1000, 1)
    add("bytea", "bytea", 17, 1001, -1)
    add("char", "\"char\"", 18, 1002, 1)
    add("name", "name", 19, 1003, 64)
    add("int8", "bigint", 20, 1016, 8)
    add("int2", "smallint", 21, 1005, 2)
    add("int4", "integer", 23, 1007, 4)
    add("regproc", "regproc", 24, 1008, 4)
    add("text", "text", 25, 1009, -1)
    add("oid", "oid", 26, 1028, 4)
    add("tid", "tid", 27, 1010, 6)
    add("xid", "xid", 28, 1011, 4)
    add("json", "json", 114, 199, -1)
    add("xml", "xml", 142, 143, -1)
    add("point", "point", 600, 1017, 16)
    add("lseg", "lseg", 601, 1018, 32)
    add("path", "path", 602, 1019, -1)
    add("box", "box", 603, 1020, 32)
    add("polygon", "polygon", 604, 1027, -1)
    add("line", "line", 628, 629, 24)
    add("cidr", "cidr", 650, 651, -1)
    add("float4", "real", 700, 1021, 4)
    add("float8", "double precision", 701, 1022, 8)
    add("circle", "circle", 718, 719, 24)
    add("macaddr8", "macaddr8", 774, 775, 8)
    add("money", "money", 790, 791, 8)
    add("macaddr", "macaddr", 829, 1040, 6)
    add("inet", "inet", 869, 1041, -1)
    add("bpchar", "character", 1042, 1014, -1, cast: "bpchar")
    add("varchar", "character varying", 1043, 1015, -1)
    add("date", "date", 1082, 1182, 4)
    add("time", "time without time zone", 1083, 1183, 8)
    add("timestamp", "timestamp without time zone", 1114, 1115, 8)
    add("timestamptz", "timestamp with time zone", 1184, 1185, 8)
    add("interval", "interval", 1186, 1187, 16)
    add("timetz", "time with time zone", 1266, 1270, 12)
    add("bit", "bit", 1560, 1561, -1)
    add("varbit", "bit varying", 1562, 1563, -1)
    add("numeric", "numeric", 1700, 1231, -1)
    add("regclass", "regclass", 2205, 2210, 4)
    add("regtype", "regtype", 2206, 2211, 4)
    add("uuid", "uuid", 2950, 2951, 16)
    add("pg_lsn", "pg_lsn", 3220, 3221, 8)
    add("tsvector", "tsvector", 3614, 3643, -1)
    add("tsquery", "tsquery", 3615, 3645, -1)
    add("jsonb", "jsonb", 3802, 3807, -1)
    add("jsonpath", "jsonpath", 4072, 4073, -1)
    add("int4range", "int4range", 3904, 3905, -1, range: true)
    add("numrange", "numrange", 3906, 3907, -1, range: true)
    add("tsrange", "tsrange", 3908, 3909, -1, range: true)
    add("tstzrange", "tstzrange", 3910, 3911, -1, range: true)
    add("daterange", "daterange", 3912, 3913, -1, range: true)
    add("int8range", "int8range", 3926, 3927, -1, range: true)
    add("int4multirange", "int4multirange", 4451, 6150, -1)
    add("datemultirange", "datemultirange", 4535, 6155, -1)
    add("tstzmultirange", "tstzmultirange", 4534, 6153, -1)
    return table
  }()

  /// Spellings that are not `pg_type.typname` but that PostgreSQL accepts as type names.
  static let aliases: [String: String] = [
    "integer": "int4", "int": "int4", "smallint": "int2", "bigint": "int8", "real": "float4",
    "boolean": "bool", "decimal": "numeric", "double precision": "float8",
  ]

  /// Serial pseudo-types (`transformColumnDefinition`): the real type they stand for.
  static let serials: [String: String] = [
    "smallserial": "int2", "serial2": "int2", "serial": "int4", "serial4": "int4", "bigserial": "int8",
    "serial8": "int8",
  ]
}

enum DDLTypeFormatting {
  static let intervalFullRange = 0x7FFF
  static let intervalFullPrecision = 0xFFFF

  /// `intervaltypmodout`'s field names, by range mask.
  static func intervalFields(_ range: Int) -> String {
    let year = 1 << 2, month = 1 << 1, day = 1 << 3, hour = 1 << 10, minute = 1 << 11, second = 1 << 12
    switch range {
    case year: return " year"
    case month: return " month"
    case day: return " day"
    case hour: return " hour"
    case minute: return " minute"
    case second: return " second"
    case year | month: return " year to month"
    case day | hour: return " day to hour"
    case day | hour | minute: return " day to minute"
    case day | hour | minute | second: return " day to second"
    case hour | minute: return " hour to minute"
    case hour | minute | second: return " hour to second"
    case minute | second: return " minute to second"
    default: return ""
    }
  }

  /// `format_type(oid, typmod)` for a built-in element type.
  static func display(internalName name: String, entry: DDLBuiltinTypes.Entry, typmod: Int) -> String {
    guard typmod >= 0 else {
      // bpchar with typmod -1 is not `character` (which means character(1)): format_type says bpchar.
      return name == "bpchar" ? "bpchar" : entry.display
    }
    switch name {
    case "varchar": return "character varying(\(typmod - 4))"
    case "bpchar": return "character(\(typmod - 4))"
    case "numeric":
      let value = typmod - 4
      return "numeric(\((value >> 16) & 0xFFFF),\(value & 0xFFFF))"
    case "timestamp": return "timestamp(\(typmod)) without time zone"
    case "timestamptz": return "timestamp(\(typmod)) with time zone"
    case "time": return "time(\(typmod)) without time zone"
    case "timetz": return "time(\(typmod)) with time zone"
    case "bit": return "bit(\(typmod))"
    case "varbit": return "bit varying(\(typmod))"
    case "interval":
      let range = (typmod >> 16) & 0x7FFF
      let precision = typmod & 0xFFFF
      let fields = intervalFields(range)
      return precision == intervalFullPrecision ? "interval\(fields)" : "interval\(fields)(\(precision))"
    default: return entry.display
    }
  }

  /// `get_typavgwidth` (lsyscache.c): a fixed-width type's length; for types whose typmod bounds
  /// their size, `type_maximum_size` (format_type.c, UTF-8 database: 4 bytes a character) scaled
  /// down (all of it up to 32 bytes, then 32 plus half the rest, at most 32 + 484); otherwise 32.
  static func averageWidth(internalName name: String, length: Int, typmod: Int) -> Int {
    if length > 0 { return length }
    let maximum: Int
    switch name {
    case "varchar" where typmod >= 4, "bpchar" where typmod >= 4: maximum = (typmod - 4) * 4 + 4
    case "numeric" where typmod >= 4:
      let precision = ((typmod - 4) >> 16) & 0xFFFF
      maximum = 8 + ((precision + 2 * 3) / 4) * 2
    case "bit" where typmod >= 0, "varbit" where typmod >= 0: maximum = (typmod + 7) / 8 + 8
    default: maximum = -1
    }
    guard maximum > 0 else { return 32 }
    if name == "bpchar" { return maximum }
    if maximum <= 32 { return maximum }
    if maximum < 1000 { return 32 + (maximum - 32) / 2 }
    return 32 + (1000 - 32) / 2
  }

  /// PostgreSQL's `quote_identifier`: quotes names that are not lower-case identifiers or that
  /// are reserved words.
  static func quoteIdentifier(_ name: String) -> String {
    var safe = !name.isEmpty
    for (offset, byte) in name.utf8.enumerated() {
      let isLower = byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")
      let isDigit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
      if !(isLower || byte == UInt8(ascii: "_") || (isDigit && offset > 0)) { safe = false }
    }
    if safe && !reservedWords.contains(name) { return name }
    return "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
  }

  /// Keywords `quote_identifier` quotes (reserved, type-function-name and column-name keywords).
  static let reservedWords: Set<String> = [
    "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "authorization", "between",
    "bigint", "binary", "bit", "boolean", "both", "case", "cast", "char", "character", "check", "coalesce",
    "collate", "collation", "column", "concurrently", "constraint", "create", "cross", "current_catalog",
    "current_date", "current_role", "current_schema", "current_time", "current_timestamp", "current_user", "dec",
    "decimal", "default", "deferrable", "desc", "distinct", "do", "else", "end", "except", "exists", "extract",
    "false", "fetch", "float", "for", "foreign", "freeze", "from", "full", "grant", "greatest", "group",
    "grouping", "having", "ilike", "in", "initially", "inner", "inout", "int", "integer", "intersect", "interval",
    "into", "is", "isnull", "join", "lateral", "leading", "least", "left", "like", "limit", "localtime",
    "localtimestamp", "national", "natural", "nchar", "none", "normalize", "not", "notnull", "null", "nullif",
    "numeric", "offset", "on", "only", "or", "order", "out", "outer", "overlaps", "overlay", "placing", "position",
    "precision", "primary", "real", "references", "returning", "right", "row", "select", "session_user", "setof",
    "similar", "smallint", "some", "substring", "symmetric", "table", "tablesample", "then", "time", "timestamp",
    "to", "trailing", "treat", "trim", "true", "union", "unique", "user", "using", "values", "varchar", "variadic",
    "verbose", "when", "where", "window", "with", "xmlattributes", "xmlconcat", "xmlelement", "xmlexists",
    "xmlforest", "xmlnamespaces", "xmlparse", "xmlpi", "xmlroot", "xmlserialize", "xmltable",
  ]
}

/// Default operator classes (`pg_opclass.opcdefault`) for the common type and access-method pairs,
/// so that an operator class written out but equal to the default is dropped, as the server's
/// catalog (which records only the class, not how it was written) shows it.
enum DDLOperatorClasses {
  static func isDefault(_ opclass: String, method: String, type: DDLType?) -> Bool {
    guard let type else { return false }
    return defaultClass(method: method, type: type) == opclass
  }

  static func defaultClass(method: String, type: DDLType) -> String? {
    let name = type.internalName
    switch method {
    case "btree", "hash":
      if type.isArray { return "array_ops" }
      if type.isEnum { return "enum_ops" }
      if type.isRange { return "range_ops" }
      switch name {
      case "varchar": return "text_ops"
      case "cidr": return "inet_ops"
      case "timestamp", "timestamptz", "date", "time", "timetz", "interval":
        return "\(name)_ops"
      default: return "\(name)_ops"
      }
    case "gin":
      if type.isArray { return "array_ops" }
      return ["jsonb": "jsonb_ops", "tsvector": "tsvector_ops"][name]
    case "gist":
      if type.isRange { return "range_ops" }
      return [
        "tsvector": "tsvector_ops", "tsquery": "tsquery_ops", "point": "point_ops", "box": "box_ops",
        "polygon": "poly_ops", "circle": "circle_ops",
      ][name]
    case "spgist":
      if type.isRange { return "range_ops" }
      return [
        "text": "text_ops", "inet": "inet_ops", "cidr": "inet_ops", "point": "quad_point_ops",
        "box": "box_ops", "polygon": "poly_ops",
      ][name]
    case "brin":
      if type.isRange { return "range_inclusion_ops" }
      if name == "varchar" { return "text_minmax_ops" }
      if name == "inet" || name == "cidr" { return "inet_inclusion_ops" }
      return "\(name)_minmax_ops"
    default:
      return nil
    }
  }
}

/// Resolves `TypeName`s of the raw parse tree to `DDLType`s.
enum DDLTypeResolver {
  /// The built-in type `name` (a `pg_type.typname` or an alias) with `typmod`.
  static func builtin(name: String, typmod: Int, isArray: Bool = false) -> DDLType? {
    let internalName = DDLBuiltinTypes.aliases[name] ?? name
    guard let entry = DDLBuiltinTypes.entries[internalName] else { return nil }
    let element = DDLTypeFormatting.display(internalName: internalName, entry: entry, typmod: typmod)
    return DDLType(
      display: isArray ? element + "[]" : element, castName: isArray ? entry.castName + "[]" : entry.castName,
      oid: isArray ? entry.arrayOID : entry.oid, typmod: typmod,
      averageWidth: isArray
        ? 32 : DDLTypeFormatting.averageWidth(internalName: internalName, length: entry.length, typmod: typmod),
      internalName: internalName, isArray: isArray, isRange: entry.isRange)
  }

  /// The typmod PostgreSQL computes from a type name's modifiers (`typenameTypeMod`), for the
  /// built-in types that take them; nil when the modifiers are not plain integers.
  static func typmod(internalName name: String, modifiers: [Expr]) -> Int? {
    var values: [Int] = []
    for modifier in modifiers {
      guard case .constant(let constant) = modifier, case .integer(let value) = constant.value else { return nil }
      values.append(value)
    }
    if values.isEmpty { return -1 }
    switch name {
    case "varchar", "bpchar": return values[0] + 4
    case "numeric":
      let precision = values[0]
      let scale = values.count > 1 ? values[1] : 0
      return ((precision << 16) | (scale & 0x7FF)) + 4
    case "timestamp", "timestamptz", "time", "timetz", "bit", "varbit": return values[0]
    case "interval":
      let range = values[0]
      let precision = values.count > 1 ? values[1] : DDLTypeFormatting.intervalFullPrecision
      return (range << 16) | precision
    default: return -1
    }
  }

  /// A built-in type written as `typeName`, or nil when it names no built-in type.
  static func builtin(_ typeName: TypeName) -> DDLType? {
    let names = typeName.names
    guard names.count == 1 || (names.count == 2 && names[0] == "pg_catalog") else { return nil }
    let internalName = DDLBuiltinTypes.aliases[typeName.name] ?? typeName.name
    guard DDLBuiltinTypes.entries[internalName] != nil,
      let typmod = typmod(internalName: internalName, modifiers: typeName.typmods)
    else { return nil }
    return builtin(name: internalName, typmod: typmod, isArray: typeName.isArray)
  }
}

/// Average widths of column types as snapshots spell them, for the planner.
public enum ColumnTypeWidth {
  /// Built-in types by their `format_type` spelling (without modifiers).
  private static let byDisplay: [String: (name: String, entry: DDLBuiltinTypes.Entry)] = {
    var table: [String: (name: String, entry: DDLBuiltinTypes.Entry)] = [:]
    for (name, entry) in DDLBuiltinTypes.entries where table[entry.display] == nil {
      table[entry.display] = (name, entry)
    }
    return table
  }()

  /// Mirrors `get_typavgwidth` (utils/cache/lsyscache.c) for a column type as `format_type`
  /// prints it (`integer`, `character varying(255)`, `timestamp(3) with time zone`, `text[]`),
  /// with its `atttypmod`. Arrays and types Augur does not know are assumed 32 bytes.
  public static func average(type: String, typmod: Int) -> Int {
    if type.hasSuffix("[]") { return 32 }
    let base = type.replacingOccurrences(of: #"\(\d+(,\d+)?\)"#, with: "", options: .regularExpression)
      .trimmingCharacters(in: .whitespaces)
    guard let builtin = byDisplay[base] else { return 32 }
    return DDLTypeFormatting.averageWidth(internalName: builtin.name, length: builtin.entry.length, typmod: typmod)
  }
}
