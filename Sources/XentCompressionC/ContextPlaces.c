// The hashing of the context-mixing model's byte-level path (ContextMixingModel.swift): the hashes of a byte's
// contexts and the places of their half-byte buckets in the PairedNibbleTable, four lanes at a time. The AVX2 clone
// forms the 64-bit multiplies from 32-bit ones; every clone computes exactly the scalar `mixHash` of
// BitPredictor.swift, lane by lane (the coded bytes depend on it: ModelFormatTests).
#include "XentCompressionC.h"
#include "Clones.h"

typedef uint64_t xc_u64x4 __attribute__((vector_size(32)));

/// `mixHash(value, salt)` in each lane of *h (`salted` is salt · 0x9E3779B97F4A7C15 per lane). Vectors go by
/// pointer: a vector argument would change the baseline clone's calling convention.
static inline __attribute__((always_inline)) void mix4(xc_u64x4 *h, const xc_u64x4 *salted) {
    xc_u64x4 x = (*h ^ *salted) * 0xBF58476D1CE4E5B9ULL;
    x ^= x >> 31;
    x *= 0x94D049BB133111EBULL;
    x ^= x >> 29;
    *h = x;
}

#define GOLDEN 0x9E3779B97F4A7C15ULL

XC_CLONES void xc_cm_hash_contexts(uint64_t recent, uint64_t word_pair, uint64_t word, uint64_t column,
                                   uint64_t *restrict hashes) {
    // The salts of orders 2, 3, 4, 6, the word bigram, the word and the column (lane 7 is padding).
    const xc_u64x4 low_salts = {2 * GOLDEN, 3 * GOLDEN, 4 * GOLDEN, 6 * GOLDEN};
    const xc_u64x4 high_salts = {7 * GOLDEN, 9 * GOLDEN, 10 * GOLDEN, 0};
    xc_u64x4 low = (xc_u64x4){recent, recent, recent, recent} &
                   (xc_u64x4){0xFFFFULL, 0xFFFFFFULL, 0xFFFFFFFFULL, 0xFFFFFFFFFFFFULL};
    xc_u64x4 high = {word_pair, word, column, 0};
    mix4(&low, &low_salts);
    mix4(&high, &high_salts);
    __builtin_memcpy(hashes, &low, sizeof low);
    __builtin_memcpy(hashes + 4, &high, sizeof high);
}

/// One lane group's places, in place of its hashes: `NibbleBucket.hash` (mixHash(hash + partial, 0x5BD1E995)),
/// then (h & lineMask) << 21 | h >> 48 | 1.
static inline __attribute__((always_inline)) void place4(xc_u64x4 *v, uint64_t partial, uint64_t lineMask) {
    const uint64_t salt = 0x5BD1E995ULL * GOLDEN;
    const xc_u64x4 salted = {salt, salt, salt, salt};
    xc_u64x4 h = *v + partial;
    mix4(&h, &salted);
    *v = (h & lineMask) << 21 | h >> 48 | 1;
}

XC_CLONES void xc_cm_locate(const uint64_t *restrict hashes, int64_t hash_stride, int64_t rows, int64_t partial,
                            int64_t partial_step, uint64_t line_mask, const uint16_t *counters,
                            uint64_t *restrict places) {
    for (int64_t r = 0; r < rows; r++) {
        const uint64_t p = (uint64_t)(partial + r * partial_step);
        xc_u64x4 a, b;
        __builtin_memcpy(&a, hashes + hash_stride * r, sizeof a);
        __builtin_memcpy(&b, hashes + hash_stride * r + 4, sizeof b);
        place4(&a, p, line_mask);
        place4(&b, p, line_mask);
        __builtin_memcpy(places + 8 * r, &a, sizeof a);
        __builtin_memcpy(places + 8 * r + 4, &b, sizeof b);
        xc_u64x4 la = a >> 16, lb = b >> 16;
        xc_prefetch(counters + la[0]);
        xc_prefetch(counters + la[1]);
        xc_prefetch(counters + la[2]);
        xc_prefetch(counters + la[3]);
        xc_prefetch(counters + lb[0]);
        xc_prefetch(counters + lb[1]);
        xc_prefetch(counters + lb[2]);
    }
}
