/// The measured length of a real arithmetic-coded message: a message sampled from some data distribution Q,
/// coded by ``ANSCoder`` under a model P, then decoded and compared.
///
/// Its ``bitsPerSymbol`` approaches the cross-entropy H(Q,P̂) of the quantised model the coder uses (the information
/// content per symbol of a sampled message fluctuates around it by about σ/√n, and the coder adds a few dozen bits
/// per message). H(Q,P̂) is H(Q,P) to within the quantisation overhead, except where P gives an outcome of Q a
/// probability below the frequency table's resolution (``ANSModel/flooredSymbols``): the coder then spends at most
/// `precisionBits` bits on it, and the coded length falls far below H(Q,P).
public struct ANSMeasurement: Hashable, Sendable {
    /// The number of symbols in the message.
    public let symbolCount: Int
    /// The seed of the `SplitMix64` generator (from XentKernels) the message was sampled with.
    public let seed: UInt64
    /// The coded length in bits; +∞ (as a `Double`) when the message holds a symbol of probability zero under P.
    public let bits: Double
    /// The message's exact information content under P, −Σ log2 P(xᵢ), in bits (+∞ as above).
    public let informationContentBits: Double
    /// The message's information content under the quantised model P̂ the coder uses, −Σ log2 P̂(xᵢ), in bits: the
    /// coded length is this plus the coder's own overhead.
    public let quantizedInformationContentBits: Double
    /// H(Q,P̂): the cross-entropy of the data under the quantised model, in bits per symbol (what
    /// ``bitsPerSymbol`` approaches as the message grows).
    public let quantizedCrossEntropyBits: Double
    /// H(Q,P): the cross-entropy of the data under P itself, in bits per symbol.
    public let crossEntropyBits: Double
    /// The symbols of positive probability under Q whose probability under P is below the coder's resolution
    /// (``ANSModel/flooredSymbols``): they make H(Q,P̂) differ from H(Q,P) by more than quantisation overhead.
    public let flooredSymbols: [Int]
    /// Whether decoding gave back the message exactly (`false` only when it could not be coded).
    public let roundTrips: Bool
    /// The first symbol of the message with probability zero under P, if any (the message cannot be coded then).
    public let uncodableSymbol: Int?

    /// The coded length per symbol, in bits (0 for an empty message).
    public var bitsPerSymbol: Double { symbolCount == 0 ? 0 : bits / Double(symbolCount) }

    /// The coded length minus the information content under the quantised model, in bits: the coder's own
    /// overhead on this message (small and positive; quantisation is in ``quantizedCrossEntropyBits``).
    public var overheadBits: Double { bits.isFinite ? bits - quantizedInformationContentBits : bits }

    /// Samples `count` symbols from `data` with `seed`, codes them under `model` and decodes them again.
    ///
    /// - Parameters:
    ///   - data: the distribution the symbols follow (Q), one weight per symbol of the model.
    ///   - model: the model the message is coded with (P).
    ///   - count: the number of symbols (≥ 0).
    ///   - seed: the sampler's seed.
    /// - Throws: ``CodingError`` for an invalid distribution, a length mismatch or a negative count. A sampled
    ///   symbol of probability zero under the model is not thrown: the measurement reports an infinite length.
    public init(sampling count: Int, from data: [Double], seed: UInt64, codedUnder model: ANSModel)
        throws(CodingError)
    {
        guard data.count == model.alphabetSize else {
            throw .lengthMismatch(expected: model.alphabetSize, actual: data.count)
        }
        let message = try MessageSampler(probabilities: data).sample(count: count, seed: seed)
        let q = try Distribution.normalized(data)
        symbolCount = count
        self.seed = seed
        crossEntropyBits = Distribution.crossEntropyBits(data: q, model: model.probabilities)
        quantizedCrossEntropyBits = try model.crossEntropyBits(of: q)
        flooredSymbols = model.flooredSymbols.filter { q[$0] > 0 }
        if let bad = message.first(where: { model.frequencies[$0] == 0 }) {
            bits = .infinity
            informationContentBits = .infinity
            quantizedInformationContentBits = .infinity
            roundTrips = false
            uncodableSymbol = bad
            return
        }
        let coded = try ANSCoder.encode(message, under: model)
        bits = Double(coded.bitCount)
        informationContentBits = try model.informationContentBits(of: message)
        quantizedInformationContentBits = try model.quantizedInformationContentBits(of: message)
        roundTrips = (try? ANSCoder.decode(coded, count: count, under: model)) == message
        uncodableSymbol = nil
    }
}
