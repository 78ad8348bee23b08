/// The Kullback–Leibler divergence D(Q‖P) = Σ qᵢ log(qᵢ/pᵢ) (relative entropy): how much longer, on average, a
/// message whose outcomes follow the data Q gets when it is coded for the model P instead of for Q.
///
/// Same labels as ``crossEntropy(of:under:in:)``: `of:` the data Q, `under:` the model P. D(Q‖P) = H(Q, P) − H(Q);
/// it is not symmetric.
///
/// - Returns: D(Q‖P) ≥ 0, exactly 0 when the distributions are equal and > 0 otherwise (unless the difference is
///   below the floating-point resolution). Finite whenever every pᵢ > 0, however small (down to the smallest
///   subnormal); `+∞` when the model gives pᵢ = 0 to an outcome with qᵢ > 0 (see
///   ``unsupportedOutcomes(of:under:)``); outcomes with qᵢ = 0 add nothing.
/// - Throws: ``InformationTheoryError/lengthMismatch(dataCount:modelCount:)``.
///
/// Accuracy: within 1e-12 relative of the exact value (in practice a few ulps) for any ratios qᵢ/pᵢ, from inputs
/// one ulp apart to ratios of 1e300 and beyond, and never negative; D(Q‖P) = H(Q,P) − H(Q) to 1e-12 of H(Q,P).
/// Computed as Σ [qᵢ ln(qᵢ/pᵢ) − qᵢ + pᵢ], whose terms are each ≥ 0, with compensated summation in Double: where
/// pᵢ/qᵢ is between 1/2 and 2 a series in s = (pᵢ − qᵢ)/(pᵢ + qᵢ) avoids the cancellation of ln(qᵢ/pᵢ), elsewhere
/// ln(qᵢ/pᵢ) comes from the ratio or, beyond 1e±308, from ln qᵢ − ln pᵢ. This equals `scipy.stats.entropy(q, p)`
/// (the sum of `scipy.special.rel_entr`) for normalised inputs.
///
/// ```swift
/// let data = try ProbabilityDistribution([0.5, 0.5])
/// let model = try ProbabilityDistribution([0.75, 0.25])
/// try klDivergence(of: data, under: model)   // 0.2075 bits
/// ```
public func klDivergence<Scalar>(
    of data: ProbabilityDistribution<Scalar>, under model: ProbabilityDistribution<Scalar>,
    in unit: InformationUnit = .bits
) throws(InformationTheoryError) -> Information<Scalar> {
    try checkSameOutcomes(data: data, model: model)
    return .fromNats(InformationKernels.klDivergence(data: data.doubles, model: model.doubles), in: unit)
}
