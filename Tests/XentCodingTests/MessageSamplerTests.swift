import Testing
import XentCoding

@Suite struct MessageSamplerTests {
    @Test func splitMix64MatchesTheReferenceSequence() {
        // Reference values of SplitMix64 for seed 1234567 (Vigna's splitmix64.c).
        var rng = SplitMix64(seed: 1_234_567)
        #expect(rng.next() == 6_457_827_717_110_365_317)
        #expect(rng.next() == 3_203_168_211_198_807_973)
    }

    @Test func samplesAreSeededAndFollowTheDistribution() throws {
        let sampler = try MessageSampler(probabilities: [0.5, 0, 0.3, 0.2])
        let a = try sampler.sample(count: 20_000, seed: 42)
        #expect(a == (try sampler.sample(count: 20_000, seed: 42)))
        #expect(a != (try sampler.sample(count: 20_000, seed: 43)))
        #expect(!a.contains(1))
        let share = Double(a.filter { $0 == 0 }.count) / 20_000
        #expect(abs(share - 0.5) < 0.02)
        #expect(try sampler.sample(count: 0, seed: 1).isEmpty)
        #expect(throws: CodingError.self) { try sampler.sample(count: -1, seed: 1) }
    }
}
