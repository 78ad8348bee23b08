import RealModule

/// The perplexity of a distribution, b^H(P) for any base b: the number of equally likely outcomes that would have
/// the same entropy (between 1 and the number of outcomes). It does not depend on the unit.
public func perplexity<Scalar>(of distribution: ProbabilityDistribution<Scalar>) -> Scalar {
    Scalar(Double.exp(InformationKernels.entropy(distribution.doubles)))
}

/// The perplexity of the data under a model, b^H(Q,P): what language models report. `+∞` when the model gives
/// probability 0 to an outcome of the data (see ``unsupportedOutcomes(of:under:)``).
///
/// - Throws: ``InformationTheoryError/lengthMismatch(dataCount:modelCount:)``.
public func perplexity<Scalar>(
    of data: ProbabilityDistribution<Scalar>, under model: ProbabilityDistribution<Scalar>
) throws(InformationTheoryError) -> Scalar {
    try checkSameOutcomes(data: data, model: model)
    return Scalar(Double.exp(InformationKernels.crossEntropy(data: data.doubles, model: model.doubles)))
}
