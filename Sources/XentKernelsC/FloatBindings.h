// The float32 bindings of the template parameters shared by KernelsFloat.c and RowKernelsFloat.c: the scalar,
// vector and accumulator types and the vector operations (the list is at the top of KernelsTemplate.h).
#ifndef XENT_KERNELS_FLOAT_BINDINGS_H
#define XENT_KERNELS_FLOAT_BINDINGS_H

#include "VectorMath.h"

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
#define VMIN xk_min_f32
#define VEXP xk_vexp_f32
#define VLOG xk_vlog_f32
#define HSUM xk_hsum_f32
#define HMAX xk_hmax_f32

#endif
