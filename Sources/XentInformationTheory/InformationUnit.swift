import RealModule

/// The unit of an amount of information: the base of the logarithm it is measured with.
///
/// `bits` (base 2, the default everywhere in Xent), `nats` (base e) and `hartleys` (base 10, also called bans or
/// decimal digits), or any other finite positive base other than 1 through ``init(base:)``. An amount in one unit
/// is a constant multiple of the same amount in another: `x` nats is `x / ln 2` bits.
public struct InformationUnit: Hashable, Sendable, CustomStringConvertible {
    /// The base of the logarithm (2 for bits, e for nats, 10 for hartleys).
    public let base: Double
    /// ln(base): how many nats one unit holds.
    public let natsPerUnit: Double

    private init(base: Double, natsPerUnit: Double) {
        self.base = base
        self.natsPerUnit = natsPerUnit
    }

    /// Bits: logarithms to base 2.
    public static let bits = InformationUnit(base: 2, natsPerUnit: 0.693_147_180_559_945_309_417_232_121_458)
    /// Nats: natural logarithms (base e).
    public static let nats = InformationUnit(base: 2.718_281_828_459_045_235_360_287_471_352, natsPerUnit: 1)
    /// Hartleys (bans): logarithms to base 10.
    public static let hartleys = InformationUnit(base: 10, natsPerUnit: 2.302_585_092_994_045_684_017_991_454_684)

    /// The unit for logarithms to `base`: ``bits``, ``nats`` or ``hartleys`` for 2, e and 10, otherwise a custom
    /// unit.
    ///
    /// - Throws: ``InformationTheoryError/invalidBase(_:)`` unless `base` is finite, positive and not 1.
    public init(base: Double) throws(InformationTheoryError) {
        guard base.isFinite, base > 0, base != 1 else { throw .invalidBase(base) }
        if base == 2 { self = .bits }
        else if base == InformationUnit.nats.base { self = .nats }
        else if base == 10 { self = .hartleys }
        else { self.init(base: base, natsPerUnit: Double.log(base)) }
    }

    /// The unit's name: "bits", "nats", "hartleys", or "base-B units" (for example "base-3 units").
    public var name: String {
        switch self {
        case .bits: "bits"
        case .nats: "nats"
        case .hartleys: "hartleys"
        default: "base-\(InformationUnit.format(base)) units"
        }
    }

    /// A short label for machine-readable output: "bits", "nats", "hartleys" or "base-B" (for example "base-3").
    public var symbol: String {
        switch self {
        case .bits, .nats, .hartleys: name
        default: "base-\(InformationUnit.format(base))"
        }
    }

    public var description: String { name }

    /// The factor that converts an amount in this unit into `other`: multiply by it.
    public func conversionFactor(to other: InformationUnit) -> Double {
        self == other ? 1 : natsPerUnit / other.natsPerUnit
    }

    private static func format(_ base: Double) -> String {
        if base == base.rounded(), abs(base) < 1e15 { return String(Int64(base)) }
        return "\(base)"
    }
}
