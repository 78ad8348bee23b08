import Foundation
import Testing
import XentCoding
import XentKernels

@Suite struct HuffmanCodeTests {
    @Test func expectedLengthsEqualConstriction() throws {
        let file = try Fixtures.huffman()
        #expect(file.distributions.count >= 10)
        for c in file.distributions {
            for tieBreaking in HuffmanCode.TieBreaking.allCases {
                let code = try HuffmanCode(probabilities: c.probabilities, tieBreaking: tieBreaking)
                #expect(abs(code.expectedLengthBits - c.expected_length) <= 1e-12, "\(c.name) \(tieBreaking)")
                // Zero-probability symbols have no codeword in both.
                #expect(zip(code.lengthBits, c.lengths).allSatisfy { ($0 == 0) == ($1 == 0) }, "\(c.name)")
            }
        }
    }

    @Test func dyadicCodeIsExactAndCanonical() throws {
        let code = try HuffmanCode(probabilities: [0.125, 0.5, 0.25, 0.125])
        #expect(code.lengthBits == [3, 1, 2, 3])
        #expect((0..<4).map { code.codewordString(for: $0) } == ["110", "0", "10", "111"])
        #expect(code.expectedLengthBits == 1.75)
        #expect(code.entropyBits == 1.75)
        #expect(code.redundancyBits == 0)
        #expect(code.efficiency == 1)
        #expect(code.kraftSum == 1)
    }

    @Test func tieBreakingGivesDifferentOptimalCodes() throws {
        // The classic example: lengths {1,2,3,4,4} or {2,2,2,3,3}, both of expected length 2.2.
        let p = [0.4, 0.2, 0.2, 0.1, 0.1]
        let a = try HuffmanCode(probabilities: p, tieBreaking: .preferLeaves)
        let b = try HuffmanCode(probabilities: p, tieBreaking: .preferMerged)
        #expect(a.lengthBits.sorted() == [2, 2, 2, 3, 3])
        #expect(b.lengthBits.sorted() == [1, 2, 3, 4, 4])
        #expect(abs(a.expectedLengthBits - 2.2) < 1e-15 && abs(b.expectedLengthBits - 2.2) < 1e-15)
        // Under other data they differ.
        let q = [0.9, 0.025, 0.025, 0.025, 0.025]
        #expect(try a.expectedLengthBits(of: q) != b.expectedLengthBits(of: q))
    }

    @Test func oneSymbolGetsOneBit() throws {
        let code = try HuffmanCode(probabilities: [0, 1, 0])
        #expect(code.lengthBits == [0, 1, 0])
        #expect(code.codewordString(for: 1) == "0")
        #expect(code.codewordString(for: 0) == nil)
        #expect(code.expectedLengthBits == 1)
        #expect(code.entropyBits == 0)
        #expect(code.efficiency == 0)
        #expect(code.kraftSum == 0.5)
        let bits = try code.encode([1, 1, 1])
        #expect(bits.bitCount == 3)
        #expect(try code.decode(bits) == [1, 1, 1])
        // A 1 bit is no codeword of this incomplete code.
        #expect(throws: CodingError.self) { try code.decode(BitString(bytes: [0x80], bitCount: 1)) }
    }

    @Test func zeroProbabilitySymbolsHaveNoCodeword() throws {
        let code = try HuffmanCode(probabilities: [0.5, 0, 0.5])
        #expect(code.lengthBits == [1, 0, 1])
        #expect(try code.expectedLengthBits(of: [0.2, 0.1, 0.7]) == .infinity)
        #expect(try code.expectedLengthBits(of: [0.2, 0, 0.8]) == 1)
        #expect(throws: CodingError.zeroProbabilitySymbol(position: 2, symbol: 1)) { try code.encode([0, 2, 1]) }
        #expect(throws: CodingError.symbolOutOfRange(position: 0, symbol: 3, alphabetSize: 3)) {
            try code.encode([3])
        }
    }

    @Test func invalidDistributionsAreTypedErrors() {
        #expect(throws: CodingError.emptyDistribution) { try HuffmanCode(probabilities: []) }
        #expect(throws: CodingError.invalidProbability(index: 1, value: -0.5)) {
            try HuffmanCode(probabilities: [1, -0.5])
        }
        #expect(throws: CodingError.zeroTotalProbability) { try HuffmanCode(probabilities: [0, 0]) }
        #expect(throws: CodingError.self) { try HuffmanCode(probabilities: [.nan, 1]) }
        #expect(throws: CodingError.self) { try HuffmanCode(probabilities: [1, 1], maximumLengthBits: 33) }
        #expect(throws: CodingError.self) { try HuffmanCode(probabilities: [1, 1, 1], maximumLengthBits: 1) }
        #expect(throws: CodingError.lengthMismatch(expected: 2, actual: 3)) {
            try HuffmanCode(probabilities: [1, 1]).expectedLengthBits(of: [1, 1, 1])
        }
    }

    @Test func roundTripsRandomMessages() throws {
        var rng = SplitMix64(seed: 7)
        for n in [2, 3, 7, 40, 300] {
            let weights = (0..<n).map { _ in Double(rng.next() % 1000) }
            guard weights.contains(where: { $0 > 0 }) else { continue }
            let code = try HuffmanCode(probabilities: weights)
            let message = try MessageSampler(probabilities: weights).sample(count: 2000, seed: UInt64(n))
            let bits = try code.encode(message)
            let expectedBits = message.reduce(0) { $0 + code.lengthBits[$1] }
            #expect(bits.bitCount == expectedBits)
            #expect(bits.bytes.count == (expectedBits + 7) / 8)
            #expect(try code.decode(bits) == message)
            #expect(code.kraftSum <= 1)
            #expect(code.redundancyBits >= -1e-12 && code.redundancyBits < 1)
        }
        let empty = try HuffmanCode(probabilities: [1, 2]).encode([])
        #expect(empty.bitCount == 0 && empty.bytes.isEmpty)
        #expect(try HuffmanCode(probabilities: [1, 2]).decode(empty) == [])
    }

    @Test func randomBitsNeverCrashTheDecoder() throws {
        var rng = SplitMix64(seed: 12)
        let codes = [
            try HuffmanCode(probabilities: [0, 1]), try HuffmanCode(probabilities: [0.6, 0.3, 0.1]),
            try HuffmanCode(probabilities: (1...40).map(Double.init)),
        ]
        for code in codes {
            for _ in 0..<200 {
                let bytes = (0..<Int(rng.next() % 16)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                let bitCount = bytes.isEmpty ? 0 : bytes.count * 8 - Int(rng.next() % 8)
                let bits = try BitString(bytes: bytes, bitCount: bitCount)
                if let symbols = try? code.decode(bits) {
                    // What decodes re-encodes to the same bits.
                    #expect(try code.encode(symbols).bitCount == bitCount)
                }
            }
        }
    }

    @Test func truncatedBitsAreAnError() throws {
        let code = try HuffmanCode(probabilities: [0.5, 0.25, 0.25])
        let bits = try code.encode([2, 2])  // "1111"
        #expect(bits.description01 == "1111")
        #expect(throws: CodingError.self) { try code.decode(BitString(bytes: bits.bytes, bitCount: 3)) }
    }

    @Test func veryLongCodesAreLengthLimited() throws {
        // Fibonacci weights make Huffman's longest codeword n - 1 bits long.
        var fib: [Double] = [1, 1]
        while fib.count < 45 { fib.append(fib[fib.count - 1] + fib[fib.count - 2]) }
        let unlimited = try HuffmanCode(probabilities: Array(fib.prefix(30)))
        #expect(unlimited.lengthBits.max() == 29 && !unlimited.isLengthLimited)
        let code = try HuffmanCode(probabilities: fib)
        #expect(code.isLengthLimited)
        #expect(code.lengthBits.max() == 32)
        #expect(code.kraftSum == 1)
        let message = Array(0..<45) + [44, 0, 1]
        #expect(try code.decode(code.encode(message)) == message)
        // With the limit at its minimum, every code is the block code.
        let block = try HuffmanCode(probabilities: Array(fib.prefix(8)), maximumLengthBits: 3)
        #expect(block.lengthBits == Array(repeating: 3, count: 8))
    }

    @Test func packageMergeIsOptimalAgainstExhaustiveSearch() throws {
        // All length vectors with lengths 1...L and Kraft sum <= 1: the cheapest one, by enumeration.
        func bestCost(_ w: [Double], limit: Int) -> Double {
            var best = Double.infinity
            var lengths = [Int](repeating: 1, count: w.count)
            func visit(_ i: Int, _ kraft: Double) {
                if kraft > 1 { return }
                if i == w.count {
                    best = min(best, zip(w, lengths).reduce(0) { $0 + $1.0 * Double($1.1) })
                    return
                }
                for l in 1...limit {
                    lengths[i] = l
                    visit(i + 1, kraft + pow(2, -Double(l)))
                }
            }
            visit(0, 0)
            return best
        }
        let cases: [([Double], Int)] = [
            ([1, 1, 2, 3, 5, 8, 13], 4), ([1, 1, 2, 3, 5, 8, 13], 3), ([1, 2, 4, 8, 16, 32], 4),
            ([1, 1, 1, 1, 100, 200], 3),
        ]
        for (w, limit) in cases {
            let code = try HuffmanCode(probabilities: w, maximumLengthBits: limit)
            let total = w.reduce(0, +)
            #expect(code.lengthBits.max()! <= limit)
            #expect(abs(code.expectedLengthBits - bestCost(w, limit: limit) / total) < 1e-12, "\(w) L=\(limit)")
        }
    }
}
