/// The Shannon entropy H(P) = −Σ pᵢ log pᵢ of a distribution: the optimal average length of a code for its outcomes.
///
/// - Parameters:
///   - distribution: the distribution P.
///   - unit: the unit of the result (``InformationUnit/bits`` by default).
/// - Returns: H(P) ≥ 0, with 0·log 0 = 0 (outcomes of probability 0 add nothing). At most log(count).
///
/// Accuracy: computed in Double with compensated summation; within a few ulps (far below 1e-12 relative) of the exact
/// value for Double input, and correctly rounded to Float for Float input in all but rare ties.
///
/// ```swift
/// try entropy(of: ProbabilityDistribution([0.5, 0.25, 0.25]))              // 1.5 bits
/// try entropy(of: ProbabilityDistribution([0.5, 0.25, 0.25]), in: .nats)   // 1.0397… nats
/// ```
public func entropy<Scalar>(
    of distribution: ProbabilityDistribution<Scalar>, in unit: InformationUnit = .bits
) -> Information<Scalar> {
    .fromNats(InformationKernels.entropy(distribution.doubles), in: unit)
}
