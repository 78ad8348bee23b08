import Foundation
import Testing
@testable import XentCommandLine

/// `xent bench --threads T --scaling` follows every timed run with a one-thread run and reports the paired
/// speed-up and whether the one-thread result has the same checksum. Not timed: these check that the fields are
/// present and sane, and that the thread count changes no bit (every kernel is deterministic across threads).
@Suite struct BenchScalingTests {
    static let report: BenchRunner.Report = {
        let plan = BenchPlan(
            shapes: [BenchShape(rows: 96, classes: 10), BenchShape(rows: 24, classes: 700),
                     BenchShape(rows: 40, classes: 300, depth: 24)],
            kernels: BenchKernel.defaults + [.linearCrossEntropyForwardBackward], dtypes: [.float32, .float64],
            threads: 2, repetitions: 3, copyBytes: 1 << 20, clock: .wall, scaling: true)
        return BenchRunner(plan: plan, progress: false).run()
    }()

    @Test func everyRowHasASpeedupAndTheSameBitsOnOneThread() throws {
        #expect(Self.report.results.count == 2 * (2 * BenchKernel.defaults.count + 1))
        for result in Self.report.results {
            let speedup = try #require(result.speedupOverOneThread)
            #expect(speedup > 0 && speedup.isFinite)
            #expect(result.oneThreadSameChecksum == true, "\(result.kernel.rawValue) \(result.shape.text)")
        }
        let object = try #require(
            JSONSerialization.jsonObject(with: Data(Self.report.json.text.utf8)) as? [String: Any])
        let rows = try #require(object["results"] as? [[String: Any]])
        #expect(rows.allSatisfy { $0["speedup_over_one_thread"] is Double && $0["one_thread_same_checksum"] as? Bool == true })
        #expect(Self.report.textLines.contains { $0.contains("vs 1 thread") && $0.contains("same bits") })
    }

    @Test func withoutScalingNoRowHasASpeedup() {
        let plan = BenchPlan(
            shapes: [BenchShape(rows: 32, classes: 10)], kernels: [.softmaxCEForward], dtypes: [.float32],
            threads: 2, repetitions: 1, copyBytes: 1 << 16, clock: .wall)
        let report = BenchRunner(plan: plan, progress: false).run()
        #expect(report.results.allSatisfy { $0.speedupOverOneThread == nil && $0.oneThreadSameChecksum == nil })
        #expect(!report.textLines.contains { $0.contains("vs 1 thread") })
    }
}
