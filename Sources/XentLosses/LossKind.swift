/// The six losses of XentLosses, named as the `xent loss` command names them.
public enum LossKind: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Cross-entropy against dense targets (one-hot or soft), from probabilities or logits
    /// (Keras `CategoricalCrossentropy`; PyTorch `cross_entropy` with probability targets).
    case categorical
    /// Cross-entropy against integer labels, with an optional ignored label
    /// (Keras `SparseCategoricalCrossentropy`; PyTorch `cross_entropy` / `nll_loss` with class indices).
    case sparseCategorical = "sparse-categorical"
    /// Independent binary cross-entropies, one per label (Keras `BinaryCrossentropy`;
    /// PyTorch `binary_cross_entropy` and `binary_cross_entropy_with_logits`).
    case binary
    /// Kullback–Leibler divergence of the predictions from the targets, in nats
    /// (Keras `KLDivergence` on probabilities; PyTorch `kl_div` on log-probabilities).
    case kl
    /// Keras `CategoricalFocalCrossentropy`.
    case categoricalFocal = "categorical-focal"
    /// Keras `BinaryFocalCrossentropy`.
    case binaryFocal = "binary-focal"

    /// The name used on the command line and in fixtures (`sparse-categorical`, …).
    public var description: String { rawValue }

    /// Whether the targets are integer labels rather than a tensor shaped like the predictions.
    public var takesLabels: Bool { self == .sparseCategorical }
}
