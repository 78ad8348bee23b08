#!/usr/bin/env bash
# Smoke checks of `xent bench`: a quick run answers, --json prints one object with the documented fields,
# the checksum does not depend on --threads, and bad arguments exit 64 with one line on stderr.
set -euo pipefail
bin=$1
fail() { echo "bench smoke: $*" >&2; exit 1; }

out=$("$bin" bench --quick --json --dtypes float32)
python3 - "$out" <<'PY' || fail "bench --json schema"
import json, sys
d = json.loads(sys.argv[1])
assert d["copy_bandwidth_gbs"] > 0
# The copy bound's rate is the faster of memcpy and the streaming copy, both reported.
assert d["copy_bandwidth_gbs"] == max(d["memcpy_bandwidth_gbs"], d["streaming_copy_bandwidth_gbs"]) > 0
kernels = {r["kernel"] for r in d["results"]}
assert kernels == {"softmax-ce-forward", "softmax-ce-forward-backward", "bce-logits-forward-backward", "entropy-rows"}, kernels
for r in d["results"]:
    for key in ("kernel", "dtype", "n", "k", "threads", "elements_per_second", "fraction_of_bound", "checksum"):
        assert key in r, key
    assert r["elements_per_second"] > 0
PY
one=$("$bin" bench --quick --json --shapes 70000x10,300x1000 --dtypes float32,float64 --threads 1 --repetitions 1)
two=$("$bin" bench --quick --json --shapes 70000x10,300x1000 --dtypes float32,float64 --threads 2 --repetitions 1)
python3 - "$one" "$two" <<'PY' || fail "checksums differ between 1 and 2 threads"
import json, sys
a, b = (json.loads(s)["results"] for s in sys.argv[1:])
assert [r["checksum"] for r in a] == [r["checksum"] for r in b]
PY
"$bin" bench --quick > /dev/null || fail "bench --quick"
lce1=$("$bin" bench --quick --json --kernels linear-cross-entropy-forward-backward --shapes 100x40x700 --dtypes float32 --threads 1 --repetitions 1)
lce2=$("$bin" bench --quick --json --kernels linear-cross-entropy-forward-backward --shapes 100x40x700 --dtypes float32 --threads 2 --repetitions 1)
python3 - "$lce1" "$lce2" <<'PY' || fail "bench linear-cross-entropy-forward-backward"
import json, sys
a, b = (json.loads(s)["results"] for s in sys.argv[1:])
assert len(a) == 1 and a[0]["d"] == 40 and a[0]["k"] == 700 and a[0]["flops_per_second"] > 0, a
assert a[0]["checksum"] == b[0]["checksum"], (a, b)
PY
set +e
err=$("$bin" bench --threads 0 2>&1 >/dev/null); code=$?
set -e
[ "$code" -eq 64 ] || fail "--threads 0 exited $code"
[ "$(printf '%s\n' "$err" | wc -l)" -eq 1 ] || fail "--threads 0 printed more than one line"
set +e
"$bin" bench --shapes 10y10 > /dev/null 2>&1; code=$?
set -e
[ "$code" -eq 64 ] || fail "--shapes 10y10 exited $code"
echo "bench smoke: ok"
