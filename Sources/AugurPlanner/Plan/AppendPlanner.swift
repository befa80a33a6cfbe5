import AugurCatalog
import AugurPlan
import Foundation

/// Plans a query over a partitioned table, mirroring `set_append_rel_size`,
/// `set_append_rel_pathlist` and `add_paths_to_append_rel` (allpaths.c): plan-time pruning,
/// each surviving partition planned as a base relation of its own (its statistics, its
/// indexes, the query's restrictions), an Append of the children's cheapest paths (and, for
/// ORDER BY, a Merge Append or an ordered Append of their ordered paths), then the upper
/// planning over the parent, whose rows are the sum of the children's.
///
/// Not modelled: Parallel Append, run-time pruning, partitionwise aggregation, and
/// `constraint_exclusion` on the partitions' own CHECK constraints.
struct AppendPlanner {
  let query: AnalyzedQuery
  let table: PartitionedTable
  let snapshot: StatsSnapshot
  let parameters: CostParameters
  let settings: [String: String]
  let hypotheticalIndexes: [HypotheticalIndex]

  /// One surviving partition, planned.
  struct Child {
    var rel: BaseRel
    var paths: PathList
  }

  func plan() throws(PlannerError) -> ExplainedPlan {
    let alias = query.relations[0].alias
    let survivors = PartitionPruner(table: table).survivors(query.quals)
    let relations = survivors.map { table.partitions[$0] }
    // root->total_table_pages: the pages of every relation left after pruning.
    let totalTablePages = relations.reduce(0.0) {
      $0 + PlanCat.estimateRelSize($1, blockSize: parameters.blockSize).pages
    }
    let considerStartup = query.limitCount != nil || query.limitOffset != nil
    var children: [Child] = []
    for (number, relation) in relations.enumerated() {
      // EXPLAIN names children after the parent's alias, numbered when there are several
      // (`set_rtable_names`); a lone child replaces the Append and keeps the alias itself.
      let childAlias = relations.count == 1 ? alias : "\(alias)_\(number + 1)"
      children.append(
        planChild(
          relation, alias: childAlias, totalTablePages: totalTablePages, considerStartup: considerStartup))
    }
    let parentRows = children.reduce(0.0) { $0 + $1.rel.rows }
    let parent = parentRel(children, rows: parentRows)
    let width =
      parentRows > 0
      ? Int((children.reduce(0.0) { $0 + Double($1.rel.width) * $1.rel.rows } / parentRows).rounded(.toNearestOrEven))
      : parent.width
    var list = PathList(considerStartup: considerStartup)
    if children.isEmpty {
      list.add(
        Path(
          nodeType: "Result",
          properties: [
            PlanProperty(key: "Parallel Aware", value: .bool(false)),
            PlanProperty(key: "Async Capable", value: .bool(false)),
            PlanProperty(key: "One-Time Filter", value: .string("false")),
          ], cost: Cost(startup: 0, total: 0), rows: 0, width: width))
    } else if children.count == 1 {
      // A single-child Append is removed from the plan: the child's paths stand for it.
      children[0].paths.paths.forEach { list.add($0) }
    } else {
      let cheapest = children.compactMap(\.paths.cheapestTotal)
      list.add(appendPath(cheapest, width: width))
      for path in orderedAppendPaths(children, survivors: survivors, width: width) { list.add(path) }
    }
    let best = try UpperPlanner(query: query, rel: parent, parameters: parameters).plan(list, partials: [])
    return ExplainedPlan(root: best.node)
  }

  // MARK: Children

  func planChild(_ relation: Relation, alias: String, totalTablePages: Double, considerStartup: Bool) -> Child {
    var childQuery = query
    childQuery.relations[0] = QueryRelation(relation: relation, alias: alias)
    var indexes = relation.indexes.filter(\.isValid).reversed().sorted {
      ($0.creationOrder ?? 0) > ($1.creationOrder ?? 0)
    }
    for hypothetical in hypotheticalIndexes
    where hypothetical.relation == relation.qualifiedName || hypothetical.relation == table.parent.qualifiedName {
      var index = hypothetical.index
      if hypothetical.relation == table.parent.qualifiedName {
        index.name = Self.partitionIndexName(partition: relation.name, index: index)
      }
      indexes.append(HypotheticalSizing.sized(index, on: relation, blockSize: parameters.blockSize))
    }
    let rel = BaseRel(
      query: childQuery, relationIndex: 0, indexes: indexes,
      extendedStatistics: snapshot.extendedStatistics.filter { $0.table == relation.qualifiedName },
      parameters: parameters)
    var implications: [String: [TypedExpr]?] = [:]
    for index in indexes where index.predicate != nil {
      let predicate = PartialIndex.predicateConjuncts(index, relation: relation, snapshot: snapshot)
      implications[index.name] = predicate.flatMap { PartialIndex.implied($0, by: rel.restrictions) ? $0 : nil }
    }
    let collation = (settings["lc_collate"] ?? "C").uppercased()
    let scans = ScanPlanner(
      rel: rel, parameters: parameters, totalTablePages: totalTablePages,
      queryPathkeys: UpperPlanner.queryPathkeys(query),
      collationIsC: collation == "C" || collation == "POSIX", partialIndexImplications: implications)
    return Child(rel: rel, paths: scans.paths(considerStartup: considerStartup))
  }

  /// The name `CREATE INDEX` on a partitioned table gives the partition's index
  /// (`ChooseRelationName(partition, key columns, "idx")`).
  static func partitionIndexName(partition: String, index: Index) -> String {
    let columns = index.keys.compactMap(\.column)
    return ([partition] + (columns.isEmpty ? ["expr"] : columns) + ["idx"]).joined(separator: "_")
  }

  /// The parent relation for the upper planning: the table's inherited statistics
  /// (`stainherit`), `rel->tuples` and `rel->rows` the children's total, and each needed
  /// column's width the children's row-weighted average (`set_append_rel_size`).
  func parentRel(_ children: [Child], rows: Double) -> BaseRel {
    var relation = table.parent
    relation.kind = .table
    relation.indexes = []
    relation.size = RelationSize(reltuples: rows, relpages: 1, relallvisible: 0, currentPages: 1, totalBytes: 0)
    var target = Set<Int>()
    let upper =
      query.targetList.map(\.expr) + query.groupBy + query.sortClause.map(\.expr) + (query.having.map { [$0] } ?? [])
    for expr in upper {
      for column in expr.columns where column.relation == 0 { target.insert(column.column) }
    }
    for position in relation.columns.indices {
      var statistics = relation.columns[position].inheritedStatistics
      if target.contains(position), rows > 0, statistics != nil {
        let total = children.reduce(0.0) { sum, child in
          let column = child.rel.relation.columns[position]
          let width =
            column.statistics?.averageWidth ?? ColumnTypeWidth.average(type: column.type, typmod: column.typmod)
          return sum + Double(width) * child.rel.rows
        }
        statistics?.averageWidth = Int((total / rows).rounded(.toNearestOrEven))
      }
      relation.columns[position].statistics = statistics
    }
    var parentQuery = query
    parentQuery.relations[0] = QueryRelation(relation: relation, alias: query.relations[0].alias)
    parentQuery.quals = []
    return BaseRel(query: parentQuery, relationIndex: 0, indexes: [], parameters: parameters)
  }

  // MARK: Append and Merge Append

  static let appendCPUCostMultiplier = 0.5

  func nodeProperties(_ extra: [PlanProperty] = []) -> [PlanProperty] {
    [
      PlanProperty(key: "Parallel Aware", value: .bool(false)),
      PlanProperty(key: "Async Capable", value: .bool(false)),
    ] + extra
  }

  /// `create_append_path` with `cost_append` (unordered): the first child's startup cost, the
  /// sum of the totals and rows, and half a `cpu_tuple_cost` per row for the Append itself.
  func appendPath(_ subpaths: [Path], width: Int) -> Path {
    let rows = subpaths.reduce(0.0) { $0 + $1.rows }
    let total =
      subpaths.reduce(0.0) { $0 + $1.cost.total } + parameters.cpuTupleCost * Self.appendCPUCostMultiplier * rows
    return Path(
      nodeType: "Append", properties: nodeProperties(), children: subpaths,
      cost: Cost(startup: subpaths.first?.cost.startup ?? 0, total: total), rows: rows, width: width)
  }

  /// `root->limit_tuples`: LIMIT + OFFSET when nothing between the scan and the LIMIT changes
  /// the row count, else -1.
  var limitTuples: Double {
    guard !query.hasAggregation, query.distinct == nil, !query.sortClause.isEmpty,
      case .constant(let count)? = query.limitCount
    else { return -1 }
    if case .constant(let offset)? = query.limitOffset { return count + offset }
    return query.limitOffset == nil ? count : -1
  }

  /// `generate_orderedappend_paths`: for each order some child's path offers, the children's
  /// cheapest-startup and cheapest-total paths in that order (sorted when a child has none),
  /// as an ordered Append when the partitions themselves are in key order
  /// (`partitions_are_ordered`: range partitioning without a surviving default partition),
  /// else as a Merge Append.
  func orderedAppendPaths(_ children: [Child], survivors: [Int], width: Int) -> [Path] {
    var orderings: [[SortKey]] = []
    for child in children {
      for path in child.paths.paths where !path.pathkeys.isEmpty && !orderings.contains(path.pathkeys) {
        orderings.append(path.pathkeys)
      }
    }
    var result: [Path] = []
    for ordering in orderings {
      let contained = { (path: Path) in
        path.pathkeys.count >= ordering.count && Array(path.pathkeys.prefix(ordering.count)) == ordering
      }
      let direction = partitionOrder(ordering, survivors: survivors)
      var variants: [[Path]] = []
      for byStartup in [true, false] {
        var subpaths: [Path] = []
        for child in children {
          let candidates = child.paths.paths.filter(contained)
          let chosen =
            byStartup
            ? candidates.min { ($0.cost.startup, $0.cost.total) < ($1.cost.startup, $1.cost.total) }
            : candidates.min { ($0.cost.total, $0.cost.startup) < ($1.cost.total, $1.cost.startup) }
          guard let path = chosen ?? child.paths.cheapestTotal else { continue }
          subpaths.append(
            contained(path)
              ? path
              : UpperPlanner(query: query, rel: child.rel, parameters: parameters).sortPath(
                path, keys: ordering, limitTuples: limitTuples))
        }
        if !variants.contains(where: { $0.map(\.node) == subpaths.map(\.node) }) { variants.append(subpaths) }
      }
      for subpaths in variants {
        if let backward = direction {
          result.append(orderedAppendPath(backward ? subpaths.reversed() : subpaths, ordering: ordering, width: width))
        } else {
          result.append(mergeAppendPath(subpaths, ordering: ordering, width: width))
        }
      }
    }
    return result
  }

  /// Whether an ordering starts with the range key so that the partitions, in bound order
  /// (false) or reversed (true), deliver it; nil when they cannot.
  func partitionOrder(_ ordering: [SortKey], survivors: [Int]) -> Bool? {
    guard table.strategy == .range, let key = table.keyColumn, let first = ordering.first,
      let column = first.expr.strippedColumn, column.column == key
    else { return nil }
    if let defaultIndex = table.defaultIndex, survivors.contains(defaultIndex) { return nil }
    if !first.descending && !first.nullsFirst { return false }
    if first.descending && first.nullsFirst { return true }
    return nil
  }

  /// `cost_append` with pathkeys: startup and total costs summed over the (sorted) children.
  func orderedAppendPath(_ subpaths: [Path], ordering: [SortKey], width: Int) -> Path {
    let rows = subpaths.reduce(0.0) { $0 + $1.rows }
    let startup = subpaths.reduce(0.0) { $0 + $1.cost.startup }
    let total =
      subpaths.reduce(0.0) { $0 + $1.cost.total } + parameters.cpuTupleCost * Self.appendCPUCostMultiplier * rows
    return Path(
      nodeType: "Append", properties: nodeProperties(), children: subpaths,
      cost: Cost(startup: startup, total: total), rows: rows, width: width, pathkeys: ordering)
  }

  /// `create_merge_append_path` with `cost_merge_append`: a binary heap over the children,
  /// `2 × cpu_operator_cost` per comparison, log2(N) comparisons per row.
  func mergeAppendPath(_ subpaths: [Path], ordering: [SortKey], width: Int) -> Path {
    let rows = subpaths.reduce(0.0) { $0 + $1.rows }
    let inputStartup = subpaths.reduce(0.0) { $0 + $1.cost.startup }
    let inputTotal = subpaths.reduce(0.0) { $0 + $1.cost.total }
    let streams = max(2.0, Double(subpaths.count))
    let logN = log2(streams)
    let comparison = 2 * parameters.cpuOperatorCost
    let startup = comparison * streams * logN
    let run = rows * comparison * logN + parameters.cpuTupleCost * Self.appendCPUCostMultiplier * rows
    let sortKeys = UpperPlanner(query: query, rel: parentRel([], rows: 0), parameters: parameters).sortPath(
      subpaths[0], keys: ordering, limitTuples: -1
    ).node.properties.filter { $0.key == "Sort Key" }
    return Path(
      nodeType: "Merge Append", properties: nodeProperties(sortKeys), children: subpaths,
      cost: Cost(startup: startup + inputStartup, total: startup + run + inputTotal), rows: rows, width: width,
      pathkeys: ordering)
  }
}
