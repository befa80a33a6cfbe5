#!/usr/bin/env python3
"""Materializes TPC-H at one scale factor for PostgreSQL 15, in a build folder.

    .venv/bin/python Corpus/tpch/make_tpch.py --sf 0.01 [--out build/tpch/sf0.01] [--force]

Writes into OUT (never committed; build/ is git-ignored):
    data/<table>.csv      the 8 tables, from DuckDB's tpch extension (CALL dbgen(sf=...)), as
                          '|'-delimited CSV that PostgreSQL's COPY ... (FORMAT csv) reads
    manifest.json         scale factor, versions, row counts and file sizes of data/
    queries/qNN.sql       the 22 queries with the spec's validation parameters, in PostgreSQL's
                          dialect (text from the extension's tpch_queries(), see REWRITES)
    schema.sql, indexes.sql   copies of Corpus/tpch/schema.sql and indexes.sql
    load.sql              for psql: (re)creates the tables, \\copy-s data/, checks the row counts,
                          adds the keys and indexes, then VACUUM (ANALYZE)

Idempotent: data/ is generated again only when manifest.json does not match the scale
factor, the DuckDB version or the files on disk (or with --force); the text files are
rewritten only when their content changes. Needs the packages of scripts/requirements.txt
(bash scripts/deps.sh puts them into .venv/). No network: the tpch extension is loaded
from the duckdb-extension-tpch wheel, never downloaded.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import time
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent

# Load order: every table after the tables its foreign keys reference.
TABLES = ["region", "nation", "part", "supplier", "partsupp", "customer", "orders", "lineitem"]

# Rows per table at SF 1 (spec clause 4.2.5); lineitem is about 6,000,000 * SF, not exact.
SPEC_ROWS_AT_SF1 = {
    "region": None, "nation": None, "part": 200_000, "supplier": 10_000, "partsupp": 800_000,
    "customer": 150_000, "orders": 1_500_000, "lineitem": 6_000_000,
}
FIXED_ROWS = {"region": 5, "nation": 25}

# The same CSV dialect on both sides: DuckDB writes it, PostgreSQL's COPY reads it.
DUCKDB_CSV = "FORMAT csv, DELIMITER '|', QUOTE '\"', ESCAPE '\"', HEADER false"
POSTGRES_CSV = "FORMAT csv, DELIMITER '|', QUOTE '\"', ESCAPE '\"'"

CONSTRAINTS_MARKER = "-- @constraints"


def log(message: str) -> None:
    print(message, flush=True)


def die(message: str) -> None:
    print(f"make_tpch: {message}", file=sys.stderr)
    sys.exit(1)


# --------------------------------------------------------------------------------------------
# Queries: the extension's text, checked, then made PostgreSQL's.
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rewrite:
    """One explicit change to the extension's query text.

    `required` rewrites must match (the text they fix is known to be there); the others are
    guards that only fire if another DuckDB version brings back a construct PostgreSQL lacks.
    """

    name: str
    queries: frozenset[int] | None  # None: every query
    pattern: re.Pattern[str]
    replacement: Callable[[re.Match[str], Decimal], str]
    required: bool
    why: str


def _q11_fraction(match: re.Match[str], sf: Decimal) -> str:
    # Spec 2.4.11.3: FRACTION is 0.0001 / SF. The extension hard-codes the SF 1 value
    # 0.0001000000, which at SF 0.01 keeps nearly every part in the result.
    fraction = Decimal("0.0001") / sf
    text = format(fraction, ".10f")
    if Decimal(text) != fraction:  # more than 10 decimals (SF > 1,000,000 or odd SFs)
        text = format(fraction.normalize(), "f")
    return f"{match.group(1)}{text}"


def _interval(match: re.Match[str], sf: Decimal) -> str:
    return f"interval '{match.group(1)} {match.group(2).lower()}s'"


REWRITES = [
    Rewrite(
        name="q11-fraction",
        queries=frozenset({11}),
        pattern=re.compile(r"(sum\(ps_supplycost \* ps_availqty\) \* )0\.0001000000\b"),
        replacement=_q11_fraction,
        required=True,
        why="Q11's FRACTION is 0.0001 / SF (spec 2.4.11.3); the extension hard-codes SF 1's value",
    ),
    Rewrite(
        name="interval-literal",
        queries=None,
        # DuckDB/spec style `interval '90' day (3)`: PostgreSQL rejects a precision on DAY.
        pattern=re.compile(r"interval\s+'(\d+)'\s+(day|month|year)s?(?:\s*\(\s*\d+\s*\))?",
                           re.IGNORECASE),
        replacement=_interval,
        required=False,
        why="`interval 'N' day (3)` becomes `interval 'N days'`",
    ),
]

# Constructs PostgreSQL 15 does not run, or that would mean the text is not what this script
# was written against; any of them left after the rewrites stops the script.
FORBIDDEN = [
    (re.compile(r"\bcreate\s+(or\s+replace\s+)?view\b", re.IGNORECASE),
     "a view (Q15 must come as a CTE)"),
    (re.compile(r"\bstrftime\s*\(|\blist_\w+\s*\(", re.IGNORECASE), "a DuckDB-only function"),
    (re.compile(r"interval\s+'\d+'\s+(day|month|year)", re.IGNORECASE),
     "an interval literal with a separate unit"),
]

# The validation substitution parameters of the spec (2.4.N.4 for query N), as they appear in
# the text: if the extension ever changed them, the corpus would silently change meaning.
VALIDATION = {
    1: ["'1998-09-02'"],  # DATE '1998-12-01' - DELTA days, DELTA = 90
    2: ["p_size = 15", "'%BRASS'", "r_name = 'EUROPE'"],
    3: ["'BUILDING'", "'1995-03-15'"],
    4: ["'1993-07-01'", "'1993-10-01'"],
    5: ["'ASIA'", "'1994-01-01'", "'1995-01-01'"],
    6: ["'1994-01-01'", "0.05", "0.07", "l_quantity < 24"],
    7: ["'FRANCE'", "'GERMANY'"],
    8: ["'BRAZIL'", "'AMERICA'", "'ECONOMY ANODIZED STEEL'"],
    9: ["'%green%'"],
    10: ["'1993-10-01'", "'1994-01-01'"],
    11: ["n_name = 'GERMANY'"],
    12: ["'MAIL'", "'SHIP'", "'1994-01-01'"],
    13: ["'%special%requests%'"],
    14: ["'1995-09-01'", "'1995-10-01'"],
    15: ["'1996-01-01'", "'1996-04-01'"],
    16: ["'Brand#45'", "'MEDIUM POLISHED%'", "(49, 14, 23, 45, 19, 3, 36, 9)"],
    17: ["'Brand#23'", "'MED BOX'"],
    18: ["> 300"],
    19: ["'Brand#12'", "'Brand#23'", "'Brand#34'", "l_quantity >= 1\n", "l_quantity >= 10\n",
         "l_quantity >= 20\n"],
    20: ["'forest%'", "'1994-01-01'", "'CANADA'"],
    21: ["'SAUDI ARABIA'"],
    22: ["('13', '31', '23', '29', '30', '18', '17')"],
}


def postgres_queries(raw: dict[int, str], sf: Decimal) -> tuple[dict[int, str], dict[int, list[str]]]:
    """The 22 queries in PostgreSQL's dialect, and the rewrites that changed each one."""
    if sorted(raw) != list(range(1, 23)):
        die(f"tpch_queries() returned queries {sorted(raw)}, expected 1..22")
    out: dict[int, str] = {}
    applied: dict[int, list[str]] = {}
    for number, text in sorted(raw.items()):
        for needle in VALIDATION[number]:
            if needle not in text:
                die(f"Q{number} from the extension lacks the validation parameter {needle!r}")
        applied[number] = []
        for rewrite in REWRITES:
            if rewrite.queries is not None and number not in rewrite.queries:
                continue
            new, count = rewrite.pattern.subn(lambda m: rewrite.replacement(m, sf), text)
            if rewrite.required and count != 1:
                die(f"rewrite {rewrite.name}: expected one match in Q{number}, found {count}")
            if new != text:
                applied[number].append(rewrite.name)
            text = new
        for pattern, what in FORBIDDEN:
            if pattern.search(text):
                die(f"Q{number} still has {what} after the rewrites:\n{text}")
        body = text.strip()
        if not body.endswith(";") or body[:-1].count(";"):
            die(f"Q{number} is not exactly one statement ending in ';'")
        out[number] = body + "\n"
    return out, applied


def query_file(number: int, text: str, applied: list[str], sf_text: str, origin: str) -> str:
    done = ", ".join(applied) if applied else "none"
    return (
        f"-- TPC-H Q{number}, validation substitution parameters, PostgreSQL 15 dialect.\n"
        f"-- Generated by Corpus/tpch/make_tpch.py --sf {sf_text} from tpch_queries() of {origin}.\n"
        f"-- Rewrites applied: {done}.\n"
        f"{text}"
    )


# --------------------------------------------------------------------------------------------
# DuckDB and its tpch extension.
# --------------------------------------------------------------------------------------------


def open_duckdb(threads: int | None):
    try:
        import duckdb
    except ImportError:
        die("the duckdb package is missing: run `bash scripts/deps.sh`, then use .venv/bin/python")
    config = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}
    if threads:
        config["threads"] = threads
    con = duckdb.connect(":memory:", config=config)
    version = duckdb.__version__
    origin = load_tpch(con, version)
    return con, version, origin


def load_tpch(con, version: str) -> str:
    """Loads the tpch extension without any network; returns where it came from."""
    wheel_error = None
    try:
        import duckdb_extension_tpch  # ships extensions/v<version>/tpch.duckdb_extension

        root = Path(duckdb_extension_tpch.__file__).resolve().parent / "extensions"
        binary = root / f"v{version}" / "tpch.duckdb_extension"
        if binary.is_file():
            con.execute(f"LOAD '{sql_string(str(binary))}'")
            return f"the duckdb-extension-tpch wheel ({binary.parent.name})"
        shipped = sorted(p.name for p in root.glob("v*"))
        wheel_error = (f"duckdb-extension-tpch ships {', '.join(shipped) or 'no extension'}, "
                       f"duckdb is v{version}: pin the same version of both")
    except ImportError:
        wheel_error = "the duckdb-extension-tpch package is missing"
    try:  # a DuckDB build with tpch linked in, or one installed under ~/.duckdb
        con.execute("LOAD tpch")
        return "DuckDB's own tpch extension"
    except Exception as error:  # duckdb.Error and friends
        die(f"cannot load DuckDB's tpch extension: {wheel_error}; LOAD tpch: {error}")
    raise AssertionError("unreachable")


def sql_string(text: str) -> str:
    return text.replace("'", "''")


def generate_data(con, sf: Decimal, data_dir: Path) -> tuple[dict[str, dict[str, int]], float]:
    started = time.monotonic()
    data_dir.mkdir(parents=True, exist_ok=True)
    con.execute(f"CALL dbgen(sf={sf})")
    tables: dict[str, dict[str, int]] = {}
    for table in TABLES:
        final = data_dir / f"{table}.csv"
        partial = data_dir / f"{table}.csv.partial"
        con.execute(f"COPY {table} TO '{sql_string(str(partial))}' ({DUCKDB_CSV})")
        partial.replace(final)
        rows = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        tables[table] = {"rows": int(rows), "bytes": final.stat().st_size}
        con.execute(f"DROP TABLE {table}")
    return tables, time.monotonic() - started


def check_row_counts(tables: dict[str, dict[str, int]], sf: Decimal) -> list[str]:
    warnings = []
    for table, info in tables.items():
        if table in FIXED_ROWS:
            expected = Decimal(FIXED_ROWS[table])
        else:
            expected = Decimal(SPEC_ROWS_AT_SF1[table]) * sf
        if expected and abs(Decimal(info["rows"]) - expected) > expected * Decimal("0.05") + 1:
            warnings.append(f"{table} has {info['rows']} rows, the spec expects about {expected}")
    return warnings


# --------------------------------------------------------------------------------------------
# Files in OUT.
# --------------------------------------------------------------------------------------------


def write_if_changed(path: Path, text: str, force: bool) -> bool:
    if not force and path.is_file() and path.read_text() == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(text)
    partial.replace(path)
    return True


def manifest_problem(manifest_path: Path, sf_text: str, version: str, data_dir: Path) -> str | None:
    """Why data/ must be generated again, or None when it is up to date."""
    if not manifest_path.is_file():
        return "no manifest.json"
    try:
        manifest = json.loads(manifest_path.read_text())
    except (OSError, ValueError) as error:
        return f"manifest.json unreadable ({error})"
    if manifest.get("sf") != sf_text:
        return f"manifest.json is for SF {manifest.get('sf')}"
    if manifest.get("duckdb") != version:
        return f"data came from duckdb {manifest.get('duckdb')}, this is {version}"
    for table in TABLES:
        info = manifest.get("tables", {}).get(table)
        path = data_dir / f"{table}.csv"
        if not info or not path.is_file() or path.stat().st_size != info.get("bytes"):
            return f"data/{table}.csv is missing or differs from manifest.json"
    return None


def split_schema(schema: str) -> tuple[str, str]:
    lines = schema.splitlines(keepends=True)
    marks = [i for i, line in enumerate(lines) if line.strip() == CONSTRAINTS_MARKER]
    if len(marks) != 1:
        die(f"Corpus/tpch/schema.sql needs exactly one '{CONSTRAINTS_MARKER}' line")
    return "".join(lines[: marks[0]]), "".join(lines[marks[0]:])


def psql_quoted(path: Path) -> str:
    text = str(path)
    if any(c in text for c in "'\n\r"):
        die(f"the output path may not contain quotes or newlines: {text!r}")
    return f"'{text}'"


def load_script(out: Path, sf_text: str, schema: str, indexes: str,
                tables: dict[str, dict[str, int]]) -> str:
    create_tables, constraints = split_schema(schema)
    expected = json.dumps({t: tables[t]["rows"] for t in TABLES})
    copies = "\n".join(
        f"\\copy {t} FROM {psql_quoted(out / 'data' / f'{t}.csv')} WITH ({POSTGRES_CSV}, FREEZE)"
        for t in TABLES
    )
    names = ", ".join(TABLES)
    return f"""-- TPC-H SF {sf_text} for PostgreSQL 15, generated by Corpus/tpch/make_tpch.py.
--   psql -v ON_ERROR_STOP=1 [-d DATABASE] -f {out}/load.sql
-- Drops and recreates the 8 TPC-H tables in the first schema of search_path (DROP ... CASCADE
-- also drops whatever depends on them). Do not run it with psql -1: VACUUM cannot run inside a
-- transaction block. The \\copy paths are absolute: run make_tpch.py again after moving OUT.
\\set ON_ERROR_STOP on
SET client_min_messages = warning;
SET maintenance_work_mem = '512MB';

\\echo tpch: creating tables and copying data (SF {sf_text})
BEGIN;
DROP TABLE IF EXISTS {", ".join(reversed(TABLES))} CASCADE;

{create_tables.strip()}

-- FREEZE: the tables were created in this transaction, so the rows go in frozen and
-- all-visible, as after a VACUUM FREEZE (no hint-bit writes on first read).
{copies}

DO $check$
DECLARE
    expected constant jsonb := '{expected}';
    name text;
    found bigint;
BEGIN
    FOR name IN SELECT jsonb_object_keys(expected) LOOP
        EXECUTE format('SELECT count(*) FROM %I', name) INTO found;
        IF found <> (expected ->> name)::bigint THEN
            RAISE EXCEPTION 'tpch: table % has % rows, manifest.json says %',
                name, found, expected ->> name;
        END IF;
    END LOOP;
END
$check$;
COMMIT;

\\echo tpch: adding primary and foreign keys
{constraints.strip()}

\\echo tpch: creating indexes
{indexes.strip()}

\\echo tpch: VACUUM (ANALYZE)
VACUUM (ANALYZE) {names};
\\echo tpch: loaded SF {sf_text}
"""


# --------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sf", required=True, help="scale factor, e.g. 0.01, 0.1, 1, 10")
    parser.add_argument("--out", help="output folder (default: build/tpch/sf<SF> in the repo)")
    parser.add_argument("--force", action="store_true", help="regenerate even what is up to date")
    parser.add_argument("--threads", type=int, help="DuckDB threads (default: all cores)")
    args = parser.parse_args()

    try:
        sf = Decimal(args.sf)
    except InvalidOperation:
        die(f"--sf {args.sf!r} is not a number")
    if not sf.is_finite() or sf <= 0:
        die("--sf must be positive")
    sf_text = format(sf.normalize(), "f")
    out = Path(args.out) if args.out else REPO / "build" / "tpch" / f"sf{sf_text}"
    out = out.resolve()
    data_dir = out / "data"
    manifest_path = out / "manifest.json"
    started = time.monotonic()
    log(f"tpch: SF {sf_text} -> {out}")

    con, version, origin = open_duckdb(args.threads)
    origin = f"duckdb {version} with {origin}"
    log(f"  duckdb: {origin}")

    # Queries first: they need only the extension, not the data.
    raw = dict(con.execute("SELECT query_nr, query FROM tpch_queries()").fetchall())
    queries, applied = postgres_queries(raw, sf)

    # Data.
    problem = "--force" if args.force else manifest_problem(manifest_path, sf_text, version, data_dir)
    if problem is None:
        manifest = json.loads(manifest_path.read_text())
        total = sum(t["rows"] for t in manifest["tables"].values())
        log(f"  data: up to date ({total:,} rows in data/, generated in "
            f"{manifest['generate_seconds']:.1f} s), skipped")
    else:
        log(f"  data: generating ({problem})")
        out.mkdir(parents=True, exist_ok=True)
        manifest_path.unlink(missing_ok=True)  # no manifest until every file is complete
        temp = out / ".duckdb_tmp"
        con.execute(f"SET temp_directory = '{sql_string(str(temp))}'")
        tables, seconds = generate_data(con, sf, data_dir)
        shutil.rmtree(temp, ignore_errors=True)
        manifest = {
            "sf": sf_text,
            "duckdb": version,
            "tpch_extension": origin,
            "format": f"CSV ({POSTGRES_CSV}), no header",
            "generate_seconds": round(seconds, 3),
            "tables": tables,
        }
        manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
        total = sum(t["rows"] for t in tables.values())
        size = sum(t["bytes"] for t in tables.values())
        log(f"  data: wrote {len(tables)} tables, {total:,} rows, {size / 1e6:,.1f} MB "
            f"in {seconds:.1f} s")
        for table in TABLES:
            log(f"    {table:<9} {tables[table]['rows']:>12,} rows {tables[table]['bytes']:>15,} bytes")
        for warning in check_row_counts(tables, sf):
            log(f"  warning: {warning}")
    con.close()

    # Queries.
    written = sum(
        write_if_changed(out / "queries" / f"q{n:02d}.sql",
                         query_file(n, queries[n], applied[n], sf_text, origin), args.force)
        for n in sorted(queries)
    )
    changed = {n: names for n, names in applied.items() if names}
    summary = "; ".join(f"Q{n}: {', '.join(names)}" for n, names in changed.items()) or "none"
    log(f"  queries: {written} of 22 written ({22 - written} unchanged); rewrites: {summary}")

    # Schema, indexes, load script.
    schema = (HERE / "schema.sql").read_text()
    indexes = (HERE / "indexes.sql").read_text()
    for name, text in [("schema.sql", schema), ("indexes.sql", indexes),
                       ("load.sql", load_script(out, sf_text, schema, indexes, manifest["tables"]))]:
        state = "written" if write_if_changed(out / name, text, args.force) else "unchanged"
        log(f"  {name}: {state}")

    log(f"tpch: done in {time.monotonic() - started:.1f} s; load with: "
        f"psql -v ON_ERROR_STOP=1 -f {out / 'load.sql'}")


if __name__ == "__main__":
    main()
