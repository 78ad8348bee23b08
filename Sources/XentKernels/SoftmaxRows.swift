extension Kernels {
    /// Writes the softmax of each row of a row-major `[rows, classes]` matrix to `output` (which may be
    /// `input`). Unchecked: both buffers hold `rows * classes` values.
    ///
    /// Each row is shifted by its maximum before exponentiation, so no finite logit overflows. Rows of up to 16
    /// classes (and `Float` rows of up to 64) are processed 16 (float) or 8 (double) at a time, one row per SIMD
    /// lane, their sums in the scalar type (`Float` rows of 17 to 64: four terms at a time, then in `Double`);
    /// longer rows one at a time, SIMD across the row, their sums carried in `Double` for `Float` input.
    public static func softmaxRows<Scalar: KernelScalar>(
        _ input: UnsafePointer<Scalar>, into output: UnsafeMutablePointer<Scalar>, rows: Int, classes: Int,
        threads: Int = 1
    ) {
        softmax(input, output, rows: rows, classes: classes, log: false, threads: threads)
    }

    /// Writes the log-softmax x_j - max - ln Σ e^(x_k - max) of each row to `output` (which may be `input`).
    /// Unchecked: both buffers hold `rows * classes` values.
    public static func logSoftmaxRows<Scalar: KernelScalar>(
        _ input: UnsafePointer<Scalar>, into output: UnsafeMutablePointer<Scalar>, rows: Int, classes: Int,
        threads: Int = 1
    ) {
        softmax(input, output, rows: rows, classes: classes, log: true, threads: threads)
    }

    /// The softmax of each row of `logits`.
    ///
    /// - Throws: ``KernelError/invalidValue(argument:index:value:expected:)`` for a thread count below 1.
    public static func softmaxRows<Scalar: KernelScalar>(
        _ logits: Matrix<Scalar>, threads: Int = 1
    ) throws(KernelError) -> Matrix<Scalar> {
        try checkedSoftmax(logits, log: false, threads: threads)
    }

    /// The log-softmax of each row of `logits`.
    ///
    /// - Throws: ``KernelError/invalidValue(argument:index:value:expected:)`` for a thread count below 1.
    public static func logSoftmaxRows<Scalar: KernelScalar>(
        _ logits: Matrix<Scalar>, threads: Int = 1
    ) throws(KernelError) -> Matrix<Scalar> {
        try checkedSoftmax(logits, log: true, threads: threads)
    }

    private static func checkedSoftmax<Scalar: KernelScalar>(
        _ logits: Matrix<Scalar>, log: Bool, threads: Int
    ) throws(KernelError) -> Matrix<Scalar> {
        try checkThreads(threads)
        var result = logits
        let rows = logits.rows, classes = logits.columns
        result.elements.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            softmax(base, base, rows: rows, classes: classes, log: log, threads: threads)
        }
        return result
    }

    private static func softmax<Scalar: KernelScalar>(
        _ input: UnsafePointer<Scalar>, _ output: UnsafeMutablePointer<Scalar>, rows: Int, classes: Int, log: Bool,
        threads: Int
    ) {
        guard rows > 0, classes > 0 else { return }
        let x = UncheckedSendable(input), out = UncheckedSendable(output)
        forEachRange(count: rows, threads: threads, minimumPerThread: minimumRows(classes)) { range in
            let offset = range.lowerBound * classes
            Scalar._kernelSoftmaxRows(x.value + offset, out.value + offset, range.count, classes, log)
        }
    }

    /// Rows per thread below which splitting costs more than it saves (about 64 Ki elements).
    static func minimumRows(_ classes: Int) -> Int { max(1, 65_536 / max(1, classes)) }

    static func checkThreads(_ threads: Int) throws(KernelError) {
        guard threads >= 1 else {
            throw .invalidValue(argument: "threads", index: nil, value: Double(threads), expected: "at least 1")
        }
    }
}
