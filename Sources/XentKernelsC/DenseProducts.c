// The narrow dense products of XentTraining's MatrixProducts (a classifier head: fewer than 16 outputs), in the
// clone for the CPU (a default Swift build compiles its loops for SSE2 only). Each output is summed in the order the
// Swift reference uses, with no fused multiply-add, so the result is the same bits in every clone and as the
// Swift loops they replace.
#include "XentKernelsC.h"
#include "VectorMath.h"

XK_CLONES
void xk_dense_narrow_f32(const float *a, const float *bt, float *c, long row_begin, long row_end, long k, long n,
                         const float *bias) {
#pragma clang fp contract(off)
    const long vector_depth = k - k % 8;
    for (long r = row_begin; r < row_end; r++) {
        const float *x = a + r * k;
        long j = 0;
        // Four outputs at once: four independent chains of 8 lanes (lane l sums the terms q = l mod 8 in order).
        for (; j + 4 <= n; j += 4) {
            float lanes[4][8] = {{0}};
            const float *y0 = bt + j * k, *y1 = y0 + k, *y2 = y1 + k, *y3 = y2 + k;
            for (long q = 0; q < vector_depth; q += 8) {
                for (int l = 0; l < 8; l++) {
                    const float xv = x[q + l];
                    lanes[0][l] = lanes[0][l] + xv * y0[q + l];
                    lanes[1][l] = lanes[1][l] + xv * y1[q + l];
                    lanes[2][l] = lanes[2][l] + xv * y2[q + l];
                    lanes[3][l] = lanes[3][l] + xv * y3[q + l];
                }
            }
            for (int o = 0; o < 4; o++) {
                const float *y = bt + (j + o) * k;
                float sum = 0.0f;
                for (int l = 0; l < 8; l++) sum = sum + lanes[o][l];
                for (long t = vector_depth; t < k; t++) sum = sum + x[t] * y[t];
                c[r * n + j + o] = sum + (bias ? bias[j + o] : 0.0f);
            }
        }
        for (; j < n; j++) {
            const float *y = bt + j * k;
            float lanes[8] = {0};
            for (long q = 0; q < vector_depth; q += 8) {
                for (int l = 0; l < 8; l++) lanes[l] = lanes[l] + x[q + l] * y[q + l];
            }
            float sum = 0.0f;
            for (int l = 0; l < 8; l++) sum = sum + lanes[l];
            for (long t = vector_depth; t < k; t++) sum = sum + x[t] * y[t];
            c[r * n + j] = sum + (bias ? bias[j] : 0.0f);
        }
    }
}

XK_CLONES
void xk_weight_gradient_narrow_f32(const float *a, const float *b, float *c, long m, long k, long n,
                                   long column_begin, long column_end, float *accumulators) {
#pragma clang fp contract(off)
    const long block = 512;
    for (long start = column_begin; start < column_end; start += block) {
        const long width = column_end - start < block ? column_end - start : block;
        for (long p = 0; p < n * block; p++) accumulators[p] = 0.0f;
        for (long i = 0; i < m; i++) {
            const float *x = a + i * k + start;
            for (long j = 0; j < n; j++) {
                const float scale = b[i * n + j];
                float *row = accumulators + j * block;
                for (long p = 0; p < width; p++) row[p] = row[p] + scale * x[p];
            }
        }
        for (long p = 0; p < width; p++) {
            for (long j = 0; j < n; j++) c[(start + p) * n + j] = accumulators[j * block + p];
        }
    }
}

// One register block: rows r..r+3 (x0..x3) of c, columns j..j+W-1, each sum in q order from the bias (or 0).
#define XK_BLOCK_COLUMNS(W)                                                                                    \
    do {                                                                                                       \
        float acc[4][W];                                                                                       \
        for (int l = 0; l < (W); l++) {                                                                        \
            const float start = bias ? bias[j + l] : 0.0f;                                                     \
            acc[0][l] = start;                                                                                 \
            acc[1][l] = start;                                                                                 \
            acc[2][l] = start;                                                                                 \
            acc[3][l] = start;                                                                                 \
        }                                                                                                      \
        for (long q = 0; q < depth; q++) {                                                                     \
            const float *v = y + q * n + j;                                                                    \
            const long o = q * depth_stride;                                                                   \
            const float a0 = x0[o], a1 = x1[o], a2 = x2[o], a3 = x3[o];                                        \
            for (int l = 0; l < (W); l++) {                                                                    \
                acc[0][l] = acc[0][l] + a0 * v[l];                                                             \
                acc[1][l] = acc[1][l] + a1 * v[l];                                                             \
                acc[2][l] = acc[2][l] + a2 * v[l];                                                             \
                acc[3][l] = acc[3][l] + a3 * v[l];                                                             \
            }                                                                                                  \
        }                                                                                                      \
        for (long h = 0; h < height; h++) {                                                                    \
            for (int l = 0; l < (W); l++) c[(r + h) * n + j + l] = acc[h][l];                                  \
        }                                                                                                      \
    } while (0)

XK_CLONES
void xk_matrix_block_f32(const float *x, long row_stride, long depth_stride, long depth, const float *y, long n,
                         float *c, const float *bias, long row_begin, long row_end) {
#pragma clang fp contract(off)
    for (long r = row_begin; r < row_end; r += 4) {
        const long height = row_end - r < 4 ? row_end - r : 4;
        const float *x0 = x + r * row_stride;
        const float *x1 = x0 + (height > 1 ? row_stride : 0);
        const float *x2 = x0 + (height > 2 ? 2 * row_stride : 0);
        const float *x3 = x0 + (height > 3 ? 3 * row_stride : 0);
        long j = 0;
        for (; j + 16 <= n; j += 16) XK_BLOCK_COLUMNS(16);
        for (; j + 8 <= n; j += 8) XK_BLOCK_COLUMNS(8);
        // The last n mod 8 columns one at a time, the four rows' sums as independent chains.
        for (; j < n; j++) {
            const float start = bias ? bias[j] : 0.0f;
            float s0 = start, s1 = start, s2 = start, s3 = start;
            for (long q = 0; q < depth; q++) {
                const float v = y[q * n + j];
                const long o = q * depth_stride;
                s0 = s0 + x0[o] * v;
                s1 = s1 + x1[o] * v;
                s2 = s2 + x2[o] * v;
                s3 = s3 + x3[o] * v;
            }
            const float sums[4] = {s0, s1, s2, s3};
            for (long h = 0; h < height; h++) c[(r + h) * n + j] = sums[h];
        }
    }
}
