// Binary cross-entropy with logits: part of the kernel template, included once per scalar type by KernelsTemplate.h (see there for
// the macros it expects).

// loss = w_j [ (1 - t) x + (1 + (pw_j - 1) t) softplus(-x) ],  d/dx = w_j [ (1 - t) - (1 + (pw_j - 1) t)(1 - sigmoid(x)) ]
// with t smoothed as t (1 - smoothing) + smoothing / 2. softplus(-x) = max(-x, 0) + log1p(e^-|x|).
#define BCE_V(XV, TV, WV, PV, HAS_PW, GRAD) BCE_V_WITH(VEXP, VLOG12, XV, TV, WV, PV, HAS_PW, GRAD)
// The same with the exp and log for |x| <= 86 (XK_ALL86 holds), which give the same bits there with fewer steps.
#define BCE_V_FAST(XV, TV, WV, PV, HAS_PW, GRAD) BCE_V_WITH(XK_VEXPN, XK_VLOG12N, XV, TV, WV, PV, HAS_PW, GRAD)
#define BCE_V_WITH(EXPF, LOGF, XV, TV, WV, PV, HAS_PW, GRAD) ({ \
    V x_b = (XV), t_b = (TV), w_b = (WV), pw_b = (PV); \
    t_b = t_b * keep + half_eps; \
    V ax_b = SEL(x_b < (T)0, -x_b, x_b); \
    V u_b = EXPF(-ax_b); \
    V onepu_b = (T)1 + u_b; \
    V rcp_b = (T)1 / onepu_b; \
    V l1p_b = LOGF(onepu_b) - ((onepu_b - (T)1) - u_b) * rcp_b; /* log1p(u_b), corrected for the rounding of 1 + u_b */ \
    V negx_b = SEL(x_b < (T)0, -x_b, SPLAT(0)); \
    V sp_b = negx_b + l1p_b; /* softplus(-x_b) */ \
    V one_minus_sig_b = SEL(x_b < (T)0, rcp_b, u_b * rcp_b); \
    V lw_b = (HAS_PW) ? (T)1 + (pw_b - (T)1) * t_b : SPLAT(1); \
    (GRAD) = (grad_scale * w_b) * (((T)1 - t_b) - lw_b * one_minus_sig_b); \
    w_b * (((T)1 - t_b) * x_b + lw_b * sp_b); \
})

/// Processes elements [0, n) of a [rows, k] batch flattened; `first` is the flat index of x[0] in the batch
/// (for the column of per-class weights). Partial sums of the loss go to block_sums, one per XK_BCE_BLOCK elements.
XK_CLONES void SFX(xk_bce_logits)(const T *x, const T *t, long n, long k, long first, const T *weights,
                                  const T *pos_weights, T smoothing, T grad_scale,
                                  T *elem_loss, T *grad, ACC *block_sums) {
    const T keep = (T)1 - smoothing, half_eps = smoothing / (T)2;
    const int has_pw = pos_weights != 0, has_w = weights != 0;
    long b = 0;
    for (long i0 = 0; i0 < n; i0 += XK_BCE_BLOCK, b++) {
        long end = i0 + XK_BCE_BLOCK < n ? i0 + XK_BCE_BLOCK : n;
        ACCV acc = {0};
        long i = i0;
        while (i < end) {
            V s = SPLAT(0);
            long stop = i + XK_BLOCK_VECTORS * W;
            if (stop > end) stop = end;
            if (!has_w && !has_pw) {
                for (; i + W <= stop; i += W) {
                    V g, loss, xv = LOAD(x + i);
                    if (XK_ALL86(xv))
                        loss = BCE_V_FAST(xv, LOAD(t + i), SPLAT(1), SPLAT(1), 0, g);
                    else
                        loss = BCE_V(xv, LOAD(t + i), SPLAT(1), SPLAT(1), 0, g);
                    if (grad) STORE(grad + i, g);
                    if (elem_loss) STORE(elem_loss + i, loss);
                    s += loss;
                }
            } else {
                for (; i + W <= stop; i += W) {
                    T wb[W], pb[W];
                    for (long q = 0; q < W; q++) {
                        long col = (first + i + q) % k;
                        wb[q] = has_w ? weights[col] : (T)1;
                        pb[q] = has_pw ? pos_weights[col] : (T)1;
                    }
                    V g;
                    V loss = BCE_V(LOAD(x + i), LOAD(t + i), LOAD(wb), LOAD(pb), has_pw, g);
                    if (grad) STORE(grad + i, g);
                    if (elem_loss) STORE(elem_loss + i, loss);
                    s += loss;
                }
            }
            if (i < stop) {
                // The last partial vector of the batch: lanes past the end compute on zeros and are dropped.
                long cnt = stop - i;
                T xb[W] = {0}, tb[W] = {0}, wb[W], pb[W], lb[W], gb[W];
                memcpy(xb, x + i, (size_t)cnt * sizeof(T));
                memcpy(tb, t + i, (size_t)cnt * sizeof(T));
                for (long q = 0; q < W; q++) {
                    long col = (first + i + q) % k;
                    wb[q] = has_w ? weights[col] : (T)1;
                    pb[q] = has_pw ? pos_weights[col] : (T)1;
                }
                V g;
                V loss = BCE_V(LOAD(xb), LOAD(tb), LOAD(wb), LOAD(pb), has_pw, g);
                STORE(lb, loss);
                STORE(gb, g);
                for (long q = cnt; q < W; q++) lb[q] = 0;
                if (grad) memcpy(grad + i, gb, (size_t)cnt * sizeof(T));
                if (elem_loss) memcpy(elem_loss + i, lb, (size_t)cnt * sizeof(T));
                s += LOAD(lb);
                i = stop;
            }
            acc += TOACC(s);
        }
        ACC total = 0;
        for (int q = 0; q < (int)(sizeof(ACCV) / sizeof(ACC)); q++) total += acc[q];
        block_sums[b] = total;
    }
}
