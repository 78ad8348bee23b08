import Testing
@testable import XentCompression

/// Segmented streams (format version 3, `CompressingStream(segmentLength:threads:)`): the model restarts at each
/// segment, segments code on several threads, and the container does not depend on the thread count.
@Suite struct SegmentedStreamTests {
    /// A small model, so that segments of 256 bytes are allowed (at least 1/4096 of the model's memory: 33 bytes).
    static let model = CompressionModel.byteContext(order: 2, level: 1)

    /// Compresses `input` in segments (StreamContainerTests.compress with this suite's defaults).
    static func compress(
        _ input: [UInt8], model: CompressionModel = model, frameLength: Int = 64, segmentLength: Int? = 256,
        threads: Int, chunk: Int = 37
    ) throws -> [UInt8] {
        try StreamContainerTests.compress(
            input, model: model, frameLength: frameLength, segmentLength: segmentLength, threads: threads, chunk: chunk)
    }

    /// Every size around the segment and batch boundaries round-trips, with the same container bytes for 1, 2, 3
    /// and 5 threads; the header says version 3.
    @Test func roundTripsAndIgnoresTheThreadCount() throws {
        let text = sampleText(words: 600, seed: 21)
        for size in [0, 1, 63, 64, 255, 256, 257, 511, 512, 513, 768, 1000, 1600] {
            let input = Array(text.prefix(size))
            let one = try SegmentedStreamTests.compress(input, threads: 1)
            #expect(one[4] == StreamLayout.segmentedVersion)
            for threads in [2, 3, 5] {
                let other = try SegmentedStreamTests.compress(input, threads: threads)
                #expect(other == one, "\(size) bytes, \(threads) threads")
            }
            #expect(try StreamContainerTests.decompress(one, chunk: 11).get() == input, "\(size) bytes")
            #expect(try Compressor.decompress(one) == input)
        }
    }

    /// The model restarts at each segment, and nowhere else: a segment's frames are coded exactly as the same bytes
    /// coded alone, and the restart flag marks the first frame of every segment after the first.
    @Test func segmentsAreIndependent() throws {
        let input = sampleText(words: 400, seed: 22)
        let container = try SegmentedStreamTests.compress(input, threads: 2)
        let offsets = StreamContainerTests.blocks(container)
        for (index, offset) in offsets.dropLast().enumerated() {
            let flags: UInt8 = index > 0 && index % 4 == 0 ? StreamLayout.flagRestart : 0
            #expect(container[offset + 2] == flags, "frame \(index)")
        }
        // The third segment (bytes 512..<768), coded alone: its frames' payloads are the same bytes.
        let alone = try SegmentedStreamTests.compress(Array(input[512..<768]), segmentLength: nil, threads: 1)
        let aloneBlocks = StreamContainerTests.blocks(alone)
        for frame in 0..<4 {
            let a = offsets[8 + frame], b = aloneBlocks[frame]
            let length = StreamContainerTests.blockLength(container, a)
            #expect(length == StreamContainerTests.blockLength(alone, b))
            #expect(container[(a + 24)..<(a + length)] == alone[(b + 24)..<(b + length)], "frame \(frame)")
        }
    }

    /// A restart flag is an error in a version-2 stream, and any other flag bit in a version-3 one.
    @Test func flagsAreChecked() throws {
        let input = sampleText(words: 200, seed: 23)
        let plain = try StreamContainerTests.compress(input, model: SegmentedStreamTests.model, frameLength: 64)
        let second = StreamContainerTests.blocks(plain)[1]
        let flagged = StreamContainerTests.forgeBlock(plain, at: second) { $0[2] = StreamLayout.flagRestart }
        #expect(StreamContainerTests.error(flagged) == .invalidFrame(frame: 1, reason: "reserved bytes are not zero"))
        let segmented = try SegmentedStreamTests.compress(input, threads: 2)
        let other = StreamContainerTests.forgeBlock(segmented, at: StreamContainerTests.blocks(segmented)[4]) {
            $0[2] = StreamLayout.flagRestart | 2
        }
        #expect(StreamContainerTests.error(other) == .invalidFrame(frame: 4, reason: "reserved bytes are not zero"))
        // Dropping the flag of a later segment leaves the decoder's model warm where the encoder's was fresh: the
        // frame no longer decodes to its checksum.
        let cleared = StreamContainerTests.forgeBlock(segmented, at: StreamContainerTests.blocks(segmented)[4]) {
            $0[2] = 0
        }
        #expect(StreamContainerTests.error(cleared) != nil)
    }

    /// A restart after a segment shorter than 1/4096 of the model's memory is an error (a stream of tiny segments
    /// would make a small file fill the model's tables again at every frame); the encoder refuses such segments.
    @Test func shortSegmentsAreRefused() throws {
        let cm = CompressionModel.contextMixing(level: 1)
        let shortest = StreamLayout.minimumSegmentLength(for: cm)
        #expect(shortest == cm.memoryRequirement / 4096 && shortest > 64)
        #expect(throws: CompressionError.self) { try CompressingStream(model: cm, frameLength: 64, segmentLength: 64) }
        let input = sampleText(words: 300, seed: 26)
        let container = try SegmentedStreamTests.compress(input, model: cm, segmentLength: 1024, threads: 2)
        #expect(try StreamContainerTests.decompress(container).get() == input)
        let early = StreamContainerTests.forgeBlock(container, at: StreamContainerTests.blocks(container)[1]) {
            $0[2] = StreamLayout.flagRestart
        }
        let reason = "it restarts the model after a segment of 64 bytes (at least \(shortest))"
        #expect(StreamContainerTests.error(early) == .invalidFrame(frame: 1, reason: reason))
        #expect(SegmentedStreamTests.decode(early, threads: 2).error == .invalidFrame(frame: 1, reason: reason))
    }

    /// Segment lengths that are not a multiple of the frame length, and thread counts out of range, are refused.
    @Test func parametersAreChecked() {
        #expect(throws: CompressionError.self) { try CompressingStream(frameLength: 64, segmentLength: 100) }
        #expect(throws: CompressionError.self) { try CompressingStream(frameLength: 64, segmentLength: 32) }
        #expect(throws: CompressionError.self) { try CompressingStream(frameLength: 64, segmentLength: 64, threads: 0) }
        #expect(throws: CompressionError.self) {
            try CompressingStream(frameLength: 64, segmentLength: 64, threads: 65)
        }
    }

    /// Decodes `container` on `threads` threads (StreamContainerTests.decode with this suite's chunk size).
    static func decode(
        _ container: [UInt8], threads: Int, holdLimit: Int? = nil
    ) -> (output: [UInt8], error: CompressionError?) {
        StreamContainerTests.decode(container, threads: threads, holdLimit: holdLimit, chunk: 13)
    }

    /// Decoding on several threads gives what one thread gives, byte for byte and error for error, with batches of
    /// whole segments or segments cut between batches: on intact streams of many sizes, and on a thousand damaged
    /// ones (bytes changed, frame headers forged with valid CRCs: restart flags cleared or set, lengths and sequence
    /// numbers rewritten, truncations).
    @Test func threadsDecodeAsOneThreadDoes() throws {
        let text = sampleText(words: 900, seed: 24)
        // The small model: a thousand damaged streams, each decoded three times with a fresh model per segment.
        let model = SegmentedStreamTests.model
        for size in [0, 1, 256, 257, 700, 1536, 2000] {
            let input = Array(text.prefix(size))
            let container = try SegmentedStreamTests.compress(input, model: model, threads: 2)
            for (threads, limit) in [(2, nil), (3, nil), (4, nil), (2, 100), (3, 1)] as [(Int, Int?)] {
                let result = SegmentedStreamTests.decode(container, threads: threads, holdLimit: limit)
                #expect(result.output == input && result.error == nil, "\(size) bytes, \(threads) threads")
            }
        }
        let container = try SegmentedStreamTests.compress(Array(text.prefix(2000)), model: model, threads: 2)
        let blocks = StreamContainerTests.blocks(container)
        var random = SeededBytes(seed: 25)
        for trial in 0..<1000 {
            var damaged = container
            let pick = Int(random.bytes(1)[0])
            let block = blocks[pick % blocks.count]
            switch trial % 4 {
            case 0:
                let position = (Int(random.bytes(1)[0]) << 8 | pick) % damaged.count
                damaged[position] ^= random.bytes(1)[0] | 1
            case 1:
                damaged = StreamContainerTests.forgeBlock(damaged, at: block) { $0[2] ^= 1 }
            case 2:
                damaged = StreamContainerTests.forgeBlock(damaged, at: block) {
                    $0[8 + pick % 8] ^= 1 << UInt8(pick % 8)
                }
            default:
                damaged.removeSubrange(min(damaged.count, block + pick % 40)...)
            }
            let one = SegmentedStreamTests.decode(damaged, threads: 1)
            // Three threads; and two with at most 100 decoded bytes held back, so that a segment is cut between
            // batches and goes on with its model.
            for (threads, limit) in [(3, nil), (2, 100)] as [(Int, Int?)] {
                let many = SegmentedStreamTests.decode(damaged, threads: threads, holdLimit: limit)
                #expect(many.error == one.error && many.output == one.output, "trial \(trial), \(threads) threads")
            }
        }
    }
}

