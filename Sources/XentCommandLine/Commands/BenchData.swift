import XentKernels

/// Deterministic benchmark inputs and checksums (the same on every machine and for any thread count).
enum BenchData {
    /// Logits uniform in [-8, 8) from a 64-bit xorshift generator.
    static func fillLogits<Scalar: KernelScalar>(_ x: UnsafeMutablePointer<Scalar>, count: Int, seed: UInt64) {
        var state = 0x9E37_79B9_7F4A_7C15 &* (seed | 1)
        for i in 0..<count {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            x[i] = Scalar(Int(state >> 40)) * Scalar(16.0 / 16_777_216.0) - 8
        }
    }

    static func fillLabels(_ labels: UnsafeMutablePointer<Int>, rows: Int, classes: Int, seed: UInt64) {
        var state = 0x9E37_79B9_7F4A_7C15 &* (seed | 1)
        for i in 0..<rows {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            labels[i] = Int(state % UInt64(classes))
        }
    }

    static func fillBinaryTargets<Scalar: KernelScalar>(
        _ t: UnsafeMutablePointer<Scalar>, count: Int, seed: UInt64
    ) {
        var state = 0x9E37_79B9_7F4A_7C15 &* (seed | 1)
        for i in 0..<count {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            t[i] = (state >> 63) == 0 ? 0 : 1
        }
    }

    /// Σ values in index order, in Double.
    static func sum<Scalar: BinaryFloatingPoint>(_ values: UnsafePointer<Scalar>, count: Int) -> Double {
        var total = 0.0
        for i in 0..<count { total += Double(values[i]) }
        return total
    }

    /// Σ values[i] * ((i mod 7) - 3): sensitive to every element of a gradient whose rows sum to zero.
    static func weightedSum<Scalar: BinaryFloatingPoint>(_ values: UnsafePointer<Scalar>, count: Int) -> Double {
        var total = 0.0
        for i in 0..<count { total += Double(values[i]) * Double(i % 7 - 3) }
        return total
    }
}
