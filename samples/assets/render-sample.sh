#!/usr/bin/env bash
# Renders sample.html into sample.png, the image the demo and the browser test send to the OCR worker.
# The PNG is committed, so nothing needs to run this; it is here to show where the picture came from and to
# remake it (needs chromium: scripts/install-browser.sh).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
profile="$(mktemp -d)"
trap 'rm -rf "$profile"' EXIT
"$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --force-device-scale-factor=1 --window-size=640,240 \
  --screenshot="$here/sample.png" "file://$here/sample.html" >/dev/null 2>&1
echo "wrote $here/sample.png ($(stat -c %s "$here/sample.png") bytes)"
