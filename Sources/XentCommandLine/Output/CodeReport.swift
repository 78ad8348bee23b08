import XentCoding

/// The text and JSON output of `xent code P [--data Q]`.
struct CodeReport {
    var code: HuffmanCode
    var data: [Double]?
    var crossEntropy: Double?
    var huffmanLengthUnderData: Double?
    var measurement: ANSMeasurement?

    var text: [String] {
        var rows = [["outcome", "probability", "codeword", "length"]]
        for s in 0..<code.alphabetSize {
            rows.append([
                String(s + 1), NumberText.compact(code.probabilities[s]),
                code.codewordString(for: s) ?? "-", String(code.lengthBits[s]),
            ])
        }
        let outcomes = code.alphabetSize == 1 ? "1 outcome" : "\(code.alphabetSize) outcomes"
        var lines = ["Huffman code for P (canonical, \(outcomes))", ""]
        lines += TextTable(rows, alignments: [.left, .right]).lines
        lines.append("")
        var summary = [
            ["entropy H(P)", NumberText.fixed(code.entropyBits, 6), "bits/symbol"],
            ["expected length", NumberText.fixed(code.expectedLengthBits, 6), "bits/symbol"],
            ["redundancy", NumberText.fixed(code.redundancyBits, 6), "bits/symbol"],
            ["efficiency", NumberText.fixed(code.efficiency * 100, 4), "%"],
            ["Kraft sum", NumberText.compact(code.kraftSum), ""],
        ]
        if code.isLengthLimited {
            summary.append(["length-limited", "yes", "(package-merge, at most \(code.maximumLengthBits) bits)"])
        }
        if let crossEntropy, let huffmanLengthUnderData {
            summary.append(["cross-entropy H(Q,P)", NumberText.fixed(crossEntropy, 6), "bits/symbol"])
            if let m = measurement, CodeFormatting.quantizationMatters(m) {
                summary.append(["cross-entropy H(Q,P̂)", NumberText.fixed(m.quantizedCrossEntropyBits, 6),
                                "bits/symbol (P quantised to the arithmetic coder's frequencies)"])
            }
            summary.append(["Huffman length under Q", NumberText.fixed(huffmanLengthUnderData, 6), "bits/symbol"])
        }
        lines += zip(TextTable(summary.map { [$0[0], $0[1]] }, alignments: [.left, .right]).lines, summary).map { line, row in
            row[2].isEmpty ? line : line + " " + row[2]
        }
        if let m = measurement {
            lines.append("")
            lines.append("arithmetic-coded message: \(m.symbolCount) symbols from Q (seed \(m.seed)), coded under "
                + (CodeFormatting.quantizationMatters(m) ? "P̂ (P quantised to 24-bit frequencies)" : "P"))
            lines.append("  " + CodeFormatting.line(m))
        }
        return lines
    }

    /// The warning to print when the coder's quantised model changes what the message measures (see
    /// ``CodeFormatting/quantizationMatters(_:)``), or nil.
    var quantizationWarning: String? {
        guard let m = measurement, CodeFormatting.quantizationMatters(m) else { return nil }
        let floored = CodeFormatting.flooredOutcomes(m, probabilities: code.probabilities).map {
            "cannot hold probabilities below \(CodeFormatting.resolutionText) (\($0)) and codes them with 2^-"
                + "\(ANSModel.defaultPrecisionBits)"
        } ?? "holds P only to within \(CodeFormatting.resolutionText)"
        return "P: the arithmetic coder's frequency table \(floored): the message follows the quantised model's "
            + "cross-entropy H(Q,P̂) = \(NumberText.fixed(m.quantizedCrossEntropyBits, 6)) bits/symbol, not H(Q,P) = "
            + "\(NumberText.fixed(m.crossEntropyBits, 6)), and its overhead is measured against H(Q,P̂)"
    }

    var json: JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("value", .number(code.expectedLengthBits)), ("unit", .string("bits/symbol")),
            ("entropy", .number(code.entropyBits)), ("expected_length", .number(code.expectedLengthBits)),
            ("redundancy", .number(code.redundancyBits)), ("efficiency", .number(code.efficiency)),
            ("kraft_sum", .number(code.kraftSum)), ("length_limited", .bool(code.isLengthLimited)),
            ("max_length", .integer(code.maximumLengthBits)),
            ("table", .array((0..<code.alphabetSize).map { s in
                .object([
                    ("outcome", .integer(s + 1)), ("probability", .number(code.probabilities[s])),
                    ("codeword", code.codewordString(for: s).map { .string($0) } ?? .null),
                    ("length", .integer(code.lengthBits[s])),
                ])
            })),
        ]
        if let data, let crossEntropy, let huffmanLengthUnderData {
            var d: [(String, JSONValue)] = [
                ("probabilities", .numbers(data)), ("cross_entropy", .number(crossEntropy)),
                ("huffman_expected_length", .number(huffmanLengthUnderData)),
            ]
            if let m = measurement { d.append(("arithmetic", CodeFormatting.json(m))) }
            pairs.append(("data", .object(d)))
        }
        return .object(pairs)
    }
}
