#!/usr/bin/env bash
# Brings every package's PublicAPI.Unshipped.txt in line with its code: a public symbol missing from the baseline
# (RS0016) is added, a listed one that is gone or changed (RS0017) is taken out (or, when it had shipped, marked
# *REMOVED*). Run it from anywhere:   ./scripts/update-public-api.sh
# Review the diff: each new line is a promise (docs/decisions/0014-public-api-baseline.md).
# It reads the diagnostics of a full rebuild rather than running 'dotnet format', which merges many fixes to one
# file imperfectly (it dropped the members the compiler writes for records) and can miss symbols an incremental
# build does not re-analyse.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
for pass in 1 2 3; do
  echo "updating the public API baselines (pass $pass)"
  log="$(mktemp)"
  dotnet build AsyncAi.sln -c Release -nologo --no-incremental -p:TreatWarningsAsErrors=false >"$log" 2>&1 || true
  if ! python3 - "$log" <<'PY'
import pathlib, re, sys

pattern = re.compile(r"(?:error|warning) (RS0016|RS0017): Symbol '(.+?)' (?:is not part of the declared public API|is part of the declared API).*\[(.+?\.csproj)\]")
changes = {}
for line in open(sys.argv[1], encoding="utf-8"):
    for rule, symbol, project in pattern.findall(line):
        changes.setdefault(pathlib.Path(project).parent, set()).add((rule, symbol))
if not changes:
    sys.exit(1)
for folder, items in sorted(changes.items()):
    shipped = set((folder / "PublicAPI.Shipped.txt").read_text(encoding="utf-8").splitlines())
    path = folder / "PublicAPI.Unshipped.txt"
    lines = [l for l in path.read_text(encoding="utf-8").splitlines() if l and l != "#nullable enable"]
    # Lines already there keep their place (a small diff to review); new ones follow, sorted.
    removed = {s for r, s in items if r == "RS0017"}
    kept = [l for l in lines if l not in removed]
    added = {s for r, s in items if r == "RS0016"} | {"*REMOVED*" + s for s in removed if s in shipped and s not in lines}
    kept += sorted(added - set(kept))
    path.write_text("#nullable enable\n" + "".join(l + "\n" for l in kept), encoding="utf-8")
    print(f"  {path}: {sum(r == 'RS0016' for r, _ in items)} added, {sum(r == 'RS0017' for r, _ in items)} removed")
PY
  then
    rm -f "$log"
    echo "every baseline matches its code"
    exit 0
  fi
  rm -f "$log"
done
echo "error: the baselines still differ after $pass passes; see 'dotnet build AsyncAi.sln -c Release'" >&2
exit 1
