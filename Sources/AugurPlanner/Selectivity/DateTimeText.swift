/// Reads PostgreSQL's ISO date/time text (DateStyle `ISO`) into its internal representation:
/// days or microseconds since 2000-01-01, Julian-day arithmetic as `date2j` does it.
enum DateTimeText {
  static let microsecondsPerDay: Int64 = 86_400_000_000
  /// `POSTGRES_EPOCH_JDATE`: the Julian day of 2000-01-01.
  static let postgresEpochJulianDay = 2_451_545

  /// `date2j`: the Julian day number of a proleptic Gregorian date (year 0 is 1 BC).
  static func julianDay(year: Int, month: Int, day: Int) -> Int {
    var y = year
    var m = month
    if m > 2 {
      m += 1
      y += 4800
    } else {
      m += 13
      y += 4799
    }
    let century = y / 100
    var julian = y * 365 - 32167
    julian += y / 4 - century + century / 4
    julian += 7834 * m / 256 + day
    return julian
  }

  /// `date2timestamp` for comparisons: midnight of the day, the infinities kept.
  static func timestamp(fromDate days: Int32) -> Int64 {
    if days == Int32.min { return Int64.min }
    if days == Int32.max { return Int64.max }
    return Int64(days) * microsecondsPerDay
  }

  /// `date_in` for ISO text: `2024-03-01`, `0044-03-15 BC`, `infinity`, `-infinity`.
  static func date(_ text: String) -> Int32? {
    let body = Datum.trimmed(text).lowercased()
    if body == "infinity" || body == "+infinity" { return Int32.max }
    if body == "-infinity" { return Int32.min }
    var scanner = Scanner(Array(body.utf8))
    guard let days = scanner.date() else { return nil }
    scanner.skipSpaces()
    if scanner.atEnd { return Int32(exactly: days) }
    // A time of day after a date is accepted and ignored, as date_in does.
    guard scanner.clock() != nil else { return nil }
    _ = scanner.zone()
    scanner.skipSpaces()
    return scanner.atEnd ? Int32(exactly: days) : nil
  }

  /// `timestamp_in` / `timestamptz_in` for ISO text: `2024-03-01 12:34:56.123+00`,
  /// `2024-03-01T12:34:56+05:30`, a bare date (midnight), `infinity`. An offset converts a
  /// `timestamptz` to UTC; without one it is read as UTC. A `timestamp` ignores any offset.
  static func timestamp(_ text: String, withZone: Bool) -> Int64? {
    let body = Datum.trimmed(text).lowercased()
    if body == "infinity" || body == "+infinity" { return Int64.max }
    if body == "-infinity" { return Int64.min }
    var scanner = Scanner(Array(body.utf8))
    guard let days = scanner.date(allowEra: false) else { return nil }
    var micros: Int64 = 0
    var offset: Int64 = 0
    if scanner.peek == UInt8(ascii: "t") || scanner.peek == UInt8(ascii: " ") {
      scanner.index += 1
      scanner.skipSpaces()
      if !scanner.atEnd && scanner.peekIsDigit {
        guard let clock = scanner.clock() else { return nil }
        micros = clock
        scanner.skipSpaces()
        if let zone = scanner.zone() { offset = zone }
      }
    }
    scanner.skipSpaces()
    var julianDays = days
    if let era = scanner.era() {
      if era { julianDays = scanner.bcDays ?? julianDays }
    }
    scanner.skipSpaces()
    guard scanner.atEnd else { return nil }
    let (product, overflow) = Int64(julianDays).multipliedReportingOverflow(by: microsecondsPerDay)
    guard !overflow else { return nil }
    return product + micros - (withZone ? offset : 0)
  }

  /// `time_in`: `HH:MM[:SS[.ffffff]]`, up to `24:00:00`.
  static func time(_ text: String) -> Int64? {
    var scanner = Scanner(Array(Datum.trimmed(text).lowercased().utf8))
    guard let clock = scanner.clock(), clock <= microsecondsPerDay else { return nil }
    scanner.skipSpaces()
    return scanner.atEnd ? clock : nil
  }

  /// An interval's time field: `[+-]H:MM[:SS[.ffffff]]`, hours unbounded.
  static func signedClock(_ token: String) -> Int64? {
    var bytes = Array(token.utf8)
    var negative = false
    if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
      negative = first == UInt8(ascii: "-")
      bytes.removeFirst()
    }
    var scanner = Scanner(bytes)
    guard let clock = scanner.clock(boundedHours: false), scanner.atEnd else { return nil }
    return negative ? -clock : clock
  }

  /// A cursor over ASCII bytes.
  struct Scanner {
    var bytes: [UInt8]
    var index = 0
    /// The date read last, as BC when an era marker says so.
    var bcDays: Int?

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { index < bytes.count ? bytes[index] : nil }
    var peekIsDigit: Bool { peek.map { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } ?? false }

    mutating func skipSpaces() {
      while peek == UInt8(ascii: " ") { index += 1 }
    }

    mutating func number(maximumDigits: Int = 18) -> (value: Int, digits: Int)? {
      var value = 0
      var digits = 0
      while peekIsDigit && digits < maximumDigits, let byte = peek {
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
        digits += 1
        index += 1
      }
      return digits == 0 ? nil : (value, digits)
    }

    mutating func expect(_ character: Character) -> Bool {
      guard let ascii = character.asciiValue, peek == ascii else { return false }
      index += 1
      return true
    }

    /// `YYYY-MM-DD` as days since 2000-01-01; with `allowEra`, a trailing ` BC` is applied.
    mutating func date(allowEra: Bool = true) -> Int? {
      guard let year = number(maximumDigits: 9), expect("-"), let month = number(maximumDigits: 2), expect("-"),
        let day = number(maximumDigits: 2)
      else { return nil }
      guard (1...12).contains(month.value), day.value >= 1,
        day.value <= Self.daysInMonth(year: year.value, month: month.value)
      else { return nil }
      let days = julianDay(year: year.value, month: month.value, day: day.value) - postgresEpochJulianDay
      bcDays = julianDay(year: -(year.value - 1), month: month.value, day: day.value) - postgresEpochJulianDay
      if allowEra {
        let save = index
        skipSpaces()
        if let era = era() { return era ? bcDays : days }
        index = save
      }
      return days
    }

    /// ` BC` (true) or ` AD` (false) at the cursor, consumed; nil when neither.
    mutating func era() -> Bool? {
      if index + 1 < bytes.count {
        let pair = (bytes[index], bytes[index + 1])
        if pair == (UInt8(ascii: "b"), UInt8(ascii: "c")) {
          index += 2
          return true
        }
        if pair == (UInt8(ascii: "a"), UInt8(ascii: "d")) {
          index += 2
          return false
        }
      }
      return nil
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
      switch month {
      case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
      case 4, 6, 9, 11: 30
      default: 31
      }
    }

    /// `HH:MM[:SS[.fraction]]` as microseconds; the fraction rounds to the microsecond.
    mutating func clock(boundedHours: Bool = true) -> Int64? {
      guard let hours = number(maximumDigits: boundedHours ? 2 : 9), expect(":"),
        let minutes = number(maximumDigits: 2), minutes.value < 60
      else { return nil }
      if boundedHours && hours.value > 24 { return nil }
      var seconds = 0
      var fraction = 0.0
      if expect(":") {
        guard let value = number(maximumDigits: 2), value.value <= 60 else { return nil }
        seconds = value.value
        if expect(".") {
          let start = index
          while peekIsDigit { index += 1 }
          let digits = String(decoding: bytes[start..<index], as: UTF8.self)
          fraction = Double("0." + (digits.isEmpty ? "0" : digits)) ?? 0
        }
      }
      let whole = Int64((hours.value * 60 + minutes.value) * 60 + seconds) * 1_000_000
      return whole + Int64((fraction * 1_000_000).rounded(.toNearestOrEven))
    }

    /// A UTC offset in microseconds (`+05`, `-0800`, `+05:30`, `+05:30:15`, `z`, `utc`,
    /// `gmt`); nil (nothing consumed) when there is none.
    mutating func zone() -> Int64? {
      let save = index
      skipSpaces()
      for name in ["utc", "gmt", "z"] {
        let letters = Array(name.utf8)
        if index + letters.count <= bytes.count && Array(bytes[index..<(index + letters.count)]) == letters {
          index += letters.count
          return 0
        }
      }
      guard let sign = peek, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else {
        index = save
        return nil
      }
      index += 1
      guard let first = number(maximumDigits: 4) else {
        index = save
        return nil
      }
      var hours = first.value
      var minutes = 0
      var seconds = 0
      if first.digits > 2 {
        hours = first.value / 100
        minutes = first.value % 100
      } else if expect(":") {
        guard let value = number(maximumDigits: 2) else { return nil }
        minutes = value.value
        if expect(":") {
          guard let value = number(maximumDigits: 2) else { return nil }
          seconds = value.value
        }
      }
      let total = Int64((hours * 60 + minutes) * 60 + seconds) * 1_000_000
      return sign == UInt8(ascii: "-") ? -total : total
    }
  }
}
