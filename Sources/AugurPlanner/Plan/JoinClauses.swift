/// An outer join whose order the join search must respect (PostgreSQL's `SpecialJoinInfo`).
struct SpecialJoin {
  var kind: JoinKind
  /// The relations the join's condition needs on each side (`min_lefthand`, `min_righthand`):
  /// the join can be formed once both are joined, and not before.
  var minLeft: RelSet
  var minRight: RelSet
  /// Every relation syntactically on each side (`syn_lefthand`, `syn_righthand`).
  var synLeft: RelSet
  var synRight: RelSet

  var minRelids: RelSet { minLeft.union(minRight) }
  var synRelids: RelSet { synLeft.union(synRight) }
}

/// `a = b` split into its two sides, each reading its own relations.
struct EqualitySides: Hashable {
  var left: TypedExpr
  var right: TypedExpr
  var leftRelids: RelSet
  var rightRelids: RelSet
}

/// A qualification after `distribute_qual_to_rels` (PostgreSQL's `RestrictInfo`), with what the
/// join search works out about it kept with it, as PostgreSQL keeps a RestrictInfo's
/// selectivity, cost and hash and merge data: a clause is met again in every join of its
/// relations. A class, as the search refers to one clause from many joins; only the worked-out
/// parts change, each filled on first use.
final class PlannerClause {
  let expr: TypedExpr
  /// The relations it reads (`clause_relids`).
  let relids: RelSet
  /// The relations that must be joined before it can be checked (`required_relids`): more than
  /// it reads when an outer join below must happen first.
  let required: RelSet
  /// The outer join whose own condition (ON) this is; nil for a clause pushed down from WHERE or
  /// an inner join (`is_pushed_down`).
  let outerJoin: Int?
  /// The equivalence class it was generated from, if any (`parent_ec`).
  let equivalenceClass: Int?
  /// `cost_qual_eval` of the clause, and whether it reads no column (charged once).
  var qualCost: (cost: QualCost, pseudoConstant: Bool)?
  /// Its selectivity as an inner join's clause, as the join search memoized it (`norm_selec`).
  var innerSelectivity: Double?
  private var equalityMemo: EqualitySides??
  /// The clause as a hash or merge clause, with its left or its right side outer.
  private var leftOuter: KeyClauseCache?
  private var rightOuter: KeyClauseCache?

  init(expr: TypedExpr, relids: RelSet, required: RelSet, outerJoin: Int? = nil, equivalenceClass: Int? = nil) {
    self.expr = expr
    self.relids = relids
    self.required = required
    self.outerJoin = outerJoin
    self.equivalenceClass = equivalenceClass
  }

  /// The two sides of a hashable, mergeable equality between disjoint sets of relations.
  var equality: EqualitySides? {
    if let known = equalityMemo { return known }
    let sides = Self.equalitySides(expr)
    equalityMemo = .some(sides)
    return sides
  }

  private static func equalitySides(_ expr: TypedExpr) -> EqualitySides? {
    guard case .operation(let call) = expr, call.name == "=", call.args.count == 2,
      JoinClauses.isHashable(call.args[0].type)
    else { return nil }
    let left = call.args[0].relids
    let right = call.args[1].relids
    guard !left.isEmpty, !right.isEmpty, !left.overlaps(right) else { return nil }
    return EqualitySides(left: call.args[0], right: call.args[1], leftRelids: left, rightRelids: right)
  }

  /// The name of the equality's left or right side when it is a (relabeled) column of
  /// `relation`.
  func sideColumnName(left: Bool, relation: Int) -> String? {
    let columns = sideColumnsMemo ?? (equality?.left.strippedColumn, equality?.right.strippedColumn)
    sideColumnsMemo = columns
    guard let column = left ? columns.left : columns.right, column.relation == relation else { return nil }
    return column.name
  }

  private var sideColumnsMemo: (left: ColumnVar?, right: ColumnVar?)?

  /// Whether the two clauses have the same expression (the same clause, or equal expressions).
  func hasSameExpr(as other: PlannerClause) -> Bool {
    self === other || expr == other.expr
  }

  /// The equality as a hash or merge clause with the given side outer.
  func keyClause(_ sides: EqualitySides, outerIsLeft: Bool) -> KeyClauseCache {
    if let known = outerIsLeft ? leftOuter : rightOuter { return known }
    let made =
      outerIsLeft
      ? KeyClauseCache(outer: sides.left, inner: sides.right) : KeyClauseCache(outer: sides.right, inner: sides.left)
    if outerIsLeft { leftOuter = made } else { rightOuter = made }
    return made
  }
}

/// An equality as a hash or merge clause with a given side outer, and what hash and merge joins
/// work out about it, each part on first use (PostgreSQL's RestrictInfo keeps the same:
/// `left_ec`/`right_ec` pathkeys, `scansel_cache`, `left_bucketsize`/`right_bucketsize`).
final class KeyClauseCache {
  let outer: TypedExpr
  let inner: TypedExpr
  /// Each side as a canonical ascending sort key.
  var outerKey: SortKey?
  var innerKey: SortKey?
  /// `[outerKey]` and `[innerKey]`, numbered by the join search.
  var outerOrder: PathKeysNumber?
  var innerOrder: PathKeysNumber?
  /// `outer = inner` as EXPLAIN prints it in a Hash or Merge Cond.
  var text: String?
  /// `mergejoinscansel` for the clause as a merge join's first clause.
  var scanFractions: CostSize.MergeScanFractions?
  /// What the hash table's bucket size needs of the inner side's statistics (nil inside: no
  /// statistics).
  var innerBuckets: CostSize.HashBucketInputs??
  var innerBucketsList: [CostSize.HashBucketInputs]?
  /// The sort keys of a merge join on this clause alone.
  var sortKeys: MergeSortKeys?

  init(outer: TypedExpr, inner: TypedExpr) {
    self.outer = outer
    self.inner = inner
  }
}

/// A set of expressions known equal (PostgreSQL's `EquivalenceClass`), from WHERE and inner-join
/// equalities: `a.x = b.y AND b.y = c.z` puts the three in one class, so any two may be joined
/// on; a constant in the class turns every member into a restriction (`a.x = 5 AND b.y = 5`).
struct EquivalenceClass {
  var members: [TypedExpr]
  var memberRelids: [RelSet]
  var constant: TypedExpr?
  var relids: RelSet { memberRelids.reduce(.empty) { $0.union($1) } }

  /// The first member within `relids`, preferring plain columns (`generate_join_implied_equalities_normal`
  /// scores a Var above an expression).
  func member(within relids: RelSet) -> Int? {
    var first: Int?
    for position in members.indices where memberRelids[position].isSubset(of: relids) {
      if members[position].strippedColumn != nil { return position }
      if first == nil { first = position }
    }
    return first
  }
}

/// The query's qualifications distributed for the join search, mirroring `deconstruct_jointree`
/// and `distribute_qual_to_rels` (initsplan.c), `reduce_outer_joins` (prepjointree.c) and the
/// equivalence-class machinery of equivclass.c.
struct JoinClauses {
  /// Clauses not absorbed into an equivalence class, and the restrictions the classes generate.
  var clauses: [PlannerClause] = []
  var classes: [EquivalenceClass] = []
  var specials: [SpecialJoin] = []
  /// Every clause over several relations as distributed, before equivalence classes absorbed
  /// some: their columns are needed until their relations are joined (`add_vars_to_targetlist`
  /// in `distribute_qual_to_rels`).
  var joinClauseColumns: [(columns: [ColumnVar], required: RelSet)] = []
  /// The conditions of each semi join linking its two sides, as written.
  var semiJoinQuals: [Int: [TypedExpr]] = [:]
  /// The implied equalities made so far (`ec_derives`), shared by copies.
  private var derived = DerivedClauses(classes: [])

  /// The classes without a constant as `impliedJoinClauses` reads them (members' relations and
  /// whether each is a plain column, in flat arrays), and the clauses made so far, by class and
  /// outer and inner member. A class, so that a non-mutating `impliedJoinClauses` can keep them.
  private final class DerivedClauses {
    struct JoinClass {
      var number: Int
      var firstMember: Int
      var memberCount: Int
      /// Where the class's clauses start in `clauses` (`memberCount²` of them).
      var firstClause: Int
    }

    private(set) var joinClasses: [JoinClass] = []
    private var memberRelids: [RelSet] = []
    private var memberIsColumn: [Bool] = []
    var clauses: [PlannerClause?] = []

    init(classes: [EquivalenceClass]) {
      for (number, equivalence) in classes.enumerated() where equivalence.constant == nil {
        let count = equivalence.members.count
        joinClasses.append(
          JoinClass(number: number, firstMember: memberRelids.count, memberCount: count, firstClause: clauses.count))
        memberRelids += equivalence.memberRelids
        memberIsColumn += equivalence.members.map { $0.strippedColumn != nil }
        clauses += Array(repeating: nil, count: count * count)
      }
    }

    /// `EquivalenceClass.member(within:)`: the first member within `relids`, preferring plain
    /// columns.
    func member(of joinClass: JoinClass, within relids: RelSet) -> Int? {
      var first: Int?
      for position in 0..<joinClass.memberCount
      where memberRelids[joinClass.firstMember + position].isSubset(of: relids) {
        if memberIsColumn[joinClass.firstMember + position] { return position }
        if first == nil { first = position }
      }
      return first
    }
  }

  /// Types whose `=` can hash and merge (those with B-tree and hash operator classes).
  static func isHashable(_ type: SQLType) -> Bool {
    switch type {
    case .unknown, .json: false
    default: true
    }
  }

  init(query: AnalyzedQuery) throws(PlannerError) {
    let whereNonNullable = query.quals.reduce(RelSet.empty) { $0.union(Self.nonNullableRelids($1)) }
    let fromList = query.fromList.map { Self.reduceOuterJoins($0, nonNullable: whereNonNullable) }
    var pending: [(expr: TypedExpr, scope: RelSet, outerJoin: Int?)] = []
    for item in fromList { try collect(item, pending: &pending) }
    var leftRels = RelSet(fromList.flatMap(\.relations))
    for sublink in query.sublinkJoins {
      for item in sublink.right { try collect(item, pending: &pending) }
      let rightRels = RelSet(sublink.relations)
      addSpecialJoin(
        kind: sublink.kind, leftRels: sublink.left.map { RelSet($0) } ?? leftRels, rightRels: rightRels,
        quals: sublink.quals, pending: &pending)
      leftRels = leftRels.union(rightRels)
    }
    let everything = RelSet(query.relations.indices)
    for qual in query.quals { pending.append((qual, everything, nil)) }
    for (expr, scope, outerJoin) in pending {
      let relids = expr.relids
      var required = relids
      if let outerJoin {
        required = specials[outerJoin].minRelids.union(relids)
      } else {
        required = delayedRequired(relids, scope: scope)
      }
      clauses.append(PlannerClause(expr: expr, relids: relids, required: required, outerJoin: outerJoin))
    }
    buildEquivalenceClasses()
    derived = DerivedClauses(classes: classes)
  }

  // MARK: reduce_outer_joins

  /// The relations a clause proves non-null when it is true (`find_nonnullable_rels`): strict
  /// operators and functions reject NULL inputs, AND unions its arms' relations, OR keeps those
  /// every arm proves, IS NOT NULL proves its argument's.
  static func nonNullableRelids(_ expr: TypedExpr) -> RelSet {
    switch expr {
    case .column(let column): RelSet(column.relation)
    case .operation(let call): call.args.reduce(.empty) { $0.union(nonNullableRelids($1)) }
    case .function(let call): call.args.reduce(.empty) { $0.union(nonNullableRelids($1)) }
    case .cast(let arg, _, _): nonNullableRelids(arg)
    case .arrayOperation(let call): nonNullableRelids(call.left)
    case .and(let args): args.reduce(.empty) { $0.union(nonNullableRelids($1)) }
    case .or(let args):
      args.dropFirst().reduce(args.first.map(nonNullableRelids) ?? .empty) { $0.intersection(nonNullableRelids($1)) }
    case .nullTest(let arg, true): nonNullableRelids(arg)
    case .booleanTest(let arg, let kind) where kind == .isTrue || kind == .isFalse || kind == .isNotUnknown:
      nonNullableRelids(arg)
    default: .empty
    }
  }

  /// A LEFT join whose nullable side a qualification above it rejects NULLs for is an inner join.
  static func reduceOuterJoins(_ node: JoinTreeNode, nonNullable: RelSet) -> JoinTreeNode {
    guard case .join(var kind, let left, let right, let quals) = node else { return node }
    let local = quals.reduce(RelSet.empty) { $0.union(nonNullableRelids($1)) }
    if kind == .left && nonNullable.overlaps(RelSet(right.relations)) { kind = .inner }
    switch kind {
    case .inner:
      let passed = nonNullable.union(local)
      return .join(
        kind: kind, left: reduceOuterJoins(left, nonNullable: passed),
        right: reduceOuterJoins(right, nonNullable: passed),
        quals: quals)
    default:
      return .join(
        kind: kind, left: reduceOuterJoins(left, nonNullable: nonNullable),
        right: reduceOuterJoins(right, nonNullable: local), quals: quals)
    }
  }

  // MARK: deconstruct_jointree

  /// Records the outer joins of `node` and the scope of each of its conditions.
  private mutating func collect(
    _ node: JoinTreeNode, pending: inout [(expr: TypedExpr, scope: RelSet, outerJoin: Int?)]
  ) throws(PlannerError) {
    guard case .join(let kind, let left, let right, let quals) = node else { return }
    try collect(left, pending: &pending)
    try collect(right, pending: &pending)
    let leftRels = RelSet(left.relations)
    let rightRels = RelSet(right.relations)
    let scope = leftRels.union(rightRels)
    switch kind {
    case .inner:
      for qual in quals { pending.append((qual, scope, nil)) }
    case .left:
      addSpecialJoin(kind: .left, leftRels: leftRels, rightRels: rightRels, quals: quals, pending: &pending)
    default:
      throw .notSupported("\(kind) joins")
    }
  }

  /// `make_outerjoininfo` for a LEFT, SEMI or ANTI join: the relations its condition needs on
  /// the left (with any outer join below them), all of the right; conditions on the right side
  /// alone filter it before the join, the others are the join's own.
  private mutating func addSpecialJoin(
    kind: JoinKind, leftRels: RelSet, rightRels: RelSet, quals: [TypedExpr],
    pending: inout [(expr: TypedExpr, scope: RelSet, outerJoin: Int?)]
  ) {
    let clauseRelids = quals.reduce(RelSet.empty) { $0.union($1.relids) }
    var minLeft = clauseRelids.intersection(leftRels)
    for special in specials where special.synRelids.isSubset(of: leftRels) && special.synRelids.overlaps(minLeft) {
      minLeft = minLeft.union(special.synRelids)
    }
    if minLeft.isEmpty { minLeft = leftRels }
    let index = specials.count
    specials.append(
      SpecialJoin(kind: kind, minLeft: minLeft, minRight: rightRels, synLeft: leftRels, synRight: rightRels))
    let scope = leftRels.union(rightRels)
    for qual in quals {
      let relids = qual.relids
      if !relids.isEmpty && relids.isSubset(of: rightRels) {
        pending.append((qual, rightRels, nil))
      } else if kind == .semi {
        // A semi join makes nothing nullable: distribute_qual_to_rels pushes its conditions
        // down like inner-join ones (equalities join equivalence classes); the special join
        // only orders the join. Its equalities are kept for unique-ifying the inner side.
        pending.append((qual, scope, nil))
        semiJoinQuals[index, default: []].append(qual)
      } else {
        pending.append((qual, scope, index))
      }
    }
  }

  /// `compute_semijoin_info`: the inner sides of a semi join's conditions, when every condition
  /// is a hashable equality between the two sides (what unique-ifying the inner side needs).
  func semiJoinRightExprs(_ special: Int) -> [TypedExpr]? {
    let join = specials[special]
    var exprs: [TypedExpr] = []
    for qual in semiJoinQuals[special] ?? [] {
      guard let sides = PlannerClause(expr: qual, relids: qual.relids, required: qual.relids).equality else {
        return nil
      }
      if sides.rightRelids.isSubset(of: join.synRight) && sides.leftRelids.isSubset(of: join.synLeft) {
        exprs.append(sides.right)
      } else if sides.leftRelids.isSubset(of: join.synRight) && sides.rightRelids.isSubset(of: join.synLeft) {
        exprs.append(sides.left)
      } else {
        return nil
      }
    }
    return exprs.isEmpty ? nil : exprs
  }

  /// `check_outerjoin_delay`: a clause above an outer join that reads its nullable side must wait
  /// for the outer join (its NULL-extended rows must be seen), so it needs the join's relations.
  private func delayedRequired(_ relids: RelSet, scope: RelSet) -> RelSet {
    var required = relids
    var changed = true
    while changed {
      changed = false
      for special in specials where special.synRelids.isSubset(of: scope) && special.synRelids != scope {
        if required.overlaps(special.minRight) && !required.isSubset(of: special.minRight)
          && !special.minRelids.isSubset(of: required)
        {
          required = required.union(special.minRelids)
          changed = true
        }
      }
    }
    return required
  }

  // MARK: Equivalence classes

  /// The nullable side of an outer join (`nullable_relids`): an equality there is not usable for
  /// an equivalence class above the join.
  private var nullableRelids: RelSet {
    specials.filter { $0.kind != .semi }.reduce(.empty) { $0.union($1.minRight) }
  }

  /// `process_equivalence` for every usable equality, then `generate_base_implied_equalities`:
  /// a class with a constant becomes `member = constant` on each member's relation; one
  /// without, `first = other` for members sharing a relation. The clauses the classes absorbed
  /// leave the clause list.
  private mutating func buildEquivalenceClasses() {
    joinClauseColumns = clauses.filter { $0.required.count > 1 }.map { ($0.expr.columns, $0.required) }
    var kept: [PlannerClause] = []
    for clause in clauses {
      guard clause.outerJoin == nil, clause.required == clause.relids, let pair = equivalencePair(clause) else {
        kept.append(clause)
        continue
      }
      merge(pair.0, pair.1)
    }
    clauses = kept
    for (number, equivalence) in classes.enumerated() {
      if let constant = equivalence.constant {
        for (member, relids) in zip(equivalence.members, equivalence.memberRelids) {
          // A cross-type operator of the family compares the constant as it is (`bigint = integer`).
          let value =
            Self.sameOperatorFamily(constant.type, member.type) ? constant : Coercion.coerce(constant, to: member.type)
          let expr = TypedExpr.operation(OperatorCall(name: "=", args: [member, value], resultType: .boolean))
          clauses.append(
            PlannerClause(expr: expr, relids: relids, required: relids, outerJoin: nil, equivalenceClass: number))
        }
        continue
      }
      var firstByRelation: [RelSet: TypedExpr] = [:]
      for (member, relids) in zip(equivalence.members, equivalence.memberRelids) {
        guard let first = firstByRelation[relids] else {
          firstByRelation[relids] = member
          continue
        }
        let expr = TypedExpr.operation(OperatorCall(name: "=", args: [first, member], resultType: .boolean))
        clauses.append(
          PlannerClause(expr: expr, relids: relids, required: relids, outerJoin: nil, equivalenceClass: number))
      }
    }
  }

  /// The two sides of an equality an equivalence class can take: expressions of one relation
  /// each (different relations, or the same one), or one side a constant.
  private func equivalencePair(_ clause: PlannerClause) -> (TypedExpr, TypedExpr)? {
    guard case .operation(let call) = clause.expr, call.name == "=", call.args.count == 2,
      Self.isHashable(call.args[0].type), Self.sameOperatorFamily(call.args[0].type, call.args[1].type)
    else { return nil }
    let (left, right) = (Self.crossTypeMember(call.args[0]), Self.crossTypeMember(call.args[1]))
    let leftRelids = left.relids
    let rightRelids = right.relids
    for side in [leftRelids, rightRelids] where side.overlaps(nullableRelids) {
      // Members below an outer join's nullable side are fine only within that side.
      let special = specials.first { $0.kind != .semi && side.overlaps($0.minRight) }
      guard clause.relids.isSubset(of: special?.minRight ?? .empty) else {
        return nil
      }
    }
    let usable = { (expr: TypedExpr, relids: RelSet) in
      relids.count == 1 || (relids.isEmpty && expr.isPseudoConstant && !expr.containsVolatile)
    }
    guard usable(left, leftRelids), usable(right, rightRelids), !(leftRelids.isEmpty && rightRelids.isEmpty) else {
      return nil
    }
    return (left, right)
  }

  /// An integer column widened to another integer type for a comparison is the column itself in
  /// an equivalence class: smallint, integer and bigint share one B-tree operator family
  /// (`integer_ops`), whose cross-type `=` the class uses.
  static func sameOperatorFamily(_ first: SQLType, _ second: SQLType) -> Bool {
    let integers: Set<SQLType> = [.smallint, .integer, .bigint]
    let floats: Set<SQLType> = [.real, .doublePrecision]
    return first == second || (integers.contains(first) && integers.contains(second))
      || (floats.contains(first) && floats.contains(second))
  }

  static func crossTypeMember(_ expr: TypedExpr) -> TypedExpr {
    let integers: Set<SQLType> = [.smallint, .integer, .bigint]
    if case .cast(let arg, let type, false) = expr, integers.contains(type), integers.contains(arg.type) {
      return arg
    }
    return expr
  }

  private mutating func merge(_ left: TypedExpr, _ right: TypedExpr) {
    func find(_ expr: TypedExpr) -> Int? {
      classes.firstIndex { $0.members.contains(expr) || $0.constant == expr }
    }
    let isConstant = { (expr: TypedExpr) in expr.relids.isEmpty }
    var target: Int
    switch (find(left), find(right)) {
    case (let first?, let second?) where first != second:
      let absorbed = classes.remove(at: max(first, second))
      target = min(first, second)
      for (member, relids) in zip(absorbed.members, absorbed.memberRelids) {
        classes[target].members.append(member)
        classes[target].memberRelids.append(relids)
      }
      if classes[target].constant == nil { classes[target].constant = absorbed.constant }
      return
    case (let first?, _): target = first
    case (_, let second?): target = second
    default:
      classes.append(EquivalenceClass(members: [], memberRelids: [], constant: nil))
      target = classes.count - 1
    }
    for expr in [left, right] where find(expr) != target {
      if isConstant(expr) {
        if classes[target].constant == nil { classes[target].constant = expr }
      } else {
        classes[target].members.append(expr)
        classes[target].memberRelids.append(expr.relids)
      }
    }
  }

  // MARK: Join clauses

  /// The equalities the classes imply between `outer` and `inner`
  /// (`generate_join_implied_equalities`): one per class with members on both sides, between the
  /// first suitable member of each, outer side first.
  /// The clause of each (class, outer member, inner member) is made once and then found again,
  /// with what the search worked out about it (`create_join_clause` looks in `ec_derives`).
  func impliedJoinClauses(outer: RelSet, inner: RelSet) -> [PlannerClause] {
    var result: [PlannerClause] = []
    for joinClass in derived.joinClasses {
      guard let outerMember = derived.member(of: joinClass, within: outer),
        let innerMember = derived.member(of: joinClass, within: inner)
      else { continue }
      let slot = joinClass.firstClause + outerMember * joinClass.memberCount + innerMember
      if let known = derived.clauses[slot] {
        result.append(known)
        continue
      }
      let equivalence = classes[joinClass.number]
      let left = equivalence.members[outerMember]
      let right = equivalence.members[innerMember]
      let relids = equivalence.memberRelids[outerMember].union(equivalence.memberRelids[innerMember])
      let clause = PlannerClause(
        expr: .operation(OperatorCall(name: "=", args: [left, right], resultType: .boolean)), relids: relids,
        required: relids, outerJoin: nil, equivalenceClass: joinClass.number)
      derived.clauses[slot] = clause
      result.append(clause)
    }
    return result
  }

  /// `build_joinrel_restrictlist`: the clauses to check when `outer` and `inner` are joined,
  /// those neither side could check alone, plus the classes' implied equalities.
  func restrictList(outer: RelSet, inner: RelSet) -> [PlannerClause] {
    let joined = outer.union(inner)
    let own = clauses.filter {
      $0.required.isSubset(of: joined) && !$0.required.isSubset(of: outer) && !$0.required.isSubset(of: inner)
    }
    let implied = impliedJoinClauses(outer: outer, inner: inner)
    return own.isEmpty ? implied : own + implied
  }

  /// True when a clause or class links the two sets (`have_relevant_joinclause`).
  func haveRelevantJoinClause(_ first: RelSet, _ second: RelSet) -> Bool {
    let joined = first.union(second)
    for clause in clauses where clause.relids.overlaps(first) && clause.relids.overlaps(second) {
      if clause.required.isSubset(of: joined) || clause.relids.count > 1 { return true }
    }
    return classes.contains { $0.constant == nil && $0.relids.overlaps(first) && $0.relids.overlaps(second) }
  }

  /// True when some clause or class links `rel` to a relation outside it (`has_join_restriction`'s
  /// clause half, `rel->joininfo != NIL || rel->has_eclass_joins`).
  func hasJoinClauses(_ rel: RelSet) -> Bool {
    for clause in clauses where clause.relids.overlaps(rel) && !clause.required.isSubset(of: rel) { return true }
    return classes.contains { $0.constant == nil && $0.relids.overlaps(rel) && !$0.relids.isSubset(of: rel) }
  }
}

extension TypedExpr {
  /// True when a volatile function is called anywhere in the expression.
  var containsVolatile: Bool {
    if case .function(let call) = self, call.volatility == .volatile { return true }
    return children.contains(where: \.containsVolatile)
  }
}
