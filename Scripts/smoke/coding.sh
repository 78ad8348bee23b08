#!/usr/bin/env bash
# Smoke checks of `xent code` (run by Scripts/smoke.sh with the release binary as $1).
set -euo pipefail
bin=${1:-.build/release/xent}
fail() { echo "smoke coding: $*" >&2; exit 1; }

out=$("$bin" code 0.5,0.25,0.125,0.125 --json)
echo "$out" | grep -q '"value":1.75' || fail "code: expected value 1.75, got $out"
echo "$out" | grep -q '"codeword":"110"' || fail "code: expected canonical codeword 110, got $out"
[ "$(echo "$out" | wc -l)" -eq 1 ] || fail "code --json printed more than one line"

"$bin" code 0.7,0.2,0.1 --data 0.2,0.3,0.5 --symbols 20000 | grep -q "round trip exact" \
  || fail "code --data: no exact round trip"
out=$("$bin" code --choose A=0.4,0.2,0.2,0.1,0.1 B=0.05,0.1,0.15,0.3,0.4 C=0.2,0.2,0.2,0.2,0.2 --json)
echo "$out" | grep -q '"winner":"C"' || fail "code --choose: expected winner C, got $out"
"$bin" code 3,1 --normalize --json | grep -q '"value":1' || fail "code --normalize"
"$bin" code 1/3,1/3,1/3 --json | grep -q '"entropy":1.58496' || fail "code: fractions"

# Bad input: one line on stderr, exit 64 (arguments) or 65 (data), nothing on stdout.
check_error() {
  local want=$1; shift
  set +e
  local stdout stderr status
  stdout=$("$bin" "$@" 2>/tmp/xent-smoke-coding.err)
  status=$?
  set -e
  stderr=$(cat /tmp/xent-smoke-coding.err)
  [ "$status" -eq "$want" ] || fail "'$*': expected exit $want, got $status ($stderr)"
  [ -z "$stdout" ] || fail "'$*': printed on stdout: $stdout"
  [ "$(printf '%s\n' "$stderr" | wc -l)" -eq 1 ] || fail "'$*': expected one line on stderr, got: $stderr"
}
check_error 64 code 0.5,abc
check_error 64 code
check_error 65 code 0.5,0.6
check_error 65 code 0.5,-0.5,1
check_error 65 code 0.5,0.5 --data 0.2,0.3,0.5
check_error 64 code --choose A=0.5,0.5
check_error 64 code --choose A=0.5,0.5 A=0.2,0.8
check_error 65 code --choose A=0.5,0.5 B=0.2,0.3,0.5
check_error 64 code 0.5,0.5 --max-length 40
check_error 64 code 0.5,0.5 --symbols -3
echo "smoke coding: ok"
