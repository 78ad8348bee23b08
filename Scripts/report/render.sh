#!/usr/bin/env bash
# Renders an xent training report (report.html) to a PNG with headless Chromium, to check that it looks right in a
# real browser. Usage: Scripts/report/render.sh xent-report/report.html [out.png] [width] [height]
# Needs Debian's chromium (apt-get install -y chromium). The page is self-contained: no network is used.
set -euo pipefail
page=${1:?usage: render.sh REPORT.html [OUT.png] [WIDTH] [HEIGHT]}
out=${2:-${page%.html}.png}
width=${3:-1400}
height=${4:-2400}
browser=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
[ -n "$browser" ] || { echo "render.sh: no chromium found (apt-get install -y chromium)" >&2; exit 1; }
abs=$(cd "$(dirname "$page")" && pwd)/$(basename "$page")
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
"$browser" --headless --no-sandbox --disable-gpu --hide-scrollbars --user-data-dir="$profile" \
  --window-size="${width},${height}" --screenshot="$out" "file://$abs" > /dev/null 2>&1
echo "$out"
