#!/usr/bin/env bash
# Installs what Augur needs to build, test, benchmark and demo, and nothing that is already there.
# Idempotent: a second run checks and exits in well under a second.
#   Debian packages: libpg_query (the parser), libpq (the client), PostgreSQL 15 with
#   pg_stat_statements, auto_explain and HypoPG (throwaway clusters for tests and the advisor).
#   Chromium checks the HTML reports in a real (headless) browser.
#   PyPI tools, if any are listed in scripts/requirements.txt, go into .venv/.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  libpg-query-dev
  libpq-dev
  pkg-config
  postgresql-15
  postgresql-contrib
  postgresql-15-hypopg
  chromium
)

missing=()
for package in "${packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$package")
done

if ((${#missing[@]} > 0)); then
  echo "deps: installing ${missing[*]}"
  if [[ $(id -u) -eq 0 ]]; then
    apt_get=(apt-get)
  elif command -v sudo >/dev/null 2>&1; then
    apt_get=(sudo apt-get)
  else
    echo "deps: missing ${missing[*]} and not root (no sudo): install them with apt-get" >&2
    exit 2
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${apt_get[@]}" update -q
  "${apt_get[@]}" install -y -q --no-install-recommends "${missing[@]}"
  # Debian's postgresql-common may start a system cluster on install; Augur never uses it.
  if command -v pg_lsclusters >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]]; then
    pg_lsclusters -h 2>/dev/null | while read -r version name _; do
      pg_ctlcluster "$version" "$name" stop >/dev/null 2>&1 || true
    done
  fi
fi

if [[ -s scripts/requirements.txt ]]; then
  if [[ ! -x .venv/bin/python ]]; then
    python3 -m venv .venv
  fi
  if ! cmp -s scripts/requirements.txt .venv/.requirements.installed; then
    .venv/bin/pip install -q -r scripts/requirements.txt
    cp scripts/requirements.txt .venv/.requirements.installed
  fi
fi

if ! command -v swift >/dev/null 2>&1 && [[ ! -x /opt/swift/usr/bin/swift ]]; then
  echo "deps: no Swift toolchain found (expected swift on PATH or /opt/swift)" >&2
  exit 2
fi
