import RealModule
import XentKernels

/// The inner loops of every loss: one contiguous row of `count` scalars at a time.
///
/// Each function reads and writes plain pointers, so a SIMD version can replace its body without touching
/// the losses: for `Float` and `Double` rows the softmax (gradient) writers, and for `Double` rows the sum of
/// exponentials, run XentKernels' vectorised kernels (float exponentials computed in double and rounded once);
/// other types use the loops here. Gradient writers may be handed `out == x` (in place): they read `x[c]` and then write
/// `out[c]`, never reading an element after writing it.
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
        // Float rows keep the sequential Float sum: the peers' float32 gradients are matched to their last bits
        // by the fixture tests, and a sum carried in Double moves some of them by a few ulp.
        if Scalar.self == Double.self {
            let p = UnsafeRawPointer(x).assumingMemoryBound(to: Double.self)
            return Scalar(Kernels.sumOfExponentials(p, count: count, shift: Double(shift)))
        }
        var s: Scalar = 0
        for c in 0..<count { s += Scalar.exp(x[c] - shift) }
        return s
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

    /// −Σ a[c]·ℓ[c] and Σ a[c], with ℓ the log-softmax given by `max` and `logSum`.
    @inlinable @inline(__always)
    static func weightedNegativeLogSoftmax<Scalar: BinaryFloatingPoint & Real>(
        _ x: UnsafePointer<Scalar>, count: Int, max m: Scalar, logSum: Scalar, coefficients a: UnsafePointer<Scalar>
    ) -> (loss: Scalar, coefficientSum: Scalar) {
        var loss: Scalar = 0
        var total: Scalar = 0
        for c in 0..<count {
            let ac = a[c]
            if ac != 0 { loss -= ac * ((x[c] - m) - logSum) }
            total += ac
        }
        return (loss, total)
    }

    /// out[c] = softmaxScale·softmax[c] − coefficientScale·a[c] (the fused softmax cross-entropy gradient).
    /// `out` may be `x`.
    @inlinable @inline(__always)
    static func writeSoftmaxGradient<Scalar: BinaryFloatingPoint & Real>(
        _ x: UnsafePointer<Scalar>, count: Int, max m: Scalar, logSum: Scalar, softmaxScale: Scalar,
        coefficients a: UnsafePointer<Scalar>, coefficientScale: Scalar, into out: UnsafeMutablePointer<Scalar>
    ) {
        if vectorisedSoftmaxGradient(
            x, count: count, max: m, logSum: logSum, softmaxScale: softmaxScale, coefficients: a,
            coefficientScale: coefficientScale, label: -1, labelScale: 0, into: out)
        {
            return
        }
        for c in 0..<count {
            let p = Scalar.exp((x[c] - m) - logSum)
            out[c] = softmaxScale * p - coefficientScale * a[c]
        }
    }

    /// out[c] = softmaxScale·softmax[c] − (c == label ? labelScale : 0). `out` may be `x`.
    @inlinable @inline(__always)
    static func writeSoftmaxGradient<Scalar: BinaryFloatingPoint & Real>(
        _ x: UnsafePointer<Scalar>, count: Int, max m: Scalar, logSum: Scalar, softmaxScale: Scalar,
        label: Int, labelScale: Scalar, into out: UnsafeMutablePointer<Scalar>
    ) {
        if vectorisedSoftmaxGradient(
            x, count: count, max: m, logSum: logSum, softmaxScale: softmaxScale, coefficients: nil,
            coefficientScale: 0, label: label, labelScale: labelScale, into: out)
        {
            return
        }
        for c in 0..<count {
            let p = Scalar.exp((x[c] - m) - logSum)
            out[c] = c == label ? softmaxScale * p - labelScale : softmaxScale * p
        }
    }

    /// The two gradient writers for `Float` and `Double` rows, through XentKernels; false for other types.
    @inlinable @inline(__always)
    static func vectorisedSoftmaxGradient<Scalar: BinaryFloatingPoint & Real>(
        _ x: UnsafePointer<Scalar>, count: Int, max m: Scalar, logSum: Scalar, softmaxScale: Scalar,
        coefficients a: UnsafePointer<Scalar>?, coefficientScale: Scalar, label: Int, labelScale: Scalar,
        into out: UnsafeMutablePointer<Scalar>
    ) -> Bool {
        if Scalar.self == Float.self {
            Kernels.writeSoftmaxGradient(
                UnsafeRawPointer(x).assumingMemoryBound(to: Float.self), count: count, max: Float(m),
                logSum: Float(logSum), softmaxScale: Float(softmaxScale),
                coefficients: a.map { UnsafeRawPointer($0).assumingMemoryBound(to: Float.self) },
                coefficientScale: Float(coefficientScale), label: label, labelScale: Float(labelScale),
                into: UnsafeMutableRawPointer(out).assumingMemoryBound(to: Float.self))
            return true
        }
        if Scalar.self == Double.self {
            Kernels.writeSoftmaxGradient(
                UnsafeRawPointer(x).assumingMemoryBound(to: Double.self), count: count, max: Double(m),
                logSum: Double(logSum), softmaxScale: Double(softmaxScale),
                coefficients: a.map { UnsafeRawPointer($0).assumingMemoryBound(to: Double.self) },
                coefficientScale: Double(coefficientScale), label: label, labelScale: Double(labelScale),
                into: UnsafeMutableRawPointer(out).assumingMemoryBound(to: Double.self))
            return true
        }
        return false
    }

    /// out[c] = softmax[c] (the probabilities); `out` may be `x`.
    @inlinable @inline(__always)
    static func writeSoftmax<Scalar: BinaryFloatingPoint & Real>(
        _ x: UnsafePointer<Scalar>, count: Int, into out: UnsafeMutablePointer<Scalar>
    ) {
        if Scalar.self == Float.self {
            Kernels.softmaxRows(
                UnsafeRawPointer(x).assumingMemoryBound(to: Float.self),
                into: UnsafeMutableRawPointer(out).assumingMemoryBound(to: Float.self), rows: 1, classes: count)
            return
        }
        if Scalar.self == Double.self {
            Kernels.softmaxRows(
                UnsafeRawPointer(x).assumingMemoryBound(to: Double.self),
                into: UnsafeMutableRawPointer(out).assumingMemoryBound(to: Double.self), rows: 1, classes: count)
            return
        }
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
