import AugurExplain
import AugurPlan
import AugurPostgres
import AugurReport
import Foundation
import Testing

/// The HTML report in a real browser: headless Chromium loads the page without errors and
/// draws every node.
@Suite struct PlanHTMLTests {
  @Test(arguments: ["24_nested_loop_underestimated_outer", "12_correlated_subplan", "05_parallel_seq_scan_gather"])
  func htmlReportRendersEveryNodeInChromium(_ name: String) throws {
    let (plan, analysis) = try PlanReportTests.fixture(name)
    let html = try PlanReport.html(plan, analysis, title: "Plan <\(name)>")
    #expect(!html.contains("http://") && !html.contains("https://"), "the page needs no network")
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("augur-html-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let page = directory.appendingPathComponent("report.html")
    try html.write(to: page, atomically: true, encoding: .utf8)

    let output = directory.appendingPathComponent("dom.html")
    let chromium = "/usr/bin/chromium"
    try #require(FileManager.default.isExecutableFile(atPath: chromium), "chromium is not installed: run make deps")
    // --dump-dom prints the DOM after the page's scripts ran; console errors go to stderr.
    let script = """
      \(chromium) --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --user-data-dir=\(directory.path)/profile \
      --enable-logging=stderr --v=0 --dump-dom file://\(page.path) > \(output.path) 2> \(directory.path)/stderr.txt
      """
    try Subprocess.run("/bin/sh", ["-c", script])
    let dom = try String(contentsOf: output, encoding: .utf8)
    let errors = (try? String(contentsOfFile: directory.path + "/stderr.txt", encoding: .utf8)) ?? ""
    let count = plan.root.allNodes.count
    #expect(dom.contains("data-rendered=\"\(count)\""), "rendered: \(dom.prefix(300))")
    #expect(dom.components(separatedBy: "class=\"node").count - 1 == count)
    #expect(!errors.contains("Uncaught"), "\(errors)")
    #expect(dom.contains("Plan &lt;\(name)&gt;"))
    for finding in analysis.findings {
      #expect(dom.contains(finding.id), "\(finding.id)")
    }
  }
}
