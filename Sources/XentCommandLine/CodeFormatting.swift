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

    /// A measurement's JSON object. `overhead_bits` is the coded length minus the information content under the
    /// quantised model the coder uses (`quantized_information_content`); `quantized_cross_entropy` is H(Q,P̂), what
    /// `bits_per_symbol` approaches; `floored_outcomes` are the outcomes of the data whose probability under P is
    /// below the frequency table's resolution (2^-24).
    static func json(_ m: ANSMeasurement) -> JSONValue {
        .object([
            ("symbols", .integer(m.symbolCount)), ("seed", .unsigned(m.seed)), ("bits", .number(m.bits)),
            ("bits_per_symbol", .number(m.bitsPerSymbol)), ("information_content", .number(m.informationContent)),
            ("quantized_information_content", .number(m.quantizedInformationContent)),
            ("quantized_cross_entropy", .number(m.quantizedCrossEntropy)),
            ("quantization_changes_length", .bool(quantizationMatters(m))),
            ("floored_outcomes", .array(m.flooredSymbols.map { .integer($0 + 1) })),
            ("overhead_bits", .number(m.overhead)), ("round_trip", .bool(m.roundTrips)),
            ("uncodable_outcome", m.uncodableSymbol.map { .integer($0 + 1) } ?? .null),
        ])
    }

    /// A measurement in one line of text.
    static func line(_ m: ANSMeasurement) -> String {
        if let bad = m.uncodableSymbol {
            return "cannot be coded: outcome \(bad + 1) occurs in the message and has probability 0 under P"
        }
        let content = quantizationMatters(m)
            ? String(format: "%.1f", m.quantizedInformationContent) + " bits under the quantised P̂, "
                + String(format: "%.1f", m.informationContent) + " under P"
            : String(format: "%.1f", m.informationContent) + " bits"
        return String(format: "%.0f", m.bits) + " bits = \(bits(m.bitsPerSymbol)) bits/symbol (information content "
            + content + ", overhead " + String(format: "%+.1f", m.overhead) + " bits; round trip "
            + (m.roundTrips ? "exact" : "FAILED") + ")"
    }

    /// Whether the coder's quantised model P̂ changes the length the data should get by more than 10^-4
    /// bits/symbol: H(Q,P̂) and H(Q,P) differ visibly (an outcome of Q has a probability under P below the table's
    /// resolution, or one the table holds coarsely). The measured length then follows H(Q,P̂), and the output says so.
    static func quantizationMatters(_ m: ANSMeasurement) -> Bool {
        guard m.crossEntropy.isFinite, m.quantizedCrossEntropy.isFinite else { return false }
        return abs(m.quantizedCrossEntropy - m.crossEntropy) > 1e-4
    }

    /// The outcomes of `m`'s data that the coder's table floors, as "outcome 1 (1e-17), outcome 4 (2e-9)" (the first
    /// three), or nil when there are none.
    static func flooredOutcomes(_ m: ANSMeasurement, probabilities: [Double]) -> String? {
        guard !m.flooredSymbols.isEmpty else { return nil }
        var parts = m.flooredSymbols.prefix(3).map { "outcome \($0 + 1) (\(probability(probabilities[$0])))" }
        if m.flooredSymbols.count > 3 { parts.append("\(m.flooredSymbols.count - 3) more") }
        return parts.joined(separator: ", ")
    }

    /// The resolution of the coder's frequency table, as text: "2^-24 = 5.96e-08".
    static var resolutionText: String {
        let bits = ANSModel.defaultPrecisionBits
        return "2^-\(bits) = " + String(format: "%.3g", Double(sign: .plus, exponent: -bits, significand: 1))
    }
}
