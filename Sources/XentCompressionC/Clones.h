// The run-time dispatched clones of the compression target's C functions: an AVX2 (x86-64-v3) body and the
// baseline, picked by the loader, where the toolchain and object format support ifuncs; one body elsewhere. Integer
// arithmetic only, so every clone computes the same bits.
#ifndef XENT_COMPRESSION_CLONES_H
#define XENT_COMPRESSION_CLONES_H

#if defined(__x86_64__) && defined(__ELF__) && !defined(__APPLE__) && defined(__clang__)
#define XC_CLONES __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define XC_CLONES
#endif

#endif
