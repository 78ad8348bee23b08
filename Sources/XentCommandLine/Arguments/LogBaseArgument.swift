import XentInformationTheory

/// Parses `--base`: `2` (bits), `e` (nats), `10` (hartleys), the unit names themselves (`bits`, `nats`,
/// `hartleys`, `bans`), or any finite positive number other than 1. Other commands reuse it.
enum LogBaseArgument {
    /// What `--help` says about the option.
    static let help = "The logarithm base: 2 (bits, the default), e (nats), 10 (hartleys) or any positive number other than 1."

    /// The unit for `text`, or a usage error (exit 64) that names `argument`, the value and what was expected.
    static func parse(_ text: String, argument: String = "--base") throws -> InformationUnit {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        switch trimmed.lowercased() {
        case "2", "bits", "bit": return .bits
        case "e", "nats", "nat": return .nats
        case "10", "hartleys", "hartley", "bans", "ban", "dits": return .hartleys
        default: break
        }
        let expected = "2, e, 10 or a finite positive number other than 1"
        guard let base = Double(trimmed), base.isFinite else {
            throw CLIError.badArgument(argument, text, expected: expected)
        }
        do {
            return try InformationUnit(base: base)
        } catch {
            throw CLIError.badArgument(argument, text, expected: expected)
        }
    }

    /// The JSON fields that describe a unit: "unit" and "base" (e is written as the number 2.718281828459045).
    static func jsonFields(_ unit: InformationUnit, per: String? = nil) -> [(String, JSONValue)] {
        [("unit", .string(per.map { "\(unit.symbol)/\($0)" } ?? unit.symbol)), ("base", .number(unit.base))]
    }
}
