import Foundation
import Testing
@testable import XentCommandLine

/// Probabilities the arithmetic coder's 24-bit frequency table cannot hold: the output says so (a warning and JSON
/// fields), measures the overhead against the quantised model's cross-entropy H(Q,P̂), and gives no false
/// explanation.
@Suite struct CodeQuantizationTests {
    @Test func flooredProbabilitiesAreReported() throws {
        let outcome = try XentProcess.run(
            "exec \"$XENT\" code 1e-17,1 --data 0.5,0.5 --symbols 1000", in: XentProcess.folder())
        #expect(outcome.status == 0)
        #expect(outcome.stderrLines.count == 1)
        #expect(outcome.stderr.hasPrefix("xent: warning: P: the arithmetic coder's frequency table cannot hold "
            + "probabilities below 2^-24 = 5.96e-08 (outcome 1 (1e-17))"))
        #expect(outcome.stdout.contains("cross-entropy H(Q,P̂)    12.000000 bits/symbol"))
        #expect(outcome.stdout.contains("coded under P̂"))
        #expect(!outcome.stdout.contains("overhead -"), "\(outcome.stdout)")

        let json = try XentProcess.run(
            "exec \"$XENT\" code 1e-17,1 --data 0.5,0.5 --symbols 1000 --json 2>/dev/null", in: XentProcess.folder())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let data = try #require(object["data"] as? [String: Any])
        let arithmetic = try #require(data["arithmetic"] as? [String: Any])
        let quantized = try #require(arithmetic["quantized_cross_entropy"] as? Double)
        #expect(abs(quantized - 12) < 1e-6)
        let overhead = try #require(arithmetic["overhead_bits"] as? Double)
        #expect(overhead >= 0 && overhead < 64)
        #expect(arithmetic["floored_outcomes"] as? [Int] == [1])
        #expect(arithmetic["quantization_changes_length"] as? Bool == true)
    }

    @Test func geometricTailsKeepASmallPositiveOverhead() throws {
        // 300 outcomes of probability 2^-k: every one past the 24th is floored; uniform data meet them all.
        let p = (1...300).map { "\(Double(sign: .plus, exponent: -$0, significand: 1))" }.joined(separator: ",")
        let q = Array(repeating: "1", count: 300).joined(separator: ",")
        let outcome = try XentProcess.run(
            "exec \"$XENT\" code '\(p)' --normalize --data '\(q)' --symbols 300 --json", in: XentProcess.folder())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(outcome.stdout.utf8)) as? [String: Any])
        let arithmetic = try #require((object["data"] as? [String: Any])?["arithmetic"] as? [String: Any])
        let overhead = try #require(arithmetic["overhead_bits"] as? Double)
        #expect(overhead >= 0 && overhead < 64, "overhead \(overhead)")
        #expect(outcome.stderrLines.count == 1 && outcome.stderr.contains("outcome 25"))
    }

    @Test func choiceNotesMeasureAgainstTheQuantisedModel() throws {
        let choice = try CodeCommand.parse(["--choose", "A=1e-17,1", "B=1,1e-17", "--symbols", "1000", "--json"])
        try choice.run()
        let outcome = try XentProcess.run(
            "exec \"$XENT\" code --choose A=1e-17,1 B=1,1e-17 --symbols 1000", in: XentProcess.folder())
        #expect(outcome.status == 0)
        #expect(outcome.stderrLines.count == 1 && outcome.stderr.contains("--choose: the arithmetic coder's frequency table"))
        #expect(!outcome.stdout.contains("The arithmetic coder meets H(Q,P) with fractional bits"))
        #expect(outcome.stdout.contains("The arithmetic coder meets the cross-entropy of its quantised model, H(Q,P̂)"))
        #expect(outcome.stdout.contains("code A on B: 24.008000 measured, H(Q,P̂) = 24.000000, H(Q,P) = 56.472778"))

        // Where the table holds every probability, nothing changes but the measured split of the gap.
        let plain = try XentProcess.run(
            "exec \"$XENT\" code --choose A=0.4,0.2,0.2,0.1,0.1 B=0.05,0.1,0.15,0.3,0.4 C=0.2,0.2,0.2,0.2,0.2",
            in: XentProcess.folder())
        #expect(plain.stderr.isEmpty)
        #expect(plain.stdout.contains("The arithmetic coder meets H(Q,P) with fractional bits: measured lengths are within 0.0046 bits/symbol of it"))
    }
}
