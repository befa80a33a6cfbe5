import Foundation

/// A typed SQL value, read from PostgreSQL's text output of its type (what `pg_stats` holds and
/// what a literal spells), so that the selectivity functions can compare constants with the
/// statistics the way the type's btree operators do.
///
/// Timestamps, dates and times keep PostgreSQL's internal representation (microseconds or days
/// since 2000-01-01), so that `convert_to_scalar` gives the same numbers as the server.
public enum Datum: Sendable, Hashable {
  /// `smallint`, `integer`, `bigint`.
  case integer(Int64)
  /// `numeric`, kept exact.
  case numeric(NumericValue)
  /// `real` (widened from its float4 value) and `double precision`.
  case float(Double)
  /// `text`, `varchar`, `name`: the UTF-8 bytes, compared bytewise (C collation).
  case text([UInt8])
  /// `character(n)` (`bpchar`): the bytes as stored, padding included; comparisons ignore
  /// trailing spaces.
  case character([UInt8])
  case boolean(Bool)
  /// Days since 2000-01-01; `Int32.min` and `Int32.max` are `-infinity` and `infinity`.
  case date(Int32)
  /// Microseconds since 2000-01-01 00:00; `Int64.min` and `Int64.max` are the infinities.
  case timestamp(Int64)
  /// Microseconds since 2000-01-01 00:00 UTC; `Int64.min` and `Int64.max` are the infinities.
  case timestampTZ(Int64)
  /// `time without time zone`: microseconds since midnight.
  case time(Int64)
  case interval(IntervalValue)
  /// The 16 bytes of a `uuid`.
  case uuid([UInt8])

  /// The value of `text` in `type`'s text input syntax, or nil when it cannot be read (the
  /// caller then falls back to PostgreSQL's default estimates).
  ///
  /// `timestamp with time zone` text without an offset is read as UTC.
  public static func parse(_ text: String, as type: SQLType) -> Datum? {
    switch type {
    case .smallint: return parseInteger(text, minimum: Int64(Int16.min), maximum: Int64(Int16.max))
    case .integer: return parseInteger(text, minimum: Int64(Int32.min), maximum: Int64(Int32.max))
    case .bigint: return parseInteger(text, minimum: Int64.min, maximum: Int64.max)
    case .numeric: return NumericValue(parsing: text).map(Datum.numeric)
    case .real: return parseFloat(text).map { .float(Double(Float($0))) }
    case .doublePrecision: return parseFloat(text).map(Datum.float)
    case .text, .varchar, .name, .unknown: return .text(Array(text.utf8))
    case .character: return .character(Array(text.utf8))
    case .boolean: return parseBoolean(text).map(Datum.boolean)
    case .date: return DateTimeText.date(text).map(Datum.date)
    case .timestamp: return DateTimeText.timestamp(text, withZone: false).map(Datum.timestamp)
    case .timestamptz: return DateTimeText.timestamp(text, withZone: true).map(Datum.timestampTZ)
    case .time: return DateTimeText.time(text).map(Datum.time)
    case .interval: return IntervalValue(parsing: text).map(Datum.interval)
    case .uuid: return parseUUID(text).map(Datum.uuid)
    case .json, .jsonb, .bytea, .array, .named: return nil
    }
  }

  /// The btree comparison of two values (negative, zero, positive), as the type's (or the
  /// cross-type) comparison operators order them; nil when PostgreSQL has no such comparison
  /// or it would need the session's time zone.
  ///
  /// Floats put NaN after everything (and equal to itself); `character` ignores trailing
  /// spaces; strings compare bytewise, as in the C collation.
  public static func compare(_ a: Datum, _ b: Datum) -> Int? {
    switch (a, b) {
    case (.integer(let x), .integer(let y)): return order(x, y)
    case (.numeric(let x), .numeric(let y)): return NumericValue.compare(x, y)
    case (.integer(let x), .numeric(let y)): return NumericValue.compare(NumericValue(x), y)
    case (.numeric(let x), .integer(let y)): return NumericValue.compare(x, NumericValue(y))
    case (.float(let x), .float(let y)): return compareFloats(x, y)
    case (.float(let x), .integer(let y)): return compareFloats(x, Double(y))
    case (.integer(let x), .float(let y)): return compareFloats(Double(x), y)
    case (.float(let x), .numeric(let y)): return compareFloats(x, y.doubleValue)
    case (.numeric(let x), .float(let y)): return compareFloats(x.doubleValue, y)
    case (.text(let x), .text(let y)): return compareBytes(x, y)
    case (.character(let x), .character(let y)): return compareBytes(trimmingSpaces(x), trimmingSpaces(y))
    case (.text(let x), .character(let y)): return compareBytes(x, trimmingSpaces(y))
    case (.character(let x), .text(let y)): return compareBytes(trimmingSpaces(x), y)
    case (.boolean(let x), .boolean(let y)): return order(x ? 1 : 0, y ? 1 : 0)
    case (.date(let x), .date(let y)): return order(x, y)
    case (.timestamp(let x), .timestamp(let y)): return order(x, y)
    case (.timestampTZ(let x), .timestampTZ(let y)): return order(x, y)
    case (.date(let x), .timestamp(let y)): return order(DateTimeText.timestamp(fromDate: x), y)
    case (.timestamp(let x), .date(let y)): return order(x, DateTimeText.timestamp(fromDate: y))
    case (.time(let x), .time(let y)): return order(x, y)
    case (.interval(let x), .interval(let y)): return IntervalValue.compare(x, y)
    case (.uuid(let x), .uuid(let y)): return compareBytes(x, y)
    default: return nil
    }
  }

  /// True when the type's equality operator says the values are equal (`10.5` = `10.50`,
  /// `'ab '::char(3)` = `'ab'`, `'1 mon'::interval` = `'30 days'`).
  public static func equal(_ a: Datum, _ b: Datum) -> Bool { compare(a, b) == 0 }

  /// True for the string types (`text`, `varchar`, `name`, `character`).
  public var isString: Bool {
    switch self {
    case .text, .character: true
    default: false
    }
  }

  /// The bytes of a string value as stored (`character` keeps its padding).
  public var stringBytes: [UInt8]? {
    switch self {
    case .text(let bytes), .character(let bytes): bytes
    default: nil
    }
  }

  // MARK: Comparisons

  static func order<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }

  /// `float8_cmp_internal`: NaN equals NaN and sorts after every other value.
  static func compareFloats(_ x: Double, _ y: Double) -> Int {
    switch (x.isNaN, y.isNaN) {
    case (true, true): return 0
    case (true, false): return 1
    case (false, true): return -1
    case (false, false): return order(x, y)
    }
  }

  /// `memcmp` over the common length, then the shorter string first (`varstr_cmp` in C).
  static func compareBytes(_ x: [UInt8], _ y: [UInt8]) -> Int {
    let count = min(x.count, y.count)
    var index = 0
    while index < count {
      if x[index] != y[index] { return x[index] < y[index] ? -1 : 1 }
      index += 1
    }
    return order(x.count, y.count)
  }

  /// `bcTruelen`: a `character` value without its trailing spaces.
  static func trimmingSpaces(_ bytes: [UInt8]) -> [UInt8] {
    var end = bytes.count
    while end > 0 && bytes[end - 1] == UInt8(ascii: " ") { end -= 1 }
    return end == bytes.count ? bytes : Array(bytes[0..<end])
  }

  // MARK: Parsing

  static func trimmed(_ text: String) -> Substring {
    let scalars = text.unicodeScalars
    var start = scalars.startIndex
    var end = scalars.endIndex
    while start < end && isSpace(scalars[start]) { start = scalars.index(after: start) }
    while end > start && isSpace(scalars[scalars.index(before: end)]) { end = scalars.index(before: end) }
    return Substring(scalars[start..<end])
  }

  static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
    scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0B}" || scalar == "\u{0C}"
  }

  static func parseInteger(_ text: String, minimum: Int64, maximum: Int64) -> Datum? {
    let body = trimmed(text)
    guard let value = Int64(body), value >= minimum, value <= maximum else { return nil }
    return .integer(value)
  }

  /// `float8in`: decimal or exponent notation, `NaN`, `Infinity`, `-Infinity`, `inf`.
  static func parseFloat(_ text: String) -> Double? {
    let body = trimmed(text)
    switch body.lowercased() {
    case "nan", "+nan", "-nan": return .nan
    case "infinity", "+infinity", "inf", "+inf": return .infinity
    case "-infinity", "-inf": return -.infinity
    default: break
    }
    guard body.unicodeScalars.allSatisfy({ "0123456789+-.eE".unicodeScalars.contains($0) }) else { return nil }
    return Double(body)
  }

  /// `boolin`: `t`/`true`/`yes`/`on`/`1` and `f`/`false`/`no`/`off`/`0`, case-insensitive, with
  /// unambiguous prefixes of the words.
  static func parseBoolean(_ text: String) -> Bool? {
    let word = trimmed(text).lowercased()
    guard !word.isEmpty else { return nil }
    if word == "1" { return true }
    if word == "0" { return false }
    for (full, value) in [("true", true), ("yes", true), ("false", false), ("no", false)] where full.hasPrefix(word) {
      return value
    }
    if word.count >= 2 {
      if "on".hasPrefix(word) { return true }
      if "off".hasPrefix(word) { return false }
    }
    return nil
  }

  /// `uuid_in`: 32 hex digits, optionally in braces, with a hyphen allowed after any group of
  /// four digits.
  static func parseUUID(_ text: String) -> [UInt8]? {
    var body = trimmed(text)
    if body.hasPrefix("{") && body.hasSuffix("}") { body = body.dropFirst().dropLast() }
    var bytes: [UInt8] = []
    var high: UInt8?
    for scalar in body.unicodeScalars {
      if scalar == "-" {
        if high != nil { return nil }
        continue
      }
      guard let nibble = hexValue(scalar) else { return nil }
      if let first = high {
        bytes.append(first << 4 | nibble)
        high = nil
      } else {
        high = nibble
      }
    }
    guard high == nil, bytes.count == 16 else { return nil }
    return bytes
  }

  static func hexValue(_ scalar: Unicode.Scalar) -> UInt8? {
    switch scalar {
    case "0"..."9": UInt8(scalar.value - 48)
    case "a"..."f": UInt8(scalar.value - 87)
    case "A"..."F": UInt8(scalar.value - 55)
    default: nil
    }
  }
}

/// A `numeric` value: exact decimal digits, with PostgreSQL's special values.
public struct NumericValue: Sendable, Hashable {
  public enum Kind: Sendable, Hashable { case finite, positiveInfinity, negativeInfinity, nan }

  public var kind: Kind
  public var isNegative: Bool
  /// The significant digits (0...9), without leading or trailing zeros; empty for zero.
  public var digits: [UInt8]
  /// The value is `0.d1d2d3... × 10^exponent`.
  public var exponent: Int
  /// What `numeric_float8_no_overflow` gives (out-of-range values become ±infinity).
  public var doubleValue: Double

  /// An integer as a numeric.
  public init(_ value: Int64) {
    // The magnitude of Int64.min does not fit an Int64; its digits come from the text.
    self = NumericValue(parsing: String(value)) ?? NumericValue(kind: .nan)
  }

  init(kind: Kind) {
    self.kind = kind
    isNegative = kind == .negativeInfinity
    digits = []
    exponent = 0
    doubleValue =
      switch kind {
      case .nan: .nan
      case .positiveInfinity: .infinity
      case .negativeInfinity: -.infinity
      case .finite: 0
      }
  }

  /// `numeric_in`: an optional sign, digits with an optional point, an optional exponent;
  /// `NaN`, `Infinity`, `-Infinity`.
  public init?(parsing text: String) {
    let body = Datum.trimmed(text)
    switch body.lowercased() {
    case "nan":
      self.init(kind: .nan)
      return
    case "infinity", "+infinity", "inf", "+inf":
      self.init(kind: .positiveInfinity)
      return
    case "-infinity", "-inf":
      self.init(kind: .negativeInfinity)
      return
    default: break
    }
    let bytes = Array(body.utf8)
    var index = 0
    var negative = false
    if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
      negative = bytes[index] == UInt8(ascii: "-")
      index += 1
    }
    var all: [UInt8] = []
    var integerDigits = 0
    var sawPoint = false
    var sawDigit = false
    while index < bytes.count {
      let byte = bytes[index]
      if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
        all.append(byte - UInt8(ascii: "0"))
        if !sawPoint { integerDigits += 1 }
        sawDigit = true
      } else if byte == UInt8(ascii: ".") && !sawPoint {
        sawPoint = true
      } else {
        break
      }
      index += 1
    }
    guard sawDigit else { return nil }
    var scale = 0
    if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
      guard let power = Int(String(decoding: bytes[(index + 1)...], as: UTF8.self)), abs(power) <= 100_000 else {
        return nil
      }
      scale = power
      index = bytes.count
    }
    guard index == bytes.count else { return nil }
    var position = integerDigits + scale
    var first = 0
    while first < all.count && all[first] == 0 {
      first += 1
      position -= 1
    }
    var last = all.count
    while last > first && all[last - 1] == 0 { last -= 1 }
    let significant = Array(all[first..<last])
    let double = significant.isEmpty ? 0 : Double(body) ?? (negative ? -.infinity : .infinity)
    self.init(
      finiteDigits: significant, isNegative: negative && !significant.isEmpty,
      exponent: significant.isEmpty ? 0 : position, doubleValue: double)
  }

  private init(finiteDigits: [UInt8], isNegative: Bool, exponent: Int, doubleValue: Double) {
    kind = .finite
    digits = finiteDigits
    self.isNegative = isNegative
    self.exponent = exponent
    self.doubleValue = doubleValue
  }

  /// `cmp_numerics`: NaN after everything, then the infinities around the finite values.
  public static func compare(_ a: NumericValue, _ b: NumericValue) -> Int {
    func rank(_ value: NumericValue) -> Int {
      switch value.kind {
      case .negativeInfinity: 0
      case .finite: 1
      case .positiveInfinity: 2
      case .nan: 3
      }
    }
    if rank(a) != rank(b) || a.kind != .finite { return Datum.order(rank(a), rank(b)) }
    let signA = a.digits.isEmpty ? 0 : (a.isNegative ? -1 : 1)
    let signB = b.digits.isEmpty ? 0 : (b.isNegative ? -1 : 1)
    if signA != signB { return Datum.order(signA, signB) }
    if signA == 0 { return 0 }
    var magnitude: Int
    if a.exponent != b.exponent {
      magnitude = Datum.order(a.exponent, b.exponent)
    } else {
      magnitude = Datum.compareBytes(a.digits, b.digits)
    }
    if signA < 0 { magnitude = -magnitude }
    return magnitude
  }
}

/// An `interval`: months, days and microseconds, as PostgreSQL keeps them apart.
public struct IntervalValue: Sendable, Hashable {
  public var months: Int32
  public var days: Int32
  public var microseconds: Int64

  public init(months: Int32, days: Int32, microseconds: Int64) {
    self.months = months
    self.days = days
    self.microseconds = microseconds
  }

  /// `interval_cmp_value`: months count 30 days and days 24 hours, so `1 mon` equals `30 days`.
  public static func compare(_ a: IntervalValue, _ b: IntervalValue) -> Int {
    let day: Int64 = 86_400_000_000
    func normalized(_ value: IntervalValue) -> (Int64, Int64) {
      var wholeDays = Int64(value.months) * 30 + Int64(value.days)
      var rest = value.microseconds
      wholeDays += rest / day
      rest %= day
      if rest < 0 {
        rest += day
        wholeDays -= 1
      }
      return (wholeDays, rest)
    }
    let (daysA, restA) = normalized(a)
    let (daysB, restB) = normalized(b)
    return daysA != daysB ? Datum.order(daysA, daysB) : Datum.order(restA, restB)
  }

  /// Reads IntervalStyle `postgres` output (`1 year 2 mons -3 days +04:05:06.5`) and the
  /// usual verbose units (`2 hours`, `30 minutes`, `1 week`), with an optional `@` and `ago`.
  public init?(parsing text: String) {
    var months: Int64 = 0
    var days: Int64 = 0
    var micros: Int64 = 0
    var tokens = Datum.trimmed(text).lowercased().split(separator: " ").map(String.init)
    if tokens.first == "@" { tokens.removeFirst() }
    var negateAll = false
    if tokens.last == "ago" {
      negateAll = true
      tokens.removeLast()
    }
    guard !tokens.isEmpty else { return nil }
    var index = 0
    while index < tokens.count {
      let token = tokens[index]
      if token.contains(":") {
        guard let time = DateTimeText.signedClock(token) else { return nil }
        micros += time
        index += 1
        continue
      }
      guard let amount = Double(token), index + 1 < tokens.count else { return nil }
      let unit = tokens[index + 1]
      index += 2
      switch unit {
      case "year", "years", "yr", "yrs", "y":
        months += Int64((amount * 12).rounded(.towardZero))
      case "mon", "mons", "month", "months":
        months += Int64(amount.rounded(.towardZero))
        let fraction = amount - amount.rounded(.towardZero)
        if fraction != 0 { micros += Int64((fraction * 30 * 86_400_000_000).rounded()) }
      case "week", "weeks", "w":
        days += Int64((amount * 7).rounded(.towardZero))
      case "day", "days", "d":
        days += Int64(amount.rounded(.towardZero))
        let fraction = amount - amount.rounded(.towardZero)
        if fraction != 0 { micros += Int64((fraction * 86_400_000_000).rounded()) }
      case "hour", "hours", "hr", "hrs", "h":
        micros += Int64((amount * 3_600_000_000).rounded())
      case "minute", "minutes", "min", "mins", "m":
        micros += Int64((amount * 60_000_000).rounded())
      case "second", "seconds", "sec", "secs", "s":
        micros += Int64((amount * 1_000_000).rounded())
      case "millisecond", "milliseconds", "ms", "msec", "msecs":
        micros += Int64((amount * 1_000).rounded())
      case "microsecond", "microseconds", "us", "usec", "usecs":
        micros += Int64(amount.rounded())
      default:
        return nil
      }
    }
    if negateAll {
      months = -months
      days = -days
      micros = -micros
    }
    guard let m = Int32(exactly: months), let d = Int32(exactly: days) else { return nil }
    self.init(months: m, days: d, microseconds: micros)
  }
}
