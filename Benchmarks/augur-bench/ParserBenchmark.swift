import AugurSQL
import CPgQuery
import Dispatch
import Foundation

/// Parser throughput: libpg_query's raw C parse (the faster of its JSON and protobuf entry
/// points, called alone) against Augur's full typed parse of the same statements, and peak
/// memory while parsing a long stream of statements.
struct ParserBenchmark {
  var corpus: String
  var report: String
  var streamCount: Int

  /// Timed rounds per contender; the median round counts. Rounds alternate between contenders
  /// so that a slow moment of the machine hits all of them alike.
  let rounds = 7

  func run() throws {
    let statements = try loadStatements()
    let bytes = statements.reduce(0) { $0 + $1.utf8.count }
    print("parser benchmark: \(statements.count) statements, \(bytes) bytes from \(corpus)")
    let cStrings = statements.map { strdup($0)! }
    defer { cStrings.forEach { free($0) } }

    // Warm up caches and libpg_query's per-thread memory context.
    _ = rawJSON(cStrings)
    _ = rawProtobuf(cStrings)
    _ = try typed(statements)

    var json: [Double] = []
    var protobuf: [Double] = []
    var augur: [Double] = []
    for round in 1...rounds {
      json.append(rawJSON(cStrings))
      protobuf.append(rawProtobuf(cStrings))
      augur.append(try typed(statements))
      print(
        "  round \(round): json \(Int(json.last!)) /s, protobuf \(Int(protobuf.last!)) /s, augur \(Int(augur.last!)) /s"
      )
    }
    let jsonRate = median(json)
    let protobufRate = median(protobuf)
    let augurRate = median(augur)
    let referenceName = jsonRate >= protobufRate ? "pg_query_parse (JSON)" : "pg_query_parse_protobuf"
    // The ratio of each round (same moment of the machine for all contenders), then the median.
    let ratio = median(zip(augur, zip(json, protobuf)).map { $0 / max($1.0, $1.1) })
    let parallel = try typedParallel(statements)
    let stream = try streamMemory(statements)

    let markdown = renderReport(
      statementCount: statements.count, bytes: bytes, jsonRate: jsonRate, protobufRate: protobufRate,
      augurRate: augurRate, referenceName: referenceName, ratio: ratio, parallel: parallel, stream: stream)
    try FileManager.default.createDirectory(
      at: URL(fileURLWithPath: report).deletingLastPathComponent(), withIntermediateDirectories: true)
    try markdown.write(toFile: report, atomically: true, encoding: .utf8)
    print(markdown)
  }

  // MARK: Contenders

  private func rawJSON(_ statements: [UnsafeMutablePointer<CChar>]) -> Double {
    rate(statements.count) {
      var sink = 0
      for statement in statements {
        let result = pg_query_parse(statement)
        sink &+= result.parse_tree.map { Int($0.pointee) } ?? 0
        pg_query_free_parse_result(result)
      }
      return sink
    }
  }

  private func rawProtobuf(_ statements: [UnsafeMutablePointer<CChar>]) -> Double {
    rate(statements.count) {
      var sink = 0
      for statement in statements {
        let result = pg_query_parse_protobuf(statement)
        sink &+= Int(result.parse_tree.len)
        pg_query_free_protobuf_parse_result(result)
      }
      return sink
    }
  }

  private func typed(_ statements: [String]) throws -> Double {
    var failure: (any Error)?
    let value = rate(statements.count) {
      var sink = 0
      for statement in statements {
        do {
          sink &+= try SQLParser.parse(statement).count
        } catch {
          failure = error
        }
      }
      return sink
    }
    if let failure { throw failure }
    return value
  }

  /// Typed parse on every core at once (the log analyzer's situation).
  private func typedParallel(_ statements: [String]) throws -> (cores: Int, rate: Double) {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let repetitions = 40
    // Each worker gets its own copies of its statements, as a log reader's threads would have;
    // sharing one array would make the cores contend on the strings' reference counts.
    let shares = (0..<cores).map { worker in
      stride(from: worker, to: statements.count, by: cores).map {
        String(decoding: Array(statements[$0].utf8), as: UTF8.self)
      }
    }
    let start = DispatchTime.now()
    DispatchQueue.concurrentPerform(iterations: cores) { worker in
      let share = shares[worker]
      for _ in 0..<repetitions {
        for statement in share {
          _ = try? SQLParser.parse(statement)
        }
      }
    }
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    return (cores, Double(statements.count * repetitions) / seconds)
  }

  /// Parses `streamCount` statements one after another (cycling through the corpus, keeping
  /// nothing) and samples the peak resident set size along the way.
  private func streamMemory(_ statements: [String]) throws -> [(parsed: Int, peakKiB: Int)] {
    var samples: [(Int, Int)] = []
    var checkpoints = Set([10_000, 100_000, streamCount / 2, streamCount])
    checkpoints = checkpoints.filter { $0 > 0 && $0 <= streamCount }
    var parsed = 0
    var index = 0
    while parsed < streamCount {
      _ = try SQLParser.parse(statements[index])
      index = (index + 1) % statements.count
      parsed += 1
      if checkpoints.contains(parsed) {
        samples.append((parsed, peakResidentKiB()))
        print("  stream: \(parsed) statements parsed, peak RSS \(samples.last!.1) KiB")
      }
    }
    return samples
  }

  // MARK: Measurement

  private func rate(_ count: Int, _ body: () -> Int) -> Double {
    let start = DispatchTime.now()
    let sink = body()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    if sink == Int.min { print("") }  // keeps the work observable
    return Double(count) / seconds
  }

  private func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
  }

  private func peakResidentKiB() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
      return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    }
    return -1
  }

  private func loadStatements() throws -> [String] {
    let names = try FileManager.default.contentsOfDirectory(atPath: corpus).filter { $0.hasSuffix(".sql") }.sorted()
    var statements: [String] = []
    for name in names {
      let data = try Data(contentsOf: URL(fileURLWithPath: corpus).appendingPathComponent(name))
      let text = try SQLSource.text(fromUTF8: data)
      statements += try SQLParser.split(text).map(\.text)
    }
    guard !statements.isEmpty else { throw BenchmarkError("no statements in \(corpus)") }
    return statements
  }

  // MARK: Report

  private func renderReport(
    statementCount: Int, bytes: Int, jsonRate: Double, protobufRate: Double, augurRate: Double,
    referenceName: String, ratio: Double, parallel: (cores: Int, rate: Double), stream: [(parsed: Int, peakKiB: Int)]
  ) -> String {
    func format(_ value: Double) -> String { String(Int(value.rounded())) }
    let first = stream.first { $0.parsed >= 100_000 } ?? stream.first
    let last = stream.last
    let growth = (last?.peakKiB ?? 0) - (first?.peakKiB ?? 0)
    var lines: [String] = []
    lines.append("# Parser benchmark")
    lines.append("")
    lines.append("Generated by `make bench` (`augur-bench parser`), release build, on \(machineDescription()).")
    lines.append(
      "Input: the \(statementCount) statements of `\(corpus)` (\(bytes) bytes), each parsed on its own; "
        + "median of \(rounds) alternating rounds.")
    lines.append("")
    lines.append("## Throughput (one core)")
    lines.append("")
    lines.append("| Contender | Statements/s |")
    lines.append("|---|---:|")
    lines.append("| libpg_query `pg_query_parse` (C, JSON output) | \(format(jsonRate)) |")
    lines.append("| libpg_query `pg_query_parse_protobuf` (C, protobuf output) | \(format(protobufRate)) |")
    lines.append("| Augur `SQLParser.parse` (C parse + typed Swift AST) | \(format(augurRate)) |")
    lines.append("")
    lines.append(
      "Reference: \(referenceName), the faster raw C entry point. **Augur's typed parse runs at "
        + String(format: "%.2f", ratio)
        + "× the raw C throughput** (target ≥ 0.50: decoding costs no more than parsing): "
        + (ratio >= 0.5 ? "**met**." : "**not met**."))
    lines.append("")
    lines.append(
      "All \(parallel.cores) cores, one typed parse per statement spread over \(parallel.cores) threads: "
        + "\(format(parallel.rate)) statements/s (\(String(format: "%.2f", parallel.rate / augurRate))× one core; "
        + "the parser layer shares no state between threads).")
    lines.append("")
    lines.append("## Memory over a stream")
    lines.append("")
    lines.append("Parsing \(streamCount) statements one after another (the corpus, cycled), keeping no results:")
    lines.append("")
    lines.append("| Statements parsed | Peak RSS (KiB) |")
    lines.append("|---:|---:|")
    for sample in stream { lines.append("| \(sample.parsed) | \(sample.peakKiB) |") }
    lines.append("")
    lines.append(
      "Peak RSS grew by \(growth) KiB from \(first?.parsed ?? 0) to \(last?.parsed ?? 0) statements: "
        + (growth < 4096 ? "**flat** (under 4 MiB)." : "**not flat**."))
    lines.append("")
    lines.append(
      "Reproduce: `make bench` (or `swift build -c release --product augur-bench && "
        + ".build/release/augur-bench parser --corpus \(corpus) --report \(report)`).")
    lines.append("")
    return lines.joined(separator: "\n")
  }

  private func machineDescription() -> String {
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let memory = ProcessInfo.processInfo.physicalMemory / (1 << 30)
    var cpu = "unknown CPU"
    if let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
      let line = info.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
      let name = line.split(separator: ":", maxSplits: 1).last
    {
      cpu = name.trimmingCharacters(in: .whitespaces)
    }
    return "\(cpu), \(cores) cores, \(memory) GiB"
  }
}

struct BenchmarkError: Error, CustomStringConvertible {
  var description: String
  init(_ description: String) { self.description = description }
}
