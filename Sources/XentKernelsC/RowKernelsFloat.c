// Float32 one-row primitives (see RowTemplate.h).
#include "XentRowKernels.h"
#include "FloatBindings.h"
#include <stdlib.h>

#define VEXPR(X_) ({ \
    v16d xd_ = __builtin_convertvector((X_), v16d); \
    v8d lo_ = __builtin_shufflevector(xd_, xd_, 0, 1, 2, 3, 4, 5, 6, 7); \
    v8d hi_ = __builtin_shufflevector(xd_, xd_, 8, 9, 10, 11, 12, 13, 14, 15); \
    lo_ = xk_vexp_f64(lo_); \
    hi_ = xk_vexp_f64(hi_); \
    __builtin_convertvector(__builtin_shufflevector(lo_, hi_, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), v16f); \
})
#include "RowTemplate.h"
