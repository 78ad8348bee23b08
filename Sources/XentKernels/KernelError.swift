/// Bad input to a checked kernel: which argument, where, and what was expected.
public enum KernelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Two sizes that must agree do not.
    case sizeMismatch(argument: String, count: Int, expected: Int)
    /// A label outside `0..<classes` that is not the ignore index.
    case labelOutOfRange(row: Int, label: Int, classes: Int)
    /// A value outside its domain (label smoothing outside [0, 1], a negative probability, a thread count below 1).
    case invalidValue(argument: String, index: Int?, value: Double, expected: String)
    /// A matrix with no columns where at least one class is needed.
    case noClasses

    public var description: String {
        switch self {
        case let .sizeMismatch(argument, count, expected):
            "\(argument): \(count) values where \(expected) were expected"
        case let .labelOutOfRange(row, label, classes):
            "labels: row \(row) has label \(label), expected 0..<\(classes) or the ignore index"
        case let .invalidValue(argument, index, value, expected):
            if let index {
                "\(argument)[\(index)]: \(value) is not valid: expected \(expected)"
            } else {
                "\(argument): \(value) is not valid: expected \(expected)"
            }
        case .noClasses:
            "logits: a matrix with 0 columns, expected at least one class"
        }
    }
}
