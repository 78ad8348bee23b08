import RealModule

/// Keras' categorical focal cross-entropy: Σ α·(1 − q̂)^γ·(−y′·log q̂), q̂ the renormalised and clipped
/// probabilities (softmax first for logits).
extension LossEngine {
    func categoricalFocal() -> UncheckedLossSummary<Scalar> {
        let classCount = classes
        let rows = rowCount
        let denominator = countDenominator(count: rows)
        let eps = smoothing
        let keep = Scalar(1 - loss.labelSmoothing)
        let spread = eps / Scalar(layout.lastAxis)
        let gamma = Scalar(loss.gamma)
        var alphas = [Scalar](repeating: Scalar(0.25), count: classCount)
        switch loss.alpha {
        case .uniform(let a): for c in 0..<classCount { alphas[c] = Scalar(a) }
        case .perClass(let list): for c in 0..<min(classCount, list.count) { alphas[c] = Scalar(list[c]) }
        }
        let low = Self.kerasEpsilon, high = Self.kerasOneMinusEpsilon
        let scratch = UnsafeMutablePointer<Scalar>.allocate(capacity: 5 * max(classCount, 1))
        defer { scratch.deallocate() }
        let xScratch = scratch, tScratch = scratch + classCount, gScratch = scratch + 2 * classCount
        let probabilities = scratch + 3 * classCount, slopes = scratch + 4 * classCount
        guard let denseTargets else { return UncheckedLossSummary(value: .nan, allTargetsIgnored: false, zeroTotalWeight: false) }

        var total: Double = 0
        var weightSum: Double = 0
        for r in 0..<rows {
            let base = base(ofRow: r)
            let x = row(predictions, base: base, scratch: xScratch)
            let t = row(denseTargets, base: base, scratch: tScratch)
            let out = gradientRow(base: base, scratch: gScratch)
            let rowWeight = sampleWeight(r) * kerasClassWeight(denseRow: t)
            let scale = rowWeight / denominator
            if loss.fromLogits {
                RowKernels.writeSoftmax(x, count: classCount, into: probabilities)
            } else {
                for c in 0..<classCount { probabilities[c] = x[c] }
            }
            var sum: Scalar = 0
            for c in 0..<classCount { sum += probabilities[c] }
            var value: Scalar = 0
            var projection: Scalar = 0
            for c in 0..<classCount {
                let y = eps > 0 ? t[c] * keep + spread : t[c]
                let q = probabilities[c] / sum
                let (qc, clipSlope) = Self.kerasClip(q, low: low, high: high)
                let logq = Scalar.log(qc)
                let modulation = Scalar.pow(1 - qc, gamma)
                let cce = -y * logq
                value += modulation * alphas[c] * cce
                let modulationSlope: Scalar = gamma == 0 ? 0 : -gamma * Scalar.pow(1 - qc, gamma - 1)
                let g = clipSlope * alphas[c] * (modulationSlope * cce + modulation * (-y / qc))
                slopes[c] = g
                projection += g * q
            }
            if let out {
                // d/dp through the renormalisation, then (logits) through the softmax.
                var softmaxProjection: Scalar = 0
                for c in 0..<classCount {
                    let gp = (slopes[c] - projection) / sum
                    slopes[c] = gp
                    softmaxProjection += gp * probabilities[c]
                }
                for c in 0..<classCount {
                    let g = loss.fromLogits
                        ? probabilities[c] * (slopes[c] - softmaxProjection)
                        : slopes[c]
                    out[c] = scale * g
                }
                scatterGradient(base: base, from: gScratch)
            }
            let weighted = value * rowWeight
            values?[r] = weighted
            total += Double(weighted)
            weightSum += Double(rowWeight)
        }
        let zeroWeight = rows > 0 && weightSum == 0 && loss.reduction != .none && loss.reduction != .sum
        return UncheckedLossSummary(value: reduce(total, denominator: denominator),
                                    allTargetsIgnored: false, zeroTotalWeight: zeroWeight)
    }
}
