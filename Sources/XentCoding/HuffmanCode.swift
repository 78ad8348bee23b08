import Foundation
import XentKernels

/// A canonical Huffman code for a discrete distribution: the optimal prefix code with integer codeword lengths.
///
/// Construction:
/// - Symbols with probability zero get no codeword (length 0): encoding one is an error, and their expected
///   length under data that can produce them is +∞, as the cross-entropy is.
/// - One symbol with positive probability gets the one-bit codeword `0` (a code needs at least one bit per symbol
///   to be decodable from a bit stream); its Kraft sum is 1/2.
/// - Otherwise Huffman's algorithm (two queues, leaves sorted by probability then symbol index). Ties between a
///   leaf and a merged node of equal probability are broken by ``TieBreaking``: the default,
///   ``TieBreaking/preferLeaves``, gives the minimum-variance Huffman code (Schwartz 1964). All tie-breakings give
///   the same expected length under the code's own distribution, but their lengths (and so their expected lengths
///   under other data) can differ: Huffman codes are not unique.
/// - If the longest codeword would exceed ``maximumLengthBits`` (32 bits by default, so codewords fit a `UInt32`), the
///   lengths come from package-merge instead: the optimal code among those with lengths ≤ the limit
///   (``isLengthLimited`` is then `true`). This happens only for very skewed distributions (probabilities below
///   about φ⁻³² ≈ 2·10⁻⁷).
/// - Codewords are canonical (as in DEFLATE): sorted by (length, symbol index), each codeword is the previous one
///   plus one, shifted left when the length grows. The code is thus fully determined by its lengths.
public struct HuffmanCode: Hashable, Sendable {
    /// How Huffman's algorithm breaks ties between a leaf and a merged node of equal probability.
    public enum TieBreaking: Hashable, Sendable, CaseIterable {
        /// Take the leaf first: merged nodes go as high as possible, giving the code of minimum length variance.
        case preferLeaves
        /// Take the merged node first: an equally optimal code whose lengths can differ.
        case preferMerged
    }

    /// The default limit on codeword lengths, in bits.
    public static let defaultMaximumLengthBits = 32

    /// The distribution the code was built for, normalised to sum to 1.
    public let probabilities: [Double]
    /// The codeword length of each symbol in bits; 0 for symbols of probability zero (they have no codeword).
    public let lengthBits: [Int]
    /// The codeword of each symbol, right-aligned in its ``lengthBits`` bits (0 where there is no codeword).
    public let codewords: [UInt32]
    /// The limit the lengths were built under.
    public let maximumLengthBits: Int
    /// Whether Huffman's lengths exceeded ``maximumLengthBits`` and package-merge built the code instead.
    public let isLengthLimited: Bool

    /// Decoding tables (canonical decoding, one length at a time).
    private let firstCode: [UInt64]
    private let countOfLength: [Int]
    private let firstIndexOfLength: [Int]
    private let symbolsByCode: [Int]

    /// Builds the canonical Huffman code for `probabilities`.
    ///
    /// - Parameters:
    ///   - probabilities: non-negative finite weights, one per symbol; they are divided by their sum, so counts
    ///     work as well as probabilities.
    ///   - maximumLengthBits: the longest codeword allowed, 1...32 bits; the number of symbols with positive
    ///     probability must be at most 2^maximumLengthBits.
    ///   - tieBreaking: how ties between leaves and merged nodes are broken.
    /// - Throws: ``CodingError`` for an empty distribution, a negative, NaN or infinite entry, all-zero entries,
    ///   or a maximum length out of range.
    public init(
        probabilities: [Double],
        maximumLengthBits: Int = HuffmanCode.defaultMaximumLengthBits,
        tieBreaking: TieBreaking = .preferLeaves
    ) throws(CodingError) {
        let p = try Distribution.normalized(probabilities)
        guard (1...32).contains(maximumLengthBits) else {
            throw .invalidMaximumLength(value: maximumLengthBits, expected: "1...32")
        }
        let used = p.indices.filter { p[$0] > 0 }
        guard used.count <= (1 << maximumLengthBits) else {
            throw .invalidMaximumLength(
                value: maximumLengthBits, expected: "at least \(Int.bitWidth - (used.count - 1).leadingZeroBitCount) "
                    + "for \(used.count) symbols of positive probability")
        }
        var lengthBits = [Int](repeating: 0, count: p.count)
        var limited = false
        if used.count == 1 {
            lengthBits[used[0]] = 1
        } else {
            let weights = used.map { p[$0] }
            var usedLengths = HuffmanCodeLengths.huffman(weights: weights, tieBreaking: tieBreaking)
            if usedLengths.max() ?? 0 > maximumLengthBits {
                usedLengths = HuffmanCodeLengths.packageMerge(weights: weights, maximumLengthBits: maximumLengthBits)
                limited = true
            }
            for (k, symbol) in used.enumerated() { lengthBits[symbol] = usedLengths[k] }
        }
        self.init(probabilities: p, lengthBits: lengthBits, maximumLengthBits: maximumLengthBits, isLengthLimited: limited)
    }

    private init(probabilities: [Double], lengthBits: [Int], maximumLengthBits: Int, isLengthLimited: Bool) {
        self.probabilities = probabilities
        self.lengthBits = lengthBits
        self.maximumLengthBits = maximumLengthBits
        self.isLengthLimited = isLengthLimited
        let bySymbol = lengthBits.indices.filter { lengthBits[$0] > 0 }.sorted { (lengthBits[$0], $0) < (lengthBits[$1], $1) }
        var codewords = [UInt32](repeating: 0, count: lengthBits.count)
        var countOfLength = [Int](repeating: 0, count: maximumLengthBits + 1)
        for s in bySymbol { countOfLength[lengthBits[s]] += 1 }
        var firstCode = [UInt64](repeating: 0, count: maximumLengthBits + 2)
        var firstIndex = [Int](repeating: 0, count: maximumLengthBits + 2)
        var code: UInt64 = 0
        var index = 0
        for length in 1...maximumLengthBits {
            code = (code + UInt64(countOfLength[length - 1])) << 1
            if length == 1 { code = 0 }
            firstCode[length] = code
            firstIndex[length] = index
            index += countOfLength[length]
        }
        var next = firstCode
        for s in bySymbol {
            codewords[s] = UInt32(truncatingIfNeeded: next[lengthBits[s]])
            next[lengthBits[s]] += 1
        }
        self.codewords = codewords
        self.firstCode = firstCode
        self.countOfLength = countOfLength
        self.firstIndexOfLength = firstIndex
        self.symbolsByCode = bySymbol
    }

    /// The number of symbols (including those of probability zero).
    public var alphabetSize: Int { lengthBits.count }

    /// The codeword of `symbol` as a string of `0` and `1`, or `nil` if it has none (probability zero) or is out
    /// of range.
    public func codewordString(for symbol: Int) -> String? {
        guard lengthBits.indices.contains(symbol), lengthBits[symbol] > 0 else { return nil }
        let length = lengthBits[symbol]
        let code = codewords[symbol]
        return String((0..<length).map { (code >> UInt32(length - 1 - $0)) & 1 == 1 ? "1" : "0" })
    }

    /// The expected codeword length in bits per symbol under the code's own distribution: Σ p(x)·ℓ(x). It is at
    /// least the entropy and less than the entropy + 1 (Huffman's bound; for length-limited codes it can be
    /// larger).
    public var expectedLengthBits: Double {
        zip(probabilities, lengthBits).map { $0 * Double($1) }.compensatedSum()
    }

    /// The expected codeword length in bits per symbol when the symbols come from `data` instead: Σ q(x)·ℓ(x).
    /// +∞ when `data` gives positive probability to a symbol without a codeword (as the cross-entropy is).
    ///
    /// - Parameter data: the distribution the symbols follow (normalised by its sum), one entry per symbol.
    /// - Throws: ``CodingError`` for an invalid distribution or a length different from ``alphabetSize``.
    public func expectedLengthBits(of data: [Double]) throws(CodingError) -> Double {
        let q = try Distribution.normalized(data)
        guard q.count == lengthBits.count else { throw .lengthMismatch(expected: lengthBits.count, actual: q.count) }
        for i in q.indices where q[i] > 0 && lengthBits[i] == 0 { return .infinity }
        return zip(q, lengthBits).map { $0 * Double($1) }.compensatedSum()
    }

    /// The ideal length in bits per symbol of data from `data` coded for the code's distribution P: the
    /// cross-entropy H(Q,P) = −Σ Q(x)·log2 P(x), which an arithmetic coder reaches and a Huffman code approaches
    /// with whole bits. +∞ when `data` gives positive probability to a symbol of probability zero under P.
    ///
    /// - Throws: ``CodingError`` for an invalid distribution or a length different from ``alphabetSize``.
    public func idealLengthBits(of data: [Double]) throws(CodingError) -> Double {
        let q = try Distribution.normalized(data)
        guard q.count == lengthBits.count else { throw .lengthMismatch(expected: lengthBits.count, actual: q.count) }
        return Distribution.crossEntropyBits(data: q, model: probabilities)
    }

    /// The entropy of the code's distribution in bits per symbol (0·log 0 = 0).
    public var entropyBits: Double { Distribution.entropyBits(probabilities) }

    /// The redundancy: expected length minus entropy, in bits per symbol (≥ 0; < 1 for an unlimited Huffman code).
    public var redundancyBits: Double { expectedLengthBits - entropyBits }

    /// The efficiency: entropy divided by expected length (1 for a dyadic distribution, 0 for a certain symbol).
    public var efficiency: Double { entropyBits / expectedLengthBits }

    /// The Kraft sum Σ 2^−ℓ(x) over symbols with a codeword: 1 for a complete code, 1/2 for a single symbol.
    /// It is exact (a sum of at most 2^32 powers of two below 2^0, computed in order of decreasing length).
    public var kraftSum: Double {
        var sum = 0.0
        for length in stride(from: maximumLengthBits, through: 1, by: -1) where countOfLength[length] > 0 {
            sum += Double(countOfLength[length]) * Double(sign: .plus, exponent: -length, significand: 1)
        }
        return sum
    }

    /// Encodes a sequence of symbols into a bit string: the concatenated codewords, most significant bit first.
    ///
    /// - Throws: ``CodingError/symbolOutOfRange(position:symbol:alphabetSize:)`` or
    ///   ``CodingError/zeroProbabilitySymbol(position:symbol:)`` before writing anything.
    public func encode(_ symbols: [Int]) throws(CodingError) -> BitString {
        var totalBits = 0
        for (position, s) in symbols.enumerated() {
            guard s >= 0 && s < lengthBits.count else {
                throw .symbolOutOfRange(position: position, symbol: s, alphabetSize: lengthBits.count)
            }
            guard lengthBits[s] > 0 else { throw .zeroProbabilitySymbol(position: position, symbol: s) }
            totalBits += lengthBits[s]
        }
        var writer = BitWriter(capacityInBits: totalBits)
        for s in symbols {
            writer.write(UInt64(codewords[s]), bitCount: lengthBits[s])
        }
        return writer.finish()
    }

    /// Decodes a bit string made by ``encode(_:)`` back into its symbols, reading codewords until the bits end.
    ///
    /// - Throws: ``CodingError/corruptMessage(reason:)`` when the bits end inside a codeword or hold a bit pattern
    ///   that is no codeword (possible only when the Kraft sum is below 1).
    public func decode(_ bits: BitString) throws(CodingError) -> [Int] {
        var reader = BitReader(bits)
        var symbols: [Int] = []
        while reader.remainingBits > 0 {
            var code: UInt64 = 0
            var length = 0
            while true {
                guard reader.remainingBits > 0 else {
                    throw .corruptMessage(reason: "the bits end inside a codeword after \(symbols.count) symbols")
                }
                code = (code << 1) | reader.readBit()
                length += 1
                let offset = code &- firstCode[length]
                if code >= firstCode[length] && offset < UInt64(countOfLength[length]) {
                    symbols.append(symbolsByCode[firstIndexOfLength[length] + Int(offset)])
                    break
                }
                if length == maximumLengthBits {
                    throw .corruptMessage(reason: "a bit pattern after \(symbols.count) symbols is no codeword")
                }
            }
        }
        return symbols
    }
}
