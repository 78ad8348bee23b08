import XentKernels

/// The package's SplitMix64, so that random test cases are the same on every run.
typealias SeededGenerator = SplitMix64

extension SplitMix64 {
    /// Random non-negative weights (some exactly zero when `zeros` is true).
    mutating func weights(count: Int, zeros: Bool = false) -> [Double] {
        (0..<count).map { _ in
            if zeros && Int.random(in: 0..<4, using: &self) == 0 { return 0 }
            return Double.random(in: 0.001...1, using: &self)
        }
    }
}
