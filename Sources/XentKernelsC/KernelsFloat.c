// Float32 kernels: the template instantiated with 16 lanes and float64 accumulators.
#include "XentKernelsC.h"
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
#define VLOG12 xk_vlog1to2_f32
#define HSUM xk_hsum_f32
#define HMAX xk_hmax_f32
#define XK_VEXPN xk_vexp_neg_normal_f32
#define XK_VLOG12N xk_vlog1to2_fast_f32
#define XK_ALL86 xk_all_within86_f32
#include "KernelsTemplate.h"
