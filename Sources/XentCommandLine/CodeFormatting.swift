import Foundation
import XentCoding

/// Number formatting for `xent code`'s aligned text.
enum CodeFormatting {
    /// A length or entropy in bits: six decimals, "inf" for +∞.
    static func bits(_ x: Double) -> String {
        if x == .infinity { return "inf" }
        if x.isNaN { return "nan" }
        return String(format: "%.6f", x)
    }

    /// A probability as the shortest text that reads back as the same number.
    static func probability(_ x: Double) -> String {
        let text = "\(x)"
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    /// A count of words: the whole number below 10^15, scientific notation beyond (no conversion to `Int`, which
    /// traps past Int.max), "inf" for +∞.
    static func count(_ x: Double) -> String {
        guard x.isFinite else { return x > 0 ? "inf" : "nan" }
        return abs(x) < 1e15 ? String(Int64(x)) : String(format: "%.6e", x)
    }

    /// Pads columns to aligned text (first column left-aligned, the others right-aligned).
    static func table(_ rows: [[String]]) -> [String] {
        guard let width = rows.map(\.count).max() else { return [] }
        var widths = [Int](repeating: 0, count: width)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        return rows.map { row in
            row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return i == 0 ? cell + pad : pad + cell
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }

    /// A measurement's JSON object.
    static func json(_ m: ANSMeasurement) -> JSONValue {
        .object([
            ("symbols", .integer(m.symbolCount)), ("seed", .string(String(m.seed))), ("bits", .number(m.bits)),
            ("bits_per_symbol", .number(m.bitsPerSymbol)), ("information_content", .number(m.informationContent)),
            ("overhead_bits", .number(m.overhead)), ("round_trip", .bool(m.roundTrips)),
            ("uncodable_outcome", m.uncodableSymbol.map { .integer($0 + 1) } ?? .null),
        ])
    }

    /// A measurement in one line of text.
    static func line(_ m: ANSMeasurement) -> String {
        if let bad = m.uncodableSymbol {
            return "cannot be coded: outcome \(bad + 1) occurs in the message and has probability 0 under P"
        }
        return "\(Int(m.bits)) bits = \(bits(m.bitsPerSymbol)) bits/symbol (information content "
            + String(format: "%.1f", m.informationContent) + " bits, overhead "
            + String(format: "%+.1f", m.overhead) + " bits; round trip " + (m.roundTrips ? "exact" : "FAILED") + ")"
    }
}
