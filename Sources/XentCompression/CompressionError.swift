/// The errors of the XentCompression module: bad parameters, and containers that are not valid.
///
/// Every case names what was found and what was expected; `description` is one line with no trailing period.
/// The decompressor reports these for any corrupt or truncated input: it never traps, hangs or allocates from an
/// unchecked header field.
public enum CompressionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A model parameter is out of range (`name`, the value given, the accepted range).
    case invalidParameter(name: String, value: Int, expected: ClosedRange<Int>)
    /// The input (or its coded payload) is larger than the container can describe.
    case inputTooLarge(count: Int, limit: Int)
    /// The input is shorter than a container header (`count` bytes, `expected` at least).
    case tooShort(count: Int, expected: Int)
    /// The first four bytes are not the container's magic number.
    case badMagic(found: [UInt8])
    /// The container was written by a format version this library does not read.
    case unsupportedVersion(found: Int, supported: Int)
    /// The header names a model this library does not know.
    case unknownModel(id: Int)
    /// The header names a model of an earlier release that this library no longer decodes (model id 1: the first
    /// context-mixing model, written by Xent before its second context-mixing model replaced it).
    case retiredModel(id: Int)
    /// The header's own checksum does not match its bytes (a corrupt header).
    case headerChecksumMismatch(stored: UInt32, computed: UInt32)
    /// The header's original length cannot come from a payload of this size (a corrupt or forged header).
    case implausibleLength(originalLength: UInt64, payloadLength: Int, limit: UInt64)
    /// The payload ended before the decoder finished (a truncated file), after `decodedBytes` bytes of output.
    case truncatedPayload(decodedBytes: Int, originalLength: UInt64)
    /// The payload has bytes after the end of the coded stream.
    case trailingBytes(count: Int)
    /// The decompressed data does not match the stored CRC-32 (a corrupt payload).
    case checksumMismatch(stored: UInt32, computed: UInt32)
    /// A streaming container (format 2 or 3) ended before its end marker: `decodedBytes` bytes were decoded, and the
    /// input ended inside `place` ("the stream header", "the header of frame 3", "the payload of frame 3").
    case truncatedStream(decodedBytes: UInt64, place: String)
    /// A frame header's own CRC-32 does not match its bytes (frames count from 0).
    case frameHeaderChecksumMismatch(frame: UInt64, stored: UInt32, computed: UInt32)
    /// A frame carries sequence number `found` where frame `expected` belongs (frames reordered, lost or repeated).
    case frameOutOfOrder(found: UInt32, expected: UInt32)
    /// A frame header (with a valid CRC-32) describes a frame that cannot be: an unknown block kind or coding
    /// method, reserved bits set, or lengths out of range; or its payload does not decode to its stated length.
    case invalidFrame(frame: UInt64, reason: String)
    /// A frame's decoded bytes do not match its CRC-32.
    case frameChecksumMismatch(frame: UInt64, stored: UInt32, computed: UInt32)
    /// The end marker's `field` ("frame count", "total length") states `stored` where the stream has `actual`.
    case endMarkerMismatch(field: String, stored: UInt64, actual: UInt64)

    public var description: String {
        switch self {
        case let .invalidParameter(name, value, expected):
            return "\(name) \(value) is out of range: expected \(expected.lowerBound)...\(expected.upperBound)"
        case let .inputTooLarge(count, limit):
            return "input of \(count) bytes is too large: the container holds at most \(limit) bytes"
        case let .tooShort(count, expected):
            return "input of \(count) bytes is too short for a container: expected at least \(expected) bytes"
        case let .badMagic(found):
            let hex = found.map { byte in
                let digits = String(byte, radix: 16)
                return digits.count == 1 ? "0" + digits : digits
            }.joined(separator: " ")
            return "not a xent container: magic bytes are \(hex), expected 58 4e 54 5a (\"XNTZ\")"
        case let .unsupportedVersion(found, supported):
            return "container format version \(found) is not supported: expected 1 to \(supported)"
        case let .unknownModel(id):
            return "container names unknown model id \(id): expected 0 (byte context) or 2 (context mixing)"
        case let .retiredModel(id):
            return "container was written with model id \(id), the first context-mixing model, which this release "
                + "no longer decodes: decompress it with the Xent release that wrote it (model ids read: 0 and 2)"
        case let .headerChecksumMismatch(stored, computed):
            return "corrupt container header: header CRC-32 is \(hex32(computed)), the header stores \(hex32(stored))"
        case let .implausibleLength(originalLength, payloadLength, limit):
            return "corrupt container header: original length \(originalLength) cannot be decoded from a "
                + "payload of \(payloadLength) bytes (at most \(limit))"
        case let .truncatedPayload(decodedBytes, originalLength):
            return "truncated container: the payload ended after \(decodedBytes) of \(originalLength) bytes"
        case let .trailingBytes(count):
            return "corrupt container: \(count) bytes follow the end of the coded stream"
        case let .checksumMismatch(stored, computed):
            return "corrupt container: CRC-32 of the decoded data is \(hex32(computed)), the header stores \(hex32(stored))"
        case let .truncatedStream(decodedBytes, place):
            return "truncated container: the input ended inside \(place), after \(decodedBytes) decoded bytes"
        case let .frameHeaderChecksumMismatch(frame, stored, computed):
            return "corrupt container: header CRC-32 of frame \(frame) is \(hex32(computed)), the frame stores \(hex32(stored))"
        case let .frameOutOfOrder(found, expected):
            return "corrupt container: frame \(found) found where frame \(expected) belongs (frames reordered, lost or repeated)"
        case let .invalidFrame(frame, reason):
            return "corrupt container: frame \(frame) is invalid: \(reason)"
        case let .frameChecksumMismatch(frame, stored, computed):
            return "corrupt container: CRC-32 of frame \(frame)'s decoded data is \(hex32(computed)), the frame stores \(hex32(stored))"
        case let .endMarkerMismatch(field, stored, actual):
            return "corrupt container: the end marker states a \(field) of \(stored), the stream has \(actual)"
        }
    }
}

/// Eight hexadecimal digits with a 0x prefix.
func hex32(_ value: UInt32) -> String {
    let digits = String(value, radix: 16)
    return "0x" + String(repeating: "0", count: 8 - digits.count) + digits
}
