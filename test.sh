#!/usr/bin/env bash
# THE command that runs every test of the repository, on a developer machine and in CI (.ci/run).
#
# Usage: ./test.sh [SOLUTION|PROJECT|FOLDER] [dotnet test arguments...]
#   ./test.sh                                         all tests in AsyncAi.sln
#   ./test.sh tests/AsyncAi.Testing.Emulator.Tests    one test project
#   ./test.sh --filter "FullyQualifiedName~Sqs"       any further arguments go to dotnet test
#
# It installs what the tests need (the local SQS + S3 emulator, models, a browser, each only when missing),
# runs dotnet test in Release, writes one TRX file per test assembly to artifacts/test-results/, and ends
# with exactly one line:  tests: N passed, M failed
# It exits non-zero if a test failed, if dotnet test failed (a build error, a crashed test host) or if no
# results were written. Needs: .NET SDK 10, npm (any Node version), bash; no Docker. Debian python3-boto3 (for the
# cross-language tests) and postgresql (for the job store tests) are installed with apt-get when missing.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$repo_root"
results_dir="$repo_root/artifacts/test-results"

# Every exit path ends with the summary line, so CI logs and scripts can always read the last line.
finish() {
  echo "tests: $1 passed, $2 failed"
  exit "$3"
}

target="AsyncAi.sln"
if [[ $# -gt 0 && "$1" != -* && -e "$1" ]]; then
  target="$1"
  shift
fi

missing=0
if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: 'dotnet' was not found on PATH; install the .NET 10 SDK (see global.json): https://dot.net" >&2
  missing=1
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "error: 'npm' was not found on PATH; it installs the local AWS emulator (fauxqs) and the Node.js 22" >&2
  echo "       it runs on. Install Node.js with npm, any version (e.g. 'apt-get install -y nodejs npm')." >&2
  missing=1
fi
if ((missing)); then
  finish 0 0 1
fi

step() {
  local description="$1"
  shift
  local code=0
  "$@" || code=$?
  if ((code != 0)); then
    echo "error: $description failed (exit code $code)" >&2
    finish 0 0 "$code"
  fi
}

# Tools the tests use; each script is a quick no-op when its tools are already in place.
step "installing the local AWS emulator (scripts/local-aws/install.sh)" bash scripts/local-aws/install.sh
if [[ -f scripts/fetch-models.sh ]]; then
  step "fetching test models (scripts/fetch-models.sh)" bash scripts/fetch-models.sh
fi
if [[ -f scripts/install-python-boto3.sh ]]; then
  step "installing python3-boto3 for the cross-language tests (scripts/install-python-boto3.sh)" bash scripts/install-python-boto3.sh
fi
if [[ -f scripts/install-postgresql.sh ]]; then
  step "installing PostgreSQL for the job store tests (scripts/install-postgresql.sh)" bash scripts/install-postgresql.sh
fi
if [[ -f scripts/install-browser.sh ]]; then
  step "installing the browser for browser tests (scripts/install-browser.sh)" bash scripts/install-browser.sh
fi

# Results of an earlier run must not be counted again.
rm -rf "$results_dir"
mkdir -p "$results_dir"

# No LogFileName: with a fixed one, every test assembly of a solution writes the same file and only the
# last survives (microsoft/vstest#3026). The default names are unique; each is renamed after its assembly below.
dotnet_code=0
dotnet test "$target" -c Release --results-directory "$results_dir" --logger trx "$@" || dotnet_code=$?

# Counts come from the TRX files, not from console output, so that every assembly is counted exactly once.
# Plain grep and sed: CI machines have no guaranteed python.
read_counter() { # <counters element> <attribute> -> number (0 when absent)
  local value
  value="$(printf '%s' "$1" | sed -n "s/.* $2=\"\([0-9][0-9]*\)\".*/\1/p")"
  echo "${value:-0}"
}

passed=0
failed=0
trx_count=0
shopt -s nullglob
for trx in "$results_dir"/*.trx; do
  trx_count=$((trx_count + 1))
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1 || true)"
  if [[ -z "$counters" ]]; then
    echo "error: no <Counters> in $trx; the test run did not finish writing it" >&2
    failed=$((failed + 1))
    continue
  fi
  passed=$((passed + $(read_counter "$counters" passed)))
  # A test that errored, timed out or was aborted did not pass either.
  for attribute in failed error timeout aborted; do
    failed=$((failed + $(read_counter "$counters" "$attribute")))
  done

  # Name the file after its test assembly (from a test's codeBase, which keeps the case; storage is
  # lowercased) so that each is easy to find. An assembly without tests has no codeBase; its file names the
  # dll in the "No test is available in …" message instead.
  assembly="$(grep -o 'codeBase="[^"]*"' "$trx" | head -n 1 | sed 's#^codeBase="\(.*\)"$#\1#; s#.*[/\\]##; s#\.dll$##' || true)"
  if [[ -z "$assembly" ]]; then
    assembly="$(grep -o '[^ "<>/\\]*\.dll' "$trx" | head -n 1 | sed 's#\.dll$##' || true)"
  fi
  if [[ -n "$assembly" && ! -e "$results_dir/$assembly.trx" ]]; then
    mv "$trx" "$results_dir/$assembly.trx"
  fi
done

if ((trx_count == 0)); then
  echo "error: dotnet test wrote no results to $results_dir (exit code $dotnet_code)" >&2
  finish 0 0 1
fi
if ((dotnet_code != 0 && failed == 0)); then
  echo "error: dotnet test failed (exit code $dotnet_code) although no test failed: a build error or a crashed test host?" >&2
fi
if ((failed > 0 || dotnet_code != 0)); then
  finish "$passed" "$failed" 1
fi
finish "$passed" "$failed" 0
