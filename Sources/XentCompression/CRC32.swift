/// CRC-32 (the IEEE 802.3 / zlib / gzip polynomial 0xEDB88320, reflected, initial and final XOR 0xFFFFFFFF).
///
/// The container stores it over the original data and over its own header. Check value: the CRC-32 of the ASCII
/// bytes "123456789" is 0xCBF43926.
public struct CRC32: Sendable {
    /// The running register (already complemented back in `value`).
    private var register: UInt32 = 0xFFFF_FFFF

    /// A CRC over no bytes yet.
    public init() {}

    /// The CRC-32 of the bytes fed so far.
    public var value: UInt32 { ~register }

    /// Feeds bytes.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var crc = register
        CRC32.table.withUnsafeBufferPointer { table in
            for byte in bytes {
                crc = table[Int(UInt8(truncatingIfNeeded: crc) ^ byte)] ^ (crc >> 8)
            }
        }
        register = crc
    }

    /// Feeds bytes.
    public mutating func update(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { update($0) }
    }

    /// The CRC-32 of `bytes`.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }

    /// The byte-at-a-time table of the reflected polynomial.
    static let table: [UInt32] = (0..<256).map { index in
        var c = UInt32(index)
        for _ in 0..<8 {
            c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1
        }
        return c
    }
}
