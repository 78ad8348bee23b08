import XentKernels

/// The article's dilemma: one code must send the outcomes of several experiment variants, each with its own
/// distribution; which variant's code is shortest on average over all of them?
///
/// For each candidate code (built for the distribution P of one variant) and each variant's data Q, the table
/// holds the ideal length H(Q,P) (the entropy when Q = P; what an arithmetic coder reaches), the expected length of
/// real Huffman codes for P under Q (both tie-breakings, since Huffman codes are not unique), and optionally the
/// measured length of an arithmetic-coded message sampled from Q. Each code's average is the plain mean over the
/// variants (the variants are equally likely, as in the article). The winner has the smallest average ideal
/// length (the first on ties), and a message of `messageBits` bits then carries ⌊messageBits / average⌋ words.
public struct CodeChoice: Sendable {
    /// One variant: its name and distribution (normalised).
    public struct Candidate: Hashable, Sendable {
        public let name: String
        public let probabilities: [Double]
    }

    /// The lengths of one candidate's code on one variant's data, in bits per symbol.
    public struct Cell: Hashable, Sendable {
        /// The name of the variant whose data are sent.
        public let dataName: String
        /// H(Q,P): the entropy of Q when Q is the code's own distribution; +∞ when P misses an outcome of Q.
        public let idealLengthBits: Double
        /// Σ Q(x)·ℓ(x) for the minimum-variance Huffman code of P (``HuffmanCode/TieBreaking/preferLeaves``).
        public let huffmanLengthBits: Double
        /// The same for the other tie-breaking (``HuffmanCode/TieBreaking/preferMerged``): equal to
        /// ``huffmanLengthBits`` under P itself, possibly different under other data.
        public let alternativeHuffmanLengthBits: Double
        /// A measured arithmetic-coded message from Q under P, when sampling was asked for.
        public let arithmetic: ANSMeasurement?

        /// Whether a real Huffman code beats the "ideal" cross-entropy here (integer lengths can do that on data
        /// other than the code's own, never on its own).
        public var huffmanBeatsIdeal: Bool { min(huffmanLengthBits, alternativeHuffmanLengthBits) < idealLengthBits }
    }

    /// One candidate code with its lengths on every variant and their means.
    public struct Row: Hashable, Sendable {
        /// The candidate whose distribution the code was built for.
        public let code: Candidate
        /// The cells, in the order of the candidates (the data).
        public let cells: [Cell]
        /// The mean of the ideal lengths.
        public let averageIdealLengthBits: Double
        /// The mean of the minimum-variance Huffman lengths.
        public let averageHuffmanLengthBits: Double
        /// The mean of the other tie-breaking's Huffman lengths.
        public let averageAlternativeHuffmanLengthBits: Double
        /// The mean measured arithmetic length, when measured.
        public let averageArithmeticLengthBits: Double?
    }

    /// The candidates, in the order given.
    public let candidates: [Candidate]
    /// One row per candidate code.
    public let rows: [Row]
    /// The index of the row with the smallest average ideal length.
    public let winnerIndex: Int
    /// The message size the words are counted in, in bits.
    public let messageBits: Int

    /// The winning row.
    public var winner: Row { rows[winnerIndex] }

    /// The number of whole words of `averageLengthBits` bits that fit in the message: ⌊messageBits / averageLengthBits⌋
    /// (+∞ for a zero length, 0 for an infinite one).
    public func words(averageLengthBits: Double) -> Double {
        (Double(messageBits) / averageLengthBits).rounded(.down)
    }

    /// Compares the codes of `candidates` on each other's data.
    ///
    /// - Parameters:
    ///   - candidates: names and distributions (non-negative weights, normalised by their sums), at least one,
    ///     all with the same number of outcomes.
    ///   - messageBits: the message size for the word counts (the article's 280-bit tweet), > 0.
    ///   - sampledSymbols: when positive, also code a message of this many symbols sampled from each variant
    ///     under each code (seeded with `seed`, plus the data's index, so each variant gets its own message).
    ///   - seed: the seed of the sampled messages (used only when `sampledSymbols` is positive).
    /// - Throws: ``CodingError`` for an invalid distribution, mismatched lengths or counts.
    public init(
        candidates: [(name: String, probabilities: [Double])], messageBits: Int = 280, sampledSymbols: Int = 0,
        seed: UInt64 = 0
    ) throws(CodingError) {
        guard let first = candidates.first else { throw .emptyDistribution }
        guard messageBits > 0 else { throw .invalidCount(value: messageBits, expected: "a message size > 0 bits") }
        guard sampledSymbols >= 0 else {
            throw .invalidCount(value: sampledSymbols, expected: "a number of symbols >= 0")
        }
        var normalised: [Candidate] = []
        for c in candidates {
            guard c.probabilities.count == first.probabilities.count else {
                throw .lengthMismatch(expected: first.probabilities.count, actual: c.probabilities.count)
            }
            normalised.append(Candidate(name: c.name, probabilities: try Distribution.normalized(c.probabilities)))
        }
        var rows: [Row] = []
        for code in normalised {
            let huffman = try HuffmanCode(probabilities: code.probabilities, tieBreaking: .preferLeaves)
            let alternative = try HuffmanCode(probabilities: code.probabilities, tieBreaking: .preferMerged)
            let model = sampledSymbols > 0 ? try ANSModel(probabilities: code.probabilities) : nil
            var cells: [Cell] = []
            for (k, data) in normalised.enumerated() {
                let measurement = try model.map { (m) throws(CodingError) in
                    try ANSMeasurement(
                        sampling: sampledSymbols, from: data.probabilities, seed: seed &+ UInt64(k), codedUnder: m)
                }
                cells.append(Cell(
                    dataName: data.name,
                    idealLengthBits: Distribution.crossEntropyBits(data: data.probabilities, model: code.probabilities),
                    huffmanLengthBits: try huffman.expectedLengthBits(of: data.probabilities),
                    alternativeHuffmanLengthBits: try alternative.expectedLengthBits(of: data.probabilities),
                    arithmetic: measurement))
            }
            let n = Double(cells.count)
            rows.append(Row(
                code: code, cells: cells,
                averageIdealLengthBits: cells.map(\.idealLengthBits).compensatedSum() / n,
                averageHuffmanLengthBits: cells.map(\.huffmanLengthBits).compensatedSum() / n,
                averageAlternativeHuffmanLengthBits: cells.map(\.alternativeHuffmanLengthBits).compensatedSum() / n,
                averageArithmeticLengthBits: model == nil
                    ? nil : cells.map { $0.arithmetic?.bitsPerSymbol ?? 0 }.compensatedSum() / n))
        }
        self.candidates = normalised
        self.rows = rows
        self.messageBits = messageBits
        var best = 0
        for (i, row) in rows.enumerated() where row.averageIdealLengthBits < rows[best].averageIdealLengthBits { best = i }
        winnerIndex = best
    }
}
