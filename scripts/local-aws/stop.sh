#!/usr/bin/env bash
# Stops the emulator that scripts/local-aws/start.sh started. Does nothing when none is running.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
run_dir="${LOCAL_AWS_TOOLS_DIR:-$repo_root/.tools/local-aws}/run"
pid_file="$run_dir/fauxqs.pid"
port_file="$run_dir/fauxqs.port"

if [[ ! -f "$pid_file" ]]; then
  exit 0
fi
pid="$(cat "$pid_file")"

# A stale pid file can name a process that reused the number: only stop it if it is our launcher.
if kill -0 "$pid" 2>/dev/null &&
   { [[ ! -r "/proc/$pid/cmdline" ]] || tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'fauxqs-server.mjs'; }; then
  kill -TERM "$pid" 2>/dev/null || true
  # SIGTERM closes the server and its SQLite file; give it a few seconds before forcing.
  for _ in $(seq 1 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "warning: fauxqs (pid $pid) ignored SIGTERM for 5s; killing it" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
fi
rm -f "$pid_file" "$port_file"
