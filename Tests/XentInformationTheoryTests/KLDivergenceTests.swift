import Testing
import XentInformationTheory

@Suite struct KLDivergenceTests {
    static let cases = Fixtures.cases("kl")

    @Test(arguments: cases)
    func matchesScipyAndExactValue(_ fixture: Case) throws {
        let data = try ProbabilityDistribution(normalizing: fixture.numbers("data"))
        let model = try ProbabilityDistribution(normalizing: fixture.numbers("model"))
        let d = try klDivergence(of: data, under: model, in: fixture.unit)
        let exact = fixture.number("exact")
        #expect(isClose(d.value, exact, relative: accuracyTolerance(for: exact)), "\(d.value) vs \(exact)")
        // scipy's own rounding errors are relative to the terms, not to a tiny result: compare absolutely there.
        let scipy = fixture.number("scipy")
        #expect(isClose(d.value, scipy, relative: 1e-10) || abs(d.value - scipy) < 1e-15)
        #expect(isClose(d.value, fixture.number("relEntrSum"), relative: 1e-10) || abs(d.value - scipy) < 1e-15)
    }

    @Test(arguments: [41 as UInt64, 42, 43, 44, 45])
    func isNonNegativeAndZeroOnlyForEqualDistributions(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let count = Int.random(in: 1...50, using: &rng)
        let weights = rng.weights(count: count, zeros: true) + [1]
        let p = try ProbabilityDistribution(normalizing: weights)
        #expect(try klDivergence(of: p, under: p).value == 0)
        var nudged = weights
        nudged[0] += 1e-6
        let q = try ProbabilityDistribution(normalizing: nudged)
        #expect(try klDivergence(of: p, under: q).value > 0)
        #expect(try klDivergence(of: q, under: p).value > 0)
        let r = try ProbabilityDistribution(normalizing: rng.weights(count: count + 1))
        #expect(try klDivergence(of: p, under: r).value > 0)
    }

    @Test func tinyDifferencesStayPositive() throws {
        // Distributions one ulp apart: the plain Σ q ln(q/p) can come out negative; the nonnegative terms cannot.
        let p = try ProbabilityDistribution([0.3, 0.7])
        let q = try ProbabilityDistribution([(0.3 as Double).nextUp, (0.7 as Double).nextDown])
        let d = try klDivergence(of: q, under: p, in: .nats).value
        // ≈ δ²/2 (1/0.3 + 1/0.7) with δ ≈ 5.55e-17.
        #expect(d > 0)
        #expect(d < 1e-31)
    }

    @Test func permutingOutcomesChangesNothing() throws {
        var rng = SeededGenerator(seed: 46)
        let a = rng.weights(count: 20), b = rng.weights(count: 20)
        let order = Array(0..<20).shuffled(using: &rng)
        let d = try klDivergence(of: ProbabilityDistribution(normalizing: a), under: ProbabilityDistribution(normalizing: b))
        let permuted = try klDivergence(of: ProbabilityDistribution(normalizing: order.map { a[$0] }),
                                        under: ProbabilityDistribution(normalizing: order.map { b[$0] }))
        #expect(isClose(d.value, permuted.value, relative: 1e-14))
    }
}
