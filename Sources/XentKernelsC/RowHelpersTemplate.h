// Row helpers (large k: one row at a time, SIMD across the row): part of the kernel template, included once per scalar type by KernelsTemplate.h (see there for
// the macros it expects).

XK_INLINE T SFX(row_max)(const T *x, long k) {
    V m = SPLAT(-__builtin_inf());
    long j = 0;
    for (; j + W <= k; j += W) m = VMAX(LOAD(x + j), m);
    T r = HMAX(m);
    for (; j < k; j++) r = x[j] > r ? x[j] : r;
    return r;
}

/// Sum of e^(x_j - m) over the row, storing the terms in `e` when it is not NULL (e may alias x).
/// Terms are summed in W lanes of T over blocks of XK_BLOCK_VECTORS vectors, then in ACC.
XK_INLINE ACC SFX(row_exp_sum)(const T *x, T *e, long k, T m, const T *prefetch) {
    ACCV acc = {0};
    V vm = SPLAT(m);
    long j = 0;
    while (j + W <= k) {
        V s = SPLAT(0);
        long end = j + XK_BLOCK_VECTORS * W;
        if (end > k) end = k;
        for (; j + W <= end; j += W) {
            if (prefetch) __builtin_prefetch(prefetch + j, 0, 3);
            V v = XK_EXP_SHIFTED(LOAD(x + j) - vm);
            if (e) STORE(e + j, v);
            s += v;
        }
        acc += TOACC(s);
    }
    ACC tail = 0;
    if (j < k) {
        T buf[W];
        for (int i = 0; i < W; i++) buf[i] = -__builtin_inf();
        memcpy(buf, x + j, (size_t)(k - j) * sizeof(T));
        V v = VEXP(LOAD(buf) - vm);
        STORE(buf, v);
        if (e) memcpy(e + j, buf, (size_t)(k - j) * sizeof(T));
        for (long i = 0; i < k - j; i++) tail += buf[i];
    }
    ACC total = 0;
    for (int i = 0; i < (int)(sizeof(ACCV) / sizeof(ACC)); i++) total += acc[i];
    return total + tail;
}

/// Sum of c_j (x_j - m) over the row where c_j = a * w_j (w NULL means 1) plus b * t_j * w_j (t may be NULL),
/// and the sum of the c_j. Used for smoothing, class weights and dense targets.
XK_INLINE void SFX(row_weighted)(const T *x, const T *t, const T *w, long k, T a, T b, T m, ACC *cx, ACC *c) {
    ACC sx = 0, sc = 0;
    for (long j = 0; j < k; j++) {
        ACC wj = w ? (ACC)w[j] : 1;
        ACC cj = wj * ((ACC)a + (t ? (ACC)b * (ACC)t[j] : 0));
        sx += cj * ((ACC)x[j] - (ACC)m);
        sc += cj;
    }
    *cx = sx;
    *c = sc;
}
