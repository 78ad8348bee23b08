/// What the two hashed tables of byte contexts (`NibbleBucketTable`, `PairedNibbleTable`) share: a context's
/// counters for one half-byte live in a *bucket* of 16 slots, slot 0 a check tag drawn from the hash and slots 1–15
/// the counters of the 15 binary decisions that spell the nibble (a binary tree indexed by the nibble's bits so far).
/// The tables differ in counter width and in where a bucket may live (one place, or either of a cache line's two).
enum NibbleBucket {
    /// The hash that places the bucket of a byte context (`contextHash`) for the bits of the byte seen so far
    /// (`partialByte`: 1 at a byte's start, 16...31 at its second half).
    @inline(__always)
    static func hash(_ contextHash: UInt64, partialByte: Int) -> UInt64 {
        mixHash(contextHash &+ UInt64(truncatingIfNeeded: partialByte), 0x5BD1_E995)
    }

    /// Hands the bucket at `index` (its slot 0) to a new context: slot 0 takes `tag` and the 15 counters are reset
    /// to `fresh` ("never seen"), so that a collision reads as a new context rather than another context's
    /// statistics.
    @inline(__always)
    static func claim<Counter>(_ counters: UnsafeMutablePointer<Counter>, at index: Int, tag: Counter, fresh: Counter) {
        counters[index] = tag
        (counters + (index &+ 1)).update(repeating: fresh, count: 15)
    }
}
