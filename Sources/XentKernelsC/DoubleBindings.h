// The float64 bindings of the template parameters shared by KernelsDouble.c and RowKernelsDouble.c: the scalar,
// vector and accumulator types and the vector operations (the list is at the top of KernelsTemplate.h).
#ifndef XENT_KERNELS_DOUBLE_BINDINGS_H
#define XENT_KERNELS_DOUBLE_BINDINGS_H

#include "VectorMath.h"

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
#define VMIN xk_min_f64
#define VEXP xk_vexp_f64
#define VLOG xk_vlog_f64
#define HSUM xk_hsum_f64
#define HMAX xk_hmax_f64

#endif
