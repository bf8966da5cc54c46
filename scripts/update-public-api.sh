#!/usr/bin/env bash
# Adds every public symbol that is missing from a package's PublicAPI.Unshipped.txt (RS0016), for all projects
# under src/ or the ones named:   ./scripts/update-public-api.sh [src/AsyncAi.X ...]
# Review the diff: each new line is a promise (docs/decisions/0014-public-api-baseline.md). Symbols that were
# removed or changed (RS0017) are not fixed here: delete their old lines by hand, the build names them.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
projects=("$@")
((${#projects[@]})) || projects=(src/*/)
for project in "${projects[@]}"; do
  csproj="$(ls "${project%/}"/*.csproj)"
  echo "updating the public API baseline of $csproj"
  dotnet format analyzers "$csproj" --diagnostics RS0016 --severity warn -v quiet
done
