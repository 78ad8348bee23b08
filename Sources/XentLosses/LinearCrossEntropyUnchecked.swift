extension Loss {
    /// The fused linear + softmax cross-entropy without any check: the loss of the logits h·Wᵀ + b against
    /// integer labels, and on request its gradients, without ever holding the `[N, V]` logits.
    ///
    /// The loss is this ``Loss`` (``LossKind/sparseCategorical`` from logits, either convention, with its ignore
    /// index, label smoothing, class weights, z-loss and reduction) evaluated on the logits
    /// `z[t, v] = b[v] + Σ_q h[t, q]·W[v, q]`; see
    /// ``linearCrossEntropy(hidden:weights:bias:labels:withGradient:threads:plan:)`` for the blocking and accuracy.
    ///
    /// - Parameters:
    ///   - hidden: `tokens × dimension` hidden states, row-major.
    ///   - weights: `vocabulary × dimension` output weights, row-major (PyTorch's `nn.Linear.weight`).
    ///   - bias: `nil` or `vocabulary` biases.
    ///   - labels: `tokens` labels in `0..<vocabulary` or the ignored label. Others count as ignored under
    ///     PyTorch and as zero-loss rows under Keras (as the unfused loss does).
    ///   - tokens: N, the number of hidden rows and labels (≥ 1 for any work to be done).
    ///   - dimension: D, the hidden size.
    ///   - vocabulary: V, the number of classes (rows of `weights`).
    ///   - values: `nil`, or room for `tokens` values: each token's weighted loss in nats (what reduction
    ///     ``LossReduction/none`` returns), written whatever the reduction.
    ///   - hiddenGradient: `nil`, or room for `tokens × dimension` values: dL/dh (overwritten).
    ///   - weightsGradient: `nil`, or room for `vocabulary × dimension` values: dL/dW (overwritten).
    ///   - biasGradient: `nil`, or room for `vocabulary` values: dL/db (overwritten).
    ///   - threads: the vocabulary (and the tokens, and the hidden columns) are split between this many threads;
    ///     the results have the same bits for any count.
    ///   - plan: the blocking (the default keeps one block of logits within 32 MiB).
    /// - Returns: the reduced value (the sum for ``LossReduction/none``) and the degenerate-batch flags.
    ///
    /// Nothing is validated: sizes, class-weight counts and option domains are the caller's promise.
    public func linearCrossEntropyUnchecked<Scalar: LinearCrossEntropyScalar>(
        hidden: UnsafePointer<Scalar>, weights: UnsafePointer<Scalar>, bias: UnsafePointer<Scalar>?,
        labels: UnsafePointer<Int>, tokens: Int, dimension: Int, vocabulary: Int,
        values: UnsafeMutablePointer<Scalar>? = nil, hiddenGradient: UnsafeMutablePointer<Scalar>? = nil,
        weightsGradient: UnsafeMutablePointer<Scalar>? = nil, biasGradient: UnsafeMutablePointer<Scalar>? = nil,
        threads: Int = 1, plan: LinearCrossEntropyPlan? = nil
    ) -> UncheckedLossSummary<Scalar> {
        guard tokens > 0, vocabulary > 0 else {
            let value: Scalar = convention == .pytorch && reduction != .sum && reduction != .none ? .nan : 0
            return UncheckedLossSummary(value: value, allTargetsIgnored: false, zeroTotalWeight: false)
        }
        var checked = self
        if let weights = classWeights, weights.count < vocabulary { checked.classWeights = nil }
        let engine = LinearCrossEntropyEngine(
            loss: checked, hidden: hidden, weights: weights, bias: bias, labels: labels, tokens: tokens,
            dimension: dimension, vocabulary: vocabulary, threads: max(1, threads),
            plan: plan ?? LinearCrossEntropyPlan(tokens: tokens, vocabulary: vocabulary,
                                                 scalarSize: MemoryLayout<Scalar>.size))
        return engine.run(values: values, hiddenGradient: hiddenGradient, weightsGradient: weightsGradient,
                          biasGradient: biasGradient)
    }
}
