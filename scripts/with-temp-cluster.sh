#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL 15 cluster: initdb into a temporary folder, a free
# port on 127.0.0.1, PGHOST/PGPORT/PGUSER/PGDATABASE exported for the command, and everything
# stopped and removed on exit, whatever happens. As root (CI), the server runs as `postgres`.
#   scripts/with-temp-cluster.sh psql -c 'SELECT 1'
set -euo pipefail
bin=/usr/lib/postgresql/15/bin
[[ -x $bin/initdb ]] || { echo "with-temp-cluster: PostgreSQL 15 not installed (make deps)" >&2; exit 2; }

dir=$(mktemp -d "${TMPDIR:-/tmp}/augur-pg-XXXXXX")
as_server=()
if [[ $(id -u) -eq 0 ]]; then
  chown postgres "$dir"
  as_server=(runuser -u postgres --)
fi
cleanup() {
  "${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"${as_server[@]}" "$bin/initdb" -D "$dir/data" -A trust -U augur -E UTF8 --locale=C --no-sync >/dev/null
"${as_server[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c shared_preload_libraries=pg_stat_statements,auto_explain" \
  start >/dev/null

export PGHOST=127.0.0.1 PGPORT=$port PGUSER=augur PGDATABASE=postgres
"$@"
