import Foundation
import Testing
@testable import XentCompression

@Suite struct BinaryArithmeticCoderTests {
    /// Random bits under random (including extreme) probabilities: exact round trip, and a coded length within a
    /// few bytes of the information content −Σ log2 P(bit).
    @Test(arguments: [1, 2, 3])
    func roundTripAndLengthMeetTheInformationContent(seed: UInt64) {
        var random = SeededBytes(seed: seed)
        let count = 100_000
        var probabilities = [Int](repeating: 0, count: count)
        var bits = [Int](repeating: 0, count: count)
        var information = 0.0
        for i in 0..<count {
            let p: Int
            switch random.below(4) {
            case 0: p = 1 + random.below(65535)
            case 1: p = 65520 - random.below(16)
            case 2: p = 16 + random.below(16)
            default: p = 32768
            }
            // Draw the bit from the stated probability, so the sum is an honest information content.
            let bit = random.below(65536) < p ? 1 : 0
            probabilities[i] = p
            bits[i] = bit
            let q = Double(p) / 65536
            information -= log2(bit == 1 ? q : 1 - q)
        }
        var encoder = BinaryArithmeticEncoder(reservingCapacity: 16)
        for i in 0..<count { encoder.encode(bits[i], probabilityOfOne: probabilities[i]) }
        let coded = encoder.finish().bytes
        let overheadBits = Double(coded.count * 8) - information
        #expect(overheadBits >= -8 * 4, "cannot beat the information content by more than the flush")
        #expect(overheadBits < 8 * 8, "overhead \(overheadBits) bits over \(information) bits")

        coded.withUnsafeBytes { buffer in
            var decoder = BinaryArithmeticDecoder(input: buffer, start: 0)
            var mismatches = 0
            for i in 0..<count where decoder.decode(probabilityOfOne: probabilities[i]) != bits[i] {
                mismatches += 1
            }
            #expect(mismatches == 0)
            #expect(!decoder.overran)
            #expect(decoder.bytesConsumed == coded.count)
        }
    }

    @Test func truncatedStreamIsDetected() {
        var encoder = BinaryArithmeticEncoder(reservingCapacity: 16)
        for i in 0..<1000 { encoder.encode(i % 3 == 0 ? 1 : 0, probabilityOfOne: 30000) }
        let coded = encoder.finish().bytes
        let truncated = Array(coded.dropLast(2))
        truncated.withUnsafeBytes { buffer in
            var decoder = BinaryArithmeticDecoder(input: buffer, start: 0)
            for _ in 0..<1000 { _ = decoder.decode(probabilityOfOne: 30000) }
            #expect(decoder.overran)
        }
    }
}
