import Testing
@testable import XentCompression

@Suite struct CompactBitCounterTests {
    /// Each update moves the 12-bit probability toward the bit by 1/(n + 1.5) of the distance, rounded to the
    /// nearest unit (the exact step computed here in Double), and counts up to the limit, never past it.
    @Test(arguments: [7, 15])
    func updateIsTheRoundedFrequencyStep(limit: Int) {
        let reciprocals = CompactBitCounter.reciprocals
        var random = SeededBytes(seed: UInt64(limit))
        var counter = CompactBitCounter.initial
        var p = 2048.0
        for step in 0..<2000 {
            let bit = random.below(5) == 0 ? 0 : 1
            let n = CompactBitCounter.count(counter)
            let before = CompactBitCounter.probability12(counter)
            reciprocals.withUnsafeBufferPointer { r in
                CompactBitCounter.update(&counter, bit: bit, limit: limit, reciprocals: r.baseAddress!)
            }
            // The exact step, with the table's truncated reciprocal 32768 / (2n + 3) ≈ 16384 / (n + 1.5).
            let exact = Double(before) + Double((bit == 1 ? 4095 : 0) - before) * Double(32768 / (2 * n + 3)) / 16384
            #expect(abs(Double(CompactBitCounter.probability12(counter)) - exact) <= 0.5, "step \(step)")
            #expect(CompactBitCounter.count(counter) == min(n + 1, limit))
            p = exact
        }
        // Four ones in five: the estimate settles near 0.8 · 4095 and stays inside [0, 4095].
        #expect(abs(p / 4095 - 0.8) < 0.2)
    }
}
