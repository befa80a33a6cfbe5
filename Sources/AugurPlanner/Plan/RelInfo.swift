/// A relation of the join search (PostgreSQL's `RelOptInfo`): a base relation or a join of
/// several, with its size and the paths that produce it.
///
/// A class: the join search refers to each relation from every join it takes part in.
final class RelInfo {
  let relids: RelSet
  /// `rel->rows`.
  let rows: Double
  /// `rel->reltarget->width`: the columns needed above this relation.
  let width: Int
  /// The base relation, for a relation of one table.
  let base: BaseRel?
  var pathList: PathList
  /// Paths run by each worker of a parallel plan, for a Gather above (`partial_pathlist`).
  var partialPaths = PartialPathList()
  private(set) var cheapestTotal: Path?
  private(set) var cheapestStartup: Path?
  /// Parameterized paths (inner sides of nested loops), by the outer relations they need.
  var parameterized: [RelSet: [ParameterizedPath]] = [:]
  /// `JoinSearch.cheapestParameterizedPaths`, by the outer relations that can parameterize.
  var cheapestParameterized: [RelSet: [ParameterizedPath]] = [:]
  /// For a unique-ified relation (`create_unique_path`): the relation it was made from.
  var uniqueOf: RelInfo?

  init(relids: RelSet, rows: Double, width: Int, base: BaseRel?, considerStartup: Bool, pathKeys: CanonicalPathKeys) {
    self.relids = relids
    self.rows = rows
    self.width = width
    self.base = base
    pathList = PathList(considerStartup: considerStartup, pathKeys: pathKeys)
  }

  /// Mirrors `set_cheapest`: the cheapest total (ties: cheaper startup) and the cheapest
  /// startup (ties: cheaper total) path; the first such path in the list wins an exact tie.
  /// `linitial(partial_pathlist)`: the cheapest partial path.
  var cheapestPartial: PartialPath? {
    partialPaths.paths.min { ($0.path.cost.total, $0.path.cost.startup) < ($1.path.cost.total, $1.path.cost.startup) }
  }

  /// `add_path_precheck` against the relation's paths, read in place (a copy of the path list
  /// retained its arrays for each of a join search's candidates).
  func wouldAccept(_ cost: Cost, rows: Double, pathkeysNumber: PathKeysNumber) -> Bool {
    pathList.wouldAccept(cost, rows: rows, pathkeysNumber: pathkeysNumber)
  }

  /// The cheapest total path's pathkeys as its path list numbers them.
  private(set) var cheapestTotalOrder: PathKeysNumber?

  func setCheapest() {
    let paths = pathList.paths
    let total = paths.indices.min {
      (paths[$0].cost.total, paths[$0].cost.startup) < (paths[$1].cost.total, paths[$1].cost.startup)
    }
    cheapestTotal = total.map { paths[$0] }
    cheapestTotalOrder = total.map { pathList.pathkeysNumbers[$0] }
    cheapestStartup = pathList.paths.min { ($0.cost.startup, $0.cost.total) < ($1.cost.startup, $1.cost.total) }
  }
}

/// A path that needs values from other relations (PostgreSQL's path with `param_info`): an index
/// scan whose condition compares with an outer column, rescanned for each outer row.
struct ParameterizedPath {
  var path: Path
  /// The join clauses the path checks itself (`ppi_clauses`).
  var clauses: [PlannerClause]
  /// The outer relations it needs (`required_outer`).
  var required: RelSet
  /// Every parameterized clause is an index condition (`has_indexed_join_quals`).
  var allClausesIndexed: Bool
}
