// The kernels, written once for a scalar type. Included by KernelsFloat.c and KernelsDouble.c after they
// define: T (scalar), V (vector), VI (lane mask/integer vector), W (lanes), ACC (accumulator scalar), SFX(name),
// LOAD, STORE, SPLAT, SEL, VMAX, VEXP, VLOG, HSUM, HMAX, and ACCV / TOACC (a vector of W accumulators and the
// conversion of V to it).
//
// Conventions: `rows` x `k` row-major, rows independent; every output of a row depends on that row alone, so
// a caller that splits rows across threads gets the same bits as one thread. Outputs may alias inputs where
// the header says so: every row is read (into registers or a small local block) before its outputs are written.

#include <time.h> // (clock_gettime: SoftmaxCrossEntropyTemplate.h times its schedules)
#include "StoreAliasing.h"

#define XK_BLOCK_VECTORS 16
#define XK_STREAM_BYTES (4.0 * 1024 * 1024) // outputs at least this big are written with streaming stores // vectors summed in the scalar type before they are added to the wide accumulator

/// e^d for d <= 0 (a logit minus its row's maximum): the clamp-free exp where every lane is in [-86, 0] (the same
/// bits as VEXP there, see XK_VEXPN), the full one otherwise (also for NaN).
#define XK_EXP_SHIFTED(D_) ({ V d_s = (D_); XK_ALL86(d_s) ? XK_VEXPN(d_s) : VEXP(d_s); })

// The template is split by concept; the files are included here, in this order, so that every kernel is compiled
// once per scalar type in KernelsFloat.c and KernelsDouble.c with the clones and dispatch of XentKernelsC.h.
#include "ElementwiseTemplate.h"
#include "RowHelpersTemplate.h"
#include "LaneHelpersTemplate.h"
#include "SoftmaxRowsTemplate.h"
#include "SoftmaxCrossEntropyTemplate.h"
#include "BinaryCrossEntropyTemplate.h"
#include "InformationRowsTemplate.h"
#include "CeilingProbeTemplate.h"
