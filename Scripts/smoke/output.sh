#!/usr/bin/env bash
# Smoke checks of failed writes and unusual inputs on the release binary ($1): stdout on a full device or closed
# is exit 73 with one line (never a trap), an unwritable stderr keeps the exit status, output files are written
# whole or not at all (a 64 KiB tmpfs when running as root, a file size limit otherwise), pipes and FIFOs are read
# as files, and a bench shape larger than the address-space limit is refused with 64.
set -euo pipefail
bin=${1:-.build/release/xent}
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
dir=$(mktemp -d)
cleanup() {
  if mountpoint -q "$dir/small" 2>/dev/null; then umount "$dir/small" || true; fi
  rm -rf "$dir"
}
trap cleanup EXIT
cd "$dir"
fail() { echo "output smoke: $*" >&2; exit 1; }
export SWIFT_BACKTRACE=enable=no

# expect STATUS CMD...: runs CMD (a shell string), checks its exit status and that stderr has at most one line.
expect() {
  local want=$1; shift
  set +e; bash -c "$*" 2> err; local code=$?; set -e
  [ "$code" -eq "$want" ] || fail "$*: exit $code, expected $want ($(head -c 300 err))"
  [ "$(wc -l < err)" -le 1 ] || fail "$*: more than one line on stderr"
}

printf 'to be or not to be\n' > s.txt
"$bin" compress s.txt -o s.xnt
printf '2,1,0.1\n0.5,2.5,0.3\n' > logits.csv
printf '0\n1\n' > labels.csv

for cmd in "entropy 0.5,0.5" "entropy 0.5,0.5 --json" "compress s.txt -c" "decompress s.xnt -c" "code 0.5,0.5" \
           "loss sparse-categorical --predictions logits.csv --targets labels.csv --from-logits" "--help"; do
  expect 73 "'$bin' $cmd > /dev/full"
  grep -q "No space left on device" err || fail "$cmd > /dev/full: the message does not name the cause"
  expect 73 "'$bin' $cmd >&-"
done
expect 65 "'$bin' entropy 0.5,0.6 2> /dev/full"
expect 65 "'$bin' entropy 0.5,0.6 2>&-"
expect 64 "'$bin' ''"
expect 64 "'$bin' compress s.txt --level -1"

# Pipes and FIFOs are read to their end, once.
out=$(cat logits.csv | "$bin" loss sparse-categorical --predictions /dev/stdin --targets labels.csv --from-logits --json)
echo "$out" | grep -q '"value":' || fail "loss from /dev/stdin: $out"
mkfifo fifo
(sleep 1; cat logits.csv > fifo) &
out=$(timeout 20 "$bin" loss sparse-categorical --predictions fifo --targets labels.csv --from-logits --json) \
  || fail "loss from a FIFO did not finish"
echo "$out" | grep -q '"value":' || fail "loss from a FIFO: $out"
(sleep 1; printf 'a\nb\na\n' > fifo) &
timeout 20 "$bin" entropy --samples fifo > /dev/null || fail "entropy --samples from a FIFO"

# Output files: whole or not at all.
head -c 200000 /dev/urandom > r200k
"$bin" compress r200k --model order0 -o r200k.xnt
check_untouched() {
  [ "$(cat "$1/old")" = OLD ] || fail "$2 damaged the existing file"
  [ "$(ls -A "$1")" = old ] || fail "$2 left files behind: $(ls -A "$1" | tr '\n' ' ')"
}
run_full() {  # run_full DIR PREFIX: every writer into DIR fails with 73, DIR keeps only 'old' = OLD
  local d=$1 prefix=$2
  for cmd in "compress r200k --model order0 -o $d/old --force" "compress r200k --model order0 -o $d/new" \
             "decompress r200k.xnt -o $d/old --force" "decompress r200k.xnt -o $d/new"; do
    expect 73 "$prefix '$bin' $cmd"
    check_untouched "$d" "$cmd"
  done
}
mkdir small
printf OLD > small/old
if [ "$(id -u)" -eq 0 ] && mount -t tmpfs -o size=64k tmpfs small 2> /dev/null; then
  printf OLD > small/old
  run_full small ""
  grep -q "No space left on device" err || fail "a full disk is not named in the message"
  "$bin" compress s.txt -o small/s.xnt && "$bin" decompress small/s.xnt -c | cmp -s - s.txt \
    || fail "a small file on the tmpfs did not round-trip"
  rm small/s.xnt
  umount small
else
  echo "output smoke: no tmpfs (not root, or mount refused): the file size limit stands in for a full disk"
fi
run_full small "ulimit -f 64;"
grep -q "File too large" err || fail "a file size limit is not named in the message"

# A shape larger than the address-space limit is refused before anything is allocated.
expect 64 "ulimit -v 4000000; '$bin' bench --shapes 46340x46340 --dtypes float64"
echo "output smoke: ok"
