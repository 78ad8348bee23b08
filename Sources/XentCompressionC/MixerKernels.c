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

XC_CLONES void xc_mixer_dot2(const int32_t *x, const int32_t *w1, const int32_t *w2, int32_t *out) {
    int32_t sum1 = 0, sum2 = 0;
    for (int i = 0; i < XC_MIXER_WIDTH; i++) {
        sum1 += (x[i] * w1[i]) >> 4;
        sum2 += (x[i] * w2[i]) >> 4;
    }
    out[0] = sum1;
    out[1] = sum2;
}

XC_CLONES void xc_mixer_train2(const int32_t *x, int32_t *w1, int32_t error1, int32_t *w2, int32_t error2,
                               int32_t limit) {
    for (int i = 0; i < XC_MIXER_WIDTH; i++) {
        int32_t v1 = w1[i] + ((x[i] * error1 + (1 << 13)) >> 14);
        int32_t v2 = w2[i] + ((x[i] * error2 + (1 << 13)) >> 14);
        v1 = v1 > limit ? limit : v1;
        v1 = v1 < -limit ? -limit : v1;
        v2 = v2 > limit ? limit : v2;
        v2 = v2 < -limit ? -limit : v2;
        w1[i] = v1;
        w2[i] = v2;
    }
}
