#!/usr/bin/env bash
# Regenerates the EXPLAIN fixtures in Corpus/explain/plans/ from a real PostgreSQL 15:
#   bash Corpus/explain/generate.sh
# It re-runs itself under scripts/with-temp-cluster.sh (a throwaway cluster with
# pg_stat_statements and auto_explain preloaded), loads the ecommerce, warehouse and
# clickstream workloads at a fixed scale, adds the fixture-only tables of setup/*.sql,
# runs every cases/NN_name.sql once (JSON + TEXT from the same execution, see README.md)
# plus the requested variants, and checks the result with `fixtures.py check`.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
SCALE=2   # fixed: the fixtures' row counts depend on it

if [[ "${1:-}" != --inside ]]; then
  exec "$root/scripts/with-temp-cluster.sh" bash "$here/generate.sh" --inside
fi

start=$(date +%s)
q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

psql -X -At -c 'SELECT version()'
# No autovacuum: visibility maps, hint bits and statistics change only when this script says so.
# default_statistics_target = 400: ANALYZE samples 300 x 400 = 120,000 rows, more than the largest
# table has at scale 2 (events, 93,972 rows), so it reads every row and the statistics (and so
# every estimate and cost in the plans) are the same on every run.
q -c 'ALTER SYSTEM SET autovacuum = off' -c 'ALTER SYSTEM SET default_statistics_target = 400' \
  -c 'SELECT pg_reload_conf()' >/dev/null

for w in ecommerce warehouse clickstream; do
  echo "loading $w (scale $SCALE)"
  createdb "$w"
  q -d "$w" -f "$root/Corpus/$w/schema.sql" >/dev/null
  q -d "$w" -v scale=$SCALE -f "$root/Corpus/$w/generate.sql" >/dev/null
  # Settled tables: all-visible pages, hint bits set, fresh statistics.
  q -d "$w" -c 'VACUUM (ANALYZE, INDEX_CLEANUP on)'
  if [[ -f "$here/setup/$w.sql" ]]; then
    q -d "$w" -f "$here/setup/$w.sql" >/dev/null
  fi
done

echo "running cases"
python3 "$here/fixtures.py" run
python3 "$here/fixtures.py" check
echo "generate.sh: done in $(( $(date +%s) - start )) s"
