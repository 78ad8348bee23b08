import Dispatch
import XentKernels

/// The driver of the fused linear + cross-entropy: for each block of tokens, (1) the block's logits
/// W·hᵀ + b over the whole vocabulary, (2) each token's maximum, log Σ exp and label logit, (3) the loss of each
/// token and the scales of its gradient, (4) the logits turned into their gradient G in place, with
/// dW += G·h and db += ΣG, (5) dH = Gᵀ·W for the block's tokens. In steps 1 and 4 the threads take chunks of the
/// vocabulary as they finish the last (``forEachChunk(count:threads:chunk:_:)``), step 2 splits the tokens and
/// step 5 the hidden columns (each thread packs all of Gᵀ there, so more pieces would pack it more often); every
/// output is formed in an order that does not depend on the split, so the bits are the same for any thread count.
///
/// The per-token coefficients follow ``LossEngine``'s cross-entropy exactly (coefficient vector
/// a = σ·w + κ·e_y, row weight r): value r·(−Σ a·log-softmax + α·lse²), gradient
/// (r / denominator)·((Σa + 2α·lse)·softmax − a).
struct LinearCrossEntropyEngine<Scalar: LinearCrossEntropyScalar> {
    let loss: Loss
    let hidden: UnsafePointer<Scalar>
    let weights: UnsafePointer<Scalar>
    let bias: UnsafePointer<Scalar>?
    let labels: UnsafePointer<Int>
    let tokens: Int
    let dimension: Int
    let vocabulary: Int
    let threads: Int
    let plan: LinearCrossEntropyPlan

    func run(
        values: UnsafeMutablePointer<Scalar>?, hiddenGradient: UnsafeMutablePointer<Scalar>?,
        weightsGradient: UnsafeMutablePointer<Scalar>?, biasGradient: UnsafeMutablePointer<Scalar>?
    ) -> UncheckedLossSummary<Scalar> {
        let keras = loss.convention == .keras
        // Small products run on one thread (plan.minimumParallelWork).
        let blockWork = Double(plan.blockTokens) * Double(dimension) * Double(vocabulary)
        let threads = blockWork < Double(plan.minimumParallelWork) ? 1 : max(1, self.threads)
        let ignore = loss.effectiveIgnoreIndex
        let classes = vocabulary
        let classWeights: [Scalar]? = loss.classWeights.map { weights in
            keras ? weights.map { Scalar(Float($0)) } : weights.map { Scalar($0) }
        }
        let weightTotal = classWeights.map { $0.reduce(0.0) { $0 + Double($1) } } ?? Double(classes)
        func inRange(_ label: Int) -> Bool { label >= 0 && label < classes }
        func ignored(_ label: Int) -> Bool {
            (ignore != nil && label == ignore!) || (!keras && !inRange(label))
        }

        // Pass 1 over the labels: kept rows and the mean's denominator (as LossEngine.crossEntropy).
        var keptRows = 0
        var keptWeight = 0.0
        for t in 0..<tokens where !ignored(labels[t]) {
            keptRows += 1
            keptWeight += !keras && inRange(labels[t]) ? Double(classWeights?[labels[t]] ?? 1) : 1
        }
        var denominator: Double
        switch loss.reduction {
        case .none, .sum: denominator = 1
        case .mean, .sumOverBatchSize, .batchmean: denominator = Double(tokens)
        }
        if !keras && loss.reduction == .mean { denominator = keptWeight }
        var maskFactor = 1.0
        if keras, ignore != nil, loss.reduction == .mean || loss.reduction == .sumOverBatchSize {
            maskFactor = keptRows == 0 ? 0 : Double(tokens) / Double(keptRows)
        }
        let smoothing = keras ? 0 : loss.labelSmoothing
        let spread = smoothing > 0 ? smoothing / Double(classes) : 0
        let keep = smoothing > 0 ? 1 - smoothing : 1
        let zAlpha = Double(Scalar(loss.zLoss))
        let gradients = hiddenGradient != nil || weightsGradient != nil || biasGradient != nil

        if let weightsGradient {
            // V·D zeros (65 MB on [32 000, 512] floats): split between the threads like the products that follow.
            let out = UncheckedSendable(weightsGradient)
            let d = dimension
            forEachRange(count: vocabulary, threads: threads, granularity: 96) { range in
                (out.value + range.lowerBound * d).initialize(repeating: 0, count: range.count * d)
            }
        }
        if let biasGradient { biasGradient.initialize(repeating: 0, count: vocabulary) }

        // Steps 1 and 4 hand out the vocabulary in chunks of whole 96-row cache blocks (XK_LCE_MC), up to 4 of them
        // and at least 8 chunks per thread where the vocabulary allows, so that a thread slowed by other work on its
        // core takes fewer chunks instead of holding the others up at the end of the step.
        let vocabularyBlocks = (vocabulary + 95) / 96
        let vocabularyChunk = 96 * min(4, max(1, vocabularyBlocks / (8 * max(1, threads))))
        let tbp = plan.blockTokens
        let transposed = UnsafeMutablePointer<Scalar>.allocate(capacity: max(1, dimension * tbp))
        let columnPanels = UnsafeMutablePointer<Scalar>.allocate(capacity: max(1, (dimension + 15) / 16 * 16 * tbp))
        let logits = UnsafeMutablePointer<Scalar>.allocate(capacity: max(1, vocabulary * tbp))
        let maxima = UnsafeMutablePointer<Scalar>.allocate(capacity: 5 * tbp)
        let labelLogits = maxima + tbp, logSumsScalar = maxima + 2 * tbp
        let doubles = UnsafeMutablePointer<Double>.allocate(capacity: 2 * tbp)
        let logSums = doubles, weightedSums = doubles + tbp
        let scales = UnsafeMutablePointer<Scalar>.allocate(capacity: 3 * tbp)
        let softmaxScales = scales, weightScales = scales + tbp, labelScales = scales + 2 * tbp
        let blockLabels = UnsafeMutablePointer<Int64>.allocate(capacity: tbp)
        defer {
            transposed.deallocate(); columnPanels.deallocate(); logits.deallocate(); maxima.deallocate(); doubles.deallocate()
            scales.deallocate(); blockLabels.deallocate()
        }
        weightedSums.initialize(repeating: 0, count: tbp)

        var total = 0.0
        var weightSum = 0.0
        let weighted = spread > 0
        (classWeights ?? []).withUnsafeBufferPointer { cw in
            let classWeightPointer = classWeights == nil ? nil : cw.baseAddress
            let s = Shared(self, transposed: transposed, logits: logits, maxima: maxima, labelLogits: labelLogits,
                           logSumsScalar: logSumsScalar, logSums: logSums, weightedSums: weightedSums,
                           softmaxScales: softmaxScales, weightScales: weightScales, labelScales: labelScales,
                           labels: blockLabels, classWeights: classWeightPointer, hiddenGradient: hiddenGradient,
                           weightsGradient: weightsGradient, biasGradient: biasGradient)
            var start = 0
            while start < tokens {
                let tb = min(tbp, tokens - start)
                for t in 0..<tbp { blockLabels[t] = t < tb ? Int64(labels[start + t]) : -1 }
                Scalar._lcePackHidden(hidden + start * dimension, tb, dimension, tbp, transposed, columnPanels)
                forEachChunk(count: vocabulary, threads: threads, chunk: vocabularyChunk) { range in
                    Scalar._lceLogits(s.weights, s.dimension, s.bias, s.transposed, s.tbp, range, s.logits)
                }
                forEachRange(count: tbp, threads: threads, granularity: 16) { range in
                    Scalar._lceRowStatistics(s.logits, s.vocabulary, s.tbp, range, s.labels, s.classWeights,
                                             weighted, s.maxima, s.logSums, s.labelLogits, s.weightedSums)
                }
                for t in 0..<tbp {
                    softmaxScales[t] = 0; weightScales[t] = 0; labelScales[t] = 0
                    logSumsScalar[t] = Scalar(logSums[t])
                    guard t < tb else { continue }
                    let label = labels[start + t]
                    if ignored(label) {
                        values?[start + t] = 0
                        continue
                    }
                    if !inRange(label) {
                        // Keras: a label outside the classes one-hots to zeros: loss 0, counted, no gradient.
                        values?[start + t] = 0
                        weightSum += 1
                        continue
                    }
                    let labelWeight = Double(classWeights?[label] ?? 1)
                    let rowWeight = keras ? labelWeight * maskFactor : 1
                    let kappa = keras ? 1 : keep * labelWeight
                    let sigma = spread
                    let m = Double(maxima[t]), logSum = logSums[t]
                    let lse = m + logSum
                    var row = kappa * (logSum - (Double(labelLogits[t]) - m)) + zAlpha * lse * lse
                    if sigma > 0 { row += sigma * (weightTotal * logSum - weightedSums[t]) }
                    let value = rowWeight * row
                    values?[start + t] = Scalar(value)
                    total += value
                    weightSum += rowWeight
                    let scale = rowWeight / denominator
                    softmaxScales[t] = Scalar(scale * (sigma * weightTotal + kappa + 2 * zAlpha * lse))
                    weightScales[t] = Scalar(scale * sigma)
                    labelScales[t] = Scalar(scale * kappa)
                }
                if gradients {
                    let blockHidden = UncheckedSendable(UnsafePointer(columnPanels))
                    forEachChunk(count: vocabulary, threads: threads, chunk: vocabularyChunk) { range in
                        Scalar._lceGradient(s.logits, s.tbp, tb, range, s.maxima, s.logSumsScalar, s.softmaxScales,
                                            s.weightScales, s.classWeights, s.labels, s.labelScales,
                                            blockHidden.value, s.dimension, s.weightsGradient, s.biasGradient)
                    }
                }
                if let hiddenGradient {
                    let out = UncheckedSendable(hiddenGradient + start * dimension)
                    forEachRange(count: dimension, threads: threads, granularity: 16) { range in
                        Scalar._lceHiddenGradient(s.logits, s.tbp, tb, s.vocabulary, s.weights, s.dimension, range,
                                                  out.value)
                    }
                }
                start += tb
            }
        }

        let value: Double
        if loss.reduction == .none || loss.reduction == .sum {
            value = total
        } else if keras && denominator == 0 {
            value = 0
        } else {
            value = total / denominator
        }
        let allIgnored = ignore != nil && keptRows == 0 && tokens > 0
        let zeroWeight = tokens > 0 && !allIgnored
            && ((!keras && loss.reduction == .mean && keptWeight == 0)
                || (keras && weightSum == 0 && loss.reduction != .none && loss.reduction != .sum))
        return UncheckedLossSummary(value: Scalar(value), allTargetsIgnored: allIgnored, zeroTotalWeight: zeroWeight)
    }

    /// The pointers the workers share (each writes a disjoint part).
    private struct Shared: @unchecked Sendable {
        let weights: UnsafePointer<Scalar>, bias: UnsafePointer<Scalar>?
        let dimension: Int, vocabulary: Int, tbp: Int
        let transposed: UnsafeMutablePointer<Scalar>, logits: UnsafeMutablePointer<Scalar>
        let maxima: UnsafeMutablePointer<Scalar>, labelLogits: UnsafeMutablePointer<Scalar>
        let logSumsScalar: UnsafeMutablePointer<Scalar>
        let logSums: UnsafeMutablePointer<Double>, weightedSums: UnsafeMutablePointer<Double>
        let softmaxScales: UnsafeMutablePointer<Scalar>, weightScales: UnsafeMutablePointer<Scalar>
        let labelScales: UnsafeMutablePointer<Scalar>
        let labels: UnsafeMutablePointer<Int64>
        let classWeights: UnsafePointer<Scalar>?
        let hiddenGradient: UnsafeMutablePointer<Scalar>?
        let weightsGradient: UnsafeMutablePointer<Scalar>?
        let biasGradient: UnsafeMutablePointer<Scalar>?

        init(_ engine: LinearCrossEntropyEngine, transposed: UnsafeMutablePointer<Scalar>,
             logits: UnsafeMutablePointer<Scalar>, maxima: UnsafeMutablePointer<Scalar>,
             labelLogits: UnsafeMutablePointer<Scalar>, logSumsScalar: UnsafeMutablePointer<Scalar>,
             logSums: UnsafeMutablePointer<Double>, weightedSums: UnsafeMutablePointer<Double>,
             softmaxScales: UnsafeMutablePointer<Scalar>, weightScales: UnsafeMutablePointer<Scalar>,
             labelScales: UnsafeMutablePointer<Scalar>, labels: UnsafeMutablePointer<Int64>,
             classWeights: UnsafePointer<Scalar>?, hiddenGradient: UnsafeMutablePointer<Scalar>?,
             weightsGradient: UnsafeMutablePointer<Scalar>?, biasGradient: UnsafeMutablePointer<Scalar>?) {
            weights = engine.weights; bias = engine.bias
            dimension = engine.dimension; vocabulary = engine.vocabulary; tbp = engine.plan.blockTokens
            self.transposed = transposed; self.logits = logits; self.maxima = maxima; self.labelLogits = labelLogits
            self.logSumsScalar = logSumsScalar; self.logSums = logSums; self.weightedSums = weightedSums
            self.softmaxScales = softmaxScales; self.weightScales = weightScales; self.labelScales = labelScales
            self.labels = labels; self.classWeights = classWeights; self.hiddenGradient = hiddenGradient
            self.weightsGradient = weightsGradient; self.biasGradient = biasGradient
        }
    }
}
