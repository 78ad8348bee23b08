/// Which framework's semantics a loss follows where Keras 3 and PyTorch disagree.
///
/// | topic | ``keras`` | ``pytorch`` |
/// |---|---|---|
/// | probabilities | rows renormalised, then clipped to [1e-7, 1 − 1e-7] (KL: [1e-7, 1]) | used as given; binary CE clamps each log at −100 |
/// | weighted mean | Σ s·L / (number of loss values), or / (number of kept values) with an ignored label | Σ w_y·L / Σ w_y for labels; / count for dense targets and binary CE |
/// | all targets ignored, zero total weight | 0 with a zero gradient | NaN (zero gradient when all are ignored, NaN gradient for zero weight) |
/// | binary per-sample value | mean over the label axis | one value per element |
/// | label smoothing | y(1 − ε) + ε/K′ (K′ = size of the last axis), binary ε/2 | t(1 − ε) + ε/C, labels with class weights |
/// | KL predictions | probabilities | log-probabilities (`log_target` optional) |
///
/// The default is ``keras``: the article behind Xent is written against `tf.keras`, Keras defines all six
/// losses (probability inputs, focal losses, binary label smoothing), and it gives a finite value for every
/// well-formed batch (no NaN for an all-ignored batch). Choose ``pytorch`` to reproduce a PyTorch
/// training log. The focal losses exist only in Keras and always follow its formulas.
public enum LossConvention: String, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// Keras 3 (`keras.losses`, as computed by the jax backend).
    case keras
    /// PyTorch (`torch.nn.functional`).
    case pytorch

    /// The convention used when none is given: ``keras`` (see the type's discussion for why).
    public static let `default`: LossConvention = .keras

    /// The name used on the command line (`keras`, `pytorch`).
    public var description: String { rawValue }
}
