#!/usr/bin/env bash
# Runs every test on a fresh Debian machine: installs what the tests need, starts a throwaway
# PostgreSQL server on loopback, and runs the suite against SQLite and PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian packages: a C toolchain for sqlite, PostgreSQL for the storage tests, Python for
# the cross-check against Twilio's own helper library, cmake and libclang to build llama.cpp,
# Chromium and its WebDriver for the console's browser test.
. scripts/setup.sh build-essential pkg-config postgresql python3-venv curl cmake libclang-dev libespeak-ng-dev espeak-ng chromium chromium-driver

# Twilio's and Plivo's official Python packages, to cross-check our signature algorithms.
if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import twilio, plivo' 2>/dev/null; then
  python3 -m venv .venv
  .venv/bin/pip install -q 'twilio>=9,<10' 'plivo>=4.50,<5'
fi

# A private PostgreSQL cluster on loopback, removed on exit.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg_dir=$(mktemp -d /tmp/doorstep-pg.XXXXXX)
pg_port=${DOORSTEP_TEST_PG_PORT:-55432}
run_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" -eq 0 ] && chown postgres "$pg_dir"
run_pg "$pg_bin/initdb" -D "$pg_dir/data" -U postgres -A trust >/dev/null
run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300" -l "$pg_dir/log" -w start >/dev/null
trap 'run_pg "$pg_bin/pg_ctl" -D "$pg_dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$pg_dir"' EXIT

export DOORSTEP_TEST_POSTGRES="postgres://postgres@127.0.0.1:$pg_port/postgres"
export DOORSTEP_REQUIRE_POSTGRES=1
export DOORSTEP_REQUIRE_BROWSER=1
export DOORSTEP_TEST_PYTHON="$PWD/.venv/bin/python"

# The models the tests run for real (checksummed; already-present files are kept).
cargo run --quiet --locked -- models fetch

cargo test --all-targets --locked --features embedded-llm,embeddings,speech "$@"
