import Foundation
import XentKernels

/// The compute side of a kernel's ceiling: how many exponentials and logarithms per second the dispatched clone
/// computes on data that stays in the L1 cache (no memory traffic), for one dtype, measured with the run's clock —
/// the exp a reference one (a plain Cephes-style exp; the kernels' own gives the same bits with one multiply
/// fewer), the log the kernels' own.
struct BenchTranscendentals {
    var dtype: BenchDtype
    var expPerSecond: Double
    var logPerSecond: Double

    /// Values per probe array: 16 KiB, so that the array stays in L1.
    static func count(_ dtype: BenchDtype) -> Int { 16_384 / dtype.size }

    /// Times `Kernels.exponentialProbe` (on values in [-36.6, 0], as shifted logits) and `Kernels.logarithmProbe` (on
    /// values in (0, 1], as probabilities): the median of `repetitions` runs of `evaluations` values each.
    static func measure(
        _ dtype: BenchDtype, clock: BenchClock, repetitions: Int, evaluations: Int
    ) -> BenchTranscendentals {
        var probe = BenchTranscendentalProbe(dtype, evaluations: evaluations)
        var expTimes: [Double] = [], logTimes: [Double] = []
        for _ in 0..<repetitions {
            let times = probe.times(clock: clock)
            expTimes.append(times.exp)
            logTimes.append(times.log)
        }
        return probe.rates(expTime: expTimes.sorted()[repetitions / 2], logTime: logTimes.sorted()[repetitions / 2])
    }
}

/// A short probe of the transcendental functions, timed next to every repetition of a kernel: on a machine whose
/// clock speed changes during a run (a shared virtual machine), a ceiling measured once at the start can belong to
/// another clock than the kernel's runs, and the fraction of it would measure the clock, not the kernel.
struct BenchTranscendentalProbe {
    let dtype: BenchDtype
    private let exponents32: [Float], probabilities32: [Float]
    private let exponents64: [Double], probabilities64: [Double]
    /// Passes over the probe array per timing.
    private let passes: Int
    /// The sums of every probe run, kept so that the work cannot be optimised away; a non-finite one (impossible
    /// for these inputs) would mean the probe did not compute what it claims, so its rates are not reported.
    private(set) var sink = 0.0

    /// A probe of about `evaluations` exps and logs per timing (the default: 2^19, under a millisecond), on values
    /// in [-36.6, 0] (as shifted logits) and (0, 1] (as probabilities).
    init(_ dtype: BenchDtype, evaluations: Int = 1 << 19) {
        self.dtype = dtype
        let n = BenchTranscendentals.count(dtype)
        exponents32 = (0..<n).map { -Float($0 % 100) * 0.37 }
        probabilities32 = (0..<n).map { Float($0 % 1000 + 1) / 1000 }
        exponents64 = (0..<n).map { -Double($0 % 100) * 0.37 }
        probabilities64 = (0..<n).map { Double($0 % 1000 + 1) / 1000 }
        passes = max(1, evaluations / n)
    }

    /// One timing of each function, in seconds.
    mutating func times(clock: BenchClock) -> (exp: Double, log: Double) {
        let n = BenchTranscendentals.count(dtype), passes = passes
        let exp: (time: Double, sum: Double), log: (time: Double, sum: Double)
        switch dtype {
        case .float32:
            exp = Self.time(exponents32, clock) { Kernels.exponentialProbe($0, count: n, repetitions: passes) }
            log = Self.time(probabilities32, clock) { Kernels.logarithmProbe($0, count: n, repetitions: passes) }
        case .float64:
            exp = Self.time(exponents64, clock) { Kernels.exponentialProbe($0, count: n, repetitions: passes) }
            log = Self.time(probabilities64, clock) { Kernels.logarithmProbe($0, count: n, repetitions: passes) }
        }
        sink += exp.sum + log.sum
        return (exp.time, log.time)
    }

    /// The rates (evaluations per second, one thread) of timings from `times(clock:)`.
    func rates(expTime: Double, logTime: Double) -> BenchTranscendentals {
        let total = sink.isFinite ? Double(passes * BenchTranscendentals.count(dtype)) : .nan
        return BenchTranscendentals(dtype: dtype, expPerSecond: total / expTime, logPerSecond: total / logTime)
    }

    /// One timing of each function: their rates now.
    mutating func rates(clock: BenchClock) -> BenchTranscendentals {
        let times = times(clock: clock)
        return rates(expTime: times.exp, logTime: times.log)
    }

    private static func time<Scalar>(
        _ values: [Scalar], _ clock: BenchClock, _ body: (UnsafePointer<Scalar>) -> Double
    ) -> (time: Double, sum: Double) {
        values.withUnsafeBufferPointer { buffer in
            let start = clock.now
            let sum = body(buffer.baseAddress!)
            return (Double(max(1, clock.now &- start)) * 1e-9, sum)
        }
    }
}

extension BenchKernel {
    /// The transcendental functions each element needs (what sets the compute bound), or nil for a kernel bound by
    /// its matrix products.
    var transcendentals: String? {
        switch self {
        case .softmaxCEForward, .softmaxCEForwardBackward: "exp" // e^(x - max), kept for the gradient
        case .bceLogitsForwardBackward: "exp+log" // e^-|x| and ln(1 + e^-|x|)
        case .entropyRows: "log"
        case .linearCrossEntropyForwardBackward: nil
        }
    }

    /// Elements per second if the kernel did nothing but its transcendental functions at the probes' rates.
    func computeBound(_ rates: BenchTranscendentals) -> Double? {
        switch transcendentals {
        case "exp": rates.expPerSecond
        case "log": rates.logPerSecond
        case "exp+log": 1 / (1 / rates.expPerSecond + 1 / rates.logPerSecond)
        default: nil
        }
    }
}

/// What `xent bench` says about the machine: the CPU's name and the clone of the kernels the loader picked.
enum BenchMachine {
    /// "model name (family F, model M)" from /proc/cpuinfo on Linux; "unknown" where it cannot be read.
    static var cpuName: String {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return "unknown" }
        func field(_ name: String) -> String? {
            for line in text.split(separator: "\n") {
                let parts = line.split(separator: ":", maxSplits: 1)
                if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name {
                    return parts[1].trimmingCharacters(in: .whitespaces)
                }
            }
            return nil
        }
        guard let model = field("model name"), !model.isEmpty else { return "unknown" }
        if let family = field("cpu family"), let number = field("model") {
            return "\(model) (family \(family), model \(number))"
        }
        return model
    }

    /// The `target_clones` clone the kernels run: "x86-64-v4", "x86-64-v3", "x86-64 (SSE2)", or "baseline" where
    /// the kernels are compiled once for another architecture.
    static var clone: String {
        switch Kernels.dispatchLevel {
        case 4: "x86-64-v4"
        case 3: "x86-64-v3"
        case 1: "x86-64 (SSE2)"
        default: "baseline"
        }
    }
}
