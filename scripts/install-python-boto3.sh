#!/usr/bin/env bash
# Installs what the Python reference worker (samples/python-worker) and the cross-language tests
# (tests/AsyncAi.Interop.Tests) need: Debian's python3 with python3-boto3. No pip and no Python package
# registry: boto3 comes from the OS packages, like the browser in install-browser.sh.
#
# Idempotent: when /usr/bin/python3 already imports boto3, it exits at once without touching the network.
# test.sh runs it before the tests; set ASYNCAI_PYTHON to use another interpreter that has boto3.
set -euo pipefail

python_bin="${ASYNCAI_PYTHON:-/usr/bin/python3}"

if [[ -x "$python_bin" ]] && "$python_bin" -c 'import boto3' >/dev/null 2>&1; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: $python_bin cannot import boto3 and apt-get is not available to install python3-boto3." >&2
  echo "       Install boto3 for $python_bin, or set ASYNCAI_PYTHON to an interpreter that has it." >&2
  exit 1
fi

sudo_cmd=()
if [[ "$(id -u)" != "0" ]]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "error: installing python3-boto3 needs root; run: sudo apt-get install -y python3-boto3" >&2
    exit 1
  fi
  sudo_cmd=(sudo)
fi

log="$(mktemp -t install-python-boto3.XXXXXX.log)"
echo "Installing python3-boto3 with apt-get (log: $log)..." >&2
export DEBIAN_FRONTEND=noninteractive
# update only when the package is unknown to apt: a warm CI image installs without touching the index.
if ! apt-cache show python3-boto3 >/dev/null 2>&1; then
  "${sudo_cmd[@]}" apt-get update -q >"$log" 2>&1 || true
fi
if ! "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends python3 python3-boto3 >>"$log" 2>&1; then
  echo "error: 'apt-get install -y python3-boto3' failed; last lines of $log:" >&2
  tail -n 30 "$log" >&2
  exit 1
fi

if ! "$python_bin" -c 'import boto3' >/dev/null 2>&1; then
  echo "error: python3-boto3 was installed but $python_bin cannot import boto3; see $log" >&2
  exit 1
fi
rm -f "$log"
