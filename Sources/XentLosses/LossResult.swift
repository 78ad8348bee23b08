import XentKernels

/// The value of a loss, and its gradient when asked for.
public struct LossResult<Scalar>: Sendable where Scalar: Sendable {
    /// The reduced value as a rank-0 tensor, or the per-sample values with reduction
    /// ``LossReduction/none`` (shape: the predictions' without the class axis; the predictions' own shape
    /// for PyTorch's elementwise binary CE and KL).
    public var values: Tensor<Scalar>
    /// The gradient with respect to the predictions (logits, probabilities or log-probabilities, as given),
    /// shaped like them. With reduction ``LossReduction/none`` it is the gradient of the sum of the values.
    public var gradient: Tensor<Scalar>?
    /// Degenerate but well-formed conditions met on the way (never errors).
    public var warnings: [LossWarning]

    /// The reduced value, or `nil` with reduction ``LossReduction/none``.
    public var value: Scalar? { values.shape.isEmpty ? values.elements.first : nil }

    /// Creates a result.
    public init(values: Tensor<Scalar>, gradient: Tensor<Scalar>?, warnings: [LossWarning]) {
        self.values = values
        self.gradient = gradient
        self.warnings = warnings
    }
}

/// What the unchecked API reports besides the values it writes.
public struct UncheckedLossSummary<Scalar>: Sendable where Scalar: Sendable {
    /// The reduced value; with reduction ``LossReduction/none``, the sum of the values written.
    public var value: Scalar
    /// Every target was the ignored label (see ``LossWarning/allTargetsIgnored(convention:)``).
    public var allTargetsIgnored: Bool
    /// The mean's denominator was zero (see ``LossWarning/zeroTotalWeight(convention:)``).
    public var zeroTotalWeight: Bool
}

/// The targets handed to the unchecked API.
public enum UncheckedTargets<Scalar>: @unchecked Sendable {
    /// Dense targets laid out like the predictions (one-hot or soft; KL targets; binary labels).
    case dense(UnsafeBufferPointer<Scalar>)
    /// One integer label per row (``LossLayout/rowCount`` of them, row `(o, i)` at `o * inner + i`).
    case labels(UnsafeBufferPointer<Int>)
}
