#!/usr/bin/env bash
# Regenerates Corpus/explain/plans/yaml-xml/: a few EXPLAIN plans each in FORMAT JSON, YAML and
# XML, for the YAML and XML readers' tests (ExplainYAMLXMLReaderTests).
#   bash Corpus/explain/generate_yaml_xml.sh
# Re-runs itself under scripts/with-temp-cluster.sh, loads the ecommerce workload at scale 1 and
# runs every case three times, once per format: EXPLAIN (ANALYZE, BUFFERS, VERBOSE, SETTINGS, WAL).
# The three files of a case come from three executions: times and buffer counts may differ, but
# the queries are deterministic, so shape, estimates, actual rows and loops agree (except in the
# parallel case, which the tests compare on shape and estimates only).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
out=$here/plans/yaml-xml

if [[ "${1:-}" != --inside ]]; then
  exec "$root/scripts/with-temp-cluster.sh" bash "$here/generate_yaml_xml.sh" --inside
fi

q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
q -c 'ALTER SYSTEM SET autovacuum = off' -c 'ALTER SYSTEM SET default_statistics_target = 400' \
  -c 'SELECT pg_reload_conf()' >/dev/null
createdb ecommerce
q -d ecommerce -f "$root/Corpus/ecommerce/schema.sql" >/dev/null
q -d ecommerce -v scale=1 -f "$root/Corpus/ecommerce/generate.sql" >/dev/null
q -d ecommerce -c 'VACUUM (ANALYZE, INDEX_CLEANUP on)'
mkdir -p "$out"

common="SET jit = off; SET random_page_cost = 1.1; SET work_mem = '4MB'; SET max_parallel_workers_per_gather = 0;"

# case NAME SETUP QUERY [TEARDOWN]: writes NAME.json, NAME.yaml, NAME.xml.
case_() {
  local name=$1 setup=$2 query=$3 teardown=${4:-}
  for format in json yaml xml; do
    q -d ecommerce -At -o "$out/$name.$format" <<SQL
$common
$setup
EXPLAIN (ANALYZE, BUFFERS, VERBOSE, SETTINGS, WAL, FORMAT $format) $query;
$teardown
SQL
  done
  echo "  $name"
}

echo "running cases"
case_ join_sort "" \
  "SELECT o.id, o.order_number, oi.line_no, oi.quantity FROM orders o JOIN order_items oi ON oi.order_id = o.id WHERE o.user_id BETWEEN 100 AND 140 ORDER BY o.id, oi.line_no"

case_ parallel_gather \
  "SET max_parallel_workers_per_gather = 2; SET max_parallel_workers = 8; SET parallel_setup_cost = 10; SET parallel_tuple_cost = 0.01; SET min_parallel_table_scan_size = 0; SET parallel_leader_participation = on;" \
  "SELECT status, count(*), sum(total) FROM orders GROUP BY status"

case_ initplan_subplan "" \
  "SELECT u.id, u.email, (SELECT count(*) FROM orders o WHERE o.user_id = u.id) AS n FROM users u WHERE u.id < 30 AND u.id > (SELECT min(id) FROM users) ORDER BY u.id"

case_ trigger_insert_rolled_back \
  "BEGIN; CREATE TABLE yx_audit (id int, note text); CREATE TABLE yx_items (id int PRIMARY KEY, label text);
   CREATE FUNCTION yx_audit_row() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN INSERT INTO yx_audit VALUES (NEW.id, 'said \"hi\"'); RETURN NEW; END \$\$;
   CREATE TRIGGER yx_items_audit AFTER INSERT ON yx_items FOR EACH ROW EXECUTE FUNCTION yx_audit_row();" \
  "INSERT INTO yx_items SELECT g, 'item: \"' || g || '\" <&>' FROM generate_series(1, 200) g" \
  "ROLLBACK;"

case_ hash_batches "SET work_mem = '64kB';" \
  "SELECT o.status, count(*), sum(oi.quantity) FROM order_items oi JOIN orders o ON o.id = oi.order_id GROUP BY o.status ORDER BY o.status"

case_ aggregate_having "" \
  "SELECT p.category_id, count(*) AS products, round(avg(p.price), 2) AS avg_price FROM products p WHERE p.name LIKE '%a%' GROUP BY p.category_id HAVING count(*) > 1 ORDER BY p.category_id"

case_ incremental_sort "" \
  "SELECT id, user_id, created_at, total FROM orders ORDER BY user_id, total DESC LIMIT 500"

du -sh "$out"
