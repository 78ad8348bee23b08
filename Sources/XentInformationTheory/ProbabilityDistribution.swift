import XentKernels

/// A validated probability distribution over `count` outcomes, numbered 0..<count: every probability is finite and
/// ≥ 0 and they sum to 1.
///
/// Make one from probabilities (checked to sum to 1 within a tolerance), from non-negative weights or counts
/// (rescaled to sum to 1, as `scipy.stats.entropy` always does), or from samples through ``OutcomeCounts``.
/// Outcomes with probability 0 are kept: they matter for cross-entropy and KL divergence.
///
/// ```swift
/// let fair = try ProbabilityDistribution([0.5, 0.5])
/// let loaded = try ProbabilityDistribution(normalizing: [3.0, 1.0])   // 0.75, 0.25
/// let rolls = try ProbabilityDistribution<Double>(counts: [4, 0, 2])  // 2/3, 0, 1/3
/// ```
///
/// `Scalar` is the caller's storage type (`Float` or `Double`); the functions that take distributions compute in
/// Double with compensated summation either way.
public struct ProbabilityDistribution<Scalar: BinaryFloatingPoint & Sendable>: Hashable, Sendable {
    /// The probabilities, one per outcome; they sum to 1 (up to rounding).
    public let probabilities: [Scalar]

    /// The number of outcomes (including those of probability 0).
    public var count: Int { probabilities.count }

    /// The largest distance of a sum of probabilities from 1 that ``init(_:tolerance:)`` accepts by default for
    /// `count` entries: `max(1e-6, 4·count·Scalar.ulpOfOne)` (1e-6 unless `count` is large or `Scalar` is Float).
    public static func defaultTolerance(count: Int) -> Double {
        max(1e-6, 4 * Double(count) * Double(Scalar.ulpOfOne))
    }

    /// A distribution from probabilities.
    ///
    /// Probabilities that sum to 1 within `tolerance` are divided by their (compensated) sum, so that they sum to 1
    /// up to rounding; a sum of exactly 1 leaves them unchanged.
    ///
    /// - Parameters:
    ///   - probabilities: one probability per outcome, each finite and ≥ 0.
    ///   - tolerance: how far from 1 the sum may be; `nil` means ``defaultTolerance(count:)``.
    /// - Throws: ``InformationTheoryError/empty``, ``InformationTheoryError/negativeEntry(_:value:)``,
    ///   ``InformationTheoryError/nonFiniteEntry(_:value:)``, ``InformationTheoryError/notNormalized(sum:tolerance:)``
    ///   (use ``init(normalizing:)`` to rescale on purpose), ``InformationTheoryError/invalidTolerance(_:)``.
    public init(_ probabilities: [Scalar], tolerance: Double? = nil) throws(InformationTheoryError) {
        let tolerance = tolerance ?? Self.defaultTolerance(count: probabilities.count)
        guard tolerance.isFinite, tolerance >= 0 else { throw .invalidTolerance(tolerance) }
        let sum = try Self.validatedSum(probabilities)
        guard abs(sum - 1) <= tolerance else { throw .notNormalized(sum: sum, tolerance: tolerance) }
        self.probabilities = sum == 1 ? probabilities : probabilities.map { Scalar(Double($0) / sum) }
    }

    /// A distribution from non-negative weights (counts, frequencies, unnormalised probabilities), each divided by
    /// their compensated sum: the equivalent of `scipy.stats.entropy`'s implicit normalisation.
    ///
    /// - Throws: ``InformationTheoryError/empty``, ``InformationTheoryError/negativeEntry(_:value:)``,
    ///   ``InformationTheoryError/nonFiniteEntry(_:value:)``, ``InformationTheoryError/allZero(count:)``.
    public init(normalizing weights: [Scalar]) throws(InformationTheoryError) {
        var sum = try Self.validatedSum(weights)
        guard sum > 0 else { throw .allZero(count: weights.count) }
        // Finite weights whose sum overflows: scale them down first (exactly, by a power of two).
        let scale = sum.isFinite ? 1.0 : 0x1p-64
        if !sum.isFinite { sum = weights.map { Double($0) * scale }.compensatedSum() }
        self.probabilities = weights.map { Scalar(Double($0) * scale / sum) }
    }

    /// A distribution from counts of outcomes: `counts[i] / Σ counts`.
    ///
    /// - Throws: ``InformationTheoryError/empty``, ``InformationTheoryError/negativeEntry(_:value:)``,
    ///   ``InformationTheoryError/allZero(count:)``.
    public init(counts: [Int]) throws(InformationTheoryError) {
        guard !counts.isEmpty else { throw .empty }
        for (i, n) in counts.enumerated() where n < 0 { throw .negativeEntry(.index(i), value: Double(n)) }
        let total = counts.reduce(0.0) { $0 + Double($1) }
        guard total > 0 else { throw .allZero(count: counts.count) }
        self.probabilities = counts.map { Scalar(Double($0) / total) }
    }

    /// Wraps probabilities that are already valid (used where the library built them itself).
    init(unchecked probabilities: [Scalar]) {
        self.probabilities = probabilities
    }

    /// The probabilities as Doubles (no copy when `Scalar` is Double).
    var doubles: [Double] {
        if let same = probabilities as? [Double] { return same }
        return probabilities.map(Double.init)
    }

    /// Checks each entry (finite, ≥ 0, non-empty) and returns the compensated sum in Double.
    private static func validatedSum(_ values: [Scalar]) throws(InformationTheoryError) -> Double {
        guard !values.isEmpty else { throw .empty }
        var sum = CompensatedSum<Double>()
        for (i, value) in values.enumerated() {
            guard value.isFinite else { throw .nonFiniteEntry(.index(i), value: Double(value)) }
            guard value >= 0 else { throw .negativeEntry(.index(i), value: Double(value)) }
            sum.add(Double(value))
        }
        return sum.value
    }
}
