#!/usr/bin/env bash
# The compute ceiling of the kernels' vector exp on this CPU: e^x of 16-lane float vectors over an L1-resident
# array (no memory traffic), for the full exp (clamps, split scaling), the reference exp of `xent bench`'s ceiling
# (a plain Cephes-style exp that multiplies by 2^n) and the kernels' clamp-free one for shifted logits in [-86, 0]
# (2^n added to the exponent field, and a polynomial one multiply-add shorter than Cephes'), compiled for AVX-512 (x86-64-v4) and AVX2 + FMA (x86-64-v3) as
# the run-time clones are.
# A softmax cross-entropy needs one exp per element, so its rate cannot exceed these.
# Usage: Scripts/bench/exp-ceiling.sh   (needs clang; prints G exp/s)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/exp.c" <<'C'
#define XK_CLONES
#include "VectorMath.h"
#include <stdio.h>
#include <time.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
static float x[4096];
#define RUN(NAME, F) do { \
    v16f acc = xk_splat_f32(0); double t0 = now(); \
    for (int rep = 0; rep < 50000; rep++) \
        for (int i = 0; i < 4096; i += 16) { v16f v; memcpy(&v, x + i, 64); acc += F(v); } \
    double dt = now() - t0; float s = 0; for (int i = 0; i < 16; i++) s += acc[i]; \
    printf("%-28s %.3f G exp/s (checksum %g)\n", NAME, 4096.0 * 50000 / dt / 1e9, s); } while (0)
int main(void) {
    for (int i = 0; i < 4096; i++) x[i] = -(float)(i % 100) * 0.37f;
    RUN("exp (full)", xk_vexp_f32);
    RUN("exp (reference, ceiling)", xk_vexp_reference_f32);
    RUN("exp (shifted, [-86, 0])", xk_vexp_neg_normal_f32);
    return 0;
}
C
for arch in x86-64-v4 x86-64-v3; do
    if clang -O2 -march=$arch -I"$root/Sources/XentKernelsC" -I"$root/Sources/XentKernelsC/include" \
        "$dir/exp.c" -o "$dir/exp-$arch" 2> /dev/null && "$dir/exp-$arch" > "$dir/out" 2> /dev/null; then
        sed "s/^/$arch  /" "$dir/out"
    else
        echo "$arch  (not supported by this CPU or compiler)"
    fi
done
