import Foundation
import XentCoding

/// The text and JSON output of `xent code --choose`.
struct CodeChoiceReport {
    var choice: CodeChoice
    var symbols: Int
    var seed: UInt64

    private func section(_ title: String, average: (CodeChoice.Row) -> Double, cell: (CodeChoice.Cell) -> Double)
        -> [String]
    {
        var header = ["code"] + choice.candidates.map { "on \($0.name)" }
        header += ["average", "words in \(choice.messageBits) bits"]
        var rows = [header]
        for (i, row) in choice.rows.enumerated() {
            var cells = [row.code.name] + row.cells.map { NumberText.fixed(cell($0), 6) }
            cells.append(NumberText.fixed(average(row), 6))
            cells.append(NumberText.count(choice.words(averageLengthBits: average(row))))
            if i == choice.winnerIndex && title.hasPrefix("ideal") { cells[0] += " *" }
            rows.append(cells)
        }
        return [title] + TextTable(rows, alignments: [.left, .right]).lines.map { "  " + $0 } + [""]
    }

    var text: [String] {
        var lines = [
            "One code for all variants: lengths in bits per symbol (rows: the code, columns: the data).", "",
        ]
        lines += section(
            "ideal length H(data, code) (entropy on the diagonal; what an arithmetic coder reaches)",
            average: \.averageIdealLengthBits, cell: \.idealLengthBits)
        lines += section(
            "Huffman code, minimum-variance tie-breaking (expected length)",
            average: \.averageHuffmanLengthBits, cell: \.huffmanLengthBits)
        lines += section(
            "Huffman code, the other tie-breaking (expected length)",
            average: \.averageAlternativeHuffmanLengthBits, cell: \.alternativeHuffmanLengthBits)
        if symbols > 0 {
            lines += section(
                "arithmetic-coded messages, measured (\(symbols) symbols sampled per variant, seed \(seed))",
                average: { $0.averageArithmeticLengthBits ?? .nan }, cell: { $0.arithmetic?.bitsPerSymbol ?? .nan })
        }
        let winner = choice.winner
        let others = choice.rows.indices.filter { $0 != choice.winnerIndex }.map { i in
            let words = choice.words(averageLengthBits: choice.rows[i].averageIdealLengthBits)
            return "\(choice.rows[i].code.name): \(NumberText.count(words))"
        }
        lines.append(
            "winner: \(winner.code.name) (average ideal length \(NumberText.fixed(winner.averageIdealLengthBits, 6)) "
                + "bits/symbol: \(NumberText.count(choice.words(averageLengthBits: winner.averageIdealLengthBits))) "
                + "words in \(choice.messageBits) bits; " + others.joined(separator: ", ") + ")")
        lines.append("")
        lines.append("notes:")
        lines += notes.map { "- " + $0 }
        return lines
    }

    /// The subtleties the table shows, in words.
    var notes: [String] {
        var notes: [String] = []
        var nonUnique: [String] = []
        var beats: [String] = []
        for row in choice.rows {
            for cell in row.cells {
                if cell.huffmanLengthBits != cell.alternativeHuffmanLengthBits {
                    nonUnique.append(
                        "code \(row.code.name) on \(cell.dataName): \(NumberText.fixed(cell.huffmanLengthBits, 6)) or "
                            + NumberText.fixed(cell.alternativeHuffmanLengthBits, 6))
                }
                if cell.huffmanBeatsIdeal {
                    beats.append(
                        "code \(row.code.name) on \(cell.dataName): "
                            + NumberText.fixed(min(cell.huffmanLengthBits, cell.alternativeHuffmanLengthBits), 6)
                            + " < H = \(NumberText.fixed(cell.idealLengthBits, 6))")
                }
            }
        }
        if nonUnique.isEmpty {
            notes.append(
                "Huffman codes are not unique, but here both tie-breakings give the same lengths on every variant.")
        } else {
            notes.append(
                "Huffman codes are not unique: two optimal codes for the same P differ on other data ("
                    + nonUnique.joined(separator: "; ") + ").")
        }
        if beats.isEmpty {
            notes.append(
                "No Huffman code here is shorter than the cross-entropy; with integer lengths it can be, on data "
                    + "other than its own (never on its own).")
        } else {
            notes.append(
                "Integer lengths can beat the ideal: a real Huffman code for P is shorter on Q than H(Q,P) ("
                    + beats.joined(separator: "; ") + "); on average over the code's own data it never is.")
        }
        if symbols > 0 {
            // Every number here is measured: the gap to the cross-entropy of the model the coder uses (H(Q,P̂), which
            // is H(Q,P) unless the frequency table cannot hold P), split into the sampled messages' own information
            // content and the coder's overhead on them.
            let measured = choice.rows.flatMap(\.cells).compactMap { cell -> ANSMeasurement? in
                guard let m = cell.arithmetic, m.bits.isFinite, m.quantizedCrossEntropyBits.isFinite else { return nil }
                return m
            }
            let quantised = !quantizedCells.isEmpty
            if let worst = measured.map({ abs($0.bitsPerSymbol - $0.quantizedCrossEntropyBits) }).max(),
               let fluctuation = measured.map({
                   abs($0.quantizedInformationContentBits / Double(max(1, $0.symbolCount)) - $0.quantizedCrossEntropyBits)
               }).max(),
               let overhead = measured.map(\.overheadBits).max() {
                notes.append(
                    (quantised
                        ? "The arithmetic coder meets the cross-entropy of its quantised model, H(Q,P̂), with "
                            + "fractional bits: measured lengths are within "
                        : "The arithmetic coder meets H(Q,P) with fractional bits: measured lengths are within ")
                        + NumberText.fixed(worst, 4) + " bits/symbol of it (the sampled messages' own information "
                        + "content differs from it by up to " + NumberText.fixed(fluctuation, 4)
                        + " bits/symbol; the coder itself adds at most " + NumberText.fixed(max(0, overhead), 0)
                        + " bits per message).")
            }
            if quantised {
                let examples = quantizedCells.prefix(3).map { row, cell, m in
                    "code \(row.code.name) on \(cell.dataName): \(NumberText.fixed(m.bitsPerSymbol, 6)) measured, "
                        + "H(Q,P̂) = \(NumberText.fixed(m.quantizedCrossEntropyBits, 6)), H(Q,P) = "
                        + NumberText.fixed(cell.idealLengthBits, 6)
                }
                notes.append(
                    "The coder's 24-bit frequency table cannot hold every probability (the smallest it holds is "
                        + "\(CodeFormatting.resolutionText)): where the data meet such an outcome, measured lengths "
                        + "follow H(Q,P̂), not H(Q,P) (" + examples.joined(separator: "; ") + ").")
            }
            if choice.rows.flatMap(\.cells).contains(where: { $0.arithmetic?.uncodableSymbol != nil }) {
                notes.append(
                    "Some messages cannot be coded: their data produce an outcome the code gives probability 0 "
                        + "(the cross-entropy is infinite).")
            }
        }
        return notes
    }

    /// The cells whose measured length follows a quantised model visibly different from the code's P.
    var quantizedCells: [(CodeChoice.Row, CodeChoice.Cell, ANSMeasurement)] {
        choice.rows.flatMap { row in
            row.cells.compactMap { cell in
                cell.arithmetic.flatMap { CodeFormatting.quantizationMatters($0) ? (row, cell, $0) : nil }
            }
        }
    }

    /// The warning to print when some measured lengths follow a quantised model (see
    /// ``CodeFormatting/quantizationMatters(_:)``), or nil.
    var quantizationWarning: String? {
        let cells = quantizedCells
        guard !cells.isEmpty else { return nil }
        var floored: [String] = []
        var seen = Set<String>()
        for (row, _, m) in cells where seen.insert(row.code.name).inserted {
            if let outcomes = CodeFormatting.flooredOutcomes(m, probabilities: row.code.probabilities) {
                floored.append("code \(row.code.name): \(outcomes)")
            }
        }
        let what = floored.isEmpty
            ? "holds the codes' probabilities only to within \(CodeFormatting.resolutionText)"
            : "cannot hold probabilities below \(CodeFormatting.resolutionText) (" + floored.joined(separator: "; ") + ")"
        return "--choose: the arithmetic coder's frequency table \(what): measured lengths follow the quantised "
            + "models' cross-entropies H(Q,P̂), not H(Q,P) (see the notes)"
    }

    var json: JSONValue {
        let rows: [JSONValue] = choice.rows.map { row in
            var pairs: [(String, JSONValue)] = [
                ("name", .string(row.code.name)), ("probabilities", .numbers(row.code.probabilities)),
                ("average_ideal_length", .number(row.averageIdealLengthBits)),
                ("average_huffman_length", .number(row.averageHuffmanLengthBits)),
                ("average_alternative_huffman_length", .number(row.averageAlternativeHuffmanLengthBits)),
                ("words_ideal", .number(choice.words(averageLengthBits: row.averageIdealLengthBits))),
                ("words_huffman", .number(choice.words(averageLengthBits: row.averageHuffmanLengthBits))),
            ]
            if let a = row.averageArithmeticLengthBits { pairs.append(("average_arithmetic_length", .number(a))) }
            pairs.append(("on", .array(row.cells.map { cell in
                var c: [(String, JSONValue)] = [
                    ("data", .string(cell.dataName)), ("ideal_length", .number(cell.idealLengthBits)),
                    ("huffman_length", .number(cell.huffmanLengthBits)),
                    ("alternative_huffman_length", .number(cell.alternativeHuffmanLengthBits)),
                ]
                if let m = cell.arithmetic { c.append(("arithmetic", CodeFormatting.json(m))) }
                return .object(c)
            })))
            return .object(pairs)
        }
        return .object([
            ("winner", .string(choice.winner.code.name)), ("value", .number(choice.winner.averageIdealLengthBits)),
            ("unit", .string("bits/symbol")), ("message_bits", .integer(choice.messageBits)),
            ("words", .number(choice.words(averageLengthBits: choice.winner.averageIdealLengthBits))),
            ("codes", .array(rows)),
        ])
    }
}
