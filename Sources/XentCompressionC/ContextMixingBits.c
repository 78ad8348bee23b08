// The per-bit path of the context-mixing model (ContextMixingModel.swift): gather the inputs, mix them with two
// mixers, refine with two APM stages; then learn the bit in every counter, mixer and APM. One C function each way,
// compiled for AVX2 as well as the baseline, so that the 16-lane mixer runs in registers and the whole path is one
// block of straight-line code. Integer arithmetic only: every clone, and the decoder, computes the same bits.
#include "MixerLanes.h"
#include "Clones.h"

/// σ of a logit (units of 1/256) already within ±2047, in units of 1/4096.
static inline int32_t squash(const int32_t *restrict table, int32_t logit) { return table[logit + 2048]; }

/// An APM's refined probability (units of 2^-16) of `logit` in the row at `row`; remembers the nearer point.
static inline int32_t apm_refine(const uint16_t *restrict table, int64_t row, int32_t logit, int64_t *index) {
    int32_t position = logit + 2048;
    int32_t weight = position & 127;
    int64_t base = row * 33 + (position >> 7);
    *index = base + (weight >> 6);
    return ((int32_t)table[base] * (128 - weight) + (int32_t)table[base + 1] * weight) >> 7;
}

static inline void apm_update(uint16_t *restrict table, int64_t index, int32_t bit, int32_t rate) {
    int32_t target = (bit << 16) + (bit << rate) - bit - bit;
    int32_t value = table[index];
    table[index] = (uint16_t)(value + ((target - value) >> rate));
}

/// The hashed inputs' counter updates (xc_compact_counter_update on each), computed in 8 lanes at once. When two
/// inputs share a counter (two contexts in one bucket, rare) they are updated one after the other instead, as the
/// sequence of single updates defines.
static inline __attribute__((always_inline)) void update_hashed_counters(xc_cm_bits *s, int32_t bit) {
    uint16_t *restrict hashed = s->hashed;
    const int64_t *restrict slots = s->slots;
    const int32_t *restrict reciprocals = s->compact_reciprocals;
    if (!s->hashed_distinct) {
        for (int i = 0; i < XC_CM_HASHED; i++) {
            xc_compact_counter_update(hashed + slots[i], bit, s->hashed_limits[i], reciprocals);
        }
        return;
    }
    const int64_t k0 = slots[0], k1 = slots[1], k2 = slots[2], k3 = slots[3], k4 = slots[4], k5 = slots[5],
                  k6 = slots[6];
    xc_lanes8 c = {hashed[k0], hashed[k1], hashed[k2], hashed[k3], hashed[k4], hashed[k5], hashed[k6], 0};
    xc_lanes8 n = c & 15;
    xc_lanes8 r = {reciprocals[n[0]], reciprocals[n[1]], reciprocals[n[2]], reciprocals[n[3]],
                   reciprocals[n[4]], reciprocals[n[5]], reciprocals[n[6]], 0};
    xc_lanes8 limits;
    __builtin_memcpy(&limits, s->hashed_limits, 32);
    xc_lanes8 p = c >> 4;
    xc_lanes8 target = (xc_lanes8){0, 0, 0, 0, 0, 0, 0, 0} + (bit ? 4095 : 0);
    xc_lanes8 updated = p + (((target - p) * r + (1 << 13)) >> 14);
    // n < limit is -1 in a lane where it holds: subtracting it counts up.
    xc_lanes8 counted = n - (n < limits);
    xc_lanes8 out = updated << 4 | counted;
    hashed[k0] = (uint16_t)out[0];
    hashed[k1] = (uint16_t)out[1];
    hashed[k2] = (uint16_t)out[2];
    hashed[k3] = (uint16_t)out[3];
    hashed[k4] = (uint16_t)out[4];
    hashed[k5] = (uint16_t)out[5];
    hashed[k6] = (uint16_t)out[6];
}

XC_CLONES int32_t xc_cm_predict(xc_cm_bits *s) {
    const int32_t *restrict stretch = s->stretch;
    const uint16_t *restrict hashed = s->hashed;
    int32_t *restrict inputs = s->inputs;
    const int32_t partial = s->partial_byte;
    const int32_t c1 = s->previous_byte;
    const int32_t bits = s->bit_count;

    int32_t x[XC_MIXER_WIDTH] = {0};
    x[0] = stretch[s->order0[partial] >> 20];
    x[1] = stretch[s->order1[c1 << 8 | partial] >> 20];
    int32_t known = 0;
    for (int i = 0; i < XC_CM_HASHED; i++) {
        int64_t slot = s->buckets[i] + s->nibble;
        s->slots[i] = slot;
        uint16_t counter = hashed[slot];
        if (i < XC_CM_ORDERED) known += (counter & 15) != 0;
        x[2 + i] = stretch[counter >> 4];
    }
    // The match model: its byte's next bit, with a confidence learned per length, while the byte agrees so far.
    const int32_t length = s->match_length;
    s->match_counter = -1;
    if (length > 0 && ((s->match_byte | 256) >> (8 - bits)) == partial) {
        int32_t expected = (s->match_byte >> (7 - bits)) & 1;
        int32_t over = (length - 32) >> 4;
        int32_t bucket = length < 32 ? length : 32 + (over < 31 ? over : 31);
        s->match_counter = bucket << 1 | expected;
        x[2 + XC_CM_HASHED] = stretch[s->match_counters[s->match_counter] >> 20];
    }
    x[3 + XC_CM_HASHED] = 256;
    __builtin_memcpy(inputs, x, sizeof x);

    const int32_t lengthClass = length == 0 ? 0 : (length < 16 ? 1 : (length < 32 ? 2 : 3));
    s->selected1 = s->weights1 + (int64_t)((lengthClass * 5 + known) << 8 | partial) * XC_MIXER_WIDTH;
    s->selected2 = s->weights2 + (int64_t)(c1 << 3 | bits) * XC_MIXER_WIDTH;
    xc_lanes8 lo, hi;
    xc_lanes_load(x, &lo, &hi);
    int32_t sums[2];
    xc_lanes_dot2(&lo, &hi, s->selected1, s->selected2, sums);
    const int32_t logit1 = xc_mixer_logit(sums[0]);
    const int32_t logit2 = xc_mixer_logit(sums[1]);
    s->probability1 = squash(s->squash, logit1);
    s->probability2 = squash(s->squash, logit2);

    const int32_t logit = (logit1 + logit2) >> 1;
    const int32_t p0 = squash(s->squash, logit) << 4;
    const int32_t p1 = apm_refine(s->apm_byte, partial, logit, &s->apm_byte_index);
    const int32_t p2 = apm_refine(s->apm_order1, (c1 << 8 | partial) & s->apm_order1_mask, logit, &s->apm_order1_index);
    const int32_t p = (p0 + p1 + 2 * p2 + 2) >> 2;
    return p < 16 ? 16 : (p > 65520 ? 65520 : p);
}

XC_CLONES void xc_cm_learn(xc_cm_bits *s, int32_t bit) {
    const int32_t partial = s->partial_byte;
    const int32_t c1 = s->previous_byte;
    const int32_t nextPartial = partial << 1 | bit;
    const int32_t nextNibble = s->nibble << 1 | bit;

    xc_adaptive_counter_update(s->order0 + partial, bit, 1023, s->reciprocals);
    xc_adaptive_counter_update(s->order1 + (c1 << 8 | partial), bit, 1023, s->reciprocals);
    update_hashed_counters(s, bit);
    if (s->match_counter >= 0) {
        xc_adaptive_counter_update(s->match_counters + s->match_counter, bit, 255, s->reciprocals);
    }
    const int32_t rate = s->mixer_rate;
    xc_lanes_train(s->inputs, s->selected1, ((bit << 12) - s->probability1) * rate, s->weight_limit);
    xc_lanes_train(s->inputs, s->selected2, ((bit << 12) - s->probability2) * rate, s->weight_limit);
    apm_update(s->apm_byte, s->apm_byte_index, bit, s->apm_rate);
    apm_update(s->apm_order1, s->apm_order1_index, bit, s->apm_rate);

    s->bit_count += 1;
    s->nibble = nextNibble;
    s->partial_byte = nextPartial;
    if (s->bit_count == 8) {
        s->previous_byte = nextPartial & 255;
        s->partial_byte = 1;
        s->bit_count = 0;
        s->nibble = 1;
        // The next byte's first order-1 counter and second-mixer set.
        xc_prefetch(s->order1 + ((nextPartial & 255) << 8 | 1));
        xc_prefetch(s->weights2 + (int64_t)((nextPartial & 255) << 3) * XC_MIXER_WIDTH);
    } else {
        if (s->bit_count == 4) s->nibble = 1;
        xc_prefetch(s->apm_order1 + ((c1 << 8 | nextPartial) & s->apm_order1_mask) * 33);
        xc_prefetch(s->apm_order1 + ((c1 << 8 | nextPartial) & s->apm_order1_mask) * 33 + 32);
        xc_prefetch(s->order1 + (c1 << 8 | nextPartial));
        // The first mixer's next set if its match-length class and known-context count stay as they are (they
        // usually do within a byte): the sets of one class and count are consecutive by partial byte.
        xc_prefetch(s->selected1 + (int64_t)(nextPartial - partial) * XC_MIXER_WIDTH);
    }
}
