/// The balancing factor α of the focal losses: one number, or (categorical focal only) one per class.
///
/// Literals work: `alpha: 0.25` or `alpha: [0.1, 0.3, 0.6]`.
public enum FocalAlpha: Sendable, Hashable, ExpressibleByFloatLiteral, ExpressibleByArrayLiteral,
    CustomStringConvertible
{
    /// The same α for every class (binary focal: α for label 1, 1 − α for label 0).
    case uniform(Double)
    /// One α per class, applied along the class axis (Keras' list form of `alpha`).
    case perClass([Double])

    /// Keras' default, 0.25.
    public static let `default`: FocalAlpha = .uniform(0.25)

    /// `alpha: 0.25` is ``uniform(_:)``.
    public init(floatLiteral value: Double) { self = .uniform(value) }
    /// `alpha: [0.1, 0.9]` is ``perClass(_:)``.
    public init(arrayLiteral elements: Double...) { self = .perClass(elements) }

    /// The values, comma separated, as the command line takes them.
    public var description: String {
        switch self {
        case .uniform(let value): return "\(value)"
        case .perClass(let values): return values.map { "\($0)" }.joined(separator: ",")
        }
    }
}
