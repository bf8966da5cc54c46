#!/usr/bin/env bash
# Installs the local AWS emulator (fauxqs, an SQS + SNS + S3 emulator on one port) and the Node.js 22
# it needs into .tools/local-aws, which git ignores.
#
# Why npm and not a system package: fauxqs 2.x needs Node >= 22.5 (it imports node:sqlite) while CI
# machines and developer boxes often have an older Node; the npm registry serves Node itself as the
# package `node`, so one `npm install --prefix` gives both, without root, apt or Docker.
#
# Idempotent and cached: when the stamp file says the wanted versions are installed and the Node binary
# answers with the wanted version, it exits at once without touching the network. Quiet unless it fails.
#
# Environment (all optional):
#   LOCAL_AWS_TOOLS_DIR        where to install (default: <repo>/.tools/local-aws)
#   LOCAL_AWS_NODE_VERSION     Node.js version from the npm package `node` (default below)
#   LOCAL_AWS_FAUXQS_VERSION   fauxqs version (default below)
set -euo pipefail

# Exact versions, so every machine runs the same emulator; bump them here (the stamp then forces a reinstall).
node_version="${LOCAL_AWS_NODE_VERSION:-22.23.3}"
fauxqs_version="${LOCAL_AWS_FAUXQS_VERSION:-2.4.1}"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tools_dir="${LOCAL_AWS_TOOLS_DIR:-$repo_root/.tools/local-aws}"
stamp="$tools_dir/.installed"
wanted="node@$node_version fauxqs@$fauxqs_version"

is_installed() {
  [[ -f "$stamp" && "$(cat "$stamp")" == "$wanted" ]] || return 1
  [[ -x "$tools_dir/node_modules/.bin/node" && -f "$tools_dir/node_modules/fauxqs/dist/app.js" ]] || return 1
  # The binary itself must run: a copied or half-deleted tree can keep the stamp but not a working Node.
  [[ "$("$tools_dir/node_modules/.bin/node" --version 2>/dev/null)" == "v$node_version" ]]
}

if is_installed; then
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "error: npm was not found on PATH; it is needed to install Node.js $node_version and fauxqs@$fauxqs_version" >&2
  echo "       into $tools_dir. Install Node.js and npm (any version; e.g. 'apt-get install -y npm') and retry." >&2
  exit 1
fi

mkdir -p "$tools_dir"

# Several test projects may start emulators at the same time, and each may call this script: serialise
# installs so that two npm processes never write the same node_modules. flock is in util-linux (always on
# Debian); without it, go on unlocked rather than fail.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$tools_dir/.install.lock"
  flock 9
  # Another process may have finished the install while this one waited for the lock.
  if is_installed; then
    exit 0
  fi
fi

# Start from an empty prefix so that no package from an older version pair lingers.
rm -rf "$tools_dir/node_modules" "$tools_dir/package.json" "$tools_dir/package-lock.json" "$stamp"

log="$tools_dir/install.log"
# --ignore-scripts=false: the `node` package fetches the platform binary in its preinstall script, so a
# user-level `ignore-scripts=true` in .npmrc would leave a Node-less install.
if ! npm install --prefix "$tools_dir" --save-exact --no-audit --no-fund --ignore-scripts=false \
      --loglevel=error "node@$node_version" "fauxqs@$fauxqs_version" >"$log" 2>&1; then
  echo "error: 'npm install --prefix $tools_dir node@$node_version fauxqs@$fauxqs_version' failed; last lines of $log:" >&2
  tail -n 40 "$log" >&2
  exit 1
fi

actual="$("$tools_dir/node_modules/.bin/node" --version 2>/dev/null || true)"
if [[ "$actual" != "v$node_version" ]]; then
  echo "error: after npm install, $tools_dir/node_modules/.bin/node reports '${actual:-nothing}', expected v$node_version." >&2
  echo "       The npm package 'node' downloads the binary in a preinstall script; see $log." >&2
  exit 1
fi

printf '%s' "$wanted" >"$stamp"
