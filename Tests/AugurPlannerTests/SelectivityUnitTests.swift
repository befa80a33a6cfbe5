import AugurCatalog
import AugurPlanner
import Foundation
import Testing

/// `Datum` reading and ordering on edge values, and the estimators worked out by hand on small
/// statistics given here (no server).
@Suite struct SelectivityUnitTests {
  // MARK: Datum

  @Test func numericsCompareExactly() throws {
    func n(_ text: String) throws -> Datum { try #require(Datum.parse(text, as: .numeric)) }
    #expect(Datum.equal(try n("10.5"), try n("10.50")))
    #expect(Datum.equal(try n("-0.0"), try n("0")))
    #expect(Datum.compare(try n("-0.5"), try n("0")) == -1)
    #expect(Datum.compare(try n("-10"), try n("-9.99")) == -1)
    #expect(Datum.compare(try n("1e3"), try n("999.999")) == 1)
    #expect(Datum.compare(try n("0.001"), try n("0.0009999")) == 1)
    #expect(Datum.compare(try n("NaN"), try n("Infinity")) == 1)
    #expect(Datum.compare(try n("Infinity"), try n("1e100")) == 1)
    #expect(Datum.compare(try n("-Infinity"), try n("-1e100")) == -1)
    #expect(Datum.compare(.integer(10), try n("10.00")) == 0)
    #expect(Datum.parse("12abc", as: .numeric) == nil)
    #expect(Datum.parse("40000", as: .smallint) == nil)
    if case .numeric(let value)? = Datum.parse("-12.25", as: .numeric) { #expect(value.doubleValue == -12.25) }
  }

  @Test func floatsPutNaNLast() throws {
    let nan = try #require(Datum.parse("NaN", as: .doublePrecision))
    let infinity = try #require(Datum.parse("Infinity", as: .doublePrecision))
    let negative = try #require(Datum.parse("-Infinity", as: .doublePrecision))
    #expect(Datum.compare(nan, infinity) == 1)
    #expect(Datum.compare(nan, nan) == 0)
    #expect(Datum.compare(negative, .float(-1e308)) == -1)
    // real keeps its float4 value.
    #expect(Datum.parse("0.1", as: .real) == .float(Double(Float(0.1))))
  }

  @Test func timestampsReadOffsetsAndInfinity() throws {
    let india = try #require(Datum.parse("2024-03-01 12:00:00+05:30", as: .timestamptz))
    let utc = try #require(Datum.parse("2024-03-01 06:30:00+00", as: .timestamptz))
    #expect(Datum.equal(india, utc))
    #expect(Datum.parse("2000-01-01 00:00:00+00", as: .timestamptz) == .timestampTZ(0))
    #expect(Datum.parse("2000-01-01 00:00:01.5-01", as: .timestamptz) == .timestampTZ(3_601_500_000))
    #expect(Datum.parse("1999-12-31 23:59:59.999999", as: .timestamp) == .timestamp(-1))
    #expect(Datum.parse("infinity", as: .timestamptz) == .timestampTZ(Int64.max))
    #expect(Datum.compare(try #require(Datum.parse("-infinity", as: .timestamptz)), utc) == -1)
    #expect(Datum.parse("2000-01-01", as: .date) == .date(0))
    #expect(Datum.parse("1999-12-31", as: .date) == .date(-1))
    // 1 BC is year 0: 366 days before 0001-01-01.
    let firstAD = try #require(Datum.parse("0001-01-01", as: .date))
    let firstBC = try #require(Datum.parse("0001-01-01 BC", as: .date))
    if case .date(let ad) = firstAD, case .date(let bc) = firstBC { #expect(ad - bc == 366) }
    #expect(Datum.parse("2023-02-29", as: .date) == nil)
    #expect(Datum.parse("12:30:00.25", as: .time) == .time(45_000_250_000))
  }

  @Test func charactersIgnorePaddingAndStringsCompareBytewise() {
    #expect(Datum.equal(.character(Array("ab ".utf8)), .character(Array("ab".utf8))))
    #expect(Datum.compare(.character(Array("ab  ".utf8)), .character(Array("ab!".utf8))) == -1)
    #expect(Datum.compare(.text(Array("B".utf8)), .text(Array("a".utf8))) == -1)
    #expect(Datum.compare(.text(Array("ab".utf8)), .text(Array("ab ".utf8))) == -1)
    #expect(Datum.compare(.text(Array("é".utf8)), .text(Array("z".utf8))) == 1)
  }

  @Test func intervalsBooleansAndUUIDs() throws {
    #expect(
      Datum.equal(
        try #require(Datum.parse("1 mon", as: .interval)), try #require(Datum.parse("30 days", as: .interval))))
    #expect(
      Datum.parse("1 year 2 mons -3 days +04:05:06.5", as: .interval)
        == .interval(IntervalValue(months: 14, days: -3, microseconds: 14_706_500_000)))
    #expect(Datum.parse("-1 years", as: .interval) == .interval(IntervalValue(months: -12, days: 0, microseconds: 0)))
    #expect(
      Datum.parse("-00:00:01", as: .interval) == .interval(IntervalValue(months: 0, days: 0, microseconds: -1_000_000)))
    #expect(Datum.parse("t", as: .boolean) == .boolean(true))
    #expect(Datum.parse("off", as: .boolean) == .boolean(false))
    #expect(Datum.parse("o", as: .boolean) == nil)
    let uuid = try #require(Datum.parse("A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11", as: .uuid))
    #expect(Datum.equal(uuid, try #require(Datum.parse("{a0eebc999c0b4ef8bb6d6bb9bd380a11}", as: .uuid))))
    #expect(Datum.parse("a0eebc99", as: .uuid) == nil)
  }

  // MARK: Formulas

  /// 10,000 rows, 10% NULL, n_distinct 1000, no MCVs, histogram 0, 10, ..., 100 (11 bounds).
  static func histogramColumn(range: ValueRange? = nil) -> VariableStatistics {
    let statistics = ColumnStatistics(
      nullFraction: 0.1, averageWidth: 4, distinctValues: 1000, histogramBounds: (0...10).map { String($0 * 10) })
    let column = Column(number: 1, name: "x", type: "integer", statistics: statistics)
    return VariableStatistics(column: column, relationTuples: 10_000, isUnique: false, actualRange: range)
  }

  @Test func inequalityInsideAHistogramBin() {
    let x = Self.histogramColumn()
    func sel(_ op: InequalityOperator, _ value: Int64) -> Double {
      InequalitySelectivity.scalarIneqSel(x, operator: op, constant: .integer(value))
    }
    // 35 lies in bin 4 (30..40) at binfrac 0.5: histfrac = (3 + 0.5) / 10 = 0.35, which is
    // "x <= 35". "<" and ">=" take eq_selec = 1 / (1000 - 0) off; the non-null 0.9 scales all.
    #expect(abs(sel(.lessOrEqual, 35) - 0.35 * 0.9) < 1e-12)
    #expect(abs(sel(.less, 35) - 0.349 * 0.9) < 1e-12)
    #expect(abs(sel(.greater, 35) - 0.65 * 0.9) < 1e-12)
    #expect(abs(sel(.greaterOrEqual, 35) - 0.651 * 0.9) < 1e-12)
    // First bin: histfrac = 0.05 + eq_selec * (1 - 0.5) - eq_selec = 0.0495.
    #expect(abs(sel(.less, 5) - 0.0495 * 0.9) < 1e-12)
    // Below the histogram: histfrac 0, kept at the cutoff 0.01 / 10.
    #expect(abs(sel(.less, -5) - 0.001 * 0.9) < 1e-12)
    // Without statistics: 1/3.
    let bare = VariableStatistics(
      column: Column(number: 1, name: "x", type: "integer"), relationTuples: 10_000, isUnique: false)
    #expect(InequalitySelectivity.scalarIneqSel(bare, operator: .less, constant: .integer(5)) == 1.0 / 3.0)
  }

  @Test func actualMinimumFromAnIndexReplacesTheFirstBound() {
    // The index says the minimum is now -20: the first bin is -20..10, -5 is its middle, and
    // the result is only clamped to [0, 1]: (0.5 + 0.001 * 0.5 - 0.001 ... ) as above, 0.0495.
    let x = Self.histogramColumn(range: ValueRange(minimum: "-20", maximum: "100"))
    let selectivity = InequalitySelectivity.scalarIneqSel(x, operator: .less, constant: .integer(-5))
    #expect(abs(selectivity - 0.0495 * 0.9) < 1e-12)
    // Beyond the actual minimum: 0, not the cutoff.
    #expect(InequalitySelectivity.scalarIneqSel(x, operator: .less, constant: .integer(-30)) == 0)
  }

  @Test func stringsInterpolateOnTheirCharacterRange() {
    // Common prefix "ab" dropped; the bounds' letters widen the range to a..z (base 26).
    let scaled = ScalarConversion.convert(
      value: .text(Array("abc".utf8)), low: .text(Array("abb".utf8)), high: .text(Array("abd".utf8)))
    #expect(scaled?.value == 2.0 / 26 && scaled?.low == 1.0 / 26 && scaled?.high == 3.0 / 26)
  }

  @Test func patternHeuristicsWithoutStatistics() {
    let bare = VariableStatistics(
      column: Column(number: 1, name: "s", type: "text"), relationTuples: 10_000, isUnique: false)
    func like(_ pattern: String) -> Double {
      PatternSelectivity.patternSel(bare, kind: .like, pattern: Array(pattern.utf8))
    }
    // A prefix without a histogram: DEFAULT_MATCH_SEL times the rest ("%": 1).
    #expect(like("abc%") == 0.005)
    // No prefix: 0.2 per fixed character, 5 per later %: 0.2^3 * 5 = 0.04.
    #expect(abs(like("%foo%") - 0.04) < 1e-15)
    // Exact pattern: equality, 1 / 200 distinct values.
    #expect(like("abc") == 0.005)
    // Regex without an anchor: 0.2^3, then 5 for the implied trailing wildcard.
    #expect(abs(PatternSelectivity.patternSel(bare, kind: .regex, pattern: Array("abc".utf8)) - 0.04) < 1e-15)
    #expect(
      abs(PatternSelectivity.patternSel(bare, kind: .like, pattern: Array("%foo%".utf8), negate: true) - 0.96) < 1e-15)
  }

  @Test func regexPrefixesAsPostgreSQLFindsThem() {
    // Each expectation is PostgreSQL 15's index condition for `x ~ pattern`.
    let cases: [(String, String?, Bool)] = [
      ("^abc", "abc", false), ("^abc$", "abc", true), ("^$", "", true), ("abc", nil, false),
      ("^(ab)+", "a", false), ("^(ab){2}", "abab", false), ("^a(bc|bd)", "ab", false), ("^ab+", "ab", false),
      ("^abc*", "ab", false), ("^ab\\.c", "ab.c", false), ("^a[b]c", "abc", false), ("^(?:ab)c", "abc", false),
      ("^ab{2,3}", "a", false), ("^ab{2,}", "ab", false), ("^(ab){2,}", "ab", false), ("^(ab){2,3}", nil, false),
      ("^ab(cd|xe)f", "ab", false), ("^ab(cd|ce)f", "abc", false), ("^a{0}b", "b", false), ("^a\\yb", nil, false),
      ("^a$b", nil, false), ("^ab\\d", "ab", false), ("^é{2}x", "ééx", false),
    ]
    for (pattern, prefix, exact) in cases {
      let status = PatternSelectivity.fixedPrefix(pattern: Array(pattern.utf8), kind: .regex)
      let found = status.status == .none ? nil : status.prefix.map { String(decoding: $0, as: UTF8.self) }
      #expect(found == prefix, "\(pattern)")
      #expect((status.status == .exact) == exact, "\(pattern)")
    }
    // Case-insensitive: letters stop the prefix.
    let folded = PatternSelectivity.fixedPrefix(pattern: Array("^12ab".utf8), kind: .iRegex)
    #expect(folded.prefix == Array("12".utf8) && folded.status == .partial)
    let ilike = PatternSelectivity.fixedPrefix(pattern: Array("12ab%".utf8), kind: .iLike)
    #expect(ilike.prefix == Array("12".utf8) && ilike.status == .partial)
  }

  @Test func greaterStringsIncrementTheLastCharacter() {
    func greater(_ text: String) -> String? {
      PatternSelectivity.makeGreaterString(.text(Array(text.utf8)))?.stringBytes.map {
        String(decoding: $0, as: UTF8.self)
      }
    }
    #expect(greater("abc") == "abd")
    #expect(greater("ab\u{7F}") == "ac")
    #expect(greater("é") == "ê")
    #expect(greater("\u{7F}") == nil)
  }

  @Test func arraysSumDisjointEqualities() {
    let statistics = ColumnStatistics(
      nullFraction: 0, averageWidth: 4, distinctValues: 10, mostCommonValues: ["1", "2"],
      mostCommonFrequencies: [0.3, 0.2])
    let x = VariableStatistics(
      column: Column(number: 1, name: "x", type: "integer", statistics: statistics), relationTuples: 1000,
      isUnique: false)
    let elements: [ArraySelectivity.Element] = [.value(.integer(1)), .value(.integer(2)), .null]
    // IN (1, 2, NULL): 0.3 + 0.2 + 0, the disjoint sum.
    #expect(abs(ArraySelectivity.scalarArraySel(x, operator: .equal, useOr: true, elements: elements) - 0.5) < 1e-12)
    // NOT IN (1, 2): 1 + (0.7 - 1) + (0.8 - 1) = 0.5 (the product would be 0.56).
    let two = Array(elements.prefix(2))
    #expect(abs(ArraySelectivity.scalarArraySel(x, operator: .notEqual, useOr: false, elements: two) - 0.5) < 1e-12)
    // NOT IN with a NULL: the NULL element's 0 makes the sum -0.5, out of range, so the product: 0.
    #expect(ArraySelectivity.scalarArraySel(x, operator: .notEqual, useOr: false, elements: elements) == 0)
    // A parameter array: 10 elements of var_eq_non_const (1 / 10, under the top MCV 0.3).
    let expected = 1 - Foundation.pow(0.9 as Double, 10 as Double)
    #expect(abs(ArraySelectivity.scalarArraySelNonConstant(x, operator: .equal, useOr: true) - expected) < 1e-12)
  }
}
