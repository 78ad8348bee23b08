import Testing
@testable import XentCompression

/// The coded bytes of each model are part of the file format: a file written by an earlier build must decode, so a
/// change to a model's arithmetic, hashing or table layout (a faster path included) must leave them unchanged. The
/// checksums and sizes below were recorded from the containers of commit 723d13b (container version 2, model id 2);
/// a failure here means earlier files would no longer decode.
@Suite struct ModelFormatTests {
    /// 32,347 bytes: 20 KB of text with line structure, 8 KB of it repeated (words, columns and the match model
    /// all take part), then 4 KB of random bytes.
    static let input: [UInt8] = {
        var bytes = sampleText(words: 5000, seed: 23)
        bytes += bytes[1000..<9000]
        var random = SeededBytes(seed: 24)
        bytes += random.bytes(4096)
        return bytes
    }()

    static let recorded: [(CompressionModel, count: Int, crc: UInt32)] = [
        (.contextMixing(level: 1), 8832, 3_992_074_575), (.contextMixing(level: 6), 8819, 1_206_940_513),
        (.byteContext(order: 0, level: 1), 18837, 2_549_839_164), (.byteContext(order: 3, level: 2), 13133, 4_209_139_018),
    ]

    @Test(arguments: 0..<4) func containersAreThoseOfTheReleasedFormat(_ index: Int) throws {
        let (model, count, crc) = ModelFormatTests.recorded[index]
        let container = try StreamContainerTests.compress(
            ModelFormatTests.input, model: model, frameLength: 16 << 10, chunk: 4099)
        #expect(container.count == count)
        #expect(CRC32.checksum(container) == crc)
        #expect(try StreamContainerTests.decompress(container, chunk: 1 << 12).get() == ModelFormatTests.input)
    }
}
