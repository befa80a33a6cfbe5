import AugurSQL

/// The column names an expression refers to (the last field of each column reference), in the
/// order they appear: what an index or a statistics object on "the filtered columns" would
/// cover. Only the common expression forms are walked; others contribute nothing.
public enum ExpressionColumns {
  public static func collect(_ expression: Expr) -> [String] {
    var names: [String] = []
    func add(_ name: String) { if !names.contains(name) { names.append(name) } }
    func walk(_ expression: Expr) {
      switch expression {
      case .column(let reference): if let name = reference.column { add(name) }
      case .operation(let operation):
        operation.left.map(walk)
        operation.right.map(walk)
      case .bool(let bool): bool.args.forEach(walk)
      case .function(let call): call.args.forEach(walk)
      case .typeCast(let cast): walk(cast.arg)
      case .nullTest(let test): walk(test.arg)
      case .booleanTest(let test): walk(test.arg)
      case .list(let items): items.forEach(walk)
      case .coalesce(let coalesce): coalesce.args.forEach(walk)
      case .minMax(let minMax): minMax.args.forEach(walk)
      case .row(let row): row.args.forEach(walk)
      case .array(let array): array.elements.forEach(walk)
      case .collate(let collate): walk(collate.arg)
      case .indirection(let indirection): walk(indirection.arg)
      case .caseExpr(let caseExpr):
        caseExpr.arg.map(walk)
        caseExpr.whens.forEach {
          walk($0.condition)
          walk($0.result)
        }
        caseExpr.defaultResult.map(walk)
      default: break
      }
    }
    walk(expression)
    return names
  }
}
