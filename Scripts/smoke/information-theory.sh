#!/usr/bin/env bash
# Smoke checks of the information-theory commands (entropy, cross-entropy, kl, js, mutual-information) and demo,
# run by Scripts/smoke.sh with the release binary as $1: exact values, one JSON object, "inf" with the outcome
# named, and bad input = one line on stderr with exit 64 (arguments), 65 (data) or 66 (unreadable file).
set -euo pipefail
bin=$1
fail() { echo "information-theory smoke: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

expect_json() {  # expect_json 'python assertion on d' xent-args...
  local check=$1; shift
  local out
  out=$("$bin" "$@") || fail "$* exited $?"
  python3 -c "import json,sys; d=json.loads(sys.argv[1]); assert $check, d" "$out" || fail "$*: $out"
}
expect_error() {  # expect_error STATUS xent-args...
  local status=$1; shift
  local err code
  set +e
  err=$("$bin" "$@" 2>&1 >/dev/null); code=$?
  set -e
  [ "$code" -eq "$status" ] || fail "$* exited $code, expected $status ($err)"
  [ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || fail "$*: more than one line on stderr: $err"
}

expect_json 'd["value"] == 1.5 and d["unit"] == "bits"' entropy 0.5,0.25,0.25 --json
expect_json 'abs(d["value"] - 1.0397207708399179) < 1e-15 and d["unit"] == "nats"' entropy 0.5,0.25,0.25 --base e --json
expect_json 'abs(d["value"] - 1.4056390622295665) < 1e-15' entropy 3,1,0,4 --counts --json
expect_json 'd["value"] == "inf" and d["unsupported_outcomes"] == [2] and d["unsupported_indices"] == [1]' \
  cross-entropy --data 0.2,0.3,0.5 --model 0.5,0,0.5 --json
expect_json 'abs(d["value"] - 0.2075187496394219) < 1e-15' kl --data 0.5,0.5 --model 0.75,0.25 --json
expect_json 'd["value"] == 0.5 and abs(d["distance"] - 0.5 ** 0.5) < 1e-15' js 0.5,0.5,0 0,0.5,0.5 --json
printf 'x\\y,a,b\n0.4,0.1  # first row\n0.1,0.4\n' > "$tmp/joint.csv"
expect_json 'abs(d["value"] - 0.2780719051126379) < 1e-14 and abs(d["conditional_entropy_x_given_y"] - 0.7219280948873621) < 1e-14' \
  mutual-information --joint "$tmp/joint.csv" --json
printf 'abracadabra' > "$tmp/bytes"
expect_json 'abs(d["value"] - 2.0403733936884962) < 1e-14 and d["bytes"] == 11' entropy --file "$tmp/bytes" --json
printf 'a\nb\na\nc\n' > "$tmp/samples.txt"
expect_json 'd["samples"] == 4 and d["estimator"] == "miller-madow"' \
  entropy --samples "$tmp/samples.txt" --estimator miller-madow --json
# Extreme inputs, against mpmath: a model probability far below the data's (it was +inf), one 4e-11 (it was 3.7e-9
# relative off), distributions one ulp apart (JS was 1.33e-32), a joint with a cell of 1e-100 (MI was +inf).
expect_json 'abs(d["value"] - 27.236388806542580) < 3e-11' kl --data 0.5,0.5 --model 1e-17,1 --json
expect_json 'abs(d["kl_divergence"] - 27.236388806542580) < 3e-11 and abs(d["cross_entropy"] - d["entropy_data"] - d["kl_divergence"]) < 3e-11' \
  cross-entropy --data 0.5,0.5 --model 1e-17,1 --json
expect_json 'abs(d["value"] - 16.270604521938201) < 2e-11' kl --data 0.5,0.5 --model 4e-11,1 --json
expect_json 'abs(d["value"] - 8.891294655574471e-33) < 1e-44' js 0.5,0.5 0.5000000000000001,0.4999999999999999 --json
printf '0.5,0,0\n0,0.5,0\n0,0,1e-100\n' > "$tmp/diagonal.csv"
expect_json 'abs(d["value"] - 1) < 1e-12' mutual-information --joint "$tmp/diagonal.csv" --json
expect_json 'd["chosen_code"] == "K1" and d["unit"] == "bits"' demo --json --seeds 1 --no-report
"$bin" demo --seeds 1 --no-report > /dev/null || fail "demo"

expect_error 65 entropy -0.5,1.5
expect_error 65 entropy 0.5,0.6
expect_error 64 entropy 0.5,abc
expect_error 64 entropy 0.5,0.5 --base 1
expect_error 64 entropy --bogus
expect_error 65 kl --data 0.5,0.5 --model 0.2,0.3,0.5
expect_error 64 kl --data 0.5,0.5
expect_error 64 js 0.5,0.5
expect_error 64 js 1,0 0,1 --base 0.5
expect_error 66 entropy --file "$tmp/missing"
expect_error 66 mutual-information --joint "$tmp/missing.csv"
printf '0.5,0.5\n0.5\n' > "$tmp/ragged.csv"
expect_error 65 mutual-information --joint "$tmp/ragged.csv"
expect_error 64 entropy --samples "$tmp/samples.txt" --estimator nsb
echo "information-theory smoke: ok"
