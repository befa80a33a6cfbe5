import AugurPlan
import AugurSQL

/// A way to produce a relation's rows (PostgreSQL's `Path`), already shaped as the plan node
/// EXPLAIN would print for it.
struct Path {
  var node: PlanNode
  var cost: Cost
  var rows: Double
  var width: Int
  /// The order the rows come out in (PostgreSQL's pathkeys), only when useful to the query.
  var pathkeys: [SortKey]
  /// What scanning it again costs (`cost_rescan`): a plain rescan unless the node keeps its rows.
  var rescanKind: RescanKind = .plain

  init(
    nodeType: String, properties: [PlanProperty] = [], children: [Path] = [], cost: Cost, rows: Double, width: Int,
    pathkeys: [SortKey] = []
  ) {
    self.cost = cost
    self.rows = rows
    self.width = width
    self.pathkeys = pathkeys
    node = PlanNode(
      nodeType: nodeType,
      estimate: PlanEstimate(startupCost: cost.startup, totalCost: cost.total, rows: rows, width: width),
      properties: properties, children: children.map(\.node))
  }
}

/// A partial path (one worker's share of the rows) and the workers it was planned for.
typealias PartialPath = (path: Path, workers: Int)

/// PostgreSQL's `add_partial_path` (pathnode.c): partial paths compete on total cost (1% fuzz)
/// and sort order only; startup cost and rows do not count, since a Gather reads them all.
struct PartialPathList {
  private(set) var paths: [PartialPath] = []

  mutating func add(_ new: PartialPath) {
    var keep: [PartialPath] = []
    var accept = true
    for old in paths {
      let keys = PathList.compareKeys(new.path.pathkeys, old.path.pathkeys)
      var removeOld = false
      if keys != .different {
        if new.path.cost.total > old.path.cost.total * PathList.fuzzFactor {
          if keys != .better1 { accept = false }
        } else if old.path.cost.total > new.path.cost.total * PathList.fuzzFactor {
          if keys != .better2 { removeOld = true }
        } else if keys == .better1 {
          removeOld = true
        } else if keys == .better2 {
          accept = false
        } else if new.path.cost.total * 1.0000000001 < old.path.cost.total {
          removeOld = true
        } else {
          accept = false
        }
      }
      if !removeOld { keep.append(old) }
    }
    paths = accept ? keep + [new] : paths
  }
}

/// PostgreSQL's `add_path` (pathnode.c): a new path survives unless an existing one is at least
/// as good on fuzzy total and startup cost (1% fuzz) and on sort order; dominated old paths go.
struct PathList {
  private(set) var paths: [Path] = []
  /// `rel->consider_startup`: startup cost matters when only part of the result is wanted.
  var considerStartup: Bool

  static let fuzzFactor = 1.01

  enum CostComparison { case better1, better2, equal, different }
  enum KeysComparison { case better1, better2, equal, different }

  static func compareCosts(_ p1: Path, _ p2: Path, fuzz: Double, considerStartup: Bool) -> CostComparison {
    if p1.cost.total > p2.cost.total * fuzz {
      return considerStartup && p2.cost.startup > p1.cost.startup * fuzz ? .different : .better2
    }
    if p2.cost.total > p1.cost.total * fuzz {
      return considerStartup && p1.cost.startup > p2.cost.startup * fuzz ? .different : .better1
    }
    if p1.cost.startup > p2.cost.startup * fuzz { return .better2 }
    if p2.cost.startup > p1.cost.startup * fuzz { return .better1 }
    return .equal
  }

  static func compareKeys(_ k1: [SortKey], _ k2: [SortKey]) -> KeysComparison {
    if k1 == k2 { return .equal }
    if k1.count > k2.count && Array(k1.prefix(k2.count)) == k2 { return .better1 }
    if k2.count > k1.count && Array(k2.prefix(k1.count)) == k1 { return .better2 }
    return .different
  }

  mutating func add(_ new: Path) {
    var accept = true
    var survivors: [Path] = []
    for (position, old) in paths.enumerated() {
      var removeOld = false
      let costs = Self.compareCosts(new, old, fuzz: Self.fuzzFactor, considerStartup: considerStartup)
      if costs != .different {
        let keys = Self.compareKeys(new.pathkeys, old.pathkeys)
        if keys != .different {
          switch costs {
          case .equal:
            if keys == .better1 {
              removeOld = true
            } else if keys == .better2 {
              accept = false
            } else if new.rows < old.rows {
              removeOld = true
            } else if new.rows > old.rows {
              accept = false
            } else if Self.compareCosts(new, old, fuzz: 1.0000000001, considerStartup: considerStartup) == .better1 {
              removeOld = true
            } else {
              accept = false
            }
          case .better1:
            if keys != .better2 && new.rows <= old.rows { removeOld = true }
          case .better2:
            if keys != .better1 && new.rows >= old.rows { accept = false }
          case .different: break
          }
        }
      }
      if !removeOld { survivors.append(old) }
      if !accept {
        survivors.append(contentsOf: paths[(position + 1)...])
        break
      }
    }
    paths = accept ? survivors + [new] : survivors
  }

  /// `get_cheapest_path_for_pathkeys`-style choice: least total cost, then least startup.
  var cheapestTotal: Path? {
    paths.min { ($0.cost.total, $0.cost.startup) < ($1.cost.total, $1.cost.startup) }
  }
}
