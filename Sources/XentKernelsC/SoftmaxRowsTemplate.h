// Softmax and log-softmax rows: part of the kernel template, included once per scalar type by KernelsTemplate.h (see there for
// the macros it expects).

XK_INLINE void SFX(softmax_small)(const T *x, T *out, long rows, long k, int log) {
    for (long r0 = 0; r0 < rows; r0 += W) {
        long nr = rows - r0 < W ? rows - r0 : W;
        V blk[XK_LANE_K];
        SFX(lane_prefetch_next)(x, out, r0, rows, k);
        SFX(load_block)(x + r0 * k, k, nr, blk, 0, XK_LANE_OVER(r0, rows, k));
        V m = blk[0];
        for (long j = 1; j < k; j++) m = VMAX(blk[j], m);
        V s = SPLAT(0), e[XK_LANE_K];
        ACCV sa = {0};
        for (long j = 0; j < k; j++) {
            blk[j] = blk[j] - m;
            e[j] = XK_EXP_SHIFTED(blk[j]);
            s += e[j];
            XK_LANE_SPILL(s, sa, j, k);
        }
        // Rows longer than 16: 1 / s from the ACC total, and ln s of the total rounded once to T.
        if (log) {
            V ls = VLOG(k > XK_SMALL_K ? __builtin_convertvector(sa + TOACC(s), V) : s);
            for (long j = 0; j < k; j++) blk[j] = blk[j] - ls;
        } else {
            V inv = k > XK_SMALL_K ? __builtin_convertvector((ACC)1 / (sa + TOACC(s)), V) : (T)1 / s;
            for (long j = 0; j < k; j++) blk[j] = e[j] * inv;
        }
        SFX(store_block)(out + r0 * k, k, nr, blk);
    }
}

XK_CLONES void SFX(xk_softmax_rows)(const T *x, T *out, long rows, long k, int log) {
    if (k <= 0) return;
    if (k <= XK_SMALL_K) {
#define XK_SOFTMAX_SMALL(K) SFX(softmax_small)(x, out, rows, K, log)
        XK_SWITCH_SMALL_K(XK_SOFTMAX_SMALL)
#undef XK_SOFTMAX_SMALL
        return;
    }
    if (k <= XK_LANE_K) {
        // Rows of 17 to XK_LANE_K: the same lane body with k known at run time.
        SFX(softmax_small)(x, out, rows, k, log);
        return;
    }
    for (long r = 0; r < rows; r++) {
        const T *xr = x + r * k;
        T *o = out + r * k;
        int span_ok;
        T m = SFX(row_max_span)(xr, k, &span_ok);
        const T *next = r + 1 < rows ? xr + k : 0;
        if (log) {
            ACC s = SFX(row_exp_sum)(xr, 0, k, m, next, span_ok);
            T shift = (T)((ACC)m + (ACC)__builtin_log((double)s));
            V vs = SPLAT(shift);
            long j = 0;
            for (; j + W <= k; j += W) STORE(o + j, LOAD(xr + j) - vs);
            for (; j < k; j++) o[j] = xr[j] - shift;
        } else {
            ACC s = SFX(row_exp_sum)(xr, o, k, m, next, span_ok);
            V inv = SPLAT((T)(1 / s));
            long j = 0;
            for (; j + W <= k; j += W) STORE(o + j, LOAD(o + j) * inv);
            for (; j < k; j++) o[j] = o[j] * (T)(1 / s);
        }
    }
}
