// The kernels, written once for a scalar type. Included by KernelsFloat.c and KernelsDouble.c after they
// define: T (scalar), V (vector), VI (lane mask/integer vector), W (lanes), ACC (accumulator scalar), SFX(name),
// LOAD, STORE, SPLAT, SEL, VMAX, VEXP, VLOG, HSUM, HMAX, and ACCV / TOACC (a vector of W accumulators and the
// conversion of V to it).
//
// Conventions: `rows` x `k` row-major, rows independent; every output of a row depends on that row alone, so
// a caller that splits rows across threads gets the same bits as one thread. Outputs may alias inputs where
// the header says so: every row is read (into registers or a small local block) before its outputs are written.

#define XK_BLOCK_VECTORS 16
#define XK_STREAM_BYTES (4.0 * 1024 * 1024) // outputs at least this big are written with streaming stores // vectors summed in the scalar type before they are added to the wide accumulator

/// e^d for d <= 0 (a logit minus its row's maximum): the clamp-free exp where every lane is in [-86, 0] (the same
/// bits as VEXP there, see XK_VEXPN), the full one otherwise (also for NaN).
#define XK_EXP_SHIFTED(D_) ({ V d_s = (D_); XK_ALL86(d_s) ? XK_VEXPN(d_s) : VEXP(d_s); })

// MARK: Elementwise

XK_CLONES void SFX(xk_exp)(const T *x, T *out, long n) {
    long i = 0;
    for (; i + W <= n; i += W) STORE(out + i, VEXP(LOAD(x + i)));
    if (i < n) {
        T buf[W] = {0};
        memcpy(buf, x + i, (size_t)(n - i) * sizeof(T));
        STORE(buf, VEXP(LOAD(buf)));
        memcpy(out + i, buf, (size_t)(n - i) * sizeof(T));
    }
}

XK_CLONES void SFX(xk_log)(const T *x, T *out, long n) {
    long i = 0;
    for (; i + W <= n; i += W) STORE(out + i, VLOG(LOAD(x + i)));
    if (i < n) {
        T buf[W];
        for (int j = 0; j < W; j++) buf[j] = 1;
        memcpy(buf, x + i, (size_t)(n - i) * sizeof(T));
        STORE(buf, VLOG(LOAD(buf)));
        memcpy(out + i, buf, (size_t)(n - i) * sizeof(T));
    }
}

#define SIGMOID_V(X_) ({ \
    V x_ = (X_); \
    V ax_ = SEL(x_ < (T)0, -x_, x_); \
    V u_ = VEXP(-ax_); \
    V rcp_ = (T)1 / ((T)1 + u_); \
    SEL(x_ < (T)0, u_ * rcp_, rcp_); \
})

XK_CLONES void SFX(xk_sigmoid)(const T *x, T *out, long n) {
    long i = 0;
    for (; i + W <= n; i += W) STORE(out + i, SIGMOID_V(LOAD(x + i)));
    if (i < n) {
        T buf[W] = {0};
        memcpy(buf, x + i, (size_t)(n - i) * sizeof(T));
        STORE(buf, SIGMOID_V(LOAD(buf)));
        memcpy(out + i, buf, (size_t)(n - i) * sizeof(T));
    }
}

// MARK: Row helpers (large k: one row at a time, SIMD across the row)

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

// MARK: Lanes helpers (small k: W rows at a time, one row per lane)

#define XK_SMALL_K 16

/// Loads `nr` rows (nr <= W) of k columns into blk[j] (lane r = row r); missing lanes get `fill`.
XK_INLINE void SFX(load_block)(const T *x, long k, long nr, V *blk, T fill) {
    T tmp[XK_SMALL_K][W];
    if (nr == W) {
        for (long r = 0; r < W; r++)
            for (long j = 0; j < k; j++) tmp[j][r] = x[r * k + j];
    } else {
        for (long j = 0; j < k; j++)
            for (long r = 0; r < W; r++) tmp[j][r] = r < nr ? x[r * k + j] : fill;
    }
    for (long j = 0; j < k; j++) blk[j] = LOAD(tmp[j]);
}

XK_INLINE void SFX(store_block)(T *out, long k, long nr, const V *blk) {
    T tmp[XK_SMALL_K][W];
    for (long j = 0; j < k; j++) STORE(tmp[j], blk[j]);
    if (nr == W) {
        for (long r = 0; r < W; r++)
            for (long j = 0; j < k; j++) out[r * k + j] = tmp[j][r];
    } else {
        for (long r = 0; r < nr; r++)
            for (long j = 0; j < k; j++) out[r * k + j] = tmp[j][r];
    }
}

// Calls F(K) with K a compile-time constant for 1 <= k <= 16, so that the always-inlined small-k bodies unroll.
#define XK_SWITCH_SMALL_K(F) \
    switch (k) { \
    case 1: F(1); break; case 2: F(2); break; case 3: F(3); break; case 4: F(4); break; \
    case 5: F(5); break; case 6: F(6); break; case 7: F(7); break; case 8: F(8); break; \
    case 9: F(9); break; case 10: F(10); break; case 11: F(11); break; case 12: F(12); break; \
    case 13: F(13); break; case 14: F(14); break; case 15: F(15); break; default: F(16); break; \
    }

// MARK: Softmax and log-softmax rows

XK_INLINE void SFX(softmax_small)(const T *x, T *out, long rows, long k, int log) {
    for (long r0 = 0; r0 < rows; r0 += W) {
        long nr = rows - r0 < W ? rows - r0 : W;
        V blk[XK_SMALL_K];
        SFX(load_block)(x + r0 * k, k, nr, blk, 0);
        V m = blk[0];
        for (long j = 1; j < k; j++) m = VMAX(blk[j], m);
        V s = SPLAT(0), e[XK_SMALL_K];
        for (long j = 0; j < k; j++) {
            blk[j] = blk[j] - m;
            e[j] = XK_EXP_SHIFTED(blk[j]);
            s += e[j];
        }
        if (log) {
            V ls = VLOG(s);
            for (long j = 0; j < k; j++) blk[j] = blk[j] - ls;
        } else {
            V inv = (T)1 / s;
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
    for (long r = 0; r < rows; r++) {
        const T *xr = x + r * k;
        T *o = out + r * k;
        T m = SFX(row_max)(xr, k);
        const T *next = r + 1 < rows ? xr + k : 0;
        if (log) {
            ACC s = SFX(row_exp_sum)(xr, 0, k, m, next);
            T shift = (T)((ACC)m + (ACC)__builtin_log((double)s));
            V vs = SPLAT(shift);
            long j = 0;
            for (; j + W <= k; j += W) STORE(o + j, LOAD(xr + j) - vs);
            for (; j < k; j++) o[j] = xr[j] - shift;
        } else {
            ACC s = SFX(row_exp_sum)(xr, o, k, m, next);
            V inv = SPLAT((T)(1 / s));
            long j = 0;
            for (; j + W <= k; j += W) STORE(o + j, LOAD(o + j) * inv);
            for (; j < k; j++) o[j] = o[j] * (T)(1 / s);
        }
    }
}

// MARK: Softmax cross-entropy (sparse labels or dense targets)

// Per row, with c_j the weight the loss puts on -log p_j (label or target, smoothing and class weights folded in)
// and C = sum_j c_j:   loss = C * logsumexp(x) - sum_j c_j x_j,   d loss / d x_j = C p_j - c_j.

XK_INLINE void SFX(ce_small)(const T *x, long rows, long k, const int64_t *labels, const T *targets,
                              const T *weights, T smoothing, int64_t ignore_index, T grad_scale,
                              T *row_loss, T *grad) {
    const T eps_k = smoothing / (T)k;
    const T keep = (T)1 - smoothing;
    V wv[XK_SMALL_K];
    for (long j = 0; j < k; j++) wv[j] = SPLAT(weights ? weights[j] : (T)1);
    for (long r0 = 0; r0 < rows; r0 += W) {
        long nr = rows - r0 < W ? rows - r0 : W;
        V xb[XK_SMALL_K], tb[XK_SMALL_K];
        SFX(load_block)(x + r0 * k, k, nr, xb, 0);
        VI lab = (VI){0} - 1, ignored = (VI){0};
        V wy = SPLAT(0);
        if (targets) {
            SFX(load_block)(targets + r0 * k, k, nr, tb, 0);
        } else {
            // Labels outside [0, k) are treated as the ignore index, as in the one-row-at-a-time path.
            int64_t lb[W];
            if (nr == W) {
                memcpy(lb, labels + r0, sizeof lb);
            } else {
                for (long r = 0; r < W; r++) lb[r] = r < nr ? labels[r0 + r] : -1;
            }
            LV l;
            memcpy(&l, lb, sizeof l);
            LV ok = (l >= 0) & (l < k);
            lab = LTOVI((l & ok) | ~ok);
            ignored = LTOVI((l == ignore_index) | ~ok);
            if (weights) {
                T wyb[W];
                for (long r = 0; r < W; r++) wyb[r] = ok[r] ? weights[lb[r]] : (T)0;
                wy = LOAD(wyb);
            } else {
                wy = SEL(LTOVI(ok), SPLAT(1), SPLAT(0));
            }
        }
        V m = xb[0];
        for (long j = 1; j < k; j++) m = VMAX(xb[j], m);
        V s = SPLAT(0), cx = SPLAT(0), c = SPLAT(0);
        V cb[XK_SMALL_K];
        for (long j = 0; j < k; j++) {
            V cj;
            if (targets) cj = wv[j] * (keep * tb[j] + eps_k);
            else cj = wv[j] * eps_k + SEL(lab == (VI){0} + (int)j, keep * wy, SPLAT(0));
            cb[j] = cj;
            cx += cj * (xb[j] - m);
            c += cj;
            V e = XK_EXP_SHIFTED(xb[j] - m);
            xb[j] = e;
            s += e;
        }
        if (row_loss) {
            V loss = c * VLOG(s) - cx;
            loss = SEL(ignored, SPLAT(0), loss);
            if (nr == W) {
                STORE(row_loss + r0, loss);
            } else {
                T lb[W];
                STORE(lb, loss);
                memcpy(row_loss + r0, lb, (size_t)nr * sizeof(T));
            }
        }
        if (grad) {
            V inv = grad_scale * c / s;
            for (long j = 0; j < k; j++) xb[j] = SEL(ignored, SPLAT(0), xb[j] * inv - grad_scale * cb[j]);
            SFX(store_block)(grad + r0 * k, k, nr, xb);
        }
    }
}

XK_CLONES void SFX(xk_softmax_ce)(const T *x, long rows, long k, const int64_t *labels, const T *targets,
                                  const T *weights, T smoothing, int64_t ignore_index, T grad_scale,
                                  T *row_loss, T *grad) {
    if (k <= 0) return;
    const T eps_k = smoothing / (T)k;
    const T keep = (T)1 - smoothing;
    if (k <= XK_SMALL_K) {
#define XK_CE_SMALL(K) SFX(ce_small)(x, rows, K, labels, targets, weights, smoothing, ignore_index, grad_scale, row_loss, grad)
        XK_SWITCH_SMALL_K(XK_CE_SMALL)
#undef XK_CE_SMALL
        return;
    }
    // Batches beyond the caches: e^(x - m) goes to a scratch row and the gradient is written with streaming
    // stores, so the gradient buffer is never read (no read-for-ownership): 2 bytes of traffic per byte, as memcpy.
    T *scratch = grad && (double)rows * (double)k * sizeof(T) >= XK_STREAM_BYTES ? malloc((size_t)k * sizeof(T)) : 0;
    for (long r = 0; r < rows; r++) {
        const T *xr = x + r * k;
        T *g = grad ? grad + r * k : 0;
        const T *tr = targets ? targets + r * k : 0;
        int64_t l = targets ? 0 : labels[r];
        if (!targets && (l == ignore_index || l < 0 || l >= k)) {
            if (row_loss) row_loss[r] = 0;
            if (g) memset(g, 0, (size_t)k * sizeof(T));
            continue;
        }
        T m = SFX(row_max)(xr, k);
        // c_j = a w_j + b t_j w_j (+ keep w_l at the label for sparse rows).
        ACC cx = 0, c = 0;
        ACC wl = 0;
        if (targets) {
            SFX(row_weighted)(xr, tr, weights, k, eps_k, keep, m, &cx, &c);
        } else {
            if (smoothing != 0) SFX(row_weighted)(xr, 0, weights, k, eps_k, 0, m, &cx, &c);
            wl = weights ? (ACC)weights[l] : 1;
            cx += (ACC)keep * wl * ((ACC)xr[l] - (ACC)m);
            c += (ACC)keep * wl;
        }
        const T *next = r + 1 < rows ? xr + k : 0;
        ACC s = SFX(row_exp_sum)(xr, scratch ? scratch : g, k, m, next);
        if (row_loss) row_loss[r] = (T)(c * (ACC)__builtin_log((double)s) - cx);
        if (g) {
            // g_j = C p_j - c_j, computed elementwise in vectors (so any grid gives the same bits), stored with
            // streaming stores when the batch is too big for the caches and e_j sits in the scratch row.
            T inv = (T)((ACC)grad_scale * c / s);
            V vinv = SPLAT(inv);
            const T *src = scratch ? scratch : g;
            const int nt = scratch != 0;
#define XK_GRADV(J) ({ \
    long j_ = (J); \
    V v_ = LOAD(src + j_) * vinv; \
    if (targets) { \
        V cj_ = LOAD(tr + j_) * keep + eps_k; \
        if (weights) cj_ = cj_ * LOAD(weights + j_); \
        v_ = v_ - grad_scale * cj_; \
    } else if (smoothing != 0) { \
        V cj_ = SPLAT(eps_k); \
        if (weights) cj_ = cj_ * LOAD(weights + j_); \
        v_ = v_ - grad_scale * cj_; \
    } \
    v_; \
})
            T tmp[W];
            T label_value = 0;
            long j0 = 0;
            if (!targets) {
                // The label's element, computed before g is overwritten (src may be g).
                j0 = l < k - W ? l : k - W;
                STORE(tmp, XK_GRADV(j0));
                label_value = tmp[l - j0] - (T)((ACC)grad_scale * (ACC)keep * wl);
            }
            long j = 0;
            if (nt) {
                long h = (long)(((64 - ((uintptr_t)g & 63)) & 63) / sizeof(T));
                if (h > 0) {
                    STORE(tmp, XK_GRADV(0));
                    memcpy(g, tmp, (size_t)h * sizeof(T));
                }
                for (j = h; j + W <= k; j += W) __builtin_nontemporal_store((VA)XK_GRADV(j), (VA *)(g + j));
            } else {
                for (; j + W <= k; j += W) STORE(g + j, XK_GRADV(j));
            }
            if (j < k) {
                STORE(tmp, XK_GRADV(k - W));
                memcpy(g + j, tmp + (W - (k - j)), (size_t)(k - j) * sizeof(T));
            }
            if (!targets) g[l] = label_value;
#undef XK_GRADV
        }
    }
    free(scratch);
#if defined(__x86_64__)
    __builtin_ia32_sfence();
#endif
}

// MARK: Binary cross-entropy with logits

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

// MARK: Entropy, cross-entropy and KL divergence of rows (nats)

// kind 0: H(p) = -sum p ln p; kind 1: H(p, q) = -sum p ln q; kind 2: KL(p || q) = sum p (ln p - ln q).
// Terms with p = 0 count 0 (0 ln 0 = 0, also when q = 0); p > 0 with q = 0 gives +inf for kinds 1 and 2.
#define INFO_TERM(PV, QV, KIND) ({ \
    V p_ = (PV), q_ = (QV); \
    V lp_ = (KIND) != 1 ? VLOG(p_) : SPLAT(0); \
    V lq_ = (KIND) != 0 ? VLOG(q_) : SPLAT(0); \
    V term_ = (KIND) == 0 ? -(p_ * lp_) : (KIND) == 1 ? -(p_ * lq_) : p_ * (lp_ - lq_); \
    SEL(p_ == (T)0, SPLAT(0), term_); \
})

XK_INLINE void SFX(info_small)(const T *p, const T *q, long rows, long k, int kind, ACC *out) {
    for (long r0 = 0; r0 < rows; r0 += W) {
        long nr = rows - r0 < W ? rows - r0 : W;
        V pb[XK_SMALL_K], qb[XK_SMALL_K];
        SFX(load_block)(p + r0 * k, k, nr, pb, 0);
        if (kind != 0) SFX(load_block)(q + r0 * k, k, nr, qb, 1);
        V s = SPLAT(0);
        for (long j = 0; j < k; j++) s += INFO_TERM(pb[j], kind != 0 ? qb[j] : pb[j], kind);
        T sb[W];
        STORE(sb, s);
        for (long r = 0; r < nr; r++) out[r0 + r] = sb[r];
    }
}

XK_CLONES void SFX(xk_info_rows)(const T *p, const T *q, long rows, long k, int kind, ACC *out) {
    if (k <= XK_SMALL_K) {
#define XK_INFO_SMALL(K) SFX(info_small)(p, q, rows, K, kind, out)
        XK_SWITCH_SMALL_K(XK_INFO_SMALL)
#undef XK_INFO_SMALL
        return;
    }
    for (long r = 0; r < rows; r++) {
        const T *pr = p + r * k, *qr = q ? q + r * k : 0;
        ACCV acc = {0};
        long j = 0;
        while (j + W <= k) {
            V s = SPLAT(0);
            long end = j + XK_BLOCK_VECTORS * W;
            if (end > k) end = k;
            for (; j + W <= end; j += W) s += INFO_TERM(LOAD(pr + j), kind != 0 ? LOAD(qr + j) : SPLAT(1), kind);
            acc += TOACC(s);
        }
        ACC total = 0;
        for (int i = 0; i < (int)(sizeof(ACCV) / sizeof(ACC)); i++) total += acc[i];
        if (j < k) {
            T pb[W] = {0}, qb[W];
            for (int i = 0; i < W; i++) qb[i] = 1;
            memcpy(pb, pr + j, (size_t)(k - j) * sizeof(T));
            if (kind != 0) memcpy(qb, qr + j, (size_t)(k - j) * sizeof(T));
            T tb[W];
            STORE(tb, INFO_TERM(LOAD(pb), LOAD(qb), kind));
            for (long i = 0; i < k - j; i++) total += tb[i];
        }
        out[r] = total;
    }
}
