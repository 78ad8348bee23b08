import ArgumentParser
import XentInformationTheory

/// `xent cross-entropy`: H(Q,P), the average code length of data Q coded for model P.
struct CrossEntropyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cross-entropy",
        abstract: "The cross-entropy H(Q,P) of the data Q under the model P (with H(Q) and D(Q||P)).",
        discussion: """
            H(Q,P) = -sum q_i log p_i: the average length of a message whose outcomes follow Q when it is coded \
            with the code built for P. It is not symmetric: H(Q,P) != H(P,Q). Where P gives probability 0 to an \
            outcome Q can produce, it is infinite ("inf" in JSON) and the outcome is named \
            (unsupported_outcomes counts from 1, unsupported_indices from 0).

            Examples:
              xent cross-entropy --data 0.5,0.5 --model 0.75,0.25
              xent cross-entropy --data 0.2,0.3,0.5 --model 0.5,0,0.5 --json
            """
    )

    @OptionGroup var arguments: DataModelArguments

    func run() throws {
        let (q, p, unit) = try arguments.parsed()
        try DataModelReport.print(headline: "cross-entropy", data: q, model: p, unit: unit, json: arguments.json)
    }
}
