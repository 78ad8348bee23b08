import XentKernels

/// The value checks of the checked API (the `evaluate` methods): the layout of the predictions' shape, the sample
/// weights, and the domains of predictions and dense targets. Each throws `LossError` naming the argument and the
/// multi-index of the first bad value.
extension Loss {
    func checkedLayout(_ shape: [Int], hasSampleWeights: Bool) throws(LossError) -> LossLayout {
        guard !shape.isEmpty, let layout = LossLayout(shape: shape, classAxis: classAxis) else {
            throw .invalidShape(argument: .predictions, shape: shape, expectation: "at least one axis")
        }
        guard layout.batch > 0, layout.rowCount > 0 else { throw .emptyBatch(argument: .predictions) }
        guard layout.classes > 0 else {
            throw .invalidShape(argument: .predictions, shape: shape, expectation: "at least one class")
        }
        try validateOptions(classCount: layout.classes, rank: shape.count, hasSampleWeights: hasSampleWeights)
        return layout
    }

    func checkSampleWeights<Scalar: BinaryFloatingPoint>(
        _ weights: Tensor<Scalar>?, predictionShape: [Int], layout: LossLayout
    ) throws(LossError) {
        guard let weights else { return }
        let expected = rowShape(of: predictionShape)
        guard weights.shape == expected || (weights.elements.count == layout.rowCount && weights.shape.count <= 1)
        else {
            throw .shapeMismatch(argument: .sampleWeights, expected: expected, actual: weights.shape)
        }
        for (offset, w) in weights.elements.enumerated() where !(w.isFinite && w >= 0) {
            throw .invalidValue(argument: .sampleWeights, index: Self.index(offset, in: weights.shape),
                                value: Double(w), expectation: "a finite weight >= 0")
        }
    }

    /// The domain of the predictions: finite logits, log-probabilities without NaN or +inf, probabilities
    /// finite and >= 0 (<= 1 for binary losses). Returns the clipping warnings.
    func checkPredictions<Scalar: BinaryFloatingPoint>(
        _ predictions: Tensor<Scalar>, layout: LossLayout
    ) throws(LossError) -> [LossWarning] {
        let logProbabilities = kind == .kl && convention == .pytorch
        let logits = fromLogits && kind != .kl
        let binaryKind = kind == .binary || kind == .binaryFocal
        for (offset, v) in predictions.elements.enumerated() {
            let bad: String?
            if logits {
                bad = v.isFinite ? nil : "a finite logit"
            } else if logProbabilities {
                bad = v.isNaN || v == .infinity ? "a log-probability (not NaN, not +inf)" : nil
            } else if binaryKind {
                bad = v.isFinite && v >= 0 && v <= 1 ? nil : "a probability in [0, 1]"
            } else {
                bad = v.isFinite && v >= 0 ? nil : "a finite probability >= 0"
            }
            if let bad {
                throw .invalidValue(argument: .predictions, index: Self.index(offset, in: predictions.shape),
                                    value: Double(v), expectation: bad)
            }
        }
        var warnings: [LossWarning] = []
        if layout.classes == 1 && (kind == .categorical || kind == .sparseCategorical || kind == .categoricalFocal) {
            warnings.append(.singleClass)
        }
        if !logits && !logProbabilities && (kind == .categorical || kind == .sparseCategorical
            || kind == .categoricalFocal)
        {
            // Row sums must be positive (they are divided by under Keras; a zero row has no distribution).
            for r in 0..<layout.rowCount {
                let o = r / layout.inner, i = r - o * layout.inner
                let base = o * layout.classes * layout.inner + i
                var sum: Scalar = 0
                for c in 0..<layout.classes { sum += predictions.elements[base + c * layout.inner] }
                if !(sum > 0) || !sum.isFinite {
                    throw .invalidValue(argument: .predictions, index: Self.index(base, in: predictions.shape),
                                        value: Double(sum), expectation: "a probability row with a positive finite sum")
                }
            }
        }
        return warnings
    }

    /// The domain of dense targets.
    func checkTargets<Scalar: BinaryFloatingPoint>(_ targets: Tensor<Scalar>, layout: LossLayout) throws(LossError) {
        let binaryKind = kind == .binary || kind == .binaryFocal
        for (offset, v) in targets.elements.enumerated() {
            let bad: String?
            if kind == .kl && logTarget {
                bad = v.isNaN || v == .infinity ? "a log-probability target (not NaN, not +inf)" : nil
            } else if binaryKind {
                bad = v.isFinite && v >= 0 && v <= 1 ? nil : "a target in [0, 1]"
            } else {
                bad = v.isFinite && v >= 0 ? nil : "a finite target >= 0"
            }
            if let bad {
                throw .invalidValue(argument: .targets, index: Self.index(offset, in: targets.shape),
                                    value: Double(v), expectation: bad)
            }
        }
    }
}
