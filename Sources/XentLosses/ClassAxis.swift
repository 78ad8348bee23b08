/// Where the class axis lies in the predictions.
public enum ClassAxis: Sendable, Hashable, CustomStringConvertible {
    /// The last axis: `[N, K]`, or `[N, d1, …, K]` (Keras' default, channels last).
    case last
    /// Axis 1, right after the batch axis: `[N, C, d1, …]` (PyTorch's layout, as in segmentation).
    /// For a rank-2 input this is the same as ``last``.
    case second

    /// The axis as the command line writes it (`--class-axis 1`; `-1` for the last).
    public init?(commandLineValue value: Int) {
        switch value {
        case -1: self = .last
        case 1: self = .second
        default: return nil
        }
    }

    /// `-1` for ``last``, `1` for ``second``.
    public var commandLineValue: Int { self == .last ? -1 : 1 }

    /// `last` or `1`.
    public var description: String { self == .last ? "last" : "1" }
}
