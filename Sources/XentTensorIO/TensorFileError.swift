/// An error reading or writing a tensor file (CSV or NumPy `.npy`).
///
/// Every case carries what a person needs to fix the input: the row, line and column of a CSV field and its text,
/// the shape and byte counts of a `.npy` file. ``description`` is one line with no trailing period, so a command line
/// tool can print it as is after the file's name.
public enum TensorFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The file could not be opened or read (it does not exist, is a directory, or a read failed).
    case cannotRead(path: String, reason: String)
    /// The file could not be created or written.
    case cannotWrite(path: String, reason: String)
    /// The file exists and was not to be replaced.
    case alreadyExists(path: String)
    /// The input holds no data: no bytes at all, or only blank lines, comments and a header line.
    case emptyInput
    /// A CSV data row has a different number of fields from the first data row.
    /// `row` counts data rows from 1; `line` counts the lines of the file from 1.
    case raggedRow(row: Int, line: Int, columns: Int, expected: Int)
    /// A CSV field that does not parse as the requested scalar type. `column` counts from 1.
    case invalidNumber(row: Int, line: Int, column: Int, text: String, expected: String)
    /// The input does not start with the `.npy` magic string `\x93NUMPY`.
    case notNumPy
    /// A `.npy` format version other than 1.0, 2.0 or 3.0.
    case unsupportedVersion(major: Int, minor: Int)
    /// The `.npy` header is cut off: it announces `needed` bytes, only `available` exist.
    case truncatedHeader(needed: Int, available: Int)
    /// The `.npy` header dictionary cannot be read.
    case malformedHeader(reason: String)
    /// A `.npy` dtype other than little- or big-endian float32, float64, int32 or int64.
    case unsupportedDType(descr: String)
    /// A `.npy` array stored in Fortran (column-major) order.
    case fortranOrder(shape: [Int])
    /// A `.npy` shape with a negative size, a size too large for an `Int`, or more than 64 axes.
    case invalidShape(text: String, reason: String)
    /// The `.npy` data is shorter than the shape and dtype need.
    case truncatedData(shape: [Int], dtype: String, needed: Int, available: Int)
    /// The `.npy` file holds bytes after the data its shape and dtype describe.
    case trailingBytes(shape: [Int], dtype: String, count: Int)
    /// A value that should be an integer (a class label) is not one: fractional, non-finite or out of range.
    /// `index` is the element's position in C order, counted from 0.
    case notAnInteger(index: Int, value: String)

    public var description: String {
        switch self {
        case let .cannotRead(path, reason):
            return "cannot read '\(path)': \(reason)"
        case let .cannotWrite(path, reason):
            return "cannot write '\(path)': \(reason)"
        case let .alreadyExists(path):
            return "'\(path)' already exists"
        case .emptyInput:
            return "the input holds no data rows"
        case let .raggedRow(row, line, columns, expected):
            return "row \(row) (line \(line)) has \(columns) column\(columns == 1 ? "" : "s"), expected \(expected) like row 1"
        case let .invalidNumber(row, line, column, text, expected):
            return "row \(row) (line \(line)), column \(column): '\(TensorFileError.printable(text))' is not valid: expected \(expected)"
        case .notNumPy:
            return "not a .npy file: it does not start with the magic string \\x93NUMPY"
        case let .unsupportedVersion(major, minor):
            return ".npy format version \(major).\(minor) is not supported: expected 1.0, 2.0 or 3.0"
        case let .truncatedHeader(needed, available):
            return ".npy header is truncated: it needs \(needed) bytes, the input holds \(available)"
        case let .malformedHeader(reason):
            return ".npy header is malformed: \(TensorFileError.printable(reason))"
        case let .unsupportedDType(descr):
            return ".npy dtype '\(TensorFileError.printable(descr))' is not supported: expected float32, float64, int32 or int64 ('<f4', '<f8', '<i4', '<i8', or big-endian '>')"
        case let .fortranOrder(shape):
            return ".npy array of shape \(shape) is in Fortran order: save it in C order (numpy.ascontiguousarray) and try again"
        case let .invalidShape(text, reason):
            return ".npy shape '\(TensorFileError.printable(text))' is not valid: \(reason)"
        case let .truncatedData(shape, dtype, needed, available):
            return ".npy data is truncated: shape \(shape) of \(dtype) needs \(needed) bytes, the file holds \(available)"
        case let .trailingBytes(shape, dtype, count):
            return ".npy file has \(count) byte\(count == 1 ? "" : "s") after the data of shape \(shape) of \(dtype)"
        case let .notAnInteger(index, value):
            return "element \(index): '\(TensorFileError.printable(value))' is not valid: expected an integer (a class index)"
        }
    }

    /// The text cut to 60 characters, with control characters shown as `?`, so the message stays one line.
    static func printable(_ text: String) -> String {
        var out = ""
        for (i, scalar) in text.unicodeScalars.enumerated() {
            if i == 60 { out += "…"; break }
            out.unicodeScalars.append(scalar.value < 0x20 || scalar.value == 0x7F ? "?" : scalar)
        }
        return out
    }
}
