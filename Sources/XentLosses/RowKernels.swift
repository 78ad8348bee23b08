import RealModule

/// The inner loops of every loss: one contiguous row of `count` scalars at a time.
///
/// Each function reads and writes plain pointers, so a SIMD version can replace its body without touching
/// the losses. Gradient writers may be handed `out == x` (in place): they read `x[c]` and then write
/// `out[c]`, never reading an element after writing it.
///
/// Row sums accumulate in Double (exact enough for Float32 rows of any length; free for Double).
///
/// NaN propagates: a NaN anywhere in a row makes its maximum, log-sum-exp and softmax NaN.
@usableFromInline
enum RowKernels {
    /// The largest element (`x[0]` when it is NaN, so a NaN first element poisons the row).
    @inlinable @inline(__always)
    static func maximum<Scalar: BinaryFloatingPoint>(_ x: UnsafePointer<Scalar>, count: Int) -> Scalar {
        var m = x[0]
        var c = 1
        while c < count {
            let v = x[c]
            if v > m || v.isNaN { m = v }
            c += 1
        }
        return m
    }

    /// Σ exp(x[c] − shift).
    @inlinable @inline(__always)
    static func sumOfExponentials<Scalar: BinaryFloatingPoint & Real>(
        _ x: UnsafePointer<Scalar>, count: Int, shift: Scalar
    ) -> Scalar {
        var s: Double = 0
        for c in 0..<count { s += Double(Scalar.exp(x[c] - shift)) }
        return Scalar(s)
    }

    /// The row's maximum m and log Σ exp(x − m): log-softmax is `(x[c] − m) − logSum`, log-sum-exp is
    /// `m + logSum`. Exact in the sense of the stable form for every finite input.
    @inlinable @inline(__always)
    static func logSumExp<Scalar: BinaryFloatingPoint & Real>(
        _ x: UnsafePointer<Scalar>, count: Int
    ) -> (max: Scalar, logSum: Scalar) {
        let m = maximum(x, count: count)
        return (m, Scalar.log(sumOfExponentials(x, count: count, shift: m)))
    }

    /// Writes e[c] = exp(x[c] − shift) into `out` and returns Σ e. `out` may be `x`: the first of the two
    /// exponent passes of a fused loss is then also the only one.
    @inlinable @inline(__always)
    static func writeExponentials<Scalar: BinaryFloatingPoint & Real>(
        _ x: UnsafePointer<Scalar>, count: Int, shift: Scalar, into out: UnsafeMutablePointer<Scalar>
    ) -> Double {
        var s: Double = 0
        for c in 0..<count {
            let e = Scalar.exp(x[c] - shift)
            out[c] = e
            s += Double(e)
        }
        return s
    }

    /// As ``writeExponentials(_:count:shift:into:)``, also returning Σ a[c]·(x[c] − shift) and Σ a[c], read
    /// before `out[c]` is written (so `out` may be `x`).
    @inlinable @inline(__always)
    static func writeExponentials<Scalar: BinaryFloatingPoint & Real>(
        _ x: UnsafePointer<Scalar>, count: Int, shift: Scalar, coefficients a: UnsafePointer<Scalar>,
        into out: UnsafeMutablePointer<Scalar>
    ) -> (sum: Double, weightedShifted: Double, coefficientSum: Double) {
        var s: Double = 0
        var dot: Double = 0
        var total: Double = 0
        for c in 0..<count {
            let shifted = x[c] - shift
            let e = Scalar.exp(shifted)
            let ac = a[c]
            if ac != 0 { dot += Double(ac) * Double(shifted) }
            total += Double(ac)
            out[c] = e
            s += Double(e)
        }
        return (s, dot, total)
    }

    /// Turns exponentials into the fused gradient in place: g[c] = factor·g[c] − coefficientScale·a[c]
    /// (factor = softmaxScale / Σ e), computed in Double and rounded once.
    @inlinable @inline(__always)
    static func scaleExponentials<Scalar: BinaryFloatingPoint>(
        _ g: UnsafeMutablePointer<Scalar>, count: Int, factor: Double, coefficients a: UnsafePointer<Scalar>,
        coefficientScale: Double
    ) {
        for c in 0..<count { g[c] = Scalar(factor * Double(g[c]) - coefficientScale * Double(a[c])) }
    }

    /// Turns exponentials into the fused gradient in place for one label: g[c] = factor·g[c], then
    /// g[label] −= labelScale (in Double, rounded once).
    @inlinable @inline(__always)
    static func scaleExponentials<Scalar: BinaryFloatingPoint>(
        _ g: UnsafeMutablePointer<Scalar>, count: Int, factor: Double, label: Int, labelScale: Double
    ) {
        let e = Double(g[label])
        for c in 0..<count { g[c] = Scalar(factor * Double(g[c])) }
        g[label] = Scalar(factor * e - labelScale)
    }

    /// out[c] = softmax[c] (the probabilities); `out` may be `x`.
    @inlinable @inline(__always)
    static func writeSoftmax<Scalar: BinaryFloatingPoint & Real>(
        _ x: UnsafePointer<Scalar>, count: Int, into out: UnsafeMutablePointer<Scalar>
    ) {
        let m = maximum(x, count: count)
        var s: Scalar = 0
        for c in 0..<count {
            let e = Scalar.exp(x[c] - m)
            out[c] = e
            s += e
        }
        for c in 0..<count { out[c] /= s }
    }

    /// σ(x) = 1 / (1 + e^−x), computed without overflow for every input.
    @inlinable @inline(__always)
    static func sigmoid<Scalar: BinaryFloatingPoint & Real>(_ x: Scalar) -> Scalar {
        if x >= 0 { return 1 / (1 + Scalar.exp(-x)) }
        let e = Scalar.exp(x)
        return e / (1 + e)
    }

    /// log σ(x) = min(x, 0) − log1p(e^−|x|): exact for every finite input (log σ(−1e4) = −1e4).
    @inlinable @inline(__always)
    static func logSigmoid<Scalar: BinaryFloatingPoint & Real>(_ x: Scalar) -> Scalar {
        Swift.min(x, 0) - Scalar.log(onePlus: Scalar.exp(-Swift.abs(x)))
    }
}
