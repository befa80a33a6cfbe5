import AugurSQL
import Dispatch
import Testing

/// libpg_query keeps its memory per thread; parsing from many threads at once must give the
/// same results as parsing on one.
@Suite struct ConcurrencyTests {
  @Test func parallelParsingMatchesSerialParsing() throws {
    let statements = CorpusTests.files.flatMap { file in (try? SQLParser.split(file.text)) ?? [] }.map(\.text)
    try #require(statements.count > 500)
    let serial = try statements.map { try SQLParser.parse($0) }
    let serialFingerprints = try statements.map { try SQLParser.fingerprint($0) }

    final class Results: @unchecked Sendable {
      var trees: [[ParsedStatement]?]
      var fingerprints: [Fingerprint?]
      init(count: Int) {
        trees = Array(repeating: nil, count: count)
        fingerprints = Array(repeating: nil, count: count)
      }
    }
    let results = Results(count: statements.count)
    let stripes = 8
    // Each worker writes only its own indices.
    DispatchQueue.concurrentPerform(iterations: stripes) { stripe in
      for index in stride(from: stripe, to: statements.count, by: stripes) {
        results.trees[index] = try? SQLParser.parse(statements[index])
        results.fingerprints[index] = try? SQLParser.fingerprint(statements[index])
      }
    }
    for index in statements.indices {
      #expect(results.trees[index] == serial[index])
      #expect(results.fingerprints[index] == serialFingerprints[index])
    }
  }
}
