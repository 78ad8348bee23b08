// Probes of the transcendental functions' throughput on cache-resident data: part of the kernel template, included
// once per scalar type by KernelsTemplate.h (see there for the macros it expects). `xent bench` times them to give
// each kernel its compute ceiling next to its memory-copy bound.

/// Sum of e^x over n values (n a multiple of W; x <= 0, as the softmax kernels' shifted logits), `reps` times over
/// the same array: the reference exp (XK_VEXPN_REFERENCE, a plain Cephes-style exp; the full VEXP for a vector
/// with a lane below -86), with nothing else per element but a load and an add. The sum keeps the compiler from
/// dropping the work. The kernels' own exp gives the same bits with fewer operations; the ceiling stays the
/// reference's rate.
XK_CLONES double SFX(xk_probe_exp)(const T *x, long n, long reps) {
    ACCV total = {0};
    for (long rep = 0; rep < reps; rep++) {
        V s = SPLAT(0);
        for (long j = 0; j + W <= n; j += W) {
            const V v = LOAD(x + j);
            s += XK_ALL86(v) ? XK_VEXPN_REFERENCE(v) : VEXP(v);
        }
        total += TOACC(s);
    }
    double sum = 0;
    for (int i = 0; i < (int)(sizeof(ACCV) / sizeof(ACC)); i++) sum += (double)total[i];
    return sum;
}

/// Sum of ln x over n values (n a multiple of W; x > 0), `reps` times over the same array: the log as the entropy
/// rows evaluate it (the short path without subnormal and special cases where all W values are normal, VLOG else).
XK_CLONES double SFX(xk_probe_log)(const T *x, long n, long reps) {
    ACCV total = {0};
    for (long rep = 0; rep < reps; rep++) {
        V s = SPLAT(0);
        for (long j = 0; j + W <= n; j += W) {
            V v = LOAD(x + j);
            s += XK_ALLNORMAL(v) ? XK_VLOGN(v) : VLOG(v);
        }
        total += TOACC(s);
    }
    double sum = 0;
    for (int i = 0; i < (int)(sizeof(ACCV) / sizeof(ACC)); i++) sum += (double)total[i];
    return sum;
}
