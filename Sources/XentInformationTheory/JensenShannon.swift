/// The Jensen–Shannon divergence JS(P, Q) = ½ D(P‖M) + ½ D(Q‖M) with M = ½(P + Q).
///
/// Symmetric (the labels `between:and:` say so: neither argument is the model), always finite, and between 0 and
/// 1 bit (ln 2 nats); 0 exactly when P = Q.
///
/// - Throws: ``InformationTheoryError/lengthMismatch(dataCount:modelCount:)``.
///
/// Accuracy: within 1e-12 relative of the exact value (in practice a few ulps), from inputs one ulp apart to
/// disjoint supports; the same bit for bit with the arguments swapped. The mixture M is never rounded: each outcome
/// adds pᵢ ln(2pᵢ/(pᵢ + qᵢ)) + qᵢ ln(2qᵢ/(pᵢ + qᵢ)) ≥ 0, by an even series in (pᵢ − qᵢ)/(pᵢ + qᵢ) where pᵢ and qᵢ
/// are within a factor of 2, with compensated summation in Double.
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
/// Its value depends on the unit (√(x bits) ≠ √(x nats)); it lies in [0, 1] for bits. In a unit whose base is
/// below 1 the divergence is negative and the distance NaN (`xent js` refuses such bases).
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
