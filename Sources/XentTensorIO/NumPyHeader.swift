import XentKernels

/// The header of a NumPy `.npy` file: format version, element type and byte order, shape, and where the data starts.
///
/// The header is a Python dictionary literal such as `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`.
/// It is read by a small parser of that literal (strings, `True`/`False`, integers, tuples and lists, nested at most
/// 8 deep), never evaluated. Every size is checked: the shape's element count times the item size must not overflow,
/// so a reader can compare it with the bytes actually present before it allocates anything.
public struct NumPyHeader: Sendable, Equatable {
    /// The format version: 1.0, 2.0 or 3.0.
    public var version: (major: Int, minor: Int) { (major, minor) }
    let major: Int
    let minor: Int
    /// The element type.
    public let scalarType: TensorScalarType
    /// Whether the elements are stored big-endian (`'>f4'`); NumPy writes little-endian on every common machine.
    public let isBigEndian: Bool
    /// The size of each axis, outermost first (C order).
    public let shape: [Int]
    /// The number of elements (the product of the shape).
    public let elementCount: Int
    /// The offset of the first data byte from the start of the file.
    public let dataOffset: Int

    /// The number of data bytes the shape and element type need.
    public var dataByteCount: Int { elementCount * scalarType.byteCount }

    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]
    static let maximumRank = 64
    static let maximumNesting = 8

    public static func == (lhs: NumPyHeader, rhs: NumPyHeader) -> Bool {
        lhs.major == rhs.major && lhs.minor == rhs.minor && lhs.scalarType == rhs.scalarType
            && lhs.isBigEndian == rhs.isBigEndian && lhs.shape == rhs.shape && lhs.dataOffset == rhs.dataOffset
    }

    /// The offset of the data (magic, version, header length and header), read from the first bytes of a file.
    ///
    /// - Parameters:
    ///   - preamble: the first bytes of the input (12 are enough; fewer when the input is shorter).
    ///   - available: the size of the whole input in bytes.
    static func dataOffset(preamble: UnsafeRawBufferPointer, available: Int) throws(TensorFileError) -> Int {
        for (i, byte) in magic.enumerated() {
            guard i < preamble.count else { throw .truncatedHeader(needed: 10, available: available) }
            guard preamble[i] == byte else { throw .notNumPy }
        }
        guard preamble.count >= 8 else { throw .truncatedHeader(needed: 10, available: available) }
        let major = Int(preamble[6])
        let minor = Int(preamble[7])
        guard (1...3).contains(major), minor == 0 else { throw .unsupportedVersion(major: major, minor: minor) }
        let prefix = major == 1 ? 10 : 12
        guard preamble.count >= prefix else { throw .truncatedHeader(needed: prefix, available: available) }
        var length = 0
        for i in stride(from: prefix - 1, through: 8, by: -1) { length = length << 8 | Int(preamble[i]) }
        let offset = prefix + length
        guard offset <= available else { throw .truncatedHeader(needed: offset, available: available) }
        return offset
    }

    /// Parses the header at the start of `bytes`, which must hold at least the whole header.
    ///
    /// - Throws: ``TensorFileError/notNumPy``, ``TensorFileError/unsupportedVersion(major:minor:)``,
    ///   ``TensorFileError/truncatedHeader(needed:available:)``, ``TensorFileError/malformedHeader(reason:)``,
    ///   ``TensorFileError/unsupportedDType(descr:)``, ``TensorFileError/fortranOrder(shape:)`` or
    ///   ``TensorFileError/invalidShape(text:reason:)``.
    public init(parsing bytes: UnsafeRawBufferPointer) throws(TensorFileError) {
        let offset = try NumPyHeader.dataOffset(preamble: bytes, available: bytes.count)
        major = Int(bytes[6])
        minor = Int(bytes[7])
        dataOffset = offset
        let text = UnsafeRawBufferPointer(rebasing: bytes[(major == 1 ? 10 : 12)..<offset])
        var parser = HeaderLiteralParser(text)
        let entries = try parser.parseDictionary()

        var descr: String?
        var fortran: Bool?
        var shapeValue: HeaderLiteralParser.Value?
        for (key, value) in entries {
            switch key {
            case "descr":
                guard case .string(let s) = value else {
                    throw .unsupportedDType(descr: value.text)
                }
                descr = s
            case "fortran_order":
                guard case .bool(let b) = value else {
                    throw .malformedHeader(reason: "'fortran_order' is \(value.text), expected True or False")
                }
                fortran = b
            case "shape":
                shapeValue = value
            default:
                throw .malformedHeader(reason: "unexpected key '\(key)': expected only 'descr', 'fortran_order' and 'shape'")
            }
        }
        guard let descr else { throw .malformedHeader(reason: "the key 'descr' is missing") }
        guard let fortran else { throw .malformedHeader(reason: "the key 'fortran_order' is missing") }
        guard let shapeValue else { throw .malformedHeader(reason: "the key 'shape' is missing") }

        (scalarType, isBigEndian) = try NumPyHeader.parseDescr(descr)
        shape = try NumPyHeader.parseShape(shapeValue)
        guard let count = NumPyHeader.checkedCount(shape) else {
            throw .invalidShape(text: shapeValue.text, reason: "the number of elements overflows a 64-bit integer")
        }
        guard !count.multipliedReportingOverflow(by: scalarType.byteCount).overflow else {
            throw .invalidShape(text: shapeValue.text, reason: "the number of bytes overflows a 64-bit integer")
        }
        elementCount = count
        if fortran, shape.filter({ $0 > 1 }).count > 1 {
            // One axis longer than 1 (or none) is laid out the same in both orders; more is not.
            throw .fortranOrder(shape: shape)
        }
    }

    /// Checks that exactly the data bytes the header describes follow it.
    func checkData(available: Int) throws(TensorFileError) {
        if available < dataByteCount {
            throw .truncatedData(shape: shape, dtype: scalarType.rawValue, needed: dataByteCount, available: available)
        }
        if available > dataByteCount {
            throw .trailingBytes(shape: shape, dtype: scalarType.rawValue, count: available - dataByteCount)
        }
    }

    static func parseDescr(_ descr: String) throws(TensorFileError) -> (TensorScalarType, Bool) {
        let scalars = Array(descr.unicodeScalars)
        guard scalars.count == 3 else { throw .unsupportedDType(descr: descr) }
        let bigEndian: Bool
        switch scalars[0] {
        case "<": bigEndian = false
        case ">": bigEndian = true
        case "=": bigEndian = 1.bigEndian == 1
        default: throw .unsupportedDType(descr: descr)
        }
        let code = String(String.UnicodeScalarView(scalars[1...]))
        guard let type = TensorScalarType.allCases.first(where: { $0.numPyCode == code }) else {
            throw .unsupportedDType(descr: descr)
        }
        return (type, bigEndian)
    }

    static func parseShape(_ value: HeaderLiteralParser.Value) throws(TensorFileError) -> [Int] {
        guard case .tuple(let items) = value else {
            throw .invalidShape(text: value.text, reason: "expected a tuple of integers such as (3, 4)")
        }
        guard items.count <= maximumRank else {
            throw .invalidShape(text: value.text, reason: "\(items.count) axes, at most \(maximumRank) are supported")
        }
        var shape: [Int] = []
        for item in items {
            guard case .integer(let text) = item else {
                throw .invalidShape(text: value.text, reason: "'\(item.text)' is not an integer")
            }
            guard let size = Int(text) else {
                throw .invalidShape(text: value.text, reason: "size \(text) does not fit a 64-bit integer")
            }
            guard size >= 0 else { throw .invalidShape(text: value.text, reason: "size \(size) is negative") }
            shape.append(size)
        }
        return shape
    }

    /// The product of the sizes, `nil` when a partial product overflows (as ``Tensor/elementCount(of:)`` counts).
    static func checkedCount(_ shape: [Int]) -> Int? {
        Tensor<Float>.elementCount(of: shape)
    }
}
