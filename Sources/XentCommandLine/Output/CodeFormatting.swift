import Foundation
import XentCoding

/// The pieces of `xent code`'s output that several reports share (numbers are ``NumberText``'s, tables
/// ``TextTable``'s).
enum CodeFormatting {
    /// A measurement's JSON object. `overhead_bits` is the coded length minus the information content under the
    /// quantised model the coder uses (`quantized_information_content`); `quantized_cross_entropy` is H(Q,P̂), what
    /// `bits_per_symbol` approaches; `floored_outcomes` are the outcomes of the data whose probability under P is
    /// below the frequency table's resolution (2^-24).
    static func json(_ m: ANSMeasurement) -> JSONValue {
        .object([
            ("symbols", .integer(m.symbolCount)), ("seed", .unsigned(m.seed)), ("bits", .number(m.bits)),
            ("bits_per_symbol", .number(m.bitsPerSymbol)), ("information_content", .number(m.informationContentBits)),
            ("quantized_information_content", .number(m.quantizedInformationContentBits)),
            ("quantized_cross_entropy", .number(m.quantizedCrossEntropyBits)),
            ("quantization_changes_length", .bool(quantizationMatters(m))),
            ("floored_outcomes", .array(m.flooredSymbols.map { .integer($0 + 1) })),
            ("overhead_bits", .number(m.overheadBits)), ("round_trip", .bool(m.roundTrips)),
            ("uncodable_outcome", m.uncodableSymbol.map { .integer($0 + 1) } ?? .null),
        ])
    }

    /// A measurement in one line of text.
    static func line(_ m: ANSMeasurement) -> String {
        if let bad = m.uncodableSymbol {
            return "cannot be coded: outcome \(bad + 1) occurs in the message and has probability 0 under P"
        }
        let content = quantizationMatters(m)
            ? NumberText.fixed(m.quantizedInformationContentBits, 1) + " bits under the quantised P̂, "
                + NumberText.fixed(m.informationContentBits, 1) + " under P"
            : NumberText.fixed(m.informationContentBits, 1) + " bits"
        return NumberText.fixed(m.bits, 0) + " bits = \(NumberText.fixed(m.bitsPerSymbol, 6)) bits/symbol (information content "
            + content + ", overhead " + NumberText.fixed(m.overheadBits, 1, sign: true) + " bits; round trip "
            + (m.roundTrips ? "exact" : "FAILED") + ")"
    }

    /// Whether the coder's quantised model P̂ changes the length the data should get by more than 10^-4
    /// bits/symbol: H(Q,P̂) and H(Q,P) differ visibly (an outcome of Q has a probability under P below the table's
    /// resolution, or one the table holds coarsely). The measured length then follows H(Q,P̂), and the output says so.
    static func quantizationMatters(_ m: ANSMeasurement) -> Bool {
        guard m.crossEntropyBits.isFinite, m.quantizedCrossEntropyBits.isFinite else { return false }
        return abs(m.quantizedCrossEntropyBits - m.crossEntropyBits) > 1e-4
    }

    /// The outcomes of `m`'s data that the coder's table floors, as "outcome 1 (1e-17), outcome 4 (2e-9)" (the first
    /// three), or nil when there are none.
    static func flooredOutcomes(_ m: ANSMeasurement, probabilities: [Double]) -> String? {
        guard !m.flooredSymbols.isEmpty else { return nil }
        var parts = m.flooredSymbols.prefix(3).map { "outcome \($0 + 1) (\(NumberText.compact(probabilities[$0])))" }
        if m.flooredSymbols.count > 3 { parts.append("\(m.flooredSymbols.count - 3) more") }
        return parts.joined(separator: ", ")
    }

    /// The resolution of the coder's frequency table, as text: "2^-24 = 5.96e-08".
    static var resolutionText: String {
        let bits = ANSModel.defaultPrecisionBits
        return "2^-\(bits) = " + NumberText.significant(Double(sign: .plus, exponent: -bits, significand: 1), 3)
    }
}
