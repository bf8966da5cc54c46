#!/usr/bin/env bash
# Builds the API reference (HTML) from the packages' XML documentation with docfx, into artifacts/api/.
#   ./scripts/api-reference.sh           build it; open artifacts/api/index.html
# docfx is installed as a .NET tool into .tools/docfx the first time (git-ignored); later runs reuse it.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
tool_dir="$repo_root/.tools/docfx"
if [[ ! -x "$tool_dir/docfx" ]]; then
  dotnet tool install docfx --version 2.81.0 --tool-path "$tool_dir" >/dev/null
fi
rm -rf docs/api/reference artifacts/api
"$tool_dir/docfx" metadata docs/api/docfx.json
"$tool_dir/docfx" build docs/api/docfx.json
echo "API reference: $repo_root/artifacts/api/index.html"
