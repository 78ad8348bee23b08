/// A sequence of bits packed into bytes, most significant bit first; the last byte is padded with zero bits.
public struct BitString: Hashable, Sendable {
    /// The packed bytes: `(bitCount + 7) / 8` of them.
    public let bytes: [UInt8]
    /// The number of bits (the coded length).
    public let bitCount: Int

    /// A bit string from packed bytes and a bit count.
    ///
    /// - Throws: ``CodingError/invalidCount(value:expected:)`` when `bitCount` does not fit `bytes`.
    public init(bytes: [UInt8], bitCount: Int) throws(CodingError) {
        guard bitCount >= 0, bitCount <= bytes.count * 8, bitCount > bytes.count * 8 - 8 || bytes.isEmpty else {
            throw .invalidCount(value: bitCount, expected: "a bit count that needs exactly \(bytes.count) bytes")
        }
        self.bytes = bytes
        self.bitCount = bitCount
    }

    init(uncheckedBytes bytes: [UInt8], bitCount: Int) {
        self.bytes = bytes
        self.bitCount = bitCount
    }

    /// The bits as a string of `0` and `1`.
    public var description01: String {
        String((0..<bitCount).map { (bytes[$0 >> 3] >> (7 - UInt8($0 & 7))) & 1 == 1 ? "1" : "0" })
    }
}

/// Appends bit fields to a byte buffer, most significant bit first.
struct BitWriter {
    private var bytes: [UInt8] = []
    private var accumulator: UInt64 = 0
    private var pending = 0
    private var count = 0

    init(capacityInBits: Int) {
        bytes.reserveCapacity((capacityInBits + 7) / 8)
    }

    /// Appends the low `bitCount` bits of `value` (0...32 bits).
    mutating func write(_ value: UInt64, bitCount: Int) {
        accumulator = (accumulator << UInt64(bitCount)) | (value & ((1 << UInt64(bitCount)) - 1))
        pending += bitCount
        count += bitCount
        while pending >= 8 {
            pending -= 8
            bytes.append(UInt8(truncatingIfNeeded: accumulator >> UInt64(pending)))
        }
    }

    consuming func finish() -> BitString {
        if pending > 0 {
            bytes.append(UInt8(truncatingIfNeeded: accumulator << UInt64(8 - pending)))
        }
        return BitString(uncheckedBytes: bytes, bitCount: count)
    }
}

/// Reads the bits of a ``BitString`` one at a time.
struct BitReader {
    private let bits: BitString
    private var position = 0

    init(_ bits: BitString) {
        self.bits = bits
    }

    var remainingBits: Int { bits.bitCount - position }

    /// The next bit (0 or 1); the caller checks ``remainingBits`` first.
    mutating func readBit() -> UInt64 {
        let bit = (bits.bytes[position >> 3] >> (7 - UInt8(position & 7))) & 1
        position += 1
        return UInt64(bit)
    }
}
