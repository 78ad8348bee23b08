import Testing
import XentInformationTheory

@Suite struct MixtureTests {
    @Test func crossEntropyOfAMixtureIsTheAverage() throws {
        let k1 = try ProbabilityDistribution([0.30, 0.15, 0.15, 0.15, 0.15, 0.10])
        let k2 = try ProbabilityDistribution([0.05, 0.15, 0.15, 0.25, 0.25, 0.15])
        let both = try ProbabilityDistribution.mixture(of: [k1, k2], weights: [1, 1])
        #expect(both.probabilities.enumerated().allSatisfy { i, p in
            abs(p - (k1.probabilities[i] + k2.probabilities[i]) / 2) < 1e-16
        })
        let average = (try crossEntropy(of: k1, under: k1).value + crossEntropy(of: k2, under: k1).value) / 2
        #expect(isClose(try crossEntropy(of: both, under: k1).value, average, relative: 1e-14))
    }

    @Test func badMixturesThrow() throws {
        let a = try ProbabilityDistribution([0.5, 0.5])
        let b = try ProbabilityDistribution([1.0, 0, 0])
        #expect(throws: InformationTheoryError.empty) { try ProbabilityDistribution<Double>.mixture(of: [], weights: []) }
        #expect(throws: InformationTheoryError.componentLengthMismatch(component: 1, count: 3, expected: 2)) {
            try ProbabilityDistribution.mixture(of: [a, b], weights: [1, 1])
        }
        #expect(throws: InformationTheoryError.weightCountMismatch(weights: 1, components: 2)) {
            try ProbabilityDistribution.mixture(of: [a, a], weights: [1])
        }
        #expect(throws: InformationTheoryError.negativeEntry(.index(0), value: -1)) {
            try ProbabilityDistribution.mixture(of: [a, a], weights: [-1, 2])
        }
    }
}
