/// The cross-entropy H(Q, P) = −Σ qᵢ log pᵢ: the average length of a message whose outcomes follow the data's
/// distribution Q when it is coded with the code that is optimal for the model's distribution P.
///
/// The roles are in the labels: `of:` takes the distribution the outcomes actually follow (the data, Q), `under:`
/// the one the code or model was built for (the model, P). The two are not interchangeable: H(Q, P) ≠ H(P, Q) in
/// general, and H(Q, P) = H(Q) + D(Q‖P) ≥ H(Q).
///
/// - Parameters:
///   - data: the distribution Q the outcomes follow.
///   - model: the distribution P the code is built for.
///   - unit: the unit of the result (``InformationUnit/bits`` by default).
/// - Returns: H(Q, P) ≥ 0. Outcomes with qᵢ = 0 add nothing (0·log 0 = 0); if the model gives pᵢ = 0 to an outcome
///   with qᵢ > 0, the result is `+∞`: ask ``unsupportedOutcomes(of:under:)`` which outcomes cause it.
/// - Throws: ``InformationTheoryError/lengthMismatch(dataCount:modelCount:)`` when the distributions have different
///   numbers of outcomes.
///
/// Accuracy: Double with compensated summation; every term is ≥ 0, so the result is within a few ulps of the exact
/// value (far below 1e-12 relative).
///
/// ```swift
/// let data = try ProbabilityDistribution([0.5, 0.5])
/// let model = try ProbabilityDistribution([0.75, 0.25])
/// try crossEntropy(of: data, under: model)   // 1.2075 bits
/// ```
public func crossEntropy<Scalar>(
    of data: ProbabilityDistribution<Scalar>, under model: ProbabilityDistribution<Scalar>,
    in unit: InformationUnit = .bits
) throws(InformationTheoryError) -> Information<Scalar> {
    try checkSameOutcomes(data: data, model: model)
    return .fromNats(InformationKernels.crossEntropy(data: data.doubles, model: model.doubles), in: unit)
}

/// The outcomes the data can produce (qᵢ > 0) to which the model gives probability 0: the ones that make the
/// cross-entropy and the KL divergence infinite (a code built for P has no codeword for them).
///
/// - Returns: their 0-based indices in increasing order; empty when H(Q, P) and D(Q‖P) are finite.
/// - Throws: ``InformationTheoryError/lengthMismatch(dataCount:modelCount:)``.
public func unsupportedOutcomes<Scalar>(
    of data: ProbabilityDistribution<Scalar>, under model: ProbabilityDistribution<Scalar>
) throws(InformationTheoryError) -> [Int] {
    try checkSameOutcomes(data: data, model: model)
    return data.probabilities.indices.filter { data.probabilities[$0] > 0 && model.probabilities[$0] == 0 }
}

/// Throws unless `data` and `model` have the same number of outcomes.
func checkSameOutcomes<Scalar>(
    data: ProbabilityDistribution<Scalar>, model: ProbabilityDistribution<Scalar>
) throws(InformationTheoryError) {
    guard data.count == model.count else {
        throw .lengthMismatch(dataCount: data.count, modelCount: model.count)
    }
}
