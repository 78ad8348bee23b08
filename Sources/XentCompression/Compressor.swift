import Foundation

/// Compresses and decompresses bytes with an adaptive model and a binary arithmetic coder, in a checked
/// container: the streaming format 2 (``CompressingStream``, ``DecompressingStream``), which this type drives over
/// whole buffers, and the one-shot format 1 of earlier releases (read, and written by ``compressVersion1(_:progress:)``).
///
/// The payload is the arithmetic code of the file's bits under the model's online predictions, so its size in
/// bits is the model's cross-entropy on the file, `−Σ log2 P(bitᵢ | the bits before)`, plus at most a few bytes
/// (`informationContentBits(of:)` gives that sum; the tests check the agreement). This type holds the whole input
/// and output in memory; the stream types do not.
///
/// ```swift
/// let compressor = try Compressor(model: .default)
/// let packed = compressor.compress(Array("to be or not to be".utf8))
/// let unpacked = try Compressor.decompress(packed)
/// ```
public struct Compressor: Sendable {
    /// The model every bit is coded with.
    public let model: CompressionModel

    /// A compressor with `model`; throws when a parameter is out of range.
    public init(model: CompressionModel = .default) throws(CompressionError) {
        try model.validate()
        self.model = model
    }

    /// The streaming container (format version 2) for `input`, in frames of `frameLength` bytes (1 MiB by
    /// default; see ``CompressingStream``). `progress`, when given, is called with the bytes done after each frame.
    public func compress(
        _ input: [UInt8], frameLength: Int = CompressingStream.defaultFrameLength, progress: ((Int) -> Void)? = nil
    ) throws(CompressionError) -> [UInt8] {
        let stream = try CompressingStream(model: model, frameLength: frameLength)
        var out: [UInt8] = []
        out.reserveCapacity(input.count / 3 + 64)
        input.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let end = min(bytes.count, offset + frameLength)
                stream.write(UnsafeRawBufferPointer(rebasing: bytes[offset..<end])) { out.append(contentsOf: $0) }
                offset = end
                progress?(offset)
            }
        }
        stream.finish { out.append(contentsOf: $0) }
        return out
    }

    /// The one-shot container of format version 1 for `input` (28-byte header, one payload): the format of
    /// earlier releases, which ``decompress(_:progress:)`` still reads. New containers should be streams
    /// (``compress(_:frameLength:progress:)``); this stays for tests and fuzzing of the version-1 reader.
    public func compressVersion1(_ input: [UInt8], progress: ((Int) -> Void)? = nil) throws(CompressionError) -> [UInt8] {
        guard UInt64(input.count) <= ContainerHeader.maximumOriginalLength else {
            throw .inputTooLarge(count: input.count, limit: Int(ContainerHeader.maximumOriginalLength))
        }
        let payload: ByteBuffer
        switch model {
        case let .byteContext(order, level):
            var predictor = ByteContextModel(order: order, slotBits: 14 + level)
            payload = Compressor.encode(input, with: &predictor, progress: progress)
        case let .contextMixing(level):
            var predictor = ContextMixingModel(level: level)
            payload = Compressor.encode(input, with: &predictor, progress: progress)
        }
        guard payload.count <= Int(UInt32.max) else {
            throw .inputTooLarge(count: input.count, limit: Int(UInt32.max))
        }
        let header = ContainerHeader(
            model: model, originalLength: UInt64(input.count), checksum: CRC32.checksum(input),
            payloadLength: UInt32(payload.count))
        var out = header.bytes
        out.reserveCapacity(ContainerHeader.size + payload.count)
        out.append(contentsOf: UnsafeBufferPointer(start: payload.base, count: payload.count))
        return out
    }

    /// The original bytes of a container made by `compress` (format version 2), by a segmented
    /// ``CompressingStream`` (version 3) or by an earlier release (format version 1).
    ///
    /// Throws a `CompressionError` for any input that is not such a container: a wrong magic number or version,
    /// a corrupt stream, frame or end-marker header (their CRC-32s), parameters out of range, frames out of
    /// order or with lengths they cannot have, a truncated input or bytes after the end, or decoded data whose
    /// CRC-32 differs. The model's memory is set by the checked level; the output grows as bytes are decoded.
    /// `progress`, when given, is called with the bytes done after each frame.
    public static func decompress(
        _ container: [UInt8], progress: ((Int) -> Void)? = nil
    ) throws(CompressionError) -> [UInt8] {
        if container.count > 4, container[4] == ContainerHeader.version {
            return try decompressVersion1(container, progress: progress)
        }
        let stream = DecompressingStream()
        var out: [UInt8] = []
        try stream.write(container) { bytes in
            out.append(contentsOf: bytes)
            progress?(out.count)
        }
        try stream.finish { out.append(contentsOf: $0) }
        return out
    }

    /// The original bytes of a one-shot container (format version 1).
    static func decompressVersion1(
        _ container: [UInt8], progress: ((Int) -> Void)? = nil
    ) throws(CompressionError) -> [UInt8] {
        let result = container.withUnsafeBytes { bytes in
            Result { () throws(CompressionError) -> [UInt8] in try decompress(bytes, progress: progress) }
        }
        return try result.get()
    }

    private static func decompress(
        _ bytes: UnsafeRawBufferPointer, progress: ((Int) -> Void)?
    ) throws(CompressionError) -> [UInt8] {
        let header = try ContainerHeader(parsing: bytes)
        let output: [UInt8]
        switch header.model {
        case let .byteContext(order, level):
            var predictor = ByteContextModel(order: order, slotBits: 14 + level)
            output = try decode(bytes, header: header, with: &predictor, progress: progress)
        case let .contextMixing(level):
            var predictor = ContextMixingModel(level: level)
            output = try decode(bytes, header: header, with: &predictor, progress: progress)
        }
        let computed = CRC32.checksum(output)
        guard computed == header.checksum else {
            throw .checksumMismatch(stored: header.checksum, computed: computed)
        }
        return output
    }

    /// The model's information content of `input` in bits, `−Σ log2 P(bitᵢ)` over its 8·n bits with the
    /// probabilities the coder uses: the ideal payload size, which the real payload meets within a few bytes.
    public func informationContentBits(of input: [UInt8]) -> Double {
        switch model {
        case let .byteContext(order, level):
            var predictor = ByteContextModel(order: order, slotBits: 14 + level)
            return Compressor.cost(of: input, with: &predictor)
        case let .contextMixing(level):
            var predictor = ContextMixingModel(level: level)
            return Compressor.cost(of: input, with: &predictor)
        }
    }

    private static func encode<Model: BitPredictor>(
        _ input: [UInt8], with model: inout Model, progress: ((Int) -> Void)?
    ) -> ByteBuffer {
        var encoder = BinaryArithmeticEncoder(reservingCapacity: input.count / 3 + 64)
        input.withUnsafeBufferPointer { bytes in
            for (offset, byte) in bytes.enumerated() {
                let value = Int(byte)
                for shift in stride(from: 7, through: 0, by: -1) {
                    let bit = (value >> shift) & 1
                    encoder.encode(bit, probabilityOfOne: model.probabilityOfOne())
                    model.update(bit)
                }
                if let progress, offset & 0xF_FFFF == 0xF_FFFF { progress(offset + 1) }
            }
        }
        return encoder.finish()
    }

    private static func decode<Model: BitPredictor>(
        _ bytes: UnsafeRawBufferPointer, header: ContainerHeader, with model: inout Model, progress: ((Int) -> Void)?
    ) throws(CompressionError) -> [UInt8] {
        let count = Int(header.originalLength)
        var output: [UInt8] = []
        // Reserve no more than the payload can plausibly hold, whatever the header says; the array grows
        // only as bytes are really decoded.
        output.reserveCapacity(min(count, 64 * Int(header.payloadLength) + 4096))
        var decoder = BinaryArithmeticDecoder(input: bytes, start: ContainerHeader.size)
        for _ in 0..<count {
            var value = 0
            for _ in 0..<8 {
                let bit = decoder.decode(probabilityOfOne: model.probabilityOfOne())
                model.update(bit)
                value = (value << 1) | bit
            }
            if decoder.overran {
                throw .truncatedPayload(decodedBytes: output.count, originalLength: header.originalLength)
            }
            output.append(UInt8(truncatingIfNeeded: value))
            if let progress, output.count & 0xF_FFFF == 0 { progress(output.count) }
        }
        if decoder.overran {
            throw .truncatedPayload(decodedBytes: output.count, originalLength: header.originalLength)
        }
        let unread = bytes.count - decoder.bytesConsumed
        if unread > 0 {
            throw .trailingBytes(count: unread)
        }
        return output
    }

    private static func cost<Model: BitPredictor>(of input: [UInt8], with model: inout Model) -> Double {
        var bits = 0.0
        var compensation = 0.0
        for byte in input {
            let value = Int(byte)
            for shift in stride(from: 7, through: 0, by: -1) {
                let bit = (value >> shift) & 1
                let p1 = Double(model.probabilityOfOne()) / 65536
                let term = -log2(bit == 1 ? p1 : 1 - p1) - compensation
                let sum = bits + term
                compensation = (sum - bits) - term
                bits = sum
                model.update(bit)
            }
        }
        return bits
    }
}
