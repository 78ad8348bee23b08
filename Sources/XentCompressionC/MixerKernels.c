// The logistic mixer's vector operations for LogisticMixer.swift, compiled for AVX2 as well as the baseline and
// picked by the loader: 32-bit lane products need SSE4.1/AVX2's pmulld, which the baseline lacks. The arithmetic is
// MixerLanes.h's, which the context-mixing model's per-bit path (ContextMixingBits.c) shares.
#include "MixerLanes.h"
#include "Clones.h"

XC_CLONES int32_t xc_mixer_dot(const int32_t *restrict x, const int32_t *restrict w) {
    xc_lanes8 lo, hi;
    xc_lanes_load(x, &lo, &hi);
    int32_t sums[2];
    xc_lanes_dot2(&lo, &hi, w, w, sums);
    return sums[0];
}

XC_CLONES void xc_mixer_train(const int32_t *restrict x, int32_t *restrict w, int32_t error, int32_t limit) {
    xc_lanes_train(x, w, error, limit);
}
