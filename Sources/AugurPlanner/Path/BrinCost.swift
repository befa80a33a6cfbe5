import AugurCatalog
import Foundation

extension CostSize {
  /// BRIN's default `pages_per_range`.
  static let brinDefaultPagesPerRange = 128.0
  /// `REVMAP_PAGE_MAXITEMS`: range-map entries (6-byte item pointers) per 8 kB page.
  static func brinRevmapItemsPerPage(blockSize: Int) -> Double { Double((blockSize - 24 - 8) / 6) }

  /// Mirrors `brincostestimate` (selfuncs.c).
  ///
  /// Model: the table is cut into ranges of `pages_per_range` heap pages; the conditions'
  /// selectivity picks `ceil(ranges × sel)` ranges when the column's physical order matches
  /// its value order perfectly, and proportionally more as the best |correlation| of the
  /// conditions' columns falls (all ranges at zero correlation). The bitmap's selectivity is
  /// the share of ranges read. Reading the range map costs sequential pages at startup, the
  /// rest of the index random pages, and each range's pages a tenth of an operator each.
  public static func brinCostEstimate(
    index: Index, heapPages: Double, conditionSelectivity: Double, correlations: [Double], loopCount: Double = 1,
    parameters: CostParameters
  ) -> IndexCostEstimate {
    let pagesPerRange = brinPagesPerRange(index)
    let indexRanges = max((heapPages / pagesPerRange).rounded(.up), 1)
    // brinGetStats takes the metapage's last range-map block less one: the range map (one entry
    // per range) starts at block 1, so a single range-map page counts as zero.
    let revmapPages = max((indexRanges / brinRevmapItemsPerPage(blockSize: parameters.blockSize)).rounded(.up), 1) - 1
    let correlation = correlations.map(abs).max() ?? 0
    let minimalRanges = (indexRanges * conditionSelectivity).rounded(.up)
    let estimatedRanges = correlation < 1e-10 ? indexRanges : min(minimalRanges / correlation, indexRanges)
    let selectivity = min(1, max(0, estimatedRanges / indexRanges))
    let indexPages = Double(index.size.currentPages)
    let startup = parameters.seqPageCost * revmapPages * loopCount
    var total = startup + parameters.randomPageCost * (indexPages - revmapPages) * loopCount
    total += 0.1 * parameters.cpuOperatorCost * estimatedRanges * pagesPerRange
    return IndexCostEstimate(
      startup: startup, total: total, selectivity: selectivity, correlation: correlation, pages: indexPages,
      tuples: 0, scalarArrayScans: 1)
  }

  /// `pages_per_range` from the index definition's WITH clause, else the default.
  static func brinPagesPerRange(_ index: Index) -> Double {
    guard let range = index.definition.range(of: "pages_per_range=") ?? index.definition.range(of: "pages_per_range = ")
    else { return brinDefaultPagesPerRange }
    let digits = index.definition[range.upperBound...].prefix { $0.isNumber || $0 == "'" }.filter(\.isNumber)
    return Double(String(digits)) ?? brinDefaultPagesPerRange
  }
}
