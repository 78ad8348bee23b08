// The streaming copy of `xent bench`: the copy bound of a kernel is the faster of memcpy and this copy, so that it
// bounds kernels that write their outputs with streaming stores (memcpy need not use them: on a Zen 4 machine with
// AVX-512, glibc's memcpy of 256 MiB moved 10 GB/s where this copy moved 17 GB/s, and the loss kernels' forward +
// backward reached 118 % of the memcpy bound).
#include "XentKernelsC.h"
#include "VectorMath.h"

XK_CLONES void xk_probe_stream_copy(const float *src, float *dst, long n) {
    for (long j = 0; j + 16 <= n; j += 16) __builtin_nontemporal_store(xk_load_f32(src + j), (v16fa *)(dst + j));
#if defined(__x86_64__)
    __builtin_ia32_sfence();
#endif
}
