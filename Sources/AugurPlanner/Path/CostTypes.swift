import Foundation

/// The evaluation cost of an expression list (PostgreSQL's `QualCost`, filled by
/// `cost_qual_eval`): a one-time part and a part paid per evaluation.
public struct QualCost: Sendable, Hashable {
  public var startup: Double
  public var perTuple: Double

  public init(startup: Double = 0, perTuple: Double = 0) {
    self.startup = startup
    self.perTuple = perTuple
  }

  public static let zero = QualCost()
}

/// A path's cost together with the rows it is estimated to return (for a parallel-aware path,
/// the rows of one process, as PostgreSQL records them).
public struct PathCost: Sendable, Hashable {
  public var cost: Cost
  public var rows: Double

  public init(cost: Cost, rows: Double) {
    self.cost = cost
    self.rows = rows
  }

  public var startup: Double { cost.startup }
  public var total: Double { cost.total }
}

extension CostSize {
  /// costsize.c's `LOG2` macro: it divides by a 15-digit ln 2, not by `M_LN2`; the last bits of
  /// the sort and merge costs depend on it.
  static func log2(_ value: Double) -> Double { Foundation.log(value) / 0.693147180559945 }

  /// `MAXALIGN` for 8-byte alignment.
  static func maxAlign(_ value: Int) -> Int { (value + 7) & ~7 }

  /// Mirrors `relation_byte_size` (costsize.c): bytes of `tuples` heap tuples of `width` data
  /// bytes, each with a MAXALIGNed 23-byte tuple header.
  public static func relationByteSize(tuples: Double, width: Int) -> Double {
    tuples * Double(maxAlign(width) + maxAlign(23))
  }

  /// Mirrors `page_size` (costsize.c): blocks `relation_byte_size` fills.
  public static func pageSize(tuples: Double, width: Int, blockSize: Int = 8192) -> Double {
    (relationByteSize(tuples: tuples, width: width) / Double(blockSize)).rounded(.up)
  }

  /// C's conversion of a double to an integer parameter (truncation toward zero), for the places
  /// where PostgreSQL passes a `double` width to an `int` or `Size` parameter.
  static func truncatedWidth(_ width: Double) -> Int {
    width.isFinite ? Int(width.rounded(.towardZero)) : 0
  }
}
