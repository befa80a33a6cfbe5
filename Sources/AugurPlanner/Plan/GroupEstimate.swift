import AugurCatalog
import Foundation

/// Mirrors `estimate_num_groups` (selfuncs.c).
///
/// Model: each grouping expression counts as its own variable when it is a column or has
/// statistics (an expression index's), else as the columns it reads; a boolean expression
/// without statistics counts 2 groups. The variables are taken relation by relation: within one
/// relation the product of their distinct counts is clamped to the relation's tuples (to a tenth
/// of them when several variables multiply, but never below the largest single count), then,
/// when restrictions keep only `rows` of the `tuples`, scaled by the chance that a group keeps at
/// least one row, `1 − ((T−R)/T)^(T/n)`. The relations' counts multiply; the result is rounded
/// up and kept within [1, input rows].
enum GroupEstimate {
  static func estimateNumGroups(_ exprs: [TypedExpr], inputRows: Double, rels: [Int: BaseRel]) -> Double {
    guard !exprs.isEmpty else { return 1 }
    var seen: [TypedExpr] = []
    /// Distinct counts per relation, in the order relations first appear, with the column each
    /// counts (nil for an expression).
    var perRelation: [(relation: Int, distinct: [Double], attributes: [Int?])] = []
    var booleanGroups = 1.0
    for expr in exprs {
      if expr.type == .boolean && expr.strippedColumn == nil {
        booleanGroups *= 2
        continue
      }
      let owner = expr.columns.first.flatMap { rels[$0.relation] }
      let parts: [TypedExpr]
      if owner?.context.examine(expr)?.column.statistics != nil || expr.strippedColumn != nil {
        parts = [expr.strippingRelabels]
      } else {
        parts = expr.columns.map { TypedExpr.column($0) }
      }
      for part in parts where !seen.contains(part) {
        seen.append(part)
        guard let relation = part.columns.first?.relation, let rel = rels[relation],
          let info = rel.context.examine(part)
        else { continue }
        let distinct = DistinctValues.estimate(
          column: info.column, relationTuples: rel.size.tuples, isUnique: info.isUnique)
        let attribute = part.strippedColumn.flatMap { column in
          column.column < rel.relation.columns.count ? rel.relation.columns[column.column].number : nil
        }
        if let position = perRelation.firstIndex(where: { $0.relation == relation }) {
          perRelation[position].distinct.append(distinct)
          perRelation[position].attributes.append(attribute)
        } else {
          perRelation.append((relation, [distinct], [attribute]))
        }
      }
    }
    var groups = booleanGroups
    for (relation, singleCounts, attributes) in perRelation {
      guard let rel = rels[relation] else { continue }
      let tuples = rel.size.tuples
      let counts = multivariateCounts(singleCounts, attributes: attributes, rel: rel)
      let maximum = counts.max() ?? 0
      var clamp = tuples
      if counts.count > 1 {
        clamp *= 0.1
        if clamp < maximum { clamp = maximum }
        if clamp > tuples { clamp = tuples }
      }
      var relationGroups = min(counts.reduce(1, *), clamp)
      if rel.rows < tuples && relationGroups > 0 {
        relationGroups *= 1 - pow((tuples - rel.rows) / tuples, tuples / relationGroups)
      }
      relationGroups = CostSize.clampRowEstimate(relationGroups)
      groups *= relationGroups
    }
    groups = groups.rounded(.up)
    return max(1, min(groups, inputRows))
  }

  /// `estimate_multivariate_ndistinct`, applied as long as it matches: the ndistinct statistics
  /// object covering the most of the relation's grouping columns (at least two) gives one count
  /// for the columns it covers, in place of their separate counts. Statistics on expressions
  /// are not matched.
  private static func multivariateCounts(_ counts: [Double], attributes: [Int?], rel: BaseRel) -> [Double] {
    let statistics = rel.context.extendedStatistics.filter {
      $0.kinds.contains("ndistinct") && $0.expressions.isEmpty && !$0.distinctCounts.isEmpty
    }
    guard !statistics.isEmpty, counts.count > 1 else { return counts }
    var remaining = Array(zip(counts, attributes))
    var result: [Double] = []
    while true {
      var best: (count: Double, covered: Set<Int>)?
      for stat in statistics {
        let keys = Set(stat.columns.compactMap { rel.relation.column($0)?.number })
        let covered = Set(remaining.compactMap(\.1).filter(keys.contains))
        guard covered.count >= 2, covered.count > (best?.covered.count ?? 1),
          let item = stat.distinctCounts.first(where: { Set($0.attributes) == covered })
        else { continue }
        best = (item.distinct, covered)
      }
      guard let best else { break }
      result.append(best.count)
      remaining.removeAll { $0.1.map(best.covered.contains) ?? false }
    }
    return result + remaining.map(\.0)
  }
}

extension BaseRel {
  /// `estimate_num_groups` for expressions over this relation alone.
  func estimateNumGroups(_ exprs: [TypedExpr], inputRows: Double) -> Double {
    GroupEstimate.estimateNumGroups(exprs, inputRows: inputRows, rels: [relationIndex: self])
  }
}
