import RealModule

/// KL divergence: Keras' clipped Σ t·log(t/p) per row, or PyTorch's elementwise `kl_div` on log-probabilities.
extension LossEngine {
    func klDivergence() -> UncheckedLossSummary<Scalar> {
        let keras = loss.convention == .keras
        let classCount = classes
        let rows = rowCount
        let denominator = countDenominator(count: keras ? rows : layout.elementCount)
        let scratch = UnsafeMutablePointer<Scalar>.allocate(capacity: 3 * max(classCount, 1))
        defer { scratch.deallocate() }
        let xScratch = scratch, tScratch = scratch + classCount, gScratch = scratch + 2 * classCount
        guard let denseTargets else { return UncheckedLossSummary(value: .nan, allTargetsIgnored: false, zeroTotalWeight: false) }
        let low = Self.kerasEpsilon

        var total: Double = 0
        var weightSum: Double = 0
        for r in 0..<rows {
            let base = base(ofRow: r)
            let x = row(predictions, base: base, scratch: xScratch)
            let t = row(denseTargets, base: base, scratch: tScratch)
            let out = gradientRow(base: base, scratch: gScratch)
            let rowWeight = sampleWeight(r)
            let scale = rowWeight / denominator
            if keras {
                var value: Scalar = 0
                for c in 0..<classCount {
                    let (tc, _) = Self.kerasClip(t[c], low: low, high: 1)
                    let (pc, slope) = Self.kerasClip(x[c], low: low, high: 1)
                    value += tc * Scalar.log(tc / pc)
                    out?[c] = -scale * slope * tc / pc
                }
                let weighted = value * rowWeight
                values?[r] = weighted
                total += Double(weighted)
            } else {
                for c in 0..<classCount {
                    let tc = t[c], xc = x[c]
                    var e: Scalar
                    let slope: Scalar
                    if loss.logTarget {
                        let et = Scalar.exp(tc)
                        e = et * (tc - xc)
                        slope = -et
                    } else {
                        let xlogy: Scalar = tc == 0 ? 0 : tc * Scalar.log(tc)
                        e = xlogy - tc * xc
                        slope = -tc
                    }
                    e *= rowWeight
                    values?[base + c * inner] = e
                    total += Double(e)
                    out?[c] = slope * scale
                }
            }
            weightSum += Double(rowWeight)
            if out != nil { scatterGradient(base: base, from: gScratch) }
        }
        let zeroWeight = keras && rows > 0 && weightSum == 0 && loss.reduction != .none && loss.reduction != .sum
        return UncheckedLossSummary(value: reduce(total, denominator: denominator),
                                    allTargetsIgnored: false, zeroTotalWeight: zeroWeight)
    }
}
