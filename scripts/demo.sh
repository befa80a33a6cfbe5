#!/usr/bin/env bash
# `make demo`: Augur's main job on bundled inputs, with no database of your own. Runs inside a
# throwaway cluster (scripts/with-temp-cluster.sh provides PGHOST/PGPORT/PGUSER).
set -euo pipefail
cd "$(dirname "$0")/.."
augur=.build/release/augur
out=build/demo
mkdir -p "$out"

step() { printf '\n== %s\n' "$*"; }
# The first N lines, reading all input (head would cut the pipe and fail the step under pipefail).
first() { awk -v n="$1" 'NR <= n'; }

step "augur parse Corpus/demo/checkout.sql (PostgreSQL 15's own grammar, typed)"
$augur parse Corpus/demo/checkout.sql | first 40
echo "   ..."

step "augur parse --normalize Corpus/demo/checkout.sql (what reports show: no literal values)"
$augur parse --normalize Corpus/demo/checkout.sql

step "augur parse --fingerprint Corpus/sql/app_queries.sql (first 8)"
$augur parse --fingerprint Corpus/sql/app_queries.sql | first 8

step "loading the ecommerce workload (scale 1) into a throwaway PostgreSQL 15"
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE shop"
psql -X -q -v ON_ERROR_STOP=1 -d shop -f Corpus/ecommerce/schema.sql
psql -X -q -v ON_ERROR_STOP=1 -d shop -v scale=1 -f Corpus/ecommerce/generate.sql
# pageinspect lets a superuser's gather read B-tree heights, as the planner does.
psql -X -q -v ON_ERROR_STOP=1 -d shop -c "CREATE EXTENSION pageinspect"

step "augur stats gather (libpq environment) -o $out/shop-stats.json"
PGDATABASE=shop $augur stats gather -o "$out/shop-stats.json"

step "augur stats show $out/shop-stats.json"
$augur stats show "$out/shop-stats.json"

if $augur stats --help | grep -q from-ddl; then
  step "augur stats from-ddl Corpus/ecommerce/schema.sql --rows orders=5000000 (offline, no server)"
  $augur stats from-ddl Corpus/ecommerce/schema.sql --rows orders=5000000 --rows order_items=12000000 \
    -o "$out/shop-ddl-stats.json"
  $augur stats show "$out/shop-ddl-stats.json" | first 12
fi

step "augur plan: Augur's own prediction from the snapshot alone (no server involved)"
echo "SELECT id, total FROM orders WHERE user_id = 42 AND status = 'shipped' ORDER BY created_at DESC LIMIT 10" \
  > "$out/recent-orders.sql"
cat "$out/recent-orders.sql"
$augur plan "$out/recent-orders.sql" --stats "$out/shop-stats.json"
echo "-- and PostgreSQL's own EXPLAIN of the same query:"
psql -X -q -A -t -v ON_ERROR_STOP=1 -d shop -c "EXPLAIN $(cat "$out/recent-orders.sql")"

step "augur plan --hypothetical-index \"orders(status, created_at)\" (what-if, in memory: before, then with it)"
echo "SELECT id, total, created_at FROM orders WHERE status = 'refunded' ORDER BY created_at DESC LIMIT 10" \
  > "$out/latest-refunds.sql"
cat "$out/latest-refunds.sql"
$augur plan "$out/latest-refunds.sql" --stats "$out/shop-stats.json"
$augur plan "$out/latest-refunds.sql" --stats "$out/shop-stats.json" --hypothetical-index "orders(status, created_at)"

step "augur compare: Augur's plans against PostgreSQL's EXPLAIN and EXPLAIN ANALYZE for the workload's generated queries"
$augur compare --db "dbname=shop" --generate-single-table "$out/single-table" --report "$out/accuracy.md" \
  --json "$out/accuracy.json"
awk '/^\| Measure/,/^$/' "$out/accuracy.md"

step "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) of ecommerce query 22 with work_mem = 64kB, read by augur explain"
{ echo "SET work_mem = '64kB';"; echo "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)"; cat Corpus/ecommerce/queries/22_customer_running_totals.sql; } \
  | psql -X -q -A -t -v ON_ERROR_STOP=1 -d shop > "$out/running-totals-plan.json"
$augur explain "$out/running-totals-plan.json"
$augur explain --format html "$out/running-totals-plan.json" > "$out/running-totals-plan.html"
echo "(an HTML report of the same plan: $out/running-totals-plan.html)"

step "augur explain Corpus/explain/plans/24_nested_loop_underestimated_outer.json (a fixture from a real run)"
$augur explain Corpus/explain/plans/24_nested_loop_underestimated_outer.json | first 40

step "a bad input: augur parse Corpus/bad/syntax_error_midway.sql (exit status 2)"
$augur parse Corpus/bad/syntax_error_midway.sql || echo "(exit status $?)"
