#!/usr/bin/env bash
# Compress/decompress throughput, ratio and peak memory of `xent compress` beside gzip -9, bzip2 -9, xz -9, xz -9e,
# zstd -19, zstd --ultra -22 and 7-Zip's PPMd (order 6, and -mx9) on the same files, in one run. Prints a markdown
# table (bits per byte; MB/s = input MB per CPU second, user + system, one core; peak = the larger of the two
# directions' maximum resident set, MiB). 7-Zip's sizes are whole .7z archives (about 100-150 bytes of headers).
#
# Usage: Scripts/bench/compressors.sh [XENT_BINARY] [FILE...]
# Default files (found on a Debian machine with Vim and pyenv's Python 3.13; none of them was used for tuning):
#   english   the Vim user manual, /usr/share/vim/vim90/doc/usr_*.txt concatenated (English prose)
#   python    Python 3.13's asyncio package, lib/python3.13/asyncio/*.py concatenated (source code)
#   c         the first MiB of /usr/include/*.h concatenated (C headers)
#   binary    /usr/lib/x86_64-linux-gnu/libc.so.6 (x86-64 machine code and data)
# Needs gzip, bzip2, xz, zstd, 7z (Debian: p7zip-full) and GNU time (/usr/bin/time).
# Build first: swift build -c release --product xent
set -euo pipefail
bin=${1:-.build/release/xent}
shift || true
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ $# -gt 0 ]; then
  files=("$@")
else
  cat /usr/share/vim/vim90/doc/usr_*.txt > "$work/english.txt"
  cat /root/.pyenv/versions/3.13.0/lib/python3.13/asyncio/*.py > "$work/python.py"
  cat /usr/include/*.h > "$work/all.h"
  head -c 1048576 "$work/all.h" > "$work/c.h"
  cp /usr/lib/x86_64-linux-gnu/libc.so.6 "$work/libc.so.6"
  files=("$work/english.txt" "$work/python.py" "$work/c.h" "$work/libc.so.6")
fi

for tool in gzip bzip2 xz zstd 7z /usr/bin/time; do
  command -v "$tool" > /dev/null || { echo "bench: $tool is missing (apt-get install $tool)" >&2; exit 1; }
done

# measure CMD...: runs CMD, prints "user+system-seconds peak-KiB" (GNU time's accounting of the child).
measure() {
  /usr/bin/time -f '%U %S %M' -o "$work/time" "$@" > /dev/null
  awk '{ printf "%.3f %d", $1 + $2, $3 }' "$work/time"
}

row() { # name file compress-cmd decompress-cmd  (commands read $1, write $2)
  local name=$1 file=$2 ccmd=$3 dcmd=$4
  local size c d out
  size=$(wc -c < "$file")
  out="$work/out"
  rm -f "$out" "$work/back"
  c=$(measure bash -c "$ccmd" _ "$file" "$out")
  d=$(measure bash -c "$dcmd" _ "$out" "$work/back")
  cmp -s "$file" "$work/back" || { echo "bench: $name did not round-trip $file" >&2; exit 1; }
  local packed
  packed=$(wc -c < "$out")
  awk -v n="$name" -v s="$size" -v p="$packed" -v c="$c" -v d="$d" 'BEGIN {
    split(c, cc, " "); split(d, dd, " ")
    cm = (cc[1] > 0) ? sprintf("%8.2f", s / cc[1] / 1e6) : "  (<10 ms)"; dm = (dd[1] > 0) ? sprintf("%8.2f", s / dd[1] / 1e6) : "  (<10 ms)"
    peak = (cc[2] > dd[2] ? cc[2] : dd[2]) / 1024
    printf "| %-17s | %9d | %7.3f | %6.2f | %9s | %9s | %8.1f |\n", n, p, 8 * p / s, s / p, cm, dm, peak }'
}

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u '+%Y-%m-%d %H:%M UTC')"
for file in "${files[@]}"; do
  echo
  echo "### $(basename "$file") ($(wc -c < "$file") bytes, order-0 entropy $("$bin" compress "$file" -o "$work/probe" --force --json | sed 's/.*"order0_entropy":\([0-9.]*\).*/\1/' | cut -c1-5) bits/byte)"
  echo
  echo "| compressor        |     bytes | bits/B  | ratio  | comp MB/s | dec MB/s  | peak MiB |"
  echo "|-------------------|----------:|--------:|-------:|----------:|----------:|---------:|"
  row "gzip -9"   "$file" 'gzip -9 -c "$1" > "$2"' 'gzip -d -c "$1" > "$2"'
  row "bzip2 -9"  "$file" 'bzip2 -9 -c "$1" > "$2"' 'bzip2 -d -c "$1" > "$2"'
  row "xz -9"     "$file" 'xz -9 -c "$1" > "$2"' 'xz -d -c "$1" > "$2"'
  row "xz -9e"    "$file" 'xz -9e -c "$1" > "$2"' 'xz -d -c "$1" > "$2"'
  row "zstd -19"  "$file" 'zstd -q -19 -c "$1" > "$2"' 'zstd -q -d -c "$1" > "$2"'
  row "zstd --ultra -22" "$file" 'zstd -q --ultra -22 -c "$1" > "$2"' 'zstd -q -d -c "$1" > "$2"'
  row "7z PPMd o=6" "$file" '7z a -bd -t7z -m0=PPMd:o=6 "$2.7z" "$1" > /dev/null && mv "$2.7z" "$2"' \
    '7z e -bd -so "$1" > "$2" 2> /dev/null'
  row "7z PPMd -mx9" "$file" '7z a -bd -t7z -m0=PPMd -mx9 "$2.7z" "$1" > /dev/null && mv "$2.7z" "$2"' \
    '7z e -bd -so "$1" > "$2" 2> /dev/null'
  row "xent order2" "$file" "\"$bin\" compress --model order2 -c \"\$1\" > \"\$2\"" "\"$bin\" decompress -c \"\$1\" > \"\$2\""
  row "xent cm (default)" "$file" "\"$bin\" compress -c \"\$1\" > \"\$2\"" "\"$bin\" decompress -c \"\$1\" > \"\$2\""
done
