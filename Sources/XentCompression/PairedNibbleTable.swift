import XentCompressionC

/// A hashed table of 16-bit adaptive bit counters (`CompactBitCounter`) for byte contexts, in buckets of 16, one
/// bucket per (context, half-byte), two buckets to a 64-byte cache line: a context may live in either bucket of
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

    /// The line index (in counters) and the tag of a context hash combined with the bits of the byte seen so far
    /// (`partialByte`: 1 at a byte's start, 16...31 at its second half).
    @inline(__always)
    private func place(_ contextHash: UInt64, _ partialByte: Int) -> (line: Int, tag: UInt16) {
        let h = mixHash(contextHash &+ UInt64(truncatingIfNeeded: partialByte), 0x5BD1_E995)
        return (Int(truncatingIfNeeded: h & lineMask) << 5, UInt16(truncatingIfNeeded: h >> 48) | 1)
    }

    /// Finds the buckets of `count` contexts at once (into `buckets`, indices of their slot 0), claiming a bucket
    /// for each context not present: all the loads are issued before any tag is compared, so their cache misses
    /// overlap instead of waiting behind a mispredicted branch.
    @inline(__always)
    func findBuckets(
        contextHashes: UnsafeMutablePointer<UInt64>, count: Int, partialByte: Int,
        buckets: UnsafeMutablePointer<Int>, scratch: UnsafeMutablePointer<UInt64>
    ) {
        for i in 0..<count {
            let (line, tag) = place(contextHashes[i], partialByte)
            buckets[i] = line
            scratch[i] = UInt64(tag) << 32 | UInt64(counters[line]) << 16 | UInt64(counters[line + 16])
        }
        for i in 0..<count {
            let tag = UInt16(truncatingIfNeeded: scratch[i] >> 32)
            let first = buckets[i]
            if UInt16(truncatingIfNeeded: scratch[i] >> 16) == tag { continue }
            if UInt16(truncatingIfNeeded: scratch[i]) == tag {
                buckets[i] = first + 16
                continue
            }
            let victim =
                CompactBitCounter.count(counters[first + 1]) <= CompactBitCounter.count(counters[first + 17])
                ? first : first + 16
            buckets[i] = victim
            counters[victim] = tag
            (counters + victim + 1).update(repeating: CompactBitCounter.initial, count: 15)
        }
    }

    /// Prefetches the line of each of `count` contexts for both values of the next bit, when the bits seen so far
    /// (`partialByte`) are one short of a nibble boundary, so that the next `findBuckets` finds them in cache.
    @inline(__always)
    func prefetchNextNibble(contextHashes: UnsafeMutablePointer<UInt64>, count: Int, partialByte: Int) {
        prefetchBuckets(contextHashes: contextHashes, count: count, partialByte: partialByte << 1)
        prefetchBuckets(contextHashes: contextHashes, count: count, partialByte: partialByte << 1 | 1)
    }

    /// Prefetches the line of each of `count` contexts at `partialByte`.
    @inline(__always)
    func prefetchBuckets(contextHashes: UnsafeMutablePointer<UInt64>, count: Int, partialByte: Int) {
        for i in 0..<count {
            xc_prefetch(counters + place(contextHashes[i], partialByte).line)
        }
    }
}
