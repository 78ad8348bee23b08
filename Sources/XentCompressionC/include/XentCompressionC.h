#ifndef XENT_COMPRESSION_C_H
#define XENT_COMPRESSION_C_H

#include <stdint.h>

/// Hints the processor to bring the cache line at `address` into its caches for a read or write soon. A hint only:
/// it never faults and changes no result.
static inline void xc_prefetch(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

/// The vectors passed to the mixer functions must not overlap (`restrict`): inputs, weight sets and outputs are
/// separate tables.

/// The lanes of a mixer's input and weight vectors (`LogisticMixer.width`).
#define XC_MIXER_WIDTH 16

/// The mixer's dot product: the sum over 16 lanes of (x[i] * w[i]) >> 4 (arithmetic shift). Requires
/// |x[i]| <= 2047 and |w[i]| < 2^19, so that no product and no partial sum leaves 32 bits. Integer only: every
/// clone gives the same result.
int32_t xc_mixer_dot(const int32_t *restrict x, const int32_t *restrict w);

/// The mixer's training step over 16 lanes: w[i] += (x[i] * error + 2^13) >> 14, then clamped to
/// [-limit, limit]. Requires |x[i]| <= 2047 and |error| <= 2^16.
void xc_mixer_train(const int32_t *restrict x, int32_t *restrict w, int32_t error, int32_t limit);

/// Two dot products of the same inputs with two weight vectors (as `xc_mixer_dot`), into out[0] and out[1].
void xc_mixer_dot2(const int32_t *restrict x, const int32_t *restrict w1, const int32_t *restrict w2,
                   int32_t *restrict out);

/// Two training steps of the same inputs (as `xc_mixer_train`), each with its own error.
void xc_mixer_train2(const int32_t *restrict x, int32_t *restrict w1, int32_t error1, int32_t *restrict w2,
                     int32_t error2, int32_t limit);

#endif
