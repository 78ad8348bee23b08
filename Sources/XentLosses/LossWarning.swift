/// Something well-formed but degenerate that a caller may want to report (the CLI prints these on stderr).
///
/// Warnings never change the value: the value follows the convention exactly.
public enum LossWarning: Sendable, Hashable, CustomStringConvertible {
    /// Every target was the ignored label: Keras gives 0 with a zero gradient, PyTorch's mean gives NaN
    /// with a zero gradient (its sum gives 0).
    case allTargetsIgnored(convention: LossConvention)
    /// The mean's denominator (total sample or class weight of the kept targets) is zero. Keras gives 0;
    /// PyTorch gives NaN (±inf when the numerator is not zero) and a NaN gradient.
    case zeroTotalWeight(convention: LossConvention)
    /// There is one class only: categorical cross-entropy from logits is then identically 0, and Keras
    /// clips the renormalised probability to 1 − 1e-7 (Keras prints a warning too).
    case singleClass
    /// Some probabilities were clipped into [1e-7, 1 − 1e-7] (Keras convention): those entries get no
    /// gradient. `count` is the number of clipped entries.
    case probabilitiesClipped(count: Int)
    /// Some probability rows did not sum to 1 (relative error above 1e-3 under Keras, which renormalises
    /// them, or under PyTorch, which uses them as given). `count` is the number of such rows.
    case unnormalizedRows(count: Int)
    /// Some binary-cross-entropy logs were clamped at −100 (PyTorch convention). `count` is the number of
    /// clamped logs.
    case logsClamped(count: Int)
    /// A class weight (at `index`, of value `weight`) above `Float.greatestFiniteMagnitude`: the Keras convention
    /// casts class weights to float32, as Keras does, so it becomes +∞ there (and the loss with it); the PyTorch
    /// convention keeps float64 weights in double.
    case classWeightOverflowsFloat32(index: Int, weight: Double)

    /// One line, no trailing period.
    public var description: String {
        switch self {
        case .allTargetsIgnored(let convention):
            return "every target is the ignored label; the \(convention) convention gives "
                + (convention == .keras ? "0" : "NaN for the mean")
        case .zeroTotalWeight(let convention):
            return "the total weight is zero; the \(convention) convention gives "
                + (convention == .keras ? "0" : "NaN for the mean")
        case .singleClass:
            return "there is a single class; categorical cross-entropy is degenerate"
        case .probabilitiesClipped(let count):
            return "\(count) probabilities were clipped to [1e-7, 1 - 1e-7] and get no gradient"
        case .unnormalizedRows(let count):
            return "\(count) probability rows do not sum to 1"
        case .logsClamped(let count):
            return "\(count) logs were clamped at -100"
        case .classWeightOverflowsFloat32(let index, let weight):
            return "class weight \(index) (\(weight)) overflows float32 and becomes inf: the keras convention casts "
                + "class weights to float32; the pytorch convention keeps them in double"
        }
    }
}
