/// Twelve-table joins for planning benchmarks and tests: a star (`star_fact` and eleven
/// dimension tables) and a chain (`chain_t1` ... `chain_t12`, each referencing the one before),
/// with deterministic data, and one query over each.
public enum JoinWorkload {
  public static let tables = 12

  /// The star and chain schemas with data, analyzed.
  public static var schemaSQL: String {
    var lines: [String] = []
    for dimension in 1..<tables {
      lines.append("CREATE TABLE star_d\(dimension) (id int PRIMARY KEY, name text NOT NULL, category int NOT NULL);")
      lines.append(
        "INSERT INTO star_d\(dimension) SELECT g, 'name ' || g, g % \(dimension + 4) "
          + "FROM generate_series(1, \(100 * dimension)) g;")
    }
    let keys = (1..<tables).map { "d\($0)_id int NOT NULL REFERENCES star_d\($0)(id)" }.joined(separator: ", ")
    lines.append("CREATE TABLE star_fact (id bigserial PRIMARY KEY, \(keys), amount numeric NOT NULL);")
    let columns = (1..<tables).map { "d\($0)_id" }.joined(separator: ", ")
    let values = (1..<tables).map { "1 + (g * \(7 * $0 + 3)) % \(100 * $0)" }.joined(separator: ", ")
    lines.append(
      "INSERT INTO star_fact (\(columns), amount) SELECT \(values), (g % 1000) / 10.0 FROM generate_series(1, 50000) g;"
    )
    for dimension in 1..<tables { lines.append("CREATE INDEX ON star_fact (d\(dimension)_id);") }
    for table in 1...tables {
      if table == 1 {
        lines.append("CREATE TABLE chain_t1 (id int PRIMARY KEY, label text NOT NULL);")
        lines.append("INSERT INTO chain_t1 SELECT g, 'label ' || g FROM generate_series(1, 1000) g;")
      } else {
        lines.append(
          "CREATE TABLE chain_t\(table) (id int PRIMARY KEY, prev_id int NOT NULL REFERENCES chain_t\(table - 1)(id), "
            + "label text NOT NULL);")
        lines.append(
          "INSERT INTO chain_t\(table) SELECT g, 1 + (g * 13) % \(1000 * (table - 1)), 'label ' || g "
            + "FROM generate_series(1, \(1000 * table)) g;")
        lines.append("CREATE INDEX ON chain_t\(table) (prev_id);")
      }
    }
    lines.append("ANALYZE;")
    return lines.joined(separator: "\n") + "\n"
  }

  public static var starQuery: String {
    "SELECT count(*), sum(f.amount) FROM star_fact f "
      + (1..<tables).map { "JOIN star_d\($0) d\($0) ON d\($0).id = f.d\($0)_id" }.joined(separator: " ")
      + " WHERE d1.category = 1 AND d2.category = 2"
  }

  public static var chainQuery: String {
    "SELECT t1.label, t\(tables).label FROM chain_t1 t1 "
      + (2...tables).map { "JOIN chain_t\($0) t\($0) ON t\($0).prev_id = t\($0 - 1).id" }.joined(separator: " ")
      + " WHERE t1.id < 50"
  }

}
