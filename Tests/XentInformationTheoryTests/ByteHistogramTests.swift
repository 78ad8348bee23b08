import Testing
import XentInformationTheory

@Suite struct ByteHistogramTests {
    static let cases = Fixtures.cases("bytes")

    /// The `ent` equivalent in the fixture script: scipy.stats.entropy(numpy.bincount(bytes, minlength=256), base=2).
    @Test(arguments: cases)
    func matchesTheEntComputation(_ fixture: Case) throws {
        let bytes = fixture.integers("bytes").map { UInt8($0) }
        var histogram = ByteHistogram()
        // Two pieces, as a file read in chunks: one through the generic path, one through raw memory.
        histogram.add(bytes.prefix(bytes.count / 3))
        Array(bytes.dropFirst(bytes.count / 3)).withUnsafeBytes { histogram.add($0) }
        #expect(histogram.total == bytes.count)
        var generic = ByteHistogram()
        generic.add(bytes)
        #expect(generic == histogram)
        let h = try histogram.entropy()
        #expect(h.unit == .bits)
        #expect(isClose(h.value, fixture.number("bitsPerByte"), relative: 1e-12) || abs(h.value - fixture.number("bitsPerByte")) < 1e-15)
        let size = try histogram.optimalSizeInBytes()
        #expect(isClose(size, fixture.number("optimalBytes"), relative: 1e-12) || abs(size - fixture.number("optimalBytes")) < 1e-12)
    }

    @Test func boundsAndEmptyInput() throws {
        var all = ByteHistogram()
        all.add(0...255)
        #expect(try all.entropy().value == 8)
        var same = ByteHistogram()
        same.add([UInt8](repeating: 42, count: 100))
        #expect(try same.entropy().value == 0)
        #expect(throws: InformationTheoryError.empty) { try ByteHistogram().entropy() }
    }

    /// The values XentCompression's `byteEntropy(of:)` was tested with, before `xent compress` read the order-0
    /// entropy from here too (its empty-input case is `compress`'s, in the command-line tests).
    @Test func exactValues() throws {
        var same = ByteHistogram()
        same.add([7, 7, 7] as [UInt8])
        #expect(try same.entropy().value == 0)
        var all = ByteHistogram()
        all.add((0..<256).map { UInt8($0) })
        #expect(try all.entropy().value == 8)
        var mixed = ByteHistogram()
        mixed.add([1, 1, 2, 3] as [UInt8])
        #expect(abs(try mixed.entropy().value - 1.5) < 1e-15)
    }
}
