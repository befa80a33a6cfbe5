import AugurCatalog
import AugurCompare
import AugurPlanner
import AugurSQL
import Testing

@Suite struct HypotheticalPartitionSpecTests {
  static let snapshot = HypotheticalIndexSpecTests.snapshot

  @Test func rangeListAndHashSpecsGiveTheirSchemes() throws {
    let range = try HypotheticalPartitionSpec.parse(
      "orders BY RANGE (created_at) ('2023-01-01', '2024-01-01', '2025-01-01') DEFAULT", snapshot: Self.snapshot)
    #expect(range.relation == "public.orders" && range.column == "created_at" && range.defaultPartition)
    #expect(range.strategy == .range(bounds: ["2023-01-01", "2024-01-01", "2025-01-01"]))

    let list = try HypotheticalPartitionSpec.parse(
      "public.orders BY LIST (status) (('paid'), ('cancelled', 'it''s'))", snapshot: Self.snapshot)
    #expect(list.strategy == .list(values: [["paid"], ["cancelled", "it's"]]))
    #expect(!list.defaultPartition)

    let hash = try HypotheticalPartitionSpec.parse("orders by hash (customer_id) 8", snapshot: Self.snapshot)
    #expect(hash.strategy == .hash(modulus: 8))
  }

  @Test func badSpecsArePointedAt() {
    func failure(_ spec: String) -> SQLParseError? {
      do {
        _ = try HypotheticalPartitionSpec.parse(spec, snapshot: Self.snapshot)
        return nil
      } catch {
        return error
      }
    }
    // The unknown column is pointed at (column 18 of the spec).
    let column = failure("orders BY RANGE (nope) ('1', '2')")
    #expect(column?.message.contains("nope") == true)
    #expect(column?.position?.column == 18)
    #expect(failure("nowhere BY HASH (id) 4")?.message.contains("does not exist") == true)
    #expect(failure("orders BY RANGE (created_at) ('2024-01-01')")?.message.contains("at least two") == true)
    #expect(failure("orders BY SPLAT (id) 4")?.message.contains("RANGE, LIST or HASH") == true)
    #expect(failure("orders BY HASH (id) 0")?.message.contains("modulus") == true)
    #expect(failure("orders BY HASH (id) 4 EXTRA")?.message.contains("unexpected") == true)
  }
}
