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
    /// Distinct counts per relation, in the order relations first appear.
    var perRelation: [(relation: Int, distinct: [Double])] = []
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
        if let position = perRelation.firstIndex(where: { $0.relation == relation }) {
          perRelation[position].distinct.append(distinct)
        } else {
          perRelation.append((relation, [distinct]))
        }
      }
    }
    var groups = booleanGroups
    for (relation, counts) in perRelation {
      guard let rel = rels[relation] else { continue }
      let tuples = rel.size.tuples
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
}

extension BaseRel {
  /// `estimate_num_groups` for expressions over this relation alone.
  func estimateNumGroups(_ exprs: [TypedExpr], inputRows: Double) -> Double {
    GroupEstimate.estimateNumGroups(exprs, inputRows: inputRows, rels: [relationIndex: self])
  }
}
