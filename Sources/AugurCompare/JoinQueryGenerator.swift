import AugurCatalog

/// Join queries for measuring the planner, built along the foreign keys a stats snapshot
/// holds: for each single-column key, the child joined to its parent with and without filters
/// (from the columns' most common values), as LEFT, semi (EXISTS, IN) and anti (NOT EXISTS)
/// joins, grouped, ordered with LIMIT, and three-table chains where the parent has a key of its
/// own. Each join method and join type the planner chooses between gets exercised on real
/// statistics.
///
/// Deterministic: the same snapshot gives the same queries, in the same order, with the same
/// names; each carries its case label (`inner-parent-filter`, `semi-exists`, ...).
public enum JoinQueryGenerator {
  /// Every case label the generator produces.
  public static let allCases: [String] = [
    "inner-count", "inner-parent-filter", "inner-child-filter", "left-parent-filter", "semi-exists", "anti-not-exists",
    "semi-in", "inner-group", "inner-order-limit", "chain-3",
  ]

  /// A single-column foreign key between two analyzed tables of the snapshot.
  struct Link {
    var child: Relation
    var column: String
    var parent: Relation
    var key: String
  }

  /// The queries for one database; names start with `prefix`.
  public static func generate(snapshot: StatsSnapshot, prefix: String) -> [ComparedQuery] {
    var queries: [ComparedQuery] = []
    func add(_ caseLabel: String, _ link: Link, _ sql: String) {
      let number = String(queries.count + 1)
      let name =
        "\(prefix)_j\(String(repeating: "0", count: max(0, 3 - number.count)))\(number)_\(caseLabel)_"
        + "\(link.child.name)_\(link.parent.name)"
      queries.append(ComparedQuery(name: name, sql: sql, caseLabel: caseLabel))
    }
    let links = Self.links(snapshot)
    for link in links {
      let child = "\(link.child.name) c"
      let parent = "\(link.parent.name) p"
      let on = "p.\(link.key) = c.\(link.column)"
      let parentFilter = filter(link.parent, alias: "p", avoiding: [link.key])
      let childFilter = filter(link.child, alias: "c", avoiding: [link.column])
      let output = "c.\(first(link.child, avoiding: [])), p.\(first(link.parent, avoiding: [link.key]))"
      add("inner-count", link, "SELECT count(*) FROM \(child) JOIN \(parent) ON \(on)")
      if let parentFilter {
        add("inner-parent-filter", link, "SELECT \(output) FROM \(child) JOIN \(parent) ON \(on) WHERE \(parentFilter)")
        add(
          "left-parent-filter", link,
          "SELECT \(output) FROM \(parent) LEFT JOIN \(child) ON \(on) WHERE \(parentFilter)")
      }
      if let childFilter {
        add("inner-child-filter", link, "SELECT \(output) FROM \(child) JOIN \(parent) ON \(on) WHERE \(childFilter)")
        add(
          "semi-exists", link,
          "SELECT p.\(link.key) FROM \(parent) WHERE EXISTS (SELECT 1 FROM \(child) WHERE \(on) AND \(childFilter))")
        add(
          "semi-in", link,
          "SELECT p.\(link.key) FROM \(parent) WHERE p.\(link.key) IN "
            + "(SELECT c.\(link.column) FROM \(child) WHERE \(childFilter))")
      }
      add(
        "anti-not-exists", link,
        "SELECT p.\(link.key) FROM \(parent) WHERE NOT EXISTS (SELECT 1 FROM \(child) WHERE \(on))")
      if let group = groupColumn(link.parent, avoiding: [link.key]) {
        add(
          "inner-group", link,
          "SELECT p.\(group), count(*) FROM \(child) JOIN \(parent) ON \(on) GROUP BY p.\(group)")
      }
      add(
        "inner-order-limit", link,
        "SELECT \(output) FROM \(child) JOIN \(parent) ON \(on) ORDER BY p.\(link.key) LIMIT 10")
      // A chain: the parent's own parent, filtered.
      if let grand = links.first(where: { $0.child.qualifiedName == link.parent.qualifiedName }),
        let grandFilter = filter(grand.parent, alias: "g", avoiding: [grand.key])
      {
        add(
          "chain-3", link,
          "SELECT count(*) FROM \(child) JOIN \(parent) ON \(on) JOIN \(grand.parent.name) g "
            + "ON g.\(grand.key) = p.\(grand.column) WHERE \(grandFilter)")
      }
    }
    return queries
  }

  /// The single-column foreign keys between analyzed public tables, in name order.
  static func links(_ snapshot: StatsSnapshot) -> [Link] {
    let tables = snapshot.relations.filter { $0.kind == .table && $0.schema == "public" && $0.size.isAnalyzed }
      .sorted { $0.name < $1.name }
    var result: [Link] = []
    for table in tables {
      for constraint in table.constraints
      where constraint.kind == .foreignKey && constraint.columns.count == 1 && constraint.referencedColumns.count == 1 {
        guard let target = constraint.referencedTable,
          let parent = tables.first(where: { $0.qualifiedName == target || $0.name == target }),
          parent.qualifiedName != table.qualifiedName
        else { continue }
        result.append(
          Link(child: table, column: constraint.columns[0], parent: parent, key: constraint.referencedColumns[0]))
      }
    }
    return result
  }

  /// `alias.column = <its most common value>` on a column with statistics other than `avoiding`.
  static func filter(_ table: Relation, alias: String, avoiding: [String]) -> String? {
    for column in table.columns where !avoiding.contains(column.name) {
      guard let values = ColumnValues(table: table, column: column), !values.isBoolean,
        let value = values.mcvs.first
      else { continue }
      return "\(alias).\(values.name) = \(values.literal(value))"
    }
    return nil
  }

  /// A column to group by: the first with statistics and fewer than 1,000 distinct values.
  static func groupColumn(_ table: Relation, avoiding: [String]) -> String? {
    table.columns.first { column in
      guard !avoiding.contains(column.name), let values = ColumnValues(table: table, column: column) else {
        return false
      }
      return values.distinct > 0 && values.distinct < 1_000
    }?.name
  }

  /// The first plain-named column other than `avoiding`, for the output.
  static func first(_ table: Relation, avoiding: [String]) -> String {
    table.columns.first { column in
      !avoiding.contains(column.name) && column.name.range(of: "^[a-z_][a-z0-9_]*$", options: .regularExpression) != nil
    }?.name ?? "*"
  }
}
