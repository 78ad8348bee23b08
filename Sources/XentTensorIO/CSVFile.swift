#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import XentKernels

/// CSV tensor files: rows are samples, columns are classes, fields are separated by commas.
///
/// The format read:
/// - fields separated by `,`, blanks (spaces and tabs) around a field ignored, lines ended by `\n` or `\r\n`;
/// - `#` starts a comment that runs to the end of its line; blank lines are skipped; a UTF-8 byte-order mark is
///   skipped;
/// - an optional header line: with ``HeaderLine/detect`` the first non-comment line is a header when none of its
///   fields is a number (so a header of numbers, `0,1,2`, reads as data: pass ``HeaderLine/present`` for it);
/// - every data row has as many fields as the first one.
///
/// Parsing works on bytes: lines are found with `memchr`, numbers are scanned in place and rounded correctly
/// (see ``TensorFileScalar/parseCSVField(_:)``); no `String` is made per line or per field.
public enum CSVFile {
    /// Whether the first non-comment line is a header of column names.
    public enum HeaderLine: Sendable, Equatable {
        /// A header when none of its fields parses as a number.
        case detect
        /// The first non-comment line is a header, whatever it holds.
        case present
        /// Every non-comment line is data.
        case absent
    }

    /// Reads a matrix from CSV text.
    ///
    /// - Throws: ``TensorFileError/emptyInput`` when there is no data row,
    ///   ``TensorFileError/raggedRow(row:line:columns:expected:)`` and
    ///   ``TensorFileError/invalidNumber(row:line:column:text:expected:)`` naming the row, line and column.
    public static func readMatrix<Scalar: TensorFileScalar>(
        _ type: Scalar.Type = Scalar.self, from bytes: UnsafeRawBufferPointer, header: HeaderLine = .detect
    ) throws(TensorFileError) -> Matrix<Scalar> {
        var elements: [Scalar] = []
        var columns = -1
        var rows = 0
        var line = 0
        var headerPending = header != .absent
        let count = bytes.count
        guard let base = bytes.baseAddress, count > 0 else { throw .emptyInput }
        var position = 0
        if count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }

        while position < count {
            line += 1
            let lineStart = position
            let lineEnd: Int
            if let newline = memchr(base + lineStart, 0x0A, count - lineStart) {
                lineEnd = base.distance(to: UnsafeRawPointer(newline))
            } else {
                lineEnd = count
            }
            position = lineEnd + 1
            var contentEnd = lineEnd
            if let hash = memchr(base + lineStart, 0x23, lineEnd - lineStart) {
                contentEnd = base.distance(to: UnsafeRawPointer(hash))
            }
            // Trim blanks and a carriage return at both ends; skip blank lines.
            var start = lineStart
            while start < contentEnd, isBlank(bytes[start]) { start += 1 }
            while contentEnd > start, isBlank(bytes[contentEnd - 1]) { contentEnd -= 1 }
            if start == contentEnd { continue }
            let content = UnsafeRawBufferPointer(rebasing: bytes[start..<contentEnd])

            if headerPending {
                headerPending = false
                if header == .present || !anyFieldIsNumber(content) { continue }
            }

            rows += 1
            var column = 0
            var fieldStart = 0
            let contentCount = content.count
            let contentBase = base + start
            while true {
                var fieldEnd = contentCount
                if let comma = memchr(contentBase + fieldStart, 0x2C, contentCount - fieldStart) {
                    fieldEnd = contentBase.distance(to: UnsafeRawPointer(comma))
                }
                var a = fieldStart
                var b = fieldEnd
                while a < b, isBlank(content[a]) { a += 1 }
                while b > a, isBlank(content[b - 1]) { b -= 1 }
                let field = UnsafeRawBufferPointer(rebasing: content[a..<b])
                column += 1
                if columns >= 0, column > columns {
                    throw .raggedRow(row: rows, line: line, columns: fieldCount(content), expected: columns)
                }
                guard let value = Scalar.parseCSVField(field) else {
                    throw .invalidNumber(row: rows, line: line, column: column, text: DecimalText.string(field),
                                         expected: Scalar.csvExpectation)
                }
                elements.append(value)
                if fieldEnd == contentCount { break }
                fieldStart = fieldEnd + 1
            }
            if columns < 0 {
                columns = column
                elements.reserveCapacity(min(count / (2 * columns), 1 << 26) * columns)
            } else if column != columns {
                throw .raggedRow(row: rows, line: line, columns: column, expected: columns)
            }
        }
        guard rows > 0 else { throw .emptyInput }
        return Matrix(rows: rows, columns: columns, elements: elements)
    }

    /// Reads a matrix from CSV bytes.
    public static func readMatrix<Scalar: TensorFileScalar>(
        _ type: Scalar.Type = Scalar.self, from bytes: [UInt8], header: HeaderLine = .detect
    ) throws(TensorFileError) -> Matrix<Scalar> {
        try withBytes(of: bytes) { (buffer) throws(TensorFileError) in
            try readMatrix(type, from: buffer, header: header)
        }
    }

    /// Reads a matrix from a CSV file.
    ///
    /// - Throws: ``TensorFileError/cannotRead(path:reason:)`` when the file cannot be read, and the errors of
    ///   ``readMatrix(_:from:header:)-(_,UnsafeRawBufferPointer,_)`` for its content.
    public static func readMatrix<Scalar: TensorFileScalar>(
        _ type: Scalar.Type = Scalar.self, contentsOf path: String, header: HeaderLine = .detect
    ) throws(TensorFileError) -> Matrix<Scalar> {
        return try readMatrix(type, from: ReadableFile(path: path).readAll(), header: header)
    }

    /// The CSV text of a matrix: one line per row, values in their shortest round-trip form (`0.1`, `1e-07`,
    /// `inf`, `nan`), so reading it back gives the same bits.
    public static func encode<Scalar: TensorFileScalar>(_ matrix: Matrix<Scalar>) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(matrix.elements.count * 12)
        for row in 0..<matrix.rows {
            for column in 0..<matrix.columns {
                if column > 0 { out.append(UInt8(ascii: ",")) }
                out.append(contentsOf: matrix.elements[row * matrix.columns + column].csvText.utf8)
            }
            out.append(0x0A)
        }
        return out
    }

    /// Writes a matrix as CSV (see ``encode(_:)``), completely or not at all (``AtomicFile``).
    public static func write<Scalar: TensorFileScalar>(_ matrix: Matrix<Scalar>, to path: String) throws(TensorFileError) {
        try AtomicFile.write(encode(matrix), to: path)
    }

    @inline(__always)
    static func isBlank(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D
    }

    /// Whether any comma-separated field of a line parses as a number (header detection).
    static func anyFieldIsNumber(_ content: UnsafeRawBufferPointer) -> Bool {
        var found = false
        forEachField(content) { field in
            if Double.parseCSVField(field) != nil { found = true }
        }
        return found
    }

    static func fieldCount(_ content: UnsafeRawBufferPointer) -> Int {
        var n = 0
        forEachField(content) { _ in n += 1 }
        return n
    }

    static func forEachField(_ content: UnsafeRawBufferPointer, _ body: (UnsafeRawBufferPointer) -> Void) {
        var start = 0
        for i in 0...content.count where i == content.count || content[i] == UInt8(ascii: ",") {
            var a = start
            var b = i
            while a < b, isBlank(content[a]) { a += 1 }
            while b > a, isBlank(content[b - 1]) { b -= 1 }
            body(UnsafeRawBufferPointer(rebasing: content[a..<b]))
            start = i + 1
        }
    }
}
