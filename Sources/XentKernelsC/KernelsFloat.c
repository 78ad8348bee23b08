// Float32 kernels: the template instantiated with 16 lanes and float64 accumulators.
#include "XentKernelsC.h"
#include "FloatBindings.h"
#include <stdlib.h>

#define VLOG12 xk_vlog1to2_f32
#define XK_VEXPN xk_vexp_neg_normal_f32
#define XK_VEXPN_REFERENCE xk_vexp_reference_f32 // the ceiling probe's exp (CeilingProbeTemplate.h)
#define XK_VLOG12N xk_vlog1to2_fast_f32
#define XK_ALL86 xk_all_within86_f32
#define XK_IN86(X) ({ v16f a_i = (X); (a_i <= 86.0f) & (a_i >= -86.0f); }) // lanes where XK_ALL86 holds
#define XK_VLOGN xk_vlog_normal_f32
#define XK_ALLNORMAL xk_all_normal_f32
#define XK_LANES_TRANSPOSE8 1 // whole blocks of the small-k lane kernels go through 8 x 8 transposes (W = 16 = 2 x 8)
#define XK_FAST_EXP 1 // XK_VEXPN is the clamp-free exp for [-86, 0]
#define XK_ROW_LOGS_IN_LANES 1 // the row paths' losses take their logs eight rows at a time (SoftmaxCrossEntropyTemplate.h)
#include "KernelsTemplate.h"
