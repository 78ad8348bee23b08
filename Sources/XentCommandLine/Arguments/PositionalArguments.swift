/// Positional distributions that may start with '-' (`xent entropy -0.5,1.5`, where the user should learn that a
/// probability is negative, not that an option is unknown). The commands collect their positionals with
/// `@Argument(parsing: .allUnrecognized)` and sort them out here.
enum PositionalArguments {
    /// The positionals for `names` in order (nil where one is missing), or a usage error for an unknown option
    /// (a word starting with '-' that is not a list of numbers) or for too many positionals.
    static func distributions(_ words: [String], names: [String]) throws -> [String?] {
        var values: [String] = []
        for word in words {
            if word.hasPrefix("-"), !looksNumeric(word) {
                throw CLIError("unknown option '\(word)': expected the options listed by --help")
            }
            values.append(word)
        }
        guard values.count <= names.count else {
            throw CLIError.badArgument(
                names.joined(separator: " "), values.joined(separator: " "),
                expected: names.count == 1 ? "one distribution" : "\(names.count) distributions")
        }
        return names.indices.map { $0 < values.count ? values[$0] : nil }
    }

    /// Whether a word starting with '-' reads as numbers ("-0.5,1.5", "-1/2,3/2", "-inf"), not as an option.
    private static func looksNumeric(_ word: String) -> Bool {
        let rest = word.dropFirst()
        guard let first = rest.first else { return false }
        return first.isNumber || first == "." || rest.lowercased().hasPrefix("inf") || rest.lowercased().hasPrefix("nan")
            || word.contains(",")
    }
}
