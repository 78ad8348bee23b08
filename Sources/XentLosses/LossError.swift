/// Why a loss could not be computed: each case names the argument, the position, the value and what was
/// expected, so a person can fix the input.
///
/// Only the checked API (``Loss/evaluate(predictions:targets:sampleWeights:withGradient:)-(_,_,[Scalar]?,_)`` and its
/// overloads) throws; the unchecked API validates nothing.
public enum LossError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The batch has no rows (or no loss values at all).
    case emptyBatch(argument: LossArgument)
    /// An argument's shape does not match what the predictions require.
    case shapeMismatch(argument: LossArgument, expected: [Int], actual: [Int])
    /// An argument's shape is unusable on its own (too few axes, no classes).
    case invalidShape(argument: LossArgument, shape: [Int], expectation: String)
    /// An integer label outside `0..<classCount` that is not the ignored label. `index` is the label's
    /// position in the labels (`[row]` for a batch of rows).
    case labelOutOfRange(index: [Int], label: Int, classCount: Int)
    /// A value that the loss cannot take: a NaN or infinite logit, a negative or non-finite probability,
    /// a target outside its range, a negative weight. `index` is the element's position in its argument.
    case invalidValue(argument: LossArgument, index: [Int], value: Double, expectation: String)
    /// An option value outside its domain (`label-smoothing 1.5`, `gamma -1`, a class-weight list of the
    /// wrong length…).
    case invalidOption(name: String, value: String, expectation: String)
    /// An option that the chosen loss does not have under the chosen convention (Keras has no
    /// `pos-weight`; PyTorch has no per-sample weights on cross-entropy…).
    case unsupportedOption(name: String, kind: LossKind, convention: LossConvention)

    /// One line, no trailing period.
    public var description: String {
        switch self {
        case .emptyBatch(let argument):
            return "\(argument): the batch is empty; expected at least one row"
        case .shapeMismatch(let argument, let expected, let actual):
            return "\(argument): shape \(Self.format(actual)) does not match the expected \(Self.format(expected))"
        case .invalidShape(let argument, let shape, let expectation):
            return "\(argument): shape \(Self.format(shape)) is invalid; expected \(expectation)"
        case .labelOutOfRange(let index, let label, let classCount):
            return "labels\(Self.format(index)): label \(label) is out of range; expected 0..<\(classCount)"
                + " or the ignored label"
        case .invalidValue(let argument, let index, let value, let expectation):
            return "\(argument)\(Self.format(index)): value \(value) is invalid; expected \(expectation)"
        case .invalidOption(let name, let value, let expectation):
            return "\(name): value \(value) is invalid; expected \(expectation)"
        case .unsupportedOption(let name, let kind, let convention):
            return "\(name): the \(kind) loss has no such option under the \(convention) convention"
        }
    }

    private static func format(_ index: [Int]) -> String {
        "[" + index.map(String.init).joined(separator: ", ") + "]"
    }
}

/// The arguments of a loss, as ``LossError`` names them (command-line spelling).
public enum LossArgument: String, Sendable, Hashable, CustomStringConvertible {
    /// The logits, probabilities or log-probabilities.
    case predictions
    /// Dense targets.
    case targets
    /// Integer labels.
    case labels
    /// Per-sample weights.
    case sampleWeights = "sample-weights"
    /// Per-class weights.
    case classWeights = "class-weights"
    /// PyTorch's `pos_weight`.
    case posWeight = "pos-weight"
    /// The focal α.
    case alpha
    /// The hidden states `[N, D]` of the fused linear + cross-entropy.
    case hidden
    /// The output layer's weights `[V, D]` of the fused linear + cross-entropy.
    case weights
    /// The output layer's bias `[V]` of the fused linear + cross-entropy.
    case bias

    /// The command-line spelling (`sample-weights`, …).
    public var description: String { rawValue }
}
