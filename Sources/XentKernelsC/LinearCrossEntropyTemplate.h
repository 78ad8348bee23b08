// The fused linear + softmax cross-entropy kernels, written once for a scalar type (see LinearCrossEntropyFloat.c
// and LinearCrossEntropyDouble.c for the bindings). XentLosses' `linearCrossEntropy` drives them one block of
// tokens at a time; the header XentKernelsC.h documents each entry point.
//
// The logits of a block live vocabulary-major, logits[v * tbp + t] (tbp tokens, a multiple of 16, padded with zero
// hidden rows), so that the statistics of 16 (float) or 8 (double) tokens run in the lanes of one vector, and each of
// the three products reads its operands where they lie: logits = W h^T (W by broadcasts, h^T as rows), dW += G h
// (G by broadcasts, h as rows), dH = G^T W (G by broadcasts, W as rows).

#include <stdlib.h>

#include "PanelProductTemplate.h"

#ifndef XK_LCE_MC
#define XK_LCE_MC 96
#endif

XK_CLONES void SFX(xk_lce_pack_hidden)(const T *hidden, long tb, long d, long tbp, T *token_panels,
                                       T *column_panels) {
    for (long t = 0; t < tbp; t++) {
        for (long q = 0; q < d; q++) {
            const T x = t < tb ? hidden[t * d + q] : (T)0;
            token_panels[(t / W) * d * W + q * W + t % W] = x;
            column_panels[(q / W) * tbp * W + t * W + q % W] = x;
        }
        for (long q = d; q % W != 0; q++) column_panels[(q / W) * tbp * W + t * W + q % W] = 0;
    }
}

XK_CLONES void SFX(xk_lce_logits)(const T *weights, long d, const T *bias, const T *token_panels, long tbp,
                                  long v_begin, long v_end, T *logits) {
    SFX(xk_pp_product)(v_end - v_begin, tbp, d, weights + v_begin * d, d, 1, token_panels, W, d, 0,
                       logits + v_begin * tbp, tbp, bias ? bias + v_begin : NULL, 0, XK_LCE_MC, NULL);
}

// The statistics walk the logits row by row (one vocabulary entry's tokens are contiguous), keeping the running
// maxima and sums of the range's tokens in small arrays: each token still meets its logits in vocabulary order, so
// the results are those of a per-token loop, but memory is read in order instead of one cache line per row.
#define XK_LCE_STATS_GROUPS 8

XK_CLONES void SFX(xk_lce_row_stats)(const T *logits, long vocab, long tbp, long t_begin, long t_end,
                                     const int64_t *labels, const T *class_weights, int weighted,
                                     T *max_out, double *log_sum, T *label_logit, double *weighted_sum) {
    for (long t0 = t_begin; t0 < t_end; t0 += XK_LCE_STATS_GROUPS * W) {
        const long groups = (t_end - t0) / W < XK_LCE_STATS_GROUPS ? (t_end - t0) / W : XK_LCE_STATS_GROUPS;
        V m[XK_LCE_STATS_GROUPS];
        ACCV s[XK_LCE_STATS_GROUPS], ws[XK_LCE_STATS_GROUPS];
        for (long g = 0; g < groups; g++) {
            m[g] = LOAD(logits + t0 + g * W);
            s[g] = (ACCV){0};
            ws[g] = (ACCV){0};
        }
        for (long v = 1; v < vocab; v++) {
            const T *row = logits + v * tbp + t0;
            for (long g = 0; g < groups; g++) m[g] = VMAX(LOAD(row + g * W), m[g]);
        }
        for (long v = 0; v < vocab; v++) {
            const T *row = logits + v * tbp + t0;
            if (weighted) {
                const double w = (double)(class_weights ? class_weights[v] : (T)1);
                for (long g = 0; g < groups; g++) {
                    const V z = LOAD(row + g * W) - m[g];
                    s[g] += TOACC(VEXP(z));
                    ws[g] += TOACC(z) * w;
                }
            } else {
                for (long g = 0; g < groups; g++) s[g] += TOACC(VEXP(LOAD(row + g * W) - m[g]));
            }
        }
        for (long g = 0; g < groups; g++) {
            const long t = t0 + g * W;
            STORE(max_out + t, m[g]);
            for (long i = 0; i < W; i++) {
                log_sum[t + i] = __builtin_log(s[g][i]);
                if (weighted) weighted_sum[t + i] = ws[g][i];
                const int64_t y = labels[t + i];
                label_logit[t + i] = y >= 0 && y < vocab ? logits[y * tbp + t + i] : (T)0;
            }
        }
    }
}

XK_CLONES void SFX(xk_lce_gradient)(T *logits, long tbp, long tb, long v_begin, long v_end, const T *max_in,
                                    const T *log_sum, const T *softmax_scale, const T *weight_scale,
                                    const T *class_weights, const int64_t *labels, const T *label_scale,
                                    const T *column_panels, long d, T *weights_grad, T *bias_grad) {
    // G's rows are packed per chunk (when there is room for it): read where they lie, tbp scalars apart, a tile's
    // rows would share L1 sets with each other and with the panel of h.
    T *a_pack = weights_grad ? malloc((size_t)(XK_LCE_MC + 11) / 12 * 12 * XK_PP_KC * sizeof(T)) : NULL;
    for (long vc = v_begin; vc < v_end; vc += XK_LCE_MC) {
        const long ve = vc + XK_LCE_MC < v_end ? vc + XK_LCE_MC : v_end;
        for (long v = vc; v < ve; v++) {
            T *row = logits + v * tbp;
            const T w = class_weights ? class_weights[v] : (T)1;
            for (long t = 0; t < tbp; t += W) {
                const V p = VEXP((LOAD(row + t) - LOAD(max_in + t)) - LOAD(log_sum + t));
                STORE(row + t, LOAD(softmax_scale + t) * p - LOAD(weight_scale + t) * w);
            }
        }
        for (long t = 0; t < tb; t++) {
            const int64_t y = labels[t];
            if (y >= vc && y < ve) logits[y * tbp + t] -= label_scale[t];
        }
        if (bias_grad) {
            for (long v = vc; v < ve; v++) {
                // Lanes over the block's tokens (the padded ones hold exact zeros), added in lane order.
                const T *row = logits + v * tbp;
                V s = LOAD(row);
                for (long t = W; t < tbp; t += W) s += LOAD(row + t);
                T total = 0;
                for (long i = 0; i < W; i++) total += s[i];
                bias_grad[v] += total;
            }
        }
        if (weights_grad) {
            SFX(xk_pp_product)(ve - vc, d, tb, logits + vc * tbp, tbp, 1, column_panels, W, tbp, 0,
                               weights_grad + vc * d, d, NULL, 1, XK_LCE_MC, a_pack);
        }
    }
    free(a_pack);
}

XK_CLONES void SFX(xk_lce_hidden_gradient)(const T *grad, long tbp, long tb, long vocab, const T *weights, long d,
                                           long col_begin, long col_end, T *hidden_grad) {
    const long mc = (tb + 11) / 12 * 12;  // every token in one cache block (a multiple of both tile heights)
    // G^T's terms lie tbp scalars apart: packed per block of terms (without room for it, read where they lie).
    T *a_pack = malloc((size_t)mc * XK_PP_KC * sizeof(T));
    SFX(xk_pp_product)(tb, col_end - col_begin, vocab, grad, 1, tbp, weights + col_begin, d, 0, 1,
                       hidden_grad + col_begin, d, NULL, 0, mc, a_pack);
    free(a_pack);
}
