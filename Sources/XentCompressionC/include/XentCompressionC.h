#ifndef XENT_COMPRESSION_C_H
#define XENT_COMPRESSION_C_H

#include <stdint.h>

/// Hints the processor to bring the cache line at `address` into its caches for a read or write soon. A hint only:
/// it never faults and changes no result.
static inline void xc_prefetch(const void *address) {
    __builtin_prefetch(address, 1, 3);
}

/// The vectors passed to the mixer functions must not overlap (`restrict`): inputs, weight sets and outputs are
/// separate tables.

/// The lanes of a mixer's input and weight vectors (`LogisticMixer.width`).
#define XC_MIXER_WIDTH 16

/// The mixer's dot product: the sum over 16 lanes of (x[i] * w[i]) >> 4 (arithmetic shift). Requires
/// |x[i]| <= 2047 and |w[i]| < 2^19, so that no product and no partial sum leaves 32 bits. Integer only: every
/// clone gives the same result.
int32_t xc_mixer_dot(const int32_t *restrict x, const int32_t *restrict w);

/// The mixer's training step over 16 lanes: w[i] += (x[i] * error + 2^13) >> 14, then clamped to
/// [-limit, limit]. Requires |x[i]| <= 2047 and |error| <= 2^16.
void xc_mixer_train(const int32_t *restrict x, int32_t *restrict w, int32_t error, int32_t limit);

/// A mixer's logit (units of 1/256, clamped to ±2047) from its dot product (xc_mixer_dot: lanes already shifted
/// by 4, weights in units of 1/65536): the sum shifted right by 12.
static inline int32_t xc_mixer_logit(int32_t sum) {
    int32_t logit = sum >> 12;
    return logit > 2047 ? 2047 : (logit < -2047 ? -2047 : logit);
}

/// AdaptiveBitCounter's update (AdaptiveBitCounter.swift states the estimate): the probability in the top 22 bits
/// moves toward `bit` by (target - p) / (n + 1.5), rounded down to the 10-bit count field, and the count n (low 10
/// bits) grows up to `limit` (at most 1023). `reciprocals[n]` is 16384 / (2n + 3).
static inline void xc_adaptive_counter_update(uint32_t *counter, int32_t bit, int32_t limit,
                                              const int32_t *reciprocals) {
    uint32_t value = *counter;
    int64_t n = value & 1023;
    int64_t p = value >> 10;
    int64_t target = (int64_t)bit << 22;
    int64_t delta = (((target - p) >> 3) * reciprocals[n]) & ~(int64_t)1023;
    int64_t updated = (int64_t)value + delta + (n < limit ? 1 : 0);
    *counter = (uint32_t)updated;
}

/// CompactBitCounter's update (CompactBitCounter.swift): the 12-bit probability in the top bits moves toward
/// `bit` by (target - p) / (n + 1.5) rounded to nearest, and the count n (low 4 bits) grows up to `limit` (at most
/// 15). `reciprocals[n]` is 32768 / (2n + 3).
static inline void xc_compact_counter_update(uint16_t *counter, int32_t bit, int32_t limit,
                                             const int32_t *reciprocals) {
    int32_t value = *counter;
    int32_t n = value & 15;
    int32_t p = value >> 4;
    int32_t target = bit ? 4095 : 0;
    int32_t updated = p + (((target - p) * reciprocals[n] + (1 << 13)) >> 14);
    *counter = (uint16_t)(updated << 4 | (n < limit ? n + 1 : n));
}

/// The hashed inputs of the context-mixing model (orders 2, 3, 4, 6, word bigram, word, column) and how many of them
/// (the byte orders) count in the first mixer's selector.
#define XC_CM_HASHED 7
#define XC_CM_ORDERED 4

/// The hashes of the model's 7 hashed contexts (ContextMixingModel.swift) into hashes[0..<8] (lane 7 is padding):
/// mixHash (BitPredictor.swift) of the last 2, 3, 4 and 6 bytes of `recent` (newest lowest), of `word_pair`, `word`
/// and `column` (the values of the word bigram, word and column contexts), with the salts 2, 3, 4, 6, 7, 9, 10.
void xc_cm_hash_contexts(uint64_t recent, uint64_t word_pair, uint64_t word, uint64_t column, uint64_t *hashes);

/// The places in a PairedNibbleTable of `rows` rows of 7 context hashes, row r read at hashes + r · hash_stride
/// (a stride of 0 reads one row for every row) at the partial byte partial + r · partial_step: places[8r + i] =
/// (h & line_mask) << 21 | h >> 48 | 1 with h = mixHash(hash + partial byte, 0x5BD1E995), that is the index of the
/// first counter of the context's cache line (place >> 16) and an odd 16-bit check tag (the low 16 bits). Each
/// line of `counters` is prefetched. Rows of `places` hold 8 lanes; lane 7 is padding.
void xc_cm_locate(const uint64_t *hashes, int64_t hash_stride, int64_t rows, int64_t partial, int64_t partial_step,
                  uint64_t line_mask, const uint16_t *counters, uint64_t *places);

/// The per-bit state of the context-mixing model (ContextMixingModel.swift), with pointers to its tables. The
/// Swift model owns every table and the byte-level state (contexts, buckets, the match model's search); this
/// struct is what the per-bit path reads and writes. All indices are in elements.
typedef struct xc_cm_bits {
    // Tables (owned by the Swift model).
    uint16_t *hashed;                    ///< PairedNibbleTable's 16-bit counters
    uint32_t *order0;                    ///< 256 AdaptiveBitCounters, by partial byte
    uint32_t *order1;                    ///< 65536, by previous byte << 8 | partial byte
    const int32_t *stretch;              ///< 4096 logits (units of 1/256) by 12-bit probability
    const int32_t *squash;               ///< 4096 probabilities (units of 1/4096) by logit + 2048
    const int32_t *reciprocals;          ///< AdaptiveBitCounter's 1024 reciprocals
    const int32_t *compact_reciprocals;  ///< CompactBitCounter's 16 reciprocals
    const int32_t *hashed_limits;        ///< the count cap of each hashed input (8 lanes, XC_CM_HASHED used)
    int64_t *buckets;                    ///< slot 0 of each hashed input's bucket for the current nibble
    int64_t *slots;                      ///< the counter of each hashed input for the current bit
    int32_t *inputs;                     ///< the mixers' 16 input lanes (64-byte aligned)
    int32_t *weights1;                   ///< first mixer: 16 lanes × (4 × 5 × 256) sets
    int32_t *weights2;                   ///< second mixer: 16 lanes × (256 × 8) sets
    uint16_t *apm_byte;                  ///< 256 contexts × 33 points
    uint16_t *apm_order1;                ///< (apm_order1_mask + 1) contexts × 33 points
    uint32_t *match_counters;            ///< 128 AdaptiveBitCounters: (length bucket << 1 | expected bit)
    int64_t apm_order1_mask;
    int32_t mixer_rate;                  ///< both mixers' learning rate (LogisticMixer's `rate`)
    int32_t weight_limit;                ///< the largest weight magnitude (LogisticMixer.weightLimit)
    int32_t apm_rate;                    ///< both APMs' rate (they learn at 2^-apm_rate)
    // Byte-level state (written by the Swift model at each byte's start).
    int32_t match_length;                ///< the current match's length in bytes (0: none)
    int32_t match_byte;                  ///< the byte the match predicts
    int32_t hashed_distinct;             ///< nonzero when the current nibble's hashed inputs have distinct buckets
    // Per-bit state.
    int32_t previous_byte;               ///< the last whole byte
    int32_t partial_byte;                ///< the bits of the current byte so far, after a leading 1
    int32_t bit_count;                   ///< how many (0...7)
    int32_t nibble;                      ///< the bits of the current nibble so far, after a leading 1
    int32_t *selected1, *selected2;      ///< the weight sets of the last prediction
    int32_t probability1, probability2;  ///< the mixers' last outputs (units of 1/4096)
    int64_t apm_byte_index, apm_order1_index;
    int64_t match_counter;               ///< the match counter used by the last prediction, or -1
} xc_cm_bits;

/// P(next bit = 1) in units of 2^-16 (16...65520) under the model's current state.
int32_t xc_cm_predict(xc_cm_bits *state);

/// Learns `bit` (0 or 1) after xc_cm_predict and moves to the next bit: when a nibble ends (bit_count 4) `nibble`
/// is 1 again and the caller sets the next buckets; when a byte ends, bit_count is 0, partial_byte 1 and
/// previous_byte the finished byte, and the caller sets the byte-level state.
void xc_cm_learn(xc_cm_bits *state, int32_t bit);

#endif
