import RealModule

extension Loss {
    /// Whether reduction ``LossReduction/none`` keeps one value per prediction element (PyTorch's binary CE
    /// and KL) rather than one per row.
    public var isElementwise: Bool {
        convention == .pytorch && (kind == .binary || kind == .kl)
    }

    /// How many values reduction ``LossReduction/none`` writes for predictions of this layout.
    public func valueCount(for layout: LossLayout) -> Int {
        isElementwise ? layout.elementCount : layout.rowCount
    }

    /// Computes the loss without any check: the fast path for callers with their own tensors.
    ///
    /// - Parameters:
    ///   - predictions: ``LossLayout/elementCount`` logits, probabilities or (PyTorch KL) log-probabilities,
    ///     laid out as `layout` says.
    ///   - targets: dense targets laid out like the predictions, or one label per row
    ///     (``LossLayout/rowCount``) for ``LossKind/sparseCategorical``.
    ///   - sampleWeights: `nil`, or one weight per row (``LossLayout/rowCount``).
    ///   - layout: the predictions' layout.
    ///   - values: `nil`, or room for ``valueCount(for:)`` values: the weighted per-sample values (what
    ///     reduction ``LossReduction/none`` returns), written whatever the reduction.
    ///   - gradient: `nil`, or room for ``LossLayout/elementCount`` scalars. It **may be the predictions'
    ///     own memory**: each row is read completely before its gradient is written, so a huge batch needs no
    ///     second array.
    /// - Returns: the reduced value (the sum for ``LossReduction/none``) and the degenerate-batch flags.
    ///
    /// Nothing is validated. Buffer sizes, class-weight and pos-weight counts (``LossLayout/classes`` or 1) are the
    /// caller's promise; options out of their domain give unspecified numbers (never a trap or an
    /// out-of-bounds access). A NaN prediction makes its row's value and gradient NaN (and so the reduced
    /// value NaN); ±inf logits give NaN or ±inf as the peers do. A label outside `0..<classes` that is not
    /// the ignored label counts as ignored under PyTorch and as a zero-loss row under Keras (what Keras'
    /// one-hot does). Use ``validateOptions(classCount:rank:hasSampleWeights:)`` once to check the options.
    @_specialize(where Scalar == Float)
    @_specialize(where Scalar == Double)
    public func evaluateUnchecked<Scalar: BinaryFloatingPoint & Real & Sendable>(
        predictions: UnsafeBufferPointer<Scalar>, targets: UncheckedTargets<Scalar>,
        sampleWeights: UnsafeBufferPointer<Scalar>? = nil, layout: LossLayout,
        values: UnsafeMutableBufferPointer<Scalar>? = nil, gradient: UnsafeMutableBufferPointer<Scalar>? = nil
    ) -> UncheckedLossSummary<Scalar> {
        guard layout.classes > 0, layout.rowCount > 0, let predictionBase = predictions.baseAddress else {
            // An empty batch: Keras returns nothing to reduce (0 here); PyTorch's mean is NaN, its sum 0.
            let value: Scalar = convention == .pytorch && reduction != .sum && reduction != .none ? .nan : 0
            return UncheckedLossSummary(value: value, allTargetsIgnored: false, zeroTotalWeight: false)
        }
        var dense: UnsafePointer<Scalar>?
        var labels: UnsafePointer<Int>?
        switch targets {
        case .dense(let buffer): dense = buffer.baseAddress
        case .labels(let buffer): labels = buffer.baseAddress
        }
        var checked = self
        if let weights = classWeights, weights.count < layout.classes { checked.classWeights = nil }
        if let weights = posWeight, weights.count != 1 && weights.count < layout.classes { checked.posWeight = nil }
        let engine = LossEngine(
            loss: checked, layout: layout, predictions: predictionBase, denseTargets: dense, labels: labels,
            sampleWeights: sampleWeights?.baseAddress, values: values?.baseAddress, gradient: gradient?.baseAddress)
        switch kind {
        case .categorical, .sparseCategorical:
            if labels == nil && dense == nil {
                return UncheckedLossSummary(value: .nan, allTargetsIgnored: false, zeroTotalWeight: false)
            }
            if kind == .sparseCategorical && labels == nil || kind == .categorical && dense == nil {
                return UncheckedLossSummary(value: .nan, allTargetsIgnored: false, zeroTotalWeight: false)
            }
            return engine.crossEntropy()
        case .binary: return engine.binary(focal: false)
        case .binaryFocal: return engine.binary(focal: true)
        case .kl: return engine.klDivergence()
        case .categoricalFocal: return engine.categoricalFocal()
        }
    }
}
