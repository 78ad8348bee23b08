// A matrix-product micro-kernel, written once for a scalar type (included by LinearCrossEntropyFloat.c and
// LinearCrossEntropyDouble.c after their bindings: T, V, W, SFX, LOAD, STORE, SPLAT). Helpers only: the exported,
// run-time cloned functions that call them are in LinearCrossEntropyTemplate.h, so each clone inlines its own copy.
//
// c[i, j] (+)= sum_q a[i * rsa + q * csa] * b[q * ldb + j] for i < m, j < n, q < k: one operand read by broadcasts
// with any strides (so a transposed or vocabulary-major operand needs no copy), the other by rows of W contiguous
// scalars. Register block: 6 rows x W columns (6 x 16 floats: 12 ymm accumulators with AVX2; 6 x 8 doubles alike),
// 12 rows x W with AVX-512 (12 zmm). Cache blocks: XK_PP_KC terms of the sum at a time (a W-wide panel of b, KC x W,
// stays in L1 while the m-block's micro-panels of a go by) and `mc` rows at a time (an mc x KC block of a stays in L2
// while the n panels go by).
//
// Summation order: for each block of XK_PP_KC terms (q ascending), one chain of multiply-adds from 0 (from row_init[i]
// for the first block when not accumulating), then added to c: c + block. Two levels, so the error of a long sum
// (k = V = 32 000 for dh) grows with KC + k / KC terms, not k. Every c[i, j] gets this same sequence whatever the tile,
// block or edge it falls in (edge columns go through zero-padded panels with the same vector instructions; edge rows
// reuse row 0's pointers), so any split of m or n between threads gives the same bits. The multiply-adds are fused
// where the clone's instruction set has FMA (x86-64-v3 and v4) and not in the SSE2 clone, so clones may differ in the
// last bits (the same machine always runs the same clone). Contraction is `on`, not `fast`: each `c + b * a` is one
// llvm.fmuladd, which every build lowers the same way for a given instruction set. With `fast` the fusing was left
// to the optimiser, and an unoptimised (debug) build of the target_clones fused some of them in one tile and not in
// the other: on an AVX-512 machine the 6- and 12-row tiles then gave different bits (the release build did not).

#ifndef XK_PP_KC
#define XK_PP_KC 256
#endif

// The register tiles: 6 rows (AVX2: 12 ymm accumulators for floats, the most its 16 registers hold beside the panel
// row and a broadcast) and 12 rows (AVX-512: 12 of its 32 zmm registers, enough independent chains to keep two FMA
// pipes busy; in the other clones it would spill). xk_panel_tile_rows() picks one at run time, 12 exactly when the
// loader picked the x86-64-v4 clone. Both form every output by the same operations, so they give the same bits.
// (Generated: one function per height, rows spelled out so that the accumulators stay in registers.)

XK_INLINE void SFX(xk_pp_tile6)(long kc, const T *a, long rsa, long csa, const T *b, long ldb, T *c, long ldc,
                                 long rows, long cols, int b_padded, int add_to_c, const T *row_init) {
#pragma clang fp contract(on)
    const T *a0 = a;
    const T *a1 = a + (rows > 1 ? 1 * rsa : 0);
    const T *a2 = a + (rows > 2 ? 2 * rsa : 0);
    const T *a3 = a + (rows > 3 ? 3 * rsa : 0);
    const T *a4 = a + (rows > 4 ? 4 * rsa : 0);
    const T *a5 = a + (rows > 5 ? 5 * rsa : 0);
    V c0, c1, c2, c3, c4, c5;
    if (add_to_c) {
        // The tile's rows of c are read only after the sum (dW, accumulated over token blocks, lies in memory):
        // fetch them now, under the multiply-adds. Both ends, in case a row straddles two lines.
        for (long i = 0; i < 6; i++) {
            const T *row = c + (i < rows ? i : 0) * ldc;
            __builtin_prefetch(row, 1, 3);
            __builtin_prefetch(row + W - 1, 1, 3);
        }
    }
    if (row_init && !add_to_c) {
        c0 = SPLAT(row_init[0]);
        c1 = SPLAT(row_init[rows > 1 ? 1 : 0]);
        c2 = SPLAT(row_init[rows > 2 ? 2 : 0]);
        c3 = SPLAT(row_init[rows > 3 ? 3 : 0]);
        c4 = SPLAT(row_init[rows > 4 ? 4 : 0]);
        c5 = SPLAT(row_init[rows > 5 ? 5 : 0]);
    } else {
        c0 = c1 = c2 = c3 = c4 = c5 = SPLAT(0);
    }
#define XK_PP_STEP(BV) \
    do { \
        const V bv_ = (BV); \
        const long o_ = q * csa; \
        c0 = c0 + bv_ * a0[o_]; \
        c1 = c1 + bv_ * a1[o_]; \
        c2 = c2 + bv_ * a2[o_]; \
        c3 = c3 + bv_ * a3[o_]; \
        c4 = c4 + bv_ * a4[o_]; \
        c5 = c5 + bv_ * a5[o_]; \
    } while (0)
    if (cols == W || b_padded) {
        for (long q = 0; q < kc; q++) XK_PP_STEP(LOAD(b + q * ldb));
    } else {
        for (long q = 0; q < kc; q++) {
            T padded[W];
            for (long j = 0; j < W; j++) padded[j] = j < cols ? b[q * ldb + j] : (T)0;
            XK_PP_STEP(LOAD(padded));
        }
    }
#undef XK_PP_STEP
    if (add_to_c && cols == W) {
        c0 = LOAD(c) + c0;
        c1 = LOAD(c + (rows > 1 ? 1 * ldc : 0)) + c1;
        c2 = LOAD(c + (rows > 2 ? 2 * ldc : 0)) + c2;
        c3 = LOAD(c + (rows > 3 ? 3 * ldc : 0)) + c3;
        c4 = LOAD(c + (rows > 4 ? 4 * ldc : 0)) + c4;
        c5 = LOAD(c + (rows > 5 ? 5 * ldc : 0)) + c5;
    } else if (add_to_c) {
        T buf[6][W];
        for (long i = 0; i < 6; i++) {
            const T *row = c + (i < rows ? i : 0) * ldc;
            for (long j = 0; j < W; j++) buf[i][j] = j < cols ? row[j] : (T)0;
        }
        c0 = LOAD(buf[0]) + c0;
        c1 = LOAD(buf[1]) + c1;
        c2 = LOAD(buf[2]) + c2;
        c3 = LOAD(buf[3]) + c3;
        c4 = LOAD(buf[4]) + c4;
        c5 = LOAD(buf[5]) + c5;
    }
    if (cols == W) {
        STORE(c, c0);
        if (rows > 1) STORE(c + 1 * ldc, c1);
        if (rows > 2) STORE(c + 2 * ldc, c2);
        if (rows > 3) STORE(c + 3 * ldc, c3);
        if (rows > 4) STORE(c + 4 * ldc, c4);
        if (rows > 5) STORE(c + 5 * ldc, c5);
    } else {
        T buf[6][W];
        STORE(buf[0], c0);
        STORE(buf[1], c1);
        STORE(buf[2], c2);
        STORE(buf[3], c3);
        STORE(buf[4], c4);
        STORE(buf[5], c5);
        for (long i = 0; i < rows; i++) {
            for (long j = 0; j < cols; j++) c[i * ldc + j] = buf[i][j];
        }
    }
}

XK_INLINE void SFX(xk_pp_tile12)(long kc, const T *a, long rsa, long csa, const T *b, long ldb, T *c, long ldc,
                                 long rows, long cols, int b_padded, int add_to_c, const T *row_init) {
#pragma clang fp contract(on)
    const T *a0 = a;
    const T *a1 = a + (rows > 1 ? 1 * rsa : 0);
    const T *a2 = a + (rows > 2 ? 2 * rsa : 0);
    const T *a3 = a + (rows > 3 ? 3 * rsa : 0);
    const T *a4 = a + (rows > 4 ? 4 * rsa : 0);
    const T *a5 = a + (rows > 5 ? 5 * rsa : 0);
    const T *a6 = a + (rows > 6 ? 6 * rsa : 0);
    const T *a7 = a + (rows > 7 ? 7 * rsa : 0);
    const T *a8 = a + (rows > 8 ? 8 * rsa : 0);
    const T *a9 = a + (rows > 9 ? 9 * rsa : 0);
    const T *a10 = a + (rows > 10 ? 10 * rsa : 0);
    const T *a11 = a + (rows > 11 ? 11 * rsa : 0);
    V c0, c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11;
    if (add_to_c) {
        // The tile's rows of c are read only after the sum (dW, accumulated over token blocks, lies in memory):
        // fetch them now, under the multiply-adds. Both ends, in case a row straddles two lines.
        for (long i = 0; i < 12; i++) {
            const T *row = c + (i < rows ? i : 0) * ldc;
            __builtin_prefetch(row, 1, 3);
            __builtin_prefetch(row + W - 1, 1, 3);
        }
    }
    if (row_init && !add_to_c) {
        c0 = SPLAT(row_init[0]);
        c1 = SPLAT(row_init[rows > 1 ? 1 : 0]);
        c2 = SPLAT(row_init[rows > 2 ? 2 : 0]);
        c3 = SPLAT(row_init[rows > 3 ? 3 : 0]);
        c4 = SPLAT(row_init[rows > 4 ? 4 : 0]);
        c5 = SPLAT(row_init[rows > 5 ? 5 : 0]);
        c6 = SPLAT(row_init[rows > 6 ? 6 : 0]);
        c7 = SPLAT(row_init[rows > 7 ? 7 : 0]);
        c8 = SPLAT(row_init[rows > 8 ? 8 : 0]);
        c9 = SPLAT(row_init[rows > 9 ? 9 : 0]);
        c10 = SPLAT(row_init[rows > 10 ? 10 : 0]);
        c11 = SPLAT(row_init[rows > 11 ? 11 : 0]);
    } else {
        c0 = c1 = c2 = c3 = c4 = c5 = c6 = c7 = c8 = c9 = c10 = c11 = SPLAT(0);
    }
#define XK_PP_STEP(BV) \
    do { \
        const V bv_ = (BV); \
        const long o_ = q * csa; \
        c0 = c0 + bv_ * a0[o_]; \
        c1 = c1 + bv_ * a1[o_]; \
        c2 = c2 + bv_ * a2[o_]; \
        c3 = c3 + bv_ * a3[o_]; \
        c4 = c4 + bv_ * a4[o_]; \
        c5 = c5 + bv_ * a5[o_]; \
        c6 = c6 + bv_ * a6[o_]; \
        c7 = c7 + bv_ * a7[o_]; \
        c8 = c8 + bv_ * a8[o_]; \
        c9 = c9 + bv_ * a9[o_]; \
        c10 = c10 + bv_ * a10[o_]; \
        c11 = c11 + bv_ * a11[o_]; \
    } while (0)
    if (cols == W || b_padded) {
        for (long q = 0; q < kc; q++) XK_PP_STEP(LOAD(b + q * ldb));
    } else {
        for (long q = 0; q < kc; q++) {
            T padded[W];
            for (long j = 0; j < W; j++) padded[j] = j < cols ? b[q * ldb + j] : (T)0;
            XK_PP_STEP(LOAD(padded));
        }
    }
#undef XK_PP_STEP
    if (add_to_c && cols == W) {
        c0 = LOAD(c) + c0;
        c1 = LOAD(c + (rows > 1 ? 1 * ldc : 0)) + c1;
        c2 = LOAD(c + (rows > 2 ? 2 * ldc : 0)) + c2;
        c3 = LOAD(c + (rows > 3 ? 3 * ldc : 0)) + c3;
        c4 = LOAD(c + (rows > 4 ? 4 * ldc : 0)) + c4;
        c5 = LOAD(c + (rows > 5 ? 5 * ldc : 0)) + c5;
        c6 = LOAD(c + (rows > 6 ? 6 * ldc : 0)) + c6;
        c7 = LOAD(c + (rows > 7 ? 7 * ldc : 0)) + c7;
        c8 = LOAD(c + (rows > 8 ? 8 * ldc : 0)) + c8;
        c9 = LOAD(c + (rows > 9 ? 9 * ldc : 0)) + c9;
        c10 = LOAD(c + (rows > 10 ? 10 * ldc : 0)) + c10;
        c11 = LOAD(c + (rows > 11 ? 11 * ldc : 0)) + c11;
    } else if (add_to_c) {
        T buf[12][W];
        for (long i = 0; i < 12; i++) {
            const T *row = c + (i < rows ? i : 0) * ldc;
            for (long j = 0; j < W; j++) buf[i][j] = j < cols ? row[j] : (T)0;
        }
        c0 = LOAD(buf[0]) + c0;
        c1 = LOAD(buf[1]) + c1;
        c2 = LOAD(buf[2]) + c2;
        c3 = LOAD(buf[3]) + c3;
        c4 = LOAD(buf[4]) + c4;
        c5 = LOAD(buf[5]) + c5;
        c6 = LOAD(buf[6]) + c6;
        c7 = LOAD(buf[7]) + c7;
        c8 = LOAD(buf[8]) + c8;
        c9 = LOAD(buf[9]) + c9;
        c10 = LOAD(buf[10]) + c10;
        c11 = LOAD(buf[11]) + c11;
    }
    if (cols == W) {
        STORE(c, c0);
        if (rows > 1) STORE(c + 1 * ldc, c1);
        if (rows > 2) STORE(c + 2 * ldc, c2);
        if (rows > 3) STORE(c + 3 * ldc, c3);
        if (rows > 4) STORE(c + 4 * ldc, c4);
        if (rows > 5) STORE(c + 5 * ldc, c5);
        if (rows > 6) STORE(c + 6 * ldc, c6);
        if (rows > 7) STORE(c + 7 * ldc, c7);
        if (rows > 8) STORE(c + 8 * ldc, c8);
        if (rows > 9) STORE(c + 9 * ldc, c9);
        if (rows > 10) STORE(c + 10 * ldc, c10);
        if (rows > 11) STORE(c + 11 * ldc, c11);
    } else {
        T buf[12][W];
        STORE(buf[0], c0);
        STORE(buf[1], c1);
        STORE(buf[2], c2);
        STORE(buf[3], c3);
        STORE(buf[4], c4);
        STORE(buf[5], c5);
        STORE(buf[6], c6);
        STORE(buf[7], c7);
        STORE(buf[8], c8);
        STORE(buf[9], c9);
        STORE(buf[10], c10);
        STORE(buf[11], c11);
        for (long i = 0; i < rows; i++) {
            for (long j = 0; j < cols; j++) c[i * ldc + j] = buf[i][j];
        }
    }
}

/// The blocked product (see the file's comment). `accumulate`: add to c; otherwise start from row_init (m values, or
/// NULL for 0). `mc`: rows per cache block. `a_pack`: NULL, or room for ceil(mc / 12) * 12 * XK_PP_KC scalars into
/// which each mc x KC block of a is copied, tile by tile, row-interleaved (a tile's `rows` values for term q side by
/// side): for an a whose broadcasts would otherwise be far apart (a = G^T, its terms a block of logits' rows apart,
/// so that a tile's terms fall into a few L1 sets). The values, and so the bits, are the same either way.
///
/// b is read in one of two ways. pack_b = 0: b is already packed in panels of W columns, zero-padded, the panel of
/// columns jr..jr+W-1 at b + jr * panel_stride, its row q at + q * W (ldb must be W). pack_b = 1: b is row-major with
/// row stride ldb, and each KC x W panel is copied (zero-padded) into a buffer that stays in L1 while the m-block's
/// tiles use it; strided rows would fall into a few L1 sets when ldb is a multiple of 256 bytes.
XK_INLINE void SFX(xk_pp_product)(long m, long n, long k, const T *a, long rsa, long csa, const T *b, long ldb,
                                  long panel_stride, int pack_b, T *c, long ldc, const T *row_init, int accumulate,
                                  long mc, T *a_pack) {
    T packed[XK_PP_KC * W];
    const long mr = xk_panel_tile_rows() == 12 ? 12 : 6;
    for (long ic = 0; ic < m; ic += mc) {
        const long ie = ic + mc < m ? ic + mc : m;
        for (long pc = 0; pc == 0 || pc < k; pc += XK_PP_KC) {
            const long kc = k - pc < XK_PP_KC ? k - pc : XK_PP_KC;
            const int add_to_c = accumulate || pc > 0;
            if (a_pack && csa == 1) {
                // Row by row (each a contiguous run of kc terms), each to its slot in its tile.
                for (long i = ic; i < ie; i++) {
                    const T *source = a + i * rsa + pc;
                    T *target = a_pack + (i - ic) / mr * mr * XK_PP_KC + (i - ic) % mr;
                    for (long q = 0; q < kc; q++) target[q * mr] = source[q];
                }
            } else if (a_pack) {
                // Term by term (each a run of rows rsa apart).
                for (long q = 0; q < kc; q++) {
                    for (long ir = ic; ir < ie; ir += mr) {
                        const long rows = ie - ir < mr ? ie - ir : mr;
                        const T *source = a + ir * rsa + (pc + q) * csa;
                        T *target = a_pack + (ir - ic) * XK_PP_KC + q * mr;
                        if (rsa == 1 && rows == mr) {
                            // Every thread packs all of it (the threads split n): keep it cheap, a copy of a size
                            // known here, so that it is a few moves rather than a call.
                            if (mr == 12) {
                                memcpy(target, source, 12 * sizeof(T));
                            } else {
                                memcpy(target, source, 6 * sizeof(T));
                            }
                        } else {
                            for (long i = 0; i < rows; i++) target[i] = source[i * rsa];
                        }
                    }
                }
            }
            for (long jr = 0; jr < n; jr += W) {
                const long cols = n - jr < W ? n - jr : W;
                const T *panel;
                // pack_b: the source rows of the panel that comes next (the next W columns, else the first of the
                // next block of terms), fetched a few at a time under the tiles of this one: they are ldb apart, on
                // different pages, out of reach of the hardware prefetchers.
                const T *next = NULL;
                long next_rows = 0;
                if (pack_b) {
                    const T *source = b + pc * ldb + jr;
                    if (cols == W) {
                        for (long q = 0; q < kc; q++) STORE(packed + q * W, LOAD(source + q * ldb));
                    } else {
                        for (long q = 0; q < kc; q++) {
                            for (long j = 0; j < W; j++) packed[q * W + j] = j < cols ? source[q * ldb + j] : (T)0;
                        }
                    }
                    panel = packed;
                    if (jr + W < n) {
                        next = source + W;
                        next_rows = kc;
                    } else if (pc + XK_PP_KC < k) {
                        next = b + (pc + XK_PP_KC) * ldb;
                        next_rows = k - pc - XK_PP_KC < XK_PP_KC ? k - pc - XK_PP_KC : XK_PP_KC;
                    }
                } else {
                    panel = b + jr * panel_stride + pc * W;
                }
                const long tiles = (ie - ic + mr - 1) / mr;
                for (long ir = ic; ir < ie; ir += mr) {
                    const long rows = ie - ir < mr ? ie - ir : mr;
                    if (next) {
                        const long tile = (ir - ic) / mr;
                        const long q_end = (tile + 1) * next_rows / tiles;
                        for (long q = tile * next_rows / tiles; q < q_end; q++) {
                            __builtin_prefetch(next + q * ldb, 0, 3);
                            __builtin_prefetch(next + q * ldb + W - 1, 0, 3);
                        }
                    }
                    const T *tile_a = a_pack ? a_pack + (ir - ic) * XK_PP_KC : a + ir * rsa + pc * csa;
                    const long tile_rsa = a_pack ? 1 : rsa, tile_csa = a_pack ? mr : csa;
                    if (mr == 12) {
                        SFX(xk_pp_tile12)(kc > 0 ? kc : 0, tile_a, tile_rsa, tile_csa, panel, W,
                                          c + ir * ldc + jr, ldc, rows, cols, 1, add_to_c, row_init ? row_init + ir : NULL);
                    } else {
                        SFX(xk_pp_tile6)(kc > 0 ? kc : 0, tile_a, tile_rsa, tile_csa, panel, W,
                                         c + ir * ldc + jr, ldc, rows, cols, 1, add_to_c, row_init ? row_init + ir : NULL);
                    }
                }
            }
        }
    }
}
