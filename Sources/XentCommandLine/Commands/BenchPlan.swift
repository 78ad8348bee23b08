import Dispatch
import Foundation

/// A `[rows, classes]` benchmark shape.
struct BenchShape: Equatable {
    var rows: Int
    var classes: Int
    var elements: Int { rows * classes }

    /// The shapes: small K (rows in SIMD lanes) and three large-K shapes.
    static let standard = [
        BenchShape(rows: 1_000_000, classes: 10), BenchShape(rows: 65_536, classes: 1000),
        BenchShape(rows: 4096, classes: 32_000), BenchShape(rows: 512, classes: 128_000),
    ]
    /// Cache-resident shapes for a smoke run.
    static let quick = [BenchShape(rows: 16_384, classes: 10), BenchShape(rows: 128, classes: 1000)]
}

enum BenchKernel: String, CaseIterable {
    case softmaxCEForward = "softmax-ce-forward"
    case softmaxCEForwardBackward = "softmax-ce-forward-backward"
    case bceLogitsForwardBackward = "bce-logits-forward-backward"
    case entropyRows = "entropy-rows"

    /// Bytes each element moves to or from memory, in units of the scalar size: what sets the copy bound.
    var trafficPerElement: Int {
        switch self {
        case .softmaxCEForward, .entropyRows: 1 // read the input
        case .softmaxCEForwardBackward: 2 // read logits, write gradient
        case .bceLogitsForwardBackward: 3 // read logits and targets, write gradient
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
}
