// XentKernelsC: the hot loops of XentKernels, in C so that one default build carries an SSE2, an AVX2+FMA and an
// AVX-512 version of each, chosen at load time (GCC/Clang `target_clones`, on x86-64 ELF platforms). Elsewhere the
// same source compiles once for the target's baseline. These are unchecked entry points: XentKernels wraps them
// with validated Swift APIs; callers here guarantee sizes, valid pointers and label ranges.
#ifndef XENT_KERNELS_C_H
#define XENT_KERNELS_C_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/// Elements per partial sum written by the binary cross-entropy kernels.
#define XK_BCE_BLOCK 4096

/// The instruction set the dispatched kernels run with: 4 (x86-64-v4, AVX-512), 3 (x86-64-v3, AVX2 + FMA),
/// 1 (x86-64 baseline, SSE2) or 0 (not x86-64: the platform's baseline).
int xk_dispatch_level(void);

/// The register tile height of the panel products behind the fused linear + cross-entropy: 12 when the kernels run
/// the AVX-512 clone, else 6. xk_set_panel_tile_rows(6 or 12) forces one (for tests: both give the same bits);
/// any other value restores the default.
int xk_panel_tile_rows(void);
void xk_set_panel_tile_rows(int rows);

/// How softmax cross-entropy schedules a batch beyond the caches (at least 4 MiB of gradient) whose rows hold at
/// most 32 768 floats or 16 384 doubles: 0 (the default) by timing the three schedules on the rows of the first such
/// calls (three rounds of six samples) for each quarter octave of the row length and keeping the fastest for the
/// process, 1 pipelined (each row's
/// gradient written during the next row's exp loop), 2 two passes per row with streaming stores, 3 three rows in one
/// loop (a row's exps, the maximum of the row two ahead, the previous row's gradient with streaming stores), 4 timing
/// the three on every call without keeping anything. All give the same bits; xk_set_softmax_ce_schedule sets one
/// (for tests), any other value restores 0.
int xk_softmax_ce_schedule(void);
void xk_set_softmax_ce_schedule(int schedule);

/// Claims the next unit of shared work: atomically adds 1 to *next and returns its previous value (relaxed order:
/// the caller's join publishes the work). For splitters whose threads take chunks as they finish the last one.
long xk_claim_next(long *next);

// Throughput probes for `xent bench` (n a multiple of 16 for float, 8 for double; the data stays in L1 when n is
// small): the sum of e^x (x <= 0; the reference exp of the ceiling, see CeilingProbeTemplate.h) or of ln x (x > 0)
// over n values, reps times.
double xk_probe_exp_f32(const float *x, long n, long reps);
double xk_probe_exp_f64(const double *x, long n, long reps);
double xk_probe_log_f32(const float *x, long n, long reps);
double xk_probe_log_f64(const double *x, long n, long reps);
/// Copies n floats (a multiple of 16) from src to dst (64-byte aligned) with vector loads and streaming stores, then
/// a store fence: `xent bench` times it next to memcpy for the copy bound.
void xk_probe_stream_copy(const float *src, float *dst, long n);

// Elementwise (out may alias x).
void xk_exp_f32(const float *x, float *out, long n);
void xk_exp_f64(const double *x, double *out, long n);
void xk_log_f32(const float *x, float *out, long n);
void xk_log_f64(const double *x, double *out, long n);
void xk_sigmoid_f32(const float *x, float *out, long n);
void xk_sigmoid_f64(const double *x, double *out, long n);

/// Softmax (log == 0) or log-softmax (log != 0) of each row of a [rows, k] matrix; out may alias x.
void xk_softmax_rows_f32(const float *x, float *out, long rows, long k, int log);
void xk_softmax_rows_f64(const double *x, double *out, long rows, long k, int log);

/// Softmax cross-entropy of each row of logits x [rows, k], in nats, with either sparse `labels` (targets NULL)
/// or dense `targets` [rows, k] (labels NULL). `weights` (NULL or k class weights), label `smoothing` in [0, 1],
/// `ignore_index` (sparse only: such rows give loss 0 and gradient 0; labels outside [0, k) are treated the same).
/// row_loss (NULL or rows values) gets each row's loss; grad (NULL or [rows, k], may alias x) gets
/// grad_scale * d loss_row / d x.
void xk_softmax_ce_f32(const float *x, long rows, long k, const int64_t *labels, const float *targets,
                       const float *weights, float smoothing, int64_t ignore_index, float grad_scale,
                       float *row_loss, float *grad);
void xk_softmax_ce_f64(const double *x, long rows, long k, const int64_t *labels, const double *targets,
                       const double *weights, double smoothing, int64_t ignore_index, double grad_scale,
                       double *row_loss, double *grad);

/// Binary cross-entropy with logits over n elements of a flattened [rows, k] batch starting at flat index
/// `first`; weights / pos_weights are NULL or k per-class values; targets smoothed to t (1 - s) + s / 2.
/// elem_loss (NULL or n) gets each element's loss, grad (NULL or n, may alias x or t) grad_scale * d loss / d x,
/// block_sums (ceil(n / XK_BCE_BLOCK) values) the sums of the loss over consecutive blocks of XK_BCE_BLOCK.
void xk_bce_logits_f32(const float *x, const float *t, long n, long k, long first, const float *weights,
                       const float *pos_weights, float smoothing, float grad_scale,
                       float *elem_loss, float *grad, double *block_sums);
void xk_bce_logits_f64(const double *x, const double *t, long n, long k, long first, const double *weights,
                       const double *pos_weights, double smoothing, double grad_scale,
                       double *elem_loss, double *grad, double *block_sums);

/// kind 0: entropy -sum p ln p of each row of p; kind 1: cross-entropy -sum p ln q; kind 2: KL sum p ln(p / q).
/// Nats; terms with p = 0 are 0. q is ignored (may be NULL) for kind 0. out gets rows values.
void xk_info_rows_f32(const float *p, const float *q, long rows, long k, int kind, double *out);
void xk_info_rows_f64(const double *p, const double *q, long rows, long k, int kind, double *out);

/// The nine taps of the dilated windows over `padded` (a series of `length` values with 4 * dilation zeros on each
/// side) as nine arrays of `length` floats in taps [9, length]: tap m at t is padded[t + m * dilation] - padded[t +
/// 4 * dilation] ("centred": the centre tap's array is then 0) when every value lies within [-limit, limit], else
/// padded[t + m * dilation]. The convolutions below have weights that sum to zero, so both give their outputs, and
/// the centred taps make a constant stretch give exactly 0 (the raw values leave a rounding residue of either sign).
/// Returns 1 when centred.
int xk_window_taps_f32(const float *padded, long length, long dilation, float limit, float *taps);

/// Dilated nine-tap convolutions with weights -1, and 2 at three taps per kernel (MiniRocket's kernels), over the
/// taps of xk_window_taps_f32 (centred within FLT_MAX / 32: |output| <= 12 max |x|). kernel_taps: kernel_count
/// triples of tap positions in 0...8. out [kernel_count, length]: out[k][t] = sum_m w_km taps[m][t]. alpha:
/// scratch of `length` values.
void xk_dilated_convolutions_f32(const float *taps, long length, const int32_t *kernel_taps, long kernel_count,
                                 float *alpha, float *out);

/// out[j] = (number of values > biases[j]) / count, for each of bias_count biases (0 when count is 0).
void xk_positive_proportions_f32(const float *values, long count, const float *biases, long bias_count,
                                 float *out);

/// MultiRocket's four pooling operators (Tan, Dempster, Bergmeir and Webb 2022) of `count` values for each of
/// bias_count biases, four floats per bias into out: with z = value - bias, the proportion of positive z (PPV), the
/// mean of the positive z (MPV, 0 when none), the mean index of the positive z (MIPV, -1 when none) and the longest
/// run of consecutive positive z (LSPV). The mean of z sums in float in order of t, the indices in integers, so
/// every clone gives the same bits.
void xk_multirocket_pooling_f32(const float *values, long count, const float *biases, long bias_count, float *out);

/// Hydra's competing kernels (Dempster, Schmidt and Webb 2023) for one group of kernel_count nine-tap kernels, over
/// the taps of xk_window_taps_f32 (centred within FLT_MAX / 4). weights: kernel_count rows of 9 taps, centred (they
/// sum to zero) with unit L1 norm. At each time step t the kernel with the largest output o_k(t) = sum_m w_km
/// taps[m][t] (the first on ties) adds that output to max_sums[k], and the kernel with the smallest adds 1 to
/// min_counts[k] (both accumulate onto what is there). outputs: scratch of (kernel_count + 2) * length floats;
/// winners: scratch of 2 * length int32s. Same bits in every run-time clone (no fused multiply-add; sums in fixed
/// lanes, the max sums in double and rounded to float once per call).
void xk_competing_kernels_f32(const float *taps, long length, const float *weights, long kernel_count,
                              float *outputs, int32_t *winners, float *max_sums, float *min_counts);

/// One AdamW step over `count` parameters (XentTraining's optimiser, float32): m = b1 m + (1 - b1) g,
/// v = b2 v + (1 - b2) g g, p -= decay * mask * p, p -= rate * (m / correction1) / (sqrt(v / correction2) + epsilon),
/// each operation rounded to float in that order (no fused multiply-add), so every clone gives the same bits.
void xk_adamw_update_f32(float *parameters, float *first, float *second, const float *gradients,
                         const float *decay_mask, long count, float beta1, float beta2, float epsilon,
                         float correction1, float correction2, float rate, float decay);

/// A dense layer's forward product for a narrow output (rows row_begin..<row_end of c[m x n] = a[m x k] b + bias,
/// with b given transposed, bt[n x k]): each output is a dot product in 8 lanes (lane l sums the terms q = l mod 8 in
/// order), the lanes added in order from 0, then the tail in order, then the bias (NULL for none). No fused
/// multiply-add: the same bits in every clone.
void xk_dense_narrow_f32(const float *a, const float *bt, float *c, long row_begin, long row_end, long k, long n,
                         const float *bias);

/// A dense layer's weight gradient for a narrow output: rows column_begin..<column_end of c[k x n] = a^T b for
/// a[m x k], b[m x n], over blocks of 512 rows of c held in `accumulators` (n * 512 floats of scratch), the sum over
/// the m rows in order. No fused multiply-add: the same bits in every clone.
void xk_weight_gradient_narrow_f32(const float *a, const float *b, float *c, long m, long k, long n,
                                   long column_begin, long column_end, float *accumulators);

/// The general dense product of XentTraining (rows row_begin..<row_end of c[. x n]):
/// c[r, j] = bias[j] + sum_q x[r * row_stride + q * depth_stride] * y[q * n + j], the sum over q ascending from the
/// bias (or 0 when bias is NULL), in register blocks of 4 rows. No fused multiply-add: the same bits in every clone.
void xk_matrix_block_f32(const float *x, long row_stride, long depth_stride, long depth, const float *y, long n,
                         float *c, const float *bias, long row_begin, long row_end);

/// Rows row_begin..<row_end of the Gram matrix g [n x n] = x x^T of x [n x p] (float), in double: for each row i
/// the entries j <= i, written to g[i, j] and g[j, i]. Each entry sums the exact double products of its p terms in
/// four lanes (lane l the terms q = l mod 4, in order), the lanes added (0 + 1) + (2 + 3), then the tail in order:
/// the same bits in every clone and for any split of the rows.
void xk_gram_rows_f32(const float *x, long n, long p, long row_begin, long row_end, double *g);

/// Rows column_begin..<column_end of w [p x k] = x^T a for x [n x p] (float) and a [n x k] (double), each entry
/// summed over i ascending in double.
void xk_transpose_product_f32(const float *x, long n, long p, const double *a, long k, long column_begin,
                              long column_end, double *w);

/// A piece of work over the indices begin..<end of a range whose indices are independent of one another.
typedef void (*xk_parallel_body)(void *arg, long begin, long end);
/// Runs `body(arg, begin, end)` over a split of 0..<count into ranges (any split, on any threads) and returns when
/// every range is done.
typedef void (*xk_parallel_for)(void *context, long count, xk_parallel_body body, void *arg);

/// Applies `count` plane rotations in order to the rows of vt [n x n] (row-major): rotation r, with c = cs[2r] and
/// s = cs[2r + 1], maps rows i = rows[r] and i + 1 to (c a - s b, s a + c b) on the columns
/// column_begin..<column_end. Each column is independent: any split of the columns gives the same bits.
void xk_apply_rotations_f64(double *vt, long n, const int64_t *rows, const double *cs, long count, long column_begin,
                            long column_end);

/// The eigendecomposition of the symmetric matrix a [n x n] (row-major, double): Householder tridiagonalisation
/// then implicit QL iterations (the EISPACK tred2/tql2 scheme). On return `values` holds the n eigenvalues in
/// ascending order and row k of `a` the unit eigenvector of values[k]. scratch: 2n doubles. The work that splits
/// into independent columns (the rank-2 updates and the accumulation of the tridiagonalisation, the QL rotations
/// of the eigenvectors, logged and applied in batches) goes through `parallel` (with `context`); NULL runs it here.
/// Returns 0, or -1 when the iterations did not converge (60 per eigenvalue). Same bits in every clone and for any
/// `parallel` that runs every range it is given.
int xk_symmetric_eigen_f64(double *a, long n, double *values, double *scratch, xk_parallel_for parallel,
                           void *context);

// MARK: Fused linear + softmax cross-entropy (XentLosses' linearCrossEntropy), one block of tokens at a time.
// A block holds tbp tokens (a multiple of 16; the first tb real, the rest zero hidden rows) and its logits
// vocabulary-major: logits[v * tbp + t]. Products use the register-blocked micro-kernel of PanelProductTemplate.h:
// each output is one multiply-add chain in a fixed order, so any split of the ranges below between threads gives
// the same bits.

/// The block's hidden rows hidden [tb x d] (zeros for the tokens tb..<tbp) packed twice, in panels of L lanes
/// (16 float, 8 double) for the two products that read them by rows: token_panels (tbp * d values) holds, for
/// each L tokens, their d columns one after the other (L values each); column_panels (ceil(d / L) * L * tbp values)
/// holds, for each L hidden columns (zero-padded), the tbp tokens one after the other (L values each).
void xk_lce_pack_hidden_f32(const float *hidden, long tb, long d, long tbp, float *token_panels,
                            float *column_panels);
void xk_lce_pack_hidden_f64(const double *hidden, long tb, long d, long tbp, double *token_panels,
                            double *column_panels);

/// Rows v_begin..<v_end of the block's logits: logits[v * tbp + t] = bias[v] (0 when bias is NULL)
/// + sum_q weights[v * d + q] * hidden[t, q] (token_panels from xk_lce_pack_hidden).
void xk_lce_logits_f32(const float *weights, long d, const float *bias, const float *token_panels, long tbp,
                       long v_begin, long v_end, float *logits);
void xk_lce_logits_f64(const double *weights, long d, const double *bias, const double *token_panels, long tbp,
                       long v_begin, long v_end, double *logits);

/// For tokens t_begin..<t_end (multiples of 16): max_out[t] = max_v logits, log_sum[t] = ln sum_v e^(z - max)
/// (the sum in double), label_logit[t] = the logit of labels[t] (0 outside 0..<vocab) and, when `weighted`,
/// weighted_sum[t] = sum_v w_v (z - max) in double (w = class_weights, or 1 when NULL).
void xk_lce_row_stats_f32(const float *logits, long vocab, long tbp, long t_begin, long t_end,
                          const int64_t *labels, const float *class_weights, int weighted, float *max_out,
                          double *log_sum, float *label_logit, double *weighted_sum);
void xk_lce_row_stats_f64(const double *logits, long vocab, long tbp, long t_begin, long t_end,
                          const int64_t *labels, const double *class_weights, int weighted, double *max_out,
                          double *log_sum, double *label_logit, double *weighted_sum);

/// Rows v_begin..<v_end of the logits become the gradient with respect to the logits, in place:
/// g = softmax_scale[t] * e^((z - max_in[t]) - log_sum[t]) - weight_scale[t] * w_v - [v == labels[t]] label_scale[t];
/// then bias_grad[v] += the sum of g over the block (in W lanes, then the lanes in order; the padded
/// tokens give exact zeros) and weights_grad[v, :] += sum_t g[v, t]
/// hidden[t, :] (column_panels from xk_lce_pack_hidden), each when not NULL. The per-token arrays hold tbp values.
void xk_lce_gradient_f32(float *logits, long tbp, long tb, long v_begin, long v_end, const float *max_in,
                         const float *log_sum, const float *softmax_scale, const float *weight_scale,
                         const float *class_weights, const int64_t *labels, const float *label_scale,
                         const float *column_panels, long d, float *weights_grad, float *bias_grad);
void xk_lce_gradient_f64(double *logits, long tbp, long tb, long v_begin, long v_end, const double *max_in,
                         const double *log_sum, const double *softmax_scale, const double *weight_scale,
                         const double *class_weights, const int64_t *labels, const double *label_scale,
                         const double *column_panels, long d, double *weights_grad, double *bias_grad);

/// Columns col_begin..<col_end of hidden_grad [tb x d] = sum_v grad[v * tbp + t] * weights[v * d + q] (written, not
/// accumulated), summed in blocks of 256 values of v, each block's sum added to the total in order.
void xk_lce_hidden_gradient_f32(const float *grad, long tbp, long tb, long vocab, const float *weights, long d,
                                long col_begin, long col_end, float *hidden_grad);
void xk_lce_hidden_gradient_f64(const double *grad, long tbp, long tb, long vocab, const double *weights, long d,
                                long col_begin, long col_end, double *hidden_grad);

#ifdef __cplusplus
}
#endif

#include "XentRowKernels.h"

#endif
