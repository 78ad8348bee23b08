import Foundation
import XentKernels

/// A small CSV reader for `xent mutual-information --joint`: a matrix of numbers, comma-separated, with an optional
/// header line (a first line that is not all numbers), `#` comments (whole lines, or the rest of a line) and blank
/// lines ignored, and `\r\n` line ends accepted. Errors name the line (counted from 1) and column.
enum JointTable {
    /// The matrix in `text`, or a data error (exit 65) naming `argument`, the line and what was expected.
    static func parse(_ text: String, argument: String) throws -> Matrix<Double> {
        var rows: [[Double]] = []
        var firstDataLine: Int?
        var sawHeader = false
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        for (offset, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let lineNumber = offset + 1
            var line = Substring(rawLine)
            if let hash = line.firstIndex(of: "#") { line = line[..<hash] }
            let content = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if content.isEmpty { continue }
            let fields = content.split(separator: ",", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces) }
            let values = fields.map { Double($0) }
            if values.contains(where: { $0 == nil }) {
                if rows.isEmpty && !sawHeader {
                    sawHeader = true  // a header line: column names
                    continue
                }
                let column = values.firstIndex { $0 == nil } ?? 0
                let field = fields[column]
                throw CLIError(
                    "\(argument): line \(lineNumber), column \(column + 1) is "
                        + (field.isEmpty ? "empty" : "'\(field)'") + ": expected a number",
                    exitCode: .dataError)
            }
            let row = values.map { $0 ?? 0 }
            if let width = rows.first?.count, row.count != width {
                throw CLIError(
                    "\(argument): line \(lineNumber) has \(row.count) value\(row.count == 1 ? "" : "s"): expected \(width), as line "
                        + "\(firstDataLine ?? 1) has",
                    exitCode: .dataError)
            }
            if rows.isEmpty { firstDataLine = lineNumber }
            rows.append(row)
        }
        guard let matrix = Matrix(rowArrays: rows), matrix.rows > 0, matrix.columns > 0 else {
            throw CLIError("\(argument): no numbers found: expected a matrix of joint probabilities or counts",
                           exitCode: .dataError)
        }
        return matrix
    }
}
