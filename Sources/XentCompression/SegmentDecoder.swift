/// A frame of a container, checked and read but not yet decoded: what ``DecompressingStream`` holds back to decode
/// the segments of a segmented stream on several threads.
struct PendingFrame {
    /// The frame's number (for errors).
    let index: UInt64
    let stored: Bool
    let decodedLength: Int
    let checksum: UInt32
    let payload: [UInt8]
}

/// Decodes one frame's payload with `predictor` into `output` (room for `decodedLength` bytes) and checks it: the
/// coded payload must end exactly where the frame's bytes do, and the bytes must match the frame's CRC-32. A stored
/// frame trains the model, as coding it did. Returns the frame's bytes (in `payload` when stored, else in `output`).
func decodeFrame(
    index: UInt64, stored: Bool, decodedLength count: Int, checksum: UInt32, payload: UnsafeRawBufferPointer,
    with predictor: StreamPredictor, into output: UnsafeMutableRawBufferPointer
) throws(CompressionError) -> UnsafeRawBufferPointer {
    let data: UnsafeRawBufferPointer
    if stored {
        data = UnsafeRawBufferPointer(rebasing: payload[..<count])
        predictor.learn(data)
    } else {
        let (complete, consumed) = predictor.decode(payload, count: count, into: output)
        guard complete else {
            throw .invalidFrame(
                frame: index, reason: "its payload of \(payload.count) bytes ends before \(count) bytes are decoded")
        }
        guard consumed == payload.count else {
            throw .invalidFrame(frame: index, reason: "\(payload.count - consumed) payload bytes follow the coded data")
        }
        data = UnsafeRawBufferPointer(rebasing: output[..<count])
    }
    var crc = CRC32()
    crc.update(data)
    guard crc.value == checksum else {
        throw .frameChecksumMismatch(frame: index, stored: checksum, computed: crc.value)
    }
    return data
}

/// One segment of a segmented stream (the frames from one restart to the next) being decoded: its own model,
/// created on the thread that first decodes it, and the frames waiting for it.
final class SegmentDecoder {
    let model: CompressionModel
    private var predictor: StreamPredictor?
    /// Frames read but not decoded yet.
    var pending: [PendingFrame] = []
    /// The decoded bytes of the frames decoded by the last ``decodePending()``, in order, and the error that
    /// stopped it, if any (the frames before it are in `decoded`).
    private(set) var decoded: [[UInt8]] = []
    private(set) var failure: CompressionError?

    init(model: CompressionModel) { self.model = model }

    /// Decodes the pending frames in order, stopping at the first that fails.
    func decodePending() {
        decoded = []
        failure = nil
        if predictor == nil { predictor = StreamPredictor(model) }
        guard let predictor else { return }
        for frame in pending {
            var bytes = [UInt8](repeating: 0, count: frame.decodedLength)
            let result = frame.payload.withUnsafeBytes { payload in
                bytes.withUnsafeMutableBytes { output in
                    Result { () throws(CompressionError) in
                        let data = try decodeFrame(
                            index: frame.index, stored: frame.stored, decodedLength: frame.decodedLength,
                            checksum: frame.checksum, payload: payload, with: predictor, into: output)
                        if frame.stored { output.copyMemory(from: data) }
                    }
                }
            }
            if case .failure(let error) = result {
                failure = error
                break
            }
            decoded.append(bytes)
        }
        pending = []
    }

    /// Lets go of the decoded bytes once handed on.
    func clearDecoded() { decoded = [] }

    /// Decodes each segment's pending frames, on up to as many threads as segments.
    static func decodeAll(_ segments: [SegmentDecoder]) {
        concurrently(segments.count) { segments[$0].decodePending() }
    }
}
