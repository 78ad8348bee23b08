import Foundation
import XentKernels

/// The package's SplitMix64 for test inputs.
typealias SplitMix = SplitMix64

extension SplitMix64 {
    /// Uniform in [lower, upper).
    mutating func uniform(_ lower: Double, _ upper: Double) -> Double {
        lower + (upper - lower) * Double(next() >> 11) / 9_007_199_254_740_992.0
    }
}

/// The distance between a computed Float and an exact value, in units of the Float's last place at the exact value.
func ulpDistance(_ got: Float, _ exact: Double) -> Double {
    if got.isNaN && exact.isNaN { return 0 }
    if exact.isInfinite || Float(exact).isInfinite { return Double(got) == exact || got == Float(exact) ? 0 : .infinity }
    let rounded = Float(exact)
    let ulp = Double(rounded == 0 ? Float.leastNonzeroMagnitude : rounded.ulp)
    return abs(Double(got) - exact) / ulp
}

/// Softmax cross-entropy of one row, in Double, written from the definition.
func referenceCrossEntropy(_ x: [Double], weights c: [Double]) -> (loss: Double, gradient: [Double]) {
    let m = x.max() ?? 0
    let s = x.reduce(0) { $0 + exp($1 - m) }
    let lse = m + log(s)
    let total = c.reduce(0, +)
    let loss = zip(c, x).reduce(0) { $0 + $1.0 * (lse - $1.1) }
    let gradient = zip(c, x).map { total * exp($0.1 - lse) - $0.0 }
    return (loss, gradient)
}

/// Whether two arrays hold the same bytes (fast in debug builds).
func sameBits<T>(_ a: [T], _ b: [T]) -> Bool {
    guard a.count == b.count else { return false }
    return a.withUnsafeBytes { x in
        b.withUnsafeBytes { y in
            guard let p = x.baseAddress, let q = y.baseAddress else { return true }
            return memcmp(p, q, x.count) == 0
        }
    }
}
