extension Kernels {
    /// Writes the entropy -Σ_j p_j ln p_j of each row of a `[rows, classes]` matrix to `output`, in nats
    /// (divide by ln 2 for bits). Unchecked: rows are used as given (no normalisation); 0 ln 0 = 0.
    ///
    /// Each term's logarithm is within 2 ulp; terms are summed in SIMD lanes over blocks of 256 and the blocks in
    /// `Double`, so the error of a row's sum grows with classes / 256, not with classes. Rows of up to 16 classes
    /// (and `Float` rows of up to 64) run one row per SIMD lane: up to 16 terms summed in the scalar type, 17 to 64
    /// four at a time in `Float`, then in `Double`.
    public static func entropyRows<Scalar: KernelScalar>(
        _ p: UnsafePointer<Scalar>, rows: Int, classes: Int, into output: UnsafeMutablePointer<Double>,
        threads: Int = 1
    ) {
        information(p, nil, rows: rows, classes: classes, kind: 0, output, threads: threads)
    }

    /// Writes the cross-entropy -Σ_j p_j ln q_j of each row of `p` under the same row of `q`, in nats.
    /// Unchecked. Terms with p_j = 0 are 0; p_j > 0 with q_j = 0 makes the row +inf.
    public static func crossEntropyRows<Scalar: KernelScalar>(
        of p: UnsafePointer<Scalar>, under q: UnsafePointer<Scalar>, rows: Int, classes: Int,
        into output: UnsafeMutablePointer<Double>, threads: Int = 1
    ) {
        information(p, q, rows: rows, classes: classes, kind: 1, output, threads: threads)
    }

    /// Writes the Kullback-Leibler divergence Σ_j p_j ln(p_j / q_j) of each row of `p` (the data) under the same
    /// row of `q` (the model), in nats. Unchecked. Terms with p_j = 0 are 0; p_j > 0 with q_j = 0 makes the row +inf.
    public static func klDivergenceRows<Scalar: KernelScalar>(
        of p: UnsafePointer<Scalar>, under q: UnsafePointer<Scalar>, rows: Int, classes: Int,
        into output: UnsafeMutablePointer<Double>, threads: Int = 1
    ) {
        information(p, q, rows: rows, classes: classes, kind: 2, output, threads: threads)
    }

    /// The entropy of each row of `p`, in nats.
    ///
    /// - Throws: ``KernelError/invalidValue(argument:index:value:expected:)`` for a negative or non-finite entry
    ///   or `threads` < 1.
    public static func entropyRows<Scalar: KernelScalar>(
        _ p: Matrix<Scalar>, threads: Int = 1
    ) throws(KernelError) -> [Double] {
        try checkedInformation(p, nil, kind: 0, threads: threads)
    }

    /// The cross-entropy of each row of `p` under the same row of `q`, in nats.
    ///
    /// - Throws: ``KernelError`` for shapes that differ, a negative or non-finite entry, or `threads` < 1.
    public static func crossEntropyRows<Scalar: KernelScalar>(
        of p: Matrix<Scalar>, under q: Matrix<Scalar>, threads: Int = 1
    ) throws(KernelError) -> [Double] {
        try checkedInformation(p, q, kind: 1, threads: threads)
    }

    /// The Kullback-Leibler divergence of each row of `p` (the data) under the same row of `q` (the model), in nats.
    ///
    /// - Throws: ``KernelError`` for shapes that differ, a negative or non-finite entry, or `threads` < 1.
    public static func klDivergenceRows<Scalar: KernelScalar>(
        of p: Matrix<Scalar>, under q: Matrix<Scalar>, threads: Int = 1
    ) throws(KernelError) -> [Double] {
        try checkedInformation(p, q, kind: 2, threads: threads)
    }

    private static func checkedInformation<Scalar: KernelScalar>(
        _ p: Matrix<Scalar>, _ q: Matrix<Scalar>?, kind: Int32, threads: Int
    ) throws(KernelError) -> [Double] {
        try checkThreads(threads)
        for (name, matrix) in [("p", p), ("q", q ?? p)] {
            if let bad = matrix.elements.firstIndex(where: { !($0 >= 0) || !$0.isFinite }) {
                throw .invalidValue(
                    argument: name, index: bad, value: Double(matrix.elements[bad]),
                    expected: "a finite non-negative number")
            }
        }
        if let q, q.rows != p.rows || q.columns != p.columns {
            throw .sizeMismatch(argument: "q", count: q.elements.count, expected: p.elements.count)
        }
        var output = [Double](repeating: 0, count: p.rows)
        let other = q?.elements ?? []
        p.elements.withUnsafeBufferPointer { pb in
            other.withUnsafeBufferPointer { qb in
                output.withUnsafeMutableBufferPointer { ob in
                    guard let pBase = pb.baseAddress, let out = ob.baseAddress else { return }
                    information(
                        pBase, q == nil ? nil : qb.baseAddress, rows: p.rows, classes: p.columns, kind: kind, out,
                        threads: threads)
                }
            }
        }
        return output
    }

    private static func information<Scalar: KernelScalar>(
        _ p: UnsafePointer<Scalar>, _ q: UnsafePointer<Scalar>?, rows: Int, classes: Int, kind: Int32,
        _ output: UnsafeMutablePointer<Double>, threads: Int
    ) {
        guard rows > 0 else { return }
        guard classes > 0 else {
            output.update(repeating: 0, count: rows)
            return
        }
        let pp = UncheckedSendable(p), qq = UncheckedSendable(q), out = UncheckedSendable(output)
        forEachRange(count: rows, threads: threads, minimumPerThread: minimumRows(classes)) { range in
            let offset = range.lowerBound * classes
            Scalar._kernelInformationRows(
                pp.value + offset, qq.value.map { $0 + offset }, range.count, classes, kind,
                out.value + range.lowerBound)
        }
    }
}
