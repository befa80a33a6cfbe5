import AugurCatalog
import Foundation

/// What the planner reads about a base relation's size.
public struct RelationSizeEstimate: Sendable, Hashable {
  /// Heap pages the planner assumes.
  public var pages: Double
  /// Tuples the planner assumes.
  public var tuples: Double
  /// Fraction of pages all-visible (for index-only scans).
  public var allVisibleFraction: Double
}

public enum PlanCat {
  /// Bytes a page offers to tuples: BLCKSZ less the page header (SizeOfPageHeaderData = 24).
  static func usableBytesPerPage(blockSize: Int) -> Double { Double(blockSize - 24) }
  /// Per-tuple overhead on a heap page: MAXALIGN(SizeofHeapTupleHeader = 23) + sizeof(ItemIdData).
  static let overheadBytesPerTuple = 24.0 + 4.0

  /// Mirrors `estimate_rel_size` (optimizer/util/plancat.c) for heap tables, which calls
  /// `table_block_relation_estimate_size` (access/table/tableam.c).
  ///
  /// Model: pages are the relation's current size in blocks, not `relpages`; a table never
  /// vacuumed or analyzed (`relpages` 0) is assumed to have at least 10 pages; tuples are the
  /// density seen at the last VACUUM/ANALYZE (`reltuples / relpages`) times the current pages,
  /// or, with no such density, the tuples of the estimated width that fit on the pages.
  public static func estimateRelSize(_ relation: Relation, blockSize: Int = 8192) -> RelationSizeEstimate {
    var currentPages = Double(relation.size.currentPages)
    let relpages = Double(relation.size.relpages)
    let reltuples = relation.size.reltuples
    // Never vacuumed: assume 10 pages so that a new table is not planned as tiny (tableam.c's
    // HACK; skipped for tables with inheritance children, which Augur treats as leaves here).
    if currentPages < 10 && relpages == 0 && relation.kind == .table {
      currentPages = 10
    }
    guard currentPages > 0 else { return RelationSizeEstimate(pages: 0, tuples: 0, allVisibleFraction: 0) }
    let density: Double
    if reltuples >= 0 && relpages > 0 {
      density = reltuples / relpages
    } else {
      let width = Double(dataWidth(relation)) + overheadBytesPerTuple
      density = (usableBytesPerPage(blockSize: blockSize) / width).rounded(.down)
    }
    let tuples = (density * currentPages).rounded(.toNearestOrEven)
    let allVisible = Double(relation.size.relallvisible)
    let fraction: Double = allVisible == 0 ? 0 : allVisible >= currentPages ? 1 : allVisible / currentPages
    return RelationSizeEstimate(pages: currentPages, tuples: tuples, allVisibleFraction: fraction)
  }

  /// Mirrors `get_rel_data_width` (plancat.c): the sum of the columns' average widths, from
  /// ANALYZE's `avg_width` where there is one, else `get_typavgwidth` (`ColumnTypeWidth`).
  public static func dataWidth(_ relation: Relation) -> Int {
    relation.columns.reduce(0) { total, column in
      total + (column.statistics?.averageWidth ?? ColumnTypeWidth.average(type: column.type, typmod: column.typmod))
    }
  }

}
