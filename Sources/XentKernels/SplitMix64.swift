/// SplitMix64 (Steele, Lea and Flood 2014): a small, fast, seeded generator, so that sampled messages, test inputs
/// and fuzzing runs are the same on every platform for a given seed. The package's one seedable generator: the
/// coding layer samples messages with it, the training layer seeds xoshiro256** with it, tests and fuzzers draw
/// their inputs from it.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose sequence is determined by `seed`.
    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
