import Testing
import XentInformationTheory

@Suite struct CrossEntropyTests {
    static let cases = Fixtures.cases("crossEntropy")

    @Test(arguments: cases)
    func matchesScipyAndExactValue(_ fixture: Case) throws {
        let data = try ProbabilityDistribution(normalizing: fixture.numbers("data"))
        let model = try ProbabilityDistribution(normalizing: fixture.numbers("model"))
        let h = try crossEntropy(of: data, under: model, in: fixture.unit)
        let exact = fixture.number("exact")
        #expect(isClose(h.value, exact, relative: accuracyTolerance(for: exact)), "\(h.value) vs \(exact)")
        #expect(isClose(h.value, fixture.number("scipy"), relative: 1e-10))
        #expect(try unsupportedOutcomes(of: data, under: model) == fixture.integers("unsupported"))
    }

    @Test func zeroModelProbabilityGivesInfinityAndNamesTheOutcome() throws {
        let data = try ProbabilityDistribution([0.2, 0.3, 0.5])
        let model = try ProbabilityDistribution([0.5, 0.0, 0.5])
        #expect(try crossEntropy(of: data, under: model).value == .infinity)
        #expect(try klDivergence(of: data, under: model).value == .infinity)
        #expect(try perplexity(of: data, under: model) == .infinity)
        #expect(try unsupportedOutcomes(of: data, under: model) == [1])
        // The other way round the model covers everything the data produces: finite.
        #expect(try crossEntropy(of: model, under: data).isFinite)
        #expect(try unsupportedOutcomes(of: model, under: data).isEmpty)
    }

    @Test func isAsymmetric() throws {
        let k1 = try ProbabilityDistribution([0.5, 0.25, 0.25])
        let k2 = try ProbabilityDistribution([0.25, 0.5, 0.25])
        let k3 = try ProbabilityDistribution([0.8, 0.1, 0.1])
        #expect(try crossEntropy(of: k1, under: k2).value == 1.75)
        #expect(try crossEntropy(of: k1, under: k3) != crossEntropy(of: k3, under: k1))
    }

    @Test func equalsEntropyWhenTheModelIsTheData() throws {
        let p = try ProbabilityDistribution([0.1, 0.2, 0.3, 0.4])
        #expect(isClose(try crossEntropy(of: p, under: p).value, entropy(of: p).value, relative: 1e-15))
    }

    @Test(arguments: [31 as UInt64, 32, 33, 34, 35, 36])
    func isEntropyPlusKLDivergence(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let count = Int.random(in: 2...60, using: &rng)
        let data = try ProbabilityDistribution(normalizing: rng.weights(count: count, zeros: true) + [1])
        let model = try ProbabilityDistribution(normalizing: rng.weights(count: count + 1))
        for unit in [InformationUnit.bits, .nats, .hartleys] {
            let h = try crossEntropy(of: data, under: model, in: unit).value
            let sum = try entropy(of: data, in: unit).value + klDivergence(of: data, under: model, in: unit).value
            #expect(isClose(h, sum, relative: 1e-14))
            #expect(h >= entropy(of: data, in: unit).value)
        }
    }

    @Test func mismatchedLengthsThrow() throws {
        let a = try ProbabilityDistribution([0.5, 0.5])
        let b = try ProbabilityDistribution([0.2, 0.3, 0.5])
        #expect(throws: InformationTheoryError.lengthMismatch(dataCount: 2, modelCount: 3)) {
            try crossEntropy(of: a, under: b)
        }
        #expect(throws: InformationTheoryError.lengthMismatch(dataCount: 3, modelCount: 2)) {
            try klDivergence(of: b, under: a)
        }
        #expect(throws: InformationTheoryError.self) { try jensenShannonDivergence(between: a, and: b) }
        #expect(throws: InformationTheoryError.self) { try unsupportedOutcomes(of: a, under: b) }
    }

    @Test func floatEntryPoint() throws {
        let data = try ProbabilityDistribution<Float>([0.5, 0.5])
        let model = try ProbabilityDistribution<Float>([0.75, 0.25])
        let h: Information<Float> = try crossEntropy(of: data, under: model)
        // −½ log2(3/4) − ½ log2(1/4) = 1.2075187496394219
        #expect(h.value == Float(1.207_518_749_639_421_9))
    }
}
