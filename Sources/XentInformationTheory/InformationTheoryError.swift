/// What went wrong with the input of an information-theory function: each case names the entry (index, or row and
/// column), the offending value and what was expected. Indices are 0-based.
public enum InformationTheoryError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Where an offending entry sits: an index in a vector, or a cell of a matrix.
    public enum Location: Hashable, Sendable, CustomStringConvertible {
        /// The entry at this 0-based index of a vector.
        case index(Int)
        /// The cell at this 0-based row and column of a matrix.
        case cell(row: Int, column: Int)

        public var description: String {
            switch self {
            case .index(let i): "index \(i)"
            case .cell(let row, let column): "cell [\(row), \(column)]"
            }
        }
    }

    /// The input has no entries (an empty vector or a matrix with no cells).
    case empty
    /// An entry is negative; probabilities and counts must be ≥ 0.
    case negativeEntry(Location, value: Double)
    /// An entry is NaN or infinite.
    case nonFiniteEntry(Location, value: Double)
    /// A count given to an estimator is not a whole number.
    case nonIntegerCount(Location, value: Double)
    /// Two distributions that must be over the same outcomes have different numbers of outcomes.
    case lengthMismatch(dataCount: Int, modelCount: Int)
    /// A component of a mixture has a different number of outcomes than the first component.
    case componentLengthMismatch(component: Int, count: Int, expected: Int)
    /// A mixture has a different number of weights than components.
    case weightCountMismatch(weights: Int, components: Int)
    /// Probabilities do not sum to 1 within the tolerance (rescale them explicitly with `init(normalizing:)`).
    case notNormalized(sum: Double, tolerance: Double)
    /// Counts or weights are all zero, so they define no distribution.
    case allZero(count: Int)
    /// A logarithm base that is not a finite positive number other than 1.
    case invalidBase(Double)
    /// A tolerance that is not a finite number ≥ 0.
    case invalidTolerance(Double)

    public var description: String {
        switch self {
        case .empty:
            "the input is empty: expected at least one outcome"
        case .negativeEntry(let location, let value):
            "\(location) is \(value): expected a number ≥ 0"
        case .nonFiniteEntry(let location, let value):
            "\(location) is \(value): expected a finite number"
        case .nonIntegerCount(let location, let value):
            "\(location) is \(value): expected a whole-number count"
        case .lengthMismatch(let dataCount, let modelCount):
            "the data has \(dataCount) outcomes and the model \(modelCount): expected the same number"
        case .componentLengthMismatch(let component, let count, let expected):
            "component \(component) has \(count) outcomes: expected \(expected), as component 0 has"
        case .weightCountMismatch(let weights, let components):
            "there are \(weights) weights for \(components) components: expected one weight per component"
        case .notNormalized(let sum, let tolerance):
            "the probabilities sum to \(sum): expected 1 within \(tolerance) (normalize them to rescale)"
        case .allZero(let count):
            "all \(count) entries are 0: expected at least one positive entry"
        case .invalidBase(let base):
            "the logarithm base is \(base): expected a finite positive number other than 1"
        case .invalidTolerance(let tolerance):
            "the tolerance is \(tolerance): expected a finite number ≥ 0"
        }
    }
}
