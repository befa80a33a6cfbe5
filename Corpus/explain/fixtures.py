#!/usr/bin/env python3
"""Runs the EXPLAIN cases in Corpus/explain/cases/ and writes (or checks) the plan fixtures.

    python3 fixtures.py run      # needs PGHOST/PGPORT/PGUSER and the loaded databases (see generate.sh)
    python3 fixtures.py check    # no database: checks the committed fixtures against each other

`run` executes every case once as

    EXPLAIN (ANALYZE, BUFFERS, VERBOSE, SETTINGS, WAL, FORMAT JSON) <query>

with auto_explain logging the same execution in TEXT format to the client
(auto_explain.log_level = log, client_min_messages = log). The JSON goes to
plans/NN_name.json unchanged. The TEXT plan is auto_explain's message with its
"duration: ... plan:" and "Query Text:" lines removed and the four things only EXPLAIN
prints (Query Identifier, Planning buffers, Planning Time, Execution Time) put back from
the JSON of the same execution, in EXPLAIN's own text layout and order. See README.md.

`check` verifies, for every case: the JSON and TEXT files describe the same plan (same
nodes in the same order with identical costs, actual times, rows, loops, buffers and
per-worker numbers; identical planning/execution time, triggers and JIT), each
`expect:` regex of the case header matches the TEXT plan, and the variant files exist.
Exit status 1 on any failure.

Python 3 standard library only.
"""
import json
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")
PLANS = os.path.join(HERE, "plans")
VARIANTS = os.path.join(PLANS, "variants")

EXPLAIN_OPTIONS = "ANALYZE, BUFFERS, VERBOSE, SETTINGS, WAL, FORMAT JSON"

# auto_explain, set just before the EXPLAIN so that the case's setup statements are not logged.
AUTO_EXPLAIN = """\
SET auto_explain.log_min_duration = 0;
SET auto_explain.sample_rate = 1;
SET auto_explain.log_analyze = on;
SET auto_explain.log_timing = on;
SET auto_explain.log_buffers = on;
SET auto_explain.log_wal = on;
SET auto_explain.log_verbose = on;
SET auto_explain.log_settings = on;
SET auto_explain.log_triggers = on;
SET auto_explain.log_nested_statements = off;
SET auto_explain.log_format = text;
SET auto_explain.log_level = log;
SET client_min_messages = log;
"""

# Variants: a second, separate execution of the case, formatted as users paste it.
#   name -> (file suffix, EXPLAIN options, psql aligned output?)
VARIANT_KINDS = {
    "psql": (".psql.txt", "ANALYZE, BUFFERS", True),
    "psql-json": (".psql-json.txt", "ANALYZE, BUFFERS, FORMAT JSON", True),
    "costs-off": (".costs-off.txt", "ANALYZE, COSTS OFF", False),
    "timing-off": (".timing-off.txt", "ANALYZE, BUFFERS, TIMING OFF", False),
    "estimates": (".estimates.txt", "VERBOSE", False),
    "estimates-json": (".estimates.json", "VERBOSE, FORMAT JSON", False),
}


class CaseError(Exception):
    pass


# ----------------------------------------------------------------------------- case files

class Case:
    def __init__(self, path):
        self.path = path
        self.name = os.path.splitext(os.path.basename(path))[0]
        with open(path, encoding="utf-8") as f:
            text = f.read()
        self.meta = {"expect": [], "variants": []}
        lines = text.split("\n")
        i = 0
        while i < len(lines) and lines[i].startswith("--"):
            m = re.match(r"--\s*([a-z-]+):\s?(.*)$", lines[i])
            if m and m.group(1) in ("database", "shows", "finding", "expect", "variants", "writes", "case"):
                key, value = m.group(1), m.group(2).strip()
                if key == "expect":
                    self.meta["expect"].append(value)
                elif key == "variants":
                    self.meta["variants"] += [v.strip() for v in value.split(",") if v.strip()]
                else:
                    self.meta[key] = value
            i += 1
        body = "\n".join(lines[i:])
        marker = re.search(r"^-- query\s*$", body, re.M)
        if not marker:
            raise CaseError(f"{self.name}: no '-- query' line")
        self.setup = body[: marker.start()].strip()
        query = body[marker.end():].strip()
        if not query.endswith(";"):
            raise CaseError(f"{self.name}: the query must end with ';'")
        self.query = query[:-1].rstrip()
        if "database" not in self.meta:
            raise CaseError(f"{self.name}: no 'database:' line")
        for v in self.meta["variants"]:
            if v not in VARIANT_KINDS:
                raise CaseError(f"{self.name}: unknown variant {v!r}")

    @property
    def database(self):
        return self.meta["database"]


def load_cases():
    names = sorted(n for n in os.listdir(CASES) if re.match(r"\d\d_.*\.sql$", n))
    return [Case(os.path.join(CASES, n)) for n in names]


# ----------------------------------------------------------------------------- running

def psql(database, script):
    """Runs a script through psql on stdin; returns (stdout, stderr)."""
    p = subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", database],
        input=script, capture_output=True, text=True)
    if p.returncode != 0:
        raise CaseError(f"psql failed ({p.returncode}) on {database}:\n{p.stderr}")
    return p.stdout, p.stderr


def case_script(case, explain_statement, out_file, aligned, auto_explain):
    parts = [
        "SET client_min_messages = warning;",
        "SET TimeZone = 'UTC';",
        "BEGIN;",
        case.setup,
    ]
    if auto_explain:
        parts.append(AUTO_EXPLAIN.rstrip())
    parts.append("\\pset pager off")
    if aligned:
        parts += ["\\pset format aligned", "\\pset tuples_only off"]
    else:
        parts += ["\\pset format unaligned", "\\pset tuples_only on"]
    parts += [f"\\o {out_file}", explain_statement, "\\o", "ROLLBACK;", ""]
    return "\n".join(parts)


LOG_HEAD = re.compile(r"^LOG:  duration: ([0-9.]+) ms  plan:\n", re.M)


def auto_explain_text(stderr, explain_statement):
    """The TEXT plan auto_explain logged for the top-level statement (the last LOG message)."""
    heads = list(LOG_HEAD.finditer(stderr))
    if not heads:
        raise CaseError("auto_explain logged no plan:\n" + stderr)
    body = stderr[heads[-1].end():]
    query_text = "Query Text: " + explain_statement + "\n"
    if not body.startswith(query_text):
        raise CaseError("auto_explain message does not start with the expected Query Text:\n" + body[:500])
    body = body[len(query_text):].rstrip("\n")
    return float(heads[-1].group(1)), body.split("\n")


def buffers_text(d, planning=False):
    """EXPLAIN's TEXT rendering of the buffer counters in a JSON object (show_buffer_usage, PG 15)."""
    def g(k):
        return d.get(k, 0) or 0
    shared = [("hit", g("Shared Hit Blocks")), ("read", g("Shared Read Blocks")),
              ("dirtied", g("Shared Dirtied Blocks")), ("written", g("Shared Written Blocks"))]
    local = [("hit", g("Local Hit Blocks")), ("read", g("Local Read Blocks")),
             ("dirtied", g("Local Dirtied Blocks")), ("written", g("Local Written Blocks"))]
    temp = [("read", g("Temp Read Blocks")), ("written", g("Temp Written Blocks"))]
    groups = []
    for label, counters in (("shared", shared), ("local", local), ("temp", temp)):
        shown = [f"{k}={v}" for k, v in counters if v > 0]
        if shown:
            groups.append(label + " " + " ".join(shown))
    lines = []
    if groups:
        lines.append("Buffers: " + ", ".join(groups))
    io = []
    rd, wr = g("I/O Read Time"), g("I/O Write Time")
    trd, twr = g("Temp I/O Read Time"), g("Temp I/O Write Time")
    if rd or wr:
        io.append("shared/local" + (f" read={rd:.3f}" if rd else "") + (f" write={wr:.3f}" if wr else ""))
    if trd or twr:
        io.append("temp" + (f" read={trd:.3f}" if trd else "") + (f" write={twr:.3f}" if twr else ""))
    if io:
        lines.append("I/O Timings: " + ", ".join(io))
    return lines


def explain_text(log_lines, doc):
    """auto_explain's TEXT plan + the summary lines EXPLAIN adds, from the JSON of the same execution.

    PG 15 EXPLAIN TEXT order (ExplainOnePlan): plan tree, Settings, Query Identifier,
    Planning: Buffers, Planning Time, Triggers, JIT, Execution Time. auto_explain prints
    the plan tree, Settings, Triggers and JIT, so the summary goes in before the first
    top-level "Trigger ..." or "JIT:" line and Execution Time at the end.
    """
    summary = []
    if "Query Identifier" in doc:
        summary.append(f"Query Identifier: {doc['Query Identifier']}")
    planning = buffers_text(doc.get("Planning", {}), planning=True)
    if planning:
        summary.append("Planning:")
        summary += ["  " + line for line in planning]
    summary.append(f"Planning Time: {doc['Planning Time']:.3f} ms")
    cut = len(log_lines)
    for i, line in enumerate(log_lines):
        if i > 0 and (line.startswith("Trigger ") or line == "JIT:"):
            cut = i
            break
    out = log_lines[:cut] + summary + log_lines[cut:]
    out.append(f"Execution Time: {doc['Execution Time']:.3f} ms")
    return "\n".join(out) + "\n"


def run_case(case, tmp):
    statement = f"EXPLAIN ({EXPLAIN_OPTIONS})\n{case.query};"
    json_tmp = os.path.join(tmp, case.name + ".json")
    _, stderr = psql(case.database, case_script(case, statement, json_tmp, False, True))
    with open(json_tmp, encoding="utf-8") as f:
        raw_json = f.read()
    doc = json.loads(raw_json)[0]
    duration, log_lines = auto_explain_text(stderr, statement)
    text = explain_text(log_lines, doc)
    with open(os.path.join(PLANS, case.name + ".json"), "w", encoding="utf-8") as f:
        f.write(raw_json)
    with open(os.path.join(PLANS, case.name + ".txt"), "w", encoding="utf-8") as f:
        f.write(text)
    for kind in case.meta["variants"]:
        suffix, options, aligned = VARIANT_KINDS[kind]
        out = os.path.join(VARIANTS, case.name + suffix)
        stmt = f"EXPLAIN ({options})\n{case.query};"
        psql(case.database, case_script(case, stmt, out, aligned, False))
    if case.meta.get("writes"):
        # The rolled-back writes left dead tuples and cleared visibility-map bits in these
        # tables: vacuum them so that cases run after this one see the same tables as before.
        psql(case.database, f"VACUUM (INDEX_CLEANUP on, ANALYZE) {case.meta['writes']};")
    return doc, duration


def cmd_run():
    os.makedirs(VARIANTS, exist_ok=True)
    for d in (PLANS, VARIANTS):
        for n in os.listdir(d):
            if os.path.isfile(os.path.join(d, n)):
                os.remove(os.path.join(d, n))
    cases = load_cases()
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases:
            doc, duration = run_case(case, tmp)
            print(f"  {case.name:<45} {case.database:<12} planning {doc['Planning Time']:9.3f} ms"
                  f"  execution {doc['Execution Time']:9.3f} ms", flush=True)
    return 0


# ----------------------------------------------------------------------------- checking

NODE_LINE = re.compile(
    r"^(?P<indent> *)(?:->  )?(?P<label>.+?)  "
    r"\(cost=(?P<sc>[0-9.]+)\.\.(?P<tc>[0-9.]+) rows=(?P<pr>\d+) width=(?P<w>\d+)\)"
    r"(?: \((?:actual time=(?P<as>[0-9.]+)\.\.(?P<at>[0-9.]+) rows=(?P<ar>\d+) loops=(?P<al>\d+)"
    r"|(?P<never>never executed))\))?$")
WORKER_LINE = re.compile(
    r"^ *Worker (?P<n>\d+):  actual time=(?P<as>[0-9.]+)\.\.(?P<at>[0-9.]+) rows=(?P<ar>\d+) loops=(?P<al>\d+)$")


def text_nodes(text):
    """Plan nodes of a TEXT plan in print order, each with its detail lines."""
    nodes = []
    lines = text.split("\n")
    for i, line in enumerate(lines):
        m = NODE_LINE.match(line)
        if not m:
            continue
        node = m.groupdict()
        node["details"] = []
        indent = len(m.group("indent")) + (4 if line.lstrip().startswith("->") else 0)
        # A node's own detail lines are indented 2 more than its label and come before any child.
        for detail in lines[i + 1:]:
            if not detail.startswith(" " * (indent + 2)) or NODE_LINE.match(detail):
                break
            stripped = detail.strip()
            if stripped.startswith("->"):
                break
            if len(detail) - len(detail.lstrip()) == indent + 2:
                node["details"].append(stripped)
        nodes.append(node)
    return nodes


def json_nodes(plan, out=None):
    out = [] if out is None else out
    out.append(plan)
    for child in plan.get("Plans", []):
        json_nodes(child, out)
    return out


def label_matches(label, jnode):
    t = jnode["Node Type"]
    if t == "ModifyTable":
        return label.startswith(jnode["Operation"] + " on ")
    if t == "Aggregate":
        return "Aggregate" in label
    if t == "SetOp":
        return "SetOp" in label
    if t in ("Nested Loop", "Hash Join", "Merge Join"):
        # "Hash Right Join", "Nested Loop Left Join", "Parallel Hash Semi Join", ...
        return t.split(" Join")[0] in label
    return t in label


def fmt3(x):
    return f"{x:.3f}"


def compare(name, text, doc):
    """Differences between a TEXT plan and the JSON document of the same execution."""
    errors = []
    tn = text_nodes(text)
    jn = json_nodes(doc["Plan"])
    if len(tn) != len(jn):
        return [f"{name}: {len(tn)} nodes in TEXT, {len(jn)} in JSON"]
    for k, (t, j) in enumerate(zip(tn, jn)):
        where = f"{name}: node {k} ({j['Node Type']})"
        if not label_matches(t["label"], j):
            errors.append(f"{where}: TEXT label {t['label']!r}")
        if (t["sc"], t["tc"], int(t["pr"]), int(t["w"])) != (
                f"{j['Startup Cost']:.2f}", f"{j['Total Cost']:.2f}", j["Plan Rows"], j["Plan Width"]):
            errors.append(f"{where}: estimates differ")
        if t["never"]:
            if j.get("Actual Loops") != 0:
                errors.append(f"{where}: never executed in TEXT, loops={j.get('Actual Loops')} in JSON")
        else:
            jt = (fmt3(j["Actual Startup Time"]), fmt3(j["Actual Total Time"]), j["Actual Rows"], j["Actual Loops"])
            tt = (t["as"], t["at"], int(t["ar"]), int(t["al"]))
            if jt != tt:
                errors.append(f"{where}: actual {tt} in TEXT, {jt} in JSON")
        buffers = [d for d in t["details"] if d.startswith("Buffers:") or d.startswith("I/O Timings:")]
        expected = buffers_text(j)
        if buffers != expected:
            errors.append(f"{where}: buffers {buffers} in TEXT, {expected} from JSON")
        tworkers = []
        for d in t["details"]:
            m = WORKER_LINE.match(d)
            if m:
                tworkers.append((int(m["n"]), m["as"], m["at"], int(m["ar"]), int(m["al"])))
        jworkers = [(w["Worker Number"], fmt3(w["Actual Startup Time"]), fmt3(w["Actual Total Time"]),
                     w["Actual Rows"], w["Actual Loops"])
                    for w in j.get("Workers", []) if "Actual Startup Time" in w]
        if tworkers != jworkers:
            errors.append(f"{where}: workers {tworkers} in TEXT, {jworkers} in JSON")
    # Summary.
    m = re.search(r"^Planning Time: ([0-9.]+) ms$", text, re.M)
    if not m or m.group(1) != fmt3(doc["Planning Time"]):
        errors.append(f"{name}: Planning Time differs")
    m = re.search(r"^Execution Time: ([0-9.]+) ms$", text, re.M)
    if not m or m.group(1) != fmt3(doc["Execution Time"]):
        errors.append(f"{name}: Execution Time differs")
    ttrig = re.findall(r"^Trigger .*: time=([0-9.]+) calls=(\d+)$", text, re.M)
    jtrig = [(fmt3(t["Time"]), str(t["Calls"])) for t in doc.get("Triggers", [])]
    if ttrig != jtrig:
        errors.append(f"{name}: triggers {ttrig} in TEXT, {jtrig} in JSON")
    if "JIT" in doc:
        jit = doc["JIT"]
        m = re.search(r"^  Functions: (\d+)$", text, re.M)
        if not m or int(m.group(1)) != jit["Functions"]:
            errors.append(f"{name}: JIT functions differ")
        timing = jit["Timing"]
        want = (f"  Timing: Generation {timing['Generation']:.3f} ms, Inlining {timing['Inlining']:.3f} ms, "
                f"Optimization {timing['Optimization']:.3f} ms, Emission {timing['Emission']:.3f} ms, "
                f"Total {timing['Total']:.3f} ms")
        if want not in text.split("\n"):
            errors.append(f"{name}: JIT timing differs")
    elif re.search(r"^JIT:$", text, re.M):
        errors.append(f"{name}: JIT in TEXT only")
    return errors


def cmd_check():
    errors = []
    cases = load_cases()
    seen = set()
    for case in cases:
        seen.add(case.name)
        jpath = os.path.join(PLANS, case.name + ".json")
        tpath = os.path.join(PLANS, case.name + ".txt")
        if not (os.path.exists(jpath) and os.path.exists(tpath)):
            errors.append(f"{case.name}: missing plans/{case.name}.json or .txt")
            continue
        with open(jpath, encoding="utf-8") as f:
            doc = json.load(f)[0]
        with open(tpath, encoding="utf-8") as f:
            text = f.read()
        errors += compare(case.name, text, doc)
        for pattern in case.meta["expect"]:
            if not re.search(pattern, text, re.M):
                errors.append(f"{case.name}: expected /{pattern}/ not in plans/{case.name}.txt")
        for kind in case.meta["variants"]:
            suffix = VARIANT_KINDS[kind][0]
            if not os.path.exists(os.path.join(VARIANTS, case.name + suffix)):
                errors.append(f"{case.name}: missing variants/{case.name}{suffix}")
        for key in ("shows", "finding"):
            if key not in case.meta:
                errors.append(f"{case.name}: no '{key}:' line in the header")
    for n in sorted(os.listdir(PLANS)):
        base, ext = os.path.splitext(n)
        if ext in (".json", ".txt") and base not in seen:
            errors.append(f"plans/{n}: no case file")
    for e in errors:
        print("FAIL", e)
    nodes = sum(len(json_nodes(json.load(open(os.path.join(PLANS, c.name + ".json")))[0]["Plan"]))
                for c in cases if os.path.exists(os.path.join(PLANS, c.name + ".json")))
    print(f"checked {len(cases)} cases ({nodes} plan nodes): {len(errors)} problem(s)")
    return 1 if errors else 0


def main(argv):
    if len(argv) != 2 or argv[1] not in ("run", "check"):
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    try:
        return cmd_run() if argv[1] == "run" else cmd_check()
    except CaseError as e:
        print("error:", e, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
