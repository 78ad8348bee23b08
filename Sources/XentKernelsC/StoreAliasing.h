// Loads held up by unrelated streaming stores ("4K aliasing"), and the shift that avoids them.
//
// A core checks a load against the older stores still in flight by the low 12 bits of their addresses first: a
// load whose bytes overlap, modulo 4096, those of a store issued a few iterations earlier waits as if it read that
// store's data, although the two lie in different buffers. Streaming stores stay in flight long (they wait for
// their line's write to memory), so a loop that reads one buffer and streams into another at the same pace waits on
// every vector when the two streams sit a little apart modulo 4096 with the store ahead. That is the common case,
// not an accident of layout: buffers of equal size from malloc or mmap start at the same offset in their pages, so
// logits and gradient rows of 1000 floats (4000 bytes, 96 short of 4096) put the row being read 96 bytes behind the
// gradient row just written.
//
// Measured on Zen 4 with AVX-512 (softmax cross-entropy, rows of 1000 floats, logits and gradient at the same page
// offset, G elem/s, best of 9 in one process): the two-pass schedule, whose gradient loop also reads the next row's
// maximum, 2.25-2.28 with its reads 96 bytes behind its stores and 2.42-2.48 with them 32 to 224 bytes ahead (the
// rate of other page offsets); the three-row loop 1.69-1.77 against 2.37-2.56 with its stores started 6 or 7
// vectors late; the pipelined loop (ordinary stores, which wait in flight for their lines) 2.02 against 2.24-2.29
// with its stores started 2 to 6 vectors late.
//
// Invariant: every helper here picks an order or a delay only; which elements are read, written and summed, and
// so every bit of a result, is the same for any shift.

#ifndef XK_STORE_ALIASING_H
#define XK_STORE_ALIASING_H

#include <stdint.h>
#include <stdlib.h>

/// How far (in bytes, modulo 4096) a store may lie ahead of a later load and still hold it up: measured stalls from
/// 32 to 412 bytes, none at 608 (rows of 1000 floats, Zen 4, one vector of 64 bytes an iteration).
#define XK_ALIAS_REACH 640L

/// `d` reduced modulo 4096 into [-2048, 2048).
static inline long xk_page_offset(long d) {
    long r = d % 4096;
    if (r < -2048) r += 4096;
    if (r >= 2048) r -= 4096;
    return r;
}

/// Whether a loop whose store in an iteration lies `d` bytes past its load in the same iteration (modulo 4096, each
/// `jitter` bytes either way from row to row) waits on its own older stores: the store lies ahead of a later load.
static inline int xk_alias_stalls(long d, long jitter) {
    const long r = xk_page_offset(d);
    return r > -jitter && r <= XK_ALIAS_REACH + jitter;
}

/// The fewest vectors of `vector_bytes` (at most `limit`) by which to move a loop's loads ahead of its stores, or
/// its stores behind its loads, so that neither distance `d1` nor `d2` (store address minus load address in the
/// same iteration, as for xk_alias_stalls) stalls; 0 where no shift up to `limit` avoids both.
static inline long xk_alias_shift(long d1, long d2, long vector_bytes, long limit, long jitter) {
    for (long s = 0; s <= limit; s++) {
        if (!xk_alias_stalls(d1 - s * vector_bytes, jitter) && !xk_alias_stalls(d2 - s * vector_bytes, jitter)) {
            return s;
        }
    }
    return 0;
}

/// xk_alias_shift for a loop over rows of `row_bytes` that writes row r of `store` while it reads row r + 1 of
/// `load` at the same positions, and row r + `far_rows` as well (1: no second stream). The distances come from the
/// addresses as integers: the two pointers lie in different buffers.
static inline long xk_alias_vectors(const void *store, const void *load, long row_bytes, long far_rows,
                                    long vector_bytes, long limit, long jitter) {
    const long d = (long)((uintptr_t)store - (uintptr_t)load);
    return xk_alias_shift(d - row_bytes, d - far_rows * row_bytes, vector_bytes, limit, jitter);
}

/// The offset in a page (a multiple of 64 in [0, 4096)) farthest, modulo 4096, from those of both `a` and `b`: where
/// a scratch buffer that a loop writes while it reads `a` and reads while it writes `b` keeps every store at least
/// 992 bytes from the other stream, beyond XK_ALIAS_REACH (two offsets leave an arc of at least 2048 bytes between
/// them, whose middle lies 1024 bytes or more from both ends, and the nearest line start within 32 bytes of it; for
/// `a` and `b` at the same offset, half a page from both).
static inline long xk_offset_apart(const void *a, const void *b) {
    const long oa = (long)((uintptr_t)a & 4095), ob = (long)((uintptr_t)b & 4095);
    long best = 0, best_gap = -1;
    for (long o = 0; o < 4096; o += 64) {
        const long da = labs(xk_page_offset(o - oa)), db = labs(xk_page_offset(o - ob));
        const long gap = da < db ? da : db;
        if (gap > best_gap) best = o, best_gap = gap;
    }
    return best;
}

/// `bytes` of scratch starting at xk_offset_apart(a, b) in its page (so on a 64-byte line), for a loop that
/// streams between the scratch and buffers `a` and `b`: with malloc's placement a scratch row of 128 000 floats that
/// fell 64 bytes past the logits modulo 4096 ran 10 % slower (Zen 4, two-pass schedule; 3-4 % for the three-row
/// loop's rows of 32 000 floats). *base gets what to pass to free; NULL (and *base NULL) where allocation fails.
static inline void *xk_alloc_apart(size_t bytes, const void *a, const void *b, void **base) {
    const size_t size = (bytes + 4096 + 4095) / 4096 * 4096; // (aligned_alloc: a multiple of the alignment)
    char *p = aligned_alloc(4096, size);
    *base = p;
    return p ? p + xk_offset_apart(a, b) : 0;
}

#endif
