import XentCompressionC

/// An adaptive estimate of P(bit = 1) in one context, packed in 32 bits: the probability in the top 22 bits and
/// the number of updates seen (capped at a limit) in the low 10 bits.
///
/// Each update moves the probability toward the bit by `1 / (n + 1.5)` of the distance, where `n` is the count
/// before the update: with the cap at its maximum (1023) this is, to first order, the frequency estimate
/// `(ones + 0.75) / (n + 1.5)` of a stationary source; a small cap keeps adapting to change (a non-stationary
/// estimate). This is the state map update of Mahoney's lpaq, applied to a direct probability.
enum AdaptiveBitCounter {
    /// A fresh counter: probability 1/2, count 0.
    static let initial: UInt32 = 1 << 31

    /// The reciprocal table `16384 / (2n + 3)` for n in 0..<1024.
    static let reciprocals: [Int32] = (0..<1024).map { Int32(16384 / ($0 + $0 + 3)) }

    /// The probability that the next bit is 1, in units of 2^-12 (0..<4096).
    @inline(__always)
    static func probability12(_ counter: UInt32) -> Int {
        Int(counter >> 20)
    }

    /// The probability that the next bit is 1, in units of 2^-16 (0..<65536).
    @inline(__always)
    static func probability16(_ counter: UInt32) -> Int {
        Int(counter >> 16)
    }

    /// Updates `counter` with `bit`, counting up to `limit` (at most 1023).
    @inline(__always)
    static func update(
        _ counter: UnsafeMutablePointer<UInt32>, bit: Int, limit: Int, reciprocals: UnsafePointer<Int32>
    ) {
        xc_adaptive_counter_update(counter, Int32(truncatingIfNeeded: bit), Int32(truncatingIfNeeded: limit), reciprocals)
    }
}
