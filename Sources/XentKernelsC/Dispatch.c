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
