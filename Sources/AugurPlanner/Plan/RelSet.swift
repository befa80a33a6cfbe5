/// A set of the query's base relations, by position (PostgreSQL's `Relids`), as a bit mask. The
/// top bit stands for "above the join tree" (the query's output), so a column needed there is
/// never satisfied by any join.
struct RelSet: Hashable, Sendable, CustomStringConvertible {
  var bits: UInt64

  /// The most base relations a query may join.
  static let capacity = 63
  static let empty = RelSet(bits: 0)
  static let output = RelSet(bits: 1 << 63)

  init(bits: UInt64) { self.bits = bits }
  init(_ relation: Int) { bits = 1 << UInt64(relation) }
  init<S: Sequence>(_ relations: S) where S.Element == Int {
    bits = relations.reduce(0) { $0 | (1 << UInt64($1)) }
  }

  var isEmpty: Bool { bits == 0 }
  var count: Int { bits.nonzeroBitCount }
  /// The relation, when the set holds exactly one.
  var single: Int? { count == 1 ? bits.trailingZeroBitCount : nil }
  var members: [Int] {
    var result: [Int] = []
    var rest = bits
    while rest != 0 {
      let member = rest.trailingZeroBitCount
      result.append(member)
      rest &= rest - 1
    }
    return result
  }

  func union(_ other: RelSet) -> RelSet { RelSet(bits: bits | other.bits) }
  func intersection(_ other: RelSet) -> RelSet { RelSet(bits: bits & other.bits) }
  func subtracting(_ other: RelSet) -> RelSet { RelSet(bits: bits & ~other.bits) }
  func overlaps(_ other: RelSet) -> Bool { bits & other.bits != 0 }
  func isSubset(of other: RelSet) -> Bool { bits & ~other.bits == 0 }
  func contains(_ relation: Int) -> Bool { bits & (1 << UInt64(relation)) != 0 }

  var description: String { "{" + members.map(String.init).joined(separator: ",") + "}" }
}

extension TypedExpr {
  /// The base relations whose columns the expression reads (`pull_varnos`).
  var relids: RelSet { RelSet(columns.map(\.relation)) }
}
