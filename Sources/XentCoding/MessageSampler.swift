import XentKernels

/// Draws messages of independent symbols from a discrete distribution (inverse transform sampling).
public struct MessageSampler: Sendable {
    /// The distribution sampled from, normalised to sum to 1.
    public let probabilities: [Double]
    private let cumulative: [Double]

    /// A sampler for `probabilities` (non-negative finite weights, divided by their sum).
    ///
    /// - Throws: ``CodingError`` for an invalid distribution.
    public init(probabilities: [Double]) throws(CodingError) {
        let p = try Distribution.normalized(probabilities)
        self.probabilities = p
        var running = 0.0
        cumulative = p.map { running += $0; return running }
    }

    /// `count` symbols drawn independently with `generator`. A symbol of probability zero is never drawn.
    ///
    /// - Throws: ``CodingError/invalidCount(value:expected:)`` for a negative count.
    public func sample(count: Int, using generator: inout some RandomNumberGenerator) throws(CodingError) -> [Int] {
        guard count >= 0 else { throw .invalidCount(value: count, expected: "a number of symbols >= 0") }
        let last = probabilities.lastIndex { $0 > 0 } ?? 0
        let total = cumulative[last]
        return (0..<count).map { _ in
            // u uniform in [0, total): 53 random bits.
            let u = Double(generator.next() >> 11) * 0x1p-53 * total
            var low = 0
            var high = last
            while low < high {
                let mid = (low + high) / 2
                if cumulative[mid] > u { high = mid } else { low = mid + 1 }
            }
            return low
        }
    }

    /// `count` symbols drawn with a `SplitMix64` generator (from XentKernels) seeded with `seed`.
    ///
    /// - Throws: ``CodingError/invalidCount(value:expected:)`` for a negative count.
    public func sample(count: Int, seed: UInt64) throws(CodingError) -> [Int] {
        var generator = SplitMix64(seed: seed)
        return try sample(count: count, using: &generator)
    }
}
