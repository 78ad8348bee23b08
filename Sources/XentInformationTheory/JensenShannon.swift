/// The Jensen–Shannon divergence JS(P, Q) = ½ D(P‖M) + ½ D(Q‖M) with M = ½(P + Q).
///
/// Symmetric (the labels `between:and:` say so: neither argument is the model), always finite, and between 0 and
/// 1 bit (ln 2 nats); 0 exactly when P = Q.
///
/// - Throws: ``InformationTheoryError/lengthMismatch(dataCount:modelCount:)``.
///
/// Accuracy: nonnegative terms (see ``klDivergence(of:under:in:)``) with compensated summation in Double; the result
/// is the same bit for bit with the arguments swapped.
public func jensenShannonDivergence<Scalar>(
    between first: ProbabilityDistribution<Scalar>, and second: ProbabilityDistribution<Scalar>,
    in unit: InformationUnit = .bits
) throws(InformationTheoryError) -> Information<Scalar> {
    try checkSameOutcomes(data: first, model: second)
    return .fromNats(InformationKernels.jensenShannon(first.doubles, second.doubles), in: unit)
}

/// The Jensen–Shannon distance: the square root of the Jensen–Shannon divergence measured in `unit`, a metric on
/// distributions (what `scipy.spatial.distance.jensenshannon(p, q, base)` returns).
///
/// Its value depends on the unit (√(x bits) ≠ √(x nats)); it lies in [0, 1] for bits.
///
/// - Throws: ``InformationTheoryError/lengthMismatch(dataCount:modelCount:)``.
public func jensenShannonDistance<Scalar>(
    between first: ProbabilityDistribution<Scalar>, and second: ProbabilityDistribution<Scalar>,
    in unit: InformationUnit = .bits
) throws(InformationTheoryError) -> Scalar {
    try checkSameOutcomes(data: first, model: second)
    let nats = InformationKernels.jensenShannon(first.doubles, second.doubles)
    return Scalar((unit == .nats ? nats : nats / unit.natsPerUnit).squareRoot())
}
