import Foundation

/// LIKE, ILIKE and regular-expression selectivity (utils/adt/like_support.c).
public enum PatternSelectivity {
  /// The pattern operator.
  public enum Kind: Sendable, Hashable, CaseIterable {
    /// `~~` (LIKE).
    case like
    /// `~~*` (ILIKE).
    case iLike
    /// `~` (POSIX regular expression).
    case regex
    /// `~*` (case-insensitive regular expression).
    case iRegex
    /// `^@` (`starts_with`).
    case prefix

    /// The SQL spelling of the operator, negated when asked and when there is a negator.
    public func sql(negated: Bool) -> String {
      switch self {
      case .like: negated ? "NOT LIKE" : "LIKE"
      case .iLike: negated ? "NOT ILIKE" : "ILIKE"
      case .regex: negated ? "!~" : "~"
      case .iRegex: negated ? "!~*" : "~*"
      case .prefix: "^@"
      }
    }

    var caseInsensitive: Bool { self == .iLike || self == .iRegex }
  }

  /// What `pattern_fixed_prefix` found: no fixed prefix, a prefix, or an exact-match pattern.
  public enum PrefixStatus: Sendable, Hashable { case none, partial, exact }

  /// Mirrors `patternsel_common` for `column OP pattern` (`negate` for NOT LIKE, `!~`, ...).
  /// `pattern` is the pattern's bytes; nil is NULL, which matches nothing.
  ///
  /// Model: an exact pattern is `=`. Otherwise the histogram's inner entries matching the
  /// pattern give the estimate for the non-MCV population when it has 100 or more entries;
  /// with fewer, the heuristic (`prefix_selectivity` of the fixed prefix times the
  /// `like_selectivity`/`regex_selectivity` of the rest) is used instead, or blended in with
  /// weight 1 - size/100 from 10 entries on. That is kept within [0.0001, 0.9999], scaled by
  /// `1 - nullfrac - ΣMCV`, and the MCVs matching the pattern add their frequencies. A negated
  /// operator gives `1 - s - nullfrac`. Columns of other than string type get the default.
  public static func patternSel(
    _ variable: VariableStatistics, kind: Kind, pattern: [UInt8]?, negate: Bool = false
  ) -> Double {
    let fallback = negate ? 1 - DefaultSelectivity.match : DefaultSelectivity.match
    guard let pattern else { return 0 }
    let isCharacter: Bool
    switch variable.type {
    case .text, .varchar, .name: isCharacter = false
    case .character: isCharacter = true
    default: return fallback
    }
    let nullFraction = variable.nullFraction
    let fixed = fixedPrefix(pattern: pattern, kind: kind)
    let prefixDatum = fixed.prefix.map { isCharacter ? Datum.character($0) : Datum.text($0) }

    var result: Double
    if fixed.status == .exact, let prefixDatum {
      result = EqualitySelectivity.varEqConst(variable, constant: prefixDatum)
    } else {
      guard let matcher = PatternMatcher(kind: kind, pattern: pattern) else { return fallback }
      let matches = { (value: Datum) -> Bool in value.stringBytes.map(matcher.matches) ?? false }
      var (selectivity, histogramSize) = InequalitySelectivity.histogramSelectivity(
        variable, minimumSize: 10, skip: 1, predicate: matches)
      if histogramSize < 100 {
        var prefixSelectivity = 1.0
        if fixed.status == .partial, let prefixDatum {
          prefixSelectivity = Self.prefixSelectivity(variable, prefix: prefixDatum)
        }
        let heuristic = prefixSelectivity * fixed.restSelectivity
        if selectivity < 0 {
          selectivity = heuristic
        } else {
          let weight = Double(histogramSize) / 100.0
          selectivity = selectivity * weight + heuristic * (1.0 - weight)
        }
      }
      if selectivity < 0.0001 {
        selectivity = 0.0001
      } else if selectivity > 0.9999 {
        selectivity = 0.9999
      }
      let (mcvSelectivity, sumCommon) = InequalitySelectivity.mcvSelectivity(variable, predicate: matches)
      selectivity *= 1.0 - nullFraction - sumCommon
      selectivity += mcvSelectivity
      result = selectivity
    }
    if negate { result = 1.0 - result - nullFraction }
    return clampProbability(result)
  }

  /// `patternsel` when the pattern is not a constant: 0.005 (0.995 negated).
  public static func patternSelNonConstant(negate: Bool = false) -> Double {
    negate ? 1 - DefaultSelectivity.match : DefaultSelectivity.match
  }

  /// Mirrors `pattern_fixed_prefix`: the fixed prefix of the pattern (nil when none), whether
  /// the pattern is exact, and the heuristic selectivity of what follows the prefix.
  public static func fixedPrefix(pattern: [UInt8], kind: Kind) -> (
    status: PrefixStatus, prefix: [UInt8]?, restSelectivity: Double
  ) {
    switch kind {
    case .like, .iLike:
      return likeFixedPrefix(pattern: pattern, caseInsensitive: kind.caseInsensitive)
    case .regex, .iRegex:
      return regexFixedPrefix(pattern: pattern, caseInsensitive: kind.caseInsensitive)
    case .prefix:
      return (.partial, pattern, 1.0)
    }
  }

  /// Mirrors `like_fixed_prefix`: the characters before the first `%` or `_` (backslash
  /// escapes one), stopping also at a letter for ILIKE (C locale: ASCII letters). Exact when
  /// the whole pattern was consumed (an empty pattern too).
  static func likeFixedPrefix(pattern: [UInt8], caseInsensitive: Bool) -> (
    status: PrefixStatus, prefix: [UInt8]?, restSelectivity: Double
  ) {
    var match: [UInt8] = []
    var position = 0
    while position < pattern.count {
      if pattern[position] == UInt8(ascii: "%") || pattern[position] == UInt8(ascii: "_") { break }
      if pattern[position] == UInt8(ascii: "\\") {
        position += 1
        if position >= pattern.count { break }
      }
      if caseInsensitive && isASCIILetter(pattern[position]) { break }
      match.append(pattern[position])
      position += 1
    }
    let rest = likeSelectivity(pattern[min(position, pattern.count)...])
    if position >= pattern.count { return (.exact, match, rest) }
    if !match.isEmpty { return (.partial, match, rest) }
    return (.none, match, rest)
  }

  /// Mirrors `regex_fixed_prefix`: the prefix `pg_regprefix` reads off the compiled pattern
  /// (see `RegexPrefix`), and `regex_selectivity` of the whole pattern with the prefix's
  /// characters discounted.
  static func regexFixedPrefix(pattern: [UInt8], caseInsensitive: Bool) -> (
    status: PrefixStatus, prefix: [UInt8]?, restSelectivity: Double
  ) {
    guard let found = RegexPrefix.find(pattern: pattern, caseInsensitive: caseInsensitive) else {
      return (.none, nil, regexSelectivity(pattern, fixedPrefixLength: 0))
    }
    if found.exact { return (.exact, found.prefix, 1.0) }
    return (.partial, found.prefix, regexSelectivity(pattern, fixedPrefixLength: found.prefix.count))
  }

  /// Mirrors `prefix_selectivity`: `x >= prefix AND x < make_greater_string(prefix)` over the
  /// histogram, combined as a range (`hi + lo - 1`), and never less than `x = prefix`
  /// (`var_eq_const`); 0.005 without a histogram.
  public static func prefixSelectivity(_ variable: VariableStatistics, prefix: Datum) -> Double {
    var selectivity = InequalitySelectivity.ineqHistogramSelectivity(
      variable, isGreater: true, isEqual: true, constant: prefix)
    if selectivity < 0 { return DefaultSelectivity.match }
    if let greater = makeGreaterString(prefix) {
      let top = InequalitySelectivity.ineqHistogramSelectivity(
        variable, isGreater: false, isEqual: false, constant: greater)
      selectivity = top + selectivity - 1.0
    }
    let equal = EqualitySelectivity.varEqConst(variable, constant: prefix)
    return max(selectivity, equal)
  }

  /// Mirrors `make_greater_string` in the C collation with UTF-8: increments the last
  /// character (`pg_utf8_increment`), dropping it and incrementing the one before when it
  /// cannot be, until the string sorts after the prefix. Nil when none can be made.
  public static func makeGreaterString(_ prefix: Datum) -> Datum? {
    guard let original = prefix.stringBytes else { return nil }
    let isCharacter: Bool
    if case .character = prefix { isCharacter = true } else { isCharacter = false }
    var work = original
    var length = work.count
    while length > 0 {
      let characterLength = length - clipLength(work, length: length, limit: length - 1)
      let start = length - characterLength
      while utf8Increment(&work, start: start, length: characterLength) {
        let candidate = Array(work[0..<length])
        let datum = isCharacter ? Datum.character(candidate) : Datum.text(candidate)
        if let order = Datum.compare(prefix, datum), order < 0 { return datum }
      }
      length -= characterLength
      work.removeSubrange(length...)
    }
    return nil
  }

  /// `pg_mbcliplen` for UTF-8: the bytes of the whole characters that fit in `limit`.
  static func clipLength(_ bytes: [UInt8], length: Int, limit: Int) -> Int {
    var clipped = 0
    var index = 0
    var remaining = length
    while remaining > 0 && index < bytes.count && bytes[index] != 0 {
      let characterLength = utf8Length(bytes[index])
      if clipped + characterLength > limit { break }
      clipped += characterLength
      if clipped == limit { break }
      remaining -= characterLength
      index += characterLength
    }
    return clipped
  }

  /// `pg_utf_mblen`.
  static func utf8Length(_ first: UInt8) -> Int {
    if first & 0x80 == 0 { return 1 }
    if first & 0xE0 == 0xC0 { return 2 }
    if first & 0xF0 == 0xE0 { return 3 }
    if first & 0xF8 == 0xF0 { return 4 }
    return 1
  }

  /// `pg_utf8_increment`: the next valid UTF-8 character of the same length, in place.
  static func utf8Increment(_ bytes: inout [UInt8], start: Int, length: Int) -> Bool {
    guard start + length <= bytes.count else { return false }
    // Walk from the last byte to the first, as the C switch falls through.
    if length > 4 || length < 1 { return false }
    if length >= 4 && bytes[start + 3] < 0xBF {
      bytes[start + 3] += 1
      return true
    }
    if length >= 3 && bytes[start + 2] < 0xBF {
      bytes[start + 2] += 1
      return true
    }
    if length >= 2 {
      let limit: UInt8 =
        switch bytes[start] {
        case 0xED: 0x9F
        case 0xF4: 0x8F
        default: 0xBF
        }
      if bytes[start + 1] < limit {
        bytes[start + 1] += 1
        return true
      }
    }
    let first = bytes[start]
    if first == 0x7F || first == 0xDF || first == 0xEF || first == 0xF4 { return false }
    bytes[start] &+= 1
    return true
  }

  static let fixedCharacterSelectivity = 0.20
  static let characterRangeSelectivity = 0.25
  static let anyCharacterSelectivity = 0.9
  static let fullWildcardSelectivity = 5.0
  static let partialWildcardSelectivity = 2.0

  /// Mirrors `like_selectivity`: leading wildcards skipped, then 0.2 per fixed character,
  /// 0.9 per `_`, 5 per `%`, capped at 1.
  static func likeSelectivity(_ pattern: ArraySlice<UInt8>) -> Double {
    var selectivity = 1.0
    var position = pattern.startIndex
    while position < pattern.endIndex
      && (pattern[position] == UInt8(ascii: "%") || pattern[position] == UInt8(ascii: "_"))
    {
      position += 1
    }
    while position < pattern.endIndex {
      let byte = pattern[position]
      if byte == UInt8(ascii: "%") {
        selectivity *= fullWildcardSelectivity
      } else if byte == UInt8(ascii: "_") {
        selectivity *= anyCharacterSelectivity
      } else if byte == UInt8(ascii: "\\") {
        position += 1
        if position >= pattern.endIndex { break }
        selectivity *= fixedCharacterSelectivity
      } else {
        selectivity *= fixedCharacterSelectivity
      }
      position += 1
    }
    return min(selectivity, 1.0)
  }

  /// Mirrors `regex_selectivity`: a pattern not ending in an unescaped `$` has a trailing
  /// wildcard (×5); the fixed prefix's characters are divided back out (0.2 each).
  static func regexSelectivity(_ pattern: [UInt8], fixedPrefixLength: Int) -> Double {
    let count = pattern.count
    var selectivity: Double
    if count > 0 && pattern[count - 1] == UInt8(ascii: "$")
      && (count == 1 || pattern[count - 2] != UInt8(ascii: "\\"))
    {
      selectivity = regexSelectivitySub(pattern, start: 0, length: count - 1)
    } else {
      selectivity = regexSelectivitySub(pattern, start: 0, length: count)
      selectivity *= fullWildcardSelectivity
    }
    if fixedPrefixLength > 0 {
      let prefixSelectivity = pow(fixedCharacterSelectivity, Double(fixedPrefixLength))
      if prefixSelectivity > 0 { selectivity /= prefixSelectivity }
    }
    return clampProbability(selectivity)
  }

  /// Mirrors `regex_selectivity_sub` over `pattern[start ..< start + length]`: parenthesized
  /// parts recurse, `|` adds the alternatives, 0.25 per bracket expression (0.75 negated),
  /// 0.9 per `.`, 2 per quantifier, 0.2 per other character; capped at 1. Like the C code, a
  /// bracket at the end of a part may look at the byte just past it.
  static func regexSelectivitySub(_ pattern: [UInt8], start: Int, length: Int) -> Double {
    func at(_ position: Int) -> UInt8 {
      let index = start + position
      return index >= 0 && index < pattern.count ? pattern[index] : 0
    }
    var selectivity = 1.0
    var depth = 0
    var groupStart = 0
    var position = 0
    while position < length {
      let byte = at(position)
      if byte == UInt8(ascii: "(") {
        if depth == 0 { groupStart = position }
        depth += 1
      } else if byte == UInt8(ascii: ")") && depth > 0 {
        depth -= 1
        if depth == 0 {
          selectivity *= regexSelectivitySub(
            pattern, start: start + groupStart + 1, length: position - (groupStart + 1))
        }
      } else if byte == UInt8(ascii: "|") && depth == 0 {
        selectivity += regexSelectivitySub(pattern, start: start + position + 1, length: length - (position + 1))
        break
      } else if byte == UInt8(ascii: "[") {
        var negated = false
        position += 1
        if at(position) == UInt8(ascii: "^") {
          negated = true
          position += 1
        }
        if at(position) == UInt8(ascii: "]") { position += 1 }
        while position < length && at(position) != UInt8(ascii: "]") { position += 1 }
        if depth == 0 { selectivity *= negated ? 1.0 - characterRangeSelectivity : characterRangeSelectivity }
      } else if byte == UInt8(ascii: ".") {
        if depth == 0 { selectivity *= anyCharacterSelectivity }
      } else if byte == UInt8(ascii: "*") || byte == UInt8(ascii: "?") || byte == UInt8(ascii: "+") {
        if depth == 0 { selectivity *= partialWildcardSelectivity }
      } else if byte == UInt8(ascii: "{") {
        while position < length && at(position) != UInt8(ascii: "}") { position += 1 }
        if depth == 0 { selectivity *= partialWildcardSelectivity }
      } else if byte == UInt8(ascii: "\\") {
        position += 1
        if position >= length { break }
        if depth == 0 { selectivity *= fixedCharacterSelectivity }
      } else {
        if depth == 0 { selectivity *= fixedCharacterSelectivity }
      }
      position += 1
    }
    return min(selectivity, 1.0)
  }

  static func isASCIILetter(_ byte: UInt8) -> Bool {
    (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z"))
  }
}
