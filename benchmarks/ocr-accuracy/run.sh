#!/usr/bin/env bash
# The OCR accuracy benchmark, one command: installs ImageMagick and the Debian fonts when missing (as root, with
# apt-get), fetches the models (scripts/fetch-models.sh), renders the test set (render.sh) and runs the OCR job on
# every image in-process through its real registration and handler (AsyncAi.Benchmarks ocr-accuracy). Writes
# artifacts/ocr-accuracy/results.md (character error rate per image, per category and in total; images/s) and
# artifacts/ocr-accuracy/read/NAME.txt (what was read).
#
#   benchmarks/ocr-accuracy/run.sh                   # CPU
#   benchmarks/ocr-accuracy/run.sh --cuda            # GPU: builds against Microsoft.ML.OnnxRuntime.Gpu
#   benchmarks/ocr-accuracy/run.sh --concurrency 8   # further arguments go to the benchmark
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
OUT="$ROOT/artifacts/ocr-accuracy"

FONTS=(
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf fonts-dejavu-core"
  "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf fonts-liberation2"
  "/usr/share/fonts/truetype/freefont/FreeSans.ttf fonts-freefont-ttf"
)
missing=()
# A stand-in 'convert' on /usr/local/bin does not count: render.sh uses /usr/bin/convert or magick.
[[ -x /usr/bin/convert ]] || command -v magick >/dev/null 2>&1 || missing+=(imagemagick)
for entry in "${FONTS[@]}"; do
  read -r file package <<<"$entry"
  [[ -f "$file" ]] || missing+=("$package")
done
if ((${#missing[@]} > 0)); then
  if command -v apt-get >/dev/null 2>&1 && [[ "$(id -u)" == "0" ]]; then
    echo "Installing ${missing[*]}..."
    apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
      || { apt-get update >/dev/null && apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }
  else
    echo "error: the benchmark needs ${missing[*]} (apt-get install -y ${missing[*]})." >&2
    exit 1
  fi
fi

bash scripts/fetch-models.sh
bash benchmarks/ocr-accuracy/render.sh "$OUT/set"

build=()
if [[ " $* " == *" --cuda "* ]]; then
  build+=(-p:OnnxRuntimePackage=Microsoft.ML.OnnxRuntime.Gpu)
fi
dotnet run -c Release "${build[@]}" --project benchmarks/AsyncAi.Benchmarks -- ocr-accuracy --set "$OUT/set" --out "$OUT/results.md" "$@"
