/// A hashed table of 32-bit adaptive bit counters (`AdaptiveBitCounter`) for byte contexts, one `NibbleBucket` of 16
/// slots per (context, half-byte) at one place: the 15 binary decisions that spell a nibble stay in one 64-byte
/// cache line, so a context costs two cache misses per byte rather than eight.
///
/// Slot 0 of each bucket holds a 32-bit check tag drawn from the hash. A bucket whose tag differs is claimed by the
/// new context and its counters reset to "never seen" (probability 1/2, count 0).
struct NibbleBucketTable {
    let counters: UnsafeMutablePointer<UInt32>
    /// The number of buckets minus one (a power of two minus one).
    let bucketMask: UInt64

    /// A table of `1 << slotBits` counters (`slotBits` ≥ 4).
    init(slotBits: Int, memory: ModelMemory) {
        counters = memory.table(of: UInt32.self, count: 1 << slotBits, initialValue: AdaptiveBitCounter.initial)
        bucketMask = (1 << UInt64(slotBits - 4)) - 1
    }

    /// The index of the bucket (its slot 0) for `contextHash` at `partialByte` (see `NibbleBucket.hash`), claimed
    /// for this context when its tag differs.
    @inline(__always)
    func bucket(contextHash: UInt64, partialByte: Int) -> Int {
        let h = NibbleBucket.hash(contextHash, partialByte: partialByte)
        let index = Int(truncatingIfNeeded: h & bucketMask) << 4
        let tag = UInt32(truncatingIfNeeded: h >> 40) | 1
        if counters[index] != tag {
            NibbleBucket.claim(counters, at: index, tag: tag, fresh: AdaptiveBitCounter.initial)
        }
        return index
    }
}
