import Dispatch
import Foundation

/// A `[rows, classes]` benchmark shape, or `[N, D, V]` (tokens, hidden size, vocabulary) for the fused linear +
/// cross-entropy, whose `depth` is D.
struct BenchShape: Equatable {
    var rows: Int
    var classes: Int
    var depth: Int? = nil
    var elements: Int { rows * classes }
    /// `ROWSxCLASSES` or `NxDxV`.
    var text: String { depth.map { "\(rows)x\($0)x\(classes)" } ?? "\(rows)x\(classes)" }

    /// The shapes: small K (rows in SIMD lanes) and three large-K shapes.
    static let standard = [
        BenchShape(rows: 1_000_000, classes: 10), BenchShape(rows: 65_536, classes: 1000),
        BenchShape(rows: 4096, classes: 32_000), BenchShape(rows: 512, classes: 128_000),
    ]
    /// Cache-resident shapes for a smoke run.
    static let quick = [BenchShape(rows: 16_384, classes: 10), BenchShape(rows: 128, classes: 1000)]
    /// The fused linear + cross-entropy's shape when none is given: a language-model head (issue 13).
    static let linearStandard = [BenchShape(rows: 1024, classes: 32_000, depth: 512)]
    static let linearQuick = [BenchShape(rows: 64, classes: 2000, depth: 64)]
}

enum BenchKernel: String, CaseIterable {
    case softmaxCEForward = "softmax-ce-forward"
    case softmaxCEForwardBackward = "softmax-ce-forward-backward"
    case bceLogitsForwardBackward = "bce-logits-forward-backward"
    case entropyRows = "entropy-rows"
    /// `Loss.linearCrossEntropy` with the three gradients, on `NxDxV` shapes only (not in the default set).
    case linearCrossEntropyForwardBackward = "linear-cross-entropy-forward-backward"

    /// The kernels a run without `--kernels` measures.
    static let defaults: [BenchKernel] = [
        .softmaxCEForward, .softmaxCEForwardBackward, .bceLogitsForwardBackward, .entropyRows,
    ]

    /// Whether the kernel runs on `NxDxV` shapes (and only on those).
    var takesDepth: Bool { self == .linearCrossEntropyForwardBackward }

    /// Bytes each element moves to or from memory, in units of the scalar size: what sets the copy bound.
    var trafficPerElement: Int {
        switch self {
        case .softmaxCEForward, .entropyRows: 1 // read the input
        case .softmaxCEForwardBackward: 2 // read logits, write gradient
        case .bceLogitsForwardBackward: 3 // read logits and targets, write gradient
        case .linearCrossEntropyForwardBackward: 2 // per element of h and W: read it, write its gradient
        }
    }
}

enum BenchDtype: String {
    case float32, float64
    var size: Int { self == .float32 ? 4 : 8 }
}

struct BenchPlan {
    var shapes: [BenchShape]
    var kernels: [BenchKernel]
    var dtypes: [BenchDtype]
    var threads: Int
    var repetitions: Int
    var copyBytes: Int
    var clock: BenchClock
    /// Whether every repetition is followed by a one-thread run, for the paired speed-up of `threads`.
    var scaling = false
}

/// What `BenchRunner.pairedTimes` measures for one kernel and shape.
struct BenchTiming {
    /// The median time of a run on the plan's threads, in seconds.
    var time: Double
    /// The compute probe's rates at the median compute bound (nil: the kernel has none).
    var rates: BenchTranscendentals?
    /// The median of the copy bounds timed next to the runs, in elements per second (nil: none was timed).
    var copyBound: Double?
    /// The median paired fraction of the ceiling.
    var fraction: Double?
    /// The median paired speed-up over one thread (nil without `scaling`).
    var speedup: Double?
}

/// What a timed run is measured with.
enum BenchClock: String {
    /// Elapsed time.
    case wall
    /// CPU time of the whole process (all threads): what the work costs where other programs share the cores.
    case cpu

    /// The current reading, in nanoseconds.
    var now: UInt64 {
        switch self {
        case .wall:
            return DispatchTime.now().uptimeNanoseconds
        case .cpu:
            var spec = timespec()
            clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &spec)
            return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
        }
    }
}

struct BenchResult {
    var kernel: BenchKernel
    var dtype: BenchDtype
    var shape: BenchShape
    var threads: Int
    var elementsPerSecond: Double
    var fractionOfBound: Double
    var checksum: Double
    /// Floating-point operations per second (the fused linear + cross-entropy: 6·N·D·V per run, three products).
    var flopsPerSecond: Double? = nil
    /// Elements per second at which the kernel's memory traffic would take as long as memcpy moving those bytes.
    var copyBound: Double = .infinity
    /// Elements per second at which its transcendental functions alone would run on L1-resident data (nil where
    /// they do not set the pace).
    var computeBound: Double? = nil

    /// The lower of the two bounds: the kernel's ceiling on this machine.
    var ceiling: Double { min(copyBound, computeBound ?? .infinity) }
    /// Which bound is the ceiling: "copy", or the transcendental functions ("exp", "log", "exp+log").
    var ceilingLimit: String {
        if let compute = computeBound, compute < copyBound { return kernel.transcendentals ?? "compute" }
        return "copy"
    }
    /// The median over the repetitions of each one's rate over the ceiling measured right after it (the compute
    /// probes timed next to every run), where the kernel has a compute bound.
    var pairedFractionOfCeiling: Double? = nil
    /// The paired probe's rates behind `computeBound` (the probe at the median bound over the repetitions).
    var probeRates: BenchTranscendentals? = nil
    /// With `--scaling`: the median over the repetitions of the one-thread time over this run's time.
    var speedupOverOneThread: Double? = nil
    /// With `--scaling`: whether a one-thread run gave the same checksum as the run on the plan's threads.
    var oneThreadSameChecksum: Bool? = nil
    /// The measured rate over the ceiling: the paired median where there is one, else the median rate over the
    /// ceiling.
    var fractionOfCeiling: Double { pairedFractionOfCeiling ?? elementsPerSecond / ceiling }
}
