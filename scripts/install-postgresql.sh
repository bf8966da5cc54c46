#!/usr/bin/env bash
# Installs what the job store's PostgreSQL tests (tests/AsyncAi.EntityFrameworkCore.Tests) need: Debian's PostgreSQL
# server binaries (initdb, pg_ctl, postgres). The tests start their own throw-away server from them, on 127.0.0.1 and
# a free port, in a temporary folder: no system service, nothing listening after the run.
#
# Idempotent: when initdb is already there (or ASYNCAI_PG_BIN names a folder with it), it exits at once without
# touching the network. test.sh runs it before the tests.
set -euo pipefail

if [[ -n "${ASYNCAI_PG_BIN:-}" && -x "$ASYNCAI_PG_BIN/initdb" ]]; then
  exit 0
fi
if compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: PostgreSQL's initdb was not found and apt-get is not available to install it." >&2
  echo "       Install the PostgreSQL server, or set ASYNCAI_PG_BIN to the folder that holds initdb and pg_ctl." >&2
  exit 1
fi

sudo_cmd=()
if [[ "$(id -u)" != "0" ]]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "error: installing PostgreSQL needs root; run: sudo apt-get install -y postgresql" >&2
    exit 1
  fi
  sudo_cmd=(sudo)
fi

log="$(mktemp -t install-postgresql.XXXXXX.log)"
echo "Installing postgresql with apt-get (log: $log)..." >&2
export DEBIAN_FRONTEND=noninteractive
if ! apt-cache show postgresql >/dev/null 2>&1; then
  "${sudo_cmd[@]}" apt-get update -q >"$log" 2>&1 || true
fi
if ! "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends postgresql >>"$log" 2>&1; then
  echo "error: 'apt-get install -y postgresql' failed; last lines of $log:" >&2
  tail -n 30 "$log" >&2
  exit 1
fi

if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  echo "error: postgresql was installed but no /usr/lib/postgresql/*/bin/initdb was found; see $log" >&2
  exit 1
fi
rm -f "$log"
