import ArgumentParser
import XentInformationTheory

/// `xent js`: the Jensen–Shannon divergence and distance of two distributions.
struct JSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "js",
        abstract: "The Jensen-Shannon divergence of P and Q (value) and distance (its square root).",
        discussion: """
            JS(P,Q) = D(P||M)/2 + D(Q||M)/2 with M = (P+Q)/2: symmetric, finite, between 0 and 1 bit. The \
            distance is its square root in the chosen base (scipy.spatial.distance.jensenshannon).

            Examples:
              xent js 0.5,0.5,0 0,0.5,0.5
              xent js 0.1,0.9 0.9,0.1 --base e --json
            """
    )

    @Argument(parsing: .allUnrecognized,
              help: ArgumentHelp("The two distributions P and Q, e.g. 0.5,0.5,0 0,0.5,0.5.", valueName: "P Q"))
    var positional: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp(
        "The logarithm base: 2 (bits, the default), e (nats), 10 (hartleys) or any number greater than 1.",
        valueName: "B"))
    var base = "2"

    @Flag(help: "P and Q hold counts or weights: divide each by its sum instead of requiring a sum of 1.")
    var normalize = false

    @Flag(help: "The same as --normalize (P and Q hold counts).") var counts = false

    @Flag(help: "Print one JSON object on stdout.") var json = false

    func run() throws {
        let texts = try PositionalArguments.distributions(positional, names: ["P", "Q"])
        guard let first = texts[0] else { throw CLIError("P: missing: expected two distributions, e.g. xent js 0.5,0.5 0.25,0.75") }
        guard let second = texts[1] else { throw CLIError("Q: missing: expected a second distribution after P '\(first)'") }
        let unit = try LogBaseArgument.parse(base)
        guard unit.base > 1 else {
            // Below 1 the logarithm is negative: so is the divergence, and the distance (its square root) is NaN.
            throw CLIError.badArgument(
                "--base", base, expected: "a base greater than 1: the JS distance is the square root of the divergence, "
                    + "which is negative in bases below 1")
        }
        let how: DistributionArgument.Interpretation = normalize || counts ? .weights : .probabilities
        let p = try DistributionArgument.parse(first, argument: "P", as: how)
        let q = try DistributionArgument.parse(second, argument: "Q", as: how)
        guard p.count == q.count else {
            throw CLIError("Q: '\(second)' has \(q.count) outcomes: expected \(p.count), as P '\(first)' has",
                           exitCode: .dataError)
        }
        let divergence = try jensenShannonDivergence(between: p, and: q, in: unit)
        let distance = try jensenShannonDistance(between: p, and: q, in: unit)
        if json {
            try printLine(JSONValue.object(
                [("value", .number(divergence.value))] + LogBaseArgument.jsonFields(unit) + [
                    ("divergence", .number(divergence.value)), ("distance", .number(distance)),
                    ("outcomes", .integer(p.count)),
                ]).text)
        } else {
            try printLine(TextTable([
                ["JS divergence", InformationOutput.amount(divergence)],
                ["JS distance", NumberText.shortest(distance)],
            ]).text)
        }
    }
}
