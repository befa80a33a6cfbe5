import AugurCatalog
import Foundation

extension BaseRel {
  /// Mirrors `estimate_num_groups` for expressions over one relation.
  ///
  /// Model: the number of groups is the product of each grouping column's distinct count
  /// (an expression counts as the columns it reads; a boolean expression as 2), clamped to the
  /// relation's tuples (to a tenth of them when several columns multiply, but never below the
  /// largest single count); when restrictions keep only `rows` of the `tuples`, scaled by the
  /// chance that a group keeps at least one row, `1 − ((T−R)/T)^(T/n)`. The result is rounded
  /// up and kept within [1, input rows].
  func estimateNumGroups(_ exprs: [TypedExpr], inputRows: Double) -> Double {
    guard !exprs.isEmpty else { return 1 }
    var seen: [TypedExpr] = []
    var distinctProduct = 1.0
    var maximum = 0.0
    var varCount = 0
    var booleanGroups = 1.0
    for expr in exprs {
      if expr.type == .boolean && expr.strippedColumn == nil {
        booleanGroups *= 2
        continue
      }
      let parts: [TypedExpr]
      if context.examine(expr)?.column.statistics != nil || expr.strippedColumn != nil {
        parts = [expr.strippingRelabels]
      } else {
        parts = expr.columns.map { TypedExpr.column($0) }
      }
      for part in parts where !seen.contains(part) {
        seen.append(part)
        guard let info = context.examine(part) else { continue }
        let distinct = DistinctValues.estimate(
          column: info.column, relationTuples: size.tuples, isUnique: info.isUnique)
        distinctProduct *= distinct
        maximum = max(maximum, distinct)
        varCount += 1
      }
    }
    var groups = booleanGroups
    if varCount > 0 {
      var clamp = size.tuples
      if varCount > 1 {
        clamp *= 0.1
        if clamp < maximum { clamp = maximum }
        if clamp > size.tuples { clamp = size.tuples }
      }
      var relationGroups = min(distinctProduct, clamp)
      if rows < size.tuples && relationGroups > 0 {
        relationGroups *= 1 - pow((size.tuples - rows) / size.tuples, size.tuples / relationGroups)
      }
      relationGroups = CostSize.clampRowEstimate(relationGroups)
      groups *= relationGroups
    }
    groups = groups.rounded(.up)
    return max(1, min(groups, inputRows))
  }
}
