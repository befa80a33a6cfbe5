import AugurExplain
import AugurPlan
import AugurSQL
import Foundation

extension PlanReport {
  /// A single self-contained HTML page (no network): the plan drawn as a tree of boxes, each as
  /// wide as its share of the time and coloured by how far its row estimate was off, with the
  /// findings beside it. The data is embedded as JSON and drawn by a small script, which marks
  /// the page `data-rendered="N"` when it has drawn N nodes.
  public static func html(_ plan: ExplainedPlan, _ analysis: PlanAnalysis, title: String = "Augur plan report") throws
    -> String
  {
    struct Node: Encodable {
      var label: String
      var detail: String
      var selfTime: Double?
      var share: Double?
      var qError: Double?
      var under: Bool
      var children: [Node]
    }
    var index = 0
    func build(_ node: PlanNode) -> Node {
      let metrics = analysis.metrics[index]
      index += 1
      var detail: [String] = []
      if let estimate = node.estimate {
        detail.append("est \(number(estimate.rows)) rows, cost \(decimal(estimate.totalCost))")
      }
      if let actual = node.actual {
        detail.append(
          actual.neverExecuted ? "never executed" : "actual \(number(actual.rows)) rows × \(number(actual.loops))")
      }
      return Node(
        label: describe(node), detail: detail.joined(separator: "; "), selfTime: metrics.exclusiveTime,
        share: metrics.shareOfTotal, qError: metrics.qError, under: metrics.underestimated,
        children: node.children.map(build))
    }
    struct Document: Encodable {
      var root: Node
      var nodeCount: Int
      var planning: Double?
      var execution: Double?
      var findings: [Finding]
    }
    let document = Document(
      root: build(plan.root), nodeCount: plan.root.allNodes.count, planning: plan.planningTime,
      execution: plan.executionTime, findings: analysis.findings)
    // Embedded in a <script type="application/json">: "</" must not end the script element.
    let data = try JSONValueEncoder().encode(document).jsonText().replacingOccurrences(of: "</", with: "<\\/")
    return htmlTemplate.replacingOccurrences(of: "@TITLE@", with: escapeHTML(title))
      .replacingOccurrences(of: "@DATA@", with: data)
  }

  static func escapeHTML(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }

  static let htmlTemplate = """
    <!DOCTYPE html>
    <html lang="en">
    <head>
    <meta charset="utf-8">
    <title>@TITLE@</title>
    <style>
      body { font: 14px/1.4 system-ui, sans-serif; margin: 0; display: flex; color: #222; }
      main { flex: 3; padding: 16px; overflow: auto; }
      aside { flex: 2; padding: 16px; border-left: 1px solid #ddd; background: #fafafa; }
      h1 { font-size: 18px; word-break: break-all; }
      .node { border: 1px solid #999; border-radius: 4px; margin: 4px 0 4px 16px; padding: 4px 6px; min-width: 12em;
              background: #fff; }
      .bar { height: 6px; background: #4a7; border-radius: 3px; margin: 2px 0; }
      .label { font-weight: 600; }
      .detail { color: #555; font-size: 12px; }
      .q2 { background: #fff7d6; } .q10 { background: #ffe2c2; } .q100 { background: #ffd0d0; }
      .finding { margin-bottom: 12px; }
      .sev-critical { color: #b00; } .sev-warning { color: #a60; } .sev-info { color: #357; }
    </style>
    </head>
    <body>
    <main><h1>@TITLE@</h1><p id="summary"></p><div id="plan"></div></main>
    <aside><h2>Findings</h2><div id="findings"></div></aside>
    <script type="application/json" id="data">@DATA@</script>
    <script>
    (function () {
      var data = JSON.parse(document.getElementById("data").textContent);
      var drawn = 0;
      function text(tag, cls, content) {
        var element = document.createElement(tag);
        if (cls) element.className = cls;
        if (content !== undefined) element.textContent = content;
        return element;
      }
      function draw(node, parent) {
        var box = text("div", "node");
        var q = node.qError || 1;
        if (q >= 100) box.classList.add("q100"); else if (q >= 10) box.classList.add("q10"); else if (q >= 2) box.classList.add("q2");
        box.appendChild(text("div", "label", node.label));
        var share = node.share || 0;
        var bar = text("div", "bar");
        bar.style.width = Math.max(2, Math.round(share * 100)) + "%";
        box.appendChild(bar);
        var parts = [node.detail];
        if (node.selfTime !== undefined && node.selfTime !== null) parts.push("self " + node.selfTime.toFixed(2) + " ms (" + Math.round(share * 100) + "%)");
        if (q >= 2) parts.push("q-error " + q.toFixed(1) + (node.under ? " under" : " over"));
        box.appendChild(text("div", "detail", parts.filter(Boolean).join(" · ")));
        parent.appendChild(box);
        drawn += 1;
        (node.children || []).forEach(function (child) { draw(child, box); });
      }
      draw(data.root, document.getElementById("plan"));
      var summary = [];
      if (data.planning !== undefined && data.planning !== null) summary.push("planning " + data.planning.toFixed(2) + " ms");
      if (data.execution !== undefined && data.execution !== null) summary.push("execution " + data.execution.toFixed(2) + " ms");
      document.getElementById("summary").textContent = summary.join(", ");
      var findings = document.getElementById("findings");
      if (data.findings.length === 0) findings.appendChild(text("p", null, "No findings."));
      data.findings.forEach(function (finding) {
        var severity = finding.severity || "info";
        var block = text("div", "finding");
        block.appendChild(text("div", "sev-" + severity, "[" + severity + "] " + finding.id + ": " + finding.title));
        block.appendChild(text("div", "detail", "Evidence: " + finding.evidence));
        block.appendChild(text("div", "detail", "Fix: " + finding.fix));
        findings.appendChild(block);
      });
      document.body.setAttribute("data-rendered", String(drawn));
    })();
    </script>
    </body>
    </html>
    """
}
