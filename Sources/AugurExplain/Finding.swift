/// Something worth changing in a plan, as data: renderers only format findings.
public struct Finding: Sendable, Hashable, Codable {
  public enum Severity: Int, Sendable, Hashable, Codable, Comparable {
    case info = 0
    case warning = 1
    case critical = 2

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rawValue < rhs.rawValue }

    public var name: String {
      switch self {
      case .info: "info"
      case .warning: "warning"
      case .critical: "critical"
      }
    }

    /// Encoded by name (`"warning"`), so the JSON output reads and stays stable.
    public func encode(to encoder: any Encoder) throws {
      var container = encoder.singleValueContainer()
      try container.encode(name)
    }

    public init(from decoder: any Decoder) throws {
      let name = try decoder.singleValueContainer().decode(String.self)
      switch name {
      case "info": self = .info
      case "warning": self = .warning
      case "critical": self = .critical
      default:
        throw DecodingError.dataCorrupted(
          .init(codingPath: decoder.codingPath, debugDescription: "unknown severity \(name)"))
      }
    }
  }

  /// A stable identifier (`sort-spill`, `row-misestimate`, ...), for baselines and suppressions.
  public var id: String
  public var severity: Severity
  /// The node concerned, as child indexes from the root; nil for plan-wide findings.
  public var nodePath: [Int]?
  /// A short description of the node (`Seq Scan on public.events`).
  public var node: String?
  /// What is wrong, in one line.
  public var title: String
  /// The figures from the plan that show it.
  public var evidence: String
  /// What would help: an index, a setting, a statistic or a rewrite.
  public var fix: String
  /// The same, as data the advisor can act on (try the index, measure the setting).
  public var action: Action?

  /// A change that would help, in terms the advisor can try.
  public enum Action: Sendable, Hashable, Codable {
    /// An index on `table` with these key columns (in order) and optional predicate.
    case index(table: String, columns: [String])
    /// A setting for the query (`work_mem`, `jit`, `join_collapse_limit`, ...).
    case setting(name: String, value: String)
    /// Extended statistics on these columns of `table`, or a larger statistics target.
    case statistics(table: String, columns: [String])
    /// VACUUM (and ANALYZE) of a table.
    case vacuum(table: String)
    /// A change to the query itself.
    case rewrite(description: String)
  }

  public init(
    id: String, severity: Severity, nodePath: [Int]?, node: String?, title: String, evidence: String, fix: String,
    action: Action? = nil
  ) {
    self.id = id
    self.severity = severity
    self.nodePath = nodePath
    self.node = node
    self.title = title
    self.evidence = evidence
    self.fix = fix
    self.action = action
  }
}
