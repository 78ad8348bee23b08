import XentKernels

extension ProbabilityDistribution {
    /// The mixture Σₖ wₖ Pₖ of distributions over the same outcomes: the distribution of an outcome when component
    /// k is chosen with probability wₖ (the weights are divided by their sum).
    ///
    /// Cross-entropy is linear in the data, so H(Σ wₖ Qₖ, P) = Σ wₖ H(Qₖ, P): the average code length over several
    /// variants that each occur a share wₖ of the time is the cross-entropy of their mixture.
    ///
    /// - Throws: ``InformationTheoryError/empty`` (no components),
    ///   ``InformationTheoryError/componentLengthMismatch(component:count:expected:)``,
    ///   ``InformationTheoryError/weightCountMismatch(weights:components:)``, and the errors of
    ///   ``init(normalizing:)`` for the weights.
    public static func mixture(
        of components: [ProbabilityDistribution], weights: [Double]
    ) throws(InformationTheoryError) -> ProbabilityDistribution {
        guard let first = components.first else { throw .empty }
        guard weights.count == components.count else {
            throw .weightCountMismatch(weights: weights.count, components: components.count)
        }
        for (k, component) in components.enumerated() where component.count != first.count {
            throw .componentLengthMismatch(component: k, count: component.count, expected: first.count)
        }
        let shares = try ProbabilityDistribution<Double>(normalizing: weights).probabilities
        let mixed = (0..<first.count).map { i in
            var sum = CompensatedSum<Double>()
            for (k, component) in components.enumerated() { sum.add(shares[k] * Double(component.probabilities[i])) }
            return Scalar(sum.value)
        }
        return ProbabilityDistribution(unchecked: mixed)
    }
}
