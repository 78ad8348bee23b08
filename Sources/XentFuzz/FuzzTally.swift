import Foundation
import XentKernels

/// What a mutation harness counts while it runs, and the summary it prints at the end: how many inputs decoded to
/// the original, how many ended in each error, the slowest input and the peak resident memory.
struct FuzzTally {
    /// The harness's name at the start of every line ("stream harness").
    let harness: String
    private let start = Date()
    private var accepted = 0
    private var outcomes: [String: Int] = [:]
    private var slowest = 0.0
    private var slowestSize = 0

    init(harness: String) { self.harness = harness }

    /// Counts an input that decoded to the original bytes.
    mutating func accept() { accepted += 1 }

    /// Counts an input that ended in the error case `name`.
    mutating func reject(_ name: String) { outcomes[name, default: 0] += 1 }

    /// Records the time of input `iteration` (of `size` bytes) since `begin`, and prints a progress line every
    /// 100 000 inputs.
    mutating func timed(_ iteration: Int, size: Int, since begin: Date) {
        let elapsed = Date().timeIntervalSince(begin)
        if elapsed > slowest {
            slowest = elapsed
            slowestSize = size
        }
        if (iteration + 1) % 100_000 == 0 {
            print("\(harness): \(iteration + 1) inputs, \(String(format: "%.0f", Date().timeIntervalSince(start))) s")
        }
    }

    /// Prints the summary; `acceptedMeaning` says what an accepted input is ("decoded to the original bytes").
    func printSummary(iterations: Int, seed: UInt64, acceptedMeaning: String) {
        var usage = rusage()
        #if os(Linux)
        getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        print("\(harness): \(iterations) inputs (seed \(seed)) in \(String(format: "%.1f", Date().timeIntervalSince(start))) s: no crash, no hang")
        print("  accepted (\(acceptedMeaning)): \(accepted)")
        for (name, count) in outcomes.sorted(by: { $0.value > $1.value }) {
            print("  \(name): \(count)")
        }
        print("  slowest input: \(String(format: "%.1f", slowest * 1000)) ms (\(slowestSize) bytes)")
        print("  peak resident memory: \(usage.ru_maxrss / 1024) MiB")
    }
}

extension SplitMix64 {
    /// A uniform-ish integer in 0..<bound (modulo reduction: the fuzzer needs speed, not exact uniformity).
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
