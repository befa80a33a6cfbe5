import AugurCatalog
import AugurSQL
import Foundation

/// Operator resolution for the built-in types (`make_op` in parse_oper.c, simplified to the
/// choices PostgreSQL makes for them): which operand gets coerced, and the result type.
enum Operators {
  static let comparisons: Set<String> = ["=", "<>", "<", "<=", ">", ">="]
  static let patterns: Set<String> = ["~~", "!~~", "~~*", "!~~*", "~", "~*", "!~", "!~*"]

  static func binary(_ name: String, _ left: TypedExpr, _ right: TypedExpr) -> TypedExpr {
    if comparisons.contains(name) {
      let (l, r) = unify(left, right)
      return .operation(OperatorCall(name: name, args: [l, r], resultType: .boolean))
    }
    if patterns.contains(name) {
      // Pattern operators take text (bpchar has its own, taking a text pattern).
      var l = left
      if left.type != .text && left.type.category != .string || left.type == .unknown || left.type.isVarchar {
        l = Coercion.coerce(left, to: .text)
      }
      return .operation(OperatorCall(name: name, args: [l, Coercion.coerce(right, to: .text)], resultType: .boolean))
    }
    switch name {
    case "+", "-", "*", "/", "%", "^":
      return arithmetic(name, left, right)
    case "||":
      return .operation(
        OperatorCall(
          name: name,
          args: [
            Coercion.coerce(left, to: left.type == .unknown ? .text : left.type),
            Coercion.coerce(right, to: right.type == .unknown ? .text : right.type),
          ], resultType: .text))
    case "->", "#>":
      let type: SQLType = left.type == .json ? .json : .jsonb
      return .operation(OperatorCall(name: name, args: [left, Coercion.coerce(right, to: .text)], resultType: type))
    case "->>", "#>>":
      return .operation(OperatorCall(name: name, args: [left, Coercion.coerce(right, to: .text)], resultType: .text))
    case "@>", "<@", "&&", "?", "?|", "?&", "@@", "@?":
      let r = right.type == .unknown ? Coercion.coerce(right, to: name.hasPrefix("?") ? .text : left.type) : right
      return .operation(OperatorCall(name: name, args: [left, r], resultType: .boolean))
    default:
      return .operation(OperatorCall(name: name, args: [left, right], resultType: .named("unknown")))
    }
  }

  static func unary(_ name: String, _ operand: TypedExpr) -> TypedExpr {
    if name == "-", case .constant(let constant) = operand, let text = constant.text, constant.type.category == .numeric
    {
      let negated = text.hasPrefix("-") ? String(text.dropFirst()) : "-" + text
      return .constant(TypedConstant(type: constant.type, text: negated))
    }
    if name == "+" { return operand }
    return .operation(OperatorCall(name: name, args: [operand], resultType: operand.type))
  }

  /// `x IN (a, b, ...)` as PostgreSQL's `transformAExprIn` builds it: one element is a plain
  /// comparison; several become `x = ANY (ARRAY[...])` (`<> ALL` for NOT IN) over their common type.
  static func inList(_ name: String, left: TypedExpr, elements: [TypedExpr]) -> TypedExpr {
    if elements.count == 1 { return binary(name, left, elements[0]) }
    let elementType = Coercion.commonType([left.type] + elements.map(\.type)) ?? .text
    // Integers of different widths compare with cross-type operators (int24eq, ...): the left
    // side keeps its own type, as its statistics belong to it.
    let l =
      Coercion.isIntegerFamily(left.type) && Coercion.isIntegerFamily(elementType)
      ? left : Coercion.coerce(left, to: elementType)
    let array = TypedExpr.array(elements.map { Coercion.coerce($0, to: elementType) }, elementType: elementType)
    return .arrayOperation(ArrayOperatorCall(name: name, useOr: name != "<>", left: l, right: array))
  }

  /// `x op ANY/ALL (array)`.
  static func arrayComparison(_ name: String, useOr: Bool, left: TypedExpr, right: TypedExpr) -> TypedExpr {
    var l = left
    var r = right
    switch right.type {
    case .array(let element):
      if element != left.type && left.type == .unknown { l = Coercion.coerce(left, to: element) }
      if element != left.type && Coercion.numericRank(element) > Coercion.numericRank(left.type)
        && Coercion.numericRank(left.type) > 0 && !Coercion.isIntegerFamily(element)
      {
        l = Coercion.coerce(left, to: element)
      }
    default:
      let type = left.type == .unknown ? SQLType.text : left.type
      l = Coercion.coerce(left, to: type)
      r = Coercion.coerce(right, to: .array(type))
    }
    return .arrayOperation(ArrayOperatorCall(name: name, useOr: useOr, left: l, right: r))
  }

  /// Two comparison operands brought to types a built-in operator takes.
  static func unify(_ left: TypedExpr, _ right: TypedExpr) -> (TypedExpr, TypedExpr) {
    let lt = left.type
    let rt = right.type
    if lt == rt { return (left, right) }
    if lt == .unknown && rt == .unknown { return (Coercion.coerce(left, to: .text), Coercion.coerce(right, to: .text)) }
    // varchar has no comparison operators of its own: both sides meet at text. A literal
    // compared with char(n) is typed bpchar without a length.
    if lt == .unknown || rt == .unknown {
      let known = lt == .unknown ? rt : lt
      var target = known
      if case .varchar = known { target = .text }
      if case .character = known { target = .character(nil) }
      let l =
        lt == .unknown ? Coercion.coerce(left, to: target) : target == .text ? Coercion.coerce(left, to: .text) : left
      let r =
        rt == .unknown
        ? Coercion.coerce(right, to: target) : target == .text ? Coercion.coerce(right, to: .text) : right
      return (l, r)
    }
    if lt.category == .numeric && rt.category == .numeric {
      // Integers of different widths compare with cross-type operators; anything else widens.
      if Coercion.isIntegerFamily(lt) && Coercion.isIntegerFamily(rt) { return (left, right) }
      let target = Coercion.numericRank(lt) > Coercion.numericRank(rt) ? lt : rt
      return (Coercion.coerce(left, to: target), Coercion.coerce(right, to: target))
    }
    if lt.category == .string && rt.category == .string {
      if case .character = lt, case .character = rt { return (left, right) }
      return (Coercion.coerce(left, to: .text), Coercion.coerce(right, to: .text))
    }
    return (left, right)
  }

  private static func arithmetic(_ name: String, _ left: TypedExpr, _ right: TypedExpr) -> TypedExpr {
    var l = left
    var r = right
    let result: SQLType
    switch (left.type.category, right.type.category) {
    case (.numeric, .numeric), (.numeric, .unknown), (.unknown, .numeric):
      (l, r) = unify(left, right)
      if Coercion.isIntegerFamily(l.type) && Coercion.isIntegerFamily(r.type) {
        result = Coercion.numericRank(l.type) >= Coercion.numericRank(r.type) ? l.type : r.type
      } else {
        result = l.type
      }
    case (.dateTime, _), (.unknown, .dateTime):
      if right.type == .unknown || right.type == .interval {
        if left.type == .date && right.type == .unknown && name == "-" {
          r = Coercion.coerce(right, to: .integer)
          result = .date
        } else {
          r = Coercion.coerce(right, to: .interval)
          result = left.type == .date ? .timestamp : left.type
        }
      } else if right.type.category == .dateTime {
        result = left.type == .date && right.type == .date ? .integer : .interval
      } else if Coercion.isIntegerFamily(right.type) && left.type == .date {
        result = .date
      } else {
        result = left.type
      }
    case (.timespan, _):
      r = Coercion.coerce(right, to: right.type == .unknown ? .interval : right.type)
      result = right.type.category == .dateTime ? right.type : .interval
    default:
      result = left.type == .unknown ? right.type : left.type
    }
    return .operation(OperatorCall(name: name, args: [l, r], resultType: result))
  }
}

/// Built-in functions, aggregates and window functions the planner knows by name: their result
/// types and volatility (`pg_proc`), and `procost` (1 for all of these).
enum Functions {
  static let aggregates: Set<String> = [
    "count", "sum", "avg", "min", "max", "array_agg", "string_agg", "bool_and", "bool_or", "every", "stddev",
    "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop", "json_agg", "jsonb_agg", "json_object_agg",
    "jsonb_object_agg", "bit_and", "bit_or", "corr", "covar_pop", "covar_samp",
  ]

  static func isAggregate(_ name: String) -> Bool { aggregates.contains(name) }

  static func aggregateResultType(_ name: String, args: [TypedExpr]) -> SQLType {
    let argument = args.first?.type ?? .unknown
    switch name {
    case "count": return .bigint
    case "sum":
      switch argument {
      case .smallint, .integer: return .bigint
      case .bigint, .numeric: return .numeric
      case .real: return .real
      default: return argument == .unknown ? .numeric : argument
      }
    case "avg", "stddev", "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop":
      return argument == .real || argument == .doublePrecision
        ? .doublePrecision : argument == .interval ? .interval : .numeric
    case "min", "max": return argument
    case "array_agg": return .array(argument)
    case "string_agg": return .text
    case "bool_and", "bool_or", "every": return .boolean
    case "json_agg", "json_object_agg": return .json
    case "jsonb_agg", "jsonb_object_agg": return .jsonb
    case "corr", "covar_pop", "covar_samp": return .doublePrecision
    default: return argument
    }
  }

  /// The result type of the built-in ordered-set aggregates (`percentile_cont`,
  /// `percentile_disc`, `mode`); nil for others (the hypothetical-set ones).
  static func orderedSetResultType(_ name: String, directArgs: [TypedExpr], inputs: [TypedExpr]) -> SQLType? {
    guard let input = inputs.first?.type, inputs.count == 1 else { return nil }
    let manyFractions: Bool
    if case .array? = directArgs.first?.type { manyFractions = true } else { manyFractions = false }
    switch name {
    case "percentile_cont":
      let type: SQLType = input == .interval ? .interval : .doublePrecision
      return manyFractions ? .array(type) : type
    case "percentile_disc": return manyFractions ? .array(input) : input
    case "mode": return directArgs.isEmpty ? input : nil
    default: return nil
    }
  }

  static func windowResultType(_ name: String, args: [TypedExpr]) -> SQLType {
    switch name {
    case "row_number", "rank", "dense_rank": .bigint
    case "ntile": .integer
    case "percent_rank", "cume_dist": .doublePrecision
    case "lag", "lead", "first_value", "last_value", "nth_value": args.first?.type ?? .unknown
    default: aggregateResultType(name, args: args)
    }
  }

  /// SQL-standard niladic functions (`SQLValueFunction`): stable, and charged as one operator in PostgreSQL 15's
  /// cost model (only function and operator nodes are charged).
  static func sqlValueFunction(_ op: String) -> TypedExpr {
    let type: SQLType
    switch op {
    case "SVFOP_CURRENT_DATE": type = .date
    case "SVFOP_CURRENT_TIME", "SVFOP_CURRENT_TIME_N", "SVFOP_LOCALTIME", "SVFOP_LOCALTIME_N": type = .time
    case "SVFOP_LOCALTIMESTAMP", "SVFOP_LOCALTIMESTAMP_N": type = .timestamp
    case "SVFOP_CURRENT_TIMESTAMP", "SVFOP_CURRENT_TIMESTAMP_N": type = .timestamptz
    default: type = .name
    }
    return .function(FunctionCall(name: op, args: [], resultType: type, volatility: .stable, cost: 1))
  }

  /// A scalar function by name, or nil when unknown. Functions in the snapshot (`pg_proc` of
  /// the gathered schemas) are found by name and argument count.
  static func scalar(_ name: String, args: [TypedExpr], snapshot: StatsSnapshot) -> TypedExpr? {
    func call(_ type: SQLType, _ volatility: Volatility = .immutable, _ arguments: [TypedExpr]? = nil) -> TypedExpr {
      .function(FunctionCall(name: name, args: arguments ?? args, resultType: type, volatility: volatility, cost: 1))
    }
    let first = args.first?.type ?? .unknown
    let textArgs = args.map { $0.type == .unknown || $0.type.isVarchar ? Coercion.coerce($0, to: .text) : $0 }
    switch name {
    case "lower", "upper", "btrim", "ltrim", "rtrim", "initcap", "md5", "reverse", "replace", "substr", "substring",
      "left", "right", "lpad", "rpad", "split_part", "translate", "regexp_replace", "concat", "concat_ws", "format",
      "to_char", "quote_ident", "quote_literal":
      return call(
        .text, name == "concat" || name == "concat_ws" || name == "format" || name == "to_char" ? .stable : .immutable,
        textArgs)
    case "length", "char_length", "character_length", "octet_length", "strpos", "position", "ascii":
      return call(.integer, .immutable, textArgs)
    case "abs", "round", "trunc", "floor", "ceil", "ceiling", "sign":
      return call(first == .unknown ? .numeric : Coercion.isIntegerFamily(first) && name != "abs" ? .numeric : first)
    case "sqrt", "exp", "ln", "log", "power", "pow": return call(first == .numeric ? .numeric : .doublePrecision)
    case "mod": return call(first)
    case "now", "transaction_timestamp", "statement_timestamp": return call(.timestamptz, .stable)
    case "clock_timestamp": return call(.timestamptz, .volatile)
    case "timeofday": return call(.text, .volatile)
    case "random": return call(.doublePrecision, .volatile)
    case "gen_random_uuid": return call(.uuid, .volatile)
    case "date_trunc", "date_bin":
      let source = args.last?.type ?? .timestamptz
      let type: SQLType = source == .unknown ? .timestamptz : source == .date ? .timestamptz : source
      return call(type, type == .timestamptz ? .stable : .immutable)
    case "date_part": return call(.doublePrecision, args.last?.type == .timestamptz ? .stable : .immutable)
    case "extract": return call(.numeric, args.last?.type == .timestamptz ? .stable : .immutable)
    case "age": return call(.interval, args.count == 1 ? .stable : .immutable)
    case "timezone":
      // `x AT TIME ZONE z`: timestamptz becomes timestamp and the other way round.
      return call(args.last?.type == .timestamp ? .timestamptz : .timestamp, .immutable)
    case "to_timestamp": return call(.timestamptz, args.count == 2 ? .stable : .immutable)
    case "to_date": return call(.date, .stable)
    case "make_date": return call(.date)
    case "make_interval": return call(.interval)
    case "jsonb_array_length", "json_array_length", "array_length", "cardinality", "array_position":
      return call(.integer)
    case "jsonb_extract_path_text", "json_extract_path_text", "jsonb_typeof", "array_to_string": return call(.text)
    case "jsonb_build_object", "to_jsonb": return call(.jsonb, .stable)
    case "json_build_object", "to_json": return call(.json, .stable)
    case "coalesce", "greatest", "least", "nullif": return nil
    default:
      if let function = snapshot.functions.first(where: { $0.name == name && $0.argumentTypes.count == args.count }) {
        let volatility: Volatility =
          function.volatility == "i" ? .immutable : function.volatility == "s" ? .stable : .volatile
        return .function(
          FunctionCall(
            name: name, args: args, resultType: SQLType(formatted: function.returnType), volatility: volatility,
            cost: function.cost))
      }
      return nil
    }
  }
}
