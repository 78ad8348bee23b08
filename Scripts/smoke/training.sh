#!/usr/bin/env bash
# Smoke checks of `xent train` (and `xent demo`): a short run answers with one JSON object, bad input fails cleanly.
set -euo pipefail
bin=${1:-.build/release/xent}
fail() { echo "training smoke: $*" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

out=$("$bin" train --seed 1 --json)
echo "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["test_accuracy"] > 0.94 and d["head"] == "ridge" and d["log_loss_bits"] < d["uncalibrated_log_loss_bits"] and d["penalty"] > 0' \
  || fail "train --json (the default ridge head) did not give one JSON object with the metrics"
out=$("$bin" train --model minirocket --head adamw --epochs 3 --seed 1 --json)
echo "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert 0 <= d["test_accuracy"] <= 1 and d["epochs"] == 3 and d["head"] == "adamw"' \
  || fail "train --head adamw --epochs 3 did not train for 3 epochs"
if "$bin" train --epochs 3 2> "$tmp/err"; then fail "--epochs was accepted with the ridge head"; fi
grep -q -- "--epochs" "$tmp/err" || fail "the error for --epochs with the ridge head does not name the option"
out=$("$bin" train --model minirocket --decision macro-f1 --seed 1 --json)
echo "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["decision"] == "macro-f1" and len(d["class_offsets"]) == 5 and d["macro_f1"] > d["argmax_macro_f1"]' \
  || fail "train --decision macro-f1 did not report the rule and its effect"

out=$("$bin" train --model hydra --seed 1 --json --predictions "$tmp/predictions.csv")
echo "$out" | python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["model"] == "hydra" and d["test_accuracy"] > 0.5' \
  || fail "train --model hydra did not train"
python3 - "$tmp/predictions.csv" <<'PY' || fail "--predictions did not write one row per test series with probabilities"
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
assert rows[0] == ["label", "predicted", "p_1", "p_2", "p_3", "p_4", "p_5"], rows[0]
assert len(rows) == 4501
for r in rows[1:]:
    assert r[0] in "12345" and r[1] in "12345" and abs(sum(map(float, r[2:])) - 1) < 1e-9
PY
# An existing --predictions file is replaced only with --force, and the check comes before training.
if "$bin" train --predictions "$tmp/predictions.csv" 2> "$tmp/err"; then fail "an existing --predictions file was replaced without --force"; fi
grep -q "already exists" "$tmp/err" || fail "the error for an existing --predictions file does not say so"
printf 'x' > "$tmp/FILE"
if "$bin" demo --seeds 1 --report "$tmp/FILE/x" 2> "$tmp/err" > /dev/null; then fail "a --report path under a file was accepted"; fi
grep -q -- "--report" "$tmp/err" || fail "the error for --report does not name the option"
if "$bin" train --predictions /nonexistent/dir/p.csv 2> "$tmp/err"; then fail "an unwritable --predictions path was accepted"; fi
grep -q -- "--predictions" "$tmp/err" || fail "the error for --predictions does not name the option"
if "$bin" train --model rocket 2> "$tmp/err"; then fail "an unknown model was accepted"; fi
for m in minirocket hydra mlp cnn; do grep -q "$m" "$tmp/err" || fail "the error for --model does not list $m"; done

printf '1\t1\t2\n2\t3\n' > "$tmp/ragged.tsv"
printf '1\t1\t2\n2\t3\t4\n' > "$tmp/ok.tsv"
if "$bin" train --train "$tmp/ragged.tsv" --test "$tmp/ok.tsv" 2> "$tmp/err"; then fail "a ragged file was accepted"; fi
[ "$(wc -l < "$tmp/err")" -eq 1 ] || fail "a ragged file gave more than one line on stderr"
# The archive's variable-length rows (NaN padding) and a missing value (NaN before a number) are read, not refused.
printf '1\t1\t2\t3\tNaN\n2\t3\tNaN\t4\t5\n1\t2\t3\tNaN\tNaN\n2\t5\t4\t3\t2\n' > "$tmp/variable.tsv"
"$bin" train --train "$tmp/variable.tsv" --test "$tmp/variable.tsv" --json > "$tmp/out" \
  || fail "a TSV file with NaN padding and a missing value was refused"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert 0 <= d["test_accuracy"] <= 1' "$tmp/out" \
  || fail "training on a variable-length TSV file did not give one JSON object"
if "$bin" train --loss hinge 2> "$tmp/err"; then fail "an unknown loss was accepted"; fi
grep -q -- "--loss" "$tmp/err" || fail "the error for --loss does not name the argument"
if "$bin" train --train "$tmp/missing.tsv" --test "$tmp/ok.tsv" 2> /dev/null; then fail "a missing file was accepted"; fi
out=$("$bin" demo --seeds 1 --report "$tmp/report" --json)
echo "$out" | python3 -c '
import json, sys
d = json.load(sys.stdin)
c = d["comparison"]
assert [e["loss"] for e in c["losses"]] == ["cross-entropy", "mse", "index-mse"]
assert all(0 <= e["test_accuracy"]["mean"] <= 1 for e in c["losses"])
' || fail "demo --json did not give the comparison"
grep -q "<svg" "$tmp/report/report.html" || fail "demo did not write the report"
if "$bin" demo --seeds 0 2> /dev/null; then fail "--seeds 0 was accepted"; fi
echo "training smoke: ok"
