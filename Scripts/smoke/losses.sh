#!/usr/bin/env bash
# Smoke checks of `xent loss` (run by Scripts/smoke.sh with the release binary as $1): values on the fixtures,
# JSON shape, warnings, and the exit status of bad input.
set -euo pipefail
bin=${1:-.build/release/xent}
fix=Tests/Fixtures/loss-cli
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "smoke/losses: $*" >&2; exit 1; }

# A PyTorch cross-entropy from .npy logits and labels, with the gradient: exactly one JSON object.
out=$("$bin" loss sparse-categorical --predictions $fix/sparse-t-extreme-float32-p.npy \
  --targets $fix/sparse-t-extreme-float32-t.npy --from-logits --reduction sum --convention pytorch --with-gradient --json)
case "$out" in
  '{"value":20263,'*'"unit":"nats"'*'"gradient":[['*) ;;
  *) fail "sparse-categorical json: $out" ;;
esac
[ "$(printf '%s\n' "$out" | wc -l)" -eq 1 ] || fail "more than one line of JSON"

# CSV input, human output, --gradient-out.
"$bin" loss categorical --predictions $fix/cat-k-probs-float64-p.csv --targets $fix/cat-k-probs-float64-t.csv \
  --gradient-out "$tmp/g.npy" | grep -q '^value       ' || fail "human output"
[ -s "$tmp/g.npy" ] || fail "--gradient-out wrote nothing"

# Degenerate batch: a warning on stderr, NaN under PyTorch.
out=$("$bin" loss sparse-categorical --predictions $fix/sparse-t-all-ignored-float64-p.csv --dtype float64 \
  --targets $fix/sparse-t-all-ignored-float64-t.csv --from-logits --convention pytorch --json 2> "$tmp/err")
case "$out" in '{"value":"nan"'*) ;; *) fail "all-ignored value: $out" ;; esac
grep -q '^xent: warning: ' "$tmp/err" || fail "no warning for an all-ignored batch"

# Bad input: one line on stderr and the documented status.
expect_status() {
  local want=$1; shift
  set +e; "$bin" loss "$@" > /dev/null 2> "$tmp/err"; local got=$?; set -e
  [ "$got" -eq "$want" ] || fail "loss $*: exit $got, expected $want"
  [ "$(wc -l < "$tmp/err")" -eq 1 ] || fail "loss $*: stderr is not one line: $(cat "$tmp/err")"
}
printf '0.5,0.5\n0.2\n' > "$tmp/ragged.csv"
printf '0\n7\n' > "$tmp/labels.csv"
expect_status 64 softmax --predictions "$tmp/ragged.csv" --targets "$tmp/ragged.csv"
expect_status 64 categorical --predictions "$tmp/ragged.csv" --targets "$tmp/ragged.csv" --label-smoothing x
expect_status 66 categorical --predictions "$tmp/missing.npy" --targets "$tmp/ragged.csv"
expect_status 65 categorical --predictions "$tmp/ragged.csv" --targets "$tmp/ragged.csv"
expect_status 65 sparse-categorical --predictions $fix/cat-k-probs-float64-p.csv --targets "$tmp/labels.csv"
echo "smoke/losses: ok"
