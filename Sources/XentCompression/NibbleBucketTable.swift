/// A hashed table of adaptive bit counters for byte contexts, organised in buckets of 16 counters, one bucket per
/// (context, half-byte): the 15 binary decisions that spell a nibble stay in one 64-byte cache line, so a context
/// costs two cache misses per byte rather than eight.
///
/// Slot 0 of each bucket holds a check tag drawn from the hash. A bucket whose tag differs is claimed by the new
/// context and its counters reset to "never seen" (probability 1/2, count 0), so a collision reads as a new
/// context instead of another context's statistics.
struct NibbleBucketTable {
    let counters: UnsafeMutablePointer<UInt32>
    /// The number of buckets minus one (a power of two minus one).
    let bucketMask: UInt64

    /// A table of `1 << slotBits` counters (`slotBits` ≥ 4).
    init(slotBits: Int, memory: ModelMemory) {
        counters = memory.table(of: UInt32.self, count: 1 << slotBits, initialValue: AdaptiveBitCounter.initial)
        bucketMask = (1 << UInt64(slotBits - 4)) - 1
    }

    /// The index of the bucket for `contextHash` combined with the bits of the byte seen so far (`partialByte`,
    /// 1 at a byte's start and 16...31 at its second half); claims the bucket when its tag differs.
    /// Finds the buckets of `count` contexts at once (into `buckets`): all the loads are issued before any tag is
    /// compared, so their cache misses overlap instead of waiting behind a mispredicted branch.
    @inline(__always)
    func findBuckets(
        contextHashes: UnsafeMutablePointer<UInt64>, count: Int, partialByte: Int,
        buckets: UnsafeMutablePointer<Int>, scratch: UnsafeMutablePointer<UInt64>
    ) {
        for i in 0..<count {
            let h = mixHash(contextHashes[i] &+ UInt64(truncatingIfNeeded: partialByte), 0x5BD1_E995)
            let index = Int(truncatingIfNeeded: h & bucketMask) << 4
            buckets[i] = index
            scratch[i] = (UInt64(UInt32(truncatingIfNeeded: h >> 40) | 1) << 32) | UInt64(counters[index])
        }
        for i in 0..<count {
            let tag = UInt32(truncatingIfNeeded: scratch[i] >> 32)
            if UInt32(truncatingIfNeeded: scratch[i]) != tag {
                let index = buckets[i]
                counters[index] = tag
                (counters + index + 1).update(repeating: AdaptiveBitCounter.initial, count: 15)
            }
        }
    }

    @inline(__always)
    func bucket(contextHash: UInt64, partialByte: Int) -> Int {
        let h = mixHash(contextHash &+ UInt64(truncatingIfNeeded: partialByte), 0x5BD1_E995)
        let index = Int(truncatingIfNeeded: h & bucketMask) << 4
        let tag = UInt32(truncatingIfNeeded: h >> 40) | 1
        if counters[index] != tag {
            counters[index] = tag
            (counters + index + 1).update(repeating: AdaptiveBitCounter.initial, count: 15)
        }
        return index
    }
}
