import ArgumentParser
import XentInformationTheory

/// The options `cross-entropy` and `kl` share: the data's distribution Q, the model's P, the base, and how to read
/// the numbers.
struct DataModelArguments: ParsableArguments {
    @Option(parsing: .unconditional,
            help: ArgumentHelp("Q: the distribution the outcomes follow (the data), e.g. 0.5,0.5.", valueName: "Q"))
    var data: String?

    @Option(parsing: .unconditional,
            help: ArgumentHelp("P: the distribution the code or model was built for, e.g. 0.75,0.25.", valueName: "P"))
    var model: String?

    @Option(parsing: .unconditional, help: ArgumentHelp(LogBaseArgument.help, valueName: "B"))
    var base = "2"

    @Flag(help: "Q and P hold counts or weights: divide each by its sum instead of requiring a sum of 1.")
    var normalize = false

    @Flag(help: "The same as --normalize (Q and P hold counts).") var counts = false

    @Flag(help: "Print one JSON object on stdout.") var json = false

    /// Q, P and the unit, validated; P and Q must have the same number of outcomes.
    func parsed() throws -> (data: ProbabilityDistribution<Double>, model: ProbabilityDistribution<Double>,
                             unit: InformationUnit) {
        guard let data else { throw CLIError("--data: missing: expected the data's distribution Q, e.g. --data 0.5,0.5") }
        guard let model else {
            throw CLIError("--model: missing: expected the model's distribution P, e.g. --model 0.75,0.25")
        }
        let unit = try LogBaseArgument.parse(base)
        let how: DistributionArgument.Interpretation = normalize || counts ? .weights : .probabilities
        let q = try DistributionArgument.parse(data, argument: "--data", as: how)
        let p = try DistributionArgument.parse(model, argument: "--model", as: how)
        guard q.count == p.count else {
            throw CLIError("--model: '\(model)' has \(p.count) outcomes: expected \(q.count), as --data '\(data)' has",
                           exitCode: .dataError)
        }
        return (q, p, unit)
    }
}

/// The report `cross-entropy` and `kl` print: H(Q,P), H(Q), D(Q‖P) and the outcomes that make them infinite.
enum DataModelReport {
    static func print(headline: String, data q: ProbabilityDistribution<Double>, model p: ProbabilityDistribution<Double>,
                      unit: InformationUnit, json: Bool) throws {
        let h = try crossEntropy(of: q, under: p, in: unit)
        let hq = entropy(of: q, in: unit)
        let kl = try klDivergence(of: q, under: p, in: unit)
        let unsupported = try unsupportedOutcomes(of: q, under: p)
        let perplexity = try perplexity(of: q, under: p)
        let value = headline == "kl" ? kl : h
        if json {
            try printLine(JSONValue.object(
                [("value", .number(value.value))] + LogBaseArgument.jsonFields(unit) + [
                    ("cross_entropy", .number(h.value)), ("entropy_data", .number(hq.value)),
                    ("entropy_model", .number(entropy(of: p, in: unit).value)),
                    ("kl_divergence", .number(kl.value)),
                    ("reverse_cross_entropy", .number(try crossEntropy(of: p, under: q, in: unit).value)),
                    ("perplexity", .number(perplexity)), ("outcomes", .integer(q.count)),
                ] + InformationOutput.unsupportedFields(unsupported)).text)
            return
        }
        var rows = [
            ["cross-entropy H(Q,P)", InformationOutput.amount(h)],
            ["entropy H(Q)", InformationOutput.amount(hq)],
            ["KL divergence D(Q||P)", InformationOutput.amount(kl)],
            ["perplexity", NumberText.shortest(perplexity)],
        ]
        if headline == "kl" { rows.swapAt(0, 2) }
        var text = TextTable(rows).text
        if !unsupported.isEmpty {
            text += "\nThe model gives probability 0 to \(InformationOutput.outcomes(unsupported)), which the data can "
                + "produce: a code built for P has no codeword for it, so the average length is infinite."
        }
        try printLine(text)
    }
}
