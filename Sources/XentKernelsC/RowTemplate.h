// One-row primitives, written once for a scalar type (see KernelsFloat.c for the macros a file defines first).
// VEXPR is the exponential these use: for float rows it is computed in double and rounded once, so each term is
// within about half an ulp, as libm's expf (XentLosses' fixture tests compare gradients to the peers' last bits).

#define XK_BLOCK_VECTORS 16

XK_CLONES ACC SFX(xk_row_sum_exp)(const T *x, long k, T shift) {
    ACCV acc = {0};
    V vm = SPLAT(shift);
    long j = 0;
    while (j + W <= k) {
        V s = SPLAT(0);
        long end = j + XK_BLOCK_VECTORS * W;
        if (end > k) end = k;
        for (; j + W <= end; j += W) s += VEXPR(LOAD(x + j) - vm);
        acc += TOACC(s);
    }
    ACC total = 0;
    for (int i = 0; i < (int)(sizeof(ACCV) / sizeof(ACC)); i++) total += acc[i];
    if (j < k) {
        T buf[W];
        for (int i = 0; i < W; i++) buf[i] = -__builtin_inf();
        memcpy(buf, x + j, (size_t)(k - j) * sizeof(T));
        STORE(buf, VEXPR(LOAD(buf) - vm));
        for (long i = 0; i < k - j; i++) total += buf[i];
    }
    return total;
}
XK_CLONES void SFX(xk_row_softmax_gradient)(const T *x, long k, T m, T log_sum, T softmax_scale, const T *a,
                                            T coefficient_scale, long label, T label_scale, T *out) {
    // Elementwise, so vectors over any grid give the same bits; the tail reuses the last full vector when k >= W.
#define XK_ROWG(J) ({ \
    long j_ = (J); \
    V p_ = VEXPR((LOAD(x + j_) - m) - log_sum); \
    V v_ = softmax_scale * p_; \
    if (a) v_ = v_ - coefficient_scale * LOAD(a + j_); \
    v_; \
})
    T label_value = 0;
    if (label >= 0 && label < k) {
        T xb[W], ab[W];
        for (int i = 0; i < W; i++) { xb[i] = x[label]; ab[i] = a ? a[label] : 0; }
        V p = VEXPR((LOAD(xb) - m) - log_sum);
        V v = softmax_scale * p;
        if (a) v = v - coefficient_scale * LOAD(ab);
        T tb[W];
        STORE(tb, v);
        label_value = tb[0] - label_scale;
    }
    long j = 0;
    for (; j + W <= k; j += W) STORE(out + j, XK_ROWG(j));
    if (j < k) {
        T xb[W] = {0}, ab[W] = {0}, tb[W];
        memcpy(xb, x + j, (size_t)(k - j) * sizeof(T));
        if (a) memcpy(ab, a + j, (size_t)(k - j) * sizeof(T));
        V p = VEXPR((LOAD(xb) - m) - log_sum);
        V v = softmax_scale * p;
        if (a) v = v - coefficient_scale * LOAD(ab);
        STORE(tb, v);
        memcpy(out + j, tb, (size_t)(k - j) * sizeof(T));
    }
    if (label >= 0 && label < k) out[label] = label_value;
#undef XK_ROWG
}
