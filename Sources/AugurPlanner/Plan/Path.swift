import AugurPlan
import AugurSQL

/// A way to produce a relation's rows (PostgreSQL's `Path`), already shaped as the plan node
/// EXPLAIN would print for it.
struct Path {
  /// The plan node, boxed: a join search copies paths in and out of path lists hundreds of
  /// thousands of times, and copying a `PlanNode` inline moved its whole layout and retained each
  /// of its fields.
  private var box: NodeBox
  var cost: Cost
  var rows: Double
  var width: Int
  /// The order the rows come out in (PostgreSQL's pathkeys), only when useful to the query.
  var pathkeys: [SortKey]
  /// What scanning it again costs (`cost_rescan`): a plain rescan unless the node keeps its rows.
  var rescanKind: RescanKind = .plain

  var node: PlanNode {
    get { box.node }
    set { box = NodeBox(newValue) }
  }

  init(
    nodeType: String, properties: [PlanProperty] = [], children: [Path] = [], cost: Cost, rows: Double, width: Int,
    pathkeys: [SortKey] = []
  ) {
    self.cost = cost
    self.rows = rows
    self.width = width
    self.pathkeys = pathkeys
    box = NodeBox(
      PlanNode(
        nodeType: nodeType,
        estimate: PlanEstimate(startupCost: cost.startup, totalCost: cost.total, rows: rows, width: width),
        properties: properties, children: children.map(\.node)))
  }

  /// Whether the two paths have the same plan node (the same box, or equal nodes).
  func hasSameNode(as other: Path) -> Bool {
    box === other.box || box.node == other.box.node
  }
}

/// A plan node behind a reference (see `Path.node`); never mutated, so paths sharing one keep
/// value semantics.
private final class NodeBox {
  let node: PlanNode

  init(_ node: PlanNode) { self.node = node }
}

/// A partial path (one worker's share of the rows) and the workers it was planned for.
typealias PartialPath = (path: Path, workers: Int)

/// PostgreSQL's `add_partial_path` (pathnode.c): partial paths compete on total cost (1% fuzz)
/// and sort order only; startup cost and rows do not count, since a Gather reads them all.
struct PartialPathList {
  private(set) var paths: [PartialPath] = []

  /// `add_partial_path_precheck`: whether a partial path of this total cost and order would
  /// survive.
  func wouldAccept(total: Double, pathkeys: [SortKey]) -> Bool {
    for old in paths {
      let keys = PathList.compareKeys(pathkeys, old.path.pathkeys)
      guard keys != .different else { continue }
      if total > old.path.cost.total * PathList.fuzzFactor && keys != .better1 { return false }
      if old.path.cost.total <= total * PathList.fuzzFactor && total <= old.path.cost.total * PathList.fuzzFactor
        && keys == .better2
      {
        return false
      }
    }
    return true
  }

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
    compareCosts(p1.cost, p2.cost, fuzz: fuzz, considerStartup: considerStartup)
  }

  static func compareCosts(_ c1: Cost, _ c2: Cost, fuzz: Double, considerStartup: Bool) -> CostComparison {
    if c1.total > c2.total * fuzz {
      return considerStartup && c2.startup > c1.startup * fuzz ? .different : .better2
    }
    if c2.total > c1.total * fuzz {
      return considerStartup && c1.startup > c2.startup * fuzz ? .different : .better1
    }
    if c1.startup > c2.startup * fuzz { return .better2 }
    if c2.startup > c1.startup * fuzz { return .better1 }
    return .equal
  }

  static func compareKeys(_ k1: [SortKey], _ k2: [SortKey]) -> KeysComparison {
    if k1 == k2 { return .equal }
    if k1.count > k2.count && Array(k1.prefix(k2.count)) == k2 { return .better1 }
    if k2.count > k1.count && Array(k2.prefix(k1.count)) == k1 { return .better2 }
    return .different
  }

  /// `add_path`'s decision for a new path (its cost, rows and order) against one old path:
  /// whether the old one goes, and whether the new one is rejected.
  private func verdict(
    _ cost: Cost, rows: Double, pathkeys: [SortKey], against position: Int
  ) -> (removeOld: Bool, reject: Bool) {
    // Fields are read in place: copying whole paths retained their plan nodes each time.
    let oldCost = paths[position].cost
    let oldRows = paths[position].rows
    let costs = Self.compareCosts(cost, oldCost, fuzz: Self.fuzzFactor, considerStartup: considerStartup)
    guard costs != .different else { return (false, false) }
    let keys = Self.compareKeys(pathkeys, paths[position].pathkeys)
    guard keys != .different else { return (false, false) }
    switch costs {
    case .equal:
      if keys == .better1 { return (true, false) }
      if keys == .better2 { return (false, true) }
      if rows < oldRows { return (true, false) }
      if rows > oldRows { return (false, true) }
      if Self.compareCosts(cost, oldCost, fuzz: 1.0000000001, considerStartup: considerStartup) == .better1 {
        return (true, false)
      }
      return (false, true)
    case .better1:
      return (keys != .better2 && rows <= oldRows, false)
    case .better2:
      return (false, keys != .better1 && rows >= oldRows)
    case .different:
      return (false, false)
    }
  }

  /// `add_path_precheck`: whether a path of this cost, rows and order would survive, so that
  /// its plan node need not be built otherwise.
  func wouldAccept(_ cost: Cost, rows: Double, pathkeys: [SortKey]) -> Bool {
    !paths.indices.contains { verdict(cost, rows: rows, pathkeys: pathkeys, against: $0).reject }
  }

  mutating func add(_ new: Path) {
    // Dominated paths are removed in place afterwards: copying the survivors into a new array
    // retained every path once per add, which was most of a large join search.
    var dominated: [Int] = []
    for position in paths.indices {
      let (removeOld, reject) = verdict(new.cost, rows: new.rows, pathkeys: new.pathkeys, against: position)
      if reject { return }
      if removeOld { dominated.append(position) }
    }
    for position in dominated.reversed() { paths.remove(at: position) }
    paths.append(new)
  }

  /// `get_cheapest_path_for_pathkeys`-style choice: least total cost, then least startup.
  var cheapestTotal: Path? {
    paths.min { ($0.cost.total, $0.cost.startup) < ($1.cost.total, $1.cost.startup) }
  }
}
