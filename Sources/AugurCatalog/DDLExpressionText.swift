import AugurSQL
import Foundation

/// Prints raw-parse-tree expressions the way PostgreSQL's `ruleutils.c` prints the analyzed
/// expression in pretty mode (`pg_get_expr(..., true)`), for the common cases of DDL: index
/// expressions and predicates, CHECK constraints, defaults and partition bounds.
///
/// What parse analysis would change is mimicked where it is visible in the server's text:
/// `x IN (a, b)` becomes `x = ANY (ARRAY[a, b])`, `BETWEEN` becomes two comparisons, `LIKE`
/// prints as `~~`, and a string literal compared with a column takes the column's type
/// (`status = 'active'::text`). Anything beyond that (operator resolution of unusual types,
/// implicit casts inside larger expressions) is printed as written, so the text may differ from
/// the server's in casts and parentheses while meaning the same.
///
/// With `canonical` set, casts of constants and columns are dropped and none are added: both a
/// server's text and Augur's, parsed and printed this way, compare equal when they differ only in
/// such casts and in parentheses.
struct DDLExpressionPrinter {
  /// The type of a column of the table the expression belongs to.
  var columnType: (String) -> DDLType? = { _ in nil }
  /// Resolves a cast's type name.
  var resolveType: (TypeName) -> DDLType? = { DDLTypeResolver.builtin($0) }
  var canonical = false

  /// Where a node stands, for deciding parentheses (`isSimpleNode` in ruleutils.c).
  enum Parent {
    case top
    case bool(BoolExpr.Operator)
    /// Operand of an operator; `arithmetic` is its class (`+-` or `*/%`), `isLeft` the side.
    case op(arithmetic: Character?, isLeft: Bool)
    /// Inside a construct with its own separators or parentheses (function arguments, ARRAY[...]).
    case enclosed
    case cast
  }

  // MARK: Entry points

  func text(_ expr: Expr) -> String { render(expr, .top) }

  /// `pg_get_indexdef(index, column, true)` of an expression key: a bare function call, or the
  /// expression in parentheses.
  func indexKeyText(_ expr: Expr) -> String {
    let text = render(expr, .top)
    if case .function(let call) = expr, !isSQLSyntaxFunction(call) { return text }
    return "(\(text))"
  }

  // MARK: Rendering

  func render(_ expr: Expr, _ parent: Parent) -> String {
    switch expr {
    case .column(let reference):
      return reference.fields.map { field -> String in
        switch field {
        case .name(let name): return DDLTypeFormatting.quoteIdentifier(name)
        case .star: return "*"
        }
      }.suffix(reference.isStar ? 2 : 1).joined(separator: ".")
    case .constant(let constant):
      return constantText(constant, type: nil)
    case .parameter(let parameter):
      return "$\(parameter.number)"
    case .typeCast(let cast):
      return castText(cast, parent)
    case .operation(let operation):
      return operationText(operation, parent)
    case .bool(let bool):
      return boolText(bool, parent)
    case .nullTest(let test):
      let text = render(test.arg, .op(arithmetic: nil, isLeft: true)) + (test.isNot ? " IS NOT NULL" : " IS NULL")
      return wrapComparison(text, parent)
    case .booleanTest(let test):
      let suffix: String
      switch test.kind {
      case .isTrue: suffix = " IS TRUE"
      case .isNotTrue: suffix = " IS NOT TRUE"
      case .isFalse: suffix = " IS FALSE"
      case .isNotFalse: suffix = " IS NOT FALSE"
      case .isUnknown: suffix = " IS UNKNOWN"
      case .isNotUnknown: suffix = " IS NOT UNKNOWN"
      }
      return wrapComparison(render(test.arg, .op(arithmetic: nil, isLeft: true)) + suffix, parent)
    case .function(let call):
      return functionText(call)
    case .caseExpr(let caseExpr):
      var text = "CASE"
      if let arg = caseExpr.arg { text += " " + render(arg, .enclosed) }
      for when in caseExpr.whens {
        text += " WHEN " + render(when.condition, .enclosed) + " THEN " + render(when.result, .enclosed)
      }
      if let result = caseExpr.defaultResult { text += " ELSE " + render(result, .enclosed) }
      return text + " END"
    case .coalesce(let coalesce):
      return "COALESCE(" + coalesce.args.map { render($0, .enclosed) }.joined(separator: ", ") + ")"
    case .minMax(let minMax):
      return (minMax.op == .greatest ? "GREATEST(" : "LEAST(")
        + minMax.args.map { render($0, .enclosed) }.joined(separator: ", ") + ")"
    case .row(let row):
      return "ROW(" + row.args.map { render($0, .enclosed) }.joined(separator: ", ") + ")"
    case .array(let array):
      return "ARRAY[" + array.elements.map { render($0, .enclosed) }.joined(separator: ", ") + "]"
    case .list(let items):
      return "(" + items.map { render($0, .enclosed) }.joined(separator: ", ") + ")"
    case .indirection(let indirection):
      var text = render(indirection.arg, .cast)
      if case .column = indirection.arg {} else if case .function = indirection.arg {} else { text = "(\(text))" }
      for step in indirection.steps {
        switch step {
        case .field(let name): text += "." + DDLTypeFormatting.quoteIdentifier(name)
        case .star: text += ".*"
        case .subscript(let isSlice, let lower, let upper):
          let lowerText = lower.map { render($0, .enclosed) } ?? ""
          let upperText = upper.map { render($0, .enclosed) } ?? ""
          text += isSlice ? "[\(lowerText):\(upperText)]" : "[\(upperText)]"
        }
      }
      return text
    case .collate(let collate):
      let text =
        render(collate.arg, .op(arithmetic: nil, isLeft: true)) + " COLLATE "
        + collate.collation.map { DDLTypeFormatting.quoteIdentifier($0) }.joined(separator: ".")
      return wrapComparison(text, parent)
    case .sqlValueFunction(let function):
      return sqlValueFunctionText(function)
    case .subLink(let subLink):
      switch subLink.kind {
      case .exists: return "EXISTS (…)"
      case .array: return "ARRAY(…)"
      default: return "(…)"
      }
    case .setToDefault:
      return "DEFAULT"
    case .namedArgument(let argument):
      return "\(argument.name) => " + render(argument.value, .enclosed)
    case .groupingFunc(let grouping):
      return "GROUPING(" + grouping.args.map { render($0, .enclosed) }.joined(separator: ", ") + ")"
    case .groupingSet, .multiAssign, .other:
      return "(…)"
    }
  }

  /// `x op ANY (array)` keeps its parentheses everywhere but at the top (`isSimpleNode` knows
  /// no `ScalarArrayOpExpr`).
  private func wrapArrayComparison(_ text: String, _ parent: Parent) -> String {
    if case .top = parent { return text }
    return "(\(text))"
  }

  private func wrapComparison(_ text: String, _ parent: Parent) -> String {
    switch parent {
    case .top, .bool, .enclosed: return text
    case .op, .cast: return "(\(text))"
    }
  }

  // MARK: Constants and casts

  /// A literal, typed the way parse analysis would type it next to `type`.
  func constantText(_ constant: Constant, type: DDLType?) -> String {
    switch constant.value {
    case .null: return "NULL"
    case .boolean(let value): return value ? "true" : "false"
    case .string(let value):
      let quoted = quoteLiteral(value)
      if canonical { return quoted }
      return quoted + "::" + (type?.castName ?? "text")
    case .bitString(let value):
      let quoted = "B'" + value.dropFirst() + "'"
      return canonical ? quoted : quoted + "::bit"
    case .integer(let value):
      let text = value < 0 ? "'\(value)'::integer" : String(value)
      if canonical { return String(value) }
      if let type, ["numeric", "float4", "float8"].contains(type.internalName), !type.isArray {
        return (value < 0 ? "'\(value)'::" : "\(value)::") + type.castName
      }
      return text
    case .float(let value):
      if canonical { return value }
      if let type, ["float4", "float8"].contains(type.internalName), !type.isArray {
        return "\(value)::\(type.castName)"
      }
      let isPlain = value.allSatisfy { $0.isNumber || $0 == "." }
      return isPlain ? value : "'\(value)'::numeric"
    }
  }

  func quoteLiteral(_ value: String) -> String {
    let escaped = value.replacingOccurrences(of: "'", with: "''")
    if value.contains("\\") { return "E'" + escaped.replacingOccurrences(of: "\\", with: "\\\\") + "'" }
    return "'" + escaped + "'"
  }

  private func castText(_ cast: TypeCast, _ parent: Parent) -> String {
    if canonical { return render(cast.arg, parent) }
    let type = resolveType(cast.typeName)
    let typeText = type?.display ?? cast.typeName.names.filter { $0 != "pg_catalog" }.joined(separator: ".")
    switch cast.arg {
    case .constant(let constant):
      if canonical { return constantText(constant, type: nil) }
      switch constant.value {
      case .string(var value):
        // A regclass literal names the relation as regclass prints it: without a visible schema.
        if type?.internalName == "regclass", value.hasPrefix("public.") { value.removeFirst("public.".count) }
        return quoteLiteral(value) + "::" + typeText
      case .null: return "NULL::" + typeText
      case .integer(let value) where value < 0: return "'\(value)'::" + typeText
      default: return constantText(constant, type: nil) + "::" + typeText
      }
    case .column:
      if canonical { return render(cast.arg, parent) }
      return render(cast.arg, .cast) + "::" + typeText
    default:
      let inner = render(cast.arg, .cast)
      let simple: Bool
      switch cast.arg {
      case .function(let call): simple = !isSQLSyntaxFunction(call) || call.functionName == "timezone"
      case .typeCast, .array, .coalesce, .minMax, .row, .caseExpr: simple = true
      default: simple = false
      }
      return (simple ? inner : "(\(inner))") + "::" + typeText
    }
  }

  // MARK: Operators

  /// The static type of an expression, where it is evident.
  func staticType(_ expr: Expr) -> DDLType? {
    switch expr {
    case .column(let reference): return reference.column.flatMap(columnType)
    case .typeCast(let cast): return resolveType(cast.typeName)
    case .collate(let collate): return staticType(collate.arg)
    case .constant(let constant):
      switch constant.value {
      case .integer: return DDLTypeResolver.builtin(name: "int4", typmod: -1)
      case .float: return DDLTypeResolver.builtin(name: "numeric", typmod: -1)
      case .boolean: return DDLTypeResolver.builtin(name: "bool", typmod: -1)
      default: return nil
      }
    case .function(let call):
      switch call.functionName {
      case "lower", "upper", "btrim", "trim", "ltrim", "rtrim", "concat", "substr", "substring", "replace",
        "left", "right", "md5", "initcap":
        return DDLTypeResolver.builtin(name: "text", typmod: -1)
      case "length", "char_length", "octet_length": return DDLTypeResolver.builtin(name: "int4", typmod: -1)
      case "now": return DDLTypeResolver.builtin(name: "timestamptz", typmod: -1)
      default: return nil
      }
    default: return nil
    }
  }

  /// Operators whose right operand is text whatever the left operand (pattern matching and
  /// jsonb key access).
  private static let textRightOperators: Set<String> = [
    "~", "~*", "!~", "!~*", "~~", "~~*", "!~~", "!~~*", "->>", "->", "?", "#>", "#>>",
  ]

  /// Prints `left op right`, typing a string literal on one side after the other side.
  private func binary(_ op: String, _ left: Expr, _ right: Expr, parent: Parent) -> String {
    let arithmetic: Character? = ["+", "-"].contains(op) ? "+" : (["*", "/", "%"].contains(op) ? "*" : nil)
    var leftType = staticType(left)
    var rightType = staticType(right)
    var leftText: String
    var rightText: String
    if Self.textRightOperators.contains(op) {
      if op == "->" || op == "->>", case .constant(let constant) = right, case .integer = constant.value {
        rightType = DDLTypeResolver.builtin(name: "int4", typmod: -1)
      } else {
        rightType = DDLTypeResolver.builtin(name: "text", typmod: -1)
      }
      leftType = nil
    }
    // varchar has no operators of its own: PostgreSQL compares it as text, and says so.
    let textLike = rightType?.internalName == "text" || leftType?.internalName == "text"
    leftText = operand(left, typedAs: rightType, parent: .op(arithmetic: arithmetic, isLeft: true))
    rightText = operand(right, typedAs: leftType, parent: .op(arithmetic: arithmetic, isLeft: false))
    if !canonical, textLike || Self.textRightOperators.contains(op) {
      if case .column = left, staticType(left)?.internalName == "varchar", staticType(left)?.isArray == false {
        leftText += "::text"
      }
      if case .column = right, staticType(right)?.internalName == "varchar", staticType(right)?.isArray == false {
        rightText += "::text"
      }
    }
    let text = "\(leftText) \(op) \(rightText)"
    return wrapOperator(text, arithmetic: arithmetic, parent: parent)
  }

  private func operand(_ expr: Expr, typedAs type: DDLType?, parent: Parent) -> String {
    if case .constant(let constant) = expr {
      var target = type
      if target?.internalName == "varchar", target?.isArray == false {
        target = DDLTypeResolver.builtin(name: "text", typmod: -1)
      }
      return constantText(constant, type: target)
    }
    return render(expr, parent)
  }

  private func wrapOperator(_ text: String, arithmetic: Character?, parent: Parent) -> String {
    switch parent {
    case .top, .bool, .enclosed: return text
    case .cast: return "(\(text))"
    case .op(let parentArithmetic, let isLeft):
      guard let arithmetic, let parentArithmetic else { return "(\(text))" }
      if arithmetic == "*" && parentArithmetic == "+" { return text }
      if arithmetic == "+" && parentArithmetic == "*" { return "(\(text))" }
      return isLeft ? text : "(\(text))"
    }
  }

  private func operationText(_ operation: OperatorExpr, _ parent: Parent) -> String {
    let op = operation.operatorName
    switch operation.kind {
    case .op:
      guard let right = operation.right else { return "?" }
      guard let left = operation.left else {
        // Prefix operator.
        if op == "-", case .constant(let constant) = right {
          switch constant.value {
          case .integer(let value): return canonical ? "-\(value)" : "'-\(value)'::integer"
          case .float(let value): return canonical ? "-" + value : "'-\(value)'::numeric"
          default: break
          }
        }
        return wrapOperator(
          op + " " + render(right, .op(arithmetic: nil, isLeft: false)), arithmetic: nil,
          parent: parent)
      }
      return binary(op, left, right, parent: parent)
    case .opAny, .opAll:
      guard let left = operation.left, let right = operation.right else { return "?" }
      let text =
        render(left, .op(arithmetic: nil, isLeft: true)) + " \(op) "
        + (operation.kind == .opAny ? "ANY" : "ALL") + " (" + arrayOperand(right, elementType: staticType(left)) + ")"
      return wrapArrayComparison(text, parent)
    case .distinct, .notDistinct:
      guard let left = operation.left, let right = operation.right else { return "?" }
      let leftType = staticType(left)
      let text =
        operand(left, typedAs: staticType(right), parent: .op(arithmetic: nil, isLeft: true))
        + (operation.kind == .distinct ? " IS DISTINCT FROM " : " IS NOT DISTINCT FROM ")
        + operand(right, typedAs: leftType, parent: .op(arithmetic: nil, isLeft: false))
      return wrapComparison(text, parent)
    case .nullIf:
      guard let left = operation.left, let right = operation.right else { return "?" }
      return "NULLIF(" + render(left, .enclosed) + ", " + operand(right, typedAs: staticType(left), parent: .enclosed)
        + ")"
    case .in:
      guard let left = operation.left, case .list(let items)? = operation.right else { return "?" }
      let isNot = op == "<>"
      if items.count == 1 {
        return binary(isNot ? "<>" : "=", left, items[0], parent: parent)
      }
      let elementType = staticType(left)
      var leftText = render(left, .op(arithmetic: nil, isLeft: true))
      if !canonical, case .column = left, elementType?.internalName == "varchar", elementType?.isArray == false {
        leftText += "::text"
      }
      let text = leftText + (isNot ? " <> ALL (" : " = ANY (") + arrayText(items, elementType: elementType) + ")"
      return wrapArrayComparison(text, parent)
    case .like, .iLike, .similar:
      guard let left = operation.left, let right = operation.right else { return "?" }
      let symbol: String
      switch (operation.kind, op) {
      case (.like, "!~~"), (.iLike, "!~~*"): symbol = op
      case (.like, _): symbol = "~~"
      case (.iLike, _): symbol = "~~*"
      default: symbol = op == "!~" ? "!~" : "~"
      }
      return binary(symbol, left, right, parent: parent)
    case .between, .notBetween, .betweenSymmetric, .notBetweenSymmetric:
      guard let left = operation.left, case .list(let bounds)? = operation.right, bounds.count == 2 else { return "?" }
      let isNot = operation.kind == .notBetween || operation.kind == .notBetweenSymmetric
      let low = binary(isNot ? "<" : ">=", left, bounds[0], parent: .bool(isNot ? .or : .and))
      let high = binary(isNot ? ">" : "<=", left, bounds[1], parent: .bool(isNot ? .or : .and))
      let text = low + (isNot ? " OR " : " AND ") + high
      return boolWrap(text, isNot ? .or : .and, parent)
    }
  }

  private func arrayOperand(_ expr: Expr, elementType: DDLType?) -> String {
    if case .array(let array) = expr { return arrayText(array.elements, elementType: elementType) }
    return render(expr, .enclosed)
  }

  private func arrayText(_ items: [Expr], elementType: DDLType?) -> String {
    var target = elementType
    if target?.internalName == "varchar" { target = DDLTypeResolver.builtin(name: "text", typmod: -1) }
    return "ARRAY[" + items.map { operand($0, typedAs: target, parent: .enclosed) }.joined(separator: ", ") + "]"
  }

  private func boolText(_ bool: BoolExpr, _ parent: Parent) -> String {
    switch bool.op {
    case .not:
      let text = "NOT " + (bool.args.first.map { render($0, .bool(.not)) } ?? "NULL")
      return boolWrap(text, .not, parent)
    case .and, .or:
      let text = bool.args.map { render($0, .bool(bool.op)) }.joined(separator: bool.op == .and ? " AND " : " OR ")
      return boolWrap(text, bool.op, parent)
    }
  }

  private func boolWrap(_ text: String, _ op: BoolExpr.Operator, _ parent: Parent) -> String {
    switch parent {
    case .top, .enclosed: return text
    case .bool(let parentOp):
      switch op {
      case .not, .and: return parentOp == .and || parentOp == .or ? text : "(\(text))"
      case .or: return parentOp == .or ? text : "(\(text))"
      }
    case .op, .cast: return "(\(text))"
    }
  }

  // MARK: Functions

  private func isSQLSyntaxFunction(_ call: FuncCall) -> Bool {
    call.sqlSyntax
      && [
        "timezone", "extract", "overlay", "position", "substring", "trim", "btrim", "ltrim", "rtrim",
        "normalize", "is_normalized", "collation_for",
      ].contains(call.functionName)
  }

  private func functionText(_ call: FuncCall) -> String {
    let args = call.args.map { argument -> String in
      if case .constant(let constant) = argument, case .string = constant.value {
        return constantText(constant, type: nil)
      }
      // varchar arguments are passed to text functions through an implicit cast PostgreSQL shows.
      if !canonical, case .column = argument, let type = staticType(argument), type.internalName == "varchar",
        !type.isArray
      {
        return render(argument, .cast) + "::text"
      }
      return render(argument, .enclosed)
    }
    if call.sqlSyntax {
      switch call.functionName {
      case "timezone" where call.args.count == 2:
        return "(" + render(call.args[1], .op(arithmetic: nil, isLeft: true)) + " AT TIME ZONE " + args[0] + ")"
      case "extract" where call.args.count == 2:
        if case .constant(let constant) = call.args[0], case .string(let field) = constant.value {
          return "EXTRACT(\(field) FROM " + render(call.args[1], .enclosed) + ")"
        }
      default: break
      }
    }
    var name = call.name.filter { $0 != "pg_catalog" }.map { DDLTypeFormatting.quoteIdentifier($0) }
      .joined(separator: ".")
    if name.isEmpty { name = call.functionName }
    if call.aggStar { return name + "(*)" }
    let distinct = call.aggDistinct ? "DISTINCT " : ""
    return name + "(" + distinct + args.joined(separator: ", ") + ")"
  }

  private func sqlValueFunctionText(_ function: SQLValueFunction) -> String {
    let names = [
      "SVFOP_CURRENT_DATE": "CURRENT_DATE", "SVFOP_CURRENT_TIME": "CURRENT_TIME",
      "SVFOP_CURRENT_TIME_N": "CURRENT_TIME", "SVFOP_CURRENT_TIMESTAMP": "CURRENT_TIMESTAMP",
      "SVFOP_CURRENT_TIMESTAMP_N": "CURRENT_TIMESTAMP", "SVFOP_LOCALTIME": "LOCALTIME",
      "SVFOP_LOCALTIME_N": "LOCALTIME", "SVFOP_LOCALTIMESTAMP": "LOCALTIMESTAMP",
      "SVFOP_LOCALTIMESTAMP_N": "LOCALTIMESTAMP", "SVFOP_CURRENT_ROLE": "CURRENT_ROLE",
      "SVFOP_CURRENT_USER": "CURRENT_USER", "SVFOP_USER": "USER", "SVFOP_SESSION_USER": "SESSION_USER",
      "SVFOP_CURRENT_CATALOG": "CURRENT_CATALOG", "SVFOP_CURRENT_SCHEMA": "CURRENT_SCHEMA",
    ]
    let name = names[function.op] ?? function.op
    return function.typmod >= 0 ? "\(name)(\(function.typmod))" : name
  }
}

// MARK: Walking expressions

enum DDLExpressions {
  /// Column names the expression refers to, in order of first appearance, without repeats
  /// (what `pull_var_clause` finds in a CHECK constraint, as `conkey` records them).
  static func columnNames(_ expr: Expr) -> [String] {
    var references: [(Int, String)] = []
    collectColumns(expr, into: &references)
    var seen = Set<String>()
    var result: [String] = []
    for (_, name) in references where seen.insert(name).inserted { result.append(name) }
    return result
  }

  private static func collectColumns(_ expr: Expr, into result: inout [(Int, String)]) {
    visit(expr) { node in
      if case .column(let reference) = node, let column = reference.column {
        result.append((reference.location, column))
      }
    }
  }

  /// Calls `body` for `expr` and every expression inside it, depth first, left to right.
  static func visit(_ expr: Expr, _ body: (Expr) -> Void) {
    body(expr)
    for child in children(expr) { visit(child, body) }
  }

  static func children(_ expr: Expr) -> [Expr] {
    switch expr {
    case .column, .constant, .parameter, .sqlValueFunction, .setToDefault, .other: return []
    case .operation(let operation): return [operation.left, operation.right].compactMap { $0 }
    case .bool(let bool): return bool.args
    case .subLink(let subLink): return [subLink.testExpr].compactMap { $0 }
    case .function(let call): return call.args + [call.aggFilter].compactMap { $0 }
    case .typeCast(let cast): return [cast.arg]
    case .caseExpr(let caseExpr):
      return [caseExpr.arg].compactMap { $0 } + caseExpr.whens.flatMap { [$0.condition, $0.result] }
        + [caseExpr.defaultResult].compactMap { $0 }
    case .coalesce(let coalesce): return coalesce.args
    case .minMax(let minMax): return minMax.args
    case .nullTest(let test): return [test.arg]
    case .booleanTest(let test): return [test.arg]
    case .row(let row): return row.args
    case .array(let array): return array.elements
    case .indirection(let indirection):
      var result = [indirection.arg]
      for step in indirection.steps {
        if case .subscript(_, let lower, let upper) = step { result += [lower, upper].compactMap { $0 } }
      }
      return result
    case .collate(let collate): return [collate.arg]
    case .groupingFunc(let grouping): return grouping.args
    case .groupingSet(let set): return set.content
    case .list(let items): return items
    case .multiAssign(let assign): return [assign.source]
    case .namedArgument(let argument): return [argument.value]
    }
  }

  /// The expression with every column reference named `old` renamed to `new` (RENAME COLUMN).
  static func renamingColumn(_ expr: Expr, from old: String, to new: String) -> Expr {
    map(expr) { node in
      guard case .column(var reference) = node, reference.column == old, let last = reference.fields.indices.last else {
        return nil
      }
      reference.fields[last] = .name(new)
      return .column(reference)
    }
  }

  /// Rebuilds `expr` bottom-up, replacing any node for which `transform` returns a value.
  static func map(_ expr: Expr, _ transform: (Expr) -> Expr?) -> Expr {
    if let replaced = transform(expr) { return replaced }
    switch expr {
    case .column, .constant, .parameter, .sqlValueFunction, .setToDefault, .other, .subLink, .groupingSet,
      .multiAssign:
      return expr
    case .operation(var operation):
      operation.left = operation.left.map { map($0, transform) }
      operation.right = operation.right.map { map($0, transform) }
      return .operation(operation)
    case .bool(var bool):
      bool.args = bool.args.map { map($0, transform) }
      return .bool(bool)
    case .function(var call):
      call.args = call.args.map { map($0, transform) }
      return .function(call)
    case .typeCast(var cast):
      cast.arg = map(cast.arg, transform)
      return .typeCast(cast)
    case .caseExpr(var caseExpr):
      caseExpr.arg = caseExpr.arg.map { map($0, transform) }
      caseExpr.whens = caseExpr.whens.map { when in
        var when = when
        when.condition = map(when.condition, transform)
        when.result = map(when.result, transform)
        return when
      }
      caseExpr.defaultResult = caseExpr.defaultResult.map { map($0, transform) }
      return .caseExpr(caseExpr)
    case .coalesce(var coalesce):
      coalesce.args = coalesce.args.map { map($0, transform) }
      return .coalesce(coalesce)
    case .minMax(var minMax):
      minMax.args = minMax.args.map { map($0, transform) }
      return .minMax(minMax)
    case .nullTest(var test):
      test.arg = map(test.arg, transform)
      return .nullTest(test)
    case .booleanTest(var test):
      test.arg = map(test.arg, transform)
      return .booleanTest(test)
    case .row(var row):
      row.args = row.args.map { map($0, transform) }
      return .row(row)
    case .array(var array):
      array.elements = array.elements.map { map($0, transform) }
      return .array(array)
    case .indirection(var indirection):
      indirection.arg = map(indirection.arg, transform)
      return .indirection(indirection)
    case .collate(var collate):
      collate.arg = map(collate.arg, transform)
      return .collate(collate)
    case .groupingFunc(var grouping):
      grouping.args = grouping.args.map { map($0, transform) }
      return .groupingFunc(grouping)
    case .list(let items):
      return .list(items.map { map($0, transform) })
    case .namedArgument(var argument):
      argument.value = map(argument.value, transform)
      return .namedArgument(argument)
    }
  }

  /// Parses `text` as an expression (`SELECT text`) and prints it in the canonical form of
  /// `DDLExpressionPrinter` (casts of constants and columns dropped, `IN` lists as `= ANY (ARRAY
  /// [...])`, parentheses only where needed), so that two texts of the same expression compare
  /// equal. Returns nil when the text does not parse.
  static func canonicalText(_ text: String) -> String? {
    guard let statements = try? SQLParser.parse("SELECT " + text), statements.count == 1,
      case .select(let select) = statements[0].statement, case .simple(let simple) = select.body,
      simple.targetList.count == 1, let expr = simple.targetList[0].value
    else { return nil }
    return DDLExpressionPrinter(canonical: true).text(expr)
  }
}
