import AugurPlan
import AugurSQL

/// A way to produce a relation's rows (PostgreSQL's `Path`), already shaped as the plan node
/// EXPLAIN would print for it.
///
/// Everything is behind one immutable reference, and the plan node is built on first use: a
/// join search makes hundreds of thousands of paths, most of them dominated later and dropped,
/// and copies paths in and out of path lists and candidate lists; building, copying and freeing
/// a `PlanNode` tree for each, and retaining each field of a path for each copy, was most of
/// that work. Setting a field makes a new reference, so paths keep value semantics.
struct Path {
  private var storage: Storage

  var cost: Cost {
    get { storage.fields.cost }
    set { change { $0.cost = newValue } }
  }
  var rows: Double {
    get { storage.fields.rows }
    set { change { $0.rows = newValue } }
  }
  var width: Int {
    get { storage.fields.width }
    set { change { $0.width = newValue } }
  }
  /// The order the rows come out in (PostgreSQL's pathkeys), only when useful to the query.
  var pathkeys: [SortKey] {
    get { storage.fields.pathkeys }
    set { change { $0.pathkeys = newValue } }
  }
  /// What scanning it again costs (`cost_rescan`): a plain rescan unless the node keeps its rows.
  var rescanKind: RescanKind {
    get { storage.fields.rescanKind }
    set { change { $0.rescanKind = newValue } }
  }

  var node: PlanNode {
    get { storage.node }
    set {
      storage = Storage(
        fields: storage.fields,
        parts: NodeParts(nodeType: newValue.nodeType, estimate: newValue.estimate, properties: [], children: .list([])),
        built: newValue)
    }
  }

  /// The plan node's type, without building the node.
  var nodeType: String { storage.parts.nodeType }

  init(
    nodeType: String, properties: [PlanProperty] = [], children: [Path] = [], cost: Cost, rows: Double, width: Int,
    pathkeys: [SortKey] = [], rescanKind: RescanKind = .plain
  ) {
    self.init(
      nodeType: nodeType, properties: properties, children: .list(children), cost: cost, rows: rows, width: width,
      pathkeys: pathkeys, rescanKind: rescanKind)
  }

  /// A node over one input (Sort, Hash, Material, Memoize, ...).
  init(
    nodeType: String, properties: [PlanProperty], input: Path, cost: Cost, rows: Double, width: Int,
    pathkeys: [SortKey] = [], rescanKind: RescanKind = .plain
  ) {
    self.init(
      nodeType: nodeType, properties: properties, children: .one(input), cost: cost, rows: rows, width: width,
      pathkeys: pathkeys, rescanKind: rescanKind)
  }

  /// A join of two inputs.
  init(
    nodeType: String, properties: [PlanProperty], outer: Path, inner: Path, cost: Cost, rows: Double, width: Int,
    pathkeys: [SortKey] = [], rescanKind: RescanKind = .plain
  ) {
    self.init(
      nodeType: nodeType, properties: properties, children: .two(outer, inner), cost: cost, rows: rows, width: width,
      pathkeys: pathkeys, rescanKind: rescanKind)
  }

  private init(
    nodeType: String, properties: [PlanProperty], children: Children, cost: Cost, rows: Double, width: Int,
    pathkeys: [SortKey], rescanKind: RescanKind
  ) {
    storage = Storage(
      fields: Fields(cost: cost, rows: rows, width: width, pathkeys: pathkeys, rescanKind: rescanKind),
      parts: NodeParts(
        nodeType: nodeType,
        estimate: PlanEstimate(startupCost: cost.startup, totalCost: cost.total, rows: rows, width: width),
        properties: properties, children: children),
      built: nil)
  }

  /// Whether the two paths have the same plan node: the same storage, or equal nodes (compared
  /// only when their types and estimates, known without building them, are equal).
  func hasSameNode(as other: Path) -> Bool {
    storage === other.storage
      || (storage.parts.nodeType == other.storage.parts.nodeType
        && storage.parts.estimate == other.storage.parts.estimate && storage.node == other.storage.node)
  }

  private mutating func change(_ body: (inout Fields) -> Void) {
    var fields = storage.fields
    body(&fields)
    storage = Storage(fields: fields, parts: storage.parts, built: storage.builtNode)
  }

  private struct Fields {
    var cost: Cost
    var rows: Double
    var width: Int
    var pathkeys: [SortKey]
    var rescanKind: RescanKind
  }

  /// What the plan node is made of until it is built.
  private struct NodeParts {
    var nodeType: String
    var estimate: PlanEstimate?
    var properties: [PlanProperty]
    var children: Children
  }

  /// A node's inputs; one or two kept without an array, as most paths have.
  private enum Children {
    case list([Path])
    case one(Path)
    case two(Path, Path)

    var nodes: [PlanNode] {
      switch self {
      case .list(let paths): paths.map(\.node)
      case .one(let input): [input.node]
      case .two(let outer, let inner): [outer.node, inner.node]
      }
    }
  }

  private final class Storage {
    let fields: Fields
    let parts: NodeParts
    /// The node, once built from `parts` (or as set).
    private(set) var builtNode: PlanNode?

    init(fields: Fields, parts: NodeParts, built: PlanNode?) {
      self.fields = fields
      self.parts = parts
      builtNode = built
    }

    var node: PlanNode {
      if let builtNode { return builtNode }
      let node = PlanNode(
        nodeType: parts.nodeType, estimate: parts.estimate, properties: parts.properties,
        children: parts.children.nodes)
      builtNode = node
      return node
    }
  }
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

/// A pathkey list as `CanonicalPathKeys` numbers it, with its length: equal lists have equal
/// numbers.
struct PathKeysNumber: Hashable {
  var number: Int
  var length: Int

  /// The empty list (unordered paths).
  static let unordered = PathKeysNumber(number: 0, length: 0)
}

/// Pathkey lists numbered so that they compare as integers, as PostgreSQL compares canonical
/// `PathKey`s by pointer (`compare_pathkeys`): each list is a node of a trie whose parent is the
/// list without its last key, so that equal lists have one number and a prefix is an ancestor.
/// A join search compares orders millions of times in `add_path`; comparing the expressions
/// each time was most of its work.
///
/// A class: every path list of a join search numbers its paths' orders with the same one.
final class CanonicalPathKeys {
  private struct Child: Hashable {
    var parent: Int
    var key: SortKey
  }

  private var children: [Child: Int] = [:]
  /// Each list's parent (the list one key shorter), by number.
  private var parents = [-1]
  /// Each list's last key, as the number of the list of that key alone (which numbers sort keys).
  private var lastKeys = [-1]

  /// The number of a list, numbering it (and its prefixes) when new.
  func number(_ keys: [SortKey]) -> PathKeysNumber {
    var node = PathKeysNumber.unordered.number
    for key in keys {
      let child = Child(parent: node, key: key)
      if let known = children[child] {
        node = known
      } else {
        let alone = node == PathKeysNumber.unordered.number ? nil : number([key]).number
        let made = parents.count
        parents.append(node)
        lastKeys.append(alone ?? made)
        children[child] = made
        node = made
      }
    }
    return PathKeysNumber(number: node, length: keys.count)
  }

  /// A list's key at `position`, as the number of the list of that key alone.
  func key(of list: PathKeysNumber, at position: Int) -> Int {
    lastKeys[ancestor(of: list, length: position + 1)]
  }

  /// `compare_pathkeys` of two numbered lists. Only a prefix other than the empty list needs the
  /// trie.
  func compare(_ first: PathKeysNumber, _ second: PathKeysNumber) -> PathList.KeysComparison {
    if first.number == second.number { return .equal }
    if first.length > second.length {
      return second.length == 0 || ancestor(of: first, length: second.length) == second.number ? .better1 : .different
    }
    if second.length > first.length {
      return first.length == 0 || ancestor(of: second, length: first.length) == first.number ? .better2 : .different
    }
    return .different
  }

  /// Whether list `keys` begins with list `prefix` (`pathkeys_contained_in(prefix, keys)`).
  func hasPrefix(_ keys: PathKeysNumber, _ prefix: PathKeysNumber) -> Bool {
    let comparison = compare(keys, prefix)
    return comparison == .equal || comparison == .better1
  }

  /// The number of the list's first `length` keys.
  private func ancestor(of list: PathKeysNumber, length: Int) -> Int {
    var node = list.number
    for _ in length..<list.length { node = parents[node] }
    return node
  }
}

/// PostgreSQL's `add_path` (pathnode.c): a new path survives unless an existing one is at least
/// as good on fuzzy total and startup cost (1% fuzz) and on sort order; dominated old paths go.
struct PathList {
  private(set) var paths: [Path] = []
  /// The numbers of the paths' orders (`pathKeys`), by position in `paths`.
  private(set) var pathkeysNumbers: [PathKeysNumber] = []
  /// What `add_path` compares of each path, by position in `paths`: a join search checks
  /// hundreds of thousands of candidates against the paths of a list.
  private var summaries: [Summary] = []
  /// The same, cheapest total cost first, for the precheck to stop at the first path the
  /// candidate beats by more than the fuzz factor (as PostgreSQL's sorted pathlist lets it).
  private var byTotalCost: [Summary] = []
  private var nextSerial = 0
  /// `rel->consider_startup`: startup cost matters when only part of the result is wanted.
  var considerStartup: Bool
  /// The numbering of the paths' orders (shared by every list of a join search).
  let pathKeys: CanonicalPathKeys

  private struct Summary {
    var cost: Cost
    var rows: Double
    var pathkeys: PathKeysNumber
    /// Tells the path apart in `byTotalCost`.
    var serial: Int
  }

  init(considerStartup: Bool, pathKeys: CanonicalPathKeys = CanonicalPathKeys()) {
    self.considerStartup = considerStartup
    self.pathKeys = pathKeys
  }

  static let fuzzFactor = 1.01
  private static let initialCapacity = 16

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

  /// `compare_pathkeys`: equal orders, one order a prefix of the other (the longer is better), or
  /// different ones.
  static func compareKeys(_ k1: [SortKey], _ k2: [SortKey]) -> KeysComparison {
    if k1.count == k2.count { return k1 == k2 ? .equal : .different }
    if k1.count > k2.count { return k1.starts(with: k2) ? .better1 : .different }
    return k2.starts(with: k1) ? .better2 : .different
  }

  /// `add_path`'s decision for a new path (its cost, rows and numbered order) against one old
  /// path: whether the old one goes, and whether the new one is rejected.
  private func verdict(
    _ cost: Cost, rows: Double, pathkeys: PathKeysNumber, against old: Summary
  ) -> (removeOld: Bool, reject: Bool) {
    let costs = Self.compareCosts(cost, old.cost, fuzz: Self.fuzzFactor, considerStartup: considerStartup)
    guard costs != .different else { return (false, false) }
    let keys = pathKeys.compare(pathkeys, old.pathkeys)
    guard keys != .different else { return (false, false) }
    switch costs {
    case .equal:
      if keys == .better1 { return (true, false) }
      if keys == .better2 { return (false, true) }
      if rows < old.rows { return (true, false) }
      if rows > old.rows { return (false, true) }
      if Self.compareCosts(cost, old.cost, fuzz: 1.0000000001, considerStartup: considerStartup) == .better1 {
        return (true, false)
      }
      return (false, true)
    case .better1:
      return (keys != .better2 && rows <= old.rows, false)
    case .better2:
      return (false, keys != .better1 && rows >= old.rows)
    case .different:
      return (false, false)
    }
  }

  /// `add_path_precheck`: whether a path of this cost, rows and order would survive, so that
  /// its plan node need not be built otherwise.
  func wouldAccept(_ cost: Cost, rows: Double, pathkeys: [SortKey]) -> Bool {
    wouldAccept(cost, rows: rows, pathkeysNumber: pathKeys.number(pathkeys))
  }

  /// `wouldAccept` for an order already numbered by `pathKeys`. A path whose total cost exceeds
  /// the candidate's by more than the fuzz factor cannot reject it, nor can any after it.
  func wouldAccept(_ cost: Cost, rows: Double, pathkeysNumber: PathKeysNumber) -> Bool {
    let limit = cost.total * Self.fuzzFactor
    for old in byTotalCost {
      if old.cost.total > limit { break }
      if verdict(cost, rows: rows, pathkeys: pathkeysNumber, against: old).reject { return false }
    }
    return true
  }

  mutating func add(_ new: Path) {
    add(new, pathkeysNumber: pathKeys.number(new.pathkeys))
  }

  /// `add` for a path whose order is already numbered by `pathKeys`.
  mutating func add(_ new: Path, pathkeysNumber: PathKeysNumber) {
    // Dominated paths are removed in place afterwards: copying the survivors into a new array
    // retained every path once per add, which was most of a large join search. The first 64
    // positions are marked in a bit mask, the rest (rare) in an array.
    var dominatedMask: UInt64 = 0
    var dominatedBeyond: [Int] = []
    for position in summaries.indices {
      let (removeOld, reject) = verdict(
        new.cost, rows: new.rows, pathkeys: pathkeysNumber, against: summaries[position])
      if reject { return }
      guard removeOld else { continue }
      if position < UInt64.bitWidth { dominatedMask |= 1 << UInt64(position) } else { dominatedBeyond.append(position) }
    }
    // Highest positions first, so that the lower ones stay put.
    for position in dominatedBeyond.reversed() { removePath(at: position) }
    while dominatedMask != 0 {
      let highest = UInt64.bitWidth - 1 - dominatedMask.leadingZeroBitCount
      removePath(at: highest)
      dominatedMask &= ~(1 << UInt64(highest))
    }
    if paths.isEmpty {
      // A join relation collects a dozen paths or so: grow once rather than four times.
      paths.reserveCapacity(Self.initialCapacity)
      pathkeysNumbers.reserveCapacity(Self.initialCapacity)
      summaries.reserveCapacity(Self.initialCapacity)
      byTotalCost.reserveCapacity(Self.initialCapacity)
    }
    let summary = Summary(cost: new.cost, rows: new.rows, pathkeys: pathkeysNumber, serial: nextSerial)
    nextSerial += 1
    paths.append(new)
    pathkeysNumbers.append(pathkeysNumber)
    summaries.append(summary)
    byTotalCost.insert(summary, at: byTotalCost.firstIndex { $0.cost.total > new.cost.total } ?? byTotalCost.count)
  }

  private mutating func removePath(at position: Int) {
    let serial = summaries[position].serial
    paths.remove(at: position)
    pathkeysNumbers.remove(at: position)
    summaries.remove(at: position)
    byTotalCost.removeAll { $0.serial == serial }
  }

  /// `get_cheapest_path_for_pathkeys`-style choice: least total cost, then least startup.
  var cheapestTotal: Path? {
    paths.min { ($0.cost.total, $0.cost.startup) < ($1.cost.total, $1.cost.startup) }
  }
}
