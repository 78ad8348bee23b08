import Testing
@testable import XentCompression

/// The streaming container (format version 2; segmented streams, version 3, in SegmentedStreamTests): round trips
/// through chunked encoders and decoders, and every kind of damage reported as its own error.
@Suite struct StreamContainerTests {
    static let model = CompressionModel.byteContext(order: 2, level: 1)
    static let frame = 64

    /// Compresses `input` fed in chunks of `chunk` bytes (in segments of `segmentLength` bytes on `threads`
    /// threads when a segment length is given).
    static func compress(
        _ input: [UInt8], model: CompressionModel = model, frameLength: Int = frame, segmentLength: Int? = nil,
        threads: Int = 1, chunk: Int = 7
    ) throws -> [UInt8] {
        let stream = try CompressingStream(
            model: model, frameLength: frameLength, segmentLength: segmentLength, threads: threads)
        var out: [UInt8] = []
        var offset = 0
        while offset < input.count {
            let end = min(input.count, offset + chunk)
            stream.write(Array(input[offset..<end])) { out.append(contentsOf: $0) }
            offset = end
        }
        stream.finish { out.append(contentsOf: $0) }
        #expect(stream.bytesOut == UInt64(out.count))
        #expect(stream.bytesIn == UInt64(input.count))
        return out
    }

    /// Decompresses `container` fed in chunks of `chunk` bytes; the error, if any.
    static func decompress(_ container: [UInt8], chunk: Int = 5) -> Result<[UInt8], CompressionError> {
        let (output, error) = decode(container, chunk: chunk)
        return error.map { .failure($0) } ?? .success(output)
    }

    /// Decodes `container` fed in chunks of `chunk` bytes on `threads` threads (holding back at most `holdLimit`
    /// decoded bytes, when given): what the sink received, and the error, if any.
    static func decode(
        _ container: [UInt8], threads: Int = 1, holdLimit: Int? = nil, chunk: Int
    ) -> (output: [UInt8], error: CompressionError?) {
        var out: [UInt8] = []
        do throws(CompressionError) {
            let stream = try DecompressingStream(threads: threads)
            stream.holdLimit = holdLimit
            var offset = 0
            while offset < container.count {
                let end = min(container.count, offset + chunk)
                try stream.write(Array(container[offset..<end])) { out.append(contentsOf: $0) }
                offset = end
            }
            try stream.finish { out.append(contentsOf: $0) }
        } catch {
            return (out, error)
        }
        return (out, nil)
    }

    static func error(_ container: [UInt8]) -> CompressionError? {
        if case .failure(let error) = decompress(container) { return error }
        return nil
    }

    /// The offsets of the frame headers and of the end marker in a container.
    static func blocks(_ container: [UInt8]) -> [Int] {
        var offsets: [Int] = []
        var offset = StreamLayout.headerSize
        while offset < container.count {
            offsets.append(offset)
            if container[offset] == StreamLayout.endKind { break }
            offset += StreamLayout.blockHeaderSize + Int(read(container, offset + 12, 4))
        }
        return offsets
    }

    static func read(_ bytes: [UInt8], _ offset: Int, _ count: Int) -> UInt64 {
        (0..<count).reduce(UInt64(0)) { $0 | UInt64(bytes[offset + $1]) << UInt64(8 * $1) }
    }

    /// Rewrites bytes of the block at `offset` and recomputes its header CRC, as a forger would.
    static func forgeBlock(_ container: [UInt8], at offset: Int, _ edit: (inout [UInt8]) -> Void) -> [UInt8] {
        var block = Array(container[offset..<(offset + 20)])
        edit(&block)
        let crc = CRC32.checksum(block)
        var bytes = container
        bytes.replaceSubrange(offset..<(offset + 20), with: block)
        for i in 0..<4 { bytes[offset + 20 + i] = UInt8(truncatingIfNeeded: crc >> UInt32(8 * i)) }
        return bytes
    }

    @Test func edgeSizesRoundTripInChunks() throws {
        var random = SeededBytes(seed: 1)
        let text = sampleText(words: 200, seed: 2)
        for size in [0, 1, 63, 64, 65, 128, 129, 640] {
            for (name, input) in [("text", Array(text.prefix(size))), ("random", random.bytes(size))] {
                for chunk in [1, 7, 64, 1000] {
                    let container = try StreamContainerTests.compress(input, chunk: chunk)
                    #expect(try StreamContainerTests.decompress(container, chunk: chunk).get() == input, "\(name) \(size) \(chunk)")
                    // Fed whole, through the one-shot API.
                    #expect(try Compressor.decompress(container) == input)
                }
            }
        }
    }

    @Test(arguments: testModels)
    func everyModelRoundTrips(model: CompressionModel) throws {
        for (name, input) in RoundTripTests.edgeInputs {
            let container = try StreamContainerTests.compress(input, model: model, frameLength: 1000, chunk: 333)
            #expect(try StreamContainerTests.decompress(container, chunk: 100).get() == input, "\(name) with \(model)")
        }
    }

    /// The output depends on the frame length only through the frame headers and coder flushes: the model's state
    /// carries over, so small frames cost little.
    @Test func modelStateCarriesOverFrames() throws {
        let input = sampleText(words: 3000, seed: 4)
        let model = CompressionModel.contextMixing(level: 1)
        let whole = try StreamContainerTests.compress(input, model: model, frameLength: 1 << 20, chunk: 4096)
        let framed = try StreamContainerTests.compress(input, model: model, frameLength: 1024, chunk: 4096)
        let frames = (input.count + 1023) / 1024
        #expect(StreamContainerTests.blocks(framed).count == frames + 1)
        // Each extra frame: a 24-byte header and a 4-byte flush, plus at most a byte of coder slack.
        let overhead = framed.count - whole.count
        #expect(overhead >= 0 && overhead <= (frames - 1) * 29, "overhead \(overhead)")
        // A model restarted at every frame would cost far more.
        var restarted = 0
        for start in stride(from: 0, to: input.count, by: 1024) {
            restarted += try Compressor(model: model).compress(Array(input[start..<min(input.count, start + 1024)])).count
        }
        #expect(framed.count * 5 < restarted * 4)
    }

    @Test func incompressibleFramesAreStored() throws {
        var random = SeededBytes(seed: 8)
        let input = random.bytes(300)
        let container = try StreamContainerTests.compress(input, frameLength: 100)
        let blocks = StreamContainerTests.blocks(container)
        #expect(blocks.count == 4)
        for offset in blocks.dropLast() {
            #expect(container[offset + 1] == StreamLayout.methodStored)
        }
        #expect(container.count == 16 + 3 * (24 + 100) + 24)
        #expect(try StreamContainerTests.decompress(container).get() == input)
    }

    /// A frame whose code outgrows it mid-frame is stored, its rest only training the model: the container is the
    /// same whether the size is checked every 8 bytes or once per frame, and it decodes.
    @Test func expandingFramesStopCodingMidFrame() throws {
        var random = SeededBytes(seed: 13)
        // Random bytes after a long run of one byte: the model, sure of the run, pays more than 8 bits a byte.
        let input = [UInt8](repeating: 7, count: 3000) + random.bytes(600)
        var containers: [[UInt8]] = []
        for slice in [8, 1 << 14] {
            let stream = try CompressingStream(model: .byteContext(order: 1, level: 1), frameLength: 200)
            stream.sliceLength = slice
            var out: [UInt8] = []
            stream.write(input) { out.append(contentsOf: $0) }
            stream.finish { out.append(contentsOf: $0) }
            if slice == 8 { #expect(stream.framesCutShort > 0) }
            containers.append(out)
        }
        #expect(containers[0] == containers[1])
        let blocks = StreamContainerTests.blocks(containers[0])
        #expect(blocks.dropLast().contains { containers[0][$0 + 1] == StreamLayout.methodStored })
        #expect(try StreamContainerTests.decompress(containers[0]).get() == input)
    }

    @Test func layout() throws {
        let input = sampleText(words: 100, seed: 5)
        let container = try StreamContainerTests.compress(input)
        #expect(Array(container[0..<5]) == [0x58, 0x4E, 0x54, 0x5A, 2])
        #expect(container[5] == 0 && container[6] == 2 && container[7] == 1)
        #expect(StreamContainerTests.read(container, 8, 4) == 64)
        #expect(UInt32(StreamContainerTests.read(container, 12, 4)) == CRC32.checksum(Array(container[0..<12])))
        let blocks = StreamContainerTests.blocks(container)
        #expect(blocks.count == (input.count + 63) / 64 + 1)
        for (index, offset) in blocks.dropLast().enumerated() {
            #expect(container[offset] == 0x46)
            #expect(StreamContainerTests.read(container, offset + 4, 4) == UInt64(index))
            let length = Int(StreamContainerTests.read(container, offset + 8, 4))
            #expect(length == min(64, input.count - 64 * index))
            let crc = UInt32(StreamContainerTests.read(container, offset + 16, 4))
            #expect(crc == CRC32.checksum(Array(input[(64 * index)..<(64 * index + length)])))
        }
        let end = try #require(blocks.last)
        #expect(end + 24 == container.count)
        #expect(Array(container[end..<(end + 4)]) == [0x45, 0, 0, 0])
        #expect(StreamContainerTests.read(container, end + 4, 4) == UInt64(blocks.count - 1))
        #expect(StreamContainerTests.read(container, end + 8, 8) == UInt64(input.count))
        #expect(UInt32(StreamContainerTests.read(container, end + 16, 4)) == CRC32.checksum(input))
    }

    @Test func version1ContainersStillDecode() throws {
        let input = sampleText(words: 300, seed: 6)
        let legacy = try Compressor(model: .contextMixing(level: 1)).compressVersion1(input)
        #expect(legacy[4] == 1)
        #expect(try StreamContainerTests.decompress(legacy, chunk: 3).get() == input)
        #expect(StreamContainerTests.error(legacy + [1]) == .trailingBytes(count: 1))
    }

    @Test func truncationIsReportedWhereverTheInputEnds() throws {
        let input = sampleText(words: 60, seed: 7)
        let container = try StreamContainerTests.compress(input)
        for count in 0..<container.count {
            let error = try #require(StreamContainerTests.error(Array(container.prefix(count))), "prefix \(count)")
            switch error {
            case .tooShort: #expect(count < 16)
            case .truncatedStream: #expect(count >= 16)
            default: Issue.record("prefix \(count): \(error)")
            }
        }
    }

    @Test func trailingBytesAreRejected() throws {
        let container = try StreamContainerTests.compress(sampleText(words: 30, seed: 8))
        #expect(StreamContainerTests.error(container + [0]) == .trailingBytes(count: 1))
        #expect(StreamContainerTests.error(container + container) != nil)
    }

    /// A flipped bit is an error, except in the coder's flushed tail of a frame, which the decoder reads but whose
    /// low bits do not matter: those decode to the same bytes (the CRC-32s confirm it), never to other bytes.
    @Test func everyFlippedBitIsAnErrorOrHarmless() throws {
        let input = sampleText(words: 30, seed: 9)
        let container = try StreamContainerTests.compress(input)
        for offset in 0..<container.count {
            for bit in [0, 5] {
                var corrupt = container
                corrupt[offset] ^= UInt8(1 << bit)
                switch StreamContainerTests.decompress(corrupt) {
                case .failure: break
                case .success(let output):
                    #expect(output == input, "flip at \(offset) accepted with other data")
                    #expect(container.count - offset > 24, "flip at \(offset) in the end marker accepted")
                }
            }
        }
    }

    @Test func streamHeaderDamage() throws {
        let container = try StreamContainerTests.compress(sampleText(words: 30, seed: 10))
        var magic = container
        magic[1] = 0
        #expect(StreamContainerTests.error(magic) == .badMagic(found: [0x58, 0, 0x54, 0x5A]))
        var version = container
        version[4] = 9
        #expect(StreamContainerTests.error(version) == .unsupportedVersion(found: 9, supported: 3))
        var level = container
        level[7] = 10
        guard case .headerChecksumMismatch = StreamContainerTests.error(level) else {
            Issue.record("a flipped level must fail the header CRC")
            return
        }
        // Forged with a correct header CRC: each field is still checked before anything is allocated.
        func forged(_ edit: (inout [UInt8]) -> Void) -> [UInt8] {
            var bytes = container
            edit(&bytes)
            let crc = CRC32.checksum(Array(bytes[0..<12]))
            for i in 0..<4 { bytes[12 + i] = UInt8(truncatingIfNeeded: crc >> UInt32(8 * i)) }
            return bytes
        }
        #expect(StreamContainerTests.error(forged { $0[7] = 10 })
            == .invalidParameter(name: "level", value: 10, expected: 1...9))
        #expect(StreamContainerTests.error(forged { $0[5] = 4 }) == .unknownModel(id: 4))
        // The first context-mixing model's id is named as retired, not unknown.
        #expect(StreamContainerTests.error(forged { $0[5] = 1 }) == .retiredModel(id: 1))
        #expect(StreamContainerTests.error(forged { for i in 8..<12 { $0[i] = 0xFF } })
            == .invalidParameter(name: "frame length", value: Int(UInt32.max), expected: 1...(1 << 24)))
        #expect(StreamContainerTests.error(forged { for i in 8..<12 { $0[i] = 0 } })
            == .invalidParameter(name: "frame length", value: 0, expected: 1...(1 << 24)))
    }

    @Test func frameDamage() throws {
        let input = sampleText(words: 60, seed: 11)
        let container = try StreamContainerTests.compress(input)
        let blocks = StreamContainerTests.blocks(container)
        #expect(blocks.count >= 4)
        let second = blocks[1]
        let secondLength = StreamContainerTests.blockLength(container, second)
        // A flipped frame-header bit.
        var flipped = container
        flipped[second + 9] ^= 1
        guard case .frameHeaderChecksumMismatch(frame: 1, _, _) = StreamContainerTests.error(flipped) else {
            Issue.record("expected frameHeaderChecksumMismatch")
            return
        }
        // Frames swapped, dropped or repeated.
        let first = Array(container[blocks[0]..<second])
        let secondFrame = Array(container[second..<(second + secondLength)])
        var swapped = Array(container[..<blocks[0]])
        swapped += secondFrame + first + container[(second + secondLength)...]
        #expect(StreamContainerTests.error(swapped) == .frameOutOfOrder(found: 1, expected: 0))
        var dropped = container
        dropped.removeSubrange(second..<(second + secondLength))
        #expect(StreamContainerTests.error(dropped) == .frameOutOfOrder(found: 2, expected: 1))
        var repeated = container
        repeated.insert(contentsOf: first, at: second)
        #expect(StreamContainerTests.error(repeated) == .frameOutOfOrder(found: 0, expected: 1))
        // A flipped payload bit: the frame's CRC-32 (or its decoder) catches it before its bytes are handed on.
        var payload = container
        payload[second + 24 + 3] ^= 0x20
        switch StreamContainerTests.error(payload) {
        case .frameChecksumMismatch(frame: 1, _, _), .invalidFrame(frame: 1, _): break
        case let other: Issue.record("payload flip gave \(String(describing: other))")
        }
        // Forged lengths, each with a correct frame-header CRC.
        let huge = StreamContainerTests.forgeBlock(container, at: second) { for i in 8..<12 { $0[i] = 0xFF } }
        guard case .invalidFrame(frame: 1, _) = StreamContainerTests.error(huge) else {
            Issue.record("a decoded length beyond the frame length must be rejected")
            return
        }
        let zero = StreamContainerTests.forgeBlock(container, at: second) { for i in 8..<12 { $0[i] = 0 } }
        guard case .invalidFrame(frame: 1, _) = StreamContainerTests.error(zero) else {
            Issue.record("a zero decoded length must be rejected")
            return
        }
        let longPayload = StreamContainerTests.forgeBlock(container, at: second) { $0[12] = 0xFF; $0[13] = 0xFF }
        guard case .invalidFrame(frame: 1, _) = StreamContainerTests.error(longPayload) else {
            Issue.record("a payload length beyond the decoded length must be rejected")
            return
        }
        let method = StreamContainerTests.forgeBlock(container, at: second) { $0[1] = 7 }
        #expect(StreamContainerTests.error(method) == .invalidFrame(frame: 1, reason: "unknown coding method 7"))
        let kind = StreamContainerTests.forgeBlock(container, at: second) { $0[0] = 0x47 }
        guard case .invalidFrame(frame: 1, _) = StreamContainerTests.error(kind) else {
            Issue.record("an unknown block kind must be rejected")
            return
        }
        // A shorter stated payload: the coded data overruns it, or the next header is misread.
        let shorter = StreamContainerTests.forgeBlock(container, at: second) {
            $0[12] = UInt8(truncatingIfNeeded: secondLength - 24 - 2)
        }
        #expect(StreamContainerTests.error(shorter) != nil)
    }

    @Test func endMarkerDamage() throws {
        let input = sampleText(words: 30, seed: 12)
        let container = try StreamContainerTests.compress(input)
        let end = try #require(StreamContainerTests.blocks(container).last)
        let frames = UInt64(StreamContainerTests.blocks(container).count - 1)
        let count = StreamContainerTests.forgeBlock(container, at: end) { $0[4] &+= 1 }
        #expect(StreamContainerTests.error(count) == .endMarkerMismatch(field: "frame count", stored: frames + 1, actual: frames))
        let total = StreamContainerTests.forgeBlock(container, at: end) { $0[8] &+= 1 }
        #expect(StreamContainerTests.error(total) == .endMarkerMismatch(
            field: "total length", stored: UInt64(input.count) &+ 1, actual: UInt64(input.count)))
        let crc = StreamContainerTests.forgeBlock(container, at: end) { $0[16] ^= 1 }
        #expect(StreamContainerTests.error(crc) == .checksumMismatch(stored: CRC32.checksum(input) ^ 1, computed: CRC32.checksum(input)))
        var flipped = container
        flipped[end + 10] ^= 4
        guard case .frameHeaderChecksumMismatch = StreamContainerTests.error(flipped) else {
            Issue.record("a flipped end-marker bit must fail its CRC")
            return
        }
        // A stream cut right after a frame, with no end marker.
        guard case .truncatedStream = StreamContainerTests.error(Array(container[..<end])) else {
            Issue.record("a stream without an end marker is truncated")
            return
        }
    }

    @Test func errorsRepeatAndFrameLengthIsChecked() throws {
        let stream = DecompressingStream()
        #expect(throws: CompressionError.badMagic(found: [1, 2, 3, 4])) { try stream.write([1, 2, 3, 4]) { _ in } }
        #expect(throws: CompressionError.badMagic(found: [1, 2, 3, 4])) { try stream.finish { _ in } }
        #expect(throws: CompressionError.invalidParameter(name: "frame length", value: 0, expected: 1...(1 << 24))) {
            try CompressingStream(model: .default, frameLength: 0)
        }
    }

    static func blockLength(_ container: [UInt8], _ offset: Int) -> Int {
        StreamLayout.blockHeaderSize + Int(read(container, offset + 12, 4))
    }
}
