// The logistic mixer's lane arithmetic (LogisticMixer.swift), shared by the exported mixer functions
// (MixerKernels.c) and the context-mixing model's per-bit path (ContextMixingBits.c), so that both compile it for
// the clone they are in. Integer arithmetic within the documented bounds: every clone computes the same bits.
#ifndef XENT_COMPRESSION_MIXER_LANES_H
#define XENT_COMPRESSION_MIXER_LANES_H

#include "XentCompressionC.h"

typedef int32_t xc_lanes8 __attribute__((vector_size(32)));

/// Two dot products of the same inputs, each the sum over the 16 lanes of (x[i] * w[i]) >> 4, into out[0] and
/// out[1]; x is given as two vectors of 8 lanes (by pointer: a vector argument would change the baseline clone's
/// calling convention).
static inline void xc_lanes_dot2(const xc_lanes8 *lo, const xc_lanes8 *hi, const int32_t *restrict w1,
                                 const int32_t *restrict w2, int32_t *restrict out) {
    xc_lanes8 a1, b1, a2, b2;
    __builtin_memcpy(&a1, w1, 32);
    __builtin_memcpy(&b1, w1 + 8, 32);
    __builtin_memcpy(&a2, w2, 32);
    __builtin_memcpy(&b2, w2 + 8, 32);
    xc_lanes8 s1 = ((*lo * a1) >> 4) + ((*hi * b1) >> 4);
    xc_lanes8 s2 = ((*lo * a2) >> 4) + ((*hi * b2) >> 4);
    // Lanes 0-3 of the sum hold s1's halves added, lanes 4-7 s2's; then pairwise: lane 0 is sum1, lane 4 sum2.
    xc_lanes8 h = __builtin_shufflevector(s1, s2, 0, 1, 2, 3, 8, 9, 10, 11) +
                  __builtin_shufflevector(s1, s2, 4, 5, 6, 7, 12, 13, 14, 15);
    h = h + __builtin_shufflevector(h, h, 2, 3, 0, 1, 6, 7, 4, 5);
    h = h + __builtin_shufflevector(h, h, 1, 0, 3, 2, 5, 4, 7, 6);
    out[0] = h[0];
    out[1] = h[4];
}

/// The 16 input lanes x[0..<16] as two vectors of 8.
static inline void xc_lanes_load(const int32_t *x, xc_lanes8 *lo, xc_lanes8 *hi) {
    __builtin_memcpy(lo, x, 32);
    __builtin_memcpy(hi, x + 8, 32);
}

/// One training step: w[i] += (x[i] * error + 2^13) >> 14, clamped to [-limit, limit].
static inline void xc_lanes_train(const int32_t *restrict x, int32_t *restrict w, int32_t error, int32_t limit) {
    for (int i = 0; i < XC_MIXER_WIDTH; i++) {
        int32_t v = w[i] + ((x[i] * error + (1 << 13)) >> 14);
        v = v > limit ? limit : v;
        v = v < -limit ? -limit : v;
        w[i] = v;
    }
}

#endif
