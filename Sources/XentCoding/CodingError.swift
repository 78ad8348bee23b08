/// The errors of the coding module: invalid models, symbols a code cannot represent, corrupt coded messages.
///
/// Every case carries what a person needs to fix the input (the index, the value, what was expected), and its
/// ``description`` is one line without a trailing period.
public enum CodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A distribution with no entries.
    case emptyDistribution
    /// A probability (or weight) that is negative, NaN or infinite.
    case invalidProbability(index: Int, value: Double)
    /// A distribution whose entries are all zero.
    case zeroTotalProbability
    /// Two distributions that must have the same number of outcomes do not.
    case lengthMismatch(expected: Int, actual: Int)
    /// A maximum codeword length outside what the code supports, or too small for the number of symbols.
    case invalidMaximumLength(value: Int, expected: String)
    /// An arithmetic-coding precision outside what the coder supports, or too small for the number of symbols.
    case invalidPrecision(bits: Int, expected: String)
    /// A symbol outside the model's alphabet `0..<alphabetSize`, at `position` in the message.
    case symbolOutOfRange(position: Int, symbol: Int, alphabetSize: Int)
    /// A symbol the model gives probability zero (so it has no codeword and an infinite information content),
    /// at `position` in the message.
    case zeroProbabilitySymbol(position: Int, symbol: Int)
    /// A coded message that ends inside a codeword or before the expected number of symbols.
    case truncatedMessage(decodedSymbols: Int, expectedSymbols: Int)
    /// A coded message that is not a valid encoding for this code or model.
    case corruptMessage(reason: String)
    /// A message length or sample size that is negative or too large.
    case invalidCount(value: Int, expected: String)

    public var description: String {
        switch self {
        case .emptyDistribution:
            return "the distribution is empty: expected at least one outcome"
        case .invalidProbability(let index, let value):
            return "probability \(value) at index \(index) is not valid: expected a finite number >= 0"
        case .zeroTotalProbability:
            return "all probabilities are zero: expected at least one positive entry"
        case .lengthMismatch(let expected, let actual):
            return "the distributions have different lengths: expected \(expected) outcomes, got \(actual)"
        case .invalidMaximumLength(let value, let expected):
            return "maximum codeword length \(value) is not valid: expected \(expected)"
        case .invalidPrecision(let bits, let expected):
            return "precision of \(bits) bits is not valid: expected \(expected)"
        case .symbolOutOfRange(let position, let symbol, let alphabetSize):
            return "symbol \(symbol) at position \(position) is out of range: expected 0..<\(alphabetSize)"
        case .zeroProbabilitySymbol(let position, let symbol):
            return "symbol \(symbol) at position \(position) has probability zero under the model: "
                + "its information content (and the cross-entropy) is infinite"
        case .truncatedMessage(let decoded, let expected):
            return "the coded message is truncated: decoded \(decoded) of \(expected) symbols"
        case .corruptMessage(let reason):
            return "the coded message is corrupt: \(reason)"
        case .invalidCount(let value, let expected):
            return "count \(value) is not valid: expected \(expected)"
        }
    }
}
