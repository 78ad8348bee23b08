import XentCompressionC

/// A hashed table of 16-bit adaptive bit counters (`CompactBitCounter`) for byte contexts, one `NibbleBucket` of 16
/// slots per (context, half-byte), two buckets to a 64-byte cache line: a context may live in either bucket of
/// its line (two-way set associative), so a lookup costs one cache miss and a collision evicts the less-used
/// context of the pair instead of whichever came last.
///
/// Slot 0 of each bucket holds a 16-bit check tag drawn from the hash; slot 1 is the counter of the nibble's first
/// bit, seen every time the context is, so its count says how used the bucket is. A context found in neither
/// bucket claims the one whose first counter has the smaller count (the first on a tie) and resets its counters to
/// "never seen" (probability 1/2, count 0).
struct PairedNibbleTable {
    let counters: UnsafeMutablePointer<UInt16>
    /// The number of cache lines minus one (a power of two minus one).
    let lineMask: UInt64

    /// A table of `1 << slotBits` counters (`slotBits` ≥ 5).
    init(slotBits: Int, memory: ModelMemory) {
        counters = memory.table(of: UInt16.self, count: 1 << slotBits, initialValue: CompactBitCounter.initial)
        lineMask = (1 << UInt64(slotBits - 5)) - 1
    }

    /// Computes the places of the context-mixing model's hashed contexts and prefetches their lines, so that a
    /// `findBuckets(places:…)` soon after finds them in cache: `rows` rows (8 lanes each, `XC_CM_HASHED` used),
    /// row r from `contextHashes + r · hashStride` at partial byte `partialByte + r · partialStep`, into `places`.
    /// A place is `line << 16 | tag` (see `NibbleBucket.hash`): the index of the first counter of its cache line
    /// and a 16-bit check tag (odd, so never a fresh counter's value). `xc_cm_locate` (ContextPlaces.c) computes
    /// them four lanes at a time.
    @inline(__always)
    func locate(
        contextHashes: UnsafePointer<UInt64>, hashStride: Int = 0, rows: Int, partialByte: Int, partialStep: Int = 0,
        into places: UnsafeMutablePointer<UInt64>
    ) {
        xc_cm_locate(
            contextHashes, Int64(hashStride), Int64(rows), Int64(partialByte), Int64(partialStep), lineMask, counters,
            places)
    }

    /// Finds the buckets of `count` contexts at their `places` (into `buckets`, indices of their slot 0), claiming
    /// a bucket for each context not present: all the loads are issued before any tag is compared, so their cache
    /// misses overlap instead of waiting behind a mispredicted branch.
    @inline(__always)
    func findBuckets(
        places: UnsafeMutablePointer<UInt64>, count: Int, buckets: UnsafeMutablePointer<Int64>,
        scratch: UnsafeMutablePointer<UInt64>
    ) {
        for i in 0..<count {
            let line = Int(truncatingIfNeeded: places[i] >> 16)
            buckets[i] = Int64(line)
            scratch[i] = UInt64(counters[line]) << 16 | UInt64(counters[line &+ 16])
        }
        for i in 0..<count {
            let tag = UInt16(truncatingIfNeeded: places[i])
            let first = Int(truncatingIfNeeded: buckets[i])
            if UInt16(truncatingIfNeeded: scratch[i] >> 16) == tag { continue }
            if UInt16(truncatingIfNeeded: scratch[i]) == tag {
                buckets[i] = Int64(first &+ 16)
                continue
            }
            let victim =
                CompactBitCounter.count(counters[first &+ 1]) <= CompactBitCounter.count(counters[first &+ 17])
                ? first : first &+ 16
            buckets[i] = Int64(victim)
            NibbleBucket.claim(counters, at: victim, tag: tag, fresh: CompactBitCounter.initial)
        }
    }
}
