import AugurCatalog
import AugurExplain
import AugurPlan
import AugurPlanner
import AugurPostgres
import AugurTestSupport
import Foundation
import Testing

/// Join costs against PostgreSQL's EXPLAIN, each method forced with the `enable_*` switches.
/// The inputs are Seq Scans (index and bitmap scans off), whose exact costs come from
/// `costSeqScan` and are first checked against EXPLAIN's child nodes, so the join's cost is
/// computed from unrounded inputs and the comparison isolates the join formula. Widths and rows
/// are EXPLAIN's (integers, hence exact).
@Suite(.serialized) struct JoinCostTests {
  enum Method: String, CaseIterable {
    case hash, hashSmallMemory, merge, nestLoopMaterial
  }

  @Test(arguments: Method.allCases)
  func joinCostsMatchPostgres(method: Method) throws {
    let setup = try JoinTestSupport.setup("ecommerce", prefix: "join_cost")
    let connection = setup.connection
    try connection.execute("SET enable_indexscan = off; SET enable_bitmapscan = off; SET enable_memoize = off")
    switch method {
    case .hash, .hashSmallMemory:
      try connection.execute("SET enable_nestloop = off; SET enable_mergejoin = off")
      if method == .hashSmallMemory { try connection.execute("SET work_mem = '64kB'") }
    case .merge:
      try connection.execute("SET enable_nestloop = off; SET enable_hashjoin = off")
    case .nestLoopMaterial:
      try connection.execute("SET enable_mergejoin = off; SET enable_hashjoin = off")
    }
    var settings = setup.snapshot.settings
    if method == .hashSmallMemory { settings["work_mem"] = "64" }
    let parameters = CostParameters(settings: settings)
    let operatorCost = parameters.cpuOperatorCost

    var compared = 0
    var multiBatch = 0
    var mismatches: [String] = []
    for pair in JoinTestSupport.pairs["ecommerce"] ?? [] {
      let outerVariable = try setup.variable(pair.outer, pair.outerColumn)
      let innerVariable = try setup.variable(pair.inner, pair.innerColumn)
      let outerColumn = try #require(try setup.relation(pair.outer).column(pair.outerColumn))
      // Nested loops over whole tables are huge; restrict the outer side to keep them plausible.
      var restrictions: [String?] = method == .nestLoopMaterial ? [] : [nil]
      if let value = JoinTestSupport.middleValue(outerColumn) {
        restrictions.append("a.\(pair.outerColumn) < \(value)")
      }
      if method == .nestLoopMaterial, let bounds = outerColumn.statistics?.histogramBounds, bounds.count > 3 {
        restrictions = ["a.\(pair.outerColumn) < \(CostTestSupport.literal(bounds[1]))"]
      }
      for restriction in restrictions {
        for kind in [JoinKind.inner, .semi, .anti] {
          let clause = "a.\(pair.outerColumn) = b.\(pair.innerColumn)"
          let sql: String
          if kind == .inner {
            sql =
              "SELECT * FROM \(pair.outer) a JOIN \(pair.inner) b ON \(clause)"
              + (restriction.map { " WHERE \($0)" } ?? "")
          } else {
            sql =
              "SELECT * FROM \(pair.outer) a WHERE \(kind == .anti ? "NOT " : "")EXISTS (SELECT 1 FROM \(pair.inner) b"
              + " WHERE \(clause))" + (restriction.map { " AND \($0)" } ?? "")
          }
          let root = try JoinTestSupport.explain(connection, sql)
          guard let join = JoinTestSupport.joinNode(root), join.children.count == 2 else {
            mismatches.append("\(sql): no join")
            continue
          }
          let joinType = join.joinType ?? ""
          let planKind: JoinKind
          switch joinType {
          case "Inner": planKind = .inner
          case "Semi": planKind = .semi
          case "Anti": planKind = .anti
          default: continue  // unique-ified or RIGHT variants are not modelled here
          }
          // The scans under the join's two children; Hash, Sort and Materialize sit between.
          // (A unique-ified input, an Aggregate over the scan, is not a case for these formulas.)
          func leaf(_ node: PlanNode) -> PlanNode? {
            var current = node
            while ["Hash", "Sort", "Materialize"].contains(current.nodeType), current.children.count == 1 {
              current = current.children[0]
            }
            return current.nodeType == "Seq Scan" ? current : nil
          }
          guard let outerScan = leaf(join.children[0]), let innerScan = leaf(join.children[1]),
            let outerEstimate = outerScan.estimate, let innerEstimate = innerScan.estimate
          else {
            continue
          }
          let outerIsA = outerScan.alias == "a"
          func exactScan(_ scan: PlanNode, _ estimate: PlanEstimate) throws -> JoinInput? {
            let table = try #require(scan.relationName)
            let size = try setup.size(table)
            let quals = scan.string("Filter") == nil ? 0.0 : 1.0
            let cost = CostSize.costSeqScan(
              size: size, rows: estimate.rows, qualCost: QualCost(perTuple: operatorCost * quals),
              parameters: parameters)
            if let problem = CostTestSupport.compare(
              "\(sql) scan \(table)", scan, startup: cost.startup, total: cost.total, rows: estimate.rows)
            {
              mismatches.append(problem)
              return nil
            }
            return JoinInput(cost: cost.cost, rows: estimate.rows, width: estimate.width)
          }
          guard let outerInput = try exactScan(outerScan, outerEstimate),
            let innerInput = try exactScan(innerScan, innerEstimate)
          else { continue }
          let outerVar = outerIsA ? outerVariable : innerVariable
          let innerVar = outerIsA ? innerVariable : outerVariable
          let innerTable = try setup.relation(outerIsA ? pair.inner : pair.outer)
          let innerUnique =
            planKind != .inner
            || VariableStatistics.hasUniqueIndex(column: innerVar.column.name, in: innerTable)
          let innerSelectivity = JoinSelectivity.eqjoinselInner(outerVar, innerVar)
          var factors: SemiAntiJoinFactors?
          if planKind == .semi || planKind == .anti {
            let semi = JoinSelectivity.eqjoinsel(
              outer: outerVar, inner: innerVar, kind: planKind, innerBaseRows: innerInput.rows,
              innerRows: innerInput.rows)
            factors = JoinSelectivity.semiAntiJoinFactors(
              semiSelectivity: semi, innerSelectivity: innerSelectivity, innerRows: innerInput.rows)
          } else if innerUnique {
            // An inner join's SpecialJoinInfo says INNER, so `eqjoinsel` gives the inner selectivity.
            factors = JoinSelectivity.semiAntiJoinFactors(
              semiSelectivity: innerSelectivity, innerSelectivity: innerSelectivity, innerRows: innerInput.rows)
          }
          let approxTuples = JoinSelectivity.approxTupleCount(
            selectivity: innerSelectivity, outerRows: outerInput.rows, innerRows: innerInput.rows)
          let rows = try #require(join.estimate?.rows)
          let clauseCost = QualCost(perTuple: operatorCost)
          let predicted: JoinPathCost
          var extra = ""
          switch method {
          case .hash, .hashSmallMemory:
            guard join.nodeType == "Hash Join" else { continue }
            let workspace = CostSize.initialCostHashJoin(
              outer: outerInput, inner: innerInput, hashClauseCount: 1, parameters: parameters)
            predicted = CostSize.finalCostHashJoin(
              workspace, kind: planKind, outer: outerInput, inner: innerInput, rows: rows,
              innerKeys: [CostSize.HashInnerKey(variable: innerVar, relationRows: innerInput.rows)],
              hashQualCost: clauseCost, hashJoinTuples: approxTuples, innerUnique: innerUnique,
              semiFactors: factors, parameters: parameters)
            if predicted.batches > 1 { multiBatch += 1 }
            extra = " batches \(predicted.batches)"
          case .merge:
            guard join.nodeType == "Merge Join" else { continue }
            let left = JoinSelectivity.mergejoinscansel(left: outerVar, right: innerVar)
            let fractions = CostSize.MergeScanFractions(
              outerStart: left.leftStart, outerEnd: left.leftEnd, innerStart: left.rightStart,
              innerEnd: left.rightEnd)
            let workspace = CostSize.initialCostMergeJoin(
              kind: planKind, outer: outerInput, inner: innerInput, outerNeedsSort: true, innerNeedsSort: true,
              fractions: fractions, parameters: parameters)
            predicted = CostSize.finalCostMergeJoin(
              workspace, kind: planKind, inner: innerInput, rows: rows, mergeQualCost: clauseCost,
              mergeJoinTuples: approxTuples, innerNeedsSort: true, innerUnique: innerUnique, parameters: parameters)
            let materialized = join.children[1].nodeType == "Materialize"
            if materialized != predicted.materializeInner {
              mismatches.append("\(sql): Materialize \(materialized), predicted \(predicted.materializeInner)")
            }
          case .nestLoopMaterial:
            guard join.nodeType == "Nested Loop", join.children[1].nodeType == "Materialize" else { continue }
            let material = CostSize.costMaterial(
              input: innerInput.cost, tuples: innerInput.rows, width: innerInput.width, parameters: parameters)
            let materialInput = JoinInput(cost: material.cost, rows: innerInput.rows, width: innerInput.width)
            if let problem = CostTestSupport.compare(
              "\(sql) Materialize", join.children[1], startup: material.startup, total: material.total)
            {
              mismatches.append(problem)
            }
            let rescan = CostSize.costRescan(materialInput, kind: .materialOrSort, parameters: parameters)
            predicted = CostSize.costNestLoop(
              kind: planKind, outer: outerInput, inner: materialInput, innerRescan: rescan, rows: rows,
              innerUnique: innerUnique, semiFactors: factors, joinQualCost: clauseCost, parameters: parameters)
          }
          compared += 1
          if let problem = CostTestSupport.compare(
            "\(sql)\(extra)", join, startup: predicted.cost.startup, total: predicted.cost.total)
          {
            mismatches.append(problem)
          }
        }
      }
    }
    print(
      "JoinCostTests \(method): \(compared - mismatches.count)/\(compared) join costs equal (\(multiBatch) multi-batch)"
    )
    #expect(compared >= 8)
    if method == .hashSmallMemory { #expect(multiBatch > 0) }
    #expect(mismatches.isEmpty, "\(mismatches.count) mismatches:\n\(mismatches.prefix(30).joined(separator: "\n"))")
  }
}
