#!/usr/bin/env bash
# Reports/accuracy*.md: Augur's planner against PostgreSQL's own EXPLAIN and EXPLAIN ANALYZE on
#   - the generated single-table queries of the three workloads (Reports/accuracy-single-table.md),
#   - generated join queries along their foreign keys (Reports/accuracy-joins.md),
#   - every query of the Corpus workloads (Reports/accuracy-corpus.md),
#   - TPC-H's 22 queries at scale factor $TPCH_SF (Reports/accuracy-tpch.md),
# each with its JSON and an SVG plot of Augur's estimates against PostgreSQL's, and the overview
# Reports/accuracy.md. Run inside scripts/with-temp-cluster.sh (it needs PGHOST/PGPORT/PGUSER of a
# throwaway cluster).
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${ACCURACY_SCALE:-10}
tpch_sf=${TPCH_SF:-1}
augur=${AUGUR:-.build/release/augur}
python=${PYTHON:-.venv/bin/python}
databases=()
rm -rf build/corpus-queries
mkdir -p build/corpus-queries Reports
for workload in ecommerce warehouse clickstream; do
  start=$SECONDS
  createdb "$workload"
  psql -X -q -v ON_ERROR_STOP=1 -d "$workload" -f "Corpus/$workload/schema.sql"
  psql -X -q -v ON_ERROR_STOP=1 -d "$workload" -v scale="$scale" -f "Corpus/$workload/generate.sql"
  # pageinspect lets the (superuser) gather read B-tree heights, which index costs use.
  psql -X -q -v ON_ERROR_STOP=1 -d "$workload" -c "CREATE EXTENSION IF NOT EXISTS pageinspect"
  echo "accuracy: loaded $workload at scale $scale in $((SECONDS - start)) s" >&2
  databases+=(--db "dbname=$workload")
  ln -s "$PWD/Corpus/$workload/queries" "build/corpus-queries/$workload"
done
psql -X -q -d postgres -c "SELECT 1" >/dev/null

suite() { # name, then augur compare's own options
  local name=$1
  shift
  "$augur" compare "$@" --show-literals --report "Reports/accuracy-$name.md" --json "Reports/accuracy-$name.json" \
    --plot "Reports/accuracy-$name.svg"
}

rm -rf build/single-table build/joins
suite single-table "${databases[@]}" --generate-single-table build/single-table --hypothetical
suite joins "${databases[@]}" --generate-joins build/joins
suite corpus "${databases[@]}" --queries build/corpus-queries

start=$SECONDS
"$python" Corpus/tpch/make_tpch.py --sf "$tpch_sf" --out "build/tpch/sf$tpch_sf" >&2
createdb tpch
psql -X -q -v ON_ERROR_STOP=1 -d tpch -f "build/tpch/sf$tpch_sf/load.sql" >&2
psql -X -q -v ON_ERROR_STOP=1 -d tpch -c "CREATE EXTENSION IF NOT EXISTS pageinspect"
echo "accuracy: loaded TPC-H SF $tpch_sf in $((SECONDS - start)) s" >&2
suite tpch --db "dbname=tpch" --queries "build/tpch/sf$tpch_sf/queries" --timeout 300

"$python" scripts/accuracy-overview.py --scale "$scale" --tpch-sf "$tpch_sf" \
  single-table joins corpus tpch > Reports/accuracy.md
echo "accuracy: wrote Reports/accuracy.md" >&2
