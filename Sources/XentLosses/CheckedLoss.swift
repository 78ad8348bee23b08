import RealModule
import XentKernels

/// The checked API: validates shapes, values and options (LossInputChecks.swift), notes clipping
/// (LossClippingWarnings.swift), then runs the unchecked kernels.
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
        warnings += classWeightWarnings(Scalar.self)
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
        warnings += classWeightWarnings(Scalar.self)
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
