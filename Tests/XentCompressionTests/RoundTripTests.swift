import Testing
@testable import XentCompression
import XentInformationTheory

@Suite struct RoundTripTests {
    static let edgeInputs: [(String, [UInt8])] = {
        var random = SeededBytes(seed: 42)
        return [
            ("empty", []),
            ("one byte", [0x41]),
            ("one zero byte", [0]),
            ("all equal", [UInt8](repeating: 0x61, count: 6_000)),
            ("all 0xFF", [UInt8](repeating: 0xFF, count: 3_000)),
            ("random", random.bytes(3_000)),
            ("every byte value", (0..<2048).map { UInt8(truncatingIfNeeded: $0) }),
            ("text", sampleText(words: 600, seed: 3)),
            ("repeated block", Array(repeating: random.bytes(700), count: 6).flatMap { $0 }),
        ]
    }()

    @Test(arguments: testModels)
    func edgeInputsRoundTrip(model: CompressionModel) throws {
        let compressor = try Compressor(model: model)
        for (name, input) in RoundTripTests.edgeInputs {
            let container = try compressor.compress(input)
            let output = try Compressor.decompress(container)
            #expect(output == input, "\(name) with \(model)")
        }
    }

    /// Random bytes (incompressible) with the fastest model. Debug builds are slow, so this is 128 KiB; the
    /// release smoke script (Scripts/smoke/compression.sh) round-trips 1 MiB of random bytes with every model.
    @Test func randomBytesRoundTrip() throws {
        var random = SeededBytes(seed: 99)
        let input = random.bytes(1 << 17)
        let compressor = try Compressor(model: .byteContext(order: 0, level: 1))
        let container = try compressor.compress(input)
        #expect(try Compressor.decompress(container) == input)
        // Incompressible: the container is barely larger than the input, never much larger.
        #expect(container.count > input.count)
        #expect(container.count < input.count + input.count / 200)
    }

    @Test func incompressibleInputCostsLittleWithContextMixing() throws {
        var random = SeededBytes(seed: 5)
        let input = random.bytes(8_000)
        let container = try Compressor(model: .contextMixing(level: 1)).compress(input)
        #expect(try Compressor.decompress(container) == input)
        // Learning noise costs a few percent on a small input.
        #expect(container.count < input.count + input.count / 30 + ContainerHeader.size)
    }

    @Test func redundantInputShrinks() throws {
        let input = sampleText(words: 3000, seed: 11)
        let order0 = try Compressor(model: .byteContext(order: 0, level: 1)).compress(input)
        let order2 = try Compressor(model: .byteContext(order: 2, level: 1)).compress(input)
        let cm = try Compressor(model: .contextMixing(level: 1)).compress(input)
        #expect(order2.count < order0.count)
        #expect(cm.count < order2.count)
        var histogram = ByteHistogram()
        histogram.add(input)
        #expect(Double(order0.count * 8) / Double(input.count) < (try histogram.entropy().value) + 0.1)
    }

    @Test func parametersOutOfRangeAreRejected() {
        #expect(throws: CompressionError.invalidParameter(name: "level", value: 0, expected: 1...9)) {
            try Compressor(model: .contextMixing(level: 0))
        }
        #expect(throws: CompressionError.invalidParameter(name: "order", value: 9, expected: 0...8)) {
            try Compressor(model: .byteContext(order: 9, level: 3))
        }
    }
}
