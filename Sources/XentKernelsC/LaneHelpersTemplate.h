// Lanes helpers (small k: W rows at a time, one row per lane): part of the kernel template, included once per scalar type by KernelsTemplate.h (see there for
// the macros it expects).

#define XK_SMALL_K 16

/// The widest rows the lane kernels take: rows of XK_SMALL_K + 1 to XK_LANE_K classes go through the same bodies with
/// k known only at run time (the block's k vectors then live in a stack tile rather than in registers). One row at a
/// time, such short rows pay a horizontal maximum, a horizontal sum and a scalar log each (measured on Zen 3, float32
/// softmax cross-entropy: 10-30 % of the exp ceiling for k = 17-64, against 40-45 % for k <= 16; in the lanes 30-40 %).
/// At 56-64 classes on batches beyond the caches the lanes beat the row path only once their gradient went out with
/// streaming stores (SFX(store_gradient_block)). Float only, where whole blocks go through 8 x 8 transposes: with
/// element-by-element transposes (double) the lanes measured slower than the row path beyond k = 16.
#if defined(XK_LANES_TRANSPOSE8)
#define XK_LANE_K 64
#else
#define XK_LANE_K XK_SMALL_K
#endif

/// Whether a block of W rows starting at row r0 of `rows` rows of k elements is followed by at least 8 - k elements.
#define XK_LANE_OVER(r0, rows, k) (((r0) + W) * (k) + 8 <= (rows) * (k) + (k))

/// Loads `nr` rows (nr <= W) of k columns into blk[j] (lane r = row r); missing lanes get `fill`. `over`: at least
/// 8 - k elements may be read after the block's last row (the next block's rows), used only when k < 8.
/// XK_LANE_OVER(r0, rows, k) is that test for the block of rows [r0, r0 + W) in a batch of `rows`.
XK_INLINE void SFX(load_block)(const T *x, long k, long nr, V *blk, T fill, int over) {
    (void)over;
#if defined(XK_LANES_TRANSPOSE8)
    if (nr == W && k > XK_SMALL_K) {
        // Rows longer than 16: each half of 8 rows goes through an 8 x 8 transpose per 8 columns, the last 8 columns
        // taken as the row's last 8 (columns already read are written again with the same values).
        for (int half = 0; half < 2; half++) {
            for (long c = 0; c < k; c += 8) {
                const long c0 = c + 8 <= k ? c : k - 8;
                v8f a[8], col[8];
                for (int r = 0; r < 8; r++) memcpy(&a[r], x + (8 * half + r) * k + c0, sizeof(v8f));
                xk_transpose8_f32(a, col);
                for (int i = 0; i < 8; i++) memcpy((T *)&blk[c0 + i] + 8 * half, &col[i], sizeof(v8f));
            }
        }
        return;
    }
    // Whole blocks: each half of 8 rows goes through 8 x 8 transposes in registers. k > 8: columns [0, 8) and
    // [k - 8, k) of each row (two loads inside the row); k = 10: columns [0, 8), then 8 and 9 as pairs. k < 8: columns [0, 8) from the row's start, which reads
    // into the rows after it; the caller says whether the block is followed by enough data (`over`).
    if (nr == W && (k >= 8 || over)) {
        v8f h[2][XK_SMALL_K];
        for (int half = 0; half < 2; half++) {
            v8f a[8], c[8];
            for (int r = 0; r < 8; r++) memcpy(&a[r], x + (8 * half + r) * k, sizeof(v8f));
            xk_transpose8_f32(a, c);
            for (long j = 0; j < (k < 8 ? k : 8); j++) h[half][j] = c[j];
            if (k == 10) {
                xk_gather_pairs8_f32(x + 8 * half * k + 8, k, c);
                h[half][8] = c[0];
                h[half][9] = c[1];
            } else if (k > 8) {
                for (int r = 0; r < 8; r++) memcpy(&a[r], x + (8 * half + r) * k + k - 8, sizeof(v8f));
                xk_transpose8_f32(a, c);
                for (long j = 8; j < k; j++) h[half][j] = c[j - (k - 8)];
            }
        }
        for (long j = 0; j < k; j++)
            blk[j] = __builtin_shufflevector(h[0][j], h[1][j], 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15);
        return;
    }
#endif
    T tmp[XK_LANE_K][W];
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
#if defined(XK_LANES_TRANSPOSE8)
    if (nr == W && k > XK_SMALL_K) {
        // The transposes of load_block's rows longer than 16 in reverse (the overlapping last 8 columns are written
        // twice with the same values).
        for (int half = 0; half < 2; half++) {
            for (long c = 0; c < k; c += 8) {
                const long c0 = c + 8 <= k ? c : k - 8;
                v8f col[8], a[8];
                for (int i = 0; i < 8; i++) memcpy(&col[i], (const T *)&blk[c0 + i] + 8 * half, sizeof(v8f));
                xk_transpose8_f32(col, a);
                for (int r = 0; r < 8; r++) memcpy(out + (8 * half + r) * k + c0, &a[r], sizeof(v8f));
            }
        }
        return;
    }
    // Whole blocks: the transposes of load_block in reverse. k > 8: columns [0, 8) and [k - 8, k) of each row
    // (the overlap gets the same values twice); k = 10: columns 8 and 9 as pairs. k < 8: eight elements from each row's start, in row order, so
    // that the next rows' stores cover what a row writes beyond its end; rows whose eight would leave the block
    // are copied element by element.
    if (nr == W) {
        for (int half = 0; half < 2; half++) {
            v8f c[8], a[8];
            for (long j = 0; j < 8; j++)
                c[j] = half ? __builtin_shufflevector(blk[j < k ? j : 0], blk[0], 8, 9, 10, 11, 12, 13, 14, 15)
                            : __builtin_shufflevector(blk[j < k ? j : 0], blk[0], 0, 1, 2, 3, 4, 5, 6, 7);
            xk_transpose8_f32(c, a);
            for (int r = 0; r < 8; r++) {
                T *o = out + (8 * half + r) * k;
                if ((8 * half + r) * k + 8 <= W * k) memcpy(o, &a[r], sizeof(v8f));
                else memcpy(o, &a[r], (size_t)k * sizeof(T));
            }
            if (k == 10) {
                for (long j = 0; j < 2; j++)
                    c[j] = half ? __builtin_shufflevector(blk[8 + j], blk[0], 8, 9, 10, 11, 12, 13, 14, 15)
                                : __builtin_shufflevector(blk[8 + j], blk[0], 0, 1, 2, 3, 4, 5, 6, 7);
                xk_scatter_pairs8_f32(out + 8 * half * k + 8, k, c);
            } else if (k > 8) {
                for (long j = 0; j < 8; j++)
                    c[j] = half ? __builtin_shufflevector(blk[j + k - 8], blk[0], 8, 9, 10, 11, 12, 13, 14, 15)
                                : __builtin_shufflevector(blk[j + k - 8], blk[0], 0, 1, 2, 3, 4, 5, 6, 7);
                xk_transpose8_f32(c, a);
                for (int r = 0; r < 8; r++) memcpy(out + (8 * half + r) * k + k - 8, &a[r], sizeof(v8f));
            }
        }
        return;
    }
#endif
    T tmp[XK_LANE_K][W];
    for (long j = 0; j < k; j++) STORE(tmp[j], blk[j]);
    if (nr == W) {
        for (long r = 0; r < W; r++)
            for (long j = 0; j < k; j++) out[r * k + j] = tmp[j][r];
    } else {
        for (long r = 0; r < nr; r++)
            for (long j = 0; j < k; j++) out[r * k + j] = tmp[j][r];
    }
}

/// The sums over a row's k terms in the lane bodies (one row per lane). Rows of up to 16 terms are summed in T; longer
/// rows (k known at run time) in T four terms at a time, each group then added into an accumulator of ACC lanes
/// (double for float rows), so that the error of a float row's sum grows with 4 + k / 4 terms rather than k. Use:
/// XK_LANE_SPILL(s, acc, j, k) after adding term j to s; the row's sum is then acc + TOACC(s) (the callers form a
/// reciprocal from it in ACC, and a log of it rounded once to T).
#define XK_LANE_SPILL(S_, ACC_, J_, K_) \
    do { \
        if ((K_) > XK_SMALL_K && ((J_) & 3) == 3) { \
            (ACC_) += TOACC(S_); \
            (S_) = SPLAT(0); \
        } \
    } while (0)

/// Rows longer than 16 (the lane bodies with k known at run time): prefetches the lines of the block after the one
/// at row r0 of `rows`, from `in` and, when `out` is not NULL, from `out` for writing (whole blocks only). The lane
/// kernels read and write a block in transposed order, eight rows at a time, eight columns at a time, which the
/// hardware prefetchers follow less well than a sequential stream (measured on Zen 3, softmax cross-entropy on
/// [65536, 32]: about 36 % of the exp ceiling without, 46 % with). A hint only: no result depends on it.
XK_INLINE void SFX(lane_prefetch_next)(const T *in, T *out, long r0, long rows, long k) {
    if (k <= XK_SMALL_K || r0 + 2 * W > rows) return;
    const long line = 64 / (long)sizeof(T);
    for (long i = 0; i < W * k; i += line) __builtin_prefetch(in + (r0 + W) * k + i, 0, 3);
    if (out) {
        for (long i = 0; i < W * k; i += line) __builtin_prefetch(out + (r0 + W) * k + i, 1, 3);
    }
}

/// store_block for the gradient of a batch beyond the caches (`stream`): rows longer than 16 in whole blocks are
/// transposed into a row-major stage on the stack, then written with streaming stores for the 64-byte lines of `out`
/// that the block covers whole (no read-for-ownership) and ordinary stores for a partial line at either end. The
/// same values as store_block; other blocks go through it.
XK_INLINE void SFX(store_gradient_block)(T *out, long k, long nr, const V *blk, int stream) {
    if (!stream || k <= XK_SMALL_K || nr != W) {
        SFX(store_block)(out, k, nr, blk);
        return;
    }
    T stage[W * XK_LANE_K] __attribute__((aligned(64)));
    SFX(store_block)(stage, k, nr, blk);
    char *d = (char *)out;
    const char *src = (const char *)stage;
    const long bytes = W * k * (long)sizeof(T);
    long i = (long)((64 - ((uintptr_t)d & 63)) & 63);
    if (i > bytes) i = bytes;
    memcpy(d, src, (size_t)i);
    for (; i + 64 <= bytes; i += 64) {
        VA v;
        memcpy(&v, src + i, 64);
        __builtin_nontemporal_store(v, (VA *)(d + i));
    }
    memcpy(d + i, src + i, (size_t)(bytes - i));
}

// Calls F(K) with K a compile-time constant for 1 <= k <= 16, so that the always-inlined small-k bodies unroll.
#define XK_SWITCH_SMALL_K(F) \
    switch (k) { \
    case 1: F(1); break; case 2: F(2); break; case 3: F(3); break; case 4: F(4); break; \
    case 5: F(5); break; case 6: F(6); break; case 7: F(7); break; case 8: F(8); break; \
    case 9: F(9); break; case 10: F(10); break; case 11: F(11); break; case 12: F(12); break; \
    case 13: F(13); break; case 14: F(14); break; case 15: F(15); break; default: F(16); break; \
    }
