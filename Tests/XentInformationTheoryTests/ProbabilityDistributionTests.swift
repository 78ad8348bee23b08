import Testing
import XentInformationTheory

@Suite struct ProbabilityDistributionTests {
    @Test func validProbabilitiesAreKept() throws {
        #expect(try ProbabilityDistribution([0.5, 0.25, 0.25]).probabilities == [0.5, 0.25, 0.25])
        #expect(try ProbabilityDistribution([1.0, 0, 0]).count == 3)
        // 0.1 + 0.2 + 0.7 is within the tolerance: rescaled to sum to 1.
        #expect(abs(try ProbabilityDistribution([0.1, 0.2, 0.7]).probabilities.reduce(0, +) - 1) < 1e-15)
    }

    @Test func badEntriesNameTheirIndexAndValue() {
        #expect(throws: InformationTheoryError.empty) { try ProbabilityDistribution<Double>([]) }
        #expect(throws: InformationTheoryError.negativeEntry(.index(1), value: -0.5)) {
            try ProbabilityDistribution([1.0, -0.5, 0.5])
        }
        #expect(throws: InformationTheoryError.nonFiniteEntry(.index(2), value: .infinity)) {
            try ProbabilityDistribution([0.5, 0.5, .infinity])
        }
        #expect(throws: InformationTheoryError.self) { try ProbabilityDistribution([0.5, .nan]) }
        #expect(throws: InformationTheoryError.notNormalized(sum: 0.9, tolerance: 1e-6)) {
            try ProbabilityDistribution([0.4, 0.5])
        }
        #expect(throws: InformationTheoryError.allZero(count: 2)) { try ProbabilityDistribution<Double>(normalizing: [0, 0]) }
        #expect(throws: InformationTheoryError.allZero(count: 2)) { try ProbabilityDistribution<Double>(counts: [0, 0]) }
        #expect(throws: InformationTheoryError.negativeEntry(.index(0), value: -1)) {
            try ProbabilityDistribution<Double>(counts: [-1, 2])
        }
        #expect(throws: InformationTheoryError.invalidTolerance(-1)) { try ProbabilityDistribution([1.0], tolerance: -1) }
    }

    @Test func toleranceIsDocumentedAndAdjustable() throws {
        #expect(ProbabilityDistribution<Double>.defaultTolerance(count: 3) == 1e-6)
        #expect(try ProbabilityDistribution([0.3333333, 0.3333333, 0.3333334]).count == 3)
        #expect(throws: InformationTheoryError.self) { try ProbabilityDistribution([0.33, 0.33, 0.33]) }
        #expect(abs(try ProbabilityDistribution([0.33, 0.33, 0.33], tolerance: 0.02).probabilities[0] - 1.0 / 3) < 1e-16)
    }

    @Test func normalizingAndCounts() throws {
        #expect(try ProbabilityDistribution(normalizing: [3.0, 1.0]).probabilities == [0.75, 0.25])
        #expect(try ProbabilityDistribution<Double>(counts: [4, 0, 2]).probabilities == [4.0 / 6, 0, 2.0 / 6])
        // Weights whose sum overflows a Double still normalise.
        let huge = try ProbabilityDistribution(normalizing: [1e308, 1e308, 1e308])
        #expect(huge.probabilities.allSatisfy { abs($0 - 1.0 / 3) < 1e-15 })
    }

    @Test func errorDescriptionsAreOneLineWithoutTrailingPeriod() {
        let errors: [InformationTheoryError] = [
            .empty, .negativeEntry(.index(3), value: -1), .nonFiniteEntry(.cell(row: 1, column: 2), value: .nan),
            .nonIntegerCount(.index(0), value: 1.5), .lengthMismatch(dataCount: 2, modelCount: 3),
            .componentLengthMismatch(component: 1, count: 2, expected: 3), .weightCountMismatch(weights: 1, components: 2),
            .notNormalized(sum: 0.9, tolerance: 1e-6), .allZero(count: 4), .invalidBase(1), .invalidTolerance(-1),
        ]
        for error in errors {
            #expect(!error.description.contains("\n"))
            #expect(!error.description.hasSuffix("."))
            #expect(error.description.contains("expected"))
        }
        #expect(InformationTheoryError.negativeEntry(.index(3), value: -1).description.contains("index 3"))
        #expect(InformationTheoryError.nonFiniteEntry(.cell(row: 1, column: 2), value: .nan).description
                .contains("cell [1, 2]"))
    }
}
