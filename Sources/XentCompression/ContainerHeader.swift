/// The 28-byte header of the one-shot container, format version 1 (still read; new containers are streams of
/// format version 2, see `StreamLayout`) (all integers little-endian):
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 4 | magic `XNTZ` (58 4E 54 5A) |
/// | 4 | 1 | format version (1) |
/// | 5 | 1 | model id: 0 byte context, 1 context mixing |
/// | 6 | 2 | model parameters (order, level) |
/// | 8 | 8 | original length in bytes |
/// | 16 | 4 | CRC-32 of the original data |
/// | 20 | 4 | length of the payload in bytes |
/// | 24 | 4 | CRC-32 of bytes 0..<24 |
///
/// The payload (the arithmetic-coded bits) follows.
struct ContainerHeader: Equatable {
    static let magic: [UInt8] = [0x58, 0x4E, 0x54, 0x5A]
    static let version: UInt8 = 1
    static let size = 28
    /// The largest original length a container may declare (1 TiB).
    static let maximumOriginalLength: UInt64 = 1 << 40
    /// An upper bound on the bytes one payload byte can decode to (see `bitProbabilityRange`): probabilities are
    /// at most 1 − 2^-12, so each decoded bit narrows the coder's interval, at most 2^32 wide, by a factor of at
    /// least 1 − 2^-12 while it is 2^12 or wider and by at least one below that, and a byte is read no later than
    /// when it is one value wide: 2^12·ln(2^20) + 2^12 < 61,000 bits, fewer than 7,700 bytes.
    static let maximumExpansion: UInt64 = 7_700

    var model: CompressionModel
    var originalLength: UInt64
    var checksum: UInt32
    var payloadLength: UInt32

    /// The header bytes.
    var bytes: [UInt8] {
        var out = ContainerHeader.magic
        out.append(ContainerHeader.version)
        out.append(model.identifier)
        out.append(model.parameters.0)
        out.append(model.parameters.1)
        appendLittleEndian(originalLength, byteCount: 8, to: &out)
        appendLittleEndian(UInt64(checksum), byteCount: 4, to: &out)
        appendLittleEndian(UInt64(payloadLength), byteCount: 4, to: &out)
        appendLittleEndian(UInt64(CRC32.checksum(out)), byteCount: 4, to: &out)
        return out
    }

    /// Parses and checks the header at the start of `container`: magic, version, header CRC, model parameters,
    /// payload length against the bytes present, and the original length against what the payload can decode to.
    init(parsing container: UnsafeRawBufferPointer) throws(CompressionError) {
        guard container.count >= ContainerHeader.size else {
            if container.count >= 4 && !container.prefix(4).elementsEqual(ContainerHeader.magic) {
                throw .badMagic(found: Array(container.prefix(4)))
            }
            throw .tooShort(count: container.count, expected: ContainerHeader.size)
        }
        guard container.prefix(4).elementsEqual(ContainerHeader.magic) else {
            throw .badMagic(found: Array(container.prefix(4)))
        }
        let storedHeaderCRC = UInt32(readLittleEndian(container, at: 24, byteCount: 4))
        var crc = CRC32()
        crc.update(UnsafeRawBufferPointer(rebasing: container[0..<24]))
        guard crc.value == storedHeaderCRC else {
            throw .headerChecksumMismatch(stored: storedHeaderCRC, computed: crc.value)
        }
        guard container[4] == ContainerHeader.version else {
            throw .unsupportedVersion(found: Int(container[4]), supported: Int(ContainerHeader.version))
        }
        model = try CompressionModel.fromHeader(identifier: container[5], parameters: (container[6], container[7]))
        originalLength = readLittleEndian(container, at: 8, byteCount: 8)
        checksum = UInt32(readLittleEndian(container, at: 16, byteCount: 4))
        payloadLength = UInt32(readLittleEndian(container, at: 20, byteCount: 4))
        let present = container.count - ContainerHeader.size
        if Int(payloadLength) > present {
            throw .truncatedPayload(decodedBytes: 0, originalLength: originalLength)
        }
        if Int(payloadLength) < present {
            throw .trailingBytes(count: present - Int(payloadLength))
        }
        let limit = min(ContainerHeader.maximumOriginalLength, UInt64(payloadLength) * ContainerHeader.maximumExpansion)
        guard originalLength <= limit else {
            throw .implausibleLength(originalLength: originalLength, payloadLength: Int(payloadLength), limit: limit)
        }
    }

    init(model: CompressionModel, originalLength: UInt64, checksum: UInt32, payloadLength: UInt32) {
        self.model = model
        self.originalLength = originalLength
        self.checksum = checksum
        self.payloadLength = payloadLength
    }
}

private func readLittleEndian(_ bytes: UnsafeRawBufferPointer, at offset: Int, byteCount: Int) -> UInt64 {
    var value: UInt64 = 0
    for i in 0..<byteCount {
        value |= UInt64(bytes[offset + i]) << UInt64(8 * i)
    }
    return value
}
