/// SplitMix64: a small seeded generator so that random test cases are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Random non-negative weights (some exactly zero when `zeros` is true).
    mutating func weights(count: Int, zeros: Bool = false) -> [Double] {
        (0..<count).map { _ in
            if zeros && Int.random(in: 0..<4, using: &self) == 0 { return 0 }
            return Double.random(in: 0.001...1, using: &self)
        }
    }
}
