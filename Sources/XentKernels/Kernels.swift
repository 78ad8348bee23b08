import XentKernelsC

/// Vectorised kernels for the losses of classification and the quantities of information theory.
///
/// Two levels, as everywhere in Xent:
/// - **Unchecked** functions take pointers and sizes; they validate nothing (sizes, labels, probabilities are
///   the caller's contract) and are what a library with its own tensors calls in a training loop.
/// - **Checked** functions take a ``Matrix`` or arrays, validate every size and value, and throw
///   ``KernelError``.
///
/// The loops are C (module `XentKernelsC`) compiled three times in one default build, for x86-64 baseline
/// (SSE2), x86-64-v3 (AVX2 + FMA) and x86-64-v4 (AVX-512), and the loader picks one for the machine
/// (``dispatchLevel``). A given machine and build always runs the same code, so results are reproducible; two
/// machines with different instruction sets may differ in the last bit (fused multiply-add).
///
/// Every kernel that takes `threads` splits rows across that many threads, with results bit-identical to one
/// thread: each row's outputs depend on that row alone, and sums over rows are formed in a fixed order.
public enum Kernels {
    /// The instruction set the kernels run with on this machine: 4 for x86-64-v4 (AVX-512), 3 for x86-64-v3
    /// (AVX2 + FMA), 1 for the x86-64 baseline (SSE2), 0 for another architecture (its own baseline).
    public static var dispatchLevel: Int { Int(xk_dispatch_level()) }

    /// A short name for ``dispatchLevel``: "avx512", "avx2", "sse2" or "baseline".
    public static var dispatchName: String {
        switch dispatchLevel {
        case 4: "avx512"
        case 3: "avx2"
        case 1: "sse2"
        default: "baseline"
        }
    }

    /// Writes e^x of `count` values to `output` (which may be `input`). Within 2 ulp of the exact value over the
    /// whole domain: subnormal results round once, results beyond the largest finite value are +inf, NaN stays
    /// NaN.
    public static func exp<Scalar: KernelScalar>(
        _ input: UnsafePointer<Scalar>, into output: UnsafeMutablePointer<Scalar>, count: Int
    ) {
        guard count > 0 else { return }
        Scalar._kernelExp(input, output, count)
    }

    /// Writes ln x of `count` values to `output` (which may be `input`). Within 2 ulp for every positive
    /// value including subnormals; ln 0 = -inf, ln(+inf) = +inf, NaN for negative values and NaN.
    public static func log<Scalar: KernelScalar>(
        _ input: UnsafePointer<Scalar>, into output: UnsafeMutablePointer<Scalar>, count: Int
    ) {
        guard count > 0 else { return }
        Scalar._kernelLog(input, output, count)
    }

    /// A throughput probe of the exponential the softmax kernels evaluate: sums e^x over the first `count` values
    /// (rounded down to a whole number of vectors: 16 `Float` or 8 `Double` lanes), `repetitions` times over the
    /// same values, and returns the sum. Timed over a small array (one that stays in the L1 cache, such as 4096
    /// floats), it gives the rate of exponentials this machine's dispatched clone computes with no memory traffic:
    /// the compute ceiling of a kernel that needs one exp per element. The values should be at most 0 (the kernels
    /// exponentiate logits minus their row's maximum).
    ///
    /// - Returns: the sum of the `repetitions · count` exponentials (in `Double`), so that the work is not dropped.
    public static func exponentialProbe<Scalar: KernelScalar>(
        _ values: UnsafePointer<Scalar>, count: Int, repetitions: Int
    ) -> Double {
        let whole = count - count % (MemoryLayout<Scalar>.size == 4 ? 16 : 8)
        guard whole > 0, repetitions > 0 else { return 0 }
        return Scalar._kernelProbeExp(values, whole, repetitions)
    }

    /// A copy probe: copies the first `count` floats of `source` (rounded down to a multiple of 16) to `target`
    /// with vector loads and streaming (non-temporal) stores, as the loss kernels write outputs beyond the caches.
    /// Timed over buffers far larger than the caches, it gives the rate at which this machine copies memory with the
    /// stores the kernels use, which can exceed `memcpy`'s: `xent bench` takes the faster of the two as the copy
    /// bound.
    ///
    /// The ranges must not overlap. Streaming stores need a 64-byte aligned `target`; for any other, the copy is
    /// `memcpy`'s.
    public static func streamingCopyProbe(
        from source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>, count: Int
    ) {
        let whole = max(0, count - count % 16)
        guard Int(bitPattern: target) % 64 == 0 else {
            target.update(from: source, count: whole)
            return
        }
        xk_probe_stream_copy(source, target, whole)
    }

    /// A throughput probe of the vector logarithm as the entropy rows evaluate it (where a vector's values are all
    /// normal positive numbers, without the subnormal and special-value steps, which give the same bits there): sums
    /// ln x over the first `count` values (rounded down to a whole number of vectors), `repetitions` times, as
    /// ``exponentialProbe(_:count:repetitions:)`` does for e^x. The values should be positive.
    ///
    /// - Returns: the sum of the `repetitions · count` logarithms (in `Double`).
    public static func logarithmProbe<Scalar: KernelScalar>(
        _ values: UnsafePointer<Scalar>, count: Int, repetitions: Int
    ) -> Double {
        let whole = count - count % (MemoryLayout<Scalar>.size == 4 ? 16 : 8)
        guard whole > 0, repetitions > 0 else { return 0 }
        return Scalar._kernelProbeLog(values, whole, repetitions)
    }

    /// Writes the logistic sigmoid 1 / (1 + e^-x) of `count` values to `output` (which may be `input`), computed
    /// from e^-|x| so that neither tail overflows: within a few ulp everywhere.
    public static func sigmoid<Scalar: KernelScalar>(
        _ input: UnsafePointer<Scalar>, into output: UnsafeMutablePointer<Scalar>, count: Int
    ) {
        guard count > 0 else { return }
        Scalar._kernelSigmoid(input, output, count)
    }

    /// e^x of each element (see ``exp(_:into:count:)``).
    public static func exp<Scalar: KernelScalar>(_ values: [Scalar]) -> [Scalar] {
        elementwise(values, Scalar._kernelExp)
    }

    /// ln x of each element (see ``log(_:into:count:)``).
    public static func log<Scalar: KernelScalar>(_ values: [Scalar]) -> [Scalar] {
        elementwise(values, Scalar._kernelLog)
    }

    /// The sigmoid of each element (see ``sigmoid(_:into:count:)``).
    public static func sigmoid<Scalar: KernelScalar>(_ values: [Scalar]) -> [Scalar] {
        elementwise(values, Scalar._kernelSigmoid)
    }

    private static func elementwise<Scalar: KernelScalar>(
        _ values: [Scalar], _ kernel: (UnsafePointer<Scalar>, UnsafeMutablePointer<Scalar>, Int) -> Void
    ) -> [Scalar] {
        guard !values.isEmpty else { return [] }
        return values.withUnsafeBufferPointer { input in
            [Scalar](unsafeUninitializedCapacity: values.count) { output, initialized in
                if let source = input.baseAddress, let target = output.baseAddress {
                    kernel(source, target, values.count)
                }
                initialized = values.count
            }
        }
    }
}
