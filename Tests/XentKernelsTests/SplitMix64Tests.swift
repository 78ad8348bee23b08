import Testing
import XentKernels

@Suite struct SplitMix64Tests {
    @Test func splitMix64MatchesTheReferenceSequence() {
        // Reference values of SplitMix64 for seed 1234567 (Vigna's splitmix64.c).
        var rng = SplitMix64(seed: 1_234_567)
        #expect(rng.next() == 6_457_827_717_110_365_317)
        #expect(rng.next() == 3_203_168_211_198_807_973)
    }
}
