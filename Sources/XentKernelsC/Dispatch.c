// Which clone the loader picks for the kernels (reported by `xent bench` and the benchmarks).
#include "XentKernelsC.h"

int xk_dispatch_level(void) {
#if defined(__x86_64__) && defined(__ELF__) && !defined(__APPLE__) && defined(__clang__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("x86-64-v4")) return 4;
    if (__builtin_cpu_supports("x86-64-v3")) return 3;
    return 1;
#else
    return 0;
#endif
}

// The register tile of the panel products (PanelProductTemplate.h): 12 rows where the loader picks the AVX-512 clone,
// 6 elsewhere, unless a test set it (both give the same bits).
static int xk_tile_rows_setting = 0;

int xk_panel_tile_rows(void) {
    const int set = __atomic_load_n(&xk_tile_rows_setting, __ATOMIC_RELAXED);
    if (set == 6 || set == 12) return set;
    return xk_dispatch_level() == 4 ? 12 : 6;
}

void xk_set_panel_tile_rows(int rows) {
    __atomic_store_n(&xk_tile_rows_setting, rows == 6 || rows == 12 ? rows : 0, __ATOMIC_RELAXED);
}

// The schedule of softmax cross-entropy batches beyond the caches (SoftmaxCrossEntropyTemplate.h, SFX(ce_large)):
// 0 chosen by timing, 1 pipelined, 2 two passes with streaming stores, 3 three rows in one loop, 4 timed on every
// call (all give the same bits).
static int xk_ce_schedule_setting = 0;

int xk_softmax_ce_schedule(void) { return __atomic_load_n(&xk_ce_schedule_setting, __ATOMIC_RELAXED); }

void xk_set_softmax_ce_schedule(int schedule) {
    __atomic_store_n(&xk_ce_schedule_setting, schedule >= 1 && schedule <= 4 ? schedule : 0, __ATOMIC_RELAXED);
}

long xk_claim_next(long *next) { return __atomic_fetch_add(next, 1, __ATOMIC_RELAXED); }
