// The logistic mixer's two vector operations (LogisticMixer.swift), compiled for AVX2 as well as the baseline and
// picked by the loader: 32-bit lane products need SSE4.1/AVX2's pmulld, which the baseline lacks. Integer
// arithmetic within the documented bounds, so every clone computes the same bits.
#include "XentCompressionC.h"

#if defined(__x86_64__) && defined(__ELF__) && !defined(__APPLE__) && defined(__clang__)
#define XC_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define XC_CLONES
#endif

XC_CLONES int32_t xc_mixer_dot(const int32_t *x, const int32_t *w) {
    int32_t sum = 0;
    for (int i = 0; i < XC_MIXER_WIDTH; i++) {
        sum += (x[i] * w[i]) >> 4;
    }
    return sum;
}

XC_CLONES void xc_mixer_train(const int32_t *x, int32_t *w, int32_t error, int32_t limit) {
    for (int i = 0; i < XC_MIXER_WIDTH; i++) {
        int32_t v = w[i] + ((x[i] * error + (1 << 13)) >> 14);
        v = v > limit ? limit : v;
        v = v < -limit ? -limit : v;
        w[i] = v;
    }
}
