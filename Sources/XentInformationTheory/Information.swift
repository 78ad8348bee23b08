/// An amount of information with its unit: what every entropy, cross-entropy and divergence in Xent returns.
///
/// ```swift
/// let h = try entropy(of: ProbabilityDistribution([0.5, 0.25, 0.25]))
/// h.value                          // 1.5
/// h.unit                           // .bits
/// h.converted(to: .nats).value     // 1.0397207708399179
/// ```
///
/// The value can be `+∞` (a cross-entropy or KL divergence under a model that gives probability 0 to an outcome
/// the data can produce).
public struct Information<Value: BinaryFloatingPoint & Sendable>: Hashable, Sendable, CustomStringConvertible {
    /// The amount, in ``unit``.
    public var value: Value
    /// The unit of ``value``.
    public var unit: InformationUnit

    /// An amount of `value` in `unit`.
    public init(_ value: Value, _ unit: InformationUnit) {
        self.value = value
        self.unit = unit
    }

    /// The same amount in `unit` (one multiplication, in Double, then rounded to `Value`).
    public func converted(to unit: InformationUnit) -> Information {
        if unit == self.unit { return self }
        return Information(Value(Double(value) * self.unit.conversionFactor(to: unit)), unit)
    }

    /// Whether the amount is finite.
    public var isFinite: Bool { value.isFinite }

    public var description: String { "\(value) \(unit.name)" }
}

extension Information {
    /// An amount computed in nats (as the kernels do) expressed in `unit` and rounded to `Value`.
    static func fromNats(_ nats: Double, in unit: InformationUnit) -> Information {
        // Adding +0 turns a −0 (0 divided by the negative ln of a base below 1) into +0.
        Information(Value(unit == .nats ? nats : nats / unit.natsPerUnit) + 0, unit)
    }
}
