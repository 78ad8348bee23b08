import XentCompressionC

/// An adaptive estimate of P(bit = 1) in one context packed in 16 bits: the probability in the top 12 bits
/// (units of 2^-12) and the number of updates seen, capped at a limit of at most 15, in the low 4 bits.
///
/// The update is `AdaptiveBitCounter`'s, `p ← p + (bit − p) / (n + 1.5)` rounded to the nearest unit, with a small
/// cap: the estimate follows change (a non-stationary estimate), which is what hashed high-order contexts want
/// (measured: caps of 7–15 beat 60–127 on every corpus file). Half the size of `AdaptiveBitCounter`, so a
/// table holds twice the contexts; the mixer reads 12-bit probabilities from either.
enum CompactBitCounter {
    /// A fresh counter: probability 1/2, count 0.
    static let initial: UInt16 = 2048 << 4

    /// The reciprocal table `16384 / (n + 1.5)` for n in 0..<16.
    static let reciprocals: [Int32] = (0..<16).map { Int32(32768 / ($0 + $0 + 3)) }

    /// The probability that the next bit is 1, in units of 2^-12 (0..<4096).
    @inline(__always)
    static func probability12(_ counter: UInt16) -> Int {
        Int(counter >> 4)
    }

    /// The number of updates seen (0...15).
    @inline(__always)
    static func count(_ counter: UInt16) -> Int {
        Int(counter & 15)
    }

    /// Updates `counter` with `bit`, counting up to `limit` (at most 15).
    @inline(__always)
    static func update(
        _ counter: UnsafeMutablePointer<UInt16>, bit: Int, limit: Int, reciprocals: UnsafePointer<Int32>
    ) {
        xc_compact_counter_update(counter, Int32(truncatingIfNeeded: bit), Int32(truncatingIfNeeded: limit), reciprocals)
    }
}
