/// The errors of the training module: malformed dataset files, inconsistent splits and invalid settings.
///
/// Each case carries what a person needs to fix the input (the file, the row and column, the value, what was
/// expected); `description` is one line without a trailing period.
public enum TrainingError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A dataset file (or text) with no series in it.
    case emptyFile(source: String)
    /// A row whose number of values differs from the first row's.
    case raggedRow(source: String, row: Int, count: Int, expected: Int)
    /// A field that is not a decimal number.
    case unparsableValue(source: String, row: Int, column: Int, text: String)
    /// A value that is NaN or infinite (the archive has no missing values).
    case nonFiniteValue(source: String, row: Int, column: Int, text: String)
    /// A row with a label but no values.
    case noValues(source: String, row: Int)
    /// A line of a `.ts` file that does not follow the format: what was found there and what was expected.
    case malformedLine(source: String, row: Int, found: String, expected: String)
    /// A `.ts` file of multivariate series (`channels` values per time step); xent trains on univariate series.
    case multivariateSeries(source: String, channels: Int)
    /// A test series whose label never occurs in the training file.
    case unseenLabel(source: String, row: Int, label: String)
    /// Training and test series of different lengths.
    case lengthMismatch(train: Int, test: Int)
    /// Fewer classes than a classifier needs.
    case tooFewClasses(count: Int)
    /// A setting outside its valid range.
    case invalidSetting(name: String, value: String, expected: String)
    /// A file that cannot be read.
    case unreadableFile(path: String, reason: String)
    /// A bundled resource that is missing from the build.
    case missingResource(name: String)
    /// A loss that cannot be evaluated, for example on non-finite outputs of a diverged run.
    case lossFailure(reason: String)
    /// Inputs of a size that does not match the model or dataset.
    case shapeMismatch(what: String, count: Int, expected: Int)

    public var description: String {
        switch self {
        case .emptyFile(let source):
            return "\(source): no series found (the file is empty)"
        case .raggedRow(let source, let row, let count, let expected):
            return "\(source): row \(row) has \(count) values, expected \(expected) like the first row"
        case .unparsableValue(let source, let row, let column, let text):
            return "\(source): row \(row), column \(column): '\(text)' is not a number"
        case .nonFiniteValue(let source, let row, let column, let text):
            return "\(source): row \(row), column \(column): '\(text)' is not finite, expected a finite number"
        case .noValues(let source, let row):
            return "\(source): row \(row) has a label but no values"
        case .malformedLine(let source, let row, let found, let expected):
            return "\(source): row \(row): \(found), expected \(expected)"
        case .multivariateSeries(let source, let channels):
            return "\(source): the series have \(channels) channels, but xent trains on univariate series "
                + "(select one channel first)"
        case .unseenLabel(let source, let row, let label):
            return "\(source): row \(row): label '\(label)' does not occur in the training data"
        case .lengthMismatch(let train, let test):
            return "training series have length \(train) but test series have length \(test)"
        case .tooFewClasses(let count):
            return "the training data has \(count) class\(count == 1 ? "" : "es"), expected at least 2"
        case .invalidSetting(let name, let value, let expected):
            return "\(name): '\(value)' is not valid: expected \(expected)"
        case .unreadableFile(let path, let reason):
            return "\(path): cannot be read (\(reason))"
        case .missingResource(let name):
            return "the bundled resource '\(name)' is missing from this build"
        case .lossFailure(let reason):
            return "the loss could not be evaluated: \(reason) (try a lower learning rate)"
        case .shapeMismatch(let what, let count, let expected):
            return "\(what): got \(count), expected \(expected)"
        }
    }
}
