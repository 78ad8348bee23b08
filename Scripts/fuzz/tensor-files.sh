#!/usr/bin/env bash
# Fuzzes the CSV and .npy readers. Two harnesses:
#   1. the seeded mutation loop of the xent-fuzz executable (any toolchain):
#        Scripts/fuzz/tensor-files.sh [ITERATIONS] [SEED]            (default 1000000 inputs, seed 1)
#   2. libFuzzer with AddressSanitizer (coverage-guided), when LIBFUZZER=1:
#        LIBFUZZER=1 Scripts/fuzz/tensor-files.sh [RUNS]              (default 1000000 runs)
#      It compiles XentTensorIO's sources with Matrix/Tensor into one module with `swiftc -sanitize=fuzzer,address`
#      and runs it on a corpus seeded with the fixture files; crashes land in .build/fuzz/.
# Record runs in Guides/TensorFiles.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [ "${LIBFUZZER:-0}" != "1" ]; then
  swift build -c release --product xent-fuzz
  exec .build/release/xent-fuzz tensor-files "${1:-1000000}" "${2:-1}"
fi

work=.build/fuzz
rm -rf "$work/src"
mkdir -p "$work/src" "$work/corpus" "$work/crashes"
cp Sources/XentKernels/Matrix.swift Sources/XentKernels/Tensor.swift "$work/src/"
for f in Sources/XentTensorIO/*.swift; do
  grep -v '^import XentKernels' "$f" > "$work/src/$(basename "$f")"
done
cp Scripts/fuzz/TensorFilesEntry.swift "$work/src/"
cp Tests/Fixtures/tensor-files/* "$work/corpus/"
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name TensorFilesFuzz \
  "$work"/src/*.swift -o "$work/tensor-files-fuzzer" 2> >(grep -v "Cannot export local symbol" >&2)
"$work/tensor-files-fuzzer" -runs="${1:-1000000}" -max_len=4096 -rss_limit_mb=512 -malloc_limit_mb=64 \
  -timeout=2 -artifact_prefix="$work/crashes/" "$work/corpus"
