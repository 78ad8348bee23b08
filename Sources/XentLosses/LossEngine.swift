import RealModule

/// The state shared by every loss kernel for one unchecked evaluation: the buffers, the layout, the options
/// converted to the scalar type, the reduction's denominator, and per-row scratch space.
///
/// Rows are visited in order `(o, i)`; a row's elements are `base + c * inner`. When `inner == 1` a row is
/// used in place (and its gradient written in place, possibly over the predictions); otherwise it is
/// gathered into scratch first and its gradient scattered back.
struct LossEngine<Scalar: BinaryFloatingPoint & Real & Sendable> {
    let loss: Loss
    let layout: LossLayout
    let predictions: UnsafePointer<Scalar>
    let denseTargets: UnsafePointer<Scalar>?
    let labels: UnsafePointer<Int>?
    let sampleWeights: UnsafePointer<Scalar>?
    let values: UnsafeMutablePointer<Scalar>?
    let gradient: UnsafeMutablePointer<Scalar>?

    /// Class weights converted to `Scalar` (Keras: through Float, as `Model.fit` builds float32 weights).
    let classWeights: [Scalar]?
    /// Label smoothing ε.
    let smoothing: Scalar

    init(
        loss: Loss, layout: LossLayout, predictions: UnsafePointer<Scalar>, denseTargets: UnsafePointer<Scalar>?,
        labels: UnsafePointer<Int>?, sampleWeights: UnsafePointer<Scalar>?, values: UnsafeMutablePointer<Scalar>?,
        gradient: UnsafeMutablePointer<Scalar>?
    ) {
        self.loss = loss
        self.layout = layout
        self.predictions = predictions
        self.denseTargets = denseTargets
        self.labels = labels
        self.sampleWeights = sampleWeights
        self.values = values
        self.gradient = gradient
        if let weights = loss.classWeights {
            if loss.convention == .keras {
                classWeights = weights.map { Scalar(Float($0)) }
            } else {
                classWeights = weights.map { Scalar($0) }
            }
        } else {
            classWeights = nil
        }
        smoothing = Scalar(loss.labelSmoothing)
    }

    var classes: Int { layout.classes }
    var inner: Int { layout.inner }
    var rowCount: Int { layout.rowCount }

    /// The offset of row `r`'s class 0.
    @inline(__always)
    func base(ofRow r: Int) -> Int {
        let o = r / inner
        return o * classes * inner + (r - o * inner)
    }

    @inline(__always)
    func sampleWeight(_ r: Int) -> Scalar { sampleWeights?[r] ?? 1 }

    /// The divisor a reduction applies to the sum of `count` weighted values (Keras and PyTorch alike for
    /// everything but PyTorch's labelled mean, which the caller handles).
    func countDenominator(count: Int) -> Scalar {
        switch loss.reduction {
        case .none, .sum: return 1
        case .mean, .sumOverBatchSize: return Scalar(count)
        case .batchmean: return Scalar(layout.batch)
        }
    }

    /// The final value from the weighted sum and the denominator, with Keras' `divide_no_nan`.
    func reduce(_ total: Double, denominator: Scalar) -> Scalar {
        if loss.reduction == .none || loss.reduction == .sum { return Scalar(total) }
        if loss.convention == .keras && denominator == 0 { return 0 }
        return Scalar(total) / denominator
    }

    /// Keras' class weight for a dense target row (`Model.fit(class_weight=)`): the weight of the first
    /// maximum, or of the rounded value for a single column; 1 for a class outside the list.
    func kerasClassWeight(denseRow y: UnsafePointer<Scalar>) -> Scalar {
        guard let classWeights else { return 1 }
        var index: Int
        if classes == 1 {
            let rounded = Double(y[0]).rounded(.toNearestOrEven)
            guard rounded.isFinite, abs(rounded) < 1e9 else { return 1 }
            index = Int(rounded)
        } else {
            index = 0
            var best = y[0]
            for c in 1..<classes where y[c] > best || (best.isNaN && !y[c].isNaN) {
                best = y[c]
                index = c
            }
        }
        return index >= 0 && index < classWeights.count ? classWeights[index] : 1
    }

    /// A contiguous view of row `r` of `buffer`: in place when `inner == 1`, else gathered into `scratch`.
    @inline(__always)
    func row(_ buffer: UnsafePointer<Scalar>, base: Int, scratch: UnsafeMutablePointer<Scalar>) -> UnsafePointer<Scalar> {
        if inner == 1 { return buffer + base }
        for c in 0..<classes { scratch[c] = buffer[base + c * inner] }
        return UnsafePointer(scratch)
    }

    /// Where row `r`'s gradient is to be written: in place when `inner == 1`, else `scratch`
    /// (then ``scatterGradient(base:from:)``).
    @inline(__always)
    func gradientRow(base: Int, scratch: UnsafeMutablePointer<Scalar>) -> UnsafeMutablePointer<Scalar>? {
        guard let gradient else { return nil }
        return inner == 1 ? gradient + base : scratch
    }

    @inline(__always)
    func scatterGradient(base: Int, from scratch: UnsafeMutablePointer<Scalar>) {
        guard let gradient, inner != 1 else { return }
        for c in 0..<classes { gradient[base + c * inner] = scratch[c] }
    }

    /// Sets row `r`'s gradient to zero.
    @inline(__always)
    func zeroGradient(base: Int) {
        guard let gradient else { return }
        for c in 0..<classes { gradient[base + c * inner] = 0 }
    }

    /// The Keras clip of a probability into [low, high] and the clip's derivative as jax computes it:
    /// 1 inside, 0 outside, 1/2 on a bound (jax splits a tie of `maximum`/`minimum` evenly).
    @inline(__always)
    static func kerasClip(_ v: Scalar, low: Scalar, high: Scalar) -> (value: Scalar, slope: Scalar) {
        if v > low && v < high { return (v, 1) }
        if v == low || v == high { return (v, 0.5) }
        if v < low { return (low, 0) }
        if v > high { return (high, 0) }
        return (v, 1)  // NaN
    }

    /// Keras' epsilon, 1e-7, in the scalar type.
    static var kerasEpsilon: Scalar { Scalar(1e-7) }
    /// 1 − 1e-7 rounded once to the scalar type (0.99999988 in Float32), as Keras passes it.
    static var kerasOneMinusEpsilon: Scalar { Scalar(1.0 - 1e-7) }
}
