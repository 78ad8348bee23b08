import Testing
@testable import XentCompression

/// The compressor's claim: the payload is, bit for bit, the model's cross-entropy on the file.
@Suite struct CompressorInformationContentTests {
    @Test(arguments: testModels)
    func payloadSizeIsTheModelsInformationContent(model: CompressionModel) throws {
        var random = SeededBytes(seed: 4)
        let input = sampleText(words: 2500, seed: 21) + random.bytes(500)
        let compressor = try Compressor(model: model)
        let information = compressor.informationContentBits(of: input)
        let container = try compressor.compress(input)
        // One frame: the 16-byte stream header, a 24-byte frame header and a 24-byte end marker around the payload.
        #expect(input.count < 1 << 20)
        let payloadBits = Double(8 * (container.count - StreamLayout.headerSize - 2 * StreamLayout.blockHeaderSize))
        // The coder's overhead: the 4 flushed bytes plus the rounding of the interval split.
        #expect(payloadBits >= information)
        #expect(payloadBits - information < 48.0, "payload \(payloadBits) bits, information \(information) bits")
    }

    @Test func order0CostApproachesTheByteEntropyOfAnIIDSource() throws {
        // Bytes drawn i.i.d. from a skewed distribution over 4 values: an adaptive order-0 model pays the
        // entropy plus a learning cost that vanishes per byte.
        var random = SeededBytes(seed: 12)
        let input: [UInt8] = (0..<40_000).map { _ in
            let r = random.below(8)
            return r < 4 ? 10 : (r < 6 ? 20 : (r < 7 ? 30 : 40))
        }
        let exact = 1.75 // −(½ log ½ + ¼ log ¼ + 2 · ⅛ log ⅛)
        let bitsPerByte = try Compressor(model: .byteContext(order: 0, level: 1)).informationContentBits(of: input)
            / Double(input.count)
        #expect(bitsPerByte > exact - 0.02)
        #expect(bitsPerByte < exact + 0.02)
    }
}
