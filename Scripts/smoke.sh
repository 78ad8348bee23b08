#!/usr/bin/env bash
# Smoke checks of the `xent` CLI, run by .ci/run on the release binary: each command answers,
# --json prints one object, bad input exits non-zero with one line on stderr.
# Each area adds its own checks as Scripts/smoke/<area>.sh, run here with the binary as $1.
set -euo pipefail
bin=${1:-.build/release/xent}
fail() { echo "smoke: $*" >&2; exit 1; }

for cmd in entropy cross-entropy kl js mutual-information code compress decompress loss train demo bench; do
  "$bin" "$cmd" --help > /dev/null || fail "$cmd --help failed"
done
for script in Scripts/smoke/*.sh; do
  [ -e "$script" ] || continue
  echo "smoke: $script"
  bash "$script" "$bin" || fail "$script failed"
done
echo "smoke: ok"
