import AugurCatalog

/// One partition's bound, read from the text PostgreSQL prints (`pg_get_expr(relpartbound)`).
enum PartitionBound: Hashable, Sendable {
  /// A range bound value: MINVALUE, a literal, or MAXVALUE.
  enum RangeValue: Hashable, Sendable {
    case minValue
    case value(String)
    case maxValue
  }

  /// `FOR VALUES FROM (...) TO (...)`, one value per key column.
  case range(lower: [RangeValue], upper: [RangeValue])
  /// `FOR VALUES IN (...)`; nil stands for NULL.
  case list([String?])
  /// `FOR VALUES WITH (modulus m, remainder r)`.
  case hash(modulus: Int, remainder: Int)
  /// `DEFAULT`.
  case defaultPartition

  /// Parses a bound as PostgreSQL prints it; nil when the text is not understood.
  static func parse(_ text: String) -> PartitionBound? {
    let trimmed = text.trimmingCharacters(in: .whitespaces)
    if trimmed.uppercased() == "DEFAULT" { return .defaultPartition }
    var scanner = BoundScanner(Array(trimmed.unicodeScalars))
    guard scanner.keyword("FOR"), scanner.keyword("VALUES") else { return nil }
    if scanner.keyword("FROM") {
      guard let lower = scanner.list(), scanner.keyword("TO"), let upper = scanner.list() else { return nil }
      return .range(lower: lower.map(rangeValue), upper: upper.map(rangeValue))
    }
    if scanner.keyword("IN") {
      guard let values = scanner.list() else { return nil }
      return .list(values.map { $0.quoted || $0.text.uppercased() != "NULL" ? $0.text : nil })
    }
    if scanner.keyword("WITH") {
      guard let items = scanner.list(), items.count == 2 else { return nil }
      let numbers = items.map { $0.text.split(separator: " ").last.flatMap { Int($0) } }
      guard let modulus = numbers[0], let remainder = numbers[1] else { return nil }
      return .hash(modulus: modulus, remainder: remainder)
    }
    return nil
  }

  private static func rangeValue(_ token: BoundScanner.Token) -> RangeValue {
    if !token.quoted {
      if token.text.uppercased() == "MINVALUE" { return .minValue }
      if token.text.uppercased() == "MAXVALUE" { return .maxValue }
    }
    return .value(token.text)
  }
}

/// A tiny reader for partition bound texts: keywords and parenthesized lists of literals.
private struct BoundScanner {
  struct Token {
    var text: String
    var quoted: Bool
  }

  let characters: [Unicode.Scalar]
  var position = 0

  init(_ characters: [Unicode.Scalar]) {
    self.characters = characters
  }

  mutating func skipSpaces() {
    while position < characters.count, characters[position] == " " { position += 1 }
  }

  mutating func keyword(_ word: String) -> Bool {
    skipSpaces()
    let scalars = Array(word.unicodeScalars)
    guard position + scalars.count <= characters.count else { return false }
    let candidate = String(String.UnicodeScalarView(characters[position..<position + scalars.count]))
    guard candidate.uppercased() == word else { return false }
    position += scalars.count
    return true
  }

  /// `( item, item, ... )`: quoted literals (with '' escapes) or bare words.
  mutating func list() -> [Token]? {
    skipSpaces()
    guard position < characters.count, characters[position] == "(" else { return nil }
    position += 1
    var tokens: [Token] = []
    while true {
      skipSpaces()
      guard position < characters.count else { return nil }
      if characters[position] == "'" {
        position += 1
        var text = String.UnicodeScalarView()
        while position < characters.count {
          if characters[position] == "'" {
            if position + 1 < characters.count, characters[position + 1] == "'" {
              text.append("'")
              position += 2
              continue
            }
            break
          }
          text.append(characters[position])
          position += 1
        }
        position += 1
        tokens.append(Token(text: String(text), quoted: true))
        // A cast after the literal ('...'::type) is skipped.
        while position < characters.count, characters[position] != ",", characters[position] != ")" {
          position += 1
        }
      } else {
        var text = String.UnicodeScalarView()
        while position < characters.count, characters[position] != ",", characters[position] != ")" {
          text.append(characters[position])
          position += 1
        }
        tokens.append(Token(text: String(text).trimmingCharacters(in: .whitespaces), quoted: false))
      }
      skipSpaces()
      guard position < characters.count else { return nil }
      if characters[position] == ")" {
        position += 1
        return tokens
      }
      position += 1
    }
  }
}

/// A partitioned table as the planner sees it: its partitions in PostgreSQL's bound order
/// (`PartitionDesc`), each with its bound, and the single key column when there is one.
struct PartitionedTable {
  let parent: Relation
  let strategy: Partitioning.Strategy
  /// The key column's position in the parent's columns; nil for multi-column or expression keys
  /// (then nothing is pruned).
  let keyColumn: Int?
  let keyType: SQLType
  let partitions: [Relation]
  let bounds: [PartitionBound]

  /// The partitions of `parent` listed in `snapshot`, ordered as `partition_bounds_create`
  /// orders them: range by lower bound, list by smallest value (a NULL-only partition after the
  /// others), hash by modulus then remainder, the default partition last.
  init(parent: Relation, snapshot: StatsSnapshot) throws(PlannerError) {
    let children = snapshot.relations.filter { $0.partitioning?.parent == parent.qualifiedName }
    try self.init(parent: parent, children: children)
  }

  init(parent: Relation, children: [Relation]) throws(PlannerError) {
    guard let key = parent.partitioning?.key else { throw .notSupported("partitioned table without a key") }
    self.parent = parent
    strategy = key.strategy
    if key.columns.count == 1, let position = parent.columns.firstIndex(where: { $0.name == key.columns[0] }) {
      keyColumn = position
      keyType = SQLType(formatted: parent.columns[position].type)
    } else {
      keyColumn = nil
      keyType = .unknown
    }
    var entries: [(relation: Relation, bound: PartitionBound)] = []
    for child in children {
      if child.kind == .partitionedTable { throw .notSupported("sub-partitioned tables") }
      guard let text = child.partitioning?.bound, let bound = PartitionBound.parse(text) else {
        throw .notSupported("partition bound of \(child.qualifiedName)")
      }
      guard child.columns.map(\.name) == parent.columns.map(\.name) else {
        throw .notSupported("partitions whose columns differ from their parent's")
      }
      entries.append((child, bound))
    }
    let keyType = keyType
    let sortKey = { (bound: PartitionBound) -> (Int, Datum?, Int, Int) in
      switch bound {
      case .defaultPartition: return (3, nil, 0, 0)
      case .hash(let modulus, let remainder): return (0, nil, modulus, remainder)
      case .range(let lower, _):
        switch lower.first {
        case .minValue?: return (0, nil, 0, 0)
        case .value(let text)?: return (1, Datum.parse(text, as: keyType), 0, 0)
        default: return (2, nil, 0, 0)
        }
      case .list(let values):
        let datums = values.compactMap { $0.flatMap { Datum.parse($0, as: keyType) } }
        guard var smallest = datums.first else { return (2, nil, 0, 0) }
        for datum in datums.dropFirst() where (Datum.compare(datum, smallest) ?? 0) < 0 { smallest = datum }
        return (1, smallest, 0, 0)
      }
    }
    entries.sort { left, right in
      let (a, b) = (sortKey(left.bound), sortKey(right.bound))
      if a.0 != b.0 { return a.0 < b.0 }
      if a.2 != b.2 { return a.2 < b.2 }
      if a.3 != b.3 { return a.3 < b.3 }
      if let x = a.1, let y = b.1, let order = Datum.compare(x, y), order != 0 { return order < 0 }
      return left.relation.name < right.relation.name
    }
    partitions = entries.map(\.relation)
    bounds = entries.map(\.bound)
  }

  var defaultIndex: Int? { bounds.firstIndex(of: .defaultPartition) }
}

/// Plan-time partition pruning with constant comparisons, mirroring `partprune.c`: each usable
/// restriction on the key becomes a step selecting bound offsets (`PruneStepResult`), ANDed
/// restrictions intersect, OR arms and IN lists unite, and an offset of a range not covered by
/// any partition, or a step that cannot rule it out, brings in the default partition.
struct PartitionPruner {
  let table: PartitionedTable

  /// A step's result: bound offsets, and whether the NULL and default partitions are needed.
  struct Selection {
    var offsets: Set<Int>
    var scanNull: Bool
    var scanDefault: Bool
  }

  /// Comparable range bounds: -∞ below every value, MINVALUE and MAXVALUE at the ends.
  private enum Bound {
    case minimum
    case value(Datum)
    case maximum
  }

  /// `PartitionBoundInfo` for one key column: the sorted distinct bounds (range) or values
  /// (list), and the partition each offset leads to (-1: none).
  private let datums: [Bound]
  private let indexes: [Int]
  private let nullIndex: Int?
  private let usable: Bool

  init(table: PartitionedTable) {
    self.table = table
    var usable =
      table.keyColumn != nil
      && (table.strategy != .hash || [.smallint, .integer, .bigint].contains(table.keyType))
    var datums: [Bound] = []
    var indexes: [Int] = []
    var nullIndex: Int?
    func less(_ a: Bound, _ b: Bound) -> Bool { Self.compare(a, b) ?? 0 < 0 }
    switch table.strategy {
    case .range:
      var all: [Bound] = []
      var uppers: [(Bound, Int)] = []
      for (position, bound) in table.bounds.enumerated() {
        guard case .range(let lower, let upper) = bound else { continue }
        guard lower.count == 1, upper.count == 1, let low = Self.bound(lower[0], table.keyType),
          let high = Self.bound(upper[0], table.keyType)
        else {
          usable = false
          continue
        }
        all += [low, high]
        uppers.append((high, position))
      }
      all.sort(by: less)
      for value in all where datums.last.map({ Self.compare($0, value) != 0 }) ?? true { datums.append(value) }
      indexes = Array(repeating: -1, count: datums.count + 1)
      for (upper, partition) in uppers {
        if let offset = datums.firstIndex(where: { Self.compare($0, upper) == 0 }) { indexes[offset] = partition }
      }
    case .list:
      var values: [(Bound, Int)] = []
      for (position, bound) in table.bounds.enumerated() {
        guard case .list(let items) = bound else { continue }
        for item in items {
          guard let item else {
            nullIndex = position
            continue
          }
          guard let datum = Datum.parse(item, as: table.keyType) else {
            usable = false
            continue
          }
          values.append((.value(datum), position))
        }
      }
      values.sort { less($0.0, $1.0) }
      datums = values.map(\.0)
      indexes = values.map(\.1)
    case .hash:
      // Offsets are remainders of the greatest modulus; each partition owns the remainders
      // congruent to its own (`partition_bounds_create` for hash).
      let greatest = table.bounds.reduce(0) {
        if case .hash(let modulus, _) = $1 { max($0, modulus) } else { $0 }
      }
      indexes = Array(repeating: -1, count: greatest)
      for (position, bound) in table.bounds.enumerated() {
        guard case .hash(let modulus, let remainder) = bound, modulus > 0 else { continue }
        for offset in stride(from: remainder, to: greatest, by: modulus) { indexes[offset] = position }
      }
    }
    self.datums = datums
    self.indexes = indexes
    self.nullIndex = nullIndex
    self.usable = usable
  }

  private static func bound(_ value: PartitionBound.RangeValue, _ type: SQLType) -> Bound? {
    switch value {
    case .minValue: return .minimum
    case .maxValue: return .maximum
    case .value(let text): return Datum.parse(text, as: type).map(Bound.value)
    }
  }

  private static func compare(_ a: Bound, _ b: Bound) -> Int? {
    switch (a, b) {
    case (.minimum, .minimum), (.maximum, .maximum): return 0
    case (.minimum, _), (_, .maximum): return -1
    case (_, .minimum), (.maximum, _): return 1
    case (.value(let x), .value(let y)): return Datum.compare(x, y)
    }
  }

  /// The positions (in `table.partitions`) of the partitions that survive `restrictions`.
  func survivors(_ restrictions: [TypedExpr]) -> [Int] {
    let everything = Array(table.partitions.indices)
    guard usable, let selection = conjunction(restrictions) else { return everything }
    var result = Set<Int>()
    var scanDefault = selection.scanDefault
    for offset in selection.offsets {
      let partition = indexes[offset]
      if partition < 0 { scanDefault = true } else { result.insert(partition) }
    }
    if selection.scanNull, let nullIndex { result.insert(nullIndex) }
    if scanDefault, let defaultIndex = table.defaultIndex { result.insert(defaultIndex) }
    return result.sorted()
  }

  private var all: Selection {
    Selection(offsets: Set(indexes.indices), scanNull: nullIndex != nil, scanDefault: table.defaultIndex != nil)
  }

  /// ANDed restrictions: the intersection of the steps of those that can prune; nil when none can.
  private func conjunction(_ clauses: [TypedExpr]) -> Selection? {
    var result: Selection?
    for clause in clauses {
      guard let step = self.step(clause) else { continue }
      guard var current = result else {
        result = step
        continue
      }
      current.offsets.formIntersection(step.offsets)
      current.scanNull = current.scanNull && step.scanNull
      current.scanDefault = current.scanDefault && step.scanDefault
      result = current
    }
    return result
  }

  private func union(_ selections: [Selection]) -> Selection {
    var result = Selection(offsets: [], scanNull: false, scanDefault: false)
    for selection in selections {
      result.offsets.formUnion(selection.offsets)
      result.scanNull = result.scanNull || selection.scanNull
      result.scanDefault = result.scanDefault || selection.scanDefault
    }
    return result
  }

  private func isKey(_ expr: TypedExpr) -> Bool {
    guard let column = expr.strippedColumn, let key = table.keyColumn else { return false }
    return column.relation == 0 && column.column == key
  }

  private func constantDatum(_ expr: TypedExpr) -> (datum: Datum?, isNull: Bool)? {
    guard case .constant(let constant) = expr else { return nil }
    guard let text = constant.text else { return (nil, true) }
    let type = constant.type == .unknown ? table.keyType : constant.type
    guard let datum = Datum.parse(text, as: type) else { return nil }
    return (datum, false)
  }

  private static let commuted = ["=": "=", "<>": "<>", "<": ">", "<=": ">=", ">": "<", ">=": "<="]

  /// The step one restriction yields, or nil when it cannot prune.
  private func step(_ clause: TypedExpr) -> Selection? {
    switch clause {
    case .operation(let call) where call.args.count == 2 && Self.commuted[call.name] != nil:
      if isKey(call.args[0]), let constant = constantDatum(call.args[1]) {
        return comparison(call.name, constant)
      }
      if isKey(call.args[1]), let constant = constantDatum(call.args[0]), let name = Self.commuted[call.name] {
        return comparison(name, constant)
      }
      return nil
    case .arrayOperation(let call) where isKey(call.left) && Self.commuted[call.name] != nil:
      guard case .array(let elements, _) = call.right else { return nil }
      var steps: [Selection] = []
      for element in elements {
        guard let constant = constantDatum(element), let step = comparison(call.name, constant) else { return nil }
        steps.append(step)
      }
      return call.useOr ? union(steps) : intersect(steps)
    case .nullTest(let arg, let isNot) where isKey(arg) && table.strategy != .hash:
      if isNot {
        return Selection(
          offsets: Set(indexes.indices.filter { indexes[$0] >= 0 || table.strategy == .list }),
          scanNull: false, scanDefault: table.defaultIndex != nil)
      }
      if table.strategy == .list, nullIndex != nil {
        return Selection(offsets: [], scanNull: true, scanDefault: false)
      }
      return Selection(offsets: [], scanNull: false, scanDefault: table.defaultIndex != nil)
    case .or(let arms):
      var steps: [Selection] = []
      for arm in arms {
        // An arm that cannot prune keeps everything.
        steps.append(conjunction(ScanPlanner.conjunctsOf(arm)) ?? all)
      }
      return union(steps)
    case .and(let args):
      return conjunction(args)
    default:
      return nil
    }
  }

  private func intersect(_ steps: [Selection]) -> Selection {
    guard var result = steps.first else { return all }
    for step in steps.dropFirst() {
      result.offsets.formIntersection(step.offsets)
      result.scanNull = result.scanNull && step.scanNull
      result.scanDefault = result.scanDefault && step.scanDefault
    }
    return result
  }

  /// `key op value`: `get_matching_range_bounds` or `get_matching_list_bounds`.
  private func comparison(_ op: String, _ constant: (datum: Datum?, isNull: Bool)) -> Selection? {
    // Strict operators: a NULL comparison value matches nothing.
    if constant.isNull { return Selection(offsets: [], scanNull: false, scanDefault: false) }
    guard let datum = constant.datum else { return nil }
    if table.strategy == .hash {
      guard op == "=", case .integer(let number) = datum, !indexes.isEmpty else { return nil }
      let hash = PartitionHash.combine(0, PartitionHash.integer(number, type: table.keyType))
      return Selection(offsets: [Int(hash % UInt64(indexes.count))], scanNull: false, scanDefault: false)
    }
    let value = Bound.value(datum)
    // The bounds must compare with the value (same type family); otherwise no pruning.
    for bound in datums where Self.compare(bound, value) == nil { return nil }
    if datums.isEmpty { return nil }
    let hasDefault = table.defaultIndex != nil
    switch table.strategy {
    case .range:
      guard op != "<>" else { return nil }
      // Offset j stands for the range [d(j-1), d(j)): below the first bound for j = 0, above
      // the last for j = count. An offset is kept when that range can hold a matching value.
      var offsets = Set<Int>()
      for offset in 0...datums.count {
        let lower: Bound = offset == 0 ? .minimum : datums[offset - 1]
        let upper: Bound = offset == datums.count ? .maximum : datums[offset]
        // Nothing lies below MINVALUE or above MAXVALUE.
        if offset == 0, case .minimum = datums[0] { continue }
        if offset == datums.count, case .maximum = datums[datums.count - 1] { continue }
        let lowerVersusValue = offset == 0 ? -1 : (Self.compare(lower, value) ?? 0)
        let upperVersusValue = offset == datums.count ? 1 : (Self.compare(upper, value) ?? 0)
        let keep: Bool
        switch op {
        case "=": keep = lowerVersusValue <= 0 && upperVersusValue > 0
        case "<": keep = lowerVersusValue < 0
        case "<=": keep = lowerVersusValue <= 0
        default: keep = upperVersusValue > 0
        }
        if keep { offsets.insert(offset) }
      }
      return Selection(offsets: offsets, scanNull: false, scanDefault: false)
    case .list:
      var offsets = Set<Int>()
      for (offset, bound) in datums.enumerated() {
        let order = Self.compare(bound, value) ?? 0
        let keep: Bool
        switch op {
        case "=": keep = order == 0
        case "<>": keep = order != 0
        case "<": keep = order < 0
        case "<=": keep = order <= 0
        case ">": keep = order > 0
        default: keep = order >= 0
        }
        if keep { offsets.insert(offset) }
      }
      let scanDefault = hasDefault && (op != "=" || offsets.isEmpty)
      return Selection(offsets: offsets, scanNull: false, scanDefault: scanDefault)
    case .hash:
      return nil
    }
  }
}

/// The hash PostgreSQL routes rows with (`compute_partition_hash_value`): each key's extended
/// hash with `HASH_PARTITION_SEED`, combined with `hash_combine64`. Integers hash as
/// `hashint4extended`/`hashint8extended` do, through Bob Jenkins' lookup3 on 32 bits.
enum PartitionHash {
  static let seed: UInt64 = 0x7A5B_2236_7996_DCFD

  static func combine(_ a: UInt64, _ b: UInt64) -> UInt64 {
    a ^ (b &+ 0x49A0_F4DD_15E5_A8E3 &+ (a << 54) &+ (a >> 7))
  }

  /// `hashint2extended`, `hashint4extended` or `hashint8extended` with the partition seed.
  static func integer(_ value: Int64, type: SQLType) -> UInt64 {
    guard type == .bigint else { return uint32(UInt32(truncatingIfNeeded: Int32(truncatingIfNeeded: value))) }
    // int8 hashes its low half folded with the high half (negated for negative values), so that
    // values that fit in int4 hash alike.
    let low = UInt32(truncatingIfNeeded: value)
    let high = UInt32(truncatingIfNeeded: value >> 32)
    return uint32(low ^ (value >= 0 ? high : ~high))
  }

  private static func rotate(_ x: UInt32, _ k: UInt32) -> UInt32 { (x << k) | (x >> (32 - k)) }

  /// `hash_bytes_uint32_extended(k, seed)`.
  static func uint32(_ k: UInt32) -> UInt64 {
    var a: UInt32 = 0x9E37_79B9 &+ 4 &+ 3_923_095
    var b = a
    var c = a
    a &+= UInt32(truncatingIfNeeded: seed >> 32)
    b &+= UInt32(truncatingIfNeeded: seed)
    // mix(a, b, c)
    a &-= c
    a ^= rotate(c, 4)
    c &+= b
    b &-= a
    b ^= rotate(a, 6)
    a &+= c
    c &-= b
    c ^= rotate(b, 8)
    b &+= a
    a &-= c
    a ^= rotate(c, 16)
    c &+= b
    b &-= a
    b ^= rotate(a, 19)
    a &+= c
    c &-= b
    c ^= rotate(b, 4)
    b &+= a
    a &+= k
    // final(a, b, c)
    c ^= b
    c &-= rotate(b, 14)
    a ^= c
    a &-= rotate(c, 11)
    b ^= a
    b &-= rotate(a, 25)
    c ^= b
    c &-= rotate(b, 16)
    a ^= c
    a &-= rotate(c, 4)
    b ^= a
    b &-= rotate(a, 14)
    c ^= b
    c &-= rotate(b, 24)
    return (UInt64(b) << 32) | UInt64(c)
  }
}
