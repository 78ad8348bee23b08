/// The distributions `xent code` takes: parsed and validated by ``DistributionArgument`` like every other command's
/// (comma-separated probabilities or fractions, summing to 1 within the library's tolerance, or rescaled by their
/// sum with `--normalize`, so counts work too), returned as plain probabilities for the coders.
enum CodeDistributionArgument {
    static func parse(_ text: String, argument: String, normalize: Bool) throws -> [Double] {
        try DistributionArgument.parse(text, argument: argument, as: normalize ? .weights : .probabilities,
                                       offersCounts: false)
            .probabilities
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
