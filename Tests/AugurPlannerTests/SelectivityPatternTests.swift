import AugurCatalog
import AugurPlanner
import Foundation
import Testing

/// LIKE, ILIKE, `~`, `~*`, `^@` and their negations (`patternsel_common`) against PostgreSQL's
/// estimates, on every string column of the workloads, with patterns cut from the column's own
/// values: prefixes of several lengths, suffixes, infixes, exact values, `_` wildcards,
/// anchored and unanchored regular expressions, character classes and alternatives.
@Suite(.serialized) struct SelectivityPatternTests {
  @Test(arguments: ["ecommerce", "warehouse", "clickstream"])
  func patternRowEstimatesMatchPostgres(workload: String) throws {
    var harness = try SelectivityHarness(
      database: "sel_pattern_\(workload)", workload: workload,
      setup: workload == "ecommerce" ? SelectivityHarness.extraTypes : [])
    for relation in harness.tables {
      for variable in harness.variables(of: relation, where: SelectivityHarness.isString) {
        let statistics = variable.statistics
        var values = Array((statistics?.mostCommonValues ?? []).prefix(3))
        values += SelectivityHarness.spread(statistics?.histogramBounds ?? [], count: 5)
        var seen = Set<String>()
        for value in values where !value.isEmpty {
          for (kind, negated, pattern) in Self.patterns(from: value, type: variable.type)
          where seen.insert("\(kind) \(negated) \(pattern)").inserted {
            let selectivity = PatternSelectivity.patternSel(
              variable, kind: kind, pattern: Array(pattern.utf8), negate: negated)
            let predicate = "\(variable.column.name) \(kind.sql(negated: negated)) \(SelectivityHarness.quote(pattern))"
            try harness.check(variable, relation, predicate, selectivity)
          }
        }
      }
    }
    #expect(harness.compared >= 300)
    #expect(harness.mismatches.isEmpty, "\(harness.report)")
    print("pattern \(workload): \(harness.compared) compared, \(harness.mismatches.count) differ")
  }

  static func likeEscape(_ text: some StringProtocol) -> String {
    var result = ""
    for character in text {
      if character == "%" || character == "_" || character == "\\" { result.append("\\") }
      result.append(character)
    }
    return result
  }

  static func regexEscape(_ text: some StringProtocol) -> String {
    var result = ""
    for character in text {
      if let ascii = character.asciiValue, !(character.isLetter || character.isNumber), ascii != 0x20 {
        result.append("\\")
      }
      result.append(character)
    }
    return result
  }

  static func patterns(from value: String, type: SQLType) -> [(PatternSelectivity.Kind, Bool, String)] {
    let characters = Array(value)
    let count = characters.count
    func prefix(_ n: Int) -> String { String(characters.prefix(max(1, min(n, count)))) }
    func suffix(_ n: Int) -> String { String(characters.suffix(max(1, min(n, count)))) }
    let middle = String(characters.dropFirst(count / 3).prefix(3))
    var result: [(PatternSelectivity.Kind, Bool, String)] = [
      (.like, false, likeEscape(prefix(1)) + "%"),
      (.like, false, likeEscape(prefix(3)) + "%"),
      (.like, false, likeEscape(prefix(count / 2)) + "%"),
      (.like, false, likeEscape(value)),
      (.like, false, "%" + likeEscape(suffix(3))),
      (.like, false, "%" + likeEscape(middle) + "%"),
      (.like, false, likeEscape(prefix(2)) + "%" + likeEscape(suffix(1))),
      (.like, true, likeEscape(prefix(3)) + "%"),
      (.like, true, likeEscape(value)),
      (.iLike, false, likeEscape(prefix(3).uppercased()) + "%"),
      (.iLike, false, likeEscape(value.lowercased())),
      (.iLike, false, "%" + likeEscape(middle) + "%"),
      (.iLike, true, likeEscape(prefix(2)) + "%"),
      (.regex, false, "^" + regexEscape(prefix(3))),
      (.regex, false, "^" + regexEscape(prefix(count / 2))),
      (.regex, false, "^" + regexEscape(value) + "$"),
      (.regex, false, regexEscape(middle)),
      (.regex, false, "^" + regexEscape(prefix(2)) + ".*" + regexEscape(suffix(1)) + "$"),
      (.regex, false, "^" + regexEscape(prefix(1)) + "[a-z0-9]"),
      (.regex, false, "^(" + regexEscape(prefix(2)) + ")+"),
      (.regex, false, "[0-9]+$"),
      (.regex, true, "^" + regexEscape(prefix(3))),
      (.iRegex, false, "^" + regexEscape(prefix(3).uppercased())),
      (.iRegex, false, regexEscape(middle)),
      (.iRegex, true, "^" + regexEscape(prefix(2))),
    ]
    if count > 2 {
      var underscored = characters.map { likeEscape(String($0)) }
      underscored[1] = "_"
      result.append((.like, false, underscored.joined()))
      result.append((.regex, false, "^" + regexEscape(prefix(1)) + "(" + regexEscape(String(characters[1])) + "|x)"))
    }
    // `^@` is defined for text (and varchar through it), not for character(n) or name.
    switch type {
    case .character, .name: break
    default: result.append((.prefix, false, prefix(3)))
    }
    return result
  }
}
