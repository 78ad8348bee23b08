import RealModule

/// Categorical and sparse categorical cross-entropy (from logits or probabilities), both conventions.
///
/// Every row is reduced to a coefficient vector a (the smoothed, weighted target): the loss is
/// −Σ a·log-softmax(x) from logits (plus the z-loss α·lse²), and its gradient (Σa + 2α·lse)·softmax − a.
/// Sparse rows without label smoothing skip the vector (the hot path for training).
extension LossEngine {
    func crossEntropy() -> UncheckedLossSummary<Scalar> {
        let rows = rowCount
        let keras = loss.convention == .keras
        let ignore = loss.effectiveIgnoreIndex
        let classCount = classes
        let zAlpha = loss.fromLogits ? Scalar(loss.zLoss) : 0

        // Pass 1 (labels only): kept rows and the mean's denominator.
        var keptRows = 0
        var keptWeight: Double = 0
        if let labels {
            for r in 0..<rows {
                let label = labels[r]
                if let ignore, label == ignore { continue }
                if !keras && !(label >= 0 && label < classCount) { continue }
                keptRows += 1
                if !keras, let classWeights, label >= 0 && label < classCount {
                    keptWeight += Double(classWeights[label])
                } else {
                    keptWeight += 1
                }
            }
        } else {
            keptRows = rows
            keptWeight = Double(rows)
        }
        var denominator = countDenominator(count: rows)
        var maskFactor: Scalar = 1
        if labels != nil {
            if keras, ignore != nil, loss.reduction == .mean || loss.reduction == .sumOverBatchSize {
                maskFactor = keptRows == 0 ? 0 : Scalar(rows) / Scalar(keptRows)
            }
            if !keras, loss.reduction == .mean { denominator = Scalar(keptWeight) }
        }

        // Smoothing constants: Keras divides by the last axis' size, PyTorch by the class count.
        let eps = smoothing
        let smoothingOn = eps > 0
        let keep = Scalar(1 - loss.labelSmoothing)
        let spread: Scalar = keras
            ? eps / Scalar(layout.lastAxis)
            : Scalar(loss.labelSmoothing / Double(classCount))

        let scratch = UnsafeMutablePointer<Scalar>.allocate(capacity: 4 * max(classCount, 1))
        defer { scratch.deallocate() }
        let xScratch = scratch, tScratch = scratch + classCount, gScratch = scratch + 2 * classCount
        let coefficients = scratch + 3 * classCount

        var total: Double = 0
        var weightSum: Double = 0
        let sparseFastPath = labels != nil && loss.fromLogits && !(smoothingOn && !keras)

        for r in 0..<rows {
            let base = base(ofRow: r)
            var label = -1
            var rowWeight = sampleWeight(r)
            if let labels {
                label = labels[r]
                let ignored = (ignore != nil && label == ignore!) || (!keras && !(label >= 0 && label < classCount))
                if ignored {
                    values?[r] = 0
                    zeroGradient(base: base)
                    continue
                }
                if !(label >= 0 && label < classCount) {
                    // Keras: a label outside the classes one-hots to zeros: loss 0, counted, no gradient.
                    values?[r] = 0
                    zeroGradient(base: base)
                    weightSum += Double(rowWeight)
                    continue
                }
                if keras, let classWeights { rowWeight *= classWeights[label] }
                rowWeight *= maskFactor
            }
            let x = row(predictions, base: base, scratch: xScratch)
            let out = gradientRow(base: base, scratch: gScratch)

            // The coefficient vector (unless the sparse fast path applies).
            var labelWeight: Scalar = 1
            if let labels {
                let y = labels[r]
                if !keras, let classWeights { labelWeight = classWeights[y] }
                if !sparseFastPath {
                    for c in 0..<classCount {
                        coefficients[c] = smoothingOn && !keras ? spread * (classWeights?[c] ?? 1) : 0
                    }
                    coefficients[y] += smoothingOn && !keras ? keep * labelWeight : labelWeight
                }
            } else if let denseTargets {
                let t = row(denseTargets, base: base, scratch: tScratch)
                if keras { rowWeight *= kerasClassWeight(denseRow: t) }
                for c in 0..<classCount {
                    var a = smoothingOn ? t[c] * keep + spread : t[c]
                    if !keras, let classWeights { a *= classWeights[c] }
                    coefficients[c] = a
                }
            }
            let scale = rowWeight / denominator
            var value: Scalar

            if loss.fromLogits {
                let (m, logSum) = RowKernels.logSumExp(x, count: classCount)
                let lse = m + logSum
                let zTerm = zAlpha * lse * lse
                if sparseFastPath {
                    value = -(labelWeight * ((x[label] - m) - logSum)) + zTerm
                    if let out {
                        RowKernels.writeSoftmaxGradient(
                            x, count: classCount, max: m, logSum: logSum,
                            softmaxScale: scale * (labelWeight + 2 * zAlpha * lse),
                            label: label, labelScale: scale * labelWeight, into: out)
                    }
                } else {
                    let (l, coefficientSum) = RowKernels.weightedNegativeLogSoftmax(
                        x, count: classCount, max: m, logSum: logSum, coefficients: coefficients)
                    value = l + zTerm
                    if let out {
                        RowKernels.writeSoftmaxGradient(
                            x, count: classCount, max: m, logSum: logSum,
                            softmaxScale: scale * (coefficientSum + 2 * zAlpha * lse),
                            coefficients: coefficients, coefficientScale: scale, into: out)
                    }
                }
            } else if keras {
                value = Self.kerasProbabilityRow(x, count: classCount, coefficients: coefficients,
                                                 scale: scale, gradient: out)
            } else {
                value = Self.pytorchProbabilityRow(x, count: classCount, coefficients: coefficients,
                                                   scale: scale, gradient: out)
            }
            if out != nil { scatterGradient(base: base, from: gScratch) }
            let weighted = value * rowWeight
            values?[r] = weighted
            total += Double(weighted)
            weightSum += Double(rowWeight)
        }

        let allIgnored = labels != nil && ignore != nil && keptRows == 0 && rows > 0
        let zeroWeight = rows > 0 && !allIgnored
            && ((!keras && labels != nil && loss.reduction == .mean && keptWeight == 0)
                || (keras && weightSum == 0 && loss.reduction != .none && loss.reduction != .sum))
        return UncheckedLossSummary(value: reduce(total, denominator: denominator),
                                    allTargetsIgnored: allIgnored, zeroTotalWeight: zeroWeight)
    }

    /// Keras on probabilities: q = p/Σp clipped to [1e-7, 1 − 1e-7], loss −Σ a·log q̂. The gradient flows
    /// through the clip (none outside it) and the renormalisation: g = (c − Σ c·q)/Σp, c = −a·slope/q̂.
    static func kerasProbabilityRow(
        _ p: UnsafePointer<Scalar>, count: Int, coefficients a: UnsafePointer<Scalar>, scale: Scalar,
        gradient out: UnsafeMutablePointer<Scalar>?
    ) -> Scalar {
        var sum: Scalar = 0
        for c in 0..<count { sum += p[c] }
        let low = kerasEpsilon, high = kerasOneMinusEpsilon
        var value: Scalar = 0
        var projection: Scalar = 0
        for c in 0..<count {
            let q = p[c] / sum
            let (clipped, slope) = kerasClip(q, low: low, high: high)
            if a[c] != 0 || clipped.isNaN { value -= a[c] * Scalar.log(clipped) }
            projection += (-a[c] * slope / clipped) * q
        }
        if let out {
            for c in 0..<count {
                let q = p[c] / sum
                let (clipped, slope) = kerasClip(q, low: low, high: high)
                out[c] = scale * (((-a[c] * slope) / clipped - projection) / sum)
            }
        }
        return value
    }

    /// PyTorch-style on probabilities (`nll_loss` of log p): loss −Σ a·log p, no renormalisation or clip;
    /// gradient −a/p (0 where a = 0).
    static func pytorchProbabilityRow(
        _ p: UnsafePointer<Scalar>, count: Int, coefficients a: UnsafePointer<Scalar>, scale: Scalar,
        gradient out: UnsafeMutablePointer<Scalar>?
    ) -> Scalar {
        var value: Scalar = 0
        for c in 0..<count where a[c] != 0 || p[c].isNaN {
            value -= a[c] * Scalar.log(p[c])
        }
        if let out {
            for c in 0..<count {
                let ac = a[c]
                out[c] = ac == 0 ? 0 : -scale * ac / p[c]
            }
        }
        return value
    }
}
