import Foundation
import Testing
@testable import XentCommandLine

/// Numbers too large for an `Int`: reported as doubles, or refused with exit 64 where they make no sense; never a
/// trap. Shapes too large for the machine's memory: refused before anything is allocated.
@Suite struct LargeNumberTests {
    @Test func wordCountsPastIntMaxAreReportedNotTrapped() throws {
        #expect(NumberText.count(4.436231515048143e19) == "4.436232e+19")
        #expect(NumberText.count(9.223372036854775807e18) == "9.223372e+18")
        #expect(NumberText.count(120) == "120")
        #expect(NumberText.count(.infinity) == "inf")
        let choice = try CodeCommand.parse(["--choose", "A=1e-19,1", "B=1e-19,1", "--symbols", "0", "--json"])
        try choice.run()
        let outcome = try XentProcess.run(
            "exec \"$XENT\" code --choose A=1e-19,1 B=1e-19,1 --symbols 1000", in: XentProcess.folder())
        #expect(outcome.status == 0, "\(outcome.stderr)")
        #expect(outcome.stdout.contains("4.436232e+19"))
        let json = try XentProcess.run(
            "exec \"$XENT\" code --choose A=1e-19,1 B=1e-19,1 --symbols 0 --json", in: XentProcess.folder())
        #expect(json.status == 0 && json.stdout.contains("\"words\":4.436231515048143e+19"))
    }

    @Test func messageBitsPastTwoToThe53AreRefused() {
        for bits in ["9223372036854775807", "9007199254740993", "0"] {
            #expect { try CodeCommand.parse(["--choose", "A=0.5,0.5", "B=0.9,0.1", "--message-bits", bits]).run() }
                throws: { error in
                    let error = error as? CLIError
                    return error?.exitCode == .usage
                        && error?.message == "--message-bits: '\(bits)' is not valid: expected a number of bits in 1...9007199254740992 (2^53)"
                }
        }
    }

    @Test func benchRefusesShapesLargerThanMemory() throws {
        let plan = BenchPlan(shapes: [BenchShape(rows: 46340, classes: 46340)], kernels: BenchKernel.allCases,
                             dtypes: [.float64], threads: 1, repetitions: 1, copyBytes: 1 << 20, clock: .wall)
        // 51.5 GB of float64 buffers: more than any test machine's memory.
        if BenchMemory.available().bytes < 51e9 {
            #expect { try BenchMemory.check(plan, shapesGiven: true) } throws: { error in
                let error = error as? CLIError
                return error?.exitCode == .usage
                    && error?.message.hasPrefix("--shapes: '46340x46340' is not valid: expected a shape whose float64 buffers (51.5 GB) fit") == true
            }
        }
        // Under a 4 GB address-space limit the same shape is refused with exit 64, not an abort in the allocator.
        let outcome = try XentProcess.run(
            "ulimit -v 4000000 && exec \"$XENT\" bench --shapes 46340x46340 --dtypes float64", in: XentProcess.folder())
        #expect(outcome.status == 64, "\(outcome.stderr)")
        #expect(outcome.stderrLines.count == 1 && outcome.stderr.contains("RLIMIT_AS"))
    }
}
