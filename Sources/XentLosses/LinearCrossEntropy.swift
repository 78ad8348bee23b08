import XentKernels

extension Loss {
    /// The cross-entropy of a language-model head without its logits: this loss evaluated on
    /// `logits = hidden · weightsᵀ + bias` against integer labels, with the gradients with respect to the hidden
    /// states, the weights and the bias, while at most one block of logits exists.
    ///
    /// The loss must be ``LossKind/sparseCategorical`` from logits; every option of that loss applies with the
    /// same semantics (nats, either ``LossConvention``): ignore index, label smoothing (PyTorch), class weights,
    /// z-loss and every ``LossReduction``. The value and gradients equal those of
    /// `evaluate(predictions:labels:sampleWeights:withGradient:)` on the materialised logits, followed by
    /// dL/dh = G·W, dL/dW = Gᵀ·h and dL/db = Σ_t G for the logits' gradient G.
    ///
    /// **Blocking.** Tokens are taken a block at a time (``LinearCrossEntropyPlan``: a multiple of 16, their logits
    /// within 32 MiB by default); a block's logits over the whole vocabulary are computed by a register-blocked
    /// matrix-product kernel, reduced to each token's maximum and log-sum-exp (in `Double`), turned into their
    /// gradient in place, and used for dW and db (same pass) and for dh. Memory beyond the inputs and outputs:
    /// `peakLogitsBytes` plus `D × blockTokens` scalars. Three matrix products in all (6·N·D·V flops with
    /// gradients, 2·N·D·V without).
    ///
    /// **Accuracy.** Products accumulate in the scalar type in two levels (blocks of 256 terms, fused
    /// multiply-adds on AVX2 and AVX-512, each block's sum added to the total); each token's log-sum-exp sums its
    /// exponentials in `Double`. Against torch (66 fixture cases, every option) values and gradients agree within
    /// 1e-5 of each array's largest entry in `Float` and 1e-12 in `Double`; at N = 1024, D = 512, V = 32 000 the
    /// `Float` gradients are within 1.1e-6 (dh) and 6.7e-7 (dW) of the exact ones, as torch's float32 are. The
    /// same bits for any `threads` on a given machine; machines that run different clones (SSE2 without FMA, AVX2,
    /// AVX-512) may differ in the last bits.
    ///
    /// - Parameters:
    ///   - hidden: `[N, D]` hidden states (N ≥ 1 tokens, D ≥ 1).
    ///   - weights: `[V, D]` output weights (V ≥ 1 classes; PyTorch's `nn.Linear(D, V).weight`).
    ///   - bias: `nil` or `V` biases.
    ///   - labels: `N` labels in `0..<V`, or the ignored label.
    ///   - withGradient: whether to compute the three gradients (dL/db only with a bias).
    ///   - threads: threads to split the work between (≥ 1); the bits do not depend on it. Products too small to gain
    ///     from threads (``LinearCrossEntropyPlan/minimumParallelWork``) run on one.
    ///   - plan: the blocking, or `nil` for the default.
    /// - Throws: ``LossError``: an unsupported loss or option, an empty batch, mismatched shapes, a label out of
    ///   range (under both conventions, unlike the unfused Keras loss, which would give it loss 0), a NaN or
    ///   infinite input.
    public func linearCrossEntropy<Scalar: LinearCrossEntropyScalar>(
        hidden: Matrix<Scalar>, weights: Matrix<Scalar>, bias: [Scalar]? = nil, labels: [Int],
        withGradient: Bool = false, threads: Int = 1, plan: LinearCrossEntropyPlan? = nil
    ) throws(LossError) -> LinearCrossEntropyResult<Scalar> {
        let tokens = hidden.rows, dimension = hidden.columns, vocabulary = weights.rows
        let plan = plan ?? LinearCrossEntropyPlan(tokens: tokens, vocabulary: vocabulary,
                                                  scalarSize: MemoryLayout<Scalar>.size)
        let warnings = try validateLinearCrossEntropy(
            tokens: tokens, dimension: dimension, weightsShape: [weights.rows, weights.columns],
            biasCount: bias?.count, labels: labels, threads: threads)
        try Self.checkFinite(hidden.elements, argument: .hidden, columns: dimension)
        try Self.checkFinite(weights.elements, argument: .weights, columns: dimension)
        if let bias { try Self.checkFinite(bias, argument: .bias, columns: nil) }

        var values = [Scalar](repeating: 0, count: tokens)
        var hiddenGradient: [Scalar] = withGradient ? Array(repeating: 0, count: tokens * dimension) : []
        var weightsGradient: [Scalar] = withGradient ? Array(repeating: 0, count: vocabulary * dimension) : []
        var biasGradient: [Scalar] = withGradient && bias != nil ? Array(repeating: 0, count: vocabulary) : []
        let summary = hidden.elements.withUnsafeBufferPointer { h in
            weights.elements.withUnsafeBufferPointer { w in
                (bias ?? []).withUnsafeBufferPointer { b in
                    labels.withUnsafeBufferPointer { y in
                        values.withUnsafeMutableBufferPointer { v in
                            hiddenGradient.withUnsafeMutableBufferPointer { dh in
                                weightsGradient.withUnsafeMutableBufferPointer { dw in
                                    biasGradient.withUnsafeMutableBufferPointer { db in
                                        linearCrossEntropyUnchecked(
                                            hidden: h.baseAddress!, weights: w.baseAddress!,
                                            bias: bias == nil ? nil : b.baseAddress, labels: y.baseAddress!,
                                            tokens: tokens, dimension: dimension, vocabulary: vocabulary,
                                            values: v.baseAddress,
                                            hiddenGradient: withGradient ? dh.baseAddress : nil,
                                            weightsGradient: withGradient ? dw.baseAddress : nil,
                                            biasGradient: withGradient && bias != nil ? db.baseAddress : nil,
                                            threads: threads, plan: plan)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        var allWarnings = warnings
        if summary.allTargetsIgnored { allWarnings.append(.allTargetsIgnored(convention: convention)) }
        if summary.zeroTotalWeight { allWarnings.append(.zeroTotalWeight(convention: convention)) }
        return LinearCrossEntropyResult(
            values: reduction == .none
                ? Tensor(shape: [tokens], elements: values) : Tensor(shape: [], elements: [summary.value]),
            hiddenGradient: withGradient ? Matrix(rows: tokens, columns: dimension, elements: hiddenGradient) : nil,
            weightsGradient: withGradient
                ? Matrix(rows: vocabulary, columns: dimension, elements: weightsGradient) : nil,
            biasGradient: withGradient && bias != nil ? biasGradient : nil,
            warnings: allWarnings, peakLogitsBytes: plan.peakLogitsBytes)
    }

    /// Checks the options and every shape and label of a fused linear + cross-entropy, before any large
    /// allocation (the values themselves are not read): the loss must be ``LossKind/sparseCategorical`` from
    /// logits, `hidden` `[tokens, dimension]` with both ≥ 1, `weights` `[V, dimension]` with V ≥ 1, the bias (when
    /// given) V values, `labels` one per token in `0..<V` or the ignored label, `threads` ≥ 1.
    ///
    /// - Returns: the warnings that depend on the shapes alone (``LossWarning/singleClass`` when V = 1).
    /// - Throws: ``LossError``.
    public func validateLinearCrossEntropy(
        tokens: Int, dimension: Int, weightsShape: [Int], biasCount: Int?, labels: [Int], threads: Int = 1
    ) throws(LossError) -> [LossWarning] {
        guard kind == .sparseCategorical, fromLogits else {
            throw .invalidOption(name: "loss", value: fromLogits ? "\(kind)" : "\(kind) from probabilities",
                                 expectation: "sparse-categorical from logits for the linear cross-entropy")
        }
        guard threads >= 1 else {
            throw .invalidOption(name: "threads", value: "\(threads)", expectation: "an integer >= 1")
        }
        guard tokens > 0 else { throw .emptyBatch(argument: .hidden) }
        guard dimension > 0 else {
            throw .invalidShape(argument: .hidden, shape: [tokens, dimension], expectation: "at least one column")
        }
        guard weightsShape.count == 2, weightsShape[1] == dimension, weightsShape[0] > 0 else {
            throw .shapeMismatch(argument: .weights, expected: [max(1, weightsShape.first ?? 1), dimension],
                                 actual: weightsShape)
        }
        let vocabulary = weightsShape[0]
        try validateOptions(classCount: vocabulary)
        if let biasCount, biasCount != vocabulary {
            throw .shapeMismatch(argument: .bias, expected: [vocabulary], actual: [biasCount])
        }
        guard labels.count == tokens else {
            throw .shapeMismatch(argument: .labels, expected: [tokens], actual: [labels.count])
        }
        let ignore = effectiveIgnoreIndex
        if let bad = labels.firstIndex(where: { !($0 >= 0 && $0 < vocabulary) && $0 != ignore }) {
            throw .labelOutOfRange(index: [bad], label: labels[bad], classCount: vocabulary)
        }
        return vocabulary == 1 ? [.singleClass] : []
    }

    private static func checkFinite<Scalar: BinaryFloatingPoint>(
        _ values: [Scalar], argument: LossArgument, columns: Int?
    ) throws(LossError) {
        guard let bad = values.firstIndex(where: { !$0.isFinite }) else { return }
        let index = columns.map { [bad / $0, bad % $0] } ?? [bad]
        throw .invalidValue(argument: argument, index: index, value: Double(values[bad]),
                            expectation: "a finite number")
    }
}
