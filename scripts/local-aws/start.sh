#!/usr/bin/env bash
# Starts a local SQS + S3 emulator (fauxqs) in the background for development and manual testing.
#
# Prints one line, AWS_ENDPOINT_URL=http://127.0.0.1:<port>, so that
#   eval "$(scripts/local-aws/start.sh)"
# points the AWS SDKs and CLI at it (any credentials work; the emulator checks no signatures).
# Stop it with scripts/local-aws/stop.sh. If it is already running, prints the same line and exits.
# Tests do not use this script: each test project starts its own emulator (tests/AsyncAi.Testing.Emulator).
#
# Environment (all optional):
#   FAUXQS_PORT              port to use; unset or 0: a free loopback port chosen by the kernel
#   FAUXQS_BIND_HOST         listen address (default 127.0.0.1: nothing off this machine can reach it)
#   FAUXQS_LOGGER            "true" logs every request to the log file (default false)
#   FAUXQS_DATA_DIR          with FAUXQS_PERSISTENCE=true: keep queues, messages, buckets and objects
#                            in SQLite there across restarts (default: all state in memory)
#   FAUXQS_S3_STORAGE_DIR    keep S3 objects as plain files there
#   FAUXQS_CORS              "false": answer no CORS preflight (default: allowed from any origin, like a bucket CORS rule)
#   FAUXQS_INIT              JSON file of queues and buckets to create at start (see the fauxqs README)
#   FAUXQS_START_TIMEOUT     seconds to wait for /health (default 30)
#   LOCAL_AWS_TOOLS_DIR      install folder (default <repo>/.tools/local-aws)
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo_root="$(cd "$script_dir/../.." && pwd)"
export LOCAL_AWS_TOOLS_DIR="${LOCAL_AWS_TOOLS_DIR:-$repo_root/.tools/local-aws}"
run_dir="$LOCAL_AWS_TOOLS_DIR/run"
pid_file="$run_dir/fauxqs.pid"
port_file="$run_dir/fauxqs.port"
log_file="$run_dir/fauxqs.log"

"$script_dir/install.sh"
node="$LOCAL_AWS_TOOLS_DIR/node_modules/.bin/node"

# The health check uses the Node just installed, because curl and wget are not on every CI image.
healthy() {
  "$node" -e '
    fetch(process.argv[1], { signal: AbortSignal.timeout(2000) })
      .then((r) => r.json())
      .then((j) => process.exit(j.status === "ok" ? 0 : 1), () => process.exit(1));
  ' "http://127.0.0.1:$1/health" >/dev/null 2>&1
}

if [[ -f "$pid_file" && -f "$port_file" ]]; then
  old_pid="$(cat "$pid_file")"
  old_port="$(cat "$port_file")"
  if kill -0 "$old_pid" 2>/dev/null && healthy "$old_port"; then
    echo "AWS_ENDPOINT_URL=http://127.0.0.1:$old_port"
    exit 0
  fi
  rm -f "$pid_file" "$port_file"
fi

mkdir -p "$run_dir"
timeout_s="${FAUXQS_START_TIMEOUT:-30}"

# nohup and </dev/null: the emulator outlives this script and the terminal that ran it.
FAUXQS_PORT="${FAUXQS_PORT:-0}" \
FAUXQS_LOGGER="${FAUXQS_LOGGER:-false}" \
FAUXQS_BIND_HOST="${FAUXQS_BIND_HOST:-127.0.0.1}" \
  nohup "$node" --disable-warning=ExperimentalWarning "$script_dir/fauxqs-server.mjs" \
    >"$log_file" 2>&1 </dev/null &
pid=$!
echo "$pid" >"$pid_file"

port=""
deadline=$((SECONDS + timeout_s))
while :; do
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "error: fauxqs exited while starting; last lines of $log_file:" >&2
    tail -n 20 "$log_file" >&2
    rm -f "$pid_file"
    exit 1
  fi
  if [[ -z "$port" ]]; then
    # The launcher prints the port it got, which matters when the kernel picked it (FAUXQS_PORT=0).
    port="$(sed -n 's#^fauxqs listening on http://.*:\([0-9][0-9]*\)$#\1#p' "$log_file" | head -n 1)"
  fi
  if [[ -n "$port" ]] && healthy "$port"; then
    break
  fi
  if ((SECONDS >= deadline)); then
    echo "error: fauxqs did not answer GET http://127.0.0.1:${port:-?}/health within ${timeout_s}s" \
         "(FAUXQS_START_TIMEOUT); stopped it. Last lines of $log_file:" >&2
    tail -n 20 "$log_file" >&2
    kill "$pid" 2>/dev/null || true
    rm -f "$pid_file"
    exit 1
  fi
  sleep 0.2
done

echo "$port" >"$port_file"
echo "AWS_ENDPOINT_URL=http://127.0.0.1:$port"
