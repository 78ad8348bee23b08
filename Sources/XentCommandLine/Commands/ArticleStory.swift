import Foundation
import XentInformationTheory

/// The article's story on a built-in example ("Why do we use cross-entropy in deep learning", part 2): an
/// experiment with six outcomes M1…M6 and two settings K1 and K2 of its parameter, each with its own distribution.
/// Which single code should carry the results of both?
///
/// The article's distributions are in figures (images) that we do not have, so K1 and K2 below are our own,
/// chosen to tell the same story: each variant's entropy, the cross-entropies both ways (they differ), the average
/// length of each candidate code over both variants, the choice, and the words a 280-bit message then carries.
/// Every number comes from a library call (entropy, crossEntropy, klDivergence, mixture).
///
/// `xent demo` prints it; the training demo keeps it as its short preface.
enum ArticleStory {
    /// The outcome probabilities of variant K1 (M1…M6).
    static let k1 = [0.30, 0.15, 0.15, 0.15, 0.15, 0.10]
    /// The outcome probabilities of variant K2 (M1…M6).
    static let k2 = [0.05, 0.15, 0.15, 0.25, 0.25, 0.15]
    /// The message size of the article's example: a tweet of 280 bits.
    static let messageBits = 280.0

    /// The story as text and as JSON fields.
    struct Report {
        var text: String
        var json: JSONValue
    }

    /// The story as `--json` output (one JSON object) or as text.
    static func run(json: Bool) throws -> String {
        let report = try makeReport()
        return json ? report.json.text : report.text
    }

    /// One candidate code: the code built for a variant, measured on both.
    private struct Candidate {
        var name: String
        var onK1: Information<Double>
        var onK2: Information<Double>
        var average: Information<Double>
        var words: Double
    }

    static func makeReport() throws -> Report {
        let variants = [("K1", try ProbabilityDistribution(k1)), ("K2", try ProbabilityDistribution(k2))]
        let (p1, p2) = (variants[0].1, variants[1].1)
        let h1 = entropy(of: p1), h2 = entropy(of: p2)
        let h12 = try crossEntropy(of: p1, under: p2)  // K1's outcomes, K2's code
        let h21 = try crossEntropy(of: p2, under: p1)  // K2's outcomes, K1's code
        let d12 = try klDivergence(of: p1, under: p2), d21 = try klDivergence(of: p2, under: p1)
        // Both variants run equally often: the outcomes follow the half-and-half mixture.
        let both = try ProbabilityDistribution.mixture(of: [p1, p2], weights: [1, 1])
        var candidates: [Candidate] = []
        for (name, code) in variants {
            let average = try crossEntropy(of: both, under: code)
            candidates.append(Candidate(
                name: name, onK1: try crossEntropy(of: p1, under: code), onK2: try crossEntropy(of: p2, under: code),
                average: average, words: messageBits / average.value))
        }
        let best = candidates.min { $0.average.value < $1.average.value } ?? candidates[0]
        let other = candidates.first { $0.name != best.name } ?? candidates[0]

        func f(_ x: Double, _ digits: Int = 4) -> String { NumberText.fixed(x, digits) }
        var lines: [String] = []
        lines.append("The article's story (\"Why do we use cross-entropy in deep learning\", part 2) on a built-in example.")
        lines.append("Its figures are images we do not have: K1 and K2 below are our own illustration.")
        lines.append("")
        lines.append("An experiment has 6 outcomes M1..M6; two settings K1 and K2 of its parameter give two distributions:")
        lines.append("")
        lines.append(TextTable(
            [[""] + (1...6).map { "M\($0)" }] + variants.map { name, p in [name] + p.probabilities.map { f($0, 2) } }
        ).text.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        lines.append("")
        lines.append("Entropy: the shortest average length of a code built for the variant itself")
        lines.append(TextTable([
            ["  H(K1)", f(h1.value), "bits"],
            ["  H(K2)", f(h2.value), "bits"],
        ]).text)
        lines.append("")
        lines.append("Cross-entropy: outcomes of one variant sent with the code built for the other")
        lines.append(TextTable([
            ["  H(K1,K2)", f(h12.value), "bits", "K1's outcomes, K2's code  (KL D(K1||K2) = \(f(d12.value)))"],
            ["  H(K2,K1)", f(h21.value), "bits", "K2's outcomes, K1's code  (KL D(K2||K1) = \(f(d21.value)))"],
        ]).text)
        lines.append("  Not symmetric: H(K1,K2) - H(K2,K1) = \(f(h12.value - h21.value)) bits.")
        lines.append("")
        lines.append("One code for both variants (each run half of the time): average length per outcome")
        lines.append(TextTable(
            [["  code", "on K1", "on K2", "average", "words in \(Int(messageBits)) bits"]]
                + candidates.map { c in
                    ["  \(c.name)'s code", f(c.onK1.value), f(c.onK2.value), f(c.average.value), f(c.words, 1)]
                }).text)
        lines.append("")
        lines.append("Choose \(best.name)'s code: \(f(best.average.value, 3)) bits per outcome on average, so a "
            + "\(Int(messageBits))-bit message carries about \(Int(best.words.rounded())) words, against about "
            + "\(Int(other.words.rounded())) with \(other.name)'s code.")

        let json = JSONValue.object([
            ("value", .number(best.average.value)), ("unit", .string(best.average.unit.symbol)),
            ("chosen_code", .string(best.name)),
            ("example", .string("built-in: the article's figures are images, so K1 and K2 are our own illustration")),
            ("outcomes", .array((1...6).map { .string("M\($0)") })),
            ("variants", .object(variants.map { ($0.0, .numbers($0.1.probabilities)) })),
            ("entropy", .object([("K1", .number(h1.value)), ("K2", .number(h2.value))])),
            ("cross_entropy", .object([("K1_under_K2", .number(h12.value)), ("K2_under_K1", .number(h21.value))])),
            ("kl_divergence", .object([("K1_under_K2", .number(d12.value)), ("K2_under_K1", .number(d21.value))])),
            ("message_bits", .number(messageBits)),
            ("codes", .array(candidates.map { c in
                .object([
                    ("code", .string(c.name)), ("length_on_K1", .number(c.onK1.value)),
                    ("length_on_K2", .number(c.onK2.value)), ("average_length", .number(c.average.value)),
                    ("words_per_message", .number(c.words)),
                ])
            })),
        ])
        return Report(text: lines.joined(separator: "\n"), json: json)
    }
}
