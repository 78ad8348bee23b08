import Foundation

/// Parses the distributions `xent code` takes: comma-separated probabilities (`0.5,0.25,0.25`; fractions such
/// as `1/3` are accepted), checked to be finite, non-negative and to sum to 1 within 1e-6 (or normalised by
/// their sum with `--normalize`, so counts work too).
enum CodeDistributionArgument {
    /// The tolerance on the sum of the probabilities when `--normalize` is not given.
    static let sumTolerance = 1e-6

    static func parse(_ text: String, argument: String, normalize: Bool) throws -> [Double] {
        let fields = text.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespaces) }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw CLIError.badArgument(argument, text, expected: "comma-separated probabilities such as 0.5,0.25,0.25")
        }
        var values: [Double] = []
        for field in fields {
            guard let value = number(field) else {
                throw CLIError.badArgument(
                    argument, text, expected: "comma-separated numbers such as 0.5,0.25,0.25 ('\(field)' is not one)")
            }
            values.append(value)
        }
        for (i, v) in values.enumerated() where !(v.isFinite && v >= 0) {
            throw CLIError(
                "\(argument): '\(text)' is not valid: entry \(i + 1) is \(v), expected a finite probability >= 0",
                exitCode: .dataError)
        }
        let sum = values.reduce(0, +)
        guard sum > 0 else {
            throw CLIError("\(argument): '\(text)' is not valid: all entries are zero", exitCode: .dataError)
        }
        if !normalize && abs(sum - 1) > sumTolerance {
            throw CLIError(
                "\(argument): '\(text)' is not valid: the probabilities sum to \(sum), expected 1 "
                    + "(within \(sumTolerance); pass --normalize for counts or weights)",
                exitCode: .dataError)
        }
        return normalize ? values.map { $0 / sum } : values
    }

    /// A decimal number or a fraction `a/b`.
    private static func number(_ field: String) -> Double? {
        let parts = field.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2, let a = Double(parts[0]), let b = Double(parts[1]), b != 0 { return a / b }
        if parts.count == 1 { return Double(field) }
        return nil
    }

    /// Parses `NAME=P` for `--choose`.
    static func parseNamed(_ text: String, normalize: Bool) throws -> (name: String, probabilities: [Double]) {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw CLIError.badArgument("--choose", text, expected: "NAME=P, such as K1=0.5,0.25,0.25")
        }
        let name = String(text[..<equals])
        let values = String(text[text.index(after: equals)...])
        let p = try parse(values, argument: "--choose \(name)", normalize: normalize)
        return (name, p)
    }
}
