// The logistic mixer's lane arithmetic (LogisticMixer.swift), shared by the exported mixer functions
// (MixerKernels.c) and the context-mixing model's per-bit path (ContextMixingBits.c), so that both compile it for
// the clone they are in. Integer arithmetic within the documented bounds: every clone computes the same bits.
#ifndef XENT_COMPRESSION_MIXER_LANES_H
#define XENT_COMPRESSION_MIXER_LANES_H

#include "XentCompressionC.h"

typedef int32_t xc_lanes8 __attribute__((vector_size(32)));

/// The sum over the 16 lanes of (x[i] * w[i]) >> 4, with x given as two vectors of 8 lanes (by pointer: a
/// vector argument would change the baseline clone's calling convention).
static inline int32_t xc_lanes_dot(const xc_lanes8 *lo, const xc_lanes8 *hi, const int32_t *restrict w) {
    xc_lanes8 a, b;
    __builtin_memcpy(&a, w, 32);
    __builtin_memcpy(&b, w + 8, 32);
    xc_lanes8 s = ((*lo * a) >> 4) + ((*hi * b) >> 4);
    s = s + __builtin_shufflevector(s, s, 4, 5, 6, 7, 0, 1, 2, 3);
    s = s + __builtin_shufflevector(s, s, 2, 3, 0, 1, 6, 7, 4, 5);
    s = s + __builtin_shufflevector(s, s, 1, 0, 3, 2, 5, 4, 7, 6);
    return s[0];
}

/// Two dot products (as xc_lanes_dot) of the same inputs, into out[0] and out[1].
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

/// The inputs x[0..<16] read one lane at a time: they were just written one lane at a time, and a wide load of
/// several narrow stores still in flight cannot be forwarded (it waits for them to reach the cache).
static inline void xc_lanes_load(const int32_t *x, xc_lanes8 *lo, xc_lanes8 *hi) {
    const volatile int32_t *lane = x;
    *lo = (xc_lanes8){lane[0], lane[1], lane[2], lane[3], lane[4], lane[5], lane[6], lane[7]};
    *hi = (xc_lanes8){lane[8], lane[9], lane[10], lane[11], lane[12], lane[13], lane[14], lane[15]};
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
