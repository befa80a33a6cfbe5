/// Mirrors `convert_to_scalar` (utils/adt/selfuncs.c): maps a constant and the two histogram
/// bounds around it onto one numeric scale, for linear interpolation within the bin.
///
/// Model: numbers (and booleans) are their double value; strings use `convert_string_to_scalar`
/// (the three strings lose their common prefix and become base-N fractions over the character
/// range they use, C collation so no `strxfrm`); dates, timestamps, times and intervals become
/// microseconds (dates as midnight, months as 365.25/12 days). Anything else (uuid) is not
/// convertible, and the caller assumes the middle of the bin.
public enum ScalarConversion {
  /// The three values on a common scale, or nil when the types are not convertible.
  public static func convert(value: Datum, low: Datum, high: Datum) -> (value: Double, low: Double, high: Double)? {
    switch value {
    case .integer, .numeric, .float, .boolean:
      guard let v = numeric(value), let l = numeric(low), let h = numeric(high) else { return nil }
      return (v, l, h)
    case .text(let bytes), .character(let bytes):
      guard let lowBytes = low.stringBytes, let highBytes = high.stringBytes else { return nil }
      return string(value: bytes, low: lowBytes, high: highBytes)
    case .date, .timestamp, .timestampTZ, .time, .interval:
      guard let v = timeValue(value), let l = timeValue(low), let h = timeValue(high) else { return nil }
      return (v, l, h)
    case .uuid:
      return nil
    }
  }

  /// `convert_numeric_to_scalar`.
  static func numeric(_ datum: Datum) -> Double? {
    switch datum {
    case .integer(let value): Double(value)
    case .numeric(let value): value.doubleValue
    case .float(let value): value
    case .boolean(let value): value ? 1 : 0
    default: nil
    }
  }

  /// `convert_timevalue_to_scalar`.
  static func timeValue(_ datum: Datum) -> Double? {
    switch datum {
    case .timestamp(let value), .timestampTZ(let value), .time(let value):
      return Double(value)
    case .date(let days):
      // date2timestamp_no_overflow: the infinities become the largest doubles.
      if days == Int32.min { return -Double.greatestFiniteMagnitude }
      if days == Int32.max { return Double.greatestFiniteMagnitude }
      return Double(days) * Double(DateTimeText.microsecondsPerDay)
    case .interval(let interval):
      let perDay = Double(DateTimeText.microsecondsPerDay)
      return Double(interval.microseconds) + Double(interval.days) * perDay + Double(interval.months)
        * ((365.25 / 12.0) * perDay)
    default:
      return nil
    }
  }

  /// `convert_string_to_scalar`: the character range comes from the bounds (widened to whole
  /// letter and digit ranges, or to printable ASCII when under 10 characters wide), then the
  /// common prefix of all three strings is dropped.
  static func string(value: [UInt8], low: [UInt8], high: [UInt8]) -> (value: Double, low: Double, high: Double) {
    // The strings stop at a NUL, as C strings do (text never holds one).
    let value = value.prefix { $0 != 0 }
    let low = low.prefix { $0 != 0 }
    let high = high.prefix { $0 != 0 }
    var rangeLow = Int(high.first ?? 0)
    var rangeHigh = rangeLow
    for byte in low {
      rangeLow = min(rangeLow, Int(byte))
      rangeHigh = max(rangeHigh, Int(byte))
    }
    for byte in high {
      rangeLow = min(rangeLow, Int(byte))
      rangeHigh = max(rangeHigh, Int(byte))
    }
    for (first, last) in [
      (UInt8(ascii: "A"), UInt8(ascii: "Z")), (UInt8(ascii: "a"), UInt8(ascii: "z")),
      (UInt8(ascii: "0"), UInt8(ascii: "9")),
    ]
    where rangeLow <= Int(last) && rangeHigh >= Int(first) {
      rangeLow = min(rangeLow, Int(first))
      rangeHigh = max(rangeHigh, Int(last))
    }
    if rangeHigh - rangeLow < 9 {
      rangeLow = Int(UInt8(ascii: " "))
      rangeHigh = 127
    }
    var prefix = 0
    while prefix < low.count {
      let byte = low[low.startIndex + prefix]
      guard prefix < high.count, prefix < value.count, byte == high[high.startIndex + prefix],
        byte == value[value.startIndex + prefix]
      else { break }
      prefix += 1
    }
    return (
      oneString(value.dropFirst(prefix), rangeLow: rangeLow, rangeHigh: rangeHigh),
      oneString(low.dropFirst(prefix), rangeLow: rangeLow, rangeHigh: rangeHigh),
      oneString(high.dropFirst(prefix), rangeLow: rangeLow, rangeHigh: rangeHigh)
    )
  }

  /// `convert_one_string_to_scalar`: up to 12 bytes as digits of a base-(range width) fraction,
  /// bytes outside the range clamped just beyond it.
  static func oneString(_ bytes: ArraySlice<UInt8>, rangeLow: Int, rangeHigh: Int) -> Double {
    guard !bytes.isEmpty else { return 0 }
    let base = Double(rangeHigh - rangeLow + 1)
    var number = 0.0
    var denominator = base
    for byte in bytes.prefix(12) {
      var character = Int(byte)
      if character < rangeLow {
        character = rangeLow - 1
      } else if character > rangeHigh {
        character = rangeHigh + 1
      }
      number += Double(character - rangeLow) / denominator
      denominator *= base
    }
    return number
  }
}
