// Entropy, cross-entropy and KL divergence of rows (nats): part of the kernel template, included once per scalar type by KernelsTemplate.h (see there for
// the macros it expects).

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
        V pb[XK_LANE_K], qb[XK_LANE_K];
        SFX(lane_prefetch_next)(p, 0, r0, rows, k);
        if (kind != 0) SFX(lane_prefetch_next)(q, 0, r0, rows, k);
        SFX(load_block)(p + r0 * k, k, nr, pb, 0, XK_LANE_OVER(r0, rows, k));
        if (kind != 0) SFX(load_block)(q + r0 * k, k, nr, qb, 1, XK_LANE_OVER(r0, rows, k));
        V s = SPLAT(0);
        ACCV sa = {0};
        if (kind == 0) {
            for (long j = 0; j < k; j++) {
                s += XK_ALLNORMAL(pb[j]) ? -(pb[j] * XK_VLOGN(pb[j])) : INFO_TERM(pb[j], pb[j], 0);
                XK_LANE_SPILL(s, sa, j, k);
            }
        } else {
            for (long j = 0; j < k; j++) {
                s += INFO_TERM(pb[j], qb[j], kind);
                XK_LANE_SPILL(s, sa, j, k);
            }
        }
        if (k > XK_SMALL_K) {
            // The row's sum is returned in ACC: no rounding back to T.
            ACC sb[W];
            const ACCV total = sa + TOACC(s);
            memcpy(sb, &total, sizeof sb);
            for (long r = 0; r < nr; r++) out[r0 + r] = sb[r];
            continue;
        }
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
    if (k <= XK_LANE_K) {
        // Rows of 17 to XK_LANE_K: the same lane body with k known at run time.
        SFX(info_small)(p, q, rows, k, kind, out);
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
            if (kind == 0) {
                // Entropy: where all W probabilities are normal positive floats (the common case), the log needs no
                // subnormal scaling or special cases and no term is 0 ln 0: the same bits with fewer steps.
                for (; j + W <= end; j += W) {
                    V pv = LOAD(pr + j);
                    s += XK_ALLNORMAL(pv) ? -(pv * XK_VLOGN(pv)) : INFO_TERM(pv, pv, 0);
                }
            } else {
                for (; j + W <= end; j += W) s += INFO_TERM(LOAD(pr + j), LOAD(qr + j), kind);
            }
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
