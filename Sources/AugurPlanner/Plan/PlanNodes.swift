import AugurPlan
import AugurSQL

/// The plan nodes several planning stages build alike (scans of joins, the upper planning,
/// unique-ified semi-join inners, set operations), each with its cost function, so that every
/// stage prints and costs them the same way.
enum PlanNodes {
  static let plainProperties = [
    PlanProperty(key: "Parallel Aware", value: .bool(false)),
    PlanProperty(key: "Async Capable", value: .bool(false)),
  ]

  /// Gather over a partial path (`cost_gather`), returning `rows` in all.
  static func gather(_ path: Path, workers: Int, rows: Double, parameters: CostParameters) -> Path {
    Path(
      nodeType: "Gather",
      properties: plainProperties + [
        PlanProperty(key: "Workers Planned", value: .int(workers)),
        PlanProperty(key: "Single Copy", value: .bool(false)),
      ], children: [path], cost: CostSize.costGather(subpath: path.cost, rows: rows, parameters: parameters),
      rows: rows, width: path.width)
  }

  /// Gather Merge over an ordered partial path (`cost_gather_merge`), keeping its order.
  static func gatherMerge(_ path: Path, workers: Int, rows: Double, parameters: CostParameters) -> Path {
    Path(
      nodeType: "Gather Merge",
      properties: plainProperties + [PlanProperty(key: "Workers Planned", value: .int(workers))],
      children: [path],
      cost: CostSize.costGatherMerge(input: path.cost, rows: rows, workers: workers, parameters: parameters),
      rows: rows, width: path.width, pathkeys: path.pathkeys)
  }

  /// Sort (`cost_sort`): `keyTexts` as EXPLAIN prints the keys, `pathkeys` the order produced.
  /// A Sort keeps its output, so rescanning it reads the sorted rows again.
  static func sort(
    _ path: Path, keyTexts: [String], pathkeys: [SortKey], limitTuples: Double = -1, parameters: CostParameters
  ) -> Path {
    let cost = CostSize.costSort(
      inputCost: path.cost.total, tuples: path.rows, width: path.width, limitTuples: limitTuples,
      parameters: parameters)
    return Path(
      nodeType: "Sort",
      properties: plainProperties + [PlanProperty(key: "Sort Key", value: .array(keyTexts.map { .string($0) }))],
      input: path, cost: cost.cost, rows: path.rows, width: path.width, pathkeys: pathkeys,
      rescanKind: .materialOrSort)
  }

  /// An Incremental Sort (`create_incremental_sort_path`): the input already sorted on the
  /// first `presorted` keys, in `groups` groups of them.
  static func incrementalSort(
    _ path: Path, keyTexts: [String], pathkeys: [SortKey], presorted: Int, groups: Double, limitTuples: Double = -1,
    parameters: CostParameters
  ) -> Path {
    let cost = CostSize.costIncrementalSort(
      inputCost: path.cost, inputTuples: path.rows, inputGroups: groups, width: path.width, limitTuples: limitTuples,
      parameters: parameters)
    return Path(
      nodeType: "Incremental Sort",
      properties: plainProperties + [
        PlanProperty(key: "Sort Key", value: .array(keyTexts.map { .string($0) })),
        PlanProperty(key: "Presorted Key", value: .array(keyTexts.prefix(presorted).map { .string($0) })),
      ], children: [path], cost: cost.cost, rows: path.rows, width: path.width, pathkeys: pathkeys)
  }

  /// Unique over sorted input (`create_upper_unique_path`): a comparison per column per input row.
  static func unique(_ sorted: Path, columns: Int, rows: Double, parameters: CostParameters) -> Path {
    let total = sorted.cost.total + parameters.cpuOperatorCost * sorted.rows * Double(columns)
    return Path(
      nodeType: "Unique", properties: plainProperties, children: [sorted],
      cost: Cost(startup: sorted.cost.startup, total: total), rows: rows, width: sorted.width,
      pathkeys: sorted.pathkeys)
  }

  /// A hash aggregate without aggregates (DISTINCT, UNION, a unique-ified inner side).
  static func hashAggregate(_ input: Path, keyTexts: [String], cost: Cost, rows: Double) -> Path {
    Path(
      nodeType: "Aggregate",
      properties: [
        PlanProperty(key: "Strategy", value: .string("Hashed")),
        PlanProperty(key: "Partial Mode", value: .string("Simple")),
      ] + plainProperties + [PlanProperty(key: "Group Key", value: .array(keyTexts.map { .string($0) }))],
      children: [input], cost: cost, rows: rows, width: input.width)
  }
}
