import Foundation
import Testing
import XentCoding
import XentKernels

@Suite struct ANSCoderTests {
    /// The exact information content, from the counts (exact math, independent of the coder).
    func exactInformation(_ message: [Int], _ p: [Double]) -> Double {
        let total = p.reduce(0, +)
        var counts = [Int: Int]()
        for s in message { counts[s, default: 0] += 1 }
        return counts.reduce(0) { $0 - Double($1.value) * log2(p[$1.key] / total) }
    }

    @Test func codedLengthIsWithin64BitsOfTheInformationContent() throws {
        var rng = SplitMix64(seed: 2026)
        let models: [[Double]] = [
            (0..<256).map { _ in Double(rng.next() % 10_000) + 1 },
            (0..<256).map { 1 / Double($0 + 1) },
            [0.5, 0.25, 0.125, 0.125],
            [0.999, 0.001],
            (0..<6).map { _ in Double(rng.next() % 100) + 1 },
        ]
        for (k, p) in models.enumerated() {
            let model = try ANSModel(probabilities: p)
            let message = try MessageSampler(probabilities: p).sample(count: 100_000, seed: UInt64(k))
            let coded = try ANSCoder.encode(message, under: model)
            let information = exactInformation(message, p)
            #expect(abs(try model.informationContentBits(of: message) - information) <= 1e-9 * information)
            #expect(Double(coded.bitCount) <= information + 64, "model \(k)")
            #expect(Double(coded.bitCount) >= information - 64, "model \(k)")
            #expect(try ANSCoder.decode(coded, count: message.count, under: model) == message)
        }
    }

    @Test func overheadStaysSmallOnManyShortMessages() throws {
        // 40 messages of 3000 symbols under varied models: the worst overhead, not just a typical one.
        var rng = SplitMix64(seed: 77)
        var worst = -Double.infinity
        for k in 0..<40 {
            let size = 2 + Int(rng.next() % 255)
            let p = (0..<size).map { _ in Double(rng.next() % 1000) + 0.5 }
            let model = try ANSModel(probabilities: p)
            let message = try MessageSampler(probabilities: p).sample(count: 3000, seed: UInt64(k))
            let coded = try ANSCoder.encode(message, under: model)
            worst = max(worst, Double(coded.bitCount) - exactInformation(message, p))
            #expect(try ANSCoder.decode(coded, count: 3000, under: model) == message)
        }
        #expect(worst <= 48)
    }

    @Test func longMessagesUseTwoLanesAndRoundTrip() throws {
        // 2^20 + 1 bytes (an odd count: lane 1 has the extra symbol), from a skewed 256-symbol model.
        let p = (0..<256).map { 1 / Double($0 + 1) }
        let model = try ANSModel(probabilities: p)
        var rng = SplitMix64(seed: 3)
        let bytes = (0..<((1 << 20) + 1)).map { _ in UInt8(truncatingIfNeeded: rng.next() & rng.next() & 0x7f) }
        let coded = try ANSCoder.encode(bytes, under: model)
        #expect(try ANSCoder.decode(coded, count: bytes.count, under: model, as: UInt8.self) == bytes)
        let information = try model.informationContentBits(of: bytes)
        #expect(Double(coded.bitCount) - information <= 128)
        #expect(Double(coded.bitCount) - information >= -1e-6 * information)
        // The decoder checks the lanes' word count against the message.
        var broken = coded.bytes
        broken.removeLast(4)
        #expect(throws: CodingError.self) {
            try ANSCoder.decode(ANSMessage(bytes: broken), count: bytes.count, under: model, as: UInt8.self)
        }
    }

    @Test func quantisationOverheadIsBelowOneHundredthOfAPercent() throws {
        var rng = SplitMix64(seed: 11)
        let models: [[Double]] = [
            (0..<256).map { _ in Double(rng.next() % 1000) + 1 },
            (0..<256).map { pow(0.9, Double($0)) },
            (0..<256).map { 1 / Double($0 + 1) },
            Array(repeating: 1, count: 256),
        ]
        for p in models {
            let model = try ANSModel(probabilities: p)
            #expect(model.frequencies.reduce(0) { $0 + Int($1) } == 1 << 24)
            let h = try HuffmanCode(probabilities: p).entropyBits
            #expect(model.quantizationOverheadBits >= 0)
            #expect(model.quantizationOverheadBits <= 1e-4 * h)
        }
    }

    @Test func bytesRoundTripAndMatchTheIntPath() throws {
        var rng = SplitMix64(seed: 5)
        let p = (0..<256).map { _ in Double(rng.next() % 50) }
        let model = try ANSModel(probabilities: p)
        let message = try MessageSampler(probabilities: p).sample(count: 20_000, seed: 9)
        let bytes = message.map { UInt8($0) }
        let coded = try ANSCoder.encode(bytes, under: model)
        #expect(coded == (try ANSCoder.encode(message, under: model)))
        #expect(try ANSCoder.decode(coded, count: bytes.count, under: model, as: UInt8.self) == bytes)
        #expect(try model.informationContentBits(of: bytes) == model.informationContentBits(of: message))
    }

    @Test func edgeInputsRoundTrip() throws {
        let model = try ANSModel(probabilities: [0.7, 0.2, 0.1])
        let cases: [[Int]] = [[], [0], [2], Array(repeating: 1, count: 1000), Array(repeating: 2, count: 5000)]
        for message in cases {
            let coded = try ANSCoder.encode(message, under: model)
            #expect(try ANSCoder.decode(coded, count: message.count, under: model) == message)
            #expect(Double(coded.bitCount) <= exactInformation(message, [0.7, 0.2, 0.1]) + 64)
        }
        // A certain symbol costs nothing: only the state byte is written.
        let certain = try ANSModel(probabilities: [0, 1])
        let coded = try ANSCoder.encode(Array(repeating: 1, count: 100), under: certain)
        #expect(coded.bytes == [1])
        #expect(try ANSCoder.decode(coded, count: 100, under: certain) == Array(repeating: 1, count: 100))
        // Every precision works, down to the smallest that fits the alphabet.
        for bits in [2, 8, 16, 31] {
            let m = try ANSModel(probabilities: [0.5, 0.3, 0.2], precisionBits: bits)
            let message = try MessageSampler(probabilities: [0.5, 0.3, 0.2]).sample(count: 3000, seed: 1)
            #expect(try ANSCoder.decode(ANSCoder.encode(message, under: m), count: 3000, under: m) == message)
        }
    }

    @Test func largeAlphabetsRoundTrip() throws {
        // 70,000 symbols (more than 2^16), many of them with probabilities far below the 24-bit scale's unit.
        var rng = SplitMix64(seed: 8)
        let p = (0..<70_000).map { _ in Double(rng.next() % 1_000_000) / 1e6 + (rng.next() % 50 == 0 ? 1000 : 0) }
        let model = try ANSModel(probabilities: p)
        #expect(model.frequencies.reduce(0) { $0 + Int($1) } == 1 << 24)
        #expect(zip(model.frequencies, p).allSatisfy { ($0 == 0) == ($1 == 0) })
        let message = try MessageSampler(probabilities: p).sample(count: 20_000, seed: 2) + [0, 69_999]
        let coded = try ANSCoder.encode(message, under: model)
        #expect(try ANSCoder.decode(coded, count: message.count, under: model) == message)
        #expect(throws: CodingError.self) {
            try ANSCoder.decode(coded, count: message.count, under: model, as: UInt8.self)
        }
    }

    @Test func zeroProbabilitySymbolsAreRejectedBeforeCoding() throws {
        let model = try ANSModel(probabilities: [0.5, 0, 0.5])
        #expect(throws: CodingError.zeroProbabilitySymbol(position: 2, symbol: 1)) {
            try ANSCoder.encode([0, 2, 1, 1], under: model)
        }
        #expect(throws: CodingError.zeroProbabilitySymbol(position: 1, symbol: 1)) {
            try model.informationContentBits(of: [0, 1])
        }
        #expect(throws: CodingError.symbolOutOfRange(position: 1, symbol: -1, alphabetSize: 3)) {
            try ANSCoder.encode([0, -1], under: model)
        }
        #expect(throws: CodingError.symbolOutOfRange(position: 0, symbol: 3, alphabetSize: 3)) {
            try ANSCoder.encode([3] as [UInt8], under: model)
        }
        #expect(throws: CodingError.self) { try ANSModel(probabilities: [1, 1, 1], precisionBits: 1) }
        #expect(throws: CodingError.self) { try ANSModel(probabilities: [1, 1], precisionBits: 32) }
    }

    @Test func corruptMessagesAreErrorsNotCrashes() throws {
        let p = [0.4, 0.3, 0.2, 0.1]
        let model = try ANSModel(probabilities: p)
        let message = try MessageSampler(probabilities: p).sample(count: 500, seed: 3)
        let coded = try ANSCoder.encode(message, under: model)
        #expect(throws: CodingError.self) { try ANSCoder.decode(ANSMessage(bytes: []), count: 1, under: model) }
        #expect(throws: CodingError.self) {
            try ANSCoder.decode(ANSMessage(bytes: Array(repeating: 0xff, count: 12)), count: 1, under: model)
        }
        #expect(throws: CodingError.self) {
            try ANSCoder.decode(ANSMessage(bytes: Array(coded.bytes.dropLast(4))), count: 500, under: model)
        }
        #expect(throws: CodingError.self) { try ANSCoder.decode(coded, count: 400, under: model) }
        #expect(throws: CodingError.self) { try ANSCoder.decode(coded, count: -1, under: model) }
        // Random bytes: never a crash; almost always an error (the end state and length are checked).
        var rng = SplitMix64(seed: 99)
        var rejected = 0
        for _ in 0..<200 {
            let bytes = (0..<Int(rng.next() % 40)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            if (try? ANSCoder.decode(ANSMessage(bytes: bytes), count: Int(rng.next() % 50), under: model)) == nil {
                rejected += 1
            }
        }
        #expect(rejected >= 190)
    }
}
