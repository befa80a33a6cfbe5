import AugurPlan

extension PlanComparison {
  /// Why two plans differ in shape, read from the first node where they part: the kind of
  /// choice the planners made differently.
  public enum ShapeCause: String, Sendable, Hashable, Codable, CaseIterable {
    case parallelism = "parallel plan differs (Gather placement or workers)"
    case scanMethod = "scan method or index differs"
    case joinMethod = "join method differs"
    case joinOrder = "join order differs"
    case aggregation = "aggregation or DISTINCT strategy differs"
    case ordering = "sort, materialization or memoization differs"
    case other = "other node differs"
  }

  /// The cause of the first shape difference (depth first), nil when the shapes agree.
  public var shapeCause: ShapeCause? {
    guard let node = nodes.first(where: { $0.augur != $0.postgres }) else { return nil }
    return Self.shapeCause(augur: node.augur, postgres: node.postgres)
  }

  public static func shapeCause(augur: String?, postgres: String?) -> ShapeCause {
    let sides = [augur, postgres].compactMap { $0 }
    func isParallel(_ signature: String) -> Bool {
      signature.hasPrefix("Gather") || signature.hasPrefix("Parallel ") || signature.hasPrefix("Partial ")
        || signature.hasPrefix("Finalize ")
    }
    func isJoin(_ signature: String) -> Bool {
      signature.hasPrefix("Nested Loop") || signature.hasPrefix("Hash ") && signature.contains("Join")
        || signature.hasPrefix("Merge ") && signature.contains("Join")
    }
    func joinMethod(_ signature: String) -> String {
      signature.hasPrefix("Nested Loop") ? "nl" : signature.hasPrefix("Hash") ? "hash" : "merge"
    }
    func scannedRelation(_ signature: String) -> String? {
      guard signature.contains("Scan"), let range = signature.range(of: " on ", options: .backwards) else { return nil }
      return String(signature[range.upperBound...])
    }
    let aggregates = ["Aggregate", "GroupAggregate", "HashAggregate", "MixedAggregate", "Unique", "Group"]
    let ordering = ["Sort", "Incremental Sort", "Materialize", "Memoize", "Result", "Limit"]
    if sides.contains(where: isParallel) { return .parallelism }
    guard let augur, let postgres else {
      // One side has a node the other lacks: what kind of node it is.
      let present = sides.first ?? ""
      if aggregates.contains(where: { present.hasSuffix($0) }) { return .aggregation }
      if ordering.contains(present) { return .ordering }
      return isJoin(present) || scannedRelation(present) != nil ? .joinOrder : .other
    }
    if let a = scannedRelation(augur), let p = scannedRelation(postgres) { return a == p ? .scanMethod : .joinOrder }
    if isJoin(augur) && isJoin(postgres) { return joinMethod(augur) == joinMethod(postgres) ? .joinOrder : .joinMethod }
    if isJoin(augur) != isJoin(postgres) && (isJoin(augur) || isJoin(postgres)) {
      let other = isJoin(augur) ? postgres : augur
      if aggregates.contains(where: { other.hasSuffix($0) }) { return .aggregation }
      if ordering.contains(other) { return .ordering }
      return .joinOrder
    }
    if aggregates.contains(where: { augur.hasSuffix($0) }) || aggregates.contains(where: { postgres.hasSuffix($0) }) {
      return .aggregation
    }
    if ordering.contains(augur) || ordering.contains(postgres) { return .ordering }
    return .other
  }
}
