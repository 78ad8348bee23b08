// Vector math shared by the kernel files: portable GCC/Clang vector types, selects, exp and log.
// The helpers are macros (statement expressions), not inline functions: clang rejects a call that passes a
// 512-bit vector between functions compiled for different instruction sets, even an always-inlined one, and
// each run-time clone of a kernel (see XK_CLONES) must compile these helpers for its own instruction set.
#ifndef XENT_KERNELS_VECTOR_MATH_H
#define XENT_KERNELS_VECTOR_MATH_H

#include <stdint.h>
#include <string.h>

#if defined(XK_CLONES)
// Set by a test build that compiles one instruction set only.
#elif defined(__x86_64__) && defined(__ELF__) && !defined(__APPLE__) && defined(__clang__)
// Run-time dispatch: the loader picks the best clone once (an ifunc resolver).
#define XK_CLONES __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define XK_CLONES
#endif

#define XK_INLINE static inline __attribute__((always_inline))

typedef float v16f __attribute__((vector_size(64), aligned(4)));
typedef int32_t v16i __attribute__((vector_size(64), aligned(4)));
typedef double v16d __attribute__((vector_size(128), aligned(8)));
typedef int64_t v16l __attribute__((vector_size(128), aligned(8)));
typedef double v8d __attribute__((vector_size(64), aligned(8)));
typedef float v16fa __attribute__((vector_size(64))); // 64-byte aligned, for streaming stores
typedef double v8da __attribute__((vector_size(64)));
typedef int64_t v8l __attribute__((vector_size(64), aligned(8)));

// MARK: float32

#define xk_load_f32(P) ({ v16f v_; memcpy(&v_, (P), sizeof v_); v_; })
#define xk_store_f32(P, X) ({ v16f s_ = (X); memcpy((P), &s_, sizeof s_); })
#define xk_splat_f32(X) ((v16f){0} + (float)(X))
#define xk_sel_f32(M, A, B) ({ v16i m_ = (M); (v16f)((m_ & (v16i)(A)) | (~m_ & (v16i)(B))); })
#define xk_max_f32(A, B) ({ v16f a_ = (A), b_ = (B); xk_sel_f32(a_ > b_, a_, b_); })
#define xk_min_f32(A, B) ({ v16f a_ = (A), b_ = (B); xk_sel_f32(a_ < b_, a_, b_); })

/// The reduction shared by the float exps: x = n ln 2 + r with n = round(x / ln 2) (into N_, as an integer vector)
/// and |r| <= ln(2)/2 (Cody-Waite: ln 2 split into 0.693359375, whose products with n are exact, and a tail); gives r.
#define xk_exp_reduce_f32(X_, N_) ({ v16f x_c = (X_); \
    const v16f magic_c = xk_splat_f32(12582912.0f); /* 1.5 * 2^23: adding it rounds to an integer */ \
    v16f t_c = x_c * 1.44269504088896341f + magic_c; \
    (N_) = (v16i)t_c - (v16i)magic_c; \
    v16f fn_c = t_c - magic_c; \
    v16f r_c = x_c - fn_c * 0.693359375f; \
    r_c - fn_c * -2.12194440e-4f; \
})

/// The core of the kernels' float exps: the reduction above, then e^r = 1 + r + r^2 P(r) with P of degree 4, a
/// minimax fit for relative error (3.1e-9, 0.05 ulp, on |r| <= ln(2)/2 before the coefficients are rounded to float;
/// Lawson-weighted least squares against mpmath). One multiply-add fewer than Cephes' degree-5 P (the reference
/// below), whose extra accuracy (5e-11) lies far beneath the float's rounding: measured over every float in
/// [-86, 86], both give e^x within 1.011 ulp (Cephes' 1.0103, this one 1.0095). The callers apply 2^n.
#define xk_exp_core_f32(X_, N_) ({ v16f r_c = xk_exp_reduce_f32((X_), (N_)); \
    v16f p_c = xk_splat_f32(1.381459878757596E-3f); \
    p_c = p_c * r_c + 8.368716575205326E-3f; \
    p_c = p_c * r_c + 4.166838899254799E-2f; \
    p_c = p_c * r_c + 1.666652113199234E-1f; \
    p_c = p_c * r_c + 4.999999403953552E-1f; \
    p_c * (r_c * r_c) + r_c + 1.0f; \
})

/// The reference core (the compute ceiling's exp, see xk_vexp_reference_f32): the same reduction, then Cephes'
/// expf polynomial, e^r = 1 + r + r^2 P(r) with P of degree 5.
#define xk_exp_cephes_core_f32(X_, N_) ({ v16f r_c = xk_exp_reduce_f32((X_), (N_)); \
    v16f p_c = xk_splat_f32(1.9875691500E-4f); \
    p_c = p_c * r_c + 1.3981999507E-3f; \
    p_c = p_c * r_c + 8.3334519073E-3f; \
    p_c = p_c * r_c + 4.1665795894E-2f; \
    p_c = p_c * r_c + 1.6666665459E-1f; \
    p_c = p_c * r_c + 5.0000001201E-1f; \
    p_c * (r_c * r_c) + r_c + 1.0f; \
})

/// e^x, within 2 ulp over the whole range: overflow to +inf above 88.72, gradual underflow to subnormals,
/// 0 below -103.97, NaN for NaN. Cody-Waite reduction by ln 2, the degree-4 minimax P of xk_exp_core_f32, and 2^n
/// applied as two exact powers of two so that subnormal results round once.
#define xk_vexp_f32(X_) ({ v16f x_e = (X_); \
    x_e = xk_sel_f32(x_e > 89.0f, xk_splat_f32(89.0f), x_e); \
    x_e = xk_sel_f32(x_e < -104.0f, xk_splat_f32(-104.0f), x_e); \
    v16i n_e; \
    v16f y_e = xk_exp_core_f32(x_e, n_e); \
    v16i n1_e = n_e >> 1; \
    v16i n2_e = n_e - n1_e; \
    v16f s1_e = (v16f)((n1_e + 127) << 23); \
    v16f s2_e = (v16f)((n2_e + 127) << 23); \
    y_e * s1_e * s2_e; \
})

/// The shared core of the float logs: ln(m 2^e) from f = m - 1 (m in [sqrt(1/2), sqrt(2))) and fe = e as a float,
/// with the Cephes degree-8 polynomial and ln 2 split in two parts.
#define xk_log_poly_f32(F_, FE_) ({ v16f f_p = (F_), fe_p = (FE_); \
    v16f z_p = f_p * f_p; \
    v16f p_p = xk_splat_f32(7.0376836292E-2f); \
    p_p = p_p * f_p - 1.1514610310E-1f; \
    p_p = p_p * f_p + 1.1676998740E-1f; \
    p_p = p_p * f_p - 1.2420140846E-1f; \
    p_p = p_p * f_p + 1.4249322787E-1f; \
    p_p = p_p * f_p - 1.6668057665E-1f; \
    p_p = p_p * f_p + 2.0000714765E-1f; \
    p_p = p_p * f_p - 2.4999993993E-1f; \
    p_p = p_p * f_p + 3.3333331174E-1f; \
    v16f y_p = p_p * f_p * z_p; \
    y_p = y_p + fe_p * -2.12194440e-4f; \
    y_p = y_p - 0.5f * z_p; \
    v16f r_p = f_p + y_p; \
    r_p = r_p + fe_p * 0.693359375f; \
    r_p; \
})

/// The mantissa split of the float logs for a normal x = m 2^e: gives f = m - 1 with m in [sqrt(1/2), sqrt(2)),
/// and e (as an integer vector, into E_) minus the already known exponent offset in E0_.
#define xk_log_split_f32(X_, E0_, E_) ({ v16i bits_s = (v16i)(X_); \
    v16i e_s = ((bits_s >> 23) & 0xff) - 126; \
    e_s = e_s - (E0_); \
    v16f m_s = (v16f)((bits_s & 0x007fffff) | 0x3f000000); /* [0.5, 1) */ \
    v16i small_s = m_s < 0.707106781186547524f; \
    e_s = e_s + small_s; /* small_s is -1 where true */ \
    m_s = xk_sel_f32(small_s, m_s + m_s, m_s); \
    (E_) = e_s; \
    m_s - 1.0f; \
})

/// ln x, within 2 ulp for all positive floats including subnormals; ln 0 = -inf, ln(+inf) = +inf,
/// NaN for negative input and NaN. Cephes polynomial on the mantissa in [sqrt(1/2), sqrt(2)).
#define xk_vlog_f32(X_) ({ v16f x0_l = (X_); \
    v16i sub_l = x0_l < 1.17549435e-38f; \
    v16f x_l = xk_sel_f32(sub_l, x0_l * 33554432.0f, x0_l); /* 2^25 */ \
    v16i e_l; \
    v16f f_l = xk_log_split_f32(x_l, sub_l & 25, e_l); \
    v16f r_l = xk_log_poly_f32(f_l, __builtin_convertvector(e_l, v16f)); \
    /* Specials: 0 -> -inf, +inf -> +inf, negative or NaN -> NaN. */ \
    r_l = xk_sel_f32(x0_l == 0.0f, xk_splat_f32(-__builtin_inff()), r_l); \
    r_l = xk_sel_f32(x0_l == __builtin_inff(), xk_splat_f32(__builtin_inff()), r_l); \
    r_l = xk_sel_f32(~(x0_l >= 0.0f), xk_splat_f32(__builtin_nanf("")), r_l); \
    r_l; \
})

/// ln x for 1 <= x <= 2 (as ln(1 + u) with u in [0, 1]): xk_vlog_f32 without subnormal and special cases.
#define xk_vlog1to2_f32(X_) ({ v16i e_l; \
    v16f f_l = xk_log_split_f32((X_), (v16i){0}, e_l); \
    xk_log_poly_f32(f_l, __builtin_convertvector(e_l, v16f)); \
})

/// e^x for -86 <= x <= 86 only (no clamps): the same bits as xk_vexp_f32 there. e^r lies in [0.70, 1.42] and
/// |n| <= 124, so every e^r 2^n is a normal float: scaling by 2^n is exact, and it is done by adding n to the
/// exponent field (an integer add where xk_vexp_reference_f32 multiplies: one multiply fewer per vector, on the
/// pipes the polynomial keeps busy).
#define xk_vexp_neg_normal_f32(X_) ({ v16i n_e; \
    v16f y_e = xk_exp_core_f32((X_), n_e); \
    (v16f)((v16i)y_e + (n_e << 23)); \
})

/// The reference exp of the kernels' compute ceiling (`xent bench`): a plain Cephes-style vector exp for
/// -86 <= x <= 86 — Cody-Waite reduction, Cephes' expf polynomial, then a multiply by 2^n formed as a float — the
/// exp the ceiling is defined by. Kept apart (its own polynomial, one multiply-add more than the kernels' exp) so
/// that the ceiling does not move when the kernels' own exp gets cheaper.
#define xk_vexp_reference_f32(X_) ({ v16i n_r; \
    v16f y_r = xk_exp_cephes_core_f32((X_), n_r); \
    y_r * (v16f)((n_r + 127) << 23); \
})

/// ln x for 1 <= x <= 2 with the same bits as xk_vlog1to2_f32: the exponent is 0 below sqrt 2 and 1 above,
/// so it is chosen by one comparison instead of being extracted from the bits.
#define xk_vlog1to2_fast_f32(X_) ({ v16f m0_l = (X_); \
    v16i big_l = (m0_l * 0.5f) >= 0.707106781186547524f; \
    v16f f_l = xk_sel_f32(big_l, m0_l * 0.5f - 1.0f, m0_l - 1.0f); \
    xk_log_poly_f32(f_l, xk_sel_f32(big_l, xk_splat_f32(1.0f), xk_splat_f32(0.0f))); \
})

/// ln x for normal positive finite x only (no subnormal scaling, no special cases): the same bits as xk_vlog_f32
/// there.
#define xk_vlog_normal_f32(X_) ({ v16i e_l; \
    v16f f_l = xk_log_split_f32((X_), (v16i){0}, e_l); \
    xk_log_poly_f32(f_l, __builtin_convertvector(e_l, v16f)); \
})

/// Whether every lane of X is a normal positive finite float (false for 0, subnormals, inf and NaN lanes).
#define xk_all_normal_f32(X_) ({ v16f a_n = (X_); \
    v16i out_n = ~((a_n >= 1.17549435e-38f) & (a_n <= 3.40282347e+38f)); \
    __builtin_reduce_or(out_n) == 0; \
})

/// Whether every lane of X lies in [-86, 86] (false for NaN lanes).
#define xk_all_within86_f32(X_) ({ v16f a_w = (X_); \
    v16i out_w = ~((a_w <= 86.0f) & (a_w >= -86.0f)); \
    __builtin_reduce_or(out_w) == 0; \
})

/// Eight floats of one row (an unaligned load or store): the unit of the 8 x 8 transposes of the small-k lane kernels.
typedef float v8f __attribute__((vector_size(32), aligned(4)));

/// Transposes the 8 x 8 block R[0..7] (R[r][j]) into C[0..7] (C[j][r] = R[r][j]): unpacks of row pairs, then
/// shuffles of 64-bit pairs, then 128-bit halves (AVX2: 24 shuffles for 64 elements; SSE2 and AVX-512 build the
/// same permutation from their own shuffles). Inline function on pointers (see the note at the top).
static inline __attribute__((always_inline)) void xk_transpose8_f32(const v8f *R, v8f *C) {
    v8f t0 = __builtin_shufflevector(R[0], R[1], 0, 8, 1, 9, 4, 12, 5, 13);
    v8f t1 = __builtin_shufflevector(R[0], R[1], 2, 10, 3, 11, 6, 14, 7, 15);
    v8f t2 = __builtin_shufflevector(R[2], R[3], 0, 8, 1, 9, 4, 12, 5, 13);
    v8f t3 = __builtin_shufflevector(R[2], R[3], 2, 10, 3, 11, 6, 14, 7, 15);
    v8f t4 = __builtin_shufflevector(R[4], R[5], 0, 8, 1, 9, 4, 12, 5, 13);
    v8f t5 = __builtin_shufflevector(R[4], R[5], 2, 10, 3, 11, 6, 14, 7, 15);
    v8f t6 = __builtin_shufflevector(R[6], R[7], 0, 8, 1, 9, 4, 12, 5, 13);
    v8f t7 = __builtin_shufflevector(R[6], R[7], 2, 10, 3, 11, 6, 14, 7, 15);
    v8f u0 = __builtin_shufflevector(t0, t2, 0, 1, 8, 9, 4, 5, 12, 13);
    v8f u1 = __builtin_shufflevector(t0, t2, 2, 3, 10, 11, 6, 7, 14, 15);
    v8f u2 = __builtin_shufflevector(t1, t3, 0, 1, 8, 9, 4, 5, 12, 13);
    v8f u3 = __builtin_shufflevector(t1, t3, 2, 3, 10, 11, 6, 7, 14, 15);
    v8f u4 = __builtin_shufflevector(t4, t6, 0, 1, 8, 9, 4, 5, 12, 13);
    v8f u5 = __builtin_shufflevector(t4, t6, 2, 3, 10, 11, 6, 7, 14, 15);
    v8f u6 = __builtin_shufflevector(t5, t7, 0, 1, 8, 9, 4, 5, 12, 13);
    v8f u7 = __builtin_shufflevector(t5, t7, 2, 3, 10, 11, 6, 7, 14, 15);
    C[0] = __builtin_shufflevector(u0, u4, 0, 1, 2, 3, 8, 9, 10, 11);
    C[1] = __builtin_shufflevector(u1, u5, 0, 1, 2, 3, 8, 9, 10, 11);
    C[2] = __builtin_shufflevector(u2, u6, 0, 1, 2, 3, 8, 9, 10, 11);
    C[3] = __builtin_shufflevector(u3, u7, 0, 1, 2, 3, 8, 9, 10, 11);
    C[4] = __builtin_shufflevector(u0, u4, 4, 5, 6, 7, 12, 13, 14, 15);
    C[5] = __builtin_shufflevector(u1, u5, 4, 5, 6, 7, 12, 13, 14, 15);
    C[6] = __builtin_shufflevector(u2, u6, 4, 5, 6, 7, 12, 13, 14, 15);
    C[7] = __builtin_shufflevector(u3, u7, 4, 5, 6, 7, 12, 13, 14, 15);
}

/// Two and four floats of one row (64- and 128-bit loads and stores): the pieces of the small-k lane kernels' k = 10
/// remainder columns.
typedef float v2f __attribute__((vector_size(8), aligned(4)));
typedef float v4f __attribute__((vector_size(16), aligned(4)));

/// Columns 8 and 9 of eight rows `stride` floats apart (x points at row 0's column 8): C[0][r] = x[r * stride] and
/// C[1][r] = x[r * stride + 1]. Eight 64-bit loads and four shuffles, where an 8 x 8 transpose of columns 2-9 takes
/// eight loads and 24 shuffles (k = 10: the remainder after columns 0-7).
static inline __attribute__((always_inline)) void xk_gather_pairs8_f32(const float *x, long stride, v8f *C) {
    v2f p[8];
    for (int r = 0; r < 8; r++) memcpy(&p[r], x + r * stride, sizeof(v2f));
    v4f q01 = __builtin_shufflevector(p[0], p[1], 0, 1, 2, 3);
    v4f q23 = __builtin_shufflevector(p[2], p[3], 0, 1, 2, 3);
    v4f q45 = __builtin_shufflevector(p[4], p[5], 0, 1, 2, 3);
    v4f q67 = __builtin_shufflevector(p[6], p[7], 0, 1, 2, 3);
    v8f lo = __builtin_shufflevector(q01, q45, 0, 1, 2, 3, 4, 5, 6, 7); // a0 b0 a1 b1 | a4 b4 a5 b5
    v8f hi = __builtin_shufflevector(q23, q67, 0, 1, 2, 3, 4, 5, 6, 7); // a2 b2 a3 b3 | a6 b6 a7 b7
    C[0] = __builtin_shufflevector(lo, hi, 0, 2, 8, 10, 4, 6, 12, 14);
    C[1] = __builtin_shufflevector(lo, hi, 1, 3, 9, 11, 5, 7, 13, 15);
}

/// The inverse of xk_gather_pairs8_f32: writes C[0][r] and C[1][r] to out[r * stride] and out[r * stride + 1].
static inline __attribute__((always_inline)) void xk_scatter_pairs8_f32(float *out, long stride, const v8f *C) {
    v8f t0 = __builtin_shufflevector(C[0], C[1], 0, 8, 1, 9, 4, 12, 5, 13);   // rows 0, 1 | 4, 5
    v8f t1 = __builtin_shufflevector(C[0], C[1], 2, 10, 3, 11, 6, 14, 7, 15); // rows 2, 3 | 6, 7
    v2f p[8] = {
        __builtin_shufflevector(t0, t0, 0, 1), __builtin_shufflevector(t0, t0, 2, 3),
        __builtin_shufflevector(t1, t1, 0, 1), __builtin_shufflevector(t1, t1, 2, 3),
        __builtin_shufflevector(t0, t0, 4, 5), __builtin_shufflevector(t0, t0, 6, 7),
        __builtin_shufflevector(t1, t1, 4, 5), __builtin_shufflevector(t1, t1, 6, 7),
    };
    for (int r = 0; r < 8; r++) memcpy(out + r * stride, &p[r], sizeof(v2f));
}

#define xk_hsum_f32(X) ({ v16f h_ = (X); float s_ = 0; for (int i_ = 0; i_ < 16; i_++) s_ += h_[i_]; s_; })

#define xk_hmax_f32(X) ({ v16f h_ = (X); float m_ = h_[0]; for (int i_ = 1; i_ < 16; i_++) m_ = h_[i_] > m_ ? h_[i_] : m_; m_; })

// MARK: float64

#define xk_load_f64(P) ({ v8d v_; memcpy(&v_, (P), sizeof v_); v_; })
#define xk_store_f64(P, X) ({ v8d s_ = (X); memcpy((P), &s_, sizeof s_); })
#define xk_splat_f64(X) ((v8d){0} + (double)(X))
#define xk_sel_f64(M, A, B) ({ v8l m_ = (M); (v8d)((m_ & (v8l)(A)) | (~m_ & (v8l)(B))); })
#define xk_max_f64(A, B) ({ v8d a_ = (A), b_ = (B); xk_sel_f64(a_ > b_, a_, b_); })
#define xk_min_f64(A, B) ({ v8d a_ = (A), b_ = (B); xk_sel_f64(a_ < b_, a_, b_); })

/// e^x, within 2 ulp over the whole range (overflow above 709.78, subnormals, 0 below -745.13, NaN).
/// Cody-Waite reduction by ln 2 and a degree-13 Taylor polynomial on |r| <= ln(2)/2.
#define xk_vexp_f64(X_) ({ v8d x_e = (X_); \
    x_e = xk_sel_f64(x_e > 710.0, xk_splat_f64(710.0), x_e); \
    x_e = xk_sel_f64(x_e < -746.0, xk_splat_f64(-746.0), x_e); \
    const v8d magic_e = xk_splat_f64(6755399441055744.0); /* 1.5 * 2^52 */ \
    v8d t_e = x_e * 1.4426950408889634074 + magic_e; \
    v8l n_e = (v8l)t_e - (v8l)magic_e; \
    v8d fn_e = t_e - magic_e; \
    v8d r_e = x_e - fn_e * 6.93145751953125E-1; \
    r_e = r_e - fn_e * 1.42860682030941723212E-6; \
    v8d p_e = xk_splat_f64(1.0 / 6227020800.0); \
    p_e = p_e * r_e + 1.0 / 479001600.0; \
    p_e = p_e * r_e + 1.0 / 39916800.0; \
    p_e = p_e * r_e + 1.0 / 3628800.0; \
    p_e = p_e * r_e + 1.0 / 362880.0; \
    p_e = p_e * r_e + 1.0 / 40320.0; \
    p_e = p_e * r_e + 1.0 / 5040.0; \
    p_e = p_e * r_e + 1.0 / 720.0; \
    p_e = p_e * r_e + 1.0 / 120.0; \
    p_e = p_e * r_e + 1.0 / 24.0; \
    p_e = p_e * r_e + 1.0 / 6.0; \
    p_e = p_e * r_e + 0.5; \
    v8d y_e = p_e * (r_e * r_e) + r_e + 1.0; \
    v8l n1_e = n_e >> 1; \
    v8l n2_e = n_e - n1_e; \
    v8d s1_e = (v8d)((n1_e + 1023) << 52); \
    v8d s2_e = (v8d)((n2_e + 1023) << 52); \
    y_e * s1_e * s2_e; \
})

/// The shared part of the double logs for a normal x = m 2^e: f = m - 1 with m in [sqrt(1/2), sqrt(2)), e minus
/// the known offset E0_, then fdlibm's s = f/(2+f) and degree-14 polynomial in s; gives ln x.
#define xk_log_core_f64(X_, E0_) ({ v8l bits_c = (v8l)(X_); \
    v8l e_c = ((bits_c >> 52) & 0x7ff) - 1022; \
    e_c = e_c - (E0_); \
    v8d m_c = (v8d)((bits_c & 0x000fffffffffffffLL) | 0x3fe0000000000000LL); /* [0.5, 1) */ \
    v8l small_c = m_c < 0.70710678118654752440; \
    e_c = e_c + small_c; \
    m_c = xk_sel_f64(small_c, m_c + m_c, m_c); \
    v8d f_c = m_c - 1.0; \
    /* e_c fits in 32 bits: convert through the exact magic-number trick (no packed int64 -> double on SSE2). */ \
    v8d fe_c = (v8d)(e_c + 0x4330000000000000LL) - 4503599627370496.0; /* valid for e_c >= 0 */ \
    v8d fneg_c = (v8d)(-e_c + 0x4330000000000000LL) - 4503599627370496.0; \
    fe_c = xk_sel_f64(e_c < 0, -fneg_c, fe_c); \
    v8d s_c = f_c / (2.0 + f_c); \
    v8d z_c = s_c * s_c; \
    v8d w_c = z_c * z_c; \
    v8d t1_c = w_c * (3.999999999940941908e-01 + w_c * (2.222219843214978396e-01 + w_c * 1.531383769920937332e-01)); \
    v8d t2_c = z_c * (6.666666666666735130e-01 + w_c * (2.857142874366239149e-01 + w_c * (1.818357216161805012e-01 + w_c * 1.479819860511658591e-01))); \
    v8d R_c = t2_c + t1_c; \
    v8d hfsq_c = 0.5 * f_c * f_c; \
    fe_c * 6.93147180369123816490e-01 - ((hfsq_c - (s_c * (hfsq_c + R_c) + fe_c * 1.90821492927058770002e-10)) - f_c); \
})

/// ln x, within 2 ulp for all positive doubles including subnormals (fdlibm's method: s = f/(2+f) and a
/// degree-14 polynomial in s); ln 0 = -inf, ln(+inf) = +inf, NaN for negative input and NaN.
#define xk_vlog_f64(X_) ({ v8d x0_l = (X_); \
    v8l sub_l = x0_l < 2.2250738585072014e-308; \
    v8d x_l = xk_sel_f64(sub_l, x0_l * 18014398509481984.0, x0_l); /* 2^54 */ \
    v8d r_l = xk_log_core_f64(x_l, sub_l & 54); \
    r_l = xk_sel_f64(x0_l == 0.0, xk_splat_f64(-__builtin_inf()), r_l); \
    r_l = xk_sel_f64(x0_l == __builtin_inf(), xk_splat_f64(__builtin_inf()), r_l); \
    r_l = xk_sel_f64(~(x0_l >= 0.0), xk_splat_f64(__builtin_nan("")), r_l); \
    r_l; \
})

/// ln x for 1 <= x <= 2: xk_vlog_f64 without subnormal and special cases.
#define xk_vlog1to2_f64(X_) xk_log_core_f64((X_), (v8l){0})

/// ln x for normal positive finite x only: the same bits as xk_vlog_f64 there.
#define xk_vlog_normal_f64(X_) xk_log_core_f64((X_), (v8l){0})

/// Whether every lane of X is a normal positive finite double.
#define xk_all_normal_f64(X_) ({ v8d a_n = (X_); \
    v8l out_n = ~((a_n >= 2.2250738585072014e-308) & (a_n <= 1.7976931348623157e308)); \
    __builtin_reduce_or(out_n) == 0; \
})

#define xk_hsum_f64(X) ({ v8d h_ = (X); double s_ = 0; for (int i_ = 0; i_ < 8; i_++) s_ += h_[i_]; s_; })

#define xk_hmax_f64(X) ({ v8d h_ = (X); double m_ = h_[0]; for (int i_ = 1; i_ < 8; i_++) m_ = h_[i_] > m_ ? h_[i_] : m_; m_; })

#endif
