import AugurExplain
import AugurPlan
import Foundation
import Testing

/// Plans as users paste them: inside psql frames (ASCII and unicode line styles), with `↵`
/// continuation marks, or with every line quoted. Each reads to the same plan as the bare text.
@Suite struct PastedPlanTests {
  static func plainLines(_ name: String) throws -> [String] {
    let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("Corpus/explain/plans/\(name).txt")
    return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map(String.init)
  }

  static func framed(_ lines: [String], vertical: String, top: String, middle: String, bottom: String) -> String {
    let width = (lines.map(\.count).max() ?? 10) + 2
    let rule = { (edge: String) in edge }
    let title = "QUERY PLAN"
    let padding = max(0, width - title.count)
    var out = [
      rule(top),
      vertical + String(repeating: " ", count: padding / 2) + title
        + String(repeating: " ", count: padding - padding / 2) + vertical, rule(middle),
    ]
    for line in lines {
      out.append(vertical + " " + line + String(repeating: " ", count: width - line.count - 1) + vertical)
    }
    out.append(rule(bottom))
    out.append("(\(lines.count) rows)")
    return out.joined(separator: "\n")
  }

  @Test(arguments: ["07_parallel_hash_join", "12_correlated_subplan", "38_triggers_fk_insert"])
  func framedQuotedAndContinuedPlansReadLikeTheBareText(_ name: String) throws {
    let lines = try Self.plainLines(name)
    let bare = try ExplainTextReader.read(lines.joined(separator: "\n"))
    let width = (lines.map(\.count).max() ?? 10) + 2
    let ascii = Self.framed(
      lines, vertical: "|", top: "+" + String(repeating: "-", count: width) + "+",
      middle: "+" + String(repeating: "-", count: width) + "+", bottom: "+" + String(repeating: "-", count: width) + "+"
    )
    let unicode = Self.framed(
      lines, vertical: "│", top: "┌" + String(repeating: "─", count: width) + "┐",
      middle: "├" + String(repeating: "─", count: width) + "┤", bottom: "└" + String(repeating: "─", count: width) + "┘"
    )
    let double = Self.framed(
      lines, vertical: "║", top: "╔" + String(repeating: "═", count: width) + "╗",
      middle: "╠" + String(repeating: "═", count: width) + "╣", bottom: "╚" + String(repeating: "═", count: width) + "╝"
    )
    let continued = lines.enumerated().map { $0.offset < lines.count - 1 ? $0.element + " ↵" : $0.element }
      .joined(separator: "\n")
    let singleQuoted = lines.map { "'\($0)'" }.joined(separator: "\n")
    let doubleQuoted = lines.map { "\"\($0)\"" }.joined(separator: "\n")
    for (style, text) in [
      ("ascii frame", ascii), ("unicode frame", unicode), ("double frame", double), ("↵ marks", continued),
      ("single quotes", singleQuoted), ("double quotes", doubleQuoted),
    ] {
      let plan = try ExplainTextReader.read(text)
      #expect(plan == bare, "\(name): \(style) reads differently")
    }
  }
}
