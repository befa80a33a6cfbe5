#!/usr/bin/env bash
# Reports/accuracy.md and Reports/accuracy.json: Augur's planner against PostgreSQL's own EXPLAIN
# and EXPLAIN ANALYZE on generated single-table queries over the three workloads. Run inside
# scripts/with-temp-cluster.sh (it needs PGHOST/PGPORT/PGUSER of a throwaway cluster).
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${ACCURACY_SCALE:-10}
augur=${AUGUR:-.build/release/augur}
databases=()
for workload in ecommerce warehouse clickstream; do
  start=$SECONDS
  createdb "$workload"
  psql -X -q -v ON_ERROR_STOP=1 -d "$workload" -f "Corpus/$workload/schema.sql"
  psql -X -q -v ON_ERROR_STOP=1 -d "$workload" -v scale="$scale" -f "Corpus/$workload/generate.sql"
  # pageinspect lets the (superuser) gather read B-tree heights, which index costs use.
  psql -X -q -v ON_ERROR_STOP=1 -d "$workload" -c "CREATE EXTENSION IF NOT EXISTS pageinspect"
  echo "accuracy: loaded $workload at scale $scale in $((SECONDS - start)) s" >&2
  databases+=(--db "dbname=$workload")
done
psql -X -q -d postgres -c "SELECT 1" >/dev/null
rm -rf build/single-table
"$augur" compare "${databases[@]}" --generate-single-table build/single-table --hypothetical --show-literals \
  --report Reports/accuracy.md --json Reports/accuracy.json
