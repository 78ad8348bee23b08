import Testing
@testable import XentCommandLine

/// The one table layout and number formatter of `xent`'s human output.
@Suite struct TextTableTests {
    @Test func columnsAreAlignedAndNoLineEndsInSpaces() {
        let left = TextTable([["entropy", "1.5", "bits"], ["perplexity", "2.83", ""]])
        #expect(left.lines == ["entropy     1.5   bits", "perplexity  2.83"])
        let code = TextTable([["outcome", "length"], ["1", "2"]], alignments: [.left, .right])
        #expect(code.lines == ["outcome  length", "1             2"])
        let wide = TextTable([["loss", "3"]], minimumWidths: [13, 5, 15])
        #expect(wide.widths == [13, 5, 15])
        #expect(wide.text == "loss           3")
    }

    @Test func numbers() {
        #expect(NumberText.shortest(0.1) == "0.1")
        #expect(NumberText.shortest(-.infinity) == "-inf")
        #expect(NumberText.compact(3) == "3")
        #expect(NumberText.compact(0.25) == "0.25")
        #expect(NumberText.fixed(2.5, 2) == "2.50")
        #expect(NumberText.fixed(1.25, 1, sign: true) == "+1.2")
        #expect(NumberText.fixed(.nan, 3) == "nan")
        #expect(NumberText.scientific(0.000123, 2) == "1.23e-04")
        #expect(NumberText.significant(5.960464477539063e-08, 3) == "5.96e-08")
    }
}
