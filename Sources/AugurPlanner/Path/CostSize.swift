import AugurCatalog

/// Path costs, mirroring PostgreSQL 15's `optimizer/path/costsize.c`.
public enum CostSize {
  /// Mirrors `clamp_row_est`: at least one row, and whole rows.
  public static func clampRowEstimate(_ rows: Double) -> Double {
    rows <= 1 ? 1 : rows.rounded(.toNearestOrEven)
  }

  /// Mirrors `cost_seqscan` for a non-parallel scan.
  ///
  /// Model: every page is read sequentially (`seq_page_cost` each) and every tuple is processed
  /// (`cpu_tuple_cost` plus the per-tuple cost of the quals). Startup is the quals' startup cost.
  public static func costSeqScan(
    size: RelationSizeEstimate, qualStartup: Double = 0, qualPerTuple: Double = 0, parameters: CostParameters
  ) -> Cost {
    let cpuPerTuple = parameters.cpuTupleCost + qualPerTuple
    let run = parameters.seqPageCost * size.pages + cpuPerTuple * size.tuples
    return Cost(startup: qualStartup, total: qualStartup + run)
  }
}
