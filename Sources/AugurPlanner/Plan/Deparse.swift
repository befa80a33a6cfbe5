import AugurCatalog
import AugurSQL

/// Expressions as EXPLAIN prints them (`ruleutils.c`'s `deparse_expression`): operators in
/// parentheses, constants with their type (`'active'::text`), casts as `(x)::type`.
struct Deparser {
  /// Relation aliases, by position; columns are qualified only when `qualify` is set.
  var aliases: [String]
  var qualify: Bool

  func text(_ expr: TypedExpr) -> String {
    switch expr {
    case .column(let column):
      qualify && column.relation < aliases.count
        ? "\(aliases[column.relation]).\(quoteIdentifier(column.name))"
        : quoteIdentifier(column.name)
    case .constant(let constant): constantText(constant)
    case .parameter(let number, _): "$\(number)"
    // EXPLAIN prints a nestloop parameter as the outer column it stands for, always qualified.
    case .outerColumn(let column) where column.enclosingAlias != nil:
      "\(column.enclosingAlias ?? "").\(quoteIdentifier(column.name))"
    case .outerColumn(let column):
      column.relation < aliases.count
        ? "\(aliases[column.relation]).\(quoteIdentifier(column.name))" : quoteIdentifier(column.name)
    case .operation(let call):
      call.args.count == 1
        ? "(\(call.name) \(text(call.args[0])))" : "(\(text(call.args[0])) \(call.name) \(text(call.args[1])))"
    case .arrayOperation(let call):
      "(\(text(call.left)) \(call.name) \(call.useOr ? "ANY" : "ALL") (\(arrayText(call.right))))"
    case .and(let args): "(" + args.map(text).joined(separator: " AND ") + ")"
    case .or(let args): "(" + args.map(text).joined(separator: " OR ") + ")"
    case .not(let arg): "(NOT \(text(arg)))"
    case .nullTest(let arg, let isNot): "(\(text(arg)) IS \(isNot ? "NOT " : "")NULL)"
    case .booleanTest(let arg, let kind): "(\(text(arg)) \(Self.booleanTestText(kind)))"
    case .function(let call)
    where call.sqlSyntax && call.args.count == 2 && ["timezone", "extract"].contains(call.name):
      // ruleutils.c's get_func_sql_syntax.
      if call.name == "timezone" {
        "(\(text(call.args[1])) AT TIME ZONE \(text(call.args[0])))"
      } else if case .constant(let field) = call.args[0], let name = field.text {
        "EXTRACT(\(name) FROM \(text(call.args[1])))"
      } else {
        "extract(\(text(call.args[0])), \(text(call.args[1])))"
      }
    case .function(let call):
      call.name.hasPrefix("SVFOP_")
        ? call.name.dropFirst(6).replacingOccurrences(of: "_N", with: "")
        : "\(call.name)(\(call.args.map(text).joined(separator: ", ")))"
    case .aggregate(let call): aggregateText(call)
    case .window(let call): "\(call.name)(\(call.args.map(text).joined(separator: ", "))) OVER (?)"
    case .cast(let arg, let type, _): "(\(text(arg)))::\(type)"
    case .array: arrayText(expr)
    case .opaque(let kind, _, _, let args): "\(kind)(\(args.map(text).joined(separator: ", ")))"
    // An InitPlan's result is a parameter; a SubPlan is named.
    case .subquery(let subquery):
      subquery.isInitPlan
        ? "$\(subquery.number - 1)"
        : subquery.plan?.hashed == true ? "(hashed SubPlan \(subquery.number))" : "(SubPlan \(subquery.number))"
    }
  }

  /// An index key expression as `pg_get_indexdef` prints it, for matching query expressions to
  /// expression indexes: `lower(email)`, `(a + b)`.
  func indexKeyText(_ expr: TypedExpr) -> String {
    Deparser(aliases: aliases, qualify: false).text(expr.strippingRelabels)
  }

  /// A sort key as EXPLAIN prints it: the expression, then DESC, then NULLS FIRST/LAST when
  /// that is not the direction's default.
  func sortKeyText(_ key: SortKey) -> String {
    var text = text(key.expr)
    if key.descending { text += " DESC" }
    if key.nullsFirst != key.descending { text += key.nullsFirst ? " NULLS FIRST" : " NULLS LAST" }
    return text
  }

  /// An aggregate call as `ruleutils.c` prints it: `count(*)`, `sum(DISTINCT x)`,
  /// `string_agg(x, ',' ORDER BY y)`, `percentile_cont('0.5'::double precision) WITHIN GROUP
  /// (ORDER BY x)`.
  private func aggregateText(_ call: AggregateCall) -> String {
    if call.star { return "\(call.name)(*)" }
    let order = call.orderBy.map(sortKeyText).joined(separator: ", ")
    if call.orderBy.count > 0 && (call.name == "mode" || !call.directArgs.isEmpty) {
      return "\(call.name)(\(call.directArgs.map(text).joined(separator: ", "))) WITHIN GROUP (ORDER BY \(order))"
    }
    let arguments = call.args.map(text).joined(separator: ", ")
    return "\(call.name)(\(call.distinct ? "DISTINCT " : "")\(arguments)\(order.isEmpty ? "" : " ORDER BY " + order))"
  }

  private func arrayText(_ expr: TypedExpr) -> String {
    guard case .array(let elements, let type) = expr else { return text(expr) }
    let items = elements.map { element -> String in
      guard case .constant(let constant) = element else { return text(element) }
      guard let value = constant.text else { return "NULL" }
      let needsQuotes = value.isEmpty || value.contains { " ,{}\"\\".contains($0) } || value.uppercased() == "NULL"
      return needsQuotes
        ? "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        : value
    }
    return "'{\(items.joined(separator: ","))}'::\(SQLType.array(type))"
  }

  func constantText(_ constant: TypedConstant) -> String {
    guard let value = constant.text else { return "NULL::\(constant.type == .unknown ? .text : constant.type)" }
    switch constant.type {
    case .integer where !value.hasPrefix("-"): return value
    // ruleutils prints a numeric bare only when it reads back as numeric (has '.' or 'e').
    case .numeric
    where !value.hasPrefix("-") && value.utf8.contains(where: { $0 == 0x2E || $0 == 0x65 || $0 == 0x45 })
      && Double(value) != nil:
      return value
    case .boolean: return value
    default:
      return
        "'\(Self.escapeLiteral(value))'::\(constant.type == .unknown ? .text : constant.type)"
    }
  }

  static func booleanTestText(_ kind: AugurSQL.BooleanTest.Kind) -> String {
    switch kind {
    case .isTrue: "IS TRUE"
    case .isNotTrue: "IS NOT TRUE"
    case .isFalse: "IS FALSE"
    case .isNotFalse: "IS NOT FALSE"
    case .isUnknown: "IS UNKNOWN"
    case .isNotUnknown: "IS NOT UNKNOWN"
    }
  }

  /// Quotes an identifier unless it is all lower-case ASCII letters, digits and underscores
  /// and does not start with a digit (checked on bytes: this runs for every printed column).
  func quoteIdentifier(_ name: String) -> String {
    var plain = !name.isEmpty
    for (offset, byte) in name.utf8.enumerated() {
      let isLower = byte >= 0x61 && byte <= 0x7A
      let isDigit = byte >= 0x30 && byte <= 0x39
      if !(isLower || byte == 0x5F || (isDigit && offset > 0)) {
        plain = false
        break
      }
    }
    return plain ? name : "\"\(name.replacingOccurrences(of: "\"", with: "\"\""))\""
  }

  /// A string literal's body with quotes doubled.
  static func escapeLiteral(_ value: String) -> String {
    value.utf8.contains(0x27) ? value.replacingOccurrences(of: "'", with: "''") : value
  }
}

extension TypedExpr {
  /// The expression without binary-compatible relabels (PostgreSQL strips `RelabelType` before
  /// matching expressions to statistics and indexes).
  var strippingRelabels: TypedExpr {
    switch self {
    case .cast(let arg, _, true): return arg.strippingRelabels
    case .function(var call):
      call.args = call.args.map(\.strippingRelabels)
      return .function(call)
    case .operation(var call):
      call.args = call.args.map(\.strippingRelabels)
      return .operation(call)
    default: return self
    }
  }
}
