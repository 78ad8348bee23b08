import ArgumentParser
import XentInformationTheory

/// `xent kl`: the Kullback–Leibler divergence D(Q‖P).
struct KLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kl",
        abstract: "The Kullback-Leibler divergence D(Q||P) of the data Q from the model P.",
        discussion: """
            D(Q||P) = sum q_i log(q_i/p_i) = H(Q,P) - H(Q): the extra length per outcome paid for coding data Q \
            with the code built for P (what scipy.stats.entropy(q, p) computes). It is >= 0, 0 only when Q = P, \
            and not symmetric. Where P gives probability 0 to an outcome Q can produce, it is infinite ("inf" in \
            JSON) and the outcome is named (unsupported_outcomes counts from 1, unsupported_indices from 0).

            Examples:
              xent kl --data 0.5,0.5 --model 0.75,0.25
              xent kl --data 0.2,0.3,0.5 --model 0.1,0.6,0.3 --base e --json
            """
    )

    @OptionGroup var arguments: DataModelArguments

    func run() throws {
        let (q, p, unit) = try arguments.parsed()
        try DataModelReport.print(headline: "kl", data: q, model: p, unit: unit, json: arguments.json)
    }
}
