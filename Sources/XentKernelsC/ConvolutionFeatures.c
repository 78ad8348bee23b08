// The two hot loops of the MiniRocket-style convolution features (XentTraining's ConvolutionFeatures): the
// dilated nine-tap convolutions with weights in {-1, 2}, and the proportion of positive values (PPV) of each
// output against many biases. Plain loops written for the vectoriser; each runs in the clone for the CPU.
#include "XentKernelsC.h"
#include "VectorMath.h"

XK_CLONES
void xk_dilated_convolutions_f32(const float *padded, long length, long dilation, const int32_t *kernel_taps,
                                 long kernel_count, float *alpha, float *out) {
    // alpha[t] = -(sum of the nine taps); a kernel adds 3 x at its three "2" taps (2 = -1 + 3).
    for (long t = 0; t < length; t++) alpha[t] = 0.0f;
    for (long m = 0; m < 9; m++) {
        const float *p = padded + m * dilation;
        for (long t = 0; t < length; t++) alpha[t] -= p[t];
    }
    for (long k = 0; k < kernel_count; k++) {
        const float *a = padded + (long)kernel_taps[3 * k] * dilation;
        const float *b = padded + (long)kernel_taps[3 * k + 1] * dilation;
        const float *c = padded + (long)kernel_taps[3 * k + 2] * dilation;
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
