// Float64 kernels: the template instantiated with 8 lanes and float64 accumulators.
#include "XentKernelsC.h"
#include "VectorMath.h"
#include <stdlib.h>

#define T double
#define V v8d
#define VI v8l
#define LV v8l
#define LTOVI(v) (v)
#define VA v8da
#define W 8
#define ACC double
#define ACCV v8d
#define TOACC(v) (v)
#define SFX(name) name##_f64
#define LOAD xk_load_f64
#define STORE xk_store_f64
#define SPLAT xk_splat_f64
#define SEL xk_sel_f64
#define VMAX xk_max_f64
#define VEXP xk_vexp_f64
#define VLOG xk_vlog_f64
#define VLOG12 xk_vlog1to2_f64
#define HSUM xk_hsum_f64
#define HMAX xk_hmax_f64
#define XK_VEXPN xk_vexp_f64
#define XK_VLOG12N xk_vlog1to2_f64
#define XK_ALL86(X) 0
#include "KernelsTemplate.h"
