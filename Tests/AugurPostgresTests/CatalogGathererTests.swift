import AugurCatalog
import AugurPostgres
import AugurSQL
import AugurTestSupport
import Foundation
import Testing

/// `CatalogGatherer` against a real server: what it reads must match the catalogs.
@Suite(.serialized) struct CatalogGathererTests {
  /// A small store with every catalog feature the gatherer reads, loaded and analyzed.
  static let schema = """
    CREATE TABLE customers (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      email text NOT NULL UNIQUE,
      city text, zip text, state text,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE TABLE orders (
      id bigserial PRIMARY KEY,
      customer_id bigint NOT NULL REFERENCES customers (id),
      status text NOT NULL CHECK (status IN ('new', 'paid', 'shipped', 'cancelled')),
      total numeric(12, 2) NOT NULL DEFAULT 0,
      tags text[],
      created_at timestamptz NOT NULL
    );
    CREATE INDEX orders_customer_created_idx ON orders (customer_id, created_at DESC);
    CREATE INDEX orders_open_idx ON orders (created_at) WHERE status <> 'shipped';
    CREATE INDEX customers_lower_email_idx ON customers (lower(email) text_pattern_ops);
    CREATE INDEX orders_tags_idx ON orders USING gin (tags);
    CREATE STATISTICS customers_geo (ndistinct, dependencies, mcv) ON city, zip, state FROM customers;
    CREATE TABLE events (id bigint, at date NOT NULL, kind text) PARTITION BY RANGE (at);
    CREATE TABLE events_2024 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
    CREATE TABLE events_2025 PARTITION OF events FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
    CREATE VIEW paid_orders AS SELECT * FROM orders WHERE status = 'paid';
    CREATE TABLE never_analyzed (id int);
    CREATE TABLE odd_names (name text PRIMARY KEY);
    INSERT INTO odd_names VALUES ('<a&b>'), ('zz"q''s'), ('m');
    SELECT setseed(0.5);
    INSERT INTO customers (email, city, zip, state)
      SELECT 'user' || g || '@example.com', c.city, c.zip, c.state
      FROM generate_series(1, 2000) g
      CROSS JOIN LATERAL (SELECT (ARRAY['Paris', 'Lyon', 'Nice'])[1 + g % 3] AS city,
                                 (ARRAY['75001', '69001', '06000'])[1 + g % 3] AS zip,
                                 (ARRAY['IDF', 'ARA', 'PACA'])[1 + g % 3] AS state) c;
    INSERT INTO orders (customer_id, status, total, tags, created_at)
      SELECT 1 + (g * 7) % 2000,
             CASE WHEN g % 10 < 7 THEN 'shipped' WHEN g % 10 < 9 THEN 'paid' ELSE 'new' END,
             (g % 500) + 0.99, ARRAY['t' || g % 5], timestamptz '2024-01-01' + g * interval '1 hour'
      FROM generate_series(1, 20000) g;
    INSERT INTO events SELECT g, date '2024-06-01' + g % 400, 'view' FROM generate_series(1, 5000) g;
    ANALYZE customers; ANALYZE orders; ANALYZE events; ANALYZE odd_names;
    """

  static func loadedDatabase(_ name: String) throws -> (TemporaryCluster, String) {
    let cluster = try SharedTestCluster.cluster()
    try cluster.createDatabase(name)
    try cluster.connect(database: name).execute(schema)
    return (cluster, name)
  }

  @Test func gatheredSnapshotMatchesTheCatalog() throws {
    let (cluster, database) = try Self.loadedDatabase("gather_store")
    let connection = try cluster.connect(database: database)
    var gatherer = CatalogGatherer(schemas: ["public"])
    let snapshot = try gatherer.gather(from: connection)

    #expect(snapshot.source.kind == .server)
    #expect(snapshot.source.serverVersionNumber.map { $0 / 10_000 } == 15)
    #expect(snapshot.source.database == database)
    let names = Set(snapshot.relations.map(\.name))
    #expect(
      names == [
        "customers", "orders", "events", "events_2024", "events_2025", "paid_orders", "never_analyzed", "odd_names",
      ])
    // Ranges come back exactly, whatever characters the values hold.
    #expect(
      snapshot.relation(schema: "public", name: "odd_names")?.index("odd_names_pkey")?.leadingColumnRange
        == ValueRange(minimum: "<a&b>", maximum: "zz\"q's"))

    let orders = try #require(snapshot.relation(schema: "public", name: "orders"))
    #expect(orders.kind == .table)
    #expect(orders.columns.map(\.name) == ["id", "customer_id", "status", "total", "tags", "created_at"])
    #expect(
      orders.columns.map(\.type) == ["bigint", "bigint", "text", "numeric(12,2)", "text[]", "timestamp with time zone"])
    #expect(orders.column("id")?.defaultExpression == "nextval('orders_id_seq'::regclass)")
    #expect(orders.column("status")?.notNull == true && orders.column("tags")?.notNull == false)

    // Sizes: reltuples as ANALYZE left it, current pages from the file size.
    let pgClass = try connection.query(
      "SELECT reltuples::float8, relpages, pg_relation_size('orders') / 8192 FROM pg_class WHERE relname = 'orders'")
    #expect(orders.size.reltuples == Double(pgClass.rows[0][0] ?? ""))
    #expect(orders.size.relpages == Int(pgClass.rows[0][1] ?? ""))
    #expect(orders.size.currentPages == Int(pgClass.rows[0][2] ?? ""))
    #expect(orders.size.reltuples == 20_000)

    // Column statistics: the skewed status column has all three values as MCVs, most common first.
    let status = try #require(orders.column("status")?.statistics)
    #expect(status.mostCommonValues == ["shipped", "paid", "new"])
    let frequencies = try #require(status.mostCommonFrequencies)
    #expect(abs(frequencies[0] - 0.7) < 0.001 && abs(frequencies[1] - 0.2) < 0.001)
    #expect(status.nullFraction == 0)
    let id = try #require(orders.column("id")?.statistics)
    #expect(id.distinctValues == -1)
    #expect(id.histogramBounds?.first == "1" && id.histogramBounds?.last == "20000")
    #expect(id.correlation == 1)
    let tags = try #require(orders.column("tags")?.statistics)
    #expect(tags.mostCommonElements?.sorted() == ["t0", "t1", "t2", "t3", "t4"])

    // Constraints.
    let foreignKey = try #require(orders.constraints.first { $0.kind == .foreignKey })
    #expect(foreignKey.name == "orders_customer_id_fkey")
    #expect(foreignKey.columns == ["customer_id"])
    #expect(foreignKey.referencedTable == "public.customers" && foreignKey.referencedColumns == ["id"])
    #expect(orders.constraints.contains { $0.kind == .check && $0.name == "orders_status_check" })
    #expect(orders.constraints.contains { $0.kind == .primaryKey && $0.columns == ["id"] })

    // Indexes: keys, order, predicate, method, and the leading column's current range.
    let composite = try #require(orders.index("orders_customer_created_idx"))
    #expect(composite.keys.map(\.text) == ["customer_id", "created_at"])
    #expect(composite.keys.map(\.descending) == [false, true])
    #expect(composite.keys[1].nullsFirst)
    #expect(composite.leadingColumnRange == ValueRange(minimum: "1", maximum: "2000"))
    #expect(composite.size.reltuples == 20_000)
    #expect(composite.size.currentPages > 1)
    let partial = try #require(orders.index("orders_open_idx"))
    #expect(partial.predicate == "status <> 'shipped'::text")
    #expect(partial.leadingColumnRange == nil)
    #expect(try #require(orders.index("orders_tags_idx")).method == "gin")
    let primary = try #require(orders.index("orders_pkey"))
    #expect(primary.isPrimary && primary.isUnique)
    #expect(primary.leadingColumnRange == ValueRange(minimum: "1", maximum: "20000"))

    let customers = try #require(snapshot.relation(schema: "public", name: "customers"))
    let expression = try #require(customers.index("customers_lower_email_idx"))
    #expect(expression.keys.first?.expression == "lower(email)")
    #expect(expression.keys.first?.operatorClass == "text_pattern_ops")
    #expect(customers.column("id")?.identity == "a")

    // Extended statistics with their data.
    let geo = try #require(snapshot.extendedStatistics.first { $0.name == "customers_geo" })
    #expect(geo.table == "public.customers")
    #expect(geo.columns == ["city", "zip", "state"])
    #expect(geo.kinds.sorted() == ["dependencies", "mcv", "ndistinct"])
    #expect(geo.distinctCounts.contains { $0.attributes == [4, 5] && $0.distinct == 3 })
    #expect(geo.dependencies.contains { $0.from == [4] && $0.to == 5 && $0.degree == 1 })
    #expect(geo.mostCommonValues?.count == 3)

    // Partitioning and views.
    let events = try #require(snapshot.relation(schema: "public", name: "events"))
    #expect(events.kind == .partitionedTable)
    #expect(events.partitioning?.key?.strategy == .range && events.partitioning?.key?.columns == ["at"])
    let partition = try #require(snapshot.relation(schema: "public", name: "events_2024"))
    #expect(partition.partitioning?.parent == "public.events")
    #expect(partition.partitioning?.bound == "FOR VALUES FROM ('2024-01-01') TO ('2025-01-01')")
    #expect(snapshot.relation(schema: "public", name: "paid_orders")?.viewDefinition?.contains("'paid'") == true)

    // Settings and functions the planner reads.
    #expect(snapshot.settings["random_page_cost"] == "4")
    #expect(snapshot.settings["work_mem"] == "4096")
    #expect(snapshot.settings["block_size"] == "8192")
    #expect(snapshot.functions.contains { $0.name == "generate_series" && $0.returnsSet && $0.rows == 1000 })

    // What could not be seen is said.
    #expect(snapshot.warnings.contains { $0.kind == .neverAnalyzed && $0.object == "public.never_analyzed" })
  }

  @Test func treeHeightsAreReadWhenPageinspectIsInstalled() throws {
    let (cluster, database) = try Self.loadedDatabase("gather_heights")
    let connection = try cluster.connect(database: database)
    try connection.execute("CREATE EXTENSION pageinspect")
    var gatherer = CatalogGatherer(schemas: ["public"])
    let snapshot = try gatherer.gather(from: connection)
    let orders = try #require(snapshot.relation(schema: "public", name: "orders"))
    let level = try connection.query("SELECT level FROM bt_metap('orders_pkey')").scalar.flatMap { Int($0) }
    #expect(orders.index("orders_pkey")?.treeHeight == level)
    #expect(level == 1)
    #expect(orders.index("orders_tags_idx")?.treeHeight == nil)
    #expect(!snapshot.warnings.contains { $0.kind == .treeHeightUnavailable })
  }

  @Test func roundTripsDoNotGrowWithTheNumberOfTables() throws {
    let cluster = try SharedTestCluster.cluster()
    var counts: [Int] = []
    for tables in [3, 60] {
      let database = "gather_width_\(tables)"
      try cluster.createDatabase(database)
      let connection = try cluster.connect(database: database)
      for table in 0..<tables {
        try connection.execute(
          "CREATE TABLE t\(table) (id int PRIMARY KEY, v text); CREATE INDEX ON t\(table) (v); "
            + "INSERT INTO t\(table) SELECT g, 'x' || g FROM generate_series(1, 20) g; ANALYZE t\(table)")
      }
      var gatherer = CatalogGatherer()
      let snapshot = try gatherer.gather(from: connection)
      #expect(snapshot.relations.count == tables)
      counts.append(gatherer.roundTrips)
    }
    #expect(counts[0] == counts[1])
    #expect(counts[0] < 20)
  }

  @Test func snapshotRoundTripsThroughJSONUnchanged() throws {
    let (cluster, database) = try Self.loadedDatabase("gather_roundtrip")
    var gatherer = CatalogGatherer(schemas: ["public"])
    let snapshot = try gatherer.gather(from: cluster.connect(database: database))
    let data = try snapshot.jsonData()
    let loaded = try StatsSnapshot.load(from: data)
    #expect(loaded == snapshot)
    #expect(try loaded.jsonData() == data)
  }

  @Test func nonSuperuserGathersWhatItMaySeeAndSaysWhatNot() throws {
    let (cluster, database) = try Self.loadedDatabase("gather_reader")
    let admin = try cluster.connect(database: database)
    try admin.execute(
      """
      DROP ROLE IF EXISTS catalog_reader; CREATE ROLE catalog_reader LOGIN;
      GRANT SELECT ON customers TO catalog_reader;
      """)
    let reader = try PostgresConnection(
      "host=127.0.0.1 port=\(cluster.port) user=catalog_reader dbname=\(database)")
    var gatherer = CatalogGatherer(schemas: ["public"])
    let snapshot = try gatherer.gather(from: reader)
    let customers = try #require(snapshot.relation(schema: "public", name: "customers"))
    #expect(customers.column("city")?.statistics?.mostCommonValues?.count == 3)
    let orders = try #require(snapshot.relation(schema: "public", name: "orders"))
    #expect(orders.size.reltuples == 20_000)
    #expect(orders.column("status")?.statistics == nil)
    #expect(snapshot.warnings.contains { $0.kind == .noStatisticsPrivilege && $0.object == "public.orders" })
    #expect(!snapshot.warnings.contains { $0.kind == .noStatisticsPrivilege && $0.object == "public.customers" })
    // The index range needs SELECT too: only readable tables get one.
    #expect(orders.index("orders_pkey")?.leadingColumnRange == nil)
    #expect(customers.index("customers_pkey")?.leadingColumnRange != nil)
  }

  @Test func redactedSnapshotsKeepShapesButNoValues() throws {
    let (cluster, database) = try Self.loadedDatabase("gather_redacted")
    var gatherer = CatalogGatherer(schemas: ["public"], redactValues: true)
    let snapshot = try gatherer.gather(from: cluster.connect(database: database))
    #expect(snapshot.source.valuesRedacted)
    let orders = try #require(snapshot.relation(schema: "public", name: "orders"))
    let status = try #require(orders.column("status")?.statistics)
    #expect(status.valuesRedacted && status.mostCommonValues == nil)
    #expect(status.mostCommonFrequencies?.count == 3)
    let id = try #require(orders.column("id")?.statistics)
    #expect(id.histogramBounds == nil && id.histogramBoundCount == 101)
    #expect(orders.index("orders_pkey")?.leadingColumnRange == nil)
    let text = String(decoding: try snapshot.jsonData(), as: UTF8.self)
    #expect(!text.contains("user1@example.com") && !text.contains("Paris"))
  }
}
