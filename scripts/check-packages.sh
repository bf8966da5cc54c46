#!/usr/bin/env bash
# Packs every project under src/ into a temporary folder and checks the dependencies their .nuspec files declare
# (docs/decisions/0014-public-api-baseline.md):
#   1. a package that another sibling gives its internals to (InternalsVisibleTo in the sibling's .csproj) depends
#      on that sibling at exactly the version it was built with, "[x.y.z]": internals change in any release;
#   2. AsyncAi.Worker, and the siblings it depends on, do not depend on ONNX Runtime (Microsoft.ML.OnnxRuntime*):
#      a worker without models must not download it; ONNX lives in AsyncAi.Worker.Onnx;
#   3. AsyncAi.Worker.Onnx depends on Microsoft.ML.OnnxRuntime.Managed at the OnnxRuntimeVersion of the root
#      Directory.Build.props, the version every native ONNX Runtime package of the repository is pinned to.
# Prints one line per check (ok / FAIL) and exits non-zero when one fails. .ci/run runs it before ./test.sh.
# Needs: .NET SDK 10, unzip (installed with apt-get when missing, as root or with sudo).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"

if ! command -v unzip >/dev/null 2>&1; then
  sudo_cmd=()
  [[ "$(id -u)" == "0" ]] || sudo_cmd=(sudo)
  echo "Installing unzip with apt-get..." >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-cache show unzip >/dev/null 2>&1 || "${sudo_cmd[@]}" apt-get update -q >/dev/null 2>&1 || true
  if ! "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends unzip >/dev/null 2>&1; then
    echo "error: unzip is missing and 'apt-get install -y unzip' failed; install unzip and run again" >&2
    exit 1
  fi
fi

work="$(mktemp -d -t asyncai-packages.XXXXXX)"
trap 'rm -rf "$work"' EXIT

# One pack over all packable projects: a solution filter of src/ builds each project once, in dependency order.
projects=()
for csproj in src/*/*.csproj; do
  projects+=("\"${csproj//\//\\\\}\"")
done
filter="$work/packages.slnf"
printf '{ "solution": { "path": "%s", "projects": [ %s ] } }\n' \
  "$repo_root/AsyncAi.sln" "$(IFS=,; echo "${projects[*]}")" >"$filter"

echo "Packing src/ into $work/nupkg..."
if ! dotnet pack "$filter" -c Release -o "$work/nupkg" -nologo -v quiet >"$work/pack.log" 2>&1; then
  tail -n 40 "$work/pack.log" >&2
  echo "FAIL  dotnet pack of src/ failed (log above)"
  exit 1
fi

failures=0
ok() { echo "ok    $*"; }
fail() { echo "FAIL  $*"; failures=$((failures + 1)); }

# nuspec <package id>: the package's .nuspec text ('' when it was not produced).
nuspec() {
  local nupkg
  nupkg="$(find "$work/nupkg" -maxdepth 1 -name "$1.[0-9]*.nupkg" ! -name '*.snupkg' | head -n 1)"
  [[ -n "$nupkg" ]] && unzip -p "$nupkg" "$1.nuspec"
}
# package_version <package id>
package_version() { nuspec "$1" | sed -n 's#.*<version>\([^<]*\)</version>.*#\1#p' | head -n 1; }
# dependency_version <package id> <dependency id>: the version range it declares ('' when none).
dependency_version() {
  nuspec "$1" | grep -o "<dependency id=\"$2\" version=\"[^\"]*\"" | sed 's#.* version="\([^"]*\)"#\1#' | head -n 1 || true
}
# sibling_dependencies <package id>: the AsyncAi packages it depends on.
sibling_dependencies() { nuspec "$1" | grep -o '<dependency id="AsyncAi[^"]*"' | sed 's#<dependency id="\([^"]*\)"#\1#' | sort -u || true; }

siblings=()
for csproj in src/*/*.csproj; do
  siblings+=("$(basename "$csproj" .csproj)")
done
is_sibling() { local s; for s in "${siblings[@]}"; do [[ "$s" == "$1" ]] && return 0; done; return 1; }

for package in "${siblings[@]}"; do
  if [[ -z "$(nuspec "$package")" ]]; then
    fail "$package: no package was produced"
  fi
done

# 1. Exact versions between siblings that share internals.
for owner in "${siblings[@]}"; do
  version="$(package_version "$owner")"
  friends="$(sed -n 's#.*<InternalsVisibleTo Include="\([^"]*\)".*#\1#p' "src/$owner/$owner.csproj")"
  for friend in $friends; do
    is_sibling "$friend" || continue
    declared="$(dependency_version "$friend" "$owner")"
    if [[ "$declared" == "[$version]" ]]; then
      ok "$friend uses internals of $owner and depends on exactly $owner [$version]"
    elif [[ -z "$declared" ]]; then
      fail "$friend uses internals of $owner but its package does not depend on $owner directly (add a ProjectReference)"
    else
      fail "$friend uses internals of $owner but depends on $owner $declared, not exactly [$version]"
    fi
  done
done

# 2. No ONNX Runtime under AsyncAi.Worker, directly or through a sibling.
closure=(AsyncAi.Worker)
i=0
while ((i < ${#closure[@]})); do
  for dependency in $(sibling_dependencies "${closure[$i]}"); do
    [[ " ${closure[*]} " == *" $dependency "* ]] || closure+=("$dependency")
  done
  i=$((i + 1))
done
onnx=""
for package in "${closure[@]}"; do
  if found="$(nuspec "$package" | grep -o '<dependency id="Microsoft\.ML\.OnnxRuntime[^"]*"' | sed 's#<dependency id="\([^"]*\)"#\1#')"; then
    onnx+=" $package -> $(echo $found)"
  fi
done
if [[ -z "$onnx" ]]; then
  ok "AsyncAi.Worker does not depend on ONNX Runtime (checked: ${closure[*]})"
else
  fail "AsyncAi.Worker pulls ONNX Runtime:$onnx"
fi

# 3. The managed ONNX Runtime at the repository's OnnxRuntimeVersion.
expected="$(sed -n 's#.*<OnnxRuntimeVersion>\([^<]*\)</OnnxRuntimeVersion>.*#\1#p' Directory.Build.props | head -n 1)"
declared="$(dependency_version AsyncAi.Worker.Onnx Microsoft.ML.OnnxRuntime.Managed)"
if [[ -z "$expected" ]]; then
  fail "no OnnxRuntimeVersion in Directory.Build.props"
elif [[ "$declared" == "$expected" || "$declared" == "[$expected]" ]]; then
  ok "AsyncAi.Worker.Onnx depends on Microsoft.ML.OnnxRuntime.Managed $declared (OnnxRuntimeVersion $expected)"
else
  fail "AsyncAi.Worker.Onnx depends on Microsoft.ML.OnnxRuntime.Managed '${declared:-none}', OnnxRuntimeVersion is $expected"
fi

if ((failures > 0)); then
  echo "package checks: $failures failed"
  exit 1
fi
echo "package checks: all passed"
