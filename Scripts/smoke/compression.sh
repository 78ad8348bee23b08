#!/usr/bin/env bash
# Smoke checks of `xent compress` / `xent decompress` on the release binary ($1): round trips of edge inputs
# (empty, one byte, all equal, 1 MiB random) with every model, stdin/stdout mode, --json, and clean errors for
# corrupt, truncated and foreign input.
set -euo pipefail
bin=${1:-.build/release/xent}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
fail() { echo "compression smoke: $*" >&2; exit 1; }

: > "$dir/empty"
printf 'A' > "$dir/one"
head -c 100000 /dev/zero | tr '\0' 'e' > "$dir/equal"
head -c 1048576 /dev/urandom > "$dir/random"
for i in $(seq 1 300); do echo "line $i: the cross-entropy of the model on the file is its compressed size"; done > "$dir/text"

for f in empty one equal random text; do
  for m in cm order0 order2; do
    "$bin" compress "$dir/$f" -o "$dir/$f.$m.xnt" --model "$m" --force
    "$bin" decompress "$dir/$f.$m.xnt" -o "$dir/$f.$m.out" --force
    cmp -s "$dir/$f" "$dir/$f.$m.out" || fail "$f with $m did not round-trip"
  done
done
# Incompressible input grows by at most 1% (plus the header).
size=$(wc -c < "$dir/random.cm.xnt")
[ "$size" -lt 1059100 ] || fail "1 MiB random grew to $size bytes"

# stdin -> stdout, and the default names (FILE.xnt, FILE).
"$bin" compress < "$dir/text" > "$dir/text.stream.xnt"
"$bin" decompress < "$dir/text.stream.xnt" | cmp -s - "$dir/text" || fail "stdin/stdout round trip"
cp "$dir/text" "$dir/named"
"$bin" compress "$dir/named"
mv "$dir/named" "$dir/named.orig"
"$bin" decompress "$dir/named.xnt"
cmp -s "$dir/named" "$dir/named.orig" || fail "FILE.xnt naming round trip"

# --json: one object with value = bits per byte.
json=$("$bin" compress "$dir/text" -o "$dir/text.json.xnt" --force --json)
echo "$json" | grep -q '"value":' || fail "--json has no value: $json"
[ "$(echo "$json" | wc -l)" -eq 1 ] || fail "--json printed more than one line"

# Errors: one line on stderr, exit 65 for bad data, 64 for bad arguments, 66 for a missing file.
head -c 60 "$dir/text.cm.xnt" > "$dir/truncated.xnt"
for bad in "$dir/truncated.xnt" "$dir/text"; do
  set +e; "$bin" decompress "$bad" -o "$dir/bad.out" --force 2> "$dir/err"; code=$?; set -e
  [ "$code" -eq 65 ] || fail "corrupt input $bad: exit $code, expected 65"
  [ "$(wc -l < "$dir/err")" -eq 1 ] || fail "corrupt input: expected one line on stderr"
  [ ! -e "$dir/bad.out" ] || fail "corrupt input wrote an output file"
done
set +e; "$bin" compress "$dir/text" -o "$dir/x" --level 12 2> /dev/null; code=$?; set -e
[ "$code" -eq 64 ] || fail "--level 12: exit $code, expected 64"
set +e; "$bin" compress "$dir/text" -o "$dir/x" --model order12 2> /dev/null; code=$?; set -e
[ "$code" -eq 64 ] || fail "--model order12: exit $code, expected 64"
set +e; "$bin" compress "$dir/missing" 2> /dev/null; code=$?; set -e
[ "$code" -eq 66 ] || fail "missing file: exit $code, expected 66"
echo "compression smoke: ok"
