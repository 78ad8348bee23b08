import Foundation
import Testing
@testable import XentCommandLine
import XentKernels

/// `xent bench` reports, next to each kernel's rate, its ceiling: the lower of the copy bound and the rate of the
/// kernel's transcendental functions on L1-resident data, with the CPU and the dispatched clone. Not timed: these
/// check presence, consistency and sanity of the fields.
@Suite struct BenchCeilingTests {
    static let report: BenchRunner.Report = {
        let plan = BenchPlan(
            shapes: [BenchShape(rows: 64, classes: 10), BenchShape(rows: 8, classes: 1000)],
            kernels: BenchKernel.defaults, dtypes: [.float32, .float64], threads: 1, repetitions: 1,
            copyBytes: 1 << 20, clock: .cpu)
        return BenchRunner(plan: plan, progress: false).run()
    }()

    @Test func jsonNamesTheMachineAndTheTranscendentalRates() throws {
        let object = try #require(
            JSONSerialization.jsonObject(with: Data(Self.report.json.text.utf8)) as? [String: Any])
        let cpu = try #require(object["cpu"] as? String)
        #expect(!cpu.isEmpty)
        #expect(["x86-64-v4", "x86-64-v3", "x86-64 (SSE2)", "baseline"].contains(object["dispatch_clone"] as? String))
        let rates = try #require(object["transcendentals"] as? [[String: Any]])
        #expect(rates.compactMap { $0["dtype"] as? String } == ["float32", "float64"])
        for rate in rates {
            let exp = try #require(rate["exp_per_second"] as? Double), log = try #require(rate["log_per_second"] as? Double)
            #expect(exp > 1e6 && exp.isFinite && log > 1e6 && log.isFinite)
        }
        let results = try #require(object["results"] as? [[String: Any]])
        #expect(results.count == 16)
        for result in results {
            let rate = try #require(result["elements_per_second"] as? Double)
            let copy = try #require(result["copy_bound_elements_per_second"] as? Double)
            let compute = try #require(result["compute_bound_elements_per_second"] as? Double)
            let ceiling = try #require(result["ceiling_elements_per_second"] as? Double)
            let fraction = try #require(result["fraction_of_ceiling"] as? Double)
            let limit = try #require(result["ceiling_limit"] as? String)
            #expect(ceiling == min(copy, compute))
            #expect(limit == (compute < copy ? BenchKernel(rawValue: result["kernel"] as? String ?? "")?.transcendentals : "copy"))
            #expect(abs(fraction - rate / ceiling) <= 1e-12 * fraction)
            #expect(copy > 0 && compute > 0 && fraction > 0 && fraction.isFinite)
        }
    }

    /// Each row's compute bound comes from the probe timed next to its runs (here one run, so the fraction is
    /// exactly the rate over the ceiling: see the JSON test), by the kernel's own transcendental functions.
    @Test func computeBoundsFollowEachKernelsTranscendentals() throws {
        for result in Self.report.results {
            let rates = try #require(result.probeRates)
            #expect(rates.dtype == result.dtype)
            #expect(rates.expPerSecond > 1e6 && rates.logPerSecond > 1e6)
            let bound = try #require(result.computeBound)
            switch result.kernel {
            case .softmaxCEForward, .softmaxCEForwardBackward: #expect(bound == rates.expPerSecond)
            case .entropyRows: #expect(bound == rates.logPerSecond)
            case .bceLogitsForwardBackward:
                #expect(bound < rates.expPerSecond && bound < rates.logPerSecond)
                #expect(abs(1 / bound - (1 / rates.expPerSecond + 1 / rates.logPerSecond)) <= 1e-12 / bound)
            case .linearCrossEntropyForwardBackward: Issue.record("not in the plan")
            }
        }
        #expect(BenchKernel.linearCrossEntropyForwardBackward.transcendentals == nil)
    }

    @Test func textNamesTheCPUCloneAndCeilingColumns() {
        let text = Self.report.textLines
        #expect(text[0].hasPrefix("cpu ") && text[0].contains("(clone \(BenchMachine.clone))"))
        #expect(text.contains { $0.hasPrefix("float32 on L1-resident data, one thread: exp ") })
        #expect(text.contains { $0.contains("ceiling") && $0.contains("limit") && $0.contains("of ceiling") })
    }
}
