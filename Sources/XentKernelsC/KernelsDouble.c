// Float64 kernels: the template instantiated with 8 lanes and float64 accumulators.
#include "XentKernelsC.h"
#include "DoubleBindings.h"
#include <stdlib.h>

#define VLOG12 xk_vlog1to2_f64
#define XK_VEXPN xk_vexp_f64
#define XK_VEXPN_REFERENCE xk_vexp_f64
#define XK_VLOG12N xk_vlog1to2_f64
#define XK_ALL86(X) 0
#define XK_IN86(X) ((v8l){0}) // no lane: XK_ALL86 never holds
#define XK_VLOGN xk_vlog_normal_f64
#define XK_ALLNORMAL xk_all_normal_f64
#define XK_FAST_EXP 0 // XK_VEXPN is the full exp: no separate fast path
#include "KernelsTemplate.h"
