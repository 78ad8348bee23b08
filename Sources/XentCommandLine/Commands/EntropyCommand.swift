import ArgumentParser
import Foundation
import XentInformationTheory

/// `xent entropy`: the entropy of a distribution, of a file's bytes, or estimated from samples.
struct EntropyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "entropy",
        abstract: "The entropy H(P) of a distribution, of a file's bytes (--file) or of samples (--samples).",
        discussion: """
            P is a comma-separated list of probabilities that sum to 1 (within 1e-6), such as 0.5,0.25,0.25; \
            with --counts or --normalize the entries are counts or weights, divided by their sum. \
            0·log 0 = 0: outcomes of probability 0 add nothing.

            --file PATH: the order-0 entropy of the file's bytes in bits per byte and the size an ideal \
            order-0 code would reach, as the Unix `ent` tool reports.
            --samples PATH: one symbol per line (blank lines are skipped); the entropy of the distribution that \
            produced them, with --estimator plugin (default), miller-madow, chao-shen or grassberger.

            Examples:
              xent entropy 0.5,0.25,0.25
              xent entropy 3,1,0,4 --counts --base e --json
              xent entropy --file /bin/ls
              xent entropy --samples symbols.txt --estimator chao-shen
            """
    )

    @Argument(parsing: .allUnrecognized,
              help: ArgumentHelp("The distribution P, e.g. 0.5,0.25,0.25 (a value starting with '-' is read as P too).",
                                 valueName: "P"))
    var positional: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp(LogBaseArgument.help, valueName: "B"))
    var base = "2"

    @Flag(help: "P holds counts (or weights): divide them by their sum.") var counts = false
    @Flag(help: "Divide the entries of P by their sum instead of requiring a sum of 1.") var normalize = false

    @Option(parsing: .unconditional, help: ArgumentHelp("A file whose bytes to measure.", valueName: "path"))
    var file: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("A text file of samples, one symbol per line.", valueName: "path"))
    var samples: String?

    @Option(parsing: .unconditional,
            help: "The estimator for --samples or --counts: plugin, miller-madow, chao-shen or grassberger.")
    var estimator: String?

    @Flag(help: "Print one JSON object on stdout.") var json = false

    func run() throws {
        let distribution = try PositionalArguments.distributions(positional, names: ["P"]).first ?? nil
        let unit = try LogBaseArgument.parse(base)
        let chosen = [distribution != nil, file != nil, samples != nil].filter { $0 }.count
        guard chosen == 1 else {
            throw CLIError(chosen == 0
                ? "P: missing: expected a distribution such as 0.5,0.25,0.25, or --file PATH, or --samples PATH"
                : "P: expected exactly one of a distribution P, --file PATH and --samples PATH")
        }
        let method = try estimator.map { text in
            guard let method = EntropyEstimator(rawValue: text.lowercased()) else {
                throw CLIError.badArgument("--estimator", text, expected: "plugin, miller-madow, chao-shen or grassberger")
            }
            return method
        }
        if let file {
            guard method == nil, !counts, !normalize else {
                throw CLIError("--file: expected no --estimator, --counts or --normalize with it")
            }
            try runFile(file, unit: unit)
        } else if let samples {
            guard !counts, !normalize else { throw CLIError("--samples: expected no --counts or --normalize with it") }
            try runSamples(samples, unit: unit, estimator: method ?? .plugIn)
        } else if let distribution {
            if let method {
                guard counts else {
                    throw CLIError("--estimator: expected --counts (whole-number counts) or --samples with it")
                }
                try runCounts(distribution, unit: unit, estimator: method)
            } else {
                try runDistribution(distribution, unit: unit)
            }
        }
    }

    private func runDistribution(_ text: String, unit: InformationUnit) throws {
        let p = try DistributionArgument.parse(text, argument: "P", as: counts || normalize ? .weights : .probabilities)
        let h = entropy(of: p, in: unit)
        let perplexity = perplexity(of: p)
        if json {
            try printLine(JSONValue.object(
                [("value", .number(h.value))] + LogBaseArgument.jsonFields(unit) + [
                    ("perplexity", .number(perplexity)), ("outcomes", .integer(p.count)),
                    ("max_entropy", .number(Information(log2(Double(p.count)), .bits).converted(to: unit).value)),
                    ("probabilities", .numbers(p.probabilities)),
                ]).text)
        } else {
            try printLine(TextTable([
                ["entropy", InformationOutput.amount(h)],
                ["perplexity", NumberText.shortest(perplexity)],
                ["outcomes", String(p.count)],
            ]).text)
        }
    }

    private func runCounts(_ text: String, unit: InformationUnit, estimator: EntropyEstimator) throws {
        let values = try DistributionArgument.numbers(text, argument: "P")
        var integers: [Int] = []
        for (i, v) in values.enumerated() {
            guard v.isFinite, v >= 0, v == v.rounded(), v < 1e15 else {
                throw CLIError("P: '\(text)' is not valid: entry \(i + 1) is \(NumberText.compact(v)): "
                               + "expected a whole-number count >= 0 (for --estimator)", exitCode: .dataError)
            }
            integers.append(Int(v))
        }
        try report(counts: integers, unit: unit, estimator: estimator, argument: "P", input: text, extra: [])
    }

    private func runSamples(_ path: String, unit: InformationUnit, estimator: EntropyEstimator) throws {
        let text = try InputFile.text(path, argument: "--samples")
        var tally = OutcomeCounts<Substring>()
        for line in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            let symbol = line.trimmingCharacters(in: .whitespaces)
            if !symbol.isEmpty { tally.add(Substring(symbol)) }
        }
        guard tally.total > 0 else {
            throw CLIError("--samples: '\(path)' is not valid: it holds no symbol: expected one symbol per line",
                           exitCode: .dataError)
        }
        try report(counts: tally.counts, unit: unit, estimator: estimator, argument: "--samples", input: path,
                   extra: [("samples", .integer(tally.total))])
    }

    /// Prints the chosen estimate (the headline) and all estimators side by side.
    private func report(
        counts: [Int], unit: InformationUnit, estimator: EntropyEstimator, argument: String, input: String,
        extra: [(String, JSONValue)]
    ) throws {
        var estimates: [(EntropyEstimator, Information<Double>)] = []
        do {
            for method in EntropyEstimator.allCases {
                estimates.append((method, try entropy(estimatedFrom: counts, using: method, in: unit)))
            }
        } catch {
            throw DistributionArgument.dataError(argument, input, error)
        }
        let chosen = estimates.first { $0.0 == estimator }?.1 ?? estimates[0].1
        let total = counts.reduce(0, +)
        let distinct = counts.filter { $0 > 0 }.count
        if json {
            try printLine(JSONValue.object(
                [("value", .number(chosen.value))] + LogBaseArgument.jsonFields(unit) + [
                    ("estimator", .string(estimator.rawValue)),
                ] + extra + [
                    ("count", .integer(total)), ("distinct", .integer(distinct)),
                    ("estimates", .object(estimates.map { ($0.0.rawValue, .number($0.1.value)) })),
                ]).text)
        } else {
            var rows = [["entropy", InformationOutput.amount(chosen), "(\(estimator.rawValue))"]]
            rows.append(["samples", String(total), ""])
            rows.append(["distinct", String(distinct), ""])
            for (method, h) in estimates where method != estimator {
                rows.append([method.rawValue, InformationOutput.amount(h), ""])
            }
            try printLine(TextTable(rows).text)
        }
    }

    private func runFile(_ path: String, unit: InformationUnit) throws {
        var histogram = ByteHistogram()
        try InputFile.forEachChunk(path, argument: "--file") { chunk in histogram.add(chunk) }
        guard histogram.total > 0 else {
            throw CLIError("--file: '\(path)' is empty: expected at least one byte", exitCode: .dataError)
        }
        let h = try histogram.entropy(in: unit)
        let bitsPerByte = try histogram.entropy(in: .bits).value
        let optimal = try histogram.optimalSizeInBytes()
        let reduction = (8 - bitsPerByte) / 8 * 100
        if json {
            try printLine(JSONValue.object(
                [("value", .number(h.value))] + LogBaseArgument.jsonFields(unit, per: "byte") + [
                    ("bits_per_byte", .number(bitsPerByte)), ("bytes", .integer(histogram.total)),
                    ("optimal_bytes", .number(optimal)), ("reduction_percent", .number(reduction)),
                    ("distinct_bytes", .integer(histogram.counts.filter { $0 > 0 }.count)),
                ]).text)
        } else {
            try printLine(TextTable([
                ["entropy", "\(NumberText.shortest(h.value)) \(unit.name) per byte"],
                ["size", "\(histogram.total) bytes"],
                ["optimal size", "\(NumberText.fixed(optimal, 1)) bytes (order-0)"],
                ["reduction", "\(NumberText.fixed(reduction, 2)) % (as `ent` reports)"],
            ]).text)
        }
    }
}
