/// Mirrors `cost_qual_eval` (costsize.c): what evaluating expressions costs per row and once.
///
/// Model: every operator and function call costs its `procost` × `cpu_operator_cost` per
/// evaluation (1 for the built-ins Augur models); columns, constants, parameters, AND/OR/NOT,
/// IS [NOT] NULL, CASE and COALESCE themselves are free. `= ANY` over a constant array of
/// at least 9 elements is hashed (`convert_saop_to_hashed_saop`): building the table costs one
/// hash per element at startup, and each row one hash and one comparison; otherwise each row
/// compares against half the elements on average. Aggregates and window functions are costed
/// by their own nodes, not here. A qual that reads no column of the row (a pseudo-constant) is
/// evaluated once, so it is charged to startup.
public enum QualCostEval {
  /// PostgreSQL's `MIN_ARRAY_SIZE_FOR_HASHED_SAOP`.
  static let minimumHashedArraySize = 9

  public static func cost(_ exprs: [TypedExpr], parameters: CostParameters) -> QualCost {
    var total = QualCost()
    for expr in exprs {
      add(cost(expr, parameters: parameters), pseudoConstant: expr.isPseudoConstant, to: &total)
    }
    return total
  }

  /// Adds one qual's cost to a list's: a pseudo-constant qual is evaluated once.
  public static func add(_ cost: QualCost, pseudoConstant: Bool, to total: inout QualCost) {
    if pseudoConstant {
      total.startup += cost.startup + cost.perTuple
    } else {
      total.startup += cost.startup
      total.perTuple += cost.perTuple
    }
  }

  public static func cost(_ expr: TypedExpr, parameters: CostParameters) -> QualCost {
    var total = QualCost()
    walk(expr, into: &total, operatorCost: parameters.cpuOperatorCost)
    return total
  }

  private static func walk(_ expr: TypedExpr, into total: inout QualCost, operatorCost: Double) {
    switch expr {
    case .aggregate, .window: return
    case .operation:
      // Every operator calls its function once (negated constants were folded by analysis).
      total.perTuple += operatorCost
    case .function(let call):
      total.perTuple += call.cost * operatorCost
    case .cast(_, _, let isRelabel):
      if !isRelabel { total.perTuple += operatorCost }
    case .arrayOperation(let call):
      let length = Double(arrayLength(call.right))
      if isHashable(call) {
        total.startup += length * operatorCost
        total.perTuple += 2 * operatorCost
      } else {
        total.perTuple += operatorCost * length * 0.5
      }
    case .opaque(_, _, let count, _):
      total.perTuple += count * operatorCost
    case .subquery(let subquery):
      // cost_subplan for an EXPR_SUBLINK SubPlan: every evaluation reruns the subquery (its
      // startup too, unless its top node keeps its output). An InitPlan is charged once, to the
      // plan it belongs to.
      if let test = subquery.testExpr {
        // The `=` of the tested expression against the subquery's output, and for a hashed
        // SubPlan the one-time load of its hash table (a cpu_operator_cost per row).
        walk(test, into: &total, operatorCost: operatorCost)
        total.perTuple += operatorCost
        if let plan = subquery.plan, plan.hashed {
          total.startup += plan.totalCost + operatorCost * plan.rows
        } else if let plan = subquery.plan {
          total.perTuple += 0.5 * (plan.totalCost - plan.startupCost) + 0.5 * plan.rows * operatorCost
          total.perTuple += plan.startupCost
        }
        return
      }
      if !subquery.isInitPlan, let plan = subquery.plan {
        let materializes = ["Materialize", "Sort", "CTE Scan"].contains(plan.node.nodeType)
        total.perTuple += plan.totalCost - plan.startupCost
        if materializes { total.startup += plan.startupCost } else { total.perTuple += plan.startupCost }
      }
      return
    default: break
    }
    for child in expr.children { walk(child, into: &total, operatorCost: operatorCost) }
  }

  /// `estimate_array_length`: the elements of a constant array, else 10.
  static func arrayLength(_ expr: TypedExpr) -> Int {
    if case .array(let elements, _) = expr { return elements.count }
    return 10
  }

  /// Whether PostgreSQL 15 hashes this `= ANY` / `<> ALL`: a constant array of at least 9
  /// elements, with an equality (ANY) or inequality (ALL) operator on a hashable type.
  static func isHashable(_ call: ArrayOperatorCall) -> Bool {
    guard case .array(let elements, let type) = call.right, elements.count >= minimumHashedArraySize,
      elements.allSatisfy({ if case .constant = $0 { true } else { false } })
    else { return false }
    guard (call.useOr && call.name == "=") || (!call.useOr && call.name == "<>") else { return false }
    switch type {
    case .json, .named, .array, .unknown: return false
    default: return true
    }
  }
}
