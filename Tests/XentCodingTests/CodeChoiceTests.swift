import Foundation
import Testing
import XentCoding

@Suite struct CodeChoiceTests {
    @Test func dyadicVariantsGiveExactLengthsAndTheWinner() throws {
        let third = 1.0 / 3
        let choice = try CodeChoice(
            candidates: [("K1", [0.5, 0.25, 0.25]), ("K2", [0.25, 0.25, 0.5]), ("K3", [third, third, third])],
            messageBits: 280, sampledSymbols: 5000, seed: 4)
        // Code K1 has ideal lengths (1, 2, 2): 1.5 on its own data, 1.75 on K2's, 5/3 on K3's.
        let k1 = choice.rows[0]
        #expect(zip(k1.cells.map(\.idealLengthBits), [1.5, 1.75, 5.0 / 3]).allSatisfy { abs($0 - $1) < 1e-15 })
        #expect(zip(k1.cells.map(\.huffmanLengthBits), [1.5, 1.75, 5.0 / 3]).allSatisfy { abs($0 - $1) < 1e-15 })
        #expect(abs(k1.averageIdealLengthBits - (1.5 + 1.75 + 5.0 / 3) / 3) < 1e-15)
        // The uniform code costs log2 3 on every variant and wins.
        #expect(choice.rows[2].cells.allSatisfy { abs($0.idealLengthBits - log2(3)) < 1e-15 })
        #expect(choice.winner.code.name == "K3")
        #expect(choice.words(averageLengthBits: choice.winner.averageIdealLengthBits) == (280 / log2(3)).rounded(.down))
        #expect(choice.words(averageLengthBits: 2.622) == 106)  // the article's 280 / 2.622
        // Whole bits beat the ideal on other data: the Huffman code for K3 has lengths (2, 2, 1) (ties go by
        // index), 1.5 bits on K2's data, shorter than log2 3.
        #expect(choice.rows[2].cells[1].huffmanLengthBits == 1.5)
        #expect(choice.rows[2].cells[1].huffmanBeatsIdeal)
        // Measured arithmetic lengths meet H(Q,P) up to the message's fluctuation.
        for row in choice.rows {
            for cell in row.cells {
                let m = try #require(cell.arithmetic)
                #expect(m.roundTrips)
                #expect(abs(m.bitsPerSymbol - cell.idealLengthBits) < 0.06)
            }
        }
    }

    @Test func aZeroProbabilityOutcomeMakesACodeInfinite() throws {
        let choice = try CodeChoice(
            candidates: [("A", [0.5, 0.5, 0]), ("B", [0.2, 0.3, 0.5])], sampledSymbols: 100, seed: 1)
        #expect(choice.rows[0].averageIdealLengthBits == .infinity)
        #expect(choice.rows[0].cells[1].arithmetic?.uncodableSymbol == 2)
        #expect(choice.winner.code.name == "B")
        #expect(choice.words(averageLengthBits: .infinity) == 0)
    }

    @Test func badCandidatesAreTypedErrors() {
        #expect(throws: CodingError.emptyDistribution) { try CodeChoice(candidates: []) }
        #expect(throws: CodingError.lengthMismatch(expected: 2, actual: 3)) {
            try CodeChoice(candidates: [("A", [0.5, 0.5]), ("B", [0.2, 0.3, 0.5])])
        }
        #expect(throws: CodingError.self) { try CodeChoice(candidates: [("A", [1])], messageBits: 0) }
    }
}
