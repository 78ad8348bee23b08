/// Rows of cells as aligned text, the one table layout of `xent`'s human output: each column as wide as its widest
/// cell (or its minimum width, if larger), cells two spaces apart, each column left- or right-aligned, and no line
/// ending in spaces. Rows may have fewer cells than the widest row.
///
/// ```swift
/// TextTable([["entropy", "1.5", "bits"], ["perplexity", "2.83"]]).text
/// // entropy     1.5   bits
/// // perplexity  2.83
/// ```
struct TextTable {
    enum Alignment {
        case left, right
    }

    var rows: [[String]]
    /// Column `i`'s alignment: `alignments[i]`, or the last entry for the columns beyond (left when empty).
    var alignments: [Alignment]
    /// Column `i` is at least `minimumWidths[i]` characters wide (no minimum beyond the list).
    var minimumWidths: [Int]

    init(_ rows: [[String]], alignments: [Alignment] = [.left], minimumWidths: [Int] = []) {
        self.rows = rows
        self.alignments = alignments
        self.minimumWidths = minimumWidths
    }

    /// Each column's width in characters.
    var widths: [Int] {
        let columns = max(rows.map(\.count).max() ?? 0, minimumWidths.count)
        var widths = (0..<columns).map { $0 < minimumWidths.count ? minimumWidths[$0] : 0 }
        for row in rows {
            for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) }
        }
        return widths
    }

    /// One line per row.
    var lines: [String] {
        let widths = widths
        return rows.map { row in
            var line = row.enumerated().map { i, cell in
                let pad = String(repeating: " ", count: widths[i] - cell.count)
                return alignment(of: i) == .left ? cell + pad : pad + cell
            }.joined(separator: "  ")
            while line.last?.isWhitespace == true { line.removeLast() }
            return line
        }
    }

    /// The lines joined by newlines.
    var text: String { lines.joined(separator: "\n") }

    private func alignment(of column: Int) -> Alignment {
        alignments.isEmpty ? .left : alignments[min(column, alignments.count - 1)]
    }
}
