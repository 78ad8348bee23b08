import RealModule

/// The counts of the 256 byte values in a stream of bytes: the order-0 model of a file that the Unix `ent` tool
/// reports ("Entropy = … bits per byte").
///
/// ```swift
/// var histogram = ByteHistogram()
/// histogram.add(Array("abracadabra".utf8))
/// try histogram.entropy().value      // 2.0404 bits per byte
/// try histogram.optimalSizeInBytes()  // 2.8056: n·H/8
/// ```
public struct ByteHistogram: Hashable, Sendable {
    /// How often each byte value occurs (256 counts).
    public private(set) var counts = [Int](repeating: 0, count: 256)
    /// The number of bytes counted.
    public private(set) var total = 0

    /// An empty histogram.
    public init() {}

    /// Counts the bytes of `bytes` (an array, `Data`, a range…).
    public mutating func add<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        var added = 0
        counts.withUnsafeMutableBufferPointer { counts in
            for byte in bytes {
                counts[Int(byte)] += 1
                added += 1
            }
        }
        total += added
    }

    /// Counts the bytes in raw memory (a buffer read from a file): the fast path, with four interleaved tables so
    /// that runs of equal bytes do not serialise on one counter.
    public mutating func add(_ bytes: UnsafeRawBufferPointer) {
        var tables = [Int](repeating: 0, count: 4 * 256)
        tables.withUnsafeMutableBufferPointer { t in
            let n = bytes.count
            var i = 0
            while i + 4 <= n {
                t[Int(bytes[i])] += 1
                t[256 + Int(bytes[i + 1])] += 1
                t[512 + Int(bytes[i + 2])] += 1
                t[768 + Int(bytes[i + 3])] += 1
                i += 4
            }
            while i < n {
                t[Int(bytes[i])] += 1
                i += 1
            }
        }
        for value in 0..<256 {
            counts[value] += tables[value] + tables[256 + value] + tables[512 + value] + tables[768 + value]
        }
        total += bytes.count
    }

    /// The order-0 (plug-in) entropy of the bytes, in bits per byte by default: between 0 and 8 bits.
    ///
    /// - Throws: ``InformationTheoryError/empty`` when no byte was counted.
    public func entropy(in unit: InformationUnit = .bits) throws(InformationTheoryError) -> Information<Double> {
        guard total > 0 else { throw .empty }
        return try XentInformationTheory.entropy(estimatedFrom: counts, using: .plugIn, in: unit)
    }

    /// The size of the bytes under an ideal order-0 code: total · H / 8 bytes (H in bits per byte), the bound no
    /// code that treats bytes independently can beat on average.
    ///
    /// - Throws: ``InformationTheoryError/empty`` when no byte was counted.
    public func optimalSizeInBytes() throws(InformationTheoryError) -> Double {
        Double(total) * (try entropy().value) / 8
    }
}
