import Testing
import XentInformationTheory

@Suite struct JensenShannonTests {
    static let cases = Fixtures.cases("js")

    @Test(arguments: cases)
    func matchesScipyAndExactValue(_ fixture: Case) throws {
        let first = try ProbabilityDistribution(normalizing: fixture.numbers("first"))
        let second = try ProbabilityDistribution(normalizing: fixture.numbers("second"))
        let divergence = try jensenShannonDivergence(between: first, and: second, in: fixture.unit).value
        let distance = try jensenShannonDistance(between: first, and: second, in: fixture.unit)
        let exact = fixture.number("exactDivergence")
        #expect(isClose(divergence, exact, relative: accuracyTolerance(for: exact)), "\(divergence) vs \(exact)")
        #expect(isClose(distance, fixture.number("exactDistance"), relative: accuracyTolerance(for: exact)))
        // scipy computes the distance as sqrt of a sum of rel_entr terms: a few ulps of the terms, absolutely. For
        // nearly equal distributions that sum rounds below zero and scipy returns NaN; the exact value is finite.
        let scipy = fixture.number("scipyDistance")
        if scipy.isNaN {
            #expect(distance.isFinite && distance > 0)
        } else {
            #expect(isClose(distance, scipy, relative: 1e-9) || abs(distance - scipy) < 1e-7)
        }
    }

    @Test(arguments: [51 as UInt64, 52, 53, 54, 55])
    func isSymmetricAndAtMostOneBit(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let count = Int.random(in: 1...40, using: &rng)
        let p = try ProbabilityDistribution(normalizing: rng.weights(count: count, zeros: true) + [1])
        let q = try ProbabilityDistribution(normalizing: [1] + rng.weights(count: count, zeros: true))
        let pq = try jensenShannonDivergence(between: p, and: q)
        let qp = try jensenShannonDivergence(between: q, and: p)
        #expect(pq == qp)
        #expect(pq.value >= 0 && pq.value <= 1)
        #expect(try jensenShannonDivergence(between: p, and: p).value == 0)
    }

    @Test func disjointSupportsGiveExactlyOneBit() throws {
        let p = try ProbabilityDistribution([0.5, 0.5, 0, 0])
        let q = try ProbabilityDistribution([0, 0, 0.25, 0.75])
        #expect(try jensenShannonDivergence(between: p, and: q).value == 1)
        #expect(try jensenShannonDistance(between: p, and: q) == 1)
        #expect(try jensenShannonDivergence(between: p, and: q, in: .nats).value == 0.693_147_180_559_945_3)
    }
}
