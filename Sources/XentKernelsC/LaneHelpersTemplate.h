// Lanes helpers (small k: W rows at a time, one row per lane): part of the kernel template, included once per scalar type by KernelsTemplate.h (see there for
// the macros it expects).

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
