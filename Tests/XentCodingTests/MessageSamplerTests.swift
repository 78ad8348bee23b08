import Testing
import XentCoding

@Suite struct MessageSamplerTests {
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
