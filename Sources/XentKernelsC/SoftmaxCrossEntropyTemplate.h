// Softmax cross-entropy (sparse labels or dense targets): part of the kernel template, included once per scalar type by KernelsTemplate.h (see there for
// the macros it expects).

// Per row, with c_j the weight the loss puts on -log p_j (label or target, smoothing and class weights folded in)
// and C = sum_j c_j:   loss = C * logsumexp(x) - sum_j c_j x_j,   d loss / d x_j = C p_j - c_j.

/// Stores the losses of a block's first `nr` rows (nr <= W) at row_loss + r0.
XK_INLINE void SFX(store_block_losses)(T *row_loss, long r0, long nr, const V *loss) {
    if (nr == W) {
        STORE(row_loss + r0, *loss);
    } else {
        T lb[W];
        STORE(lb, *loss);
        memcpy(row_loss + r0, lb, (size_t)nr * sizeof(T));
    }
}

/// A block of lane rows' losses c ln s - cx and gradient scales grad_scale c / s, from their sums (s, c and cx:
/// the T remainder of each and its ACC accumulator, see XK_LANE_SPILL). Rows of up to 16 classes in T as summed
/// (`fast`: every s a normal float, so that the short log applies); longer rows from their ACC totals, in ACC but
/// for the log, each result rounded once to T. A result not needed is left to the optimiser (always inlined).
XK_INLINE void SFX(lane_ce_scales)(long k, int fast, T grad_scale, const V *s, const ACCV *sa, const V *c,
                                    const ACCV *ca, const V *cx, const ACCV *cxa, V *loss, V *inv) {
    if (k > XK_SMALL_K) {
        const ACCV sd = *sa + TOACC(*s), cd = *ca + TOACC(*c), cxd = *cxa + TOACC(*cx);
        // The log in T of the total rounded once: a log in ACC measured 13 % slower at k = 17 and no more accurate
        // here, where the float terms of s already carry that rounding.
        const V sf = __builtin_convertvector(sd, V);
        *loss = __builtin_convertvector(cd * TOACC(fast ? XK_VLOGN(sf) : VLOG(sf)) - cxd, V);
        *inv = __builtin_convertvector((ACC)grad_scale * cd / sd, V);
    } else {
        *loss = *c * (fast ? XK_VLOGN(*s) : VLOG(*s)) - *cx;
        *inv = grad_scale * *c / *s;
    }
}

XK_INLINE void SFX(ce_small)(const T *x, long rows, long k, const int64_t *labels, const T *targets,
                              const T *weights, T smoothing, int64_t ignore_index, T grad_scale,
                              T *row_loss, T *grad, int plain) {
    const T eps_k = smoothing / (T)k;
    const T keep = (T)1 - smoothing;
    // Lane rows of 24 classes or more in a batch beyond the caches: the gradient goes out with streaming stores
    // (measured on Zen 3, [262144, k] fwd+bwd: 34 -> 39 % of the ceiling at k = 32, 30 -> 37 % at 48, but 36 -> 34 %
    // at 17).
    const int stream = k >= 24 && grad && (double)rows * (double)k * sizeof(T) >= XK_STREAM_BYTES;
    V wv[XK_LANE_K];
    for (long j = 0; j < k; j++) wv[j] = SPLAT(weights ? weights[j] : (T)1);
    for (long r0 = 0; r0 < rows; r0 += W) {
        long nr = rows - r0 < W ? rows - r0 : W;
        SFX(lane_prefetch_next)(x, stream ? 0 : grad, r0, rows, k);
        if (targets) SFX(lane_prefetch_next)(targets, 0, r0, rows, k);
        V xb[XK_LANE_K], tb[XK_LANE_K];
        SFX(load_block)(x + r0 * k, k, nr, xb, 0, XK_LANE_OVER(r0, rows, k));
        VI lab = (VI){0} - 1, ignored = (VI){0};
        V wy = SPLAT(0);
        if (targets) {
            SFX(load_block)(targets + r0 * k, k, nr, tb, 0, XK_LANE_OVER(r0, rows, k));
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
        // x - m, and one test for the block whether every lane lies in [-86, 86] (XK_EXP_SHIFTED's test, taken
        // once instead of once per vector: both exps give the same bits there).
        VI in86 = (VI){0} - 1;
        V dl = SPLAT(0);
        for (long j = 0; j < k; j++) {
            xb[j] = xb[j] - m;
            in86 &= XK_IN86(xb[j]);
            if (plain) dl = SEL(lab == (VI){0} + (int)j, xb[j], dl);
        }
        const int fast = __builtin_reduce_and(in86) != 0;
        if (plain && fast) {
            // Sparse labels, no weights, no smoothing, every x - m in [-86, 0]: c_j is 1 at the label (0 for an
            // ignored or invalid row) and 0 elsewhere, and every term of the general loop below is finite, so its
            // sums are exact picks: C = wy and sum_j c_j (x_j - m) = x_l - m (dl, or +0). Then the exp pass is
            // the probe's loop (one exp per element, kept for the gradient, and their sum), short enough for the
            // out-of-order window to overlap its iterations.
            V s = SPLAT(0);
            ACCV sa = {0};
            // The exps in a loop of their own and then their sum (the same order, so the same bits): with the sum
            // in the exp loop, the AVX2 clone kept the polynomial's constants in registers and the running sum's
            // low half on the stack, a store-to-load round trip on the loop's critical path (0.84x at 10 classes).
            for (long j = 0; j < k; j++) xb[j] = XK_VEXPN(xb[j]);
            for (long j = 0; j < k; j++) {
                s += xb[j];
                XK_LANE_SPILL(s, sa, j, k);
            }
            V c = wy, cx = dl;
            const ACCV zero = {0};
            // s lies in [1, k] (a normal float): the short log gives VLOG's bits.
            V loss, inv;
            SFX(lane_ce_scales)(k, 1, grad_scale, &s, &sa, &c, &zero, &cx, &zero, &loss, &inv);
            if (row_loss) {
                loss = SEL(ignored, SPLAT(0), loss);
                SFX(store_block_losses)(row_loss, r0, nr, &loss);
            }
            if (grad) {
                // The general loop's expression (the same bits); an ignored row's inverse and c_l are 0, which
                // gives its +0s.
                inv = SEL(ignored, SPLAT(0), inv);
                V cl = SEL(ignored, SPLAT(0), wy);
                for (long j = 0; j < k; j++) {
                    V cj = SEL(lab == (VI){0} + (int)j, cl, SPLAT(0));
                    xb[j] = xb[j] * inv - grad_scale * cj;
                }
                SFX(store_gradient_block)(grad + r0 * k, k, nr, xb, stream);
            }
            continue;
        }
        V s = SPLAT(0), cx = SPLAT(0), c = SPLAT(0);
        ACCV sa = {0}, cxa = {0}, ca = {0};
        V cb[XK_LANE_K];
        for (long j = 0; j < k; j++) {
            V cj;
            if (targets) cj = wv[j] * (keep * tb[j] + eps_k);
            else cj = wv[j] * eps_k + SEL(lab == (VI){0} + (int)j, keep * wy, SPLAT(0));
            cb[j] = cj;
            cx += SEL(cj != SPLAT(0), cj * xb[j], SPLAT(0)); // (as SFX(row_weighted): no NaN from a masked class)
            c += cj;
            V e = fast ? XK_VEXPN(xb[j]) : VEXP(xb[j]);
            xb[j] = e;
            s += e;
            XK_LANE_SPILL(s, sa, j, k);
            XK_LANE_SPILL(cx, cxa, j, k);
            XK_LANE_SPILL(c, ca, j, k);
        }
        V loss, inv;
        SFX(lane_ce_scales)(k, 0, grad_scale, &s, &sa, &c, &ca, &cx, &cxa, &loss, &inv);
        if (row_loss) {
            loss = SEL(ignored, SPLAT(0), loss);
            SFX(store_block_losses)(row_loss, r0, nr, &loss);
        }
        if (grad) {
            for (long j = 0; j < k; j++) xb[j] = SEL(ignored, SPLAT(0), xb[j] * inv - grad_scale * cb[j]);
            SFX(store_gradient_block)(grad + r0 * k, k, nr, xb, stream);
        }
    }
}

/// One vector of a row's gradient, C p_j - c_j for j in [J, J + W): e_j from SRC times INV (= C / sum e), less the
/// smoothing and dense-target part of c_j (the label's part is applied by the caller). The operations are those of
/// every path, so each element has the same bits whichever path or order writes it.
#define XK_CE_GRADV(SRC, TR, INV, J) ({ \
    long j_ = (J); \
    V v_ = LOAD((SRC) + j_) * (INV); \
    if (targets) { \
        V cj_ = LOAD((TR) + j_) * keep + eps_k; \
        if (weights) cj_ = cj_ * LOAD(weights + j_); \
        v_ = v_ - grad_scale * cj_; \
    } else if (smoothing != 0) { \
        V cj_ = SPLAT(eps_k); \
        if (weights) cj_ = cj_ * LOAD(weights + j_); \
        v_ = v_ - grad_scale * cj_; \
    } \
    v_; \
})

/// The label's element of a sparse row's gradient, C p_l - c_l: the element of its vector from SRC (XK_CE_GRADV;
/// the row's last W elements where l lies in them) less the label's share grad_scale keep w_l. Every schedule forms
/// it so, hence the same bits whichever writes it.
#define XK_CE_LABEL_VALUE(SRC, INV, L, WL) ({ \
    const long jl_ = (L) < k - W ? (L) : k - W; \
    T lv_[W]; \
    STORE(lv_, XK_CE_GRADV((SRC), (const T *)0, (INV), jl_)); \
    lv_[(L) - jl_] - (T)((ACC)grad_scale * (ACC)keep * (WL)); \
})

/// The losses of the row paths, c ln s - cx, formed eight rows at a time where XK_ROW_LOGS_IN_LANES is set (float32:
/// the log of a double s in the lanes of xk_vlog_f64, which is within 2 ulp in double, instead of one libm call per
/// row, about 13 % of the kernel at 100 classes), else one row at a time with libm's log (float64 keeps its last
/// bit). Each loss is formed by the same expression either way; only the log's last double bit may differ, which the
/// rounding to float hides but for a rare tie.
typedef struct {
    long row[8];
    ACC c[8], s[8], cx[8];
    int count;
} SFX(ce_row_losses);

XK_INLINE void SFX(ce_row_losses_flush)(SFX(ce_row_losses) *p, T *row_loss) {
#if defined(XK_ROW_LOGS_IN_LANES)
    if (p->count == 0) return;
    double sb[8];
    for (int i = 0; i < 8; i++) sb[i] = i < p->count ? (double)p->s[i] : 1.0;
    v8d sv;
    memcpy(&sv, sb, sizeof sv);
    const v8d lv = xk_vlog_f64(sv);
    for (int i = 0; i < p->count; i++) row_loss[p->row[i]] = (T)(p->c[i] * (ACC)lv[i] - p->cx[i]);
    p->count = 0;
#else
    (void)p;
    (void)row_loss;
#endif
}

XK_INLINE void SFX(ce_row_losses_add)(SFX(ce_row_losses) *p, T *row_loss, long r, ACC c, ACC s, ACC cx) {
#if defined(XK_ROW_LOGS_IN_LANES)
    p->row[p->count] = r;
    p->c[p->count] = c;
    p->s[p->count] = s;
    p->cx[p->count] = cx;
    if (++p->count == 8) SFX(ce_row_losses_flush)(p, row_loss);
#else
    (void)p;
    row_loss[r] = (T)(c * (ACC)__builtin_log((double)s) - cx);
#endif
}

/// A row whose exponentials sit in a scratch row and whose gradient is still (partly) to be written.
typedef struct {
    T *g;           // the row of the gradient; NULL when no row is pending
    const T *src;   // e^(x_j - m) of the row (a scratch row)
    const T *tr;    // the row of dense targets, or NULL
    T inv;          // grad_scale * C / sum e
    T label_value;  // the label's element of the gradient (sparse labels)
    long l;         // the label (sparse labels), else -1
    long next;      // the first element of the row's whole vectors not yet written
} SFX(ce_pending);

/// Writes what is left of a pending row's gradient: the rest of its whole vectors, the partial last vector, then
/// the label's element.
XK_INLINE void SFX(ce_finish)(SFX(ce_pending) *p, long k, const T *weights, const T *targets, T smoothing, T eps_k,
                              T keep, T grad_scale) {
    if (!p->g) return;
    T *g = p->g;
    const T *src = p->src, *tr = p->tr;
    V vinv = SPLAT(p->inv);
    long j = p->next;
    for (; j + W <= k; j += W) STORE(g + j, XK_CE_GRADV(src, tr, vinv, j));
    if (j < k) {
        // The row's last W elements (k > W): the lanes before j are written again with the values they hold (src is
        // a scratch row, never g, so they are computed from the same inputs); the label's element follows.
        STORE(g + k - W, XK_CE_GRADV(src, tr, vinv, k - W));
    }
    if (p->l >= 0) g[p->l] = p->label_value;
    p->g = 0;
}

/// Scratch for two rows at most this big: they stay in L2 next to the rows being read.
#define XK_PIPELINE_BYTES (256.0 * 1024)

/// The vectors by which a loop that stores row r - 1 of `grad` while it reads rows r and r - 1 + `far_rows` of `x`
/// starts each row's stores late (StoreAliasing.h): at most a quarter of the row's vectors (and 32), since the
/// stores left for after the loop cost more than the stalls beyond that (rows of 300 floats with 9 of their 18
/// vectors left ran 25 % slower).
static inline long SFX(store_delay)(const T *grad, const T *x, long k, long far_rows, long jitter) {
    const long quarter = k / W / 4 < 32 ? k / W / 4 : 32;
    return xk_alias_vectors(grad, x, k * (long)sizeof(T), far_rows, (long)(W * sizeof(T)), quarter, jitter);
}

/// Batches beyond the caches (k > W, two rows within XK_PIPELINE_BYTES): e^(x - m) of a row goes to one of two scratch rows, and the gradient of the
/// previous row is written inside this row's exp loop, one vector per vector of exponentials, so that the stores
/// to DRAM overlap the exp arithmetic instead of following it (a separate gradient pass leaves the exp units idle
/// while it streams out). Ordinary stores: streaming stores inside the exp loop stalled it (measured 15-35 %
/// slower on Zen 3), although they save the read-for-ownership. Every value is formed by the same operations, in
/// the same order of summation, as in the path for batches that fit the caches, so the bits are the same.
XK_INLINE void SFX(ce_large_stream)(const T *x, long rows, long k, const int64_t *labels, const T *targets,
                                     const T *weights, T smoothing, int64_t ignore_index, T grad_scale,
                                     T *row_loss, T *grad, T *scratch0, T *scratch1) {
    const T eps_k = smoothing / (T)k;
    const T keep = (T)1 - smoothing;
    SFX(ce_pending) p = {0};
    SFX(ce_row_losses) losses = {0};
    int which = 0;
    // Row r - 1's gradient is stored while row r is read: with the logits and gradient at the same page offset,
    // rows of 1000 floats put those reads 96 bytes behind the stores modulo 4096, where each waits for older
    // stores (StoreAliasing.h; ordinary stores wait in flight too, for their lines to arrive). So the stores start
    // `lag` vectors into each row (the rest in SFX(ce_finish)).
    const long lag = SFX(store_delay)(grad, x, k, 1, 0);
    for (long r = 0; r < rows; r++) {
        const T *xr = x + r * k;
        T *g = grad + r * k;
        const T *tr = targets ? targets + r * k : 0;
        int64_t l = targets ? 0 : labels[r];
        if (!targets && (l == ignore_index || l < 0 || l >= k)) {
            if (row_loss) row_loss[r] = 0;
            memset(g, 0, (size_t)k * sizeof(T));
            continue;
        }
        int span_ok;
        T m = SFX(row_max_span)(xr, k, &span_ok);
        ACC cx, c;
        ACC wl = SFX(row_target_terms)(xr, tr, weights, k, eps_k, keep, smoothing != 0, l, m, &cx, &c);
        const T *pf = r + 1 < rows ? xr + k : xr; // prefetched: the next row (the current one for the last)
        T *e = which ? scratch1 : scratch0;
        which ^= 1;
        if (!e) __builtin_unreachable(); // (so that XK_EXP_BLOCK stores without a test)
        // The sum of e^(x_j - m) as SFX(row_exp_sum) forms it, with the pending row's gradient written alongside:
        // in each block, its first `pending` vectors write one vector of the pending row each (the exp loop is
        // split there, and by span_ok, so that no vector pays for a test).
        ACC s;
        {
            ACCV acc = {0};
            V vm = SPLAT(m);
            V pinv = SPLAT(p.inv);
            long j = 0;
            while (j + W <= k) {
                V sv = SPLAT(0);
                long end = j + XK_BLOCK_VECTORS * W;
                if (end > k) end = k;
                if (j < lag * W) {
                    const long quiet = lag * W < end ? lag * W : end;
                    if (span_ok) {
                        XK_EXP_BLOCK(XK_VEXPN, xr, e, pf, quiet, )
                    } else {
                        XK_EXP_BLOCK(XK_EXP_SHIFTED, xr, e, pf, quiet, )
                    }
                }
                // The pending row's vectors for this block: as many as this block has, while it has any left.
                long pending = p.g ? (k - p.next) / W : 0, nb = (end - j) / W;
                if (pending > nb) pending = nb;
                T *pg = p.g ? p.g + p.next : 0;
                const T *ps = p.src;
                long pn = p.next;
                long mid = j + pending * W;
                // Sparse labels without smoothing: the gradient vector is e times C / sum e (XK_CE_GRADV's case).
#define XK_CE_PENDING_SPARSE STORE(pg + q * W, LOAD(ps + pn + q * W) * pinv)
#define XK_CE_PENDING_GENERAL STORE(pg + q * W, XK_CE_GRADV(ps, p.tr, pinv, pn + q * W))
                if (span_ok && !targets && smoothing == 0) {
                    XK_EXP_BLOCK(XK_VEXPN, xr, e, pf, mid, XK_CE_PENDING_SPARSE)
                } else if (span_ok) {
                    XK_EXP_BLOCK(XK_VEXPN, xr, e, pf, mid, XK_CE_PENDING_GENERAL)
                } else if (!targets && smoothing == 0) {
                    XK_EXP_BLOCK(XK_EXP_SHIFTED, xr, e, pf, mid, XK_CE_PENDING_SPARSE)
                } else {
                    XK_EXP_BLOCK(XK_EXP_SHIFTED, xr, e, pf, mid, XK_CE_PENDING_GENERAL)
                }
#undef XK_CE_PENDING_SPARSE
#undef XK_CE_PENDING_GENERAL
                if (span_ok) {
                    XK_EXP_BLOCK(XK_VEXPN, xr, e, pf, end, )
                } else {
                    XK_EXP_BLOCK(XK_EXP_SHIFTED, xr, e, pf, end, )
                }
                p.next = pn + pending * W;
                acc += TOACC(sv);
            }
            // The partial last vector without a copy through a buffer (k > W here, and e is a scratch row).
            ACC tail = j < k ? SFX(exp_last_vector)(xr, e, k, j, m) : 0;
            ACC total = 0;
            for (int i = 0; i < (int)(sizeof(ACCV) / sizeof(ACC)); i++) total += acc[i];
            s = total + tail;
        }
        SFX(ce_finish)(&p, k, weights, targets, smoothing, eps_k, keep, grad_scale);
        if (row_loss) SFX(ce_row_losses_add)(&losses, row_loss, r, c, s, cx);
        T inv = (T)((ACC)grad_scale * c / s);
        p.g = g;
        p.src = e;
        p.tr = tr;
        p.inv = inv;
        p.next = 0;
        p.l = -1;
        if (!targets) {
            p.label_value = XK_CE_LABEL_VALUE(e, SPLAT(inv), l, wl);
            p.l = l;
        }
    }
    SFX(ce_finish)(&p, k, weights, targets, smoothing, eps_k, keep, grad_scale);
    if (row_loss) SFX(ce_row_losses_flush)(&losses, row_loss);
}

/// The rows one at a time, each in two passes: e^(x - m) into `scratch` (or into the gradient, or nowhere, where
/// `scratch` is NULL), then the gradient from it, written with streaming stores where there is a scratch row (the
/// batch is beyond the caches: the gradient buffer is then never read, so no read-for-ownership), the next row's
/// maximum taken in the same loop. Every value is formed as in SFX(ce_large_stream), so the bits are the same.
XK_INLINE void SFX(ce_rows)(const T *x, long rows, long k, const int64_t *labels, const T *targets,
                             const T *weights, T smoothing, int64_t ignore_index, T grad_scale,
                             T *row_loss, T *grad, T *scratch) {
    const T eps_k = smoothing / (T)k;
    const T keep = (T)1 - smoothing;
    SFX(ce_row_losses) losses = {0};
    // The maximum (and span test) of row `carried_row`, taken during the previous row's gradient pass.
    long carried_row = -1;
    T carried_m = 0;
    int carried_span = 0;
    // With streaming stores, a row whose end shares a cache line with the next row's start leaves its last `tail_n`
    // elements here, and the next row completes the line and streams it out whole (plain stores to a line around
    // streamed ones would read it from memory): rows of 1000 floats are 62.5 lines.
    T tail[W];
    long tail_n = 0;
    T *tail_at = 0;
    // The gradient loop streams row r out while it reads row r + 1 for its maximum: with the logits and gradient at
    // the same page offset, rows of 1000 floats put those reads 96 bytes behind the stores modulo 4096, where each
    // waits for older stores (StoreAliasing.h). The maximum does not depend on the order of its reads, so they run
    // `next_ahead` elements ahead, as many whole vectors as that takes (the same for every row).
    const long next_ahead =
        grad ? W * xk_alias_vectors(grad, x, k * (long)sizeof(T), 1, (long)(W * sizeof(T)), k / W / 2, 0) : 0;
#define XK_FLUSH_TAIL() \
    do { \
        if (tail_n > 0) memcpy(tail_at, tail, (size_t)tail_n * sizeof(T)); \
        tail_n = 0; \
    } while (0)
    // A row's first H elements up to its gradient's first line boundary (in BUF, the label's already in place):
    // joined to the kept tail and streamed when they complete its line, else stored plainly after it.
#define XK_WRITE_HEAD(G, BUF, H) \
    do { \
        if ((H) > 0 && tail_n > 0 && tail_at + tail_n == (G) && tail_n + (H) == W) { \
            memcpy(tail + tail_n, (BUF), (size_t)(H) * sizeof(T)); \
            __builtin_nontemporal_store((VA)LOAD(tail), (VA *)tail_at); \
            tail_n = 0; \
        } else { \
            XK_FLUSH_TAIL(); \
            if ((H) > 0) memcpy((G), (BUF), (size_t)(H) * sizeof(T)); \
        } \
    } while (0)
    for (long r = 0; r < rows; r++) {
        const T *xr = x + r * k;
        T *g = grad ? grad + r * k : 0;
        const T *tr = targets ? targets + r * k : 0;
        int64_t l = targets ? 0 : labels[r];
        if (!targets && (l == ignore_index || l < 0 || l >= k)) {
            XK_FLUSH_TAIL();
            if (row_loss) row_loss[r] = 0;
            if (g) memset(g, 0, (size_t)k * sizeof(T));
            continue;
        }
        int span_ok = carried_span;
        T m = carried_row == r ? carried_m : SFX(row_max_span)(xr, k, &span_ok);
        // c_j = a w_j + b t_j w_j (+ keep w_l at the label for sparse rows).
        ACC cx, c;
        ACC wl = SFX(row_target_terms)(xr, tr, weights, k, eps_k, keep, smoothing != 0, l, m, &cx, &c);
        const T *next = r + 1 < rows ? xr + k : 0;
        ACC s = SFX(row_exp_sum)(xr, scratch ? scratch : g, k, m, next, span_ok);
        if (row_loss) SFX(ce_row_losses_add)(&losses, row_loss, r, c, s, cx);
        if (g) {
            // g_j = C p_j - c_j, computed elementwise in vectors (so any grid gives the same bits), stored with
            // streaming stores when the batch is too big for the caches and e_j sits in the scratch row.
            T inv = (T)((ACC)grad_scale * c / s);
            V vinv = SPLAT(inv);
            const T *src = scratch ? scratch : g;
            const int nt = scratch != 0;
#define XK_GRADV(J) XK_CE_GRADV(src, tr, vinv, J)
            T tmp[W];
            // The label's element, computed before g is overwritten (src may be g).
            const T label_value = targets ? 0 : XK_CE_LABEL_VALUE(src, vinv, l, wl);
            long j = 0;
            // With streaming stores the label's element goes out inside its vector: a plain store to a line just
            // written with streaming stores waits for them to reach memory and then reads the line back (about
            // 300 ns a row on Zen 4: rows of 512 floats ran at 1.0 G elem/s instead of 2.6).
            const long lab = targets ? -1 : l;
            if (nt) {
                long h = (long)(((64 - ((uintptr_t)g & 63)) & 63) / sizeof(T));
                if (h > 0) {
                    STORE(tmp, XK_GRADV(0));
                    if (lab >= 0 && lab < h) tmp[lab] = label_value;
                }
                XK_WRITE_HEAD(g, tmp, h);
                const T *xn = r + 1 < rows ? xr + k : 0;
                if (xn) {
                    // The next row's maximum and minimum are taken here, where the loop waits on its streaming
                    // stores, instead of in a pass of their own (rows this long come from memory).
                    V nm = SPLAT(-__builtin_inf()), nlo = SPLAT(__builtin_inf());
                    // The next row's whole vectors from h on, read `ahead` elements ahead of the stores and then
                    // from h again (two loops: an index test in one costs more than the stalls it avoids); see
                    // next_ahead above.
                    const long span = (k - h) / W * W;
                    const long ahead = next_ahead < span ? next_ahead : 0;
#define XK_NEXT_MAX_AND(GRADV, STOP, OFFSET) \
                    for (; j < (STOP); j += W) { \
                        V v = LOAD(xn + j + (OFFSET)); \
                        nm = VMAX(v, nm); \
                        nlo = VMIN(v, nlo); \
                        V gv = (GRADV); \
                        if ((unsigned long)(lab - j) < (unsigned long)W) gv[lab - j] = label_value; \
                        __builtin_nontemporal_store((VA)gv, (VA *)(g + j)); \
                    }
                    j = h;
                    if (!targets && smoothing == 0) { // XK_GRADV's case without targets or smoothing
                        XK_NEXT_MAX_AND(LOAD(src + j) * vinv, h + span - ahead, ahead)
                        XK_NEXT_MAX_AND(LOAD(src + j) * vinv, h + span, ahead - span)
                    } else {
                        XK_NEXT_MAX_AND(XK_GRADV(j), h + span - ahead, ahead)
                        XK_NEXT_MAX_AND(XK_GRADV(j), h + span, ahead - span)
                    }
#undef XK_NEXT_MAX_AND
                    T hi = HMAX(nm), lo = -HMAX(-nlo);
                    for (long i = 0; i < h; i++) {
                        hi = xn[i] > hi ? xn[i] : hi;
                        lo = xn[i] < lo ? xn[i] : lo;
                    }
                    for (long i = j; i < k; i++) {
                        hi = xn[i] > hi ? xn[i] : hi;
                        lo = xn[i] < lo ? xn[i] : lo;
                    }
                    carried_row = r + 1;
                    carried_m = SFX(row_max_finish)(hi, lo, &carried_span);
                } else {
                    for (j = h; j + W <= k; j += W) {
                        V gv = XK_GRADV(j);
                        if ((unsigned long)(lab - j) < (unsigned long)W) gv[lab - j] = label_value;
                        __builtin_nontemporal_store((VA)gv, (VA *)(g + j));
                    }
                }
            } else {
                for (; j + W <= k; j += W) STORE(g + j, XK_GRADV(j));
            }
            if (j < k) {
                STORE(tmp, XK_GRADV(k - W));
                if (nt && lab >= j) tmp[lab - (k - W)] = label_value;
                if (nt && r + 1 < rows) {
                    // Kept for the next row (see `tail`).
                    memcpy(tail, tmp + (W - (k - j)), (size_t)(k - j) * sizeof(T));
                    tail_n = k - j;
                    tail_at = g + j;
                } else {
                    memcpy(g + j, tmp + (W - (k - j)), (size_t)(k - j) * sizeof(T));
                }
            }
            if (!nt && !targets) g[l] = label_value;
#undef XK_GRADV
        }
    }
    XK_FLUSH_TAIL();
    if (row_loss) SFX(ce_row_losses_flush)(&losses, row_loss);
}

/// The rest of a pending row's gradient in SFX(ce_ahead): its whole vectors from `next` on (a line each, streaming
/// stores, the label's element inside its vector), then its partial last vector, whose elements are kept in `tail`
/// when `joined` (the next row's gradient follows and will complete that line) and stored plainly otherwise.
#define XK_AHEAD_FINISH(JOINED) \
    do { \
        if (!pg) break; \
        V fin_ = SPLAT(pinv); \
        long jf_ = pnext; \
        for (; jf_ + W <= k; jf_ += W) { \
            V gv = XK_CE_GRADV(psrc, ptr, fin_, jf_); \
            if ((unsigned long)(plab - jf_) < (unsigned long)W) gv[plab - jf_] = plabel; \
            __builtin_nontemporal_store((VA)gv, (VA *)(pg + jf_)); \
        } \
        if (jf_ < k) { \
            T last_[W]; \
            STORE(last_, XK_CE_GRADV(psrc, ptr, fin_, k - W)); \
            if (plab >= jf_) last_[plab - (k - W)] = plabel; \
            if (JOINED) { \
                memcpy(tail, last_ + (W - (k - jf_)), (size_t)(k - jf_) * sizeof(T)); \
                tail_n = k - jf_; \
                tail_at = pg + jf_; \
            } else { \
                memcpy(pg + jf_, last_ + (W - (k - jf_)), (size_t)(k - jf_) * sizeof(T)); \
            } \
        } \
        pg = 0; \
    } while (0)

/// How far SFX(ce_ahead) prefetches ahead of its reads of row r + 2. Measured on Zen 4 (1 MiB L2) with rows 16 bytes
/// off a cache line, G elem/s at 4000 / 32 000 floats: the start of row r + 3 3.4 / 2.0, 8 KiB ahead 3.3 / 2.9,
/// 32 KiB 3.4 / 3.3, 64 KiB 2.7 / 2.7.
#define XK_AHEAD_PREFETCH_BYTES 32768

/// Batches beyond the caches, three rows in one loop (k > W): the exps of row r, whose maximum was taken two rows
/// earlier, go to a scratch row while the same loop takes the maximum and minimum of row r + 2 and writes the
/// gradient of row r - 1 from its scratch row with streaming stores, one vector of each per vector of exps, and
/// prefetches what follows into L2. So the exp arithmetic overlaps the reads and the writes of DRAM, and no row
/// waits at its start for the last loads of its own maximum: taken in the loop just before, the row's maximum made
/// every row wait for DRAM (on Zen 4 with AVX-512, a C model of this loop ran at 1.7-2.2 G elem/s with the maximum
/// one row ahead, 3.0-3.3 with it two rows ahead, for rows of 2000 to 32 000 floats). The gradient's vectors lie on
/// cache lines: a row's elements before its first line boundary and after its last are stored plainly or, where
/// the line is shared with the next row, joined to that row's and streamed (as in SFX(ce_rows)). Every value is
/// formed as in SFX(ce_large_stream), so the bits are the same.
XK_INLINE void SFX(ce_ahead)(const T *x, long rows, long k, const int64_t *labels, const T *targets,
                              const T *weights, T smoothing, int64_t ignore_index, T grad_scale, T *row_loss,
                              T *grad, T *scratch0, T *scratch1) {
    const T eps_k = smoothing / (T)k;
    const T keep = (T)1 - smoothing;
    SFX(ce_row_losses) losses = {0};
    // The maxima and span tests taken ahead, by row modulo 3.
    long ahead_row[3] = {-1, -1, -1};
    T ahead_m[3] = {0, 0, 0};
    int ahead_span[3] = {0, 0, 0};
    // The pending row: its gradient `pg` (NULL: none), exps `psrc`, targets `ptr`, scale, label and label's
    // element, and the first element of its whole vectors not yet written.
    T *pg = 0;
    const T *psrc = 0, *ptr = 0;
    T pinv = 0, plabel = 0;
    long plab = -1, pnext = 0;
    T tail[W];
    long tail_n = 0;
    T *tail_at = 0;
    int which = 0;
    // Row r - 1's gradient is streamed out while row r is read for its exps and row r + 2 for its maximum: with the
    // logits and gradient at the same page offset, rows of 1000 floats put those reads 96 and 288 bytes behind the
    // stores modulo 4096, where each waits for older stores (StoreAliasing.h). So the stores start `lag` vectors
    // into each row (the rest of the row after the loop, in XK_AHEAD_FINISH); the distances move by up to a vector
    // from row to row with the rows' line offsets.
    const long lag = SFX(store_delay)(grad, x, k, 3, 64);
    for (long r = 0; r < rows; r++) {
        const T *xr = x + r * k;
        T *g = grad + r * k;
        const T *tr = targets ? targets + r * k : 0;
        int64_t l = targets ? 0 : labels[r];
        if (!targets && (l == ignore_index || l < 0 || l >= k)) {
            XK_AHEAD_FINISH(0);
            XK_FLUSH_TAIL();
            if (row_loss) row_loss[r] = 0;
            memset(g, 0, (size_t)k * sizeof(T));
            continue;
        }
        const int slot = (int)(r % 3);
        int span_ok;
        T m;
        if (ahead_row[slot] == r) {
            m = ahead_m[slot];
            span_ok = ahead_span[slot];
        } else {
            m = SFX(row_max_span)(xr, k, &span_ok);
        }
        ACC cx, c;
        ACC wl = SFX(row_target_terms)(xr, tr, weights, k, eps_k, keep, smoothing != 0, l, m, &cx, &c);
        const T *x2 = r + 2 < rows ? xr + 2 * k : xr; // (the current row where there is none: its result unused)
        // Prefetched into L2: XK_AHEAD_PREFETCH_BYTES past what the loop reads of row r + 2 (while that lies within
        // the batch; else the current row, in cache already).
        const long ahead = (long)(XK_AHEAD_PREFETCH_BYTES / sizeof(T));
        const T *pf = (r + 3) * k + ahead <= rows * k ? x2 + ahead : xr;
        T *e = which ? scratch1 : scratch0;
        which ^= 1;
        if (!e) __builtin_unreachable();
        V nm = SPLAT(-__builtin_inf()), nlo = SPLAT(__builtin_inf());
        // Row r + 2 is read on its own cache lines' grid (from element a2, the last vector at k - W at most): its
        // maximum and minimum do not depend on the grid, and loads across two lines cost more where the rows do not
        // start on one.
        const long a2 = (long)(((64 - ((uintptr_t)x2 & 63)) & 63) / sizeof(T)), last2 = k - W;
        long j = 0;
        ACC s;
        {
            ACCV acc = {0};
            V vm = SPLAT(m);
            V vpinv = SPLAT(pinv);
            while (j + W <= k) {
                V sv = SPLAT(0);
                long end = j + XK_BLOCK_VECTORS * W;
                if (end > k) end = k;
#define XK_AHEAD_MAX \
    V v2 = LOAD(x2 + (a2 + j < last2 ? a2 + j : last2)); \
    nm = VMAX(v2, nm); \
    nlo = VMIN(v2, nlo)
                if (j < lag * W) {
                    const long quiet = lag * W < end ? lag * W : end;
                    if (span_ok) {
                        XK_EXP_BLOCK_TO(XK_VEXPN, xr, e, pf, 2, quiet, XK_AHEAD_MAX)
                    } else {
                        XK_EXP_BLOCK_TO(XK_EXP_SHIFTED, xr, e, pf, 2, quiet, XK_AHEAD_MAX)
                    }
                }
                long pending = pg ? (k - pnext) / W : 0, nb = (end - j) / W;
                if (pending > nb) pending = nb;
                const long pn = pnext;
                const long mid = j + pending * W;
#define XK_AHEAD_PENDING(GRADV) \
    XK_AHEAD_MAX; \
    const long jp = pn + q * W; \
    V gv = (GRADV); \
    if ((unsigned long)(plab - jp) < (unsigned long)W) gv[plab - jp] = plabel; \
    __builtin_nontemporal_store((VA)gv, (VA *)(pg + jp))
                if (span_ok && !targets && smoothing == 0) {
                    XK_EXP_BLOCK_TO(XK_VEXPN, xr, e, pf, 2, mid, XK_AHEAD_PENDING(LOAD(psrc + jp) * vpinv))
                } else if (span_ok) {
                    XK_EXP_BLOCK_TO(XK_VEXPN, xr, e, pf, 2, mid, XK_AHEAD_PENDING(XK_CE_GRADV(psrc, ptr, vpinv, jp)))
                } else if (!targets && smoothing == 0) {
                    XK_EXP_BLOCK_TO(XK_EXP_SHIFTED, xr, e, pf, 2, mid, XK_AHEAD_PENDING(LOAD(psrc + jp) * vpinv))
                } else {
                    XK_EXP_BLOCK_TO(XK_EXP_SHIFTED, xr, e, pf, 2, mid,
                                    XK_AHEAD_PENDING(XK_CE_GRADV(psrc, ptr, vpinv, jp)))
                }
                if (span_ok) {
                    XK_EXP_BLOCK_TO(XK_VEXPN, xr, e, pf, 2, end, XK_AHEAD_MAX)
                } else {
                    XK_EXP_BLOCK_TO(XK_EXP_SHIFTED, xr, e, pf, 2, end, XK_AHEAD_MAX)
                }
#undef XK_AHEAD_PENDING
#undef XK_AHEAD_MAX
                pnext = pn + pending * W;
                acc += TOACC(sv);
            }
            ACC tail_sum = j < k ? SFX(exp_last_vector)(xr, e, k, j, m) : 0;
            ACC total = 0;
            for (int i = 0; i < (int)(sizeof(ACCV) / sizeof(ACC)); i++) total += acc[i];
            s = total + tail_sum;
        }
        if (r + 2 < rows) {
            // Row r + 2's maximum (the same value as SFX(row_max_span)'s, a maximum being exact) and minimum: the
            // vectors above (j / W of them), and the row's first and last W elements, which hold what they left
            // (fewer than W before a2, fewer than W after a2 + j): elements seen twice change neither.
            const V first = LOAD(x2), final = LOAD(x2 + k - W);
            nm = VMAX(final, VMAX(first, nm));
            nlo = VMIN(final, VMIN(first, nlo));
            const T hi = HMAX(nm), lo = -HMAX(-nlo);
            const int s2 = (int)((r + 2) % 3);
            ahead_row[s2] = r + 2;
            ahead_m[s2] = SFX(row_max_finish)(hi, lo, &ahead_span[s2]);
        }
        XK_AHEAD_FINISH(1);
        if (row_loss) SFX(ce_row_losses_add)(&losses, row_loss, r, c, s, cx);
        // Row r becomes the pending one; its elements before g's first line boundary are written now.
        pinv = (T)((ACC)grad_scale * c / s);
        psrc = e;
        ptr = tr;
        pg = g;
        plab = -1;
        const V vinv = SPLAT(pinv);
        T head[W];
        if (!targets) {
            plabel = XK_CE_LABEL_VALUE(e, vinv, l, wl);
            plab = l;
        }
        const long h = (long)(((64 - ((uintptr_t)g & 63)) & 63) / sizeof(T));
        if (h > 0) {
            STORE(head, XK_CE_GRADV(e, tr, vinv, 0));
            if (plab >= 0 && plab < h) head[plab] = plabel;
        }
        XK_WRITE_HEAD(g, head, h);
        pnext = h;
    }
    XK_AHEAD_FINISH(0);
    XK_FLUSH_TAIL();
    if (row_loss) SFX(ce_row_losses_flush)(&losses, row_loss);
}
#undef XK_AHEAD_FINISH
#undef XK_WRITE_HEAD
#undef XK_FLUSH_TAIL


/// How a batch beyond the caches whose rows fit two at a time in L2 is scheduled, per quarter octave of k (see
/// SFX(ce_schedule_key)): 0 not yet known, 1 pipelined (SFX(ce_large_stream)), 2 two passes per row with streaming
/// stores (SFX(ce_rows)), 3 three rows in one loop (SFX(ce_ahead)). Which is faster depends on the machine: where
/// the exp is the bottleneck (measured on Zen 3 with AVX2) the pipelined loop wins, since it overlaps the gradient's
/// stores with the exp arithmetic; where DRAM is (Zen 4 with AVX-512, one core's copy bandwidth 8-9 GB/s against
/// 4.4 G exps/s) the streaming stores win, since they move 8 bytes an element instead of 12: in two passes for rows
/// of 2000 floats or fewer, three rows in one loop for longer ones (which also overlaps the exps with DRAM; for the
/// shorter rows its per-row work weighs more). All give the same bits, so calls time them on their own rows for a few
/// rounds, and the process keeps the fastest (xk_set_softmax_ce_schedule forces one, for tests). `best` holds each
/// schedule's fastest sample so far in seconds (0: none yet), `rounds` how many rounds were taken.
static int SFX(ce_schedule_known)[256];
static double SFX(ce_schedule_best)[256][4];
static int SFX(ce_schedule_rounds)[256];

/// The rounds of timed samples after which the schedule is settled.
#define XK_SCHEDULE_ROUNDS 3

/// *slot = t where t is faster than what it holds (0: nothing yet), atomically (calls on several threads time
/// their rows at once).
static inline void SFX(keep_faster)(double *slot, double t) {
    double seen;
    __atomic_load(slot, &seen, __ATOMIC_RELAXED);
    while ((seen == 0 || t < seen)
           && !__atomic_compare_exchange(slot, &seen, &t, 1, __ATOMIC_RELAXED, __ATOMIC_RELAXED)) {
    }
}

/// The slot of k (65 ... 32 768) in the tables above: its bit length and the two bits after the leading one, so that
/// rows of 512 and of 1000 classes, which can prefer different schedules (their rows end on a cache line or not),
/// are timed apart.
static inline int SFX(ce_schedule_key)(long k) {
    const int bits = 64 - __builtin_clzl((unsigned long)k);
    return bits << 2 | (int)((unsigned long)k >> (bits - 3) & 3);
}

static double SFX(thread_seconds)(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

/// The elements from one scratch row to the next: k rounded up to whole cache lines, so that both start on one.
static inline long SFX(scratch_stride)(long k) {
    return (long)((((size_t)k * sizeof(T) + 63) & ~(size_t)63) / sizeof(T));
}

/// Rows [r0, r1) by `schedule` (1, 2 or 3): `scratch` holds two rows (SFX(scratch_stride)).
XK_INLINE void SFX(ce_scheduled_rows)(int schedule, long r0, long r1, const T *x, long k, const int64_t *labels,
                                       const T *targets, const T *weights, T smoothing, int64_t ignore_index,
                                       T grad_scale, T *row_loss, T *grad, T *scratch) {
    if (r1 <= r0) return;
    const T *xs = x + r0 * k;
    const int64_t *ls = labels ? labels + r0 : 0;
    const T *ts = targets ? targets + r0 * k : 0;
    T *rl = row_loss ? row_loss + r0 : 0;
    T *gs = grad + r0 * k;
    if (schedule == 2) {
        SFX(ce_rows)(xs, r1 - r0, k, ls, ts, weights, smoothing, ignore_index, grad_scale, rl, gs, scratch);
    } else if (schedule == 3) {
        SFX(ce_ahead)(xs, r1 - r0, k, ls, ts, weights, smoothing, ignore_index, grad_scale, rl, gs, scratch,
                      scratch + SFX(scratch_stride)(k));
    } else {
        SFX(ce_large_stream)(xs, r1 - r0, k, ls, ts, weights, smoothing, ignore_index, grad_scale, rl, gs, scratch,
                             scratch + SFX(scratch_stride)(k));
    }
}

/// The schedule each sample of a timing round runs: each of the three twice, mirrored, so that a drift of the
/// machine's speed within a round weighs on all three alike.
static const int SFX(ce_round_order)[6] = {1, 2, 3, 3, 2, 1};

/// A batch beyond the caches with rows of at most XK_PIPELINE_BYTES / 2, by the schedule this machine runs faster
/// (SFX(ce_schedule_known)). While it is not known, the rows go in rounds of six samples of about 2^21 elements
/// (a millisecond or two each), two by each schedule (SFX(ce_round_order)), each timed by the thread's CPU clock,
/// and each schedule's fastest sample is kept for the process. After XK_SCHEDULE_ROUNDS rounds (of this call and
/// earlier ones, on any thread) the schedule with the fastest sample is settled for k's quarter octave: the pipelined
/// one unless another's is at least 5 % faster. The fastest of six or more samples, not a vote per round: other
/// work on the machine only ever slows a sample down (a schedule settled by two agreeing rounds once ran 40 % below
/// the others for a whole process). Rows left over, and a batch too small for a round, run the pipelined schedule.
XK_INLINE void SFX(ce_large)(const T *x, long rows, long k, const int64_t *labels, const T *targets,
                              const T *weights, T smoothing, int64_t ignore_index, T grad_scale, T *row_loss,
                              T *grad, T *scratch) {
    const int key = SFX(ce_schedule_key)(k);
    const int setting = xk_softmax_ce_schedule(); // (4: time every call and keep nothing, for tests)
    int schedule = setting >= 1 && setting <= 3 ? setting : 0;
    const long sample = ((1L << 21) + k - 1) / k;
    // Segments of rows, each run by one schedule: timed samples while the schedule is not known and a whole round
    // fits, then the rest.
    for (long r = 0, i = 0; r < rows; i++) {
        // What is settled, read again at each round (another thread's call may have settled it meanwhile).
        if (schedule == 0 && setting == 0 && i % 6 == 0) {
            schedule = __atomic_load_n(&SFX(ce_schedule_known)[key], __ATOMIC_RELAXED);
        }
        const int sampled = schedule == 0 && (i % 6 != 0 || rows - r >= 6 * sample);
        const int run = sampled ? SFX(ce_round_order)[i % 6] : schedule == 0 ? 1 : schedule;
        const long r1 = sampled ? r + sample : rows;
        const double t0 = sampled ? SFX(thread_seconds)() : 0;
        SFX(ce_scheduled_rows)(run, r, r1, x, k, labels, targets, weights, smoothing, ignore_index, grad_scale,
                               row_loss, grad, scratch);
        r = r1;
        if (!sampled) continue;
        const double t = SFX(thread_seconds)() - t0;
        if (setting == 4) continue;
        SFX(keep_faster)(&SFX(ce_schedule_best)[key][run], t);
        if (i % 6 != 5) continue;
        if (__atomic_add_fetch(&SFX(ce_schedule_rounds)[key], 1, __ATOMIC_RELAXED) < XK_SCHEDULE_ROUNDS) continue;
        double best[4];
        for (int c = 1; c <= 3; c++) __atomic_load(&SFX(ce_schedule_best)[key][c], &best[c], __ATOMIC_RELAXED);
        schedule = 1;
        for (int c = 2; c <= 3; c++) {
            if (best[c] < 0.95 * best[1] && best[c] < best[schedule]) schedule = c;
        }
        __atomic_store_n(&SFX(ce_schedule_known)[key], schedule, __ATOMIC_RELAXED);
    }
}

XK_CLONES void SFX(xk_softmax_ce)(const T *x, long rows, long k, const int64_t *labels, const T *targets,
                                  const T *weights, T smoothing, int64_t ignore_index, T grad_scale,
                                  T *row_loss, T *grad) {
    if (k <= 0) return;
    if (k <= XK_SMALL_K) {
        // Sparse labels without class weights or smoothing (the common case) get their own copies, in which c_j is
        // 0 or 1 at compile time; the same operations on the same values as the general copies, so the same bits.
        if (!targets && !weights && smoothing == 0) {
#define XK_CE_SMALL(K) SFX(ce_small)(x, rows, K, labels, 0, 0, 0, ignore_index, grad_scale, row_loss, grad, 1)
            XK_SWITCH_SMALL_K(XK_CE_SMALL)
#undef XK_CE_SMALL
        } else {
#define XK_CE_SMALL(K) SFX(ce_small)(x, rows, K, labels, targets, weights, smoothing, ignore_index, grad_scale, row_loss, grad, 0)
            XK_SWITCH_SMALL_K(XK_CE_SMALL)
#undef XK_CE_SMALL
        }
        return;
    }
    if (k <= XK_LANE_K) {
        // Rows of 17 to XK_LANE_K classes: the same lane bodies with k known at run time.
        if (!targets && !weights && smoothing == 0) {
            SFX(ce_small)(x, rows, k, labels, 0, 0, 0, ignore_index, grad_scale, row_loss, grad, 1);
        } else {
            SFX(ce_small)(x, rows, k, labels, targets, weights, smoothing, ignore_index, grad_scale, row_loss, grad, 0);
        }
#if defined(__x86_64__)
        __builtin_ia32_sfence(); // (after the streaming stores of a batch beyond the caches)
#endif
        return;
    }
    // Batches beyond the caches: e^(x - m) goes to scratch rows. Where two rows fit in L2 (k up to 32 768 floats),
    // the schedule this machine runs faster (SFX(ce_large)): each row's gradient written during the next row's exp
    // loop (with ordinary stores, or with streaming stores in the loop that also takes the maximum two rows ahead),
    // or in a pass of its own with streaming stores. Longer rows always take the last, with one scratch row: there,
    // two scratch rows would spill from L2, and the pipelined loop measured no faster.
    const int big = grad && (double)rows * (double)k * sizeof(T) >= XK_STREAM_BYTES;
    if (big && 2.0 * (double)k * sizeof(T) <= XK_PIPELINE_BYTES) {
        // Two scratch rows, each starting on a cache line (k rounded up to whole lines), apart from the logits and
        // the gradient modulo 4096 (StoreAliasing.h).
        void *rows2_base;
        T *rows2 = xk_alloc_apart(2 * (size_t)SFX(scratch_stride)(k) * sizeof(T), x, grad, &rows2_base);
        if (rows2) { // (without it, the path below, which then writes the exponentials into the gradient: same bits)
            SFX(ce_large)(x, rows, k, labels, targets, weights, smoothing, ignore_index, grad_scale, row_loss, grad,
                          rows2);
            free(rows2_base);
#if defined(__x86_64__)
            __builtin_ia32_sfence();
#endif
            return;
        }
    }
    void *scratch_base = 0;
    T *scratch = big ? xk_alloc_apart((size_t)SFX(scratch_stride)(k) * sizeof(T), x, grad, &scratch_base) : 0;
    SFX(ce_rows)(x, rows, k, labels, targets, weights, smoothing, ignore_index, grad_scale, row_loss, grad, scratch);
    free(scratch_base);
#if defined(__x86_64__)
    __builtin_ia32_sfence();
#endif
}
