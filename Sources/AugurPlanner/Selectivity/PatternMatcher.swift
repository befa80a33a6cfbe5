import Foundation

/// Applies a pattern operator to a value, as the operator's function does: LIKE and ILIKE as
/// `like_match.c` (UTF-8, C locale: ILIKE folds ASCII letters only), `^@` as `starts_with`,
/// and regular expressions through ICU after translating PostgreSQL's ARE syntax where the
/// two differ (`$` and `\Z` only at the very end, `\m` `\M` `\y` `\Y` word boundaries, `.`
/// matching newlines).
///
/// Case-insensitive regular expressions fold all of Unicode here, ASCII only in PostgreSQL's C
/// locale; they differ on non-ASCII letters only.
struct PatternMatcher {
  enum Engine {
    case like([UInt8], foldCase: Bool)
    case regex(NSRegularExpression)
    case prefix([UInt8])
  }

  let engine: Engine

  /// Nil when the regular expression cannot be translated or compiled.
  init?(kind: PatternSelectivity.Kind, pattern: [UInt8]) {
    switch kind {
    case .like: engine = .like(pattern, foldCase: false)
    case .iLike: engine = .like(Self.lowercasedASCII(pattern), foldCase: true)
    case .prefix: engine = .prefix(pattern)
    case .regex, .iRegex:
      guard let translated = Self.icuPattern(String(decoding: pattern, as: UTF8.self)) else { return nil }
      var options: NSRegularExpression.Options = [.dotMatchesLineSeparators]
      if kind == .iRegex { options.insert(.caseInsensitive) }
      guard let expression = try? NSRegularExpression(pattern: translated, options: options) else { return nil }
      engine = .regex(expression)
    }
  }

  func matches(_ text: [UInt8]) -> Bool {
    switch engine {
    case .like(let pattern, let foldCase):
      let subject = foldCase ? Self.lowercasedASCII(text) : text
      return Self.likeMatch(subject, 0, pattern, 0) == .matched
    case .prefix(let prefix):
      return text.count >= prefix.count && text[0..<prefix.count].elementsEqual(prefix)
    case .regex(let expression):
      let string = String(decoding: text, as: UTF8.self)
      let range = NSRange(string.startIndex..<string.endIndex, in: string)
      return expression.firstMatch(in: string, options: [], range: range) != nil
    }
  }

  static func lowercasedASCII(_ bytes: [UInt8]) -> [UInt8] {
    bytes.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }
  }

  enum LikeResult { case matched, failed, aborted }

  /// `MatchText` for UTF-8: `%` any run, `_` one character, backslash escapes. `aborted` means
  /// no later start can match either.
  static func likeMatch(_ text: [UInt8], _ textStart: Int, _ pattern: [UInt8], _ patternStart: Int) -> LikeResult {
    let percent = UInt8(ascii: "%")
    let underscore = UInt8(ascii: "_")
    let backslash = UInt8(ascii: "\\")
    var t = textStart
    var p = patternStart
    if pattern.count - p == 1 && pattern[p] == percent { return .matched }
    func nextCharacter(_ index: Int) -> Int {
      min(text.count, index + PatternSelectivity.utf8Length(text[index]))
    }
    while t < text.count && p < pattern.count {
      if pattern[p] == backslash {
        p += 1
        // PostgreSQL raises an error for a trailing escape.
        if p >= pattern.count { return .aborted }
        if pattern[p] != text[t] { return .failed }
      } else if pattern[p] == percent {
        p += 1
        while p < pattern.count {
          if pattern[p] == percent {
            p += 1
          } else if pattern[p] == underscore {
            if t >= text.count { return .aborted }
            t = nextCharacter(t)
            p += 1
          } else {
            break
          }
        }
        if p >= pattern.count { return .matched }
        let first: UInt8
        if pattern[p] == backslash {
          if pattern.count - p < 2 { return .aborted }
          first = pattern[p + 1]
        } else {
          first = pattern[p]
        }
        while t < text.count {
          if text[t] == first {
            let result = likeMatch(text, t, pattern, p)
            if result != .failed { return result }
          }
          t = nextCharacter(t)
        }
        return .aborted
      } else if pattern[p] == underscore {
        t = nextCharacter(t)
        p += 1
        continue
      } else if pattern[p] != text[t] {
        return .failed
      }
      t += 1
      p += 1
    }
    if t < text.count { return .failed }
    while p < pattern.count && pattern[p] == percent { p += 1 }
    return p >= pattern.count ? .matched : .aborted
  }

  /// PostgreSQL ARE syntax in ICU's: the constraint escapes and the end anchors translated, a
  /// `]` first in a bracket expression escaped, `***:` dropped and `***=` quoted.
  static func icuPattern(_ pattern: String) -> String? {
    if pattern.hasPrefix("***=") {
      return NSRegularExpression.escapedPattern(for: String(pattern.dropFirst(4)))
    }
    let body = pattern.hasPrefix("***:") ? String(pattern.dropFirst(4)) : pattern
    let scalars = Array(body.unicodeScalars)
    var output = ""
    var index = 0
    while index < scalars.count {
      let scalar = scalars[index]
      switch scalar {
      case "\\":
        guard index + 1 < scalars.count else { return nil }
        let next = scalars[index + 1]
        switch next {
        case "m": output += "\\b(?=\\w)"
        case "M": output += "\\b(?<=\\w)"
        case "y": output += "\\b"
        case "Y": output += "\\B"
        case "Z": output += "\\z"
        default:
          output.unicodeScalars.append(scalar)
          output.unicodeScalars.append(next)
        }
        index += 2
      case "$":
        output += "\\z"
        index += 1
      case "[":
        output += "["
        index += 1
        if index < scalars.count && scalars[index] == "^" {
          output += "^"
          index += 1
        }
        if index < scalars.count && scalars[index] == "]" {
          output += "\\]"
          index += 1
        }
        while index < scalars.count && scalars[index] != "]" {
          let inside = scalars[index]
          if inside == "[", index + 1 < scalars.count, [":", ".", "="].contains(scalars[index + 1]) {
            // A character class such as [:alpha:], copied through its closing ":]".
            let close = scalars[index + 1]
            output.unicodeScalars.append(inside)
            output.unicodeScalars.append(close)
            index += 2
            while index + 1 < scalars.count && !(scalars[index] == close && scalars[index + 1] == "]") {
              output.unicodeScalars.append(scalars[index])
              index += 1
            }
            guard index + 1 < scalars.count else { return nil }
            output.unicodeScalars.append(close)
            output += "]"
            index += 2
            continue
          }
          if inside == "\\" && index + 1 < scalars.count {
            output.unicodeScalars.append(inside)
            output.unicodeScalars.append(scalars[index + 1])
            index += 2
            continue
          }
          if inside == "[" || inside == "&" || inside == "-" && index + 1 < scalars.count && scalars[index + 1] == "]" {
            output += "\\"
          }
          output.unicodeScalars.append(inside)
          index += 1
        }
        guard index < scalars.count else { return nil }
        output += "]"
        index += 1
      default:
        output.unicodeScalars.append(scalar)
        index += 1
      }
    }
    return output
  }
}

/// Mirrors what `pg_regprefix` (regex/regprefix.c) reads off a compiled regular expression: the
/// characters every match must begin with, following the NFA from the start anchor while each
/// state has exactly one way out labelled by one character; exact when that path ends at the
/// end anchor.
///
/// Instead of compiling an NFA this walks the pattern's syntax, with the outcomes PostgreSQL 15's
/// NFA gives (checked against its index conditions): after `^` (or `\A`), literal characters
/// (one-character bracket expressions, escaped punctuation) extend the prefix; `x{n}` repeats
/// x; an unbounded `c+`/`c{n,}` adds one c and stops, `(group)+` its first character and
/// `(group){n,}` (n ≥ 2) one pass; bounded ranges, optional atoms, classes, `.`, lookarounds
/// and back-references stop; plain groups are transparent; a group of alternatives adds their
/// shared first character and stops; a word constraint (`\m` `\M` `\y` `\Y`) or an end
/// anchor before more pattern leaves no prefix. Under ILIKE/`~*` rules a
/// letter with a case variant (ASCII, C locale) stops the prefix, as do characters above
/// U+07FF (PostgreSQL keeps them outside its simple color map).
enum RegexPrefix {
  indirect enum Atom {
    case literal(Unicode.Scalar)
    case other
    case group([[Item]])
    case begin
    case end
  }

  struct Item {
    var atom: Atom
    var minimum: Int
    var maximum: Int?
  }

  /// The prefix and whether the pattern is exact; nil when there is no prefix
  /// (`REG_NOMATCH`), which includes an empty prefix that is not exact.
  static func find(pattern: [UInt8], caseInsensitive: Bool) -> (prefix: [UInt8], exact: Bool)? {
    var text = String(decoding: pattern, as: UTF8.self)
    var foldCase = caseInsensitive
    if text.hasPrefix("***=") { return nil }
    if text.hasPrefix("***:") { text.removeFirst(4) }
    var scalars = Array(text.unicodeScalars)
    // Embedded options, allowed only at the start.
    if scalars.count >= 3 && scalars[0] == "(" && scalars[1] == "?" {
      var index = 2
      var options: [Unicode.Scalar] = []
      while index < scalars.count && scalars[index] != ")" {
        options.append(scalars[index])
        index += 1
      }
      if index < scalars.count && options.allSatisfy({ $0.properties.isAlphabetic }) {
        for option in options {
          switch option {
          case "i": foldCase = true
          case "c": foldCase = false
          case "b", "e", "q", "x": return nil
          default: break
          }
        }
        scalars.removeFirst(index + 1)
      }
    }
    var parser = Parser(scalars: scalars)
    guard let alternatives = parser.alternatives(), parser.index == scalars.count, alternatives.count == 1 else {
      return nil
    }
    let items = flatten(alternatives[0])
    guard let first = items.first, case .begin = first.atom, first.minimum == 1, first.maximum == 1 else {
      return nil
    }
    guard !parser.sawWordConstraint else { return nil }
    var walker = Walker(foldCase: foldCase)
    let outcome = walker.walk(Array(items.dropFirst()))
    let prefix = Array(String(String.UnicodeScalarView(walker.prefix)).utf8)
    switch outcome {
    case .exact: return (prefix, true)
    case .impossible: return nil
    case .continued, .stopped: return prefix.isEmpty ? nil : (prefix, false)
    }
  }

  /// Inlines groups of one alternative that occur exactly once.
  static func flatten(_ items: [Item]) -> [Item] {
    var result: [Item] = []
    for item in items {
      if case .group(let alternatives) = item.atom, alternatives.count == 1, item.minimum == 1, item.maximum == 1 {
        result += flatten(alternatives[0])
      } else {
        result.append(item)
      }
    }
    return result
  }

  struct Walker {
    enum Outcome { case continued, stopped, exact, impossible }

    let foldCase: Bool
    var prefix: [Unicode.Scalar] = []

    /// Adds the prefix characters of `items` up to the first item that offers a choice.
    /// `exact` when a final end anchor follows a fixed string; `impossible` for an end anchor
    /// with more pattern after it.
    mutating func walk(_ items: [Item]) -> Outcome {
      for (index, item) in items.enumerated() {
        switch item.atom {
        case .literal(let scalar):
          guard eligible(scalar) else { return .stopped }
          if item.minimum == item.maximum {
            prefix += Array(repeating: scalar, count: item.minimum)
            continue
          }
          // An unbounded repetition contributes one copy; a bounded range of counts, none.
          if item.maximum == nil && item.minimum >= 1 { prefix.append(scalar) }
          return .stopped
        case .group(let alternatives):
          if item.minimum == item.maximum {
            for _ in 0..<item.minimum {
              let outcome = walkGroup(alternatives)
              if outcome != .continued { return outcome }
            }
            continue
          }
          if item.maximum == nil && item.minimum == 1 {
            addSharedFirst(alternatives)
          } else if item.maximum == nil && item.minimum >= 2 {
            _ = walkGroup(alternatives)
          }
          return .stopped
        case .end:
          return index == items.count - 1 && item.minimum == 1 && item.maximum == 1 ? .exact : .impossible
        case .begin, .other:
          return .stopped
        }
      }
      return .continued
    }

    /// One pass through a group: its sequence, or the shared first character of its
    /// alternatives.
    private mutating func walkGroup(_ alternatives: [[Item]]) -> Outcome {
      if alternatives.count == 1 { return walk(flatten(alternatives[0])) }
      addSharedFirst(alternatives)
      return .stopped
    }

    /// `^ab(cde|cxy)`: the NFA state has several arcs of one color, whose character is added.
    private mutating func addSharedFirst(_ alternatives: [[Item]]) {
      var shared: Unicode.Scalar?
      for alternative in alternatives {
        let items = flatten(alternative)
        guard let first = items.first, case .literal(let scalar) = first.atom, first.minimum >= 1,
          eligible(scalar)
        else { return }
        if let shared, shared != scalar { return }
        shared = scalar
      }
      if let shared { prefix.append(shared) }
    }

    func eligible(_ scalar: Unicode.Scalar) -> Bool {
      if scalar.value > 0x7FF { return false }
      if foldCase && scalar.isASCII && scalar.properties.isAlphabetic { return false }
      return true
    }
  }

  /// A recursive-descent reader of the ARE syntax the walker needs.
  struct Parser {
    let scalars: [Unicode.Scalar]
    var index = 0
    /// `\m`, `\M`, `\y` or `\Y` appeared: PostgreSQL then finds no prefix at all.
    var sawWordConstraint = false

    var peek: Unicode.Scalar? { index < scalars.count ? scalars[index] : nil }

    mutating func alternatives() -> [[Item]]? {
      var result: [[Item]] = []
      while true {
        guard let sequence = sequence() else { return nil }
        result.append(sequence)
        if peek == "|" {
          index += 1
          continue
        }
        return result
      }
    }

    mutating func sequence() -> [Item]? {
      var items: [Item] = []
      while let scalar = peek, scalar != "|", scalar != ")" {
        guard let atom = atom() else { return nil }
        guard let (minimum, maximum) = quantifier() else { return nil }
        items.append(Item(atom: atom, minimum: minimum, maximum: maximum))
      }
      return items
    }

    mutating func quantifier() -> (Int, Int?)? {
      var bounds: (Int, Int?) = (1, 1)
      switch peek {
      case "*":
        bounds = (0, nil)
        index += 1
      case "+":
        bounds = (1, nil)
        index += 1
      case "?":
        bounds = (0, 1)
        index += 1
      case "{":
        index += 1
        guard let low = number() else { return nil }
        var high: Int? = low
        if peek == "," {
          index += 1
          high = number()
        }
        guard peek == "}" else { return nil }
        index += 1
        bounds = (low, high)
      default:
        return bounds
      }
      if peek == "?" { index += 1 }
      if let next = peek, "*+?{".unicodeScalars.contains(next) { return nil }
      return bounds
    }

    mutating func number() -> Int? {
      var value: Int?
      while let scalar = peek, let digit = Int(String(scalar)), scalar.isASCII {
        value = (value ?? 0) * 10 + digit
        index += 1
      }
      return value
    }

    mutating func atom() -> Atom? {
      guard let scalar = peek else { return nil }
      index += 1
      switch scalar {
      case "(":
        var lookaround = false
        if peek == "?" {
          index += 1
          switch peek {
          case ":": index += 1
          case "=", "!":
            lookaround = true
            index += 1
          case "<":
            lookaround = true
            index += 2
          default: return nil
          }
        }
        guard let inner = alternatives(), peek == ")" else { return nil }
        index += 1
        return lookaround ? .other : .group(inner)
      case "[":
        return bracket()
      case ".":
        return .other
      case "^":
        return .begin
      case "$":
        return .end
      case "\\":
        return escape()
      case "*", "+", "?", "{", ")":
        return nil
      default:
        return .literal(scalar)
      }
    }

    /// A bracket expression: one plain character reads as that character.
    mutating func bracket() -> Atom? {
      var members: [Unicode.Scalar] = []
      var simple = true
      if peek == "^" {
        simple = false
        index += 1
      }
      if peek == "]" {
        members.append("]")
        index += 1
      }
      while let scalar = peek, scalar != "]" {
        index += 1
        if scalar == "[", let next = peek, next == ":" || next == "." || next == "=" {
          simple = false
          while index + 1 < scalars.count && !(scalars[index] == next && scalars[index + 1] == "]") { index += 1 }
          index += 2
          continue
        }
        if scalar == "\\" || scalar == "-" {
          simple = false
          if scalar == "\\" { index += 1 }
          continue
        }
        members.append(scalar)
      }
      guard peek == "]" else { return nil }
      index += 1
      if simple && members.count == 1, let only = members.first { return .literal(only) }
      return .other
    }

    mutating func escape() -> Atom? {
      guard let scalar = peek else { return nil }
      index += 1
      switch scalar {
      case "A": return .begin
      case "Z": return .end
      case "n": return .literal("\n")
      case "t": return .literal("\t")
      case "r": return .literal("\r")
      case "f": return .literal("\u{0C}")
      case "v": return .literal("\u{0B}")
      case "a": return .literal("\u{07}")
      case "e": return .literal("\u{1B}")
      case "b": return .literal("\u{08}")
      case "x", "u", "U":
        let limit = scalar == "x" ? 8 : (scalar == "u" ? 4 : 8)
        var value: UInt32 = 0
        var digits = 0
        while digits < limit, let next = peek, let nibble = Datum.hexValue(next) {
          value = value * 16 + UInt32(nibble)
          digits += 1
          index += 1
        }
        guard digits > 0, let decoded = Unicode.Scalar(value) else { return nil }
        return .literal(decoded)
      case "m", "M", "y", "Y":
        sawWordConstraint = true
        return .other
      default:
        if scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)) {
          return .other
        }
        return .literal(scalar)
      }
    }
  }
}
