import XentInformationTheory
import XentKernels

/// Validation and normalisation of the probability vectors the codes are built for.
enum Distribution {
    /// Checks that `weights` is a non-empty vector of finite, non-negative numbers with a positive sum, and returns
    /// it divided by its sum (so counts work), or unchanged when it sums to 1 up to rounding (n + 4 ulps).
    static func normalized(_ weights: [Double]) throws(CodingError) -> [Double] {
        guard !weights.isEmpty else { throw .emptyDistribution }
        for (i, w) in weights.enumerated() where !(w.isFinite && w >= 0) {
            throw .invalidProbability(index: i, value: w)
        }
        let total = weights.compensatedSum()
        guard total > 0 else { throw .zeroTotalProbability }
        // Probabilities that sum to 1 up to rounding are kept exactly as given.
        if abs(total - 1) <= Double(weights.count + 4) * Double.ulpOfOne { return weights }
        return weights.map { $0 / total }
    }

    /// The entropy of a normalised distribution in bits, with 0·log 0 = 0 (XentInformationTheory's `entropy`).
    static func entropyBits(_ p: [Double]) -> Double {
        guard let distribution = try? ProbabilityDistribution(normalizing: p) else { return .nan }
        return entropy(of: distribution).value
    }

    /// The cross-entropy H(data, model) in bits (XentInformationTheory's `crossEntropy`): +∞ where the model gives
    /// zero probability to an outcome the data can produce; 0·log 0 = 0 where the data never produce it.
    static func crossEntropyBits(data q: [Double], model p: [Double]) -> Double {
        guard let data = try? ProbabilityDistribution(normalizing: q),
            let model = try? ProbabilityDistribution(normalizing: p),
            let h = try? crossEntropy(of: data, under: model)
        else { return .nan }
        return h.value
    }
}
