import AugurCatalog

/// Extended statistics applied to a relation's restriction clauses, mirroring PostgreSQL 15's
/// `statext_clauselist_selectivity` (statistics/extended_stats.c, mcv.c, dependencies.c): first
/// multi-column MCV lists, then functional dependencies, each taking the clauses it covers out
/// of the independent product.
struct ExtendedStatisticsEstimator {
  let context: RestrictionContext
  let statistics: [ExtendedStatistic]

  /// The combined selectivity of the clauses the statistics cover; their positions are added
  /// to `estimated`.
  func selectivity(_ clauses: [TypedExpr], estimated: inout Set<Int>) -> Double {
    guard !statistics.isEmpty else { return 1 }
    var selectivity = mcvSelectivity(clauses, estimated: &estimated)
    selectivity *= dependenciesSelectivity(clauses, estimated: &estimated)
    return selectivity
  }

  // MARK: MCV lists

  /// Mirrors `statext_mcv_clauselist_selectivity` for an AND list: the statistics object
  /// covering the most clause columns (then the fewest keys) estimates its clauses as
  /// `mcv_combine_selectivities`: the matching MCV items' frequency, plus what the
  /// single-column estimate says lies outside those items (capped by what the list leaves).
  func mcvSelectivity(_ clauses: [TypedExpr], estimated: inout Set<Int>) -> Double {
    var attributes: [Set<Int>?] = clauses.enumerated().map { position, clause in
      estimated.contains(position) ? nil : mcvCompatibleAttributes(clause)
    }
    var selectivity = 1.0
    while let stat = chooseBest(kind: "mcv", attributes: attributes) {
      let keys = keyNumbers(stat)
      var covered: [TypedExpr] = []
      for position in clauses.indices {
        guard let needed = attributes[position], needed.isSubset(of: Set(keys)) else { continue }
        covered.append(clauses[position])
        estimated.insert(position)
        attributes[position] = nil
      }
      let simple = context.clauseListSelectivity(covered, useExtendedStatistics: false)
      let (mcv, base, total) = mcvMatch(stat, keys: keys, clauses: covered)
      var other = min(1, max(0, simple - base))
      if other > 1 - total { other = 1 - total }
      selectivity *= min(1, max(0, mcv + other))
    }
    return selectivity
  }

  /// `choose_best_statistics`: at least two clause columns covered.
  private func chooseBest(kind: String, attributes: [Set<Int>?]) -> ExtendedStatistic? {
    var best: ExtendedStatistic?
    var bestMatched = 2
    var bestKeys = Int.max
    for stat in statistics where stat.kinds.contains(kind) && stat.expressions.isEmpty {
      let keys = Set(keyNumbers(stat))
      var matched = Set<Int>()
      for case let needed? in attributes where needed.isSubset(of: keys) { matched.formUnion(needed) }
      if matched.count > bestMatched || (matched.count == bestMatched && keys.count < bestKeys) {
        if kind == "mcv" && stat.mostCommonFrequencies == nil { continue }
        best = stat
        bestMatched = matched.count
        bestKeys = keys.count
      }
    }
    return best
  }

  private func keyNumbers(_ stat: ExtendedStatistic) -> [Int] {
    stat.columns.compactMap { name in context.relation.column(name)?.number }
  }

  /// The columns a clause reads when it is a form the MCV code can evaluate per item
  /// (`statext_is_compatible_clause`), else nil.
  func mcvCompatibleAttributes(_ clause: TypedExpr) -> Set<Int>? {
    switch clause {
    case .operation(let call) where call.args.count == 2 && Operators.comparisons.contains(call.name):
      guard let (column, _) = variableAndConstant(call.args[0], call.args[1]) else { return nil }
      return [column]
    case .arrayOperation(let call) where Operators.comparisons.contains(call.name):
      guard call.right.isPseudoConstant, let column = attributeNumber(call.left) else { return nil }
      return [column]
    case .nullTest(let arg, _):
      return attributeNumber(arg).map { [$0] }
    case .and(let args), .or(let args):
      var result = Set<Int>()
      for arg in args {
        guard let inner = mcvCompatibleAttributes(arg) else { return nil }
        result.formUnion(inner)
      }
      return result
    case .not(let arg):
      return mcvCompatibleAttributes(arg)
    case .column, .cast(_, _, true):
      guard clause.type == .boolean else { return nil }
      return attributeNumber(clause).map { [$0] }
    default:
      return nil
    }
  }

  private func attributeNumber(_ expr: TypedExpr) -> Int? {
    guard let column = expr.strippedColumn, column.column < context.relation.columns.count else { return nil }
    return context.relation.columns[column.column].number
  }

  private func variableAndConstant(_ left: TypedExpr, _ right: TypedExpr) -> (Int, Bool)? {
    if right.isPseudoConstant, let column = attributeNumber(left) { return (column, true) }
    if left.isPseudoConstant, let column = attributeNumber(right) { return (column, false) }
    return nil
  }

  /// `mcv_clauselist_selectivity`: the frequency and base frequency of the items every clause
  /// accepts, and the total frequency of the list.
  private func mcvMatch(_ stat: ExtendedStatistic, keys: [Int], clauses: [TypedExpr]) -> (Double, Double, Double) {
    guard let values = stat.mostCommonValues, let frequencies = stat.mostCommonFrequencies else { return (0, 0, 0) }
    let bases = stat.mostCommonBaseFrequencies ?? frequencies
    var selectivity = 0.0
    var base = 0.0
    for (index, item) in values.enumerated() where index < frequencies.count {
      if clauses.allSatisfy({ itemMatches($0, item: item, keys: keys) == true }) {
        selectivity += frequencies[index]
        base += index < bases.count ? bases[index] : 0
      }
    }
    return (selectivity, base, frequencies.reduce(0, +))
  }

  /// Whether one MCV item satisfies a clause (nil: the clause's value is unknown).
  private func itemMatches(_ clause: TypedExpr, item: [String?], keys: [Int]) -> Bool? {
    func value(_ expr: TypedExpr) -> (text: String?, type: SQLType)? {
      guard let number = attributeNumber(expr), let position = keys.firstIndex(of: number), position < item.count
      else { return nil }
      return (item[position], expr.strippingRelabels.type)
    }
    func compare(_ op: String, _ itemText: String, _ type: SQLType, _ constant: TypedExpr, itemOnLeft: Bool) -> Bool? {
      guard let constantValue = ConstantEstimator.estimate(constant), let constantText = constantValue.text,
        let a = Datum.parse(itemText, as: type),
        let b = Datum.parse(constantText, as: type) ?? Datum.parse(constantText, as: constantValue.type),
        let order = Datum.compare(a, b)
      else { return nil }
      let result = itemOnLeft ? order : -order
      switch op {
      case "=": return result == 0
      case "<>": return result != 0
      case "<": return result < 0
      case "<=": return result <= 0
      case ">": return result > 0
      case ">=": return result >= 0
      default: return nil
      }
    }
    switch clause {
    case .operation(let call) where call.args.count == 2:
      if let (text, type) = value(call.args[0]) {
        guard let text else { return false }
        return compare(call.name, text, type, call.args[1], itemOnLeft: true)
      }
      if let (text, type) = value(call.args[1]) {
        guard let text else { return false }
        return compare(call.name, text, type, call.args[0], itemOnLeft: false)
      }
      return nil
    case .arrayOperation(let call):
      guard let (text, type) = value(call.left), case .array(let elements, _) = call.right else { return nil }
      guard let text else { return false }
      let results = elements.map { compare(call.name, text, type, $0, itemOnLeft: true) ?? false }
      return call.useOr ? results.contains(true) : results.allSatisfy { $0 }
    case .nullTest(let arg, let isNot):
      guard let (text, _) = value(arg) else { return nil }
      return (text == nil) != isNot
    case .and(let args): return args.allSatisfy { itemMatches($0, item: item, keys: keys) == true }
    case .or(let args): return args.contains { itemMatches($0, item: item, keys: keys) == true }
    case .not(let arg): return itemMatches(arg, item: item, keys: keys).map { !$0 }
    default:
      guard let (text, _) = value(clause) else { return nil }
      return text == "t" || text == "true"
    }
  }

  // MARK: Functional dependencies

  /// Mirrors `dependencies_clauselist_selectivity`: equality clauses on single columns, the
  /// widest then strongest fully matched dependencies, and `P(b|a) = f·min(P(a),P(b))/P(a) +
  /// (1−f)·P(b)` replacing each implied column's selectivity.
  func dependenciesSelectivity(_ clauses: [TypedExpr], estimated: inout Set<Int>) -> Double {
    var clauseAttribute: [Int?] = clauses.enumerated().map { position, clause in
      estimated.contains(position) ? nil : dependencyAttribute(clause)
    }
    var remaining = Set(clauseAttribute.compactMap { $0 })
    guard remaining.count >= 2 else { return 1 }
    var candidates: [ExtendedStatistic.Dependency] = []
    for stat in statistics where stat.kinds.contains("dependencies") {
      if Set(keyNumbers(stat)).intersection(remaining).count < 2 { continue }
      candidates += stat.dependencies
    }
    var chosen: [ExtendedStatistic.Dependency] = []
    while true {
      var strongest: ExtendedStatistic.Dependency?
      for dependency in candidates {
        let attributes = dependency.from + [dependency.to]
        guard attributes.allSatisfy(remaining.contains) else { continue }
        if let current = strongest {
          let width = attributes.count
          let currentWidth = current.from.count + 1
          // find_strongest_dependency: wider wins; at equal width the later of equal degrees wins.
          if width > currentWidth || (width == currentWidth && dependency.degree >= current.degree) {
            strongest = dependency
          }
        } else {
          strongest = dependency
        }
      }
      guard let dependency = strongest else { break }
      chosen.append(dependency)
      remaining.remove(dependency.to)
    }
    guard !chosen.isEmpty else { return 1 }
    let attributes = Set(chosen.flatMap { $0.from + [$0.to] }).sorted()
    var attributeSelectivity: [Int: Double] = [:]
    for attribute in attributes {
      var own: [TypedExpr] = []
      for (position, clauseAttributeNumber) in clauseAttribute.enumerated() where clauseAttributeNumber == attribute {
        own.append(clauses[position])
        estimated.insert(position)
        clauseAttribute[position] = nil
      }
      attributeSelectivity[attribute] = context.clauseListSelectivity(own, useExtendedStatistics: false)
    }
    for dependency in chosen.reversed() {
      let implying = dependency.from.reduce(1.0) { $0 * (attributeSelectivity[$1] ?? 1) }
      let implied = attributeSelectivity[dependency.to] ?? 1
      let degree = dependency.degree
      attributeSelectivity[dependency.to] =
        implying <= implied ? degree + (1 - degree) * implied : degree * implied / implying + (1 - degree) * implied
    }
    let product = attributes.reduce(1.0) { $0 * (attributeSelectivity[$1] ?? 1) }
    return min(1, max(0, product))
  }

  /// The column of a clause `dependency_is_compatible_clause` accepts: `col = const`,
  /// `col = ANY (const)`, an OR of those on one column, a boolean column or its NOT.
  func dependencyAttribute(_ clause: TypedExpr) -> Int? {
    switch clause {
    case .operation(let call) where call.args.count == 2 && call.name == "=":
      return variableAndConstant(call.args[0], call.args[1])?.0
    case .arrayOperation(let call) where call.useOr && call.name == "=" && call.right.isPseudoConstant:
      return attributeNumber(call.left)
    case .or(let args):
      let numbers = args.map(dependencyAttribute)
      guard let first = numbers.first ?? nil, numbers.allSatisfy({ $0 == first }) else { return nil }
      return first
    case .not(let arg):
      return arg.type == .boolean ? attributeNumber(arg) : nil
    case .column, .cast(_, _, true):
      return clause.type == .boolean ? attributeNumber(clause) : nil
    default:
      return nil
    }
  }
}
