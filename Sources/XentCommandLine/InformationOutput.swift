import Foundation
import XentInformationTheory

/// Text helpers shared by the information-theory commands: aligned tables and the numbers in them.
enum InformationOutput {
    /// A number for human output: shortest round-trip form, "inf" for +∞.
    static func number(_ value: Double) -> String {
        if value == .infinity { return "inf" }
        if value == -.infinity { return "-inf" }
        if value.isNaN { return "nan" }
        return "\(value)"
    }

    /// An amount with its unit name ("1.5 bits").
    static func amount(_ information: Information<Double>) -> String {
        "\(number(information.value)) \(information.unit.name)"
    }

    /// Rows of cells with each column padded to its widest cell.
    static func table(_ rows: [[String]]) -> String {
        let columns = rows.map(\.count).max() ?? 0
        var widths = [Int](repeating: 0, count: columns)
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        return rows.map { row in
            row.enumerated().map { i, cell in
                i == row.count - 1 ? cell : cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").replacingOccurrences(of: "\\s+$", with: "", options: .regularExpression)
        }.joined(separator: "\n")
    }

    /// The outcomes that make a cross-entropy infinite, numbered from 1 ("outcome 2", "outcomes 2, 4").
    static func outcomes(_ indices: [Int]) -> String {
        (indices.count == 1 ? "outcome " : "outcomes ") + indices.map { String($0 + 1) }.joined(separator: ", ")
    }

    /// JSON fields naming unsupported outcomes: numbered from 1 ("unsupported_outcomes") and indexed from 0
    /// ("unsupported_indices").
    static func unsupportedFields(_ indices: [Int]) -> [(String, JSONValue)] {
        [("unsupported_outcomes", .array(indices.map { .integer($0 + 1) })),
         ("unsupported_indices", .array(indices.map { .integer($0) }))]
    }
}
