import ArgumentParser
import Foundation
import XentCoding

/// `xent code`: Huffman codes and arithmetic coding for a distribution, and the article's choice of one code for
/// several experiment variants.
struct CodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "code",
        abstract: "Huffman and arithmetic codes for a distribution; choose one code for several variants.",
        discussion: """
            Distributions are comma-separated probabilities (fractions such as 1/3 work). Outcomes are numbered \
            from 1. Lengths are in bits per symbol.

            Examples:
              xent code 0.5,0.25,0.125,0.125
              xent code 0.7,0.2,0.1 --data 0.2,0.3,0.5 --symbols 100000 --seed 1
              xent code --choose K1=0.1,0.2,0.3,0.4 K2=0.4,0.3,0.2,0.1 --message-bits 280
              xent code --benchmark
            """
    )

    @Argument(help: "The distribution P the code is built for, e.g. 0.5,0.25,0.25.")
    var distribution: String?

    @Option(help: "The distribution Q the data follow: adds H(Q,P), the Huffman length under Q and a coded message.")
    var data: String?

    @Option(
        parsing: .upToNextOption,
        help: ArgumentHelp("Candidate codes NAME=P (two or more): which one code is shortest on average?",
                           valueName: "name=p"))
    var choose: [String] = []

    @Option(parsing: .unconditional, help: "The message size for the word counts of --choose, in bits.")
    var messageBits: Int = 280

    @Option(parsing: .unconditional, help: "Symbols in the sampled, arithmetic-coded message (0: none; default 100000, 2^24 for --benchmark).")
    var symbols: Int?

    @Option(parsing: .unconditional, help: "The seed of the message sampler.", transform: SeedArgument.parse)
    var seed: UInt64 = 1

    @Option(parsing: .unconditional, help: "The longest Huffman codeword allowed, 1...32 bits (package-merge beyond Huffman's lengths).")
    var maxLength: Int = HuffmanCode.defaultMaximumLengthBits

    @Flag(help: "Divide the entries by their sum (counts or weights) instead of requiring a sum of 1.")
    var normalize = false

    @Flag(help: "Time the arithmetic coder on a 256-symbol model (--symbols sets the message size).")
    var benchmark = false

    @Flag(help: "Print one JSON object on stdout.") var json = false

    private func checkOptions() throws {
        // The cap keeps memory bounded: a sampled message takes 8 bytes per symbol, its coded form up to 4 more.
        if let symbols, !(0...(1 << 26)).contains(symbols) {
            throw CLIError.badArgument(
                "--symbols", String(symbols), expected: "a number of symbols in 0...67108864 (2^26)")
        }
        // Word counts are computed in Double: past 2^53 bits they would no longer be whole numbers.
        guard messageBits > 0, messageBits <= 1 << 53 else {
            throw CLIError.badArgument(
                "--message-bits", String(messageBits), expected: "a number of bits in 1...9007199254740992 (2^53)")
        }
        guard (1...32).contains(maxLength) else {
            throw CLIError.badArgument("--max-length", String(maxLength), expected: "a length in 1...32 bits")
        }
    }

    /// The size of the sampled message for --data and --choose.
    private var messageSymbols: Int { symbols ?? 100_000 }

    func run() throws {
        try checkOptions()
        if benchmark {
            guard distribution == nil, choose.isEmpty, data == nil else {
                throw CLIError("--benchmark: expected no distribution, --data or --choose with it")
            }
            try CodeBenchmark(symbols: symbols ?? 1 << 24, seed: seed, json: json).run()
            return
        }
        if !choose.isEmpty {
            guard distribution == nil, data == nil else {
                throw CLIError("--choose: expected no P argument and no --data with it (name each variant NAME=P)")
            }
            try runChoice()
            return
        }
        guard let distribution else {
            throw CLIError("P: missing: expected a distribution such as 0.5,0.25,0.25 (or --choose, --benchmark)")
        }
        try runCode(distribution)
    }

    private func runCode(_ text: String) throws {
        let p = try CodeDistributionArgument.parse(text, argument: "P", normalize: normalize)
        let code: HuffmanCode
        do { code = try HuffmanCode(probabilities: p, maximumLengthBits: maxLength) } catch {
            throw CLIError.badData("P", error)
        }
        var q: [Double]?
        var measurement: ANSMeasurement?
        if let data {
            let values = try CodeDistributionArgument.parse(data, argument: "--data", normalize: normalize)
            guard values.count == p.count else {
                throw CLIError(
                    "--data: '\(data)' is not valid: it has \(values.count) outcomes, expected \(p.count) (as P)",
                    exitCode: .dataError)
            }
            q = values
            if messageSymbols > 0 {
                do {
                    measurement = try ANSMeasurement(
                        sampling: messageSymbols, from: values, seed: seed, codedUnder: ANSModel(probabilities: p))
                } catch { throw CLIError.badData("--data", error) }
            }
        }
        let crossEntropy = try q.map { try code.idealLengthBits(of: $0) }
        let underData = try q.map { try code.expectedLengthBits(of: $0) }
        let report = CodeReport(
            code: code, data: q, crossEntropy: crossEntropy, huffmanLengthUnderData: underData,
            measurement: measurement)
        if let warning = report.quantizationWarning { printError("xent: warning: \(warning)") }
        if json { try printLine(report.json.text) } else { for line in report.text { try printLine(line) } }
    }

    private func runChoice() throws {
        guard choose.count >= 2 else {
            throw CLIError.badArgument(
                "--choose", choose.joined(separator: " "), expected: "two or more candidates NAME=P")
        }
        let candidates = try choose.map { try CodeDistributionArgument.parseNamed($0, normalize: normalize) }
        var seen = Set<String>()
        for c in candidates where !seen.insert(c.name).inserted {
            throw CLIError.badArgument("--choose", c.name, expected: "a different name for each candidate")
        }
        for c in candidates where c.probabilities.count != candidates[0].probabilities.count {
            throw CLIError(
                "--choose \(c.name): it has \(c.probabilities.count) outcomes, expected "
                    + "\(candidates[0].probabilities.count) (as \(candidates[0].name))",
                exitCode: .dataError)
        }
        let choice: CodeChoice
        do {
            choice = try CodeChoice(
                candidates: candidates, messageBits: messageBits, sampledSymbols: messageSymbols, seed: seed)
        } catch { throw CLIError.badData("--choose", error) }
        let report = CodeChoiceReport(choice: choice, symbols: messageSymbols, seed: seed)
        if let warning = report.quantizationWarning { printError("xent: warning: \(warning)") }
        if json { try printLine(report.json.text) } else { for line in report.text { try printLine(line) } }
    }
}
