// One-row primitives of XentKernelsC, for libraries (XentLosses) that walk rows themselves.
#ifndef XENT_ROW_KERNELS_H
#define XENT_ROW_KERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

/// Σ e^(x_j - shift) over one row of k values (terms summed in lanes over blocks, then in double).
double xk_row_sum_exp_f32(const float *x, long k, float shift);
double xk_row_sum_exp_f64(const double *x, long k, double shift);

/// One row: out_j = softmax_scale * e^((x_j - m) - log_sum) - coefficient_scale * a_j (a may be NULL), and at
/// j == label (when 0 <= label < k) that value minus label_scale. out may alias x (not a).
void xk_row_softmax_gradient_f32(const float *x, long k, float m, float log_sum, float softmax_scale, const float *a,
                                 float coefficient_scale, long label, float label_scale, float *out);
void xk_row_softmax_gradient_f64(const double *x, long k, double m, double log_sum, double softmax_scale,
                                 const double *a, double coefficient_scale, long label, double label_scale,
                                 double *out);

#ifdef __cplusplus
}
#endif

#endif
