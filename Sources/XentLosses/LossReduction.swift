/// How the per-sample loss values become the reported value.
///
/// The gradient always follows the reduction; with ``none`` it is the gradient of the sum of the values.
public enum LossReduction: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Keep one value per sample (per position for `[N, C, d1, …]` inputs; per element for PyTorch's
    /// binary CE and KL).
    case none
    /// The sum of the (weighted) values.
    case sum
    /// The convention's mean: Keras divides by the number of values (by the number of kept values when a
    /// label is ignored); PyTorch divides labelled cross-entropy by the total class weight of the kept
    /// targets and everything else by the number of values.
    case mean
    /// Keras' `sum_over_batch_size`: the sum divided by the number of values, whatever the weights (by the
    /// number of kept values when a label is ignored). Identical to ``mean`` under Keras.
    case sumOverBatchSize = "sum-over-batch-size"
    /// PyTorch's `batchmean`: the sum divided by the size of the first axis (the batch size).
    case batchmean

    /// The name used on the command line (`sum-over-batch-size`, …).
    public var description: String { rawValue }
}
