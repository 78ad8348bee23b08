// Float32 one-row primitives (see RowTemplate.h).
#include "XentRowKernels.h"
#include "VectorMath.h"
#include <stdlib.h>

#define T float
#define V v16f
#define VI v16i
#define LV v16l
#define LTOVI(v) __builtin_convertvector((v), v16i)
#define VA v16fa
#define W 16
#define ACC double
#define ACCV v16d
#define TOACC(v) __builtin_convertvector((v), v16d)
#define SFX(name) name##_f32
#define LOAD xk_load_f32
#define STORE xk_store_f32
#define SPLAT xk_splat_f32
#define SEL xk_sel_f32
#define VMAX xk_max_f32
#define VEXP xk_vexp_f32
#define VLOG xk_vlog_f32
#define HSUM xk_hsum_f32
#define HMAX xk_hmax_f32
#define VEXPR(X_) ({ \
    v16d xd_ = __builtin_convertvector((X_), v16d); \
    v8d lo_ = __builtin_shufflevector(xd_, xd_, 0, 1, 2, 3, 4, 5, 6, 7); \
    v8d hi_ = __builtin_shufflevector(xd_, xd_, 8, 9, 10, 11, 12, 13, 14, 15); \
    lo_ = xk_vexp_f64(lo_); \
    hi_ = xk_vexp_f64(hi_); \
    __builtin_convertvector(__builtin_shufflevector(lo_, hi_, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), v16f); \
})
#include "RowTemplate.h"
