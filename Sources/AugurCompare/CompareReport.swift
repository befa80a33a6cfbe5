import AugurPlan
import Foundation

/// The result of a compare run: every query's outcome and the summary figures, as Markdown (for
/// `Reports/accuracy.md` and pull requests) or JSON.
///
/// Percentages are of all queries, so a query Augur cannot plan counts as a miss, not as absent.
public struct CompareReport: Sendable, Codable {
  public var database: String
  public var serverVersion: String?
  public var analyze: Bool
  public var hypothetical: Bool
  public var tolerance: Double
  public var queries: [QueryOutcome]

  public init(
    database: String, serverVersion: String?, analyze: Bool, hypothetical: Bool, tolerance: Double,
    queries: [QueryOutcome]
  ) {
    self.database = database
    self.serverVersion = serverVersion
    self.analyze = analyze
    self.hypothetical = hypothetical
    self.tolerance = tolerance
    self.queries = queries
  }

  /// Several runs (one per database) as one report.
  public static func merged(_ reports: [CompareReport], database: String) -> CompareReport? {
    guard let first = reports.first else { return nil }
    return CompareReport(
      database: database, serverVersion: first.serverVersion, analyze: first.analyze,
      hypothetical: first.hypothetical, tolerance: first.tolerance, queries: reports.flatMap(\.queries))
  }

  // MARK: Summary

  public struct Summary: Sendable, Codable, Hashable {
    public var queries: Int
    public var compared: Int
    public var notSupported: Int
    public var augurErrors: Int
    public var postgresErrors: Int
    public var rootRowsAgree: Int
    public var sameScans: Int
    public var totalCostAgrees: Int
    public var sameShape: Int
    public var hypotheticalCandidates: Int
    public var hypotheticalAgree: Int

    public func share(_ count: Int, of total: Int? = nil) -> Double {
      let base = total ?? queries
      return base == 0 ? 0 : Double(count) / Double(base)
    }
  }

  public var summary: Summary { Self.summarize(queries) }

  static func summarize(_ queries: [QueryOutcome]) -> Summary {
    let compared = queries.compactMap(\.comparison)
    let hypothetical = queries.compactMap(\.hypothetical)
    return Summary(
      queries: queries.count, compared: compared.count,
      notSupported: queries.filter { $0.status == .notSupported }.count,
      augurErrors: queries.filter { $0.status == .augurError }.count,
      postgresErrors: queries.filter { $0.status == .postgresError }.count,
      rootRowsAgree: compared.filter(\.rootRowsAgree).count, sameScans: compared.filter(\.sameScans).count,
      totalCostAgrees: compared.filter(\.totalCostAgrees).count, sameShape: compared.filter(\.sameShape).count,
      hypotheticalCandidates: hypothetical.count, hypotheticalAgree: hypothetical.filter(\.agrees).count)
  }

  // MARK: JSON

  public func json() throws -> Data {
    struct Document: Encodable {
      var summary: Summary
      var report: CompareReport
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    return try encoder.encode(Document(summary: summary, report: withoutPlans()))
  }

  /// The report without the full plans (the JSON keeps signatures, figures and misses).
  func withoutPlans() -> CompareReport {
    var copy = self
    copy.queries = queries.map {
      var outcome = $0
      outcome.augurPlan = nil
      outcome.postgresPlan = nil
      return outcome
    }
    return copy
  }

  // MARK: Markdown

  /// `showLiterals`: print queries as written; otherwise normalized (`$1`, `$2`, ...).
  public func markdown(
    title: String = "Augur accuracy", preamble: [String] = [], showLiterals: Bool = false,
    plot: (file: String, title: String)? = nil
  ) -> String {
    let summary = self.summary
    var lines = ["# \(title)", ""]
    lines += preamble
    if !preamble.isEmpty { lines.append("") }
    lines.append(
      "Augur's predicted plans against PostgreSQL's own `EXPLAIN` on \(database)"
        + (serverVersion.map { " (PostgreSQL \($0))" } ?? "") + ", \(summary.queries) queries. "
        + "\"Within\" means within \(Self.percent(tolerance, decimals: 0)) of PostgreSQL's estimate. "
        + "Shares are of all queries: a query Augur cannot plan yet counts as a miss.")
    lines.append("")
    lines.append("| Measure | Queries | Share |")
    lines.append("|---|---:|---:|")
    func row(_ name: String, _ count: Int, of base: Int? = nil) {
      lines.append("| \(name) | \(count) | \(Self.percent(summary.share(count, of: base))) |")
    }
    row("Root row estimate within \(Self.percent(tolerance, decimals: 0))", summary.rootRowsAgree)
    row("Same scan type and index", summary.sameScans)
    row("Total cost within \(Self.percent(tolerance, decimals: 0))", summary.totalCostAgrees)
    row("Same plan shape", summary.sameShape)
    row("Compared (both sides planned)", summary.compared)
    row("Not supported by Augur yet", summary.notSupported)
    row("Augur errors", summary.augurErrors)
    row("PostgreSQL errors", summary.postgresErrors)
    if hypothetical {
      lines.append(
        "| Hypothetical index: same scan and same use of the index | \(summary.hypotheticalAgree) of "
          + "\(summary.hypotheticalCandidates) | "
          + "\(Self.percent(summary.share(summary.hypotheticalAgree, of: summary.hypotheticalCandidates))) |")
    }
    lines.append("")
    lines += qErrorSection()
    lines += qErrorByJoinsSection()
    if let plot { lines += ["![\(plot.title)](\(plot.file))", ""] }
    lines += byCaseSection()
    lines += notSupportedSection()
    lines += shapeCauseSection()
    lines += missesSection(showLiterals: showLiterals)
    return lines.joined(separator: "\n") + "\n"
  }

  /// The q-error distribution of every plan node against its actual rows, by the number of
  /// joins in PostgreSQL's plan: Augur's estimate (nodes where its plan has the same node) beside
  /// PostgreSQL's (every node).
  func qErrorByJoinsSection() -> [String] {
    let compared = queries.compactMap(\.comparison)
    guard compared.contains(where: { $0.nodes.contains { $0.postgresQError != nil } }) else { return [] }
    func bucket(_ joins: Int) -> String { joins >= 4 ? "4+" : String(joins) }
    var lines = [
      "## Node q-error against actual rows, by number of joins", "",
      "Every plan node's estimated rows against the actual rows of EXPLAIN ANALYZE "
        + "(`max(estimate/actual, actual/estimate)`, both at least 1). Augur's figures cover the nodes where "
        + "its plan has the same node as PostgreSQL's.", "",
      "| Joins | Estimator | Nodes | Median | 90th | 99th | Max |", "|---|---|---:|---:|---:|---:|---:|",
    ]
    for label in ["0", "1", "2", "3", "4+", "all"] {
      let group = compared.filter { label == "all" || bucket($0.joins) == label }
      guard !group.isEmpty else { continue }
      for (name, values) in [
        ("Augur", group.flatMap { $0.nodes.compactMap(\.augurQError) }),
        ("PostgreSQL", group.flatMap { $0.nodes.compactMap(\.postgresQError) }),
      ] {
        let sorted = values.sorted()
        func percentile(_ fraction: Double) -> String {
          guard !sorted.isEmpty else { return "–" }
          let index = min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded(.up)))
          return ExplainNumberText.fixed(sorted[index], decimals: 2)
        }
        lines.append(
          "| \(label) | \(name) | \(sorted.count) | \(percentile(0.5)) | \(percentile(0.9)) | \(percentile(0.99)) | "
            + "\(percentile(1)) |")
      }
    }
    lines.append("")
    return lines
  }

  /// Augur's row estimate against PostgreSQL's for every node both plans share, on log scales,
  /// as an SVG scatter plot: points on the diagonal are nodes where Augur predicted PostgreSQL's
  /// estimate.
  public func estimatePlot(title: String = "Augur's row estimate against PostgreSQL's, per plan node") -> String {
    var points: [(Double, Double)] = []
    for comparison in queries.compactMap(\.comparison) {
      for node in comparison.nodes where node.augur != nil && node.augur == node.postgres {
        if let augur = node.augurRows, let postgres = node.postgresRows { points.append((postgres, augur)) }
      }
    }
    let size = 480.0
    let margin = 56.0
    let top = max(1, (points.flatMap { [$0.0, $0.1] }.max() ?? 10).rounded(.up))
    let decades = max(1, log10(top).rounded(.up))
    func scale(_ value: Double) -> Double { log10(max(value, 1)) / decades * size }
    var svg = [
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(size + 2 * margin))\" "
        + "height=\"\(Int(size + 2 * margin))\" font-family=\"sans-serif\" font-size=\"11\">",
      "<title>\(title)</title>",
      "<rect x=\"\(margin)\" y=\"\(margin)\" width=\"\(size)\" height=\"\(size)\" fill=\"white\" stroke=\"#888\"/>",
    ]
    for decade in 0...Int(decades) {
      let offset = Double(decade) / decades * size
      let label = decade == 0 ? "1" : "1e\(decade)"
      svg.append(
        "<line x1=\"\(margin + offset)\" y1=\"\(margin)\" x2=\"\(margin + offset)\" y2=\"\(margin + size)\" stroke=\"#eee\"/>"
      )
      svg.append(
        "<line x1=\"\(margin)\" y1=\"\(margin + size - offset)\" x2=\"\(margin + size)\" y2=\"\(margin + size - offset)\" "
          + "stroke=\"#eee\"/>")
      svg.append("<text x=\"\(margin + offset)\" y=\"\(margin + size + 16)\" text-anchor=\"middle\">\(label)</text>")
      svg.append("<text x=\"\(margin - 6)\" y=\"\(margin + size - offset + 4)\" text-anchor=\"end\">\(label)</text>")
    }
    svg.append(
      "<line x1=\"\(margin)\" y1=\"\(margin + size)\" x2=\"\(margin + size)\" y2=\"\(margin)\" stroke=\"#c33\" "
        + "stroke-dasharray=\"4 3\"/>")
    for (postgres, augur) in points {
      let x = margin + scale(postgres)
      let y = margin + size - scale(augur)
      svg.append(
        "<circle cx=\"\(ExplainNumberText.fixed(x, decimals: 1))\" cy=\"\(ExplainNumberText.fixed(y, decimals: 1))\" "
          + "r=\"2.5\" fill=\"#2a6fdb\" fill-opacity=\"0.45\"/>")
    }
    svg.append(
      "<text x=\"\(margin + size / 2)\" y=\"\(margin + size + 36)\" text-anchor=\"middle\">PostgreSQL's estimated rows</text>"
    )
    svg.append(
      "<text transform=\"translate(16 \(margin + size / 2)) rotate(-90)\" text-anchor=\"middle\">Augur's estimated rows</text>"
    )
    svg.append(
      "<text x=\"\(margin + size / 2)\" y=\"\(margin - 20)\" text-anchor=\"middle\" font-size=\"13\">\(title) "
        + "(\(points.count) nodes)</text>")
    svg.append("</svg>")
    return svg.joined(separator: "\n") + "\n"
  }

  private func qErrorSection() -> [String] {
    let roots = queries.compactMap { $0.comparison?.nodes.first }
    let augur = roots.compactMap(\.augurQError).sorted()
    let postgres = roots.compactMap(\.postgresQError).sorted()
    guard !postgres.isEmpty || !augur.isEmpty else { return [] }
    func median(_ values: [Double]) -> String {
      values.isEmpty ? "–" : ExplainNumberText.fixed(values[values.count / 2], decimals: 2)
    }
    return [
      "## Root q-error against actual rows (EXPLAIN ANALYZE)", "",
      "| | Queries | Median | Max |", "|---|---:|---:|---:|",
      "| Augur | \(augur.count) | \(median(augur)) | \(augur.last.map { ExplainNumberText.fixed($0, decimals: 2) } ?? "–") |",
      "| PostgreSQL | \(postgres.count) | \(median(postgres)) | \(postgres.last.map { ExplainNumberText.fixed($0, decimals: 2) } ?? "–") |",
      "",
    ]
  }

  private func byCaseSection() -> [String] {
    let groups = Dictionary(grouping: queries) { $0.caseLabel ?? "(none)" }
    guard groups.count > 1 || groups.keys.first != "(none)" else { return [] }
    var lines = [
      "## By case", "",
      "| Case | Queries | Rows within | Same scan | Cost within | Not supported | Errors |"
        + (hypothetical ? " Hypothetical agree |" : ""),
      "|---|---:|---:|---:|---:|---:|---:|" + (hypothetical ? "---:|" : ""),
    ]
    for label in groups.keys.sorted() {
      let summary = Self.summarize(groups[label] ?? [])
      var line =
        "| \(label) | \(summary.queries) | \(summary.rootRowsAgree) | \(summary.sameScans) | "
        + "\(summary.totalCostAgrees) | \(summary.notSupported) | \(summary.augurErrors + summary.postgresErrors) |"
      if hypothetical { line += " \(summary.hypotheticalAgree)/\(summary.hypotheticalCandidates) |" }
      lines.append(line)
    }
    lines.append("")
    return lines
  }

  private func notSupportedSection() -> [String] {
    let unsupported = queries.filter { $0.status == .notSupported }
    guard !unsupported.isEmpty else { return [] }
    let byReason = Dictionary(grouping: unsupported) { $0.message ?? "?" }
    var lines = ["## Not supported by Augur yet", "", "| Reason | Queries |", "|---|---:|"]
    for (reason, outcomes) in byReason.sorted(by: { $0.value.count > $1.value.count }) {
      lines.append("| \(Self.cell(reason)) | \(outcomes.count) |")
    }
    lines.append("")
    return lines
  }

  /// The planned queries whose plan shape differs, counted by the kind of choice that differs
  /// first (`PlanComparison.shapeCause`).
  private func shapeCauseSection() -> [String] {
    let causes = queries.compactMap { $0.comparison?.shapeCause }
    guard !causes.isEmpty else { return [] }
    let counts = Dictionary(grouping: causes) { $0 }.mapValues(\.count)
    var lines = [
      "## Plan shape misses by cause", "",
      "Where the compared plans part first (depth first), and what kind of choice differs there.", "",
      "| Cause | Queries |", "|---|---:|",
    ]
    for cause in PlanComparison.ShapeCause.allCases {
      guard let count = counts[cause] else { continue }
      lines.append("| \(cause.rawValue) | \(count) |")
    }
    lines.append("")
    return lines
  }

  /// Every query that is not a full agreement, grouped by case, each with its reasons.
  private func missesSection(showLiterals: Bool) -> [String] {
    var lines = ["## Every miss", ""]
    let groups = Dictionary(grouping: queries) { $0.caseLabel ?? "(none)" }
    var any = false
    for label in groups.keys.sorted() {
      var entries: [String] = []
      for outcome in groups[label] ?? [] {
        var reasons: [String] = []
        switch outcome.status {
        case .compared:
          reasons = outcome.comparison?.misses.map(\.message) ?? []
          if let cause = outcome.comparison?.shapeCause { reasons.insert("cause: \(cause.rawValue)", at: 0) }
        case .notSupported: reasons = ["not supported: \(outcome.message ?? "?")"]
        case .augurError: reasons = ["Augur error: \(outcome.message ?? "?")"]
        case .postgresError: reasons = ["PostgreSQL error: \(outcome.message ?? "?")"]
        }
        if let hypothetical = outcome.hypothetical, !hypothetical.agrees {
          let detail =
            hypothetical.status == .compared
            ? "Augur \(hypothetical.augurScans.joined(separator: ", ")), PostgreSQL "
              + hypothetical.postgresScans.joined(separator: ", ")
            : "\(hypothetical.status.rawValue): \(hypothetical.message ?? "?")"
          reasons.append("hypothetical `\(hypothetical.index)`: \(detail)")
        }
        guard !reasons.isEmpty else { continue }
        let sql = (showLiterals ? outcome.sql : outcome.normalizedSQL).split(separator: "\n")
          .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }
          .joined(separator: " ")
        entries.append("- `\(outcome.name)`: `\(sql.replacingOccurrences(of: "`", with: "'"))`")
        entries += reasons.map { "  - \(Self.cell($0))" }
      }
      guard !entries.isEmpty else { continue }
      any = true
      lines.append("### \(label)")
      lines.append("")
      lines += entries
      lines.append("")
    }
    if !any { lines += ["None.", ""] }
    return lines
  }

  static func percent(_ share: Double, decimals: Int = 1) -> String {
    ExplainNumberText.fixed(share * 100, decimals: decimals) + "%"
  }

  /// One line, safe in a Markdown table cell.
  static func cell(_ text: String) -> String {
    text.split(separator: "\n").first.map(String.init)?.replacingOccurrences(of: "|", with: "\\|") ?? ""
  }
}
