/// Expressions of the raw parse tree, as PostgreSQL's grammar produces them before analysis:
/// names are unresolved, operators are still names, and `IN (...)` is still a list. The case
/// names follow the PostgreSQL node each one models (`A_Expr`, `SubLink`, `FuncCall`, ...), so
/// that the semantic-analysis layer can mirror `transformExpr` case by case.
///
/// Locations are byte offsets into the text that was parsed (-1 when PostgreSQL records none).
public indirect enum Expr: Sendable, Hashable {
  /// `ColumnRef`: `a`, `t.a`, `s.t.a`, `t.*`, `*`.
  case column(ColumnRef)
  /// `A_Const`: a literal, or NULL.
  case constant(Constant)
  /// `ParamRef`: `$n`.
  case parameter(ParameterRef)
  /// `A_Expr`: an operator application, incl. ANY/ALL, IN lists, LIKE, BETWEEN, IS DISTINCT FROM, NULLIF.
  case operation(OperatorExpr)
  /// `BoolExpr`: AND, OR, NOT.
  case bool(BoolExpr)
  /// `SubLink`: EXISTS, IN, ANY/ALL, scalar and ARRAY subqueries.
  case subLink(SubLink)
  /// `FuncCall`: functions, aggregates (FILTER, ORDER BY, DISTINCT, WITHIN GROUP) and window calls.
  case function(FuncCall)
  /// `TypeCast`: `x::t` and `CAST(x AS t)`, and typed literals such as `date '2024-01-01'`.
  case typeCast(TypeCast)
  /// `CaseExpr`: simple and searched CASE.
  case caseExpr(CaseExpr)
  /// `CoalesceExpr`.
  case coalesce(CoalesceExpr)
  /// `MinMaxExpr`: GREATEST and LEAST.
  case minMax(MinMaxExpr)
  /// `NullTest`: IS [NOT] NULL.
  case nullTest(NullTest)
  /// `BooleanTest`: IS [NOT] TRUE / FALSE / UNKNOWN.
  case booleanTest(BooleanTest)
  /// `RowExpr`: `ROW(a, b)` and `(a, b)`.
  case row(RowExpr)
  /// `A_ArrayExpr`: `ARRAY[...]`.
  case array(ArrayExpr)
  /// `A_Indirection`: subscripts, slices and field selection applied to an expression.
  case indirection(Indirection)
  /// `CollateClause`: `x COLLATE "C"`.
  case collate(CollateExpr)
  /// `SQLValueFunction`: CURRENT_DATE, CURRENT_TIMESTAMP, CURRENT_USER, ...
  case sqlValueFunction(SQLValueFunction)
  /// `GroupingFunc`: `GROUPING(a, b)`.
  case groupingFunc(GroupingFunc)
  /// `GroupingSet`: ROLLUP, CUBE, GROUPING SETS and `()` inside GROUP BY.
  case groupingSet(GroupingSet)
  /// `List`: the right side of `IN (...)` and `BETWEEN`.
  case list([Expr])
  /// `SetToDefault`: DEFAULT in INSERT and UPDATE.
  case setToDefault(location: Int)
  /// `MultiAssignRef`: one column of `UPDATE ... SET (a, b) = (...)`.
  case multiAssign(MultiAssignRef)
  /// `NamedArgExpr`: a named function argument, `f(name => value)`.
  case namedArgument(NamedArgument)
  /// Any other node, kept whole.
  case other(RawNode)
}

/// `ColumnRef`: a possibly qualified column name, or a star.
public struct ColumnRef: Sendable, Hashable, Encodable {
  public enum Field: Sendable, Hashable, Encodable {
    case name(String)
    case star

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.singleValueContainer()
      switch self {
      case .name(let name): try container.encode(name)
      case .star: try container.encode("*")
      }
    }
  }
  public var fields: [Field]
  public var location: Int

  /// The column name: the last field, or nil for `*` and `t.*`.
  public var column: String? {
    if case .name(let name)? = fields.last { return name }
    return nil
  }
  /// The qualifier before the column (table or alias), when there is one.
  public var qualifier: String? {
    guard fields.count >= 2, case .name(let name) = fields[fields.count - 2] else { return nil }
    return name
  }
  public var isStar: Bool { fields.last == .star }
}

/// `A_Const`: a literal as the grammar read it. Numbers that do not fit `int4` stay text, as in
/// PostgreSQL, so no precision is lost.
public struct Constant: Sendable, Hashable, Encodable {
  public enum Value: Sendable, Hashable, Encodable {
    case integer(Int)
    /// A numeric literal that is not a 32-bit integer (`1.5`, `1e5`, `2147483648`), as written.
    case float(String)
    case string(String)
    /// A bit string, as PostgreSQL stores it: `b101` for `B'101'`, `x1F` for `X'1F'`.
    case bitString(String)
    case boolean(Bool)
    case null

    public func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: AnyCodingKey.self)
      switch self {
      case .integer(let value): try container.encode(value, forKey: AnyCodingKey("integer"))
      case .float(let value): try container.encode(value, forKey: AnyCodingKey("float"))
      case .string(let value): try container.encode(value, forKey: AnyCodingKey("string"))
      case .bitString(let value): try container.encode(value, forKey: AnyCodingKey("bitString"))
      case .boolean(let value): try container.encode(value, forKey: AnyCodingKey("boolean"))
      case .null: try container.encodeNil(forKey: AnyCodingKey("null"))
      }
    }
  }
  public var value: Value
  public var location: Int
}

/// `ParamRef`: `$n`.
public struct ParameterRef: Sendable, Hashable, Encodable {
  public var number: Int
  public var location: Int
}

/// `A_Expr`: an operator applied to one or two operands. `name` is the (possibly schema-qualified)
/// operator name as written; for `kind == .in` the right operand is a `.list`, for the BETWEEN
/// kinds a two-element `.list`.
public struct OperatorExpr: Sendable, Hashable, Encodable {
  /// `A_Expr_Kind`.
  public enum Kind: String, Sendable, Hashable, Encodable, CaseIterable {
    case op = "AEXPR_OP"
    case opAny = "AEXPR_OP_ANY"
    case opAll = "AEXPR_OP_ALL"
    case distinct = "AEXPR_DISTINCT"
    case notDistinct = "AEXPR_NOT_DISTINCT"
    case nullIf = "AEXPR_NULLIF"
    case `in` = "AEXPR_IN"
    case like = "AEXPR_LIKE"
    case iLike = "AEXPR_ILIKE"
    case similar = "AEXPR_SIMILAR"
    case between = "AEXPR_BETWEEN"
    case notBetween = "AEXPR_NOT_BETWEEN"
    case betweenSymmetric = "AEXPR_BETWEEN_SYM"
    case notBetweenSymmetric = "AEXPR_NOT_BETWEEN_SYM"
  }
  public var kind: Kind
  public var name: [String]
  public var left: Expr?
  public var right: Expr?
  public var location: Int

  /// The operator symbol without its schema (`=`, `~~`, `->>`, ...).
  public var operatorName: String { name.last ?? "" }
}

/// `BoolExpr`.
public struct BoolExpr: Sendable, Hashable, Encodable {
  public enum Operator: String, Sendable, Hashable, Encodable, CaseIterable {
    case and = "AND_EXPR"
    case or = "OR_EXPR"
    case not = "NOT_EXPR"
  }
  public var op: Operator
  public var args: [Expr]
  public var location: Int
}

/// `SubLink`: a subquery used as an expression.
public struct SubLink: Sendable, Hashable, Encodable {
  /// `SubLinkType`.
  public enum Kind: String, Sendable, Hashable, Encodable, CaseIterable {
    case exists = "EXISTS_SUBLINK"
    case all = "ALL_SUBLINK"
    case any = "ANY_SUBLINK"
    case rowCompare = "ROWCOMPARE_SUBLINK"
    case expression = "EXPR_SUBLINK"
    case multiExpression = "MULTIEXPR_SUBLINK"
    case array = "ARRAY_SUBLINK"
    case cte = "CTE_SUBLINK"
  }
  public var kind: Kind
  /// The left operand of `IN`/`ANY`/`ALL`.
  public var testExpr: Expr?
  /// The operator of `ANY`/`ALL` (empty for `IN`, which means `= ANY`).
  public var operatorName: [String]
  public var subselect: Statement
  public var location: Int
}

/// `FuncCall`: a call as written, before it is resolved to a function, aggregate or window function.
public struct FuncCall: Sendable, Hashable, Encodable {
  public var name: [String]
  public var args: [Expr]
  /// `ORDER BY` inside an aggregate call, or the `WITHIN GROUP (ORDER BY ...)` list.
  public var aggOrder: [SortBy]
  public var aggFilter: Expr?
  public var over: WindowDef?
  public var aggWithinGroup: Bool
  /// `count(*)`.
  public var aggStar: Bool
  public var aggDistinct: Bool
  public var variadic: Bool
  /// True when written in SQL-standard syntax (`EXTRACT(year FROM d)`, `substring(s FROM 2)`,
  /// `x AT TIME ZONE z`) rather than as a plain call (`COERCE_SQL_SYNTAX`).
  public var sqlSyntax: Bool
  public var location: Int

  /// The function name without its schema, lower-case as PostgreSQL folds unquoted names.
  public var functionName: String { name.last ?? "" }
}

/// `TypeCast`.
public struct TypeCast: Sendable, Hashable, Encodable {
  public var arg: Expr
  public var typeName: TypeName
  public var location: Int
}

/// `TypeName`: a type as written. Built-in names come back schema-qualified (`pg_catalog.int4`
/// for `integer`), as PostgreSQL's grammar produces them.
public struct TypeName: Sendable, Hashable, Encodable {
  public var names: [String]
  /// Type modifiers: `(12, 2)` of `numeric(12,2)`.
  public var typmods: [Expr]
  /// One entry per array dimension; -1 where no bound was written.
  public var arrayBounds: [Int]
  public var setof: Bool
  /// `%TYPE` reference.
  public var percentType: Bool
  public var location: Int

  /// The type's own name without its schema (`int4`, `varchar`, `timestamptz`).
  public var name: String { names.last ?? "" }
  public var isArray: Bool { !arrayBounds.isEmpty }
}

/// `CaseExpr`.
public struct CaseExpr: Sendable, Hashable, Encodable {
  public struct When: Sendable, Hashable, Encodable {
    public var condition: Expr
    public var result: Expr
    public var location: Int
  }
  /// The operand of a simple CASE (`CASE x WHEN ...`); nil for a searched CASE.
  public var arg: Expr?
  public var whens: [When]
  public var defaultResult: Expr?
  public var location: Int
}

/// `CoalesceExpr`.
public struct CoalesceExpr: Sendable, Hashable, Encodable {
  public var args: [Expr]
  public var location: Int
}

/// `MinMaxExpr`.
public struct MinMaxExpr: Sendable, Hashable, Encodable {
  public enum Operator: String, Sendable, Hashable, Encodable, CaseIterable {
    case greatest = "IS_GREATEST"
    case least = "IS_LEAST"
  }
  public var op: Operator
  public var args: [Expr]
  public var location: Int
}

/// `NullTest`.
public struct NullTest: Sendable, Hashable, Encodable {
  public var arg: Expr
  /// True for IS NOT NULL.
  public var isNot: Bool
  public var location: Int
}

/// `BooleanTest`.
public struct BooleanTest: Sendable, Hashable, Encodable {
  public enum Kind: String, Sendable, Hashable, Encodable, CaseIterable {
    case isTrue = "IS_TRUE"
    case isNotTrue = "IS_NOT_TRUE"
    case isFalse = "IS_FALSE"
    case isNotFalse = "IS_NOT_FALSE"
    case isUnknown = "IS_UNKNOWN"
    case isNotUnknown = "IS_NOT_UNKNOWN"
  }
  public var arg: Expr
  public var kind: Kind
  public var location: Int
}

/// `RowExpr`.
public struct RowExpr: Sendable, Hashable, Encodable {
  public var args: [Expr]
  /// True when the keyword ROW was written.
  public var explicitRow: Bool
  public var location: Int
}

/// `A_ArrayExpr`.
public struct ArrayExpr: Sendable, Hashable, Encodable {
  public var elements: [Expr]
  public var location: Int
}

/// `A_Indirection`: `arg[1]`, `arg[1:2]`, `(arg).field`, `(arg).*`.
public struct Indirection: Sendable, Hashable, Encodable {
  public enum Step: Sendable, Hashable, Encodable {
    case field(String)
    case star
    /// `[i]` (upper only) or `[l:u]` (slice; either bound may be absent).
    case `subscript`(isSlice: Bool, lower: Expr?, upper: Expr?)
  }
  public var arg: Expr
  public var steps: [Step]
}

/// `CollateClause` applied to an expression.
public struct CollateExpr: Sendable, Hashable, Encodable {
  public var arg: Expr
  public var collation: [String]
  public var location: Int
}

/// `SQLValueFunction`: the SQL-standard niladic functions.
public struct SQLValueFunction: Sendable, Hashable, Encodable {
  /// PostgreSQL's `SQLValueFunctionOp` name, e.g. `SVFOP_CURRENT_DATE`.
  public var op: String
  /// Precision of CURRENT_TIME(p) and friends; -1 when none was given.
  public var typmod: Int
  public var location: Int
}

/// `GroupingFunc`.
public struct GroupingFunc: Sendable, Hashable, Encodable {
  public var args: [Expr]
  public var location: Int
}

/// `GroupingSet`.
public struct GroupingSet: Sendable, Hashable, Encodable {
  public enum Kind: String, Sendable, Hashable, Encodable, CaseIterable {
    case empty = "GROUPING_SET_EMPTY"
    case simple = "GROUPING_SET_SIMPLE"
    case rollup = "GROUPING_SET_ROLLUP"
    case cube = "GROUPING_SET_CUBE"
    case sets = "GROUPING_SET_SETS"
  }
  public var kind: Kind
  public var content: [Expr]
  public var location: Int
}

/// `MultiAssignRef`.
public struct MultiAssignRef: Sendable, Hashable, Encodable {
  public var source: Expr
  /// 1-based column of the source row this target takes.
  public var column: Int
  public var columnCount: Int
}

/// `NamedArgExpr`: `name => value` in a function call.
public struct NamedArgument: Sendable, Hashable, Encodable {
  public var name: String
  public var value: Expr
  public var location: Int
}

/// A parse-tree node Augur has no typed model for, kept whole: its PostgreSQL node name and
/// libpg_query's JSON for its fields.
public struct RawNode: Sendable, Hashable, Encodable {
  public var tag: String
  public var fields: JSONValue
}
