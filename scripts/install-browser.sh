#!/usr/bin/env bash
# Installs the headless browser that the browser test (tests/AsyncAi.Samples.Tests) drives: Debian's
# chromium. Playwright's own browser download is never used: it fetches a build from outside the package
# registries, which CI machines cannot reach, and Debian's build is patched and updated with the OS.
#
# Idempotent: when /usr/bin/chromium runs, it exits at once without touching the network.
# test.sh runs it before the tests; run it by hand to try the browser test alone.
set -euo pipefail

chromium_bin="${CHROMIUM_PATH:-/usr/bin/chromium}"

if [[ -x "$chromium_bin" ]] && "$chromium_bin" --version >/dev/null 2>&1; then
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "error: $chromium_bin is missing and apt-get is not available to install it." >&2
  echo "       Install Chromium with your package manager and set CHROMIUM_PATH to its binary." >&2
  exit 1
fi

sudo_cmd=()
if [[ "$(id -u)" != "0" ]]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "error: installing chromium needs root; run: sudo apt-get install -y chromium" >&2
    exit 1
  fi
  sudo_cmd=(sudo)
fi

log="$(mktemp -t install-browser.XXXXXX.log)"
echo "Installing chromium with apt-get (log: $log)..." >&2
export DEBIAN_FRONTEND=noninteractive
if ! { "${sudo_cmd[@]}" apt-get update -q && "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends chromium fonts-dejavu-core; } >"$log" 2>&1; then
  echo "error: 'apt-get install -y chromium' failed; last lines of $log:" >&2
  tail -n 30 "$log" >&2
  exit 1
fi

if ! "$chromium_bin" --version >/dev/null 2>&1; then
  echo "error: chromium was installed but $chromium_bin does not run; see $log" >&2
  exit 1
fi
rm -f "$log"
