import Foundation
import Testing
import XentInformationTheory

@Suite struct EntropyTests {
    static let cases = Fixtures.cases("entropy")

    @Test func fixturesLoaded() {
        #expect(Self.cases.count > 50)
    }

    @Test(arguments: cases)
    func matchesScipyAndExactValue(_ fixture: Case) throws {
        let weights = fixture.numbers("weights")
        let distribution = fixture.bool("normalize")
            ? try ProbabilityDistribution(normalizing: weights) : try ProbabilityDistribution(weights)
        let h = entropy(of: distribution, in: fixture.unit)
        #expect(h.unit == fixture.unit)
        let exact = fixture.number("exact")
        // Relative condition number of H with respect to relative changes of the pᵢ: Σ pᵢ |ln pᵢ + 1| / |H|.
        // Rounding the inputs (or rescaling them by their sum) moves H by about 1e-16 times it.
        let p = distribution.probabilities.filter { $0 > 0 }
        let condition = p.reduce(0) { $0 + $1 * abs(log($1) + 1) } / abs(h.converted(to: .nats).value)
        let tolerance = max(1e-12, 4e-16 * condition)
        #expect(isClose(h.value, exact, relative: tolerance), "\(fixture): \(h.value) vs \(exact)")
        #expect(isClose(h.value, fixture.number("scipy"), relative: 1e-10))
    }

    @Test(arguments: cases.filter { $0.numbers("weights").count < 1000 && $0.numbers("weights").allSatisfy { Float($0).isFinite } })
    func floatEntryPointIsWithinFloatRounding(_ fixture: Case) throws {
        let weights = fixture.numbers("weights").map(Float.init)
        let distribution = try ProbabilityDistribution(normalizing: weights)
        let h = entropy(of: distribution, in: fixture.unit)
        let exact = fixture.number("exact")
        // The Float inputs are themselves rounded: allow their effect plus one Float rounding of the result.
        #expect(isClose(Double(h.value), exact, relative: 1e-5) || abs(Double(h.value) - exact) < 1e-6)
    }

    @Test func knownValues() throws {
        #expect(entropy(of: try ProbabilityDistribution([0.5, 0.25, 0.25])).value == 1.5)
        #expect(entropy(of: try ProbabilityDistribution([1.0, 0, 0])).value == 0)
        #expect(entropy(of: try ProbabilityDistribution([0.25, 0.25, 0.25, 0.25])).value == 2)
        #expect(entropy(of: try ProbabilityDistribution([0.5, 0.5]), in: .nats).value == 0.693_147_180_559_945_3)
        #expect(perplexity(of: try ProbabilityDistribution([0.25, 0.25, 0.25, 0.25])) == 4)
    }

    @Test(arguments: [1 as UInt64, 2, 3, 4, 5])
    func isNonNegativeAndAtMostLogCount(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let count = Int.random(in: 1...40, using: &rng)
        let p = try ProbabilityDistribution(normalizing: rng.weights(count: count, zeros: true) + [0.5])
        let h = entropy(of: p).value
        #expect(h >= 0)
        #expect(h <= log2(Double(count + 1)) * (1 + 1e-15))
    }

    @Test(arguments: [11 as UInt64, 12, 13])
    func permutingOutcomesChangesNothing(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let weights = rng.weights(count: 30, zeros: true) + [1]
        let p = try ProbabilityDistribution(normalizing: weights)
        let shuffled = try ProbabilityDistribution(normalizing: weights.shuffled(using: &rng))
        let reversed = try ProbabilityDistribution(normalizing: weights.reversed())
        let h = entropy(of: p).value
        #expect(isClose(entropy(of: shuffled).value, h, relative: 1e-14))
        #expect(isClose(entropy(of: reversed).value, h, relative: 1e-14))
    }

    @Test(arguments: [21 as UInt64, 22, 23])
    func changingTheBaseScalesByAConstant(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let p = try ProbabilityDistribution(normalizing: rng.weights(count: 12))
        let bits = entropy(of: p, in: .bits).value
        let nats = entropy(of: p, in: .nats).value
        let hartleys = entropy(of: p, in: .hartleys).value
        let base3 = entropy(of: p, in: try InformationUnit(base: 3)).value
        #expect(isClose(nats / bits, 0.693_147_180_559_945_3, relative: 1e-14))
        #expect(isClose(hartleys / bits, 0.301_029_995_663_981_2, relative: 1e-14))
        #expect(isClose(base3 / bits, 0.630_929_753_571_457_4, relative: 1e-14))
        #expect(isClose(entropy(of: p).converted(to: .nats).value, nats, relative: 1e-15))
    }
}
