import AugurPlan

/// Which Subquery Scans stay in the plan (setrefs.c's `trivial_subqueryscan`).
///
/// PostgreSQL removes a Subquery Scan that has no conditions and returns exactly its subquery's
/// columns in order. Whether it does depends on the target list the node above asks of it
/// (createplan.c's `CP_EXACT_TLIST`, `CP_SMALL_TLIST`, or nothing in particular, which lets the
/// scan return all its columns: `use_physical_tlist`), so the choice is made here, on the whole
/// plan, after path selection, as `create_plan_recurse` passes those requests down.
enum TrivialSubqueryScan {
  /// When a Subquery Scan without conditions is trivial.
  enum TargetList {
    /// It returns the subquery's columns in order whatever is asked of it.
    case always
    /// Only when the parent lets it return its physical target list.
    case withPhysicalTargetList
    /// Never (the subquery's target list has resjunk columns the scan drops).
    case never
  }

  /// The property that marks a Subquery Scan decided here; it never reaches EXPLAIN's output.
  static let markerKey = "Augur Trivial With Physical Target List"
  static let marker = PlanProperty(key: markerKey, value: .bool(true))

  /// The plan with each marked Subquery Scan removed where its parent lets it return its
  /// physical target list, and kept (unmarked) elsewhere. `physicalAllowed` is the request made
  /// of `node`: false at the top of a plan (`create_plan` asks for its exact target list).
  static func resolve(_ node: PlanNode, physicalAllowed: Bool = false, underMergeJoin: Bool = false) -> PlanNode {
    if let position = node.properties.firstIndex(where: { $0.key == markerKey }), let child = node.children.first {
      if physicalAllowed { return resolve(child, physicalAllowed: true) }
      var kept = node
      kept.properties.remove(at: position)
      kept.children = kept.children.map { resolve($0) }
      return kept
    }
    var resolved = node
    resolved.children = node.children.enumerated().map { position, child in
      let allowed = allowsPhysical(
        parent: node, child: child, position: position, underMergeJoin: underMergeJoin, physicalAllowed)
      return resolve(child, physicalAllowed: allowed, underMergeJoin: node.nodeType == "Merge Join")
    }
    return resolved
  }

  /// Whether `parent` lets its child return a physical target list, as the `create_*_plan`
  /// functions of createplan.c ask of their subplans.
  private static func allowsPhysical(
    parent: PlanNode, child: PlanNode, position: Int, underMergeJoin: Bool, _ requested: Bool
  ) -> Bool {
    switch child.parentRelationship {
    // InitPlans, SubPlans and CTEs are planned on their own, their tops asked for exact lists.
    case "InitPlan", "SubPlan": return false
    default: break
    }
    switch parent.nodeType {
    // create_nestloop_plan; create_agg_plan, create_group_plan and create_upper_unique_plan
    // (CP_LABEL_TLIST, which a plain column satisfies); create_project_set_plan.
    case "Nested Loop", "Aggregate", "Group", "Unique", "ProjectSet", "Result": return true
    // create_hashjoin_plan: the outer side as it comes (one batch), the inner small.
    case "Hash Join": return position == 0
    // create_mergejoin_plan: a side it sorts is asked for a small list, the Sort passes that on.
    case "Merge Join": return true
    // A Materialize over a merge join's inner side is create_mergejoin_plan's own, over a side
    // asked for nothing in particular; elsewhere create_material_plan asks for a small list.
    case "Materialize": return underMergeJoin
    // create_limit_plan passes its own request on.
    case "Limit": return requested
    // create_sort_plan, create_incrementalsort_plan, create_material_plan, create_memoize_plan,
    // create_windowagg_plan (CP_SMALL_TLIST); Hash; create_gather(_merge)_plan, Append and a
    // kept Subquery Scan's subplan (CP_EXACT_TLIST).
    default: return false
    }
  }
}
