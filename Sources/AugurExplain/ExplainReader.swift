import AugurPlan
import Foundation

/// Reads EXPLAIN output in any of PostgreSQL's formats, recognized from the content: JSON (`[`
/// or `{`), XML (`<`), YAML (`- Plan:`), or TEXT — each also as psql prints it, below a
/// `QUERY PLAN` header.
public enum ExplainReader {
  public enum Format: String, Sendable { case json, xml, yaml, text }

  public static func format(of text: String) -> Format {
    for line in text.split(separator: "\n", omittingEmptySubsequences: true).prefix(4) {
      var trimmed = line.trimmingCharacters(in: .whitespaces)
      if trimmed.hasSuffix("+") { trimmed = String(trimmed.dropLast()).trimmingCharacters(in: .whitespaces) }
      if trimmed.isEmpty || trimmed == "QUERY PLAN" || trimmed.allSatisfy({ $0 == "-" || $0 == "+" }) { continue }
      if trimmed.hasPrefix("[") || trimmed.hasPrefix("{") { return .json }
      if trimmed.hasPrefix("<") { return .xml }
      if trimmed.hasPrefix("- Plan:") || trimmed == "- Plan:" { return .yaml }
      return .text
    }
    return .text
  }

  public static func read(_ text: String, file: String? = nil) throws(ExplainParseError) -> ExplainedPlan {
    switch format(of: text) {
    case .json: try ExplainJSONReader.read(Data(text.utf8), file: file)
    case .xml: try ExplainXMLReader.read(Data(text.utf8), file: file)
    case .yaml: try ExplainYAMLReader.read(Data(text.utf8), file: file)
    case .text: try ExplainTextReader.read(text, file: file)
    }
  }
}
