import RealModule

/// Binary cross-entropy and binary focal cross-entropy, one independent label per class column.
///
/// Keras averages the elements of a row over the label axis (in Float32, as its jax backend's `mean` does
/// even for Float64 input) and weights rows; PyTorch keeps every element and weights elements.
extension LossEngine {
    func binary(focal: Bool) -> UncheckedLossSummary<Scalar> {
        let keras = loss.convention == .keras || focal
        let classCount = classes
        let rows = rowCount
        let elementwise = !keras
        let denominator = countDenominator(count: elementwise ? layout.elementCount : rows)
        let eps = smoothing
        let keep = Scalar(1 - loss.labelSmoothing)
        let half = Scalar(0.5 * loss.labelSmoothing)
        let posWeights: [Scalar]? = loss.fromLogits ? loss.posWeight.map { $0.map { Scalar($0) } } : nil
        let gamma = Scalar(loss.gamma)
        let alpha: Scalar
        if case .uniform(let a) = loss.alpha { alpha = Scalar(a) } else { alpha = Scalar(0.25) }
        let low = Self.kerasEpsilon, high = Self.kerasOneMinusEpsilon

        let scratch = UnsafeMutablePointer<Scalar>.allocate(capacity: 3 * max(classCount, 1))
        defer { scratch.deallocate() }
        let xScratch = scratch, tScratch = scratch + classCount, eScratch = scratch + 2 * classCount
        guard let denseTargets else { return UncheckedLossSummary(value: .nan, allTargetsIgnored: false, zeroTotalWeight: false) }

        var total: Double = 0
        var weightSum: Double = 0
        for r in 0..<rows {
            let base = base(ofRow: r)
            let x = row(predictions, base: base, scratch: xScratch)
            let t = row(denseTargets, base: base, scratch: tScratch)
            let out = gradientRow(base: base, scratch: eScratch)
            var rowWeight = sampleWeight(r)
            if keras { rowWeight *= kerasClassWeight(denseRow: t) }
            let rowScale = rowWeight / denominator
            // Keras: the row's cotangent reaches the elements through a Float32 mean, which XLA computes
            // as a sequential Float32 sum times the Float32 reciprocal of the count (checked bit for bit).
            let reciprocal = 1 / Float(classCount)
            let elementScale: Scalar = keras ? Scalar(Float(rowScale) * reciprocal) : rowScale

            if keras {
                var mean: Float = 0
                for c in 0..<classCount {
                    let y = eps > 0 ? t[c] * keep + half : t[c]
                    let (e, slope) = focal
                        ? Self.kerasFocalElement(x[c], y, logits: loss.fromLogits, gamma: gamma, alpha: alpha,
                                                 balance: loss.applyClassBalancing, low: low, high: high)
                        : Self.kerasBinaryElement(x[c], y, logits: loss.fromLogits, low: low, high: high)
                    mean += Float(e)
                    out?[c] = elementScale * slope
                }
                let value = Scalar(mean * reciprocal)
                let weighted = value * rowWeight
                values?[r] = weighted
                total += Double(weighted)
                weightSum += Double(rowWeight)
            } else {
                for c in 0..<classCount {
                    let y = eps > 0 ? t[c] * keep + half : t[c]
                    let w = (classWeights?[c] ?? 1) * rowWeight
                    var e: Scalar
                    var slope: Scalar
                    if loss.fromLogits {
                        let xc = x[c]
                        let logSigmoid = RowKernels.logSigmoid(xc)
                        let sigmoid = 1 / (1 + Scalar.exp(-xc))
                        if let posWeights {
                            let pw = posWeights.count == 1 ? posWeights[0] : posWeights[c]
                            e = (1 - y) * xc - logSigmoid * ((pw - 1) * y + 1)
                            let tt = pw * y
                            slope = (tt + 1 - y) * sigmoid - tt
                        } else {
                            e = (1 - y) * xc - logSigmoid
                            slope = sigmoid - y
                        }
                    } else {
                        let p = x[c]
                        e = (y - 1) * Swift.max(Scalar.log(onePlus: -p), -100) - y * Swift.max(Scalar.log(p), -100)
                        if p.isNaN { e = .nan }
                        slope = (p - y) / Swift.max((1 - p) * p, Scalar(Float(1e-12)))  // a float constant in ATen
                    }
                    e *= w
                    values?[base + c * inner] = e
                    total += Double(e)
                    weightSum += Double(w)
                    out?[c] = slope * w / denominator
                }
            }
            if out != nil { scatterGradient(base: base, from: eScratch) }
        }
        let zeroWeight = rows > 0 && weightSum == 0 && loss.reduction != .none && loss.reduction != .sum
        return UncheckedLossSummary(value: reduce(total, denominator: denominator),
                                    allTargetsIgnored: false, zeroTotalWeight: zeroWeight)
    }

    /// One Keras binary cross-entropy element and its derivative with respect to the prediction.
    @inline(__always)
    static func kerasBinaryElement(_ x: Scalar, _ y: Scalar, logits: Bool, low: Scalar, high: Scalar)
        -> (value: Scalar, slope: Scalar)
    {
        if logits {
            // jax: −y·log σ(x) − (1 − y)·log σ(−x); d/dx = −y·σ(−x) + (1 − y)·σ(x).
            let value = -y * RowKernels.logSigmoid(x) - (1 - y) * RowKernels.logSigmoid(-x)
            let slope = -y * RowKernels.sigmoid(-x) + (1 - y) * RowKernels.sigmoid(x)
            return (value, slope)
        }
        let (q, clipSlope) = kerasClip(x, low: low, high: high)
        let value = -(y * Scalar.log(q) + (1 - y) * Scalar.log(1 - q))
        let slope = clipSlope * (-(y / q) + (1 - y) / (1 - q))
        return (value, slope)
    }

    /// One Keras binary focal element: (1 − p_t)^γ · BCE(y, p) (times α or 1 − α with class balancing),
    /// p = σ(x) for logits, and its derivative with respect to the prediction.
    @inline(__always)
    static func kerasFocalElement(
        _ x: Scalar, _ y: Scalar, logits: Bool, gamma: Scalar, alpha: Scalar, balance: Bool, low: Scalar, high: Scalar
    ) -> (value: Scalar, slope: Scalar) {
        let p = logits ? RowKernels.sigmoid(x) : x
        let (q, clipSlope) = kerasClip(p, low: low, high: high)
        let bce = -(y * Scalar.log(q) + (1 - y) * Scalar.log(1 - q))
        let bceSlope = clipSlope * (-(y / q) + (1 - y) / (1 - q))
        let pt = y * p + (1 - y) * (1 - p)
        let base = 1 - pt
        let factor = Scalar.pow(base, gamma)
        let factorSlope: Scalar = gamma == 0 ? 0 : -gamma * Scalar.pow(base, gamma - 1) * (2 * y - 1)
        let weight: Scalar = balance ? y * alpha + (1 - y) * (1 - alpha) : 1
        let value = weight * (factor * bce)
        var slope = weight * (factorSlope * bce + factor * bceSlope)
        if logits { slope *= p * (1 - p) }
        return (value, slope)
    }
}
