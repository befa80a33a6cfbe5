import AugurCatalog
import AugurCompare
import AugurSQL
import Testing

@Suite struct HypotheticalIndexSpecTests {
  static let snapshot = StatsSnapshot(
    source: SnapshotSource(kind: .ddl, createdAt: "2024-01-01T00:00:00Z"),
    relations: [
      Relation(
        schema: "public", name: "orders", kind: .table,
        columns: [
          Column(number: 1, name: "id", type: "bigint"), Column(number: 2, name: "customer_id", type: "bigint"),
          Column(number: 3, name: "created_at", type: "timestamp with time zone"),
          Column(number: 4, name: "status", type: "text"), Column(number: 5, name: "email", type: "text"),
        ])
    ])

  @Test func shortFormsAndCreateIndexGiveTheSameKindOfIndex() throws {
    let short = try HypotheticalIndexSpec.parse("orders(customer_id, created_at)", snapshot: Self.snapshot)
    #expect(short.relation == "public.orders")
    #expect(short.index.name == "<augur>btree_orders_customer_id_created_at")
    #expect(short.index.keys.map(\.column) == ["customer_id", "created_at"])
    #expect(short.index.method == "btree" && short.index.size.relpages == 0)

    let full = try HypotheticalIndexSpec.parse(
      "orders USING hash (email)", snapshot: Self.snapshot)
    #expect(full.index.method == "hash")

    let partial = try HypotheticalIndexSpec.parse(
      "orders (created_at DESC) INCLUDE (status) WHERE status = 'paid'", snapshot: Self.snapshot)
    #expect(partial.index.predicate == "status = 'paid'")
    #expect(partial.index.included == ["status"])
    #expect(partial.index.keys.first?.descending == true)

    let statement = try HypotheticalIndexSpec.parse(
      "CREATE INDEX ON orders (lower(email) text_pattern_ops)", snapshot: Self.snapshot)
    #expect(statement.index.keys.first?.expression == "lower(email)")
    #expect(statement.index.keys.first?.operatorClass == "text_pattern_ops")
    #expect(
      HypotheticalIndexSpec.createStatement(short)
        == "CREATE INDEX ON public.orders USING btree (customer_id, created_at)")
  }

  @Test func unknownTablesAndColumnsAreLocated() {
    #expect {
      try HypotheticalIndexSpec.parse("orderz(id)", snapshot: Self.snapshot)
    } throws: { error in
      "\(error)".hasPrefix("1:1: relation \"orderz\" does not exist")
    }
    #expect {
      try HypotheticalIndexSpec.parse("orders(id, custmer_id)", snapshot: Self.snapshot)
    } throws: { error in
      "\(error)".hasPrefix("1:12: column \"custmer_id\" of relation \"orders\" does not exist")
    }
    #expect {
      try HypotheticalIndexSpec.parse("orders(", snapshot: Self.snapshot)
    } throws: { error in
      "\(error)".contains("syntax error")
    }
  }
}
