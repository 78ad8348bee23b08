import RealModule
import XentKernels

/// The checked API: validates shapes, values and options, then runs the unchecked kernels.
extension Loss {
    /// Evaluates the loss on a batch of rows against dense targets (one-hot or soft; KL and binary targets).
    ///
    /// - Parameters:
    ///   - predictions: `[N, K]` logits, probabilities, or (PyTorch KL) log-probabilities.
    ///   - targets: `[N, K]` targets.
    ///   - sampleWeights: `nil`, or one weight ≥ 0 per row.
    ///   - withGradient: whether to compute the gradient with respect to the predictions (same pass).
    /// - Throws: ``LossError`` for an empty batch, mismatched shapes, a NaN or infinite logit, a negative or
    ///   non-finite probability or target, a label out of range, a bad option.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func evaluate<Scalar: BinaryFloatingPoint & Real & Sendable>(
        predictions: Matrix<Scalar>, targets: Matrix<Scalar>, sampleWeights: [Scalar]? = nil,
        withGradient: Bool = false
    ) throws(LossError) -> LossResult<Scalar> {
        try evaluate(predictions: Tensor(predictions), targets: Tensor(targets),
                     sampleWeights: sampleWeights.map { Tensor(shape: [$0.count], elements: $0) },
                     withGradient: withGradient)
    }

    /// Evaluates ``LossKind/sparseCategorical`` on a batch of rows against one integer label per row.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func evaluate<Scalar: BinaryFloatingPoint & Real & Sendable>(
        predictions: Matrix<Scalar>, labels: [Int], sampleWeights: [Scalar]? = nil, withGradient: Bool = false
    ) throws(LossError) -> LossResult<Scalar> {
        try evaluate(predictions: Tensor(predictions), labels: Tensor(shape: [labels.count], elements: labels),
                     sampleWeights: sampleWeights.map { Tensor(shape: [$0.count], elements: $0) },
                     withGradient: withGradient)
    }

    /// Evaluates the loss on an N-d batch against dense targets of the same shape.
    ///
    /// The class axis is ``classAxis`` (`[N, d1, …, K]` or `[N, C, d1, …]`); a rank-1 input is one row.
    /// Sample weights have the predictions' shape without the class axis.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func evaluate<Scalar: BinaryFloatingPoint & Real & Sendable>(
        predictions: Tensor<Scalar>, targets: Tensor<Scalar>, sampleWeights: Tensor<Scalar>? = nil,
        withGradient: Bool = false
    ) throws(LossError) -> LossResult<Scalar> {
        guard !kind.takesLabels else {
            throw .invalidOption(name: "targets", value: "a dense tensor",
                                 expectation: "integer labels for the \(kind) loss")
        }
        let layout = try checkedLayout(predictions.shape, hasSampleWeights: sampleWeights != nil)
        guard targets.shape == predictions.shape else {
            throw .shapeMismatch(argument: .targets, expected: predictions.shape, actual: targets.shape)
        }
        try checkSampleWeights(sampleWeights, predictionShape: predictions.shape, layout: layout)
        var warnings = try checkPredictions(predictions, layout: layout)
        try checkTargets(targets, layout: layout)
        warnings += denseWarnings(predictions, targets: targets, layout: layout)
        return predictions.elements.withUnsafeBufferPointer { p in
            targets.elements.withUnsafeBufferPointer { t in
                run(p, .dense(t), sampleWeights: sampleWeights, shape: predictions.shape, layout: layout,
                    withGradient: withGradient, warnings: warnings)
            }
        }
    }

    /// Evaluates ``LossKind/sparseCategorical`` on an N-d batch against integer labels shaped like the
    /// predictions without the class axis.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func evaluate<Scalar: BinaryFloatingPoint & Real & Sendable>(
        predictions: Tensor<Scalar>, labels: Tensor<Int>, sampleWeights: Tensor<Scalar>? = nil,
        withGradient: Bool = false
    ) throws(LossError) -> LossResult<Scalar> {
        guard kind.takesLabels else {
            throw .invalidOption(name: "targets", value: "integer labels",
                                 expectation: "a dense tensor shaped like the predictions for the \(kind) loss")
        }
        let layout = try checkedLayout(predictions.shape, hasSampleWeights: sampleWeights != nil)
        let rowShape = rowShape(of: predictions.shape)
        guard labels.shape == rowShape || (labels.elements.count == layout.rowCount && labels.shape.count <= 1) else {
            throw .shapeMismatch(argument: .labels, expected: rowShape, actual: labels.shape)
        }
        try checkSampleWeights(sampleWeights, predictionShape: predictions.shape, layout: layout)
        var warnings = try checkPredictions(predictions, layout: layout)
        let ignore = effectiveIgnoreIndex
        for (offset, label) in labels.elements.enumerated() {
            if let ignore, label == ignore { continue }
            guard label >= 0 && label < layout.classes else {
                throw .labelOutOfRange(index: Self.index(offset, in: labels.shape), label: label,
                                       classCount: layout.classes)
            }
        }
        if !fromLogits {
            warnings += probabilityRowWarnings(predictions, layout: layout)
        }
        return predictions.elements.withUnsafeBufferPointer { p in
            labels.elements.withUnsafeBufferPointer { y in
                run(p, .labels(y), sampleWeights: sampleWeights, shape: predictions.shape, layout: layout,
                    withGradient: withGradient, warnings: warnings)
            }
        }
    }

    // MARK: - Shared steps

    private func run<Scalar: BinaryFloatingPoint & Real & Sendable>(
        _ predictions: UnsafeBufferPointer<Scalar>, _ targets: UncheckedTargets<Scalar>,
        sampleWeights: Tensor<Scalar>?, shape: [Int], layout: LossLayout, withGradient: Bool,
        warnings: [LossWarning]
    ) -> LossResult<Scalar> {
        var values = [Scalar](repeating: 0, count: valueCount(for: layout))
        var gradient: [Scalar] = withGradient ? [Scalar](repeating: 0, count: layout.elementCount) : []
        let summary = values.withUnsafeMutableBufferPointer { v in
            gradient.withUnsafeMutableBufferPointer { g in
                let weights = sampleWeights?.elements
                if let weights {
                    return weights.withUnsafeBufferPointer { w in
                        evaluateUnchecked(predictions: predictions, targets: targets, sampleWeights: w,
                                          layout: layout, values: v, gradient: withGradient ? g : nil)
                    }
                }
                return evaluateUnchecked(predictions: predictions, targets: targets, sampleWeights: nil,
                                         layout: layout, values: v, gradient: withGradient ? g : nil)
            }
        }
        var allWarnings = warnings
        if summary.allTargetsIgnored { allWarnings.append(.allTargetsIgnored(convention: convention)) }
        if summary.zeroTotalWeight { allWarnings.append(.zeroTotalWeight(convention: convention)) }
        let valueTensor: Tensor<Scalar>
        if reduction == .none {
            valueTensor = Tensor(shape: isElementwise ? shape : rowShape(of: shape), elements: values)
        } else {
            valueTensor = Tensor(shape: [], elements: [summary.value])
        }
        return LossResult(values: valueTensor,
                          gradient: withGradient ? Tensor(shape: shape, elements: gradient) : nil,
                          warnings: allWarnings)
    }

    /// The predictions' shape without the class axis (`[]` for a rank-1 input).
    func rowShape(of shape: [Int]) -> [Int] {
        if shape.count <= 1 { return [] }
        var rest = shape
        rest.remove(at: classAxis == .last ? shape.count - 1 : 1)
        return rest
    }

    private func checkedLayout(_ shape: [Int], hasSampleWeights: Bool) throws(LossError) -> LossLayout {
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

    private func checkSampleWeights<Scalar: BinaryFloatingPoint>(
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
    private func checkPredictions<Scalar: BinaryFloatingPoint>(
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
    private func checkTargets<Scalar: BinaryFloatingPoint>(_ targets: Tensor<Scalar>, layout: LossLayout) throws(LossError) {
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

    /// Clipping, renormalisation and clamping notes for dense-target losses.
    private func denseWarnings<Scalar: BinaryFloatingPoint>(
        _ predictions: Tensor<Scalar>, targets: Tensor<Scalar>, layout: LossLayout
    ) -> [LossWarning] {
        if fromLogits && kind != .kl { return [] }
        switch kind {
        case .categorical, .categoricalFocal:
            return probabilityRowWarnings(predictions, layout: layout)
        case .binary, .binaryFocal:
            var clipped = 0, clamped = 0
            let low = Scalar(1e-7), high = Scalar(1.0 - 1e-7)
            for (p, y) in zip(predictions.elements, targets.elements) {
                if convention == .keras || kind == .binaryFocal {
                    if p <= low || p >= high { clipped += 1 }
                } else {
                    if y != 0 && Double(p) < 3.720075976020836e-44 { clamped += 1 }
                    if y != 1 && Double(1 - p) < 3.720075976020836e-44 { clamped += 1 }
                }
            }
            var warnings: [LossWarning] = []
            if clipped > 0 { warnings.append(.probabilitiesClipped(count: clipped)) }
            if clamped > 0 { warnings.append(.logsClamped(count: clamped)) }
            return warnings
        case .kl:
            guard convention == .keras else { return [] }
            let low = Scalar(1e-7)
            let clipped = predictions.elements.reduce(0) { $0 + ($1 <= low || $1 >= 1 ? 1 : 0) }
            return clipped > 0 ? [.probabilitiesClipped(count: clipped)] : []
        case .sparseCategorical:
            return []
        }
    }

    /// Renormalisation and clipping notes for probability rows (categorical kinds).
    private func probabilityRowWarnings<Scalar: BinaryFloatingPoint>(
        _ predictions: Tensor<Scalar>, layout: LossLayout
    ) -> [LossWarning] {
        var unnormalized = 0, clipped = 0
        let low = Scalar(1e-7), high = Scalar(1.0 - 1e-7)
        let kerasClip = convention == .keras || kind == .categoricalFocal
        for r in 0..<layout.rowCount {
            let o = r / layout.inner, i = r - o * layout.inner
            let base = o * layout.classes * layout.inner + i
            var sum: Scalar = 0
            for c in 0..<layout.classes { sum += predictions.elements[base + c * layout.inner] }
            if abs(Double(sum) - 1) > 1e-3 { unnormalized += 1 }
            if kerasClip {
                for c in 0..<layout.classes {
                    let q = predictions.elements[base + c * layout.inner] / sum
                    if q <= low || q >= high { clipped += 1 }
                }
            }
        }
        var warnings: [LossWarning] = []
        if unnormalized > 0 { warnings.append(.unnormalizedRows(count: unnormalized)) }
        if clipped > 0 { warnings.append(.probabilitiesClipped(count: clipped)) }
        return warnings
    }

    /// The multi-index of a flat C-order offset.
    static func index(_ offset: Int, in shape: [Int]) -> [Int] {
        var result = [Int](repeating: 0, count: shape.count)
        var rest = offset
        for axis in shape.indices.reversed() where shape[axis] > 0 {
            result[axis] = rest % shape[axis]
            rest /= shape[axis]
        }
        return shape.isEmpty ? [offset] : result
    }
}
