// Row helpers (large k: one row at a time, SIMD across the row): part of the kernel template, included once per scalar type by KernelsTemplate.h (see there for
// the macros it expects).

/// The maximum `hi` of a row as the softmax paths use it (+0 where it is a zero, so that any order of the maximum
/// gives the same m), and in *span_ok whether every element at or above `lo` lies within 85 of it (see
/// SFX(row_max_span)). In double, where m - 85 is exact for every float m below 2^29 and rounds harmlessly above.
XK_INLINE T SFX(row_max_finish)(T hi, T lo, int *span_ok) {
    const T m = hi + (T)0;
    *span_ok = XK_FAST_EXP && (double)lo >= (double)m - 85.0;
    return m;
}

/// The row's maximum m (+0 where it is a zero), and in *span_ok whether XK_EXP_SHIFTED takes its clamp-free exp on every
/// whole vector of the row: true when every non-NaN x_j >= m - 85, so that every x_j - m lies in [-86, 0] (the
/// difference of two floats at most 85 apart rounds to at most 85 in magnitude). NaN elements are skipped by both
/// the maximum and the minimum; their exps are NaN on either path. The exp loops then call XK_VEXPN directly and skip
/// the per-vector test: the same bits, fewer instructions per element.
XK_INLINE T SFX(row_max_span)(const T *x, long k, int *span_ok) {
    V m = SPLAT(-__builtin_inf()), lo = SPLAT(__builtin_inf());
    long j = 0;
    for (; j + W <= k; j += W) {
        V v = LOAD(x + j);
        m = VMAX(v, m);
        lo = VMIN(v, lo);
    }
    T r = HMAX(m);
    for (; j < k; j++) r = x[j] > r ? x[j] : r;
    return SFX(row_max_finish)(r, -HMAX(-lo), span_ok);
}

/// One block of the exp loop of the row helpers and the softmax cross-entropy: for each whole vector from j to
/// END, v = EXP(x_j - m) is stored at E_ (unless E_ is 0), added to sv, and BODY runs (it may use v, j and q, the
/// vector's index within the block). PF_ is prefetched one vector at a time.
#define XK_EXP_BLOCK(EXP, XR, E_, PF_, END, BODY) XK_EXP_BLOCK_TO(EXP, XR, E_, PF_, 3, END, BODY)

/// XK_EXP_BLOCK with the prefetch's locality hint (__builtin_prefetch's third argument: 3 into L1, 2 into L2).
#define XK_EXP_BLOCK_TO(EXP, XR, E_, PF_, HINT, END, BODY) \
    for (long q = 0; j + W <= (END); j += W, q++) { \
        __builtin_prefetch((PF_) + j, 0, HINT); \
        V v = EXP(LOAD((XR) + j) - vm); \
        if (E_) STORE((E_) + j, v); \
        sv += v; \
        BODY; \
    }

/// The exps e^(x - m) of a row's partial last vector (elements j..k-1, with k - W <= j < k) taken as the row's last W
/// elements, so that no copy through a buffer is needed: the repeated lanes give the exps the whole vectors already
/// stored (VEXP and XK_VEXPN agree where the loop took the latter), the vector is stored at e + k - W (unless e is
/// NULL), and the new lanes are summed in order. Not for rows whose exps overwrite their inputs (e == x): there the
/// repeated lanes would be read after they were replaced.
XK_INLINE ACC SFX(exp_last_vector)(const T *x, T *e, long k, long j, T m) {
    const V v = VEXP(LOAD(x + k - W) - SPLAT(m));
    if (e) STORE(e + k - W, v);
    T buf[W];
    STORE(buf, v);
    ACC tail = 0;
    for (long i = W - (k - j); i < W; i++) tail += buf[i];
    return tail;
}

/// Sum of e^(x_j - m) over the row, storing the terms in `e` when it is not NULL (e may alias x).
/// Terms are summed in W lanes of T over blocks of XK_BLOCK_VECTORS vectors, then in ACC.
/// `span_ok` as SFX(row_max_span) sets it (0 when unknown); `prefetch` may be NULL.
XK_INLINE ACC SFX(row_exp_sum)(const T *x, T *e, long k, T m, const T *prefetch, int span_ok) {
    ACCV acc = {0};
    V vm = SPLAT(m);
    const T *pf = prefetch ? prefetch : x;
    long j = 0;
    while (j + W <= k) {
        V sv = SPLAT(0);
        long end = j + XK_BLOCK_VECTORS * W;
        if (end > k) end = k;
        if (span_ok && e) {
            XK_EXP_BLOCK(XK_VEXPN, x, e, pf, end, )
        } else if (span_ok) {
            XK_EXP_BLOCK(XK_VEXPN, x, (T *)0, pf, end, )
        } else {
            XK_EXP_BLOCK(XK_EXP_SHIFTED, x, e, pf, end, )
        }
        acc += TOACC(sv);
    }
    ACC tail = 0;
    if (j < k && k >= W && e != x) {
        tail = SFX(exp_last_vector)(x, e, k, j, m);
    } else if (j < k) {
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
        // A class without weight adds nothing, also where x_j is -inf (a mask: 0 * -inf would be NaN). For finite
        // x_j the term it skips is a zero, so the sum has the same bits.
        if (cj != 0) sx += cj * ((ACC)x[j] - (ACC)m);
        sc += cj;
    }
    *cx = sx;
    *c = sc;
}

/// The sums Σ c_j (x_j − m) (`cx`) and Σ c_j (`c`) of a softmax cross-entropy row, with c_j the weight the loss
/// puts on −log p_j: for dense targets `t` (t NULL: the sparse label `l`) scaled by `keep`, smoothing spread as
/// `eps_k` per class, class weights `w` (NULL: 1). Returns the label's class weight (0 for dense targets).
XK_INLINE ACC SFX(row_target_terms)(const T *x, const T *t, const T *w, long k, T eps_k, T keep, int smoothed,
                                    long l, T m, ACC *cx, ACC *c) {
    *cx = 0;
    *c = 0;
    if (t) {
        SFX(row_weighted)(x, t, w, k, eps_k, keep, m, cx, c);
        return 0;
    }
    if (smoothed) SFX(row_weighted)(x, 0, w, k, eps_k, 0, m, cx, c);
    ACC wl = w ? (ACC)w[l] : 1;
    *cx += (ACC)keep * wl * ((ACC)x[l] - (ACC)m);
    *c += (ACC)keep * wl;
    return wl;
}
