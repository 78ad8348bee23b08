/// The layout of the streaming container (format versions 2 and 3); all integers little-endian.
///
/// ```
/// stream header (16 bytes)  frame* (24-byte frame header + payload)  end marker (24 bytes)
/// ```
///
/// Stream header: magic `XNTZ` (4), version 2 (1), model id (1), model parameters (2), frame length (4, the
/// most bytes one frame decodes to, 1 to 2^24), CRC-32 of bytes 0..<12 (4).
///
/// Frame header: kind `F` (1), method (1: 0 coded, 1 stored), flags (1: zero in version 2; in version 3 bit 0,
/// "the model restarts before this frame", and no other), reserved zero (1), sequence number (4, from 0,
/// modulo 2^32), decoded length (4, 1 to the frame length), payload length (4: below the decoded length when
/// coded, equal to it when stored), CRC-32 of the decoded bytes (4), CRC-32 of bytes 0..<20 (4). The payload
/// follows. The model's state carries over from frame to frame, except where a frame restarts it (version 3: the
/// segments of ``CompressingStream``); the arithmetic coder restarts at every frame.
///
/// End marker: kind `E` (1), reserved zeros (3), frame count (4, modulo 2^32), total decoded length (8),
/// CRC-32 of all decoded bytes (4), CRC-32 of bytes 0..<20 (4). Nothing may follow it.
enum StreamLayout {
    static let version: UInt8 = 2
    /// The version of a segmented stream: as version 2, and a frame's flags byte (offset 2) may say that the model
    /// restarts before the frame.
    static let segmentedVersion: UInt8 = 3
    /// The flags byte's bit for "the model restarts (fresh, as at the stream's start) before this frame".
    static let flagRestart: UInt8 = 1
    /// The longest segment a segmented stream is written with.
    static let segmentLengthLimit = 1 << 30

    /// The fewest bytes a segment must decode to before a restart: 1/4096 of the model's memory (77 KB at cm level
    /// 9, 10 KB at the default level 6), so that the fresh tables of a restart never cost more than the decoding
    /// that earned them (a stream of tiny segments would otherwise make a small file fill 315 MB per frame).
    static func minimumSegmentLength(for model: CompressionModel) -> Int {
        max(1, model.memoryRequirement / 4096)
    }
    static let headerSize = 16
    static let blockHeaderSize = 24
    static let frameKind: UInt8 = 0x46  // "F"
    static let endKind: UInt8 = 0x45  // "E"
    static let methodCoded: UInt8 = 0
    static let methodStored: UInt8 = 1
    /// The accepted frame lengths.
    static let frameLengths = 1...(1 << 24)
}

/// The model a stream codes with, behind a reference so that coding mutates it in place.
enum StreamPredictor {
    final class Box<Model: BitPredictor> {
        var model: Model
        init(_ model: Model) { self.model = model }
    }

    case byteContext(Box<ByteContextModel>)
    case contextMixing(Box<ContextMixingModel>)

    init(_ model: CompressionModel) {
        switch model {
        case let .byteContext(order, level): self = .byteContext(Box(ByteContextModel(order: order, slotBits: 14 + level)))
        case let .contextMixing(level): self = .contextMixing(Box(ContextMixingModel(level: level)))
        }
    }

    /// Codes `bytes` with `encoder`, updating the model.
    func encode(_ bytes: UnsafeRawBufferPointer, with encoder: inout BinaryArithmeticEncoder) {
        switch self {
        case .byteContext(let box): StreamPredictor.encode(bytes, &box.model, &encoder)
        case .contextMixing(let box): StreamPredictor.encode(bytes, &box.model, &encoder)
        }
    }

    /// Decodes `count` bytes from `payload` into `output`; false when the payload ends first.
    func decode(
        _ payload: UnsafeRawBufferPointer, count: Int, into output: UnsafeMutableRawBufferPointer
    ) -> (complete: Bool, consumed: Int) {
        switch self {
        case .byteContext(let box): return StreamPredictor.decode(payload, count, output, &box.model)
        case .contextMixing(let box): return StreamPredictor.decode(payload, count, output, &box.model)
        }
    }

    /// Updates the model with `bytes` (a stored frame) exactly as coding them would.
    func learn(_ bytes: UnsafeRawBufferPointer) {
        switch self {
        case .byteContext(let box): StreamPredictor.learn(bytes, &box.model)
        case .contextMixing(let box): StreamPredictor.learn(bytes, &box.model)
        }
    }

    private static func encode<Model: BitPredictor>(
        _ bytes: UnsafeRawBufferPointer, _ model: inout Model, _ encoder: inout BinaryArithmeticEncoder
    ) {
        for byte in bytes {
            let value = Int(byte)
            for shift in stride(from: 7, through: 0, by: -1) {
                let bit = (value >> shift) & 1
                encoder.encode(bit, probabilityOfOne: model.probabilityOfOne())
                model.update(bit)
            }
        }
    }

    private static func decode<Model: BitPredictor>(
        _ payload: UnsafeRawBufferPointer, _ count: Int, _ output: UnsafeMutableRawBufferPointer,
        _ model: inout Model
    ) -> (complete: Bool, consumed: Int) {
        var decoder = BinaryArithmeticDecoder(input: payload, start: 0)
        for index in 0..<count {
            var value = 0
            for _ in 0..<8 {
                let bit = decoder.decode(probabilityOfOne: model.probabilityOfOne())
                model.update(bit)
                value = (value << 1) | bit
            }
            // Checked per byte: a short payload stops within 7,700 bytes of output per payload byte.
            if decoder.overran { return (false, decoder.bytesConsumed) }
            output[index] = UInt8(truncatingIfNeeded: value)
        }
        return (!decoder.overran, decoder.bytesConsumed)
    }

    private static func learn<Model: BitPredictor>(_ bytes: UnsafeRawBufferPointer, _ model: inout Model) {
        for byte in bytes {
            let value = Int(byte)
            for shift in stride(from: 7, through: 0, by: -1) {
                _ = model.probabilityOfOne()
                model.update((value >> shift) & 1)
            }
        }
    }
}

/// Compresses a stream of bytes fed in chunks of any size into a streaming container, in memory that does not depend
/// on the input's length: the model's tables (``CompressionModel/memoryRequirement``) plus two buffers of the frame
/// length (1 MiB by default); with segments, that for each of up to `threads` segments coded at once, plus the
/// input and output of those segments.
///
/// Feed the input with ``write(_:to:)-(UnsafeRawBufferPointer,_)`` and end it with ``finish(to:)``; both hand the
/// container's bytes to `sink` as soon as they are final (a frame at a time; a batch of segments at a time with
/// segments). Without
/// segments (format version 2) the model's state carries over from frame to frame, so the ratio is that of one
/// long stream; the arithmetic coder restarts at every frame (4 bytes), and each frame has a 24-byte header. A
/// frame that coding would not shrink is stored as it is.
///
/// With a `segmentLength` (format version 3) the model restarts every `segmentLength` bytes, so that segments
/// code independently: up to `threads` of them at once, one per thread. The container's bytes do not depend on
/// the thread count; the ratio does depend on the segment length, since each segment's model starts cold (1.2 %
/// larger on 11 MB of Python source in two pieces, 3.2 % in four; see the compression guide).
///
/// ```swift
/// let stream = try CompressingStream(model: .default)
/// var container: [UInt8] = []
/// chunk.withUnsafeBytes { stream.write($0) { container.append(contentsOf: $0) } }
/// stream.finish { container.append(contentsOf: $0) }
/// ```
public final class CompressingStream {
    /// The frame length used unless one is given: 1 MiB (`compress` writes frames of this length).
    public static let defaultFrameLength = 1 << 20
    /// The segment length `compress --threads` uses: 8 MiB.
    public static let defaultSegmentLength = 8 << 20
    /// The accepted thread counts.
    public static let threadCounts = 1...64
    /// The model every bit is coded with.
    public let model: CompressionModel
    /// The most input bytes one frame holds.
    public let frameLength: Int
    /// The bytes after which the model restarts (a multiple of the frame length), or `nil` for one segment.
    public let segmentLength: Int?
    /// The most segments coded at once.
    public let threads: Int
    /// Input bytes fed so far.
    public private(set) var bytesIn: UInt64 = 0
    /// Container bytes handed to the sink so far.
    public private(set) var bytesOut: UInt64 = 0

    /// One encoder per segment coded at once (one without segments).
    private var encoders: [FrameEncoder] = []
    /// With segments: the input of the batch of segments not yet coded.
    private var batch = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    private var batchCount = 0
    private var frameIndex: UInt64 = 0
    private var segmentIndex: UInt64 = 0
    private var streamCRC = CRC32()
    private var headerWritten = false
    private var finished = false
    /// The most bytes coded between checks of the code's size (16 KiB; smaller in tests).
    var sliceLength = 16 << 10 {
        didSet { for encoder in encoders { encoder.sliceLength = sliceLength } }
    }
    /// How many frames stopped coding part-way (for the tests).
    var framesCutShort: Int { encoders.reduce(0) { $0 + $1.framesCutShort } }

    /// A stream coding with `model` in frames of at most `frameLength` bytes (1 to 2^24; 1 MiB by default) and,
    /// when `segmentLength` is given (a multiple of `frameLength`, at most 2^30 and at least 1/4096 of the model's
    /// memory), independent segments of that many bytes, up to `threads` (1 to 64) coded at once.
    ///
    /// - Throws: ``CompressionError/invalidParameter(name:value:expected:)`` for a model parameter, frame
    ///   length, segment length or thread count out of range.
    public init(
        model: CompressionModel = .default, frameLength: Int = defaultFrameLength, segmentLength: Int? = nil,
        threads: Int = 1
    ) throws(CompressionError) {
        try model.validate()
        guard StreamLayout.frameLengths.contains(frameLength) else {
            throw .invalidParameter(name: "frame length", value: frameLength, expected: StreamLayout.frameLengths)
        }
        guard CompressingStream.threadCounts.contains(threads) else {
            throw .invalidParameter(name: "threads", value: threads, expected: CompressingStream.threadCounts)
        }
        if let segmentLength {
            let shortest = max(frameLength, StreamLayout.minimumSegmentLength(for: model))
            let segments = shortest...max(shortest, StreamLayout.segmentLengthLimit)
            guard segments.contains(segmentLength) else {
                throw .invalidParameter(name: "segment length", value: segmentLength, expected: segments)
            }
            guard segmentLength % frameLength == 0 else {
                throw .invalidParameter(
                    name: "segment length (a multiple of the frame length \(frameLength))", value: segmentLength,
                    expected: segments)
            }
        }
        self.model = model
        self.frameLength = frameLength
        self.segmentLength = segmentLength
        self.threads = segmentLength == nil ? 1 : threads
        encoders = [FrameEncoder(model: model, frameLength: frameLength)]
    }

    deinit { batch.deallocate() }

    /// Feeds `bytes`; `sink` receives every container byte that is final (the stream header first).
    /// Nothing may be written after ``finish(to:)``; such bytes are ignored.
    public func write(_ bytes: UnsafeRawBufferPointer, to sink: (UnsafeRawBufferPointer) -> Void) {
        guard !finished else { return }
        writeHeaderIfNeeded(sink)
        bytesIn += UInt64(bytes.count)
        guard let segmentLength else {
            streamCRC.update(bytes)
            encoders[0].write(bytes) { emit($0, sink) }
            frameIndex = encoders[0].frameIndex
            return
        }
        if batch.baseAddress == nil { batch = .allocate(byteCount: threads * segmentLength, alignment: 64) }
        var rest = bytes[...]
        while !rest.isEmpty {
            let take = min(rest.count, batch.count - batchCount)
            UnsafeMutableRawBufferPointer(rebasing: batch[batchCount..<(batchCount + take)])
                .copyMemory(from: UnsafeRawBufferPointer(rebasing: rest.prefix(take)))
            batchCount += take
            rest = rest.dropFirst(take)
            if batchCount == batch.count { codeBatch(sink) }
        }
    }

    /// Feeds `bytes` (see ``write(_:to:)-(UnsafeRawBufferPointer,_)``).
    public func write(_ bytes: [UInt8], to sink: (UnsafeRawBufferPointer) -> Void) {
        bytes.withUnsafeBytes { write($0, to: sink) }
    }

    /// Ends the stream: the last frame and the end marker go to `sink`. Later calls do nothing.
    public func finish(to sink: (UnsafeRawBufferPointer) -> Void) {
        guard !finished else { return }
        writeHeaderIfNeeded(sink)
        if segmentLength == nil {
            encoders[0].flush { emit($0, sink) }
            frameIndex = encoders[0].frameIndex
        } else if batchCount > 0 {
            codeBatch(sink)
        }
        var marker: [UInt8] = [StreamLayout.endKind, 0, 0, 0]
        appendLittleEndian(frameIndex & 0xFFFF_FFFF, byteCount: 4, to: &marker)
        appendLittleEndian(bytesIn, byteCount: 8, to: &marker)
        appendLittleEndian(UInt64(streamCRC.value), byteCount: 4, to: &marker)
        appendLittleEndian(UInt64(CRC32.checksum(marker)), byteCount: 4, to: &marker)
        marker.withUnsafeBytes { emit($0, sink) }
        finished = true
    }

    /// Codes the batch's segments, each on its own thread with a fresh model (their frames numbered as they will
    /// follow each other), then hands them to `sink` in order.
    private func codeBatch(_ sink: (UnsafeRawBufferPointer) -> Void) {
        guard let segmentLength else { return }
        let count = (batchCount + segmentLength - 1) / segmentLength
        while encoders.count < count {
            let encoder = FrameEncoder(model: model, frameLength: frameLength)
            encoder.sliceLength = sliceLength
            encoders.append(encoder)
        }
        let framesPerSegment = UInt64(segmentLength / frameLength)
        var outputs = [[UInt8]](repeating: [], count: count)
        let firstFrame = frameIndex
        let firstSegment = segmentIndex
        let input = UnsafeRawBufferPointer(rebasing: batch[..<batchCount])
        let encoders = self.encoders
        outputs.withUnsafeMutableBufferPointer { slots in
            // Segment s: its own encoder, its own slice of the batch, its own output slot.
            concurrently(count) { s in
                let encoder = encoders[s]
                if firstSegment + UInt64(s) > 0 {
                    encoder.restart(at: firstFrame + UInt64(s) * framesPerSegment)
                }
                let lower = s * segmentLength
                let bytes = UnsafeRawBufferPointer(rebasing: input[lower..<min(input.count, lower + segmentLength)])
                var frames: [UInt8] = []
                frames.reserveCapacity(bytes.count + 64)
                encoder.write(bytes) { frames.append(contentsOf: $0) }
                encoder.flush { frames.append(contentsOf: $0) }
                slots[s] = frames
            }
        }
        streamCRC.update(input)
        for s in 0..<count {
            outputs[s].withUnsafeBytes { emit($0, sink) }
            frameIndex = encoders[s].frameIndex
        }
        segmentIndex += UInt64(count)
        batchCount = 0
    }

    private func writeHeaderIfNeeded(_ sink: (UnsafeRawBufferPointer) -> Void) {
        guard !headerWritten else { return }
        headerWritten = true
        var header = ContainerHeader.magic
        header.append(segmentLength == nil ? StreamLayout.version : StreamLayout.segmentedVersion)
        header.append(model.identifier)
        header.append(model.parameters.0)
        header.append(model.parameters.1)
        appendLittleEndian(UInt64(frameLength), byteCount: 4, to: &header)
        appendLittleEndian(UInt64(CRC32.checksum(header)), byteCount: 4, to: &header)
        header.withUnsafeBytes { emit($0, sink) }
    }

    private func emit(_ bytes: UnsafeRawBufferPointer, _ sink: (UnsafeRawBufferPointer) -> Void) {
        sink(bytes)
        bytesOut += UInt64(bytes.count)
    }
}

/// Decompresses a container fed in chunks of any size, handing the decoded bytes to a sink one verified frame
/// at a time, in memory that does not depend on the input's length: the model's tables (set by the header's
/// checked level) plus two buffers of the header's checked frame length (at most 16 MiB each; 1 MiB as written
/// by ``CompressingStream`` by default).
///
/// Every header field is checked before it is used: the stream header (magic, version, its CRC-32, model,
/// frame length), each frame header (its CRC-32, kind, method, sequence number, lengths) before its payload is
/// read, each frame's decoded bytes against its CRC-32 before they reach the sink, and the end marker (frame
/// count, total length, CRC-32 of all data). Bytes after the end marker (counted to the end of the input and
/// reported by ``finish(to:)``), or an input that ends before it, are errors. A sink may therefore receive the verified frames of a stream that later turns out corrupt or
/// truncated: a caller that must not keep partial output discards it when a ``CompressionError`` is thrown.
///
/// Segmented streams (format version 3, ``CompressingStream/init(model:frameLength:segmentLength:threads:)``) are
/// read the same way, on one thread: a frame flagged as a restart starts a fresh model (the old one freed first).
/// Containers of format version 1 (the one-shot format) are read too: their bytes are collected until
/// ``finish(to:)`` and decoded there, in memory that grows with them.
public final class DecompressingStream {
    private enum Phase {
        case streamHeader, legacy, blockHeader, payload, done
    }

    /// Container bytes fed so far.
    public private(set) var bytesIn: UInt64 = 0
    /// Decoded bytes handed to the sink so far.
    public private(set) var bytesOut: UInt64 = 0
    /// The model named by the header, once the header has been read.
    public private(set) var model: CompressionModel?

    private var phase = Phase.streamHeader
    private var pending: [UInt8] = []
    private var legacyBytes: [UInt8] = []
    private var predictor: StreamPredictor?
    private var frameLength = 0
    private var payload = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    private var output = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    private var payloadCount = 0
    private var frameIndex: UInt64 = 0
    private var frame = (stored: false, decodedLength: 0, payloadLength: 0, checksum: UInt32(0), restart: false)
    /// Whether the stream is segmented (version 3): frames may restart the model.
    private var segmented = false
    /// The decoded bytes of the frames read since the current segment began.
    private var segmentBytes = 0
    private var streamCRC = CRC32()
    private var failure: CompressionError?
    private var trailing = 0

    /// The most segments of a segmented stream decoded at once.
    public let threads: Int
    /// With `threads` > 1 and a segmented stream: the segments read and not yet handed on (the last may be open).
    private var segments: [SegmentDecoder] = []
    /// The decoded bytes of the frames waiting in `segments`.
    private var pendingBytes = 0
    /// The most decoded bytes held back (nil: `threads` × 8 MiB, or × the frame length if longer; smaller in tests).
    var holdLimit: Int?

    /// A decoder waiting for the first byte of a container, decoding on one thread.
    public init() { threads = 1 }

    /// A decoder that decodes up to `threads` segments of a segmented stream (format version 3) at once, each on
    /// its own thread; other streams decode on one thread. The frames of up to `threads` segments (or `threads` ×
    /// 8 MiB of decoded bytes, whichever comes first) are held back until they decode, with a model for each
    /// segment in flight: memory grows with `threads`, not with the input. The output is the same bytes, in the
    /// same order, with the same errors, as on one thread.
    ///
    /// - Throws: ``CompressionError/invalidParameter(name:value:expected:)`` when `threads` is outside 1...64.
    public convenience init(threads: Int) throws(CompressionError) {
        guard CompressingStream.threadCounts.contains(threads) else {
            throw .invalidParameter(name: "threads", value: threads, expected: CompressingStream.threadCounts)
        }
        self.init(threadCount: threads)
    }

    private init(threadCount: Int) { threads = threadCount }

    deinit {
        payload.deallocate()
        output.deallocate()
    }

    /// Feeds container bytes; `sink` receives each frame's decoded bytes once they match the frame's CRC-32.
    ///
    /// - Throws: a ``CompressionError`` as soon as the bytes so far cannot be a valid container; after one,
    ///   every call throws it again.
    public func write(
        _ bytes: UnsafeRawBufferPointer, to sink: (UnsafeRawBufferPointer) -> Void
    ) throws(CompressionError) {
        if let failure { throw failure }
        do throws(CompressionError) {
            try consume(bytes, sink)
        } catch {
            // Frames held back for other threads come before the damage: decoded and handed on first, as one
            // thread would have (and an error among them is the one reported).
            var first = error
            do throws(CompressionError) { try flushSegments(sink, keepOpen: false) } catch { first = error }
            failure = first
            throw first
        }
    }

    /// Feeds container bytes (see ``write(_:to:)-(UnsafeRawBufferPointer,_)``).
    public func write(_ bytes: [UInt8], to sink: (UnsafeRawBufferPointer) -> Void) throws(CompressionError) {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(CompressionError) in try write(buffer, to: sink) }
        }
        try result.get()
    }

    /// Ends the input: throws unless the container ended exactly at its end marker (a version-1 container is
    /// decoded here and its bytes handed to `sink`).
    public func finish(to sink: (UnsafeRawBufferPointer) -> Void) throws(CompressionError) {
        if let failure { throw failure }
        do throws(CompressionError) {
            switch phase {
            case .done:
                if trailing > 0 { throw CompressionError.trailingBytes(count: trailing) }
                return
            case .legacy:
                let data = try Compressor.decompressVersion1(legacyBytes)
                legacyBytes = []
                data.withUnsafeBytes { sink($0) }
                bytesOut += UInt64(data.count)
                phase = .done
            case .streamHeader:
                throw CompressionError.tooShort(count: pending.count, expected: StreamLayout.headerSize)
            case .blockHeader:
                try flushSegments(sink, keepOpen: false)
                throw CompressionError.truncatedStream(
                    decodedBytes: bytesOut, place: "the header of frame \(frameIndex) (or the end marker)")
            case .payload:
                try flushSegments(sink, keepOpen: false)
                throw CompressionError.truncatedStream(decodedBytes: bytesOut, place: "the payload of frame \(frameIndex)")
            }
        } catch {
            failure = error
            throw error
        }
    }

    private func consume(_ bytes: UnsafeRawBufferPointer, _ sink: (UnsafeRawBufferPointer) -> Void) throws(CompressionError) {
        var rest = bytes[...]
        while !rest.isEmpty {
            switch phase {
            case .streamHeader:
                let take = min(rest.count, StreamLayout.headerSize - pending.count)
                pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest.prefix(take)))
                rest = rest.dropFirst(take)
                bytesIn += UInt64(take)
                if pending.count >= 4, !pending.prefix(4).elementsEqual(ContainerHeader.magic) {
                    throw .badMagic(found: Array(pending.prefix(4)))
                }
                if pending.count >= 5 {
                    if pending[4] == ContainerHeader.version {
                        legacyBytes = pending
                        pending = []
                        phase = .legacy
                        continue
                    }
                    guard pending[4] == StreamLayout.version || pending[4] == StreamLayout.segmentedVersion else {
                        throw .unsupportedVersion(found: Int(pending[4]), supported: Int(StreamLayout.segmentedVersion))
                    }
                }
                if pending.count == StreamLayout.headerSize { try parseStreamHeader() }
            case .legacy:
                // Format 1 holds at most 28 + 2^32 − 1 bytes; more cannot be valid.
                guard UInt64(legacyBytes.count) + UInt64(rest.count) <= UInt64(ContainerHeader.size) + UInt64(UInt32.max) else {
                    throw .trailingBytes(count: legacyBytes.count + rest.count - ContainerHeader.size - Int(UInt32.max))
                }
                legacyBytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest))
                bytesIn += UInt64(rest.count)
                return
            case .blockHeader:
                let take = min(rest.count, StreamLayout.blockHeaderSize - pending.count)
                pending.append(contentsOf: UnsafeRawBufferPointer(rebasing: rest.prefix(take)))
                rest = rest.dropFirst(take)
                bytesIn += UInt64(take)
                if pending.count == StreamLayout.blockHeaderSize { try parseBlockHeader(sink) }
            case .payload:
                let take = min(rest.count, frame.payloadLength - payloadCount)
                UnsafeMutableRawBufferPointer(rebasing: payload[payloadCount..<(payloadCount + take)])
                    .copyMemory(from: UnsafeRawBufferPointer(rebasing: rest.prefix(take)))
                payloadCount += take
                rest = rest.dropFirst(take)
                bytesIn += UInt64(take)
                if payloadCount == frame.payloadLength { try decodeFrame(sink) }
            case .done:
                // Counted to the end, so that the error states how many; nothing is kept.
                trailing += rest.count
                bytesIn += UInt64(rest.count)
                return
            }
        }
    }

    private func parseStreamHeader() throws(CompressionError) {
        let header = pending
        pending = []
        let stored = UInt32(littleEndian(header, 12, 4))
        let computed = CRC32.checksum(Array(header[0..<12]))
        guard stored == computed else { throw .headerChecksumMismatch(stored: stored, computed: computed) }
        let chosen = try CompressionModel.fromHeader(identifier: header[5], parameters: (header[6], header[7]))
        let length = littleEndian(header, 8, 4)
        guard length >= 1, length <= UInt64(StreamLayout.frameLengths.upperBound) else {
            throw .invalidParameter(name: "frame length", value: Int(length), expected: StreamLayout.frameLengths)
        }
        frameLength = Int(length)
        segmented = header[4] == StreamLayout.segmentedVersion
        model = chosen
        // Segments decoded on several threads build their own models (SegmentDecoder).
        if !(segmented && threads > 1) { predictor = StreamPredictor(chosen) }
        payload = .allocate(byteCount: frameLength, alignment: 64)
        output = .allocate(byteCount: frameLength, alignment: 64)
        phase = .blockHeader
    }

    private func parseBlockHeader(_ sink: (UnsafeRawBufferPointer) -> Void) throws(CompressionError) {
        let header = pending
        pending = []
        let stored = UInt32(littleEndian(header, 20, 4))
        let computed = CRC32.checksum(Array(header[0..<20]))
        guard stored == computed else {
            throw .frameHeaderChecksumMismatch(frame: frameIndex, stored: stored, computed: computed)
        }
        switch header[0] {
        case StreamLayout.frameKind:
            let flags = segmented ? StreamLayout.flagRestart : 0
            guard header[2] & ~flags == 0, header[3] == 0 else {
                throw .invalidFrame(frame: frameIndex, reason: "reserved bytes are not zero")
            }
            let sequence = UInt32(littleEndian(header, 4, 4))
            let expected = UInt32(truncatingIfNeeded: frameIndex)
            guard sequence == expected else { throw .frameOutOfOrder(found: sequence, expected: expected) }
            let decodedLength = littleEndian(header, 8, 4)
            let payloadLength = littleEndian(header, 12, 4)
            guard decodedLength >= 1, decodedLength <= UInt64(frameLength) else {
                throw .invalidFrame(
                    frame: frameIndex, reason: "decoded length \(decodedLength) is outside 1...\(frameLength)")
            }
            switch header[1] {
            case StreamLayout.methodStored:
                guard payloadLength == decodedLength else {
                    throw .invalidFrame(
                        frame: frameIndex,
                        reason: "a stored frame's payload length \(payloadLength) differs from its decoded length \(decodedLength)")
                }
            case StreamLayout.methodCoded:
                guard payloadLength >= 4, payloadLength < decodedLength else {
                    throw .invalidFrame(
                        frame: frameIndex,
                        reason: "a coded frame's payload length \(payloadLength) is outside 4...\(decodedLength - 1)")
                }
                guard decodedLength <= payloadLength * ContainerHeader.maximumExpansion else {
                    throw .invalidFrame(
                        frame: frameIndex,
                        reason: "decoded length \(decodedLength) cannot come from a payload of \(payloadLength) bytes")
                }
            default:
                throw .invalidFrame(frame: frameIndex, reason: "unknown coding method \(header[1])")
            }
            let restart = header[2] & StreamLayout.flagRestart != 0
            if restart, let model, frameIndex > 0 {
                let shortest = StreamLayout.minimumSegmentLength(for: model)
                guard segmentBytes >= shortest else {
                    throw .invalidFrame(
                        frame: frameIndex,
                        reason: "it restarts the model after a segment of \(segmentBytes) bytes (at least \(shortest))")
                }
            }
            segmentBytes = (restart ? 0 : segmentBytes) + Int(decodedLength)
            frame = (header[1] == StreamLayout.methodStored, Int(decodedLength), Int(payloadLength),
                     UInt32(littleEndian(header, 16, 4)), restart)
            payloadCount = 0
            phase = .payload
        case StreamLayout.endKind:
            guard header[1] == 0, header[2] == 0, header[3] == 0 else {
                throw .invalidFrame(frame: frameIndex, reason: "the end marker's reserved bytes are not zero")
            }
            // Frames held back for other threads decode first: the checks below count them.
            try flushSegments(sink, keepOpen: false)
            let frames = littleEndian(header, 4, 4)
            guard frames == frameIndex & 0xFFFF_FFFF else {
                throw .endMarkerMismatch(field: "frame count", stored: frames, actual: frameIndex)
            }
            let total = littleEndian(header, 8, 8)
            guard total == bytesOut else {
                throw .endMarkerMismatch(field: "total length", stored: total, actual: bytesOut)
            }
            let checksum = UInt32(littleEndian(header, 16, 4))
            guard checksum == streamCRC.value else {
                throw .checksumMismatch(stored: checksum, computed: streamCRC.value)
            }
            phase = .done
        default:
            throw .invalidFrame(frame: frameIndex, reason: "unknown block kind \(header[0]) (expected 70 'F' or 69 'E')")
        }
    }

    private func decodeFrame(_ sink: (UnsafeRawBufferPointer) -> Void) throws(CompressionError) {
        guard let model else { return }
        if segmented && threads > 1 {
            try holdFrame(model, sink)
            return
        }
        if frame.restart {
            // The old model goes before the new one is built: never two models' tables at once.
            predictor = nil
            predictor = StreamPredictor(model)
        }
        guard let predictor else { return }
        let data = try XentCompression.decodeFrame(
            index: frameIndex, stored: frame.stored, decodedLength: frame.decodedLength, checksum: frame.checksum,
            payload: UnsafeRawBufferPointer(rebasing: payload[..<frame.payloadLength]), with: predictor, into: output)
        streamCRC.update(data)
        sink(data)
        bytesOut += UInt64(frame.decodedLength)
        frameIndex += 1
        phase = .blockHeader
    }

    /// Holds a read frame back for its segment's thread: a restart begins a new segment, after the segments before
    /// it are decoded and handed on if `threads` of them are waiting; so are all waiting frames if this one would
    /// take them past `threads` × 8 MiB of decoded bytes (the open segment then goes on with its model).
    private func holdFrame(
        _ model: CompressionModel, _ sink: (UnsafeRawBufferPointer) -> Void
    ) throws(CompressionError) {
        if frame.restart || segments.isEmpty {
            if segments.count >= threads { try flushSegments(sink, keepOpen: false) }
            segments.append(SegmentDecoder(model: model))
        }
        let limit = holdLimit ?? threads * max(CompressingStream.defaultSegmentLength, frameLength)
        if pendingBytes + frame.decodedLength > limit { try flushSegments(sink, keepOpen: true) }
        segments[segments.count - 1].pending.append(PendingFrame(
            index: frameIndex, stored: frame.stored, decodedLength: frame.decodedLength, checksum: frame.checksum,
            payload: Array(UnsafeRawBufferPointer(rebasing: payload[..<frame.payloadLength]))))
        pendingBytes += frame.decodedLength
        frameIndex += 1
        phase = .blockHeader
    }

    /// Decodes the held-back frames (each segment on its own thread) and hands them on in order, stopping at the
    /// first that fails, as decoding them one after the other would. `keepOpen`: the last segment may go on, and
    /// keeps its model.
    private func flushSegments(_ sink: (UnsafeRawBufferPointer) -> Void, keepOpen: Bool) throws(CompressionError) {
        guard !segments.isEmpty else { return }
        SegmentDecoder.decodeAll(segments.filter { !$0.pending.isEmpty })
        let batch = segments
        segments = keepOpen ? [batch[batch.count - 1]] : []
        pendingBytes = 0
        for segment in batch {
            for bytes in segment.decoded {
                bytes.withUnsafeBytes { data in
                    streamCRC.update(data)
                    sink(data)
                }
                bytesOut += UInt64(bytes.count)
            }
            segment.clearDecoded()
            if let failure = segment.failure {
                // Nothing after the failing frame is handed on, now or later.
                segments = []
                throw failure
            }
        }
    }
}

func appendLittleEndian(_ value: UInt64, byteCount: Int, to out: inout [UInt8]) {
    for i in 0..<byteCount {
        out.append(UInt8(truncatingIfNeeded: value >> UInt64(8 * i)))
    }
}

private func littleEndian(_ bytes: [UInt8], _ offset: Int, _ byteCount: Int) -> UInt64 {
    var value: UInt64 = 0
    for i in 0..<byteCount {
        value |= UInt64(bytes[offset + i]) << UInt64(8 * i)
    }
    return value
}
