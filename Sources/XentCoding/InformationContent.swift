import Foundation
import XentKernels

extension ANSModel {
    /// The information content of a message under the model's distribution P: −Σ log2 P(xᵢ) in bits, the length
    /// an ideal code would give it (the cross-entropy times the length, for a message from other data).
    ///
    /// Computed from the message's symbol counts with a compensated sum: within a few ulps of the exact value.
    /// - Throws: ``CodingError/symbolOutOfRange(position:symbol:alphabetSize:)``, or
    ///   ``CodingError/zeroProbabilitySymbol(position:symbol:)`` when the content is infinite.
    public func informationContentBits(of symbols: [Int]) throws(CodingError) -> Double {
        try informationContentBits(of: symbols, probabilities: probabilities)
    }

    /// The information content of a message of bytes under the model's distribution P, in bits.
    ///
    /// - Throws: as ``informationContentBits(of:)-([Int])``.
    public func informationContentBits(of bytes: [UInt8]) throws(CodingError) -> Double {
        try informationContentBits(of: bytes, probabilities: probabilities)
    }

    /// The information content under the quantised model P̂ the coder uses, in bits: the coded length is this plus
    /// at most 16 bits.
    ///
    /// - Throws: as ``informationContentBits(of:)-([Int])``.
    public func quantizedInformationContentBits(of symbols: [Int]) throws(CodingError) -> Double {
        try informationContentBits(of: symbols, probabilities: alphabetIndices.map { quantizedProbability(of: $0) })
    }

    private var alphabetIndices: Range<Int> { 0..<alphabetSize }

    private func informationContentBits<C: Collection>(
        of symbols: C, probabilities p: [Double]
    ) throws(CodingError) -> Double where C.Element: BinaryInteger {
        var counts = [Int](repeating: 0, count: p.count)
        for (position, value) in symbols.enumerated() {
            guard let s = Int(exactly: value), s >= 0, s < p.count else {
                throw .symbolOutOfRange(
                    position: position, symbol: Int(truncatingIfNeeded: value), alphabetSize: p.count)
            }
            guard p[s] > 0 else { throw .zeroProbabilitySymbol(position: position, symbol: s) }
            counts[s] += 1
        }
        let terms = p.indices.lazy.filter { counts[$0] > 0 }.map { -Double(counts[$0]) * log2(p[$0]) }
        return terms.compensatedSum()
    }
}
