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
  # dotnet format merges many fixes to one file imperfectly (it can drop lines it added for records), so run it
  # until the build of the project reports no missing symbol.
  for pass in 1 2 3 4 5; do
    echo "updating the public API baseline of $csproj (pass $pass)"
    dotnet format analyzers "$csproj" --diagnostics RS0016 --severity warn -v quiet
    if ! dotnet build "$csproj" -c Release -nologo 2>&1 | grep -q "RS0016"; then
      break
    fi
    if ((pass == 5)); then
      echo "error: $csproj still reports RS0016 after $pass passes; see 'dotnet build $csproj'" >&2
      exit 1
    fi
  done
done
