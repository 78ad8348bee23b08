// The logistic mixer's two vector operations (LogisticMixer.swift), compiled for AVX2 as well as the baseline and
// picked by the loader: 32-bit lane products need SSE4.1/AVX2's pmulld, which the baseline lacks. Integer
// arithmetic within the documented bounds, so every clone computes the same bits.
#include "XentCompressionC.h"

#if defined(__x86_64__) && defined(__ELF__) && !defined(__APPLE__) && defined(__clang__)
#define XC_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define XC_CLONES
#endif

XC_CLONES int32_t xc_mixer_dot(const int32_t *restrict x, const int32_t *restrict w) {
    int32_t sum = 0;
    for (int i = 0; i < XC_MIXER_WIDTH; i++) {
        sum += (x[i] * w[i]) >> 4;
    }
    return sum;
}

XC_CLONES void xc_mixer_train(const int32_t *restrict x, int32_t *restrict w, int32_t error, int32_t limit) {
    for (int i = 0; i < XC_MIXER_WIDTH; i++) {
        int32_t v = w[i] + ((x[i] * error + (1 << 13)) >> 14);
        v = v > limit ? limit : v;
        v = v < -limit ? -limit : v;
        w[i] = v;
    }
}

XC_CLONES void xc_mixer_dot2(const int32_t *restrict x, const int32_t *restrict w1, const int32_t *restrict w2,
                             int32_t *restrict out) {
    // The inputs were just written one lane at a time: read them one lane at a time too (a wide load of several
    // narrow stores still in flight cannot be forwarded and waits for them to reach the cache).
    const volatile int32_t *lane = x;
    typedef int32_t xc_v8 __attribute__((vector_size(32)));
    xc_v8 lo = {lane[0], lane[1], lane[2], lane[3], lane[4], lane[5], lane[6], lane[7]};
    xc_v8 hi = {lane[8], lane[9], lane[10], lane[11], lane[12], lane[13], lane[14], lane[15]};
    xc_v8 a1, a2, b1, b2;
    __builtin_memcpy(&a1, w1, 32);
    __builtin_memcpy(&b1, w1 + 8, 32);
    __builtin_memcpy(&a2, w2, 32);
    __builtin_memcpy(&b2, w2 + 8, 32);
    xc_v8 s1 = ((lo * a1) >> 4) + ((hi * b1) >> 4);
    xc_v8 s2 = ((lo * a2) >> 4) + ((hi * b2) >> 4);
    // Lanes 0-3 of s1 + s1's upper half, then pairwise: lane 0 of the result is sum1, lane 4 is sum2.
    xc_v8 h = __builtin_shufflevector(s1, s2, 0, 1, 2, 3, 8, 9, 10, 11) + __builtin_shufflevector(s1, s2, 4, 5, 6, 7, 12, 13, 14, 15);
    h = h + __builtin_shufflevector(h, h, 2, 3, 0, 1, 6, 7, 4, 5);
    h = h + __builtin_shufflevector(h, h, 1, 0, 3, 2, 5, 4, 7, 6);
    out[0] = h[0];
    out[1] = h[4];
}

XC_CLONES void xc_mixer_train2(const int32_t *restrict x, int32_t *restrict w1, int32_t error1, int32_t *restrict w2,
                               int32_t error2, int32_t limit) {
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
