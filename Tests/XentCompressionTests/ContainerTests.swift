import Testing
@testable import XentCompression

/// The one-shot container of format version 1, which `decompress` still reads.
@Suite struct ContainerTests {
    static func container(_ model: CompressionModel = .contextMixing(level: 1)) throws -> [UInt8] {
        try Compressor(model: model).compressVersion1(sampleText(words: 400, seed: 9))
    }

    /// Rewrites a header field and recomputes the header CRC, as a forger would.
    static func forged(_ container: [UInt8], _ edit: (inout [UInt8]) -> Void) -> [UInt8] {
        var bytes = container
        edit(&bytes)
        let crc = CRC32.checksum(Array(bytes[0..<24]))
        for i in 0..<4 { bytes[24 + i] = UInt8(truncatingIfNeeded: crc >> UInt32(8 * i)) }
        return bytes
    }

    @Test func headerLayout() throws {
        let input = sampleText(words: 400, seed: 9)
        let bytes = try ContainerTests.container()
        #expect(Array(bytes[0..<4]) == [0x58, 0x4E, 0x54, 0x5A])
        #expect(bytes[4] == 1)
        #expect(bytes[5] == 2)
        #expect(bytes[7] == 1)
        let length = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[8 + $1]) << UInt64(8 * $1) }
        #expect(length == UInt64(input.count))
        let crc = (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[16 + $1]) << UInt32(8 * $1) }
        #expect(crc == CRC32.checksum(input))
    }

    @Test func wrongMagicIsRejected() throws {
        var bytes = try ContainerTests.container()
        bytes[0] = 0x1F
        #expect(throws: CompressionError.badMagic(found: [0x1F, 0x4E, 0x54, 0x5A])) { try Compressor.decompress(bytes) }
        #expect(throws: CompressionError.badMagic(found: [0x1F, 0x8B, 0x08, 0x00])) {
            try Compressor.decompress([0x1F, 0x8B, 0x08, 0x00, 0, 0])
        }
    }

    @Test func shortInputsAreRejected() throws {
        let bytes = try ContainerTests.container()
        // Before the version byte, the stream header's size is expected; after it, format 1's.
        for count in [0, 1, 4] {
            #expect(throws: CompressionError.tooShort(count: count, expected: 16)) {
                try Compressor.decompress(Array(bytes.prefix(count)))
            }
        }
        for count in [5, 27] {
            #expect(throws: CompressionError.tooShort(count: count, expected: 28)) {
                try Compressor.decompress(Array(bytes.prefix(count)))
            }
        }
    }

    @Test func corruptHeaderIsRejected() throws {
        let bytes = try ContainerTests.container()
        for offset in 4..<28 {
            var corrupt = bytes
            corrupt[offset] ^= 0x10
            #expect(throws: CompressionError.self) { try Compressor.decompress(corrupt) }
            do {
                _ = try Compressor.decompress(corrupt)
            } catch {
                // The version byte is read first (it chooses the format); every other field is behind the CRC.
                if offset == 4, case .unsupportedVersion = error { continue }
                guard case .headerChecksumMismatch = error else {
                    Issue.record("offset \(offset): \(error)")
                    continue
                }
            }
        }
    }

    @Test func forgedFieldsAreCheckedBeforeAnyAllocation() throws {
        let bytes = try ContainerTests.container()
        let version = ContainerTests.forged(bytes) { $0[4] = 4 }
        #expect(throws: CompressionError.unsupportedVersion(found: 4, supported: 3)) { try Compressor.decompress(version) }
        let model = ContainerTests.forged(bytes) { $0[5] = 7 }
        #expect(throws: CompressionError.unknownModel(id: 7)) { try Compressor.decompress(model) }
        let level = ContainerTests.forged(bytes) { $0[7] = 200 }
        #expect(throws: CompressionError.invalidParameter(name: "level", value: 200, expected: 1...9)) {
            try Compressor.decompress(level)
        }
        let order = ContainerTests.forged(try ContainerTests.container(.byteContext(order: 1, level: 1))) { $0[6] = 9 }
        #expect(throws: CompressionError.invalidParameter(name: "order", value: 9, expected: 0...8)) {
            try Compressor.decompress(order)
        }
        let payload = bytes.count - 28
        let huge = ContainerTests.forged(bytes) { for i in 8..<16 { $0[i] = 0xFF } }
        #expect(throws: CompressionError.implausibleLength(
            originalLength: UInt64.max, payloadLength: payload, limit: UInt64(payload) * 7_700)) {
            try Compressor.decompress(huge)
        }
    }

    @Test func truncatedPayloadIsRejected() throws {
        let bytes = try ContainerTests.container()
        // Cut the file: the header's payload length no longer matches.
        #expect(throws: CompressionError.self) { try Compressor.decompress(Array(bytes.dropLast(3))) }
        // Cut the payload and fix the header: the decoder runs out of bytes.
        let shorter = ContainerTests.forged(Array(bytes.dropLast(3))) { header in
            let length = UInt32(header.count - 28)
            for i in 0..<4 { header[20 + i] = UInt8(truncatingIfNeeded: length >> UInt32(8 * i)) }
        }
        #expect(throws: CompressionError.self) { try Compressor.decompress(shorter) }
        do {
            _ = try Compressor.decompress(shorter)
        } catch {
            guard case .truncatedPayload = error else {
                Issue.record("expected truncatedPayload, got \(error)")
                return
            }
        }
    }

    @Test func appendedBytesAreRejected() throws {
        let bytes = try ContainerTests.container()
        #expect(throws: CompressionError.trailingBytes(count: 2)) { try Compressor.decompress(bytes + [0, 0]) }
    }

    @Test func corruptPayloadNeverPassesAsData() throws {
        let input = sampleText(words: 400, seed: 9)
        let bytes = try ContainerTests.container()
        var random = SeededBytes(seed: 77)
        for _ in 0..<40 {
            var corrupt = bytes
            let offset = 28 + random.below(bytes.count - 28)
            corrupt[offset] ^= UInt8(1 << random.below(8))
            let result = Result { () throws(CompressionError) -> [UInt8] in try Compressor.decompress(corrupt) }
            if case .success(let output) = result {
                // Only possible when the flip lands on bits the decoder does not depend on (the flushed tail).
                #expect(output == input)
            }
        }
    }

    @Test func errorDescriptionsAreOneLine() {
        let errors: [CompressionError] = [
            .invalidParameter(name: "level", value: 0, expected: 1...9), .inputTooLarge(count: 5, limit: 4),
            .tooShort(count: 3, expected: 28), .badMagic(found: [1, 2, 3, 4]),
            .unsupportedVersion(found: 3, supported: 2), .unknownModel(id: 9),
            .truncatedStream(decodedBytes: 5, place: "the payload of frame 0"),
            .frameHeaderChecksumMismatch(frame: 1, stored: 2, computed: 3), .frameOutOfOrder(found: 2, expected: 1),
            .invalidFrame(frame: 0, reason: "unknown coding method 7"),
            .frameChecksumMismatch(frame: 0, stored: 1, computed: 2),
            .endMarkerMismatch(field: "total length", stored: 1, actual: 2),
            .headerChecksumMismatch(stored: 1, computed: 2),
            .implausibleLength(originalLength: 10, payloadLength: 0, limit: 0),
            .truncatedPayload(decodedBytes: 1, originalLength: 2), .trailingBytes(count: 1),
            .checksumMismatch(stored: 0xDEAD_BEEF, computed: 0),
        ]
        for error in errors {
            let text = error.description
            #expect(!text.contains("\n"))
            #expect(!text.hasSuffix("."))
            #expect(!text.isEmpty)
        }
        #expect(CompressionError.checksumMismatch(stored: 0xDEAD_BEEF, computed: 1).description.contains("0xdeadbeef"))
    }
}
