import Testing
import XentInformationTheory

@Suite struct EntropyEstimatorTests {
    static let cases = Fixtures.cases("estimators")

    @Test(arguments: cases)
    func matchesReferenceFormulas(_ fixture: Case) throws {
        let counts = fixture.integers("counts")
        for estimator in EntropyEstimator.allCases {
            let h = try entropy(estimatedFrom: counts, using: estimator, in: .nats).value
            let reference = fixture.number(estimator.rawValue)
            #expect(isClose(h, reference, relative: 1e-12) || abs(h - reference) < 1e-14, "\(estimator): \(h) vs \(reference)")
        }
    }

    @Test func correctionsRaiseThePlugInEstimate() throws {
        let counts = [5, 3, 1, 1, 1, 0, 2]
        let plugIn = try entropy(estimatedFrom: counts).value
        #expect(try entropy(estimatedFrom: counts, using: .millerMadow).value > plugIn)
        #expect(try entropy(estimatedFrom: counts, using: .chaoShen).value > plugIn)
        #expect(try entropy(estimatedFrom: counts, using: .grassberger).value > plugIn)
    }

    @Test func samplesAreCountedInOrderOfFirstAppearance() throws {
        let counts = OutcomeCounts(["b", "a", "b", "c", "b", "a"])
        #expect(counts.outcomes == ["b", "a", "c"])
        #expect(counts.counts == [3, 2, 1])
        #expect(counts.total == 6)
        #expect(try counts.distribution().probabilities == [0.5, 2.0 / 6, 1.0 / 6])
        let fromSamples = try entropy(estimatedFromSamples: ["b", "a", "b", "c", "b", "a"], using: .millerMadow)
        #expect(fromSamples == (try entropy(estimatedFrom: [3, 2, 1], using: .millerMadow)))
    }

    @Test func badCountsThrow() {
        #expect(throws: InformationTheoryError.empty) { try entropy(estimatedFrom: []) }
        #expect(throws: InformationTheoryError.allZero(count: 3)) { try entropy(estimatedFrom: [0, 0, 0]) }
        #expect(throws: InformationTheoryError.negativeEntry(.index(1), value: -2)) {
            try entropy(estimatedFrom: [1, -2], using: .chaoShen)
        }
        #expect(throws: InformationTheoryError.empty) { try OutcomeCounts<String>().distribution() }
    }
}
