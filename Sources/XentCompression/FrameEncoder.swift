/// Codes input into the frames of a streaming container (``StreamLayout``), one frame at a time: the part of
/// ``CompressingStream`` below the stream header and the end marker, so that a segmented stream can run one per
/// thread. Each frame's header and payload go to the sink given with the bytes that complete it.
///
/// A frame that coding would not shrink is stored as it is; once a frame's code outgrows the frame, the rest of it
/// only trains the model, so the code buffer has a fixed size. The model's state carries over from frame to frame
/// until ``restart(at:)``.
final class FrameEncoder {
    let model: CompressionModel
    let frameLength: Int
    /// The index of the next frame (its sequence number modulo 2^32).
    private(set) var frameIndex: UInt64 = 0
    /// The most bytes coded between checks of the code's size (16 KiB; smaller in tests).
    var sliceLength = 16 << 10
    /// How many frames stopped coding part-way (for the tests).
    private(set) var framesCutShort = 0

    /// The model (nil only while a restart replaces it, so that two models are never held at once).
    private var predictor: StreamPredictor?
    private let raw: UnsafeMutableRawBufferPointer
    private var rawCount = 0
    private let coded: ByteBuffer
    private var encoder: BinaryArithmeticEncoder
    /// Whether the current frame's code already outgrew the frame, which will therefore be stored.
    private var storing = false
    /// Whether the next frame's header says that the model restarts before it.
    private var restartFlag = false

    /// An encoder with a fresh model; `model` and `frameLength` are checked by the caller.
    init(model: CompressionModel, frameLength: Int) {
        self.model = model
        self.frameLength = frameLength
        predictor = StreamPredictor(model)
        raw = .allocate(byteCount: frameLength, alignment: 64)
        // Room for a frame plus the most one slice can add past it (12 bits per bit at the probability clamp): the
        // buffer never grows, and its pages are touched only as code is written.
        coded = ByteBuffer(capacity: frameLength + 12 * (16 << 10) + 64)
        encoder = BinaryArithmeticEncoder(output: coded)
    }

    deinit { raw.deallocate() }

    /// Starts a segment: a fresh model, the next frame numbered `frameIndex` and flagged as a restart (its header's
    /// flags byte). Only between frames.
    func restart(at frameIndex: UInt64) {
        precondition(rawCount == 0, "a segment starts between frames")
        predictor = nil
        predictor = StreamPredictor(model)
        self.frameIndex = frameIndex
        restartFlag = true
    }

    /// Codes `bytes`, ending a frame (to `sink`) each time one fills.
    func write(_ bytes: UnsafeRawBufferPointer, to sink: (UnsafeRawBufferPointer) -> Void) {
        var rest = bytes[...]
        while !rest.isEmpty {
            let take = min(rest.count, frameLength - rawCount)
            let part = UnsafeRawBufferPointer(rebasing: rest.prefix(take))
            UnsafeMutableRawBufferPointer(rebasing: raw[rawCount..<(rawCount + take)]).copyMemory(from: part)
            guard let predictor else { return }
            var done = 0
            while done < take {
                let slice = UnsafeRawBufferPointer(rebasing: part[done..<min(take, done + sliceLength)])
                if storing {
                    predictor.learn(slice)
                } else {
                    predictor.encode(slice, with: &encoder)
                    storing = coded.count > frameLength
                    if storing { framesCutShort += 1 }
                }
                done += slice.count
            }
            rawCount += take
            rest = rest.dropFirst(take)
            if rawCount == frameLength { endFrame(sink) }
        }
    }

    /// Ends the current frame, if it holds any bytes.
    func flush(to sink: (UnsafeRawBufferPointer) -> Void) {
        if rawCount > 0 { endFrame(sink) }
    }

    private func endFrame(_ sink: (UnsafeRawBufferPointer) -> Void) {
        _ = encoder.finish()
        let frame = UnsafeRawBufferPointer(rebasing: raw[..<rawCount])
        var crc = CRC32()
        crc.update(frame)
        let stored = storing || coded.count >= rawCount
        let payload = stored ? frame : UnsafeRawBufferPointer(start: coded.base, count: coded.count)
        var header: [UInt8] = [
            StreamLayout.frameKind, stored ? StreamLayout.methodStored : StreamLayout.methodCoded,
            restartFlag ? StreamLayout.flagRestart : 0, 0,
        ]
        appendLittleEndian(frameIndex & 0xFFFF_FFFF, byteCount: 4, to: &header)
        appendLittleEndian(UInt64(rawCount), byteCount: 4, to: &header)
        appendLittleEndian(UInt64(payload.count), byteCount: 4, to: &header)
        appendLittleEndian(UInt64(crc.value), byteCount: 4, to: &header)
        appendLittleEndian(UInt64(CRC32.checksum(header)), byteCount: 4, to: &header)
        header.withUnsafeBytes { sink($0) }
        sink(payload)
        frameIndex += 1
        rawCount = 0
        storing = false
        restartFlag = false
        coded.removeAll()
        encoder = BinaryArithmeticEncoder(output: coded)
    }
}
