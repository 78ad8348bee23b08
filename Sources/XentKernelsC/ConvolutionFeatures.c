// The two hot loops of the MiniRocket-style convolution features (XentTraining's ConvolutionFeatures): the
// dilated nine-tap convolutions with weights in {-1, 2}, and the proportion of positive values (PPV) of each
// output against many biases. Plain loops written for the vectoriser; each runs in the clone for the CPU.
#include "XentKernelsC.h"
#include "VectorMath.h"
#include <float.h>
#include <math.h>
#include <string.h>

XK_CLONES
int xk_window_taps_f32(const float *padded, long length, long dilation, float limit, float *taps) {
    // Both kinds of kernel have weights that sum to zero, so their outputs are also sums over x_m - x_4: taken that
    // way, a constant stretch gives exactly 0, as the definition says, where summing the raw values leaves a
    // rounding residue of either sign (for a constant 100000.3 MiniRocket's raw sum gave -0.125), on which the
    // biases drawn on such stretches then split the series, or which picks Hydra's winning kernel at random.
    int centred = 1;
    for (long i = 0; i < length + 8 * dilation; i++) centred &= (padded[i] <= limit) & (padded[i] >= -limit);
    const float *centre = padded + 4 * dilation;
    for (long m = 0; m < 9; m++) {
        const float *p = padded + m * dilation;
        float *d = taps + m * length;
        if (!centred) {
            for (long t = 0; t < length; t++) d[t] = p[t];
        } else if (m == 4) {
            for (long t = 0; t < length; t++) d[t] = 0.0f;
        } else {
            for (long t = 0; t < length; t++) d[t] = p[t] - centre[t];
        }
    }
    return centred;
}

XK_CLONES
void xk_dilated_convolutions_f32(const float *taps, long length, const int32_t *kernel_taps, long kernel_count,
                                 float *alpha, float *out) {
    // alpha[t] = -(sum of the nine taps); a kernel adds 3 x at its three "2" taps (2 = -1 + 3).
    for (long t = 0; t < length; t++) alpha[t] = 0.0f;
    for (long m = 0; m < 9; m++) {
        const float *p = taps + m * length;
        for (long t = 0; t < length; t++) alpha[t] -= p[t];
    }
    for (long k = 0; k < kernel_count; k++) {
        const float *a = taps + kernel_taps[3 * k] * length;
        const float *b = taps + kernel_taps[3 * k + 1] * length;
        const float *c = taps + kernel_taps[3 * k + 2] * length;
        float *o = out + k * length;
        for (long t = 0; t < length; t++) o[t] = alpha[t] + 3.0f * ((a[t] + b[t]) + c[t]);
    }
}

XK_CLONES
void xk_positive_proportions_f32(const float *values, long count, const float *biases, long bias_count,
                                 float *out) {
    const float scale = count > 0 ? 1.0f / (float)count : 0.0f;
    for (long j = 0; j < bias_count; j++) {
        const float bias = biases[j];
        int32_t above = 0;
        for (long t = 0; t < count; t++) above += values[t] > bias;
        out[j] = (float)above * scale;
    }
}

// Hydra's competing kernels. Products and sums are kept apart (no fused multiply-add) so that every clone, with or
// without FMA, gives the same bits; the sums over time run in 16 fixed lanes (the max sums in double) for the same
// reason.
XK_CLONES
void xk_competing_kernels_f32(const float *taps, long length, const float *weights, long kernel_count,
                              float *outputs, int32_t *winners, float *max_sums, float *min_counts) {
#pragma clang fp contract(off)
    if (length <= 0 || kernel_count <= 0) return;
    // o_k(t) = (((0 + w_0 x_0) + w_1 x_1) + ...) + w_8 x_8, the nine taps summed in order in a register. Where the
    // taps are centred (xk_window_taps_f32), a constant stretch gives 0 for every kernel, and the first kernel wins
    // there, as on any tie.
    const float *p0 = taps, *p1 = taps + length, *p2 = taps + 2 * length, *p3 = taps + 3 * length,
                *p4 = taps + 4 * length, *p5 = taps + 5 * length, *p6 = taps + 6 * length, *p7 = taps + 7 * length,
                *p8 = taps + 8 * length;
    for (long k = 0; k < kernel_count; k++) {
        float *o = outputs + k * length;
        const float *w = weights + 9 * k;
        const float w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3], w4 = w[4], w5 = w[5], w6 = w[6], w7 = w[7],
                    w8 = w[8];
        for (long t = 0; t < length; t++) {
            float acc = 0.0f + w0 * p0[t];
            acc = acc + w1 * p1[t];
            acc = acc + w2 * p2[t];
            acc = acc + w3 * p3[t];
            acc = acc + w4 * p4[t];
            acc = acc + w5 * p5[t];
            acc = acc + w6 * p6[t];
            acc = acc + w7 * p7[t];
            acc = acc + w8 * p8[t];
            // |o| <= 2 max |x| (unit L1 norm; centred taps are within twice the values), so only values near the
            // float range can overflow: keep it finite.
            o[t] = acc > FLT_MAX ? FLT_MAX : (acc < -FLT_MAX ? -FLT_MAX : acc);
        }
    }
    // Per time step: the largest output and its kernel (first on ties), and the smallest's kernel.
    float *best = outputs + kernel_count * length;
    float *worst = best + length;
    int32_t *best_index = winners;
    int32_t *worst_index = winners + length;
    for (long t = 0; t < length; t++) {
        best[t] = outputs[t];
        worst[t] = outputs[t];
        best_index[t] = 0;
        worst_index[t] = 0;
    }
    for (long k = 1; k < kernel_count; k++) {
        const float *o = outputs + k * length;
        for (long t = 0; t < length; t++) {
            const float v = o[t];
            const int larger = v > best[t];
            const int smaller = v < worst[t];
            best_index[t] = larger ? (int32_t)k : best_index[t];
            best[t] = larger ? v : best[t];
            worst_index[t] = smaller ? (int32_t)k : worst_index[t];
            worst[t] = smaller ? v : worst[t];
        }
    }
    // The max sums run in double: a sum of `length` outputs near the float range stays finite (and never inf − inf).
    for (long k = 0; k < kernel_count; k++) {
        double sums[16] = {0};
        int32_t counts[16] = {0};
        long t = 0;
        for (; t + 16 <= length; t += 16) {
            for (int l = 0; l < 16; l++) {
                sums[l] += best_index[t + l] == k ? (double)best[t + l] : 0.0;
                counts[l] += worst_index[t + l] == k;
            }
        }
        for (int l = 0; t + l < length; l++) {
            sums[l] += best_index[t + l] == k ? (double)best[t + l] : 0.0;
            counts[l] += worst_index[t + l] == k;
        }
        double s = 0.0;
        int32_t c = 0;
        for (int l = 0; l < 16; l++) {
            s += sums[l];
            c += counts[l];
        }
        max_sums[k] = (float)((double)max_sums[k] + s);
        min_counts[k] += (float)c;
    }
}

typedef float xk_pool_v8f __attribute__((vector_size(32)));
typedef int32_t xk_pool_v8i __attribute__((vector_size(32)));

XK_CLONES
void xk_multirocket_pooling_f32(const float *values, long count, const float *biases, long bias_count, float *out) {
#pragma clang fp contract(off)
    long b = 0;
    // Eight biases at once, one pass over the values: lane l follows bias b + l exactly as the scalar loop below
    // (for series longer than 46340 values) does (a non-positive z adds +0.0f or 0, which changes no sum), so the bits are the same. The index sums are
    // exact in int32 while count ≤ 46340 (count² / 2 < 2³¹); longer series take the scalar loop.
    // A last block of fewer than eight biases is padded with +inf (no positive z), which fills the unused lanes.
    if (count <= 46340) {
        for (; b < bias_count; b += 8) {
            const long lanes = bias_count - b < 8 ? bias_count - b : 8;
            xk_pool_v8f bias = {INFINITY, INFINITY, INFINITY, INFINITY, INFINITY, INFINITY, INFINITY, INFINITY};
            memcpy(&bias, biases + b, (size_t)lanes * sizeof(float));
            xk_pool_v8i positives = {0}, run = {0}, longest = {0}, index_sum = {0};
            xk_pool_v8f sum = {0};
            for (long t = 0; t < count; t++) {
                const xk_pool_v8f z = values[t] - bias;
                const xk_pool_v8i m = z > 0;
                positives -= m;
                sum += (xk_pool_v8f)((xk_pool_v8i)z & m);
                index_sum += (int32_t)t & m;
                run = (run + 1) & m;
                longest += (run - longest) & (run > longest);
            }
            for (int l = 0; l < lanes; l++) {
                float *o = out + 4 * (b + l);
                o[0] = count > 0 ? (float)positives[l] / (float)count : 0.0f;
                // Outputs near the float range can sum to +inf: keep the mean finite (z > 0, so never NaN).
                o[1] = positives[l] > 0 ? fminf(sum[l] / (float)positives[l], FLT_MAX) : 0.0f;
                o[2] = positives[l] > 0 ? (float)((double)index_sum[l] / (double)positives[l]) : -1.0f;
                o[3] = (float)longest[l];
            }
        }
    }
    for (; b < bias_count; b++) {
        const float bias = biases[b];
        long positives = 0, run = 0, longest = 0, index_sum = 0;
        float sum = 0.0f;
        for (long t = 0; t < count; t++) {
            const float z = values[t] - bias;
            if (z > 0) {
                positives++;
                sum += z;
                index_sum += t;
                run++;
                if (run > longest) longest = run;
            } else {
                run = 0;
            }
        }
        float *o = out + 4 * b;
        o[0] = count > 0 ? (float)positives / (float)count : 0.0f;
        o[1] = positives > 0 ? fminf(sum / (float)positives, FLT_MAX) : 0.0f;
        o[2] = positives > 0 ? (float)((double)index_sum / (double)positives) : -1.0f;
        o[3] = (float)longest;
    }
}
