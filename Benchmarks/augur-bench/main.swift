// augur-bench: Augur's benchmarks. Each compares Augur with a reference measured in the same
// run (so figures are ratios that survive a change of machine) and writes Reports/bench-*.md.
//
//   augur-bench parser --corpus Corpus/sql --report Reports/bench-parser.md [--stream 1000000]
//   augur-bench catalog --report Reports/bench-catalog.md
//   augur-bench planner --report Reports/bench-planner.md [--scale 1]
//   augur-bench planner-loop --stats snapshot.json --queries DIR [--seconds 10]   (for profilers)

import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
guard let benchmark = arguments.first else {
  FileHandle.standardError.write(
    Data("usage: augur-bench parser|catalog|planner [--corpus DIR] [--report FILE] [--stream N] [--scale N]\n".utf8))
  exit(2)
}

func option(_ name: String, default fallback: String) -> String {
  guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return fallback }
  return arguments[index + 1]
}

switch benchmark {
case "parser":
  do {
    try ParserBenchmark(
      corpus: option("--corpus", default: "Corpus/sql"),
      report: option("--report", default: "Reports/bench-parser.md"),
      streamCount: Int(option("--stream", default: "1000000")) ?? 1_000_000
    ).run()
  } catch {
    FileHandle.standardError.write(Data("augur-bench: \(error)\n".utf8))
    exit(2)
  }
case "catalog":
  do {
    try CatalogBenchmark(report: option("--report", default: "Reports/bench-catalog.md")).run()
  } catch {
    FileHandle.standardError.write(Data("augur-bench: \(error)\n".utf8))
    exit(2)
  }
case "planner":
  do {
    try PlannerBenchmark(
      report: option("--report", default: "Reports/bench-planner.md"),
      scale: Int(option("--scale", default: "1")) ?? 1
    ).run()
  } catch {
    FileHandle.standardError.write(Data("augur-bench: \(error)\n".utf8))
    exit(2)
  }
case "planner-loop":
  do {
    try PlannerBenchmark.loop(
      snapshotPath: option("--stats", default: ""), queries: option("--queries", default: ""),
      seconds: Double(option("--seconds", default: "10")) ?? 10)
  } catch {
    FileHandle.standardError.write(Data("augur-bench: \(error)\n".utf8))
    exit(2)
  }
default:
  FileHandle.standardError.write(Data("augur-bench: unknown benchmark \(benchmark)\n".utf8))
  exit(2)
}
