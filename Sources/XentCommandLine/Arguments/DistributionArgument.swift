import Foundation
import XentInformationTheory

/// Parses a distribution given on the command line: comma-separated numbers (`0.5,0.25,0.25`; a fraction such as
/// `1/3` is accepted; spaces around the commas are ignored) and builds the library's validated distribution.
///
/// Text that is not a list of numbers is a usage error (exit 64); numbers that do not make a distribution (negative,
/// infinite, not summing to 1, all zero) are a data error (exit 65). Messages name the argument, the entry (counted
/// from 1, as the outcomes M1, M2, … of the article) and what was expected. Other commands reuse it.
enum DistributionArgument {
    /// How the numbers are read.
    enum Interpretation {
        /// Probabilities that must sum to 1 within `ProbabilityDistribution.defaultTolerance(count:)`.
        case probabilities
        /// Counts or weights, divided by their sum (`--counts`, `--normalize`).
        case weights
    }

    /// The numbers in `text`, or a usage error naming `argument`.
    static func numbers(_ text: String, argument: String) throws -> [Double] {
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw CLIError.badArgument(argument, text, expected: "comma-separated probabilities such as 0.5,0.25,0.25")
        }
        var values: [Double] = []
        for (i, field) in text.split(separator: ",", omittingEmptySubsequences: false).enumerated() {
            let trimmed = field.trimmingCharacters(in: .whitespaces)
            guard let value = number(trimmed) else {
                let shown = trimmed.isEmpty ? "an empty entry" : "'\(trimmed)'"
                throw CLIError(
                    "\(argument): '\(text)' is not valid: entry \(i + 1) is \(shown): expected comma-separated "
                        + "numbers such as 0.5,0.25,0.25",
                    exitCode: .usage)
            }
            values.append(value)
        }
        return values
    }

    /// A validated distribution from `text`.
    ///
    /// - Parameters:
    ///   - text: the comma-separated numbers as given.
    ///   - argument: the option or argument they came from, for error messages.
    ///   - interpretation: probabilities, or counts to normalise.
    ///   - offersCounts: whether the command has a `--counts` option (the hint for unnormalised numbers names it
    ///     only then).
    static func parse(
        _ text: String, argument: String, as interpretation: Interpretation, offersCounts: Bool = true
    ) throws -> ProbabilityDistribution<Double> {
        let values = try numbers(text, argument: argument)
        do {
            switch interpretation {
            case .probabilities: return try ProbabilityDistribution(values)
            case .weights: return try ProbabilityDistribution(normalizing: values)
            }
        } catch {
            throw dataError(argument, text, error, interpretation: interpretation, offersCounts: offersCounts)
        }
    }

    /// A one-line data error (exit 65) for a library error about the entries of `text`, with entries counted from 1.
    static func dataError(
        _ argument: String, _ text: String, _ error: InformationTheoryError, interpretation: Interpretation = .weights,
        offersCounts: Bool = true
    ) -> CLIError {
        let detail: String
        switch error {
        case .negativeEntry(.index(let i), let value):
            detail = "entry \(i + 1) is \(NumberText.compact(value)): expected a number >= 0"
        case .nonFiniteEntry(.index(let i), let value):
            detail = "entry \(i + 1) is \(NumberText.compact(value)): expected a finite number"
        case .nonIntegerCount(.index(let i), let value):
            detail = "entry \(i + 1) is \(NumberText.compact(value)): expected a whole-number count"
        case .notNormalized(let sum, let tolerance):
            detail = "the probabilities sum to \(NumberText.compact(sum)): expected 1 within \(NumberText.compact(tolerance)) "
                + (offersCounts ? "(pass --normalize to rescale, or --counts for counts)" : "(pass --normalize to rescale)")
        case .allZero(let count):
            detail = "all \(count) entries are 0: expected at least one positive entry"
        default:
            detail = error.description
        }
        return CLIError("\(argument): '\(text)' is not valid: \(detail)", exitCode: .dataError)
    }

    /// A decimal number or a fraction `a/b`.
    static func number(_ field: String) -> Double? {
        let parts = field.split(separator: "/", omittingEmptySubsequences: false)
        if parts.count == 2 {
            guard let a = Double(parts[0].trimmingCharacters(in: .whitespaces)),
                  let b = Double(parts[1].trimmingCharacters(in: .whitespaces)), b != 0 else { return nil }
            return a / b
        }
        return parts.count == 1 ? Double(field) : nil
    }
}
