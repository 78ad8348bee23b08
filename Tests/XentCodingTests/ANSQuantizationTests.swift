import Testing
import XentCoding

/// Probabilities below the frequency table's resolution (2^-24): the model says which symbols it floors and the
/// quantised cross-entropy the coded lengths follow; the overhead is measured against the quantised model.
@Suite struct ANSQuantizationTests {
    @Test func flooredSymbolsAndTheQuantisedCrossEntropy() throws {
        let model = try ANSModel(probabilities: [1e-17, 1])
        #expect(model.flooredSymbols == [0])
        #expect(model.resolution == 0x1p-24)
        #expect(model.quantizedProbability(of: 0) == 0x1p-24)
        // Half the data meet the floored symbol: 24 bits each instead of 56.5.
        let h = try model.crossEntropyBits(of: [0.5, 0.5])
        #expect(abs(h - 12) < 1e-6)

        let m = try ANSMeasurement(sampling: 1000, from: [0.5, 0.5], seed: 1, codedUnder: model)
        #expect(m.flooredSymbols == [0])
        #expect(abs(m.quantizedCrossEntropyBits - 12) < 1e-6)
        #expect(abs(m.crossEntropyBits - 28.236388806542582) < 1e-9)
        #expect(m.overheadBits >= 0 && m.overheadBits < 64, "overhead \(m.overheadBits)")
        #expect(abs(m.bits - m.quantizedInformationContentBits) < 64)
        #expect(m.informationContentBits > m.bits)
        #expect(m.roundTrips)
    }

    @Test func representableModelsAreUnchanged() throws {
        let model = try ANSModel(probabilities: [0.7, 0.2, 0.1])
        #expect(model.flooredSymbols.isEmpty)
        let m = try ANSMeasurement(sampling: 100_000, from: [0.2, 0.3, 0.5], seed: 1, codedUnder: model)
        #expect(m.flooredSymbols.isEmpty)
        #expect(abs(m.quantizedCrossEntropyBits - m.crossEntropyBits) < 1e-6)
        #expect(abs(m.quantizedInformationContentBits - m.informationContentBits) < 0.1)
        #expect(m.overheadBits >= 0 && m.overheadBits < 64)
    }
}
