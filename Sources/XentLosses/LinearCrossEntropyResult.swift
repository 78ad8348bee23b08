import XentKernels

/// What the fused linear + cross-entropy returns: the loss and, when asked for, the gradients with respect to the
/// hidden states, the weights and the bias.
public struct LinearCrossEntropyResult<Scalar>: Sendable where Scalar: Sendable {
    /// The reduced value (nats) as a rank-0 tensor, or one value per token (shape `[N]`) with reduction
    /// ``LossReduction/none``.
    public var values: Tensor<Scalar>
    /// dL/dh, `[N, D]`, or `nil`. With reduction ``LossReduction/none`` the gradients are those of the sum of
    /// the values.
    public var hiddenGradient: Matrix<Scalar>?
    /// dL/dW, `[V, D]`, or `nil`.
    public var weightsGradient: Matrix<Scalar>?
    /// dL/db, `[V]`, or `nil` (also when there is no bias).
    public var biasGradient: [Scalar]?
    /// Degenerate but well-formed conditions met on the way (never errors).
    public var warnings: [LossWarning]
    /// The most logits held at once, in bytes (one block of tokens over the whole vocabulary; see
    /// ``LinearCrossEntropyPlan``). The full logits would take N·V scalars.
    public var peakLogitsBytes: Int

    /// The reduced value, or `nil` with reduction ``LossReduction/none``.
    public var value: Scalar? { values.shape.isEmpty ? values.elements.first : nil }

    /// Creates a result.
    public init(values: Tensor<Scalar>, hiddenGradient: Matrix<Scalar>?, weightsGradient: Matrix<Scalar>?,
                biasGradient: [Scalar]?, warnings: [LossWarning], peakLogitsBytes: Int) {
        self.values = values
        self.hiddenGradient = hiddenGradient
        self.weightsGradient = weightsGradient
        self.biasGradient = biasGradient
        self.warnings = warnings
        self.peakLogitsBytes = peakLogitsBytes
    }
}
