/// What a checked softmax cross-entropy returns: each row's loss (nats) and, when asked for, the gradient.
public struct SoftmaxCrossEntropyOutput<Scalar: KernelScalar>: Sendable {
    /// The loss of each row, in nats (0 for rows whose label is the ignore index).
    public var rowLosses: [Scalar]
    /// `gradientScale` times the derivative of each row's loss with respect to its logits, or `nil`.
    public var gradient: Matrix<Scalar>?
}

extension Kernels {
    /// Fused softmax cross-entropy with integer labels: each row's loss and, in the same pass over the logits,
    /// its gradient. Unchecked.
    ///
    /// Per row, with smoothing ε, class weights w (1 when `nil`), label y and K classes, the loss weighs
    /// -log p_j by c_j = (1 - ε) w_y [j = y] + ε w_j / K, PyTorch's `cross_entropy` with `weight` and
    /// `label_smoothing` before reduction:
    ///
    ///     loss = Σ_j c_j (logsumexp(x) - x_j),   d loss / d x_j = (Σ_k c_k) softmax(x)_j - c_j
    ///
    /// `gradient` (when not `nil`) receives `gradientScale` times the derivative, pass 1/N for a mean. It may be
    /// `logits` itself: a row is read before it is overwritten, so no second full-size buffer is needed.
    /// Rows whose label is `ignoreIndex` (or outside `0..<classes`) get loss 0 and gradient 0.
    ///
    /// A logit of -∞ (a mask) has probability 0 and gradient 0; a class with c_j = 0 adds nothing to the loss,
    /// so a masked class other than the label leaves it finite (as PyTorch's class-index path), while one with
    /// weight (the label, or any class under smoothing) makes it +∞. A NaN logit makes its row NaN.
    ///
    /// - Parameters:
    ///   - logits: `rows * classes` values, row-major.
    ///   - rows: the number of rows (samples).
    ///   - classes: the number of classes K (values per row).
    ///   - labels: `rows` labels.
    ///   - classWeights: `nil` or `classes` weights.
    ///   - labelSmoothing: the smoothing ε (0 = off).
    ///   - ignoreIndex: the label whose rows get loss 0 and gradient 0 (PyTorch's default −100).
    ///   - rowLosses: `nil` or room for `rows` losses (nats).
    ///   - gradient: `nil` or room for `rows * classes` values (may be `logits`).
    ///   - gradientScale: the factor applied to the gradient (1/N for a mean).
    ///   - threads: rows are split across this many threads; the results have the same bits for any count.
    public static func softmaxCrossEntropy<Scalar: KernelScalar>(
        logits: UnsafePointer<Scalar>, rows: Int, classes: Int, labels: UnsafePointer<Int>,
        classWeights: UnsafePointer<Scalar>? = nil, labelSmoothing: Scalar = 0, ignoreIndex: Int = -100,
        rowLosses: UnsafeMutablePointer<Scalar>?, gradient: UnsafeMutablePointer<Scalar>?,
        gradientScale: Scalar = 1, threads: Int = 1
    ) {
        guard rows > 0, classes > 0 else { return }
        withInt64Labels(labels, count: rows) { labels64 in
            let x = UncheckedSendable(logits), l = UncheckedSendable(labels64)
            let w = UncheckedSendable(classWeights), r = UncheckedSendable(rowLosses)
            let g = UncheckedSendable(gradient)
            forEachRange(count: rows, threads: threads, minimumPerThread: minimumRows(classes)) { range in
                let offset = range.lowerBound * classes
                Scalar._kernelSoftmaxCrossEntropy(
                    x.value + offset, range.count, classes, l.value + range.lowerBound, nil, w.value,
                    labelSmoothing, Int64(ignoreIndex), gradientScale, r.value.map { $0 + range.lowerBound },
                    g.value.map { $0 + offset })
            }
        }
    }

    /// Fused softmax cross-entropy with dense (one-hot or soft) targets. Unchecked.
    ///
    /// As the sparse form with c_j = w_j ((1 - ε) t_j + ε / K): PyTorch's `cross_entropy` with probability
    /// targets, `weight` and `label_smoothing`, before reduction. `targets` holds `rows * classes` values and is
    /// used as given (rows need not sum to 1). `gradient` may be `logits`, not `targets`.
    public static func softmaxCrossEntropy<Scalar: KernelScalar>(
        logits: UnsafePointer<Scalar>, rows: Int, classes: Int, targets: UnsafePointer<Scalar>,
        classWeights: UnsafePointer<Scalar>? = nil, labelSmoothing: Scalar = 0,
        rowLosses: UnsafeMutablePointer<Scalar>?, gradient: UnsafeMutablePointer<Scalar>?,
        gradientScale: Scalar = 1, threads: Int = 1
    ) {
        guard rows > 0, classes > 0 else { return }
        let x = UncheckedSendable(logits), t = UncheckedSendable(targets)
        let w = UncheckedSendable(classWeights), r = UncheckedSendable(rowLosses)
        let g = UncheckedSendable(gradient)
        forEachRange(count: rows, threads: threads, minimumPerThread: minimumRows(classes)) { range in
            let offset = range.lowerBound * classes
            Scalar._kernelSoftmaxCrossEntropy(
                x.value + offset, range.count, classes, nil, t.value + offset, w.value, labelSmoothing, -1,
                gradientScale, r.value.map { $0 + range.lowerBound }, g.value.map { $0 + offset })
        }
    }

    /// Softmax cross-entropy of each row of `logits` against integer `labels`, with its gradient.
    ///
    /// - Throws: ``KernelError`` when `labels` or `classWeights` do not match the logits' shape, a label is
    ///   outside `0..<classes` and is not `ignoreIndex`, `labelSmoothing` is outside [0, 1], or `threads` < 1.
    public static func softmaxCrossEntropy<Scalar: KernelScalar>(
        logits: Matrix<Scalar>, labels: [Int], classWeights: [Scalar]? = nil, labelSmoothing: Scalar = 0,
        ignoreIndex: Int = -100, gradientScale: Scalar = 1, computesGradient: Bool = true, threads: Int = 1
    ) throws(KernelError) -> SoftmaxCrossEntropyOutput<Scalar> {
        try checkCrossEntropy(logits, classWeights, labelSmoothing, threads)
        guard labels.count == logits.rows else {
            throw .sizeMismatch(argument: "labels", count: labels.count, expected: logits.rows)
        }
        for (row, label) in labels.enumerated() where label != ignoreIndex && !(0..<logits.columns).contains(label) {
            throw .labelOutOfRange(row: row, label: label, classes: logits.columns)
        }
        return runCrossEntropy(logits, classWeights, computesGradient) { x, w, losses, gradient in
            labels.withUnsafeBufferPointer { labelBuffer in
                guard let labelBase = labelBuffer.baseAddress else { return }
                softmaxCrossEntropy(
                    logits: x, rows: logits.rows, classes: logits.columns, labels: labelBase, classWeights: w,
                    labelSmoothing: labelSmoothing, ignoreIndex: ignoreIndex, rowLosses: losses, gradient: gradient,
                    gradientScale: gradientScale, threads: threads)
            }
        }
    }

    /// Softmax cross-entropy of each row of `logits` against dense `targets` of the same shape, with its gradient.
    ///
    /// - Throws: ``KernelError`` when `targets` or `classWeights` do not match the logits' shape, a target is
    ///   not finite, `labelSmoothing` is outside [0, 1], or `threads` < 1.
    public static func softmaxCrossEntropy<Scalar: KernelScalar>(
        logits: Matrix<Scalar>, targets: Matrix<Scalar>, classWeights: [Scalar]? = nil, labelSmoothing: Scalar = 0,
        gradientScale: Scalar = 1, computesGradient: Bool = true, threads: Int = 1
    ) throws(KernelError) -> SoftmaxCrossEntropyOutput<Scalar> {
        try checkCrossEntropy(logits, classWeights, labelSmoothing, threads)
        guard targets.rows == logits.rows, targets.columns == logits.columns else {
            throw .sizeMismatch(
                argument: "targets", count: targets.elements.count, expected: logits.elements.count)
        }
        if let bad = targets.elements.firstIndex(where: { !$0.isFinite }) {
            throw .invalidValue(
                argument: "targets", index: bad, value: Double(targets.elements[bad]), expected: "a finite number")
        }
        return runCrossEntropy(logits, classWeights, computesGradient) { x, w, losses, gradient in
            targets.elements.withUnsafeBufferPointer { targetBuffer in
                guard let targetBase = targetBuffer.baseAddress else { return }
                softmaxCrossEntropy(
                    logits: x, rows: logits.rows, classes: logits.columns, targets: targetBase, classWeights: w,
                    labelSmoothing: labelSmoothing, rowLosses: losses, gradient: gradient,
                    gradientScale: gradientScale, threads: threads)
            }
        }
    }

    private static func checkCrossEntropy<Scalar: KernelScalar>(
        _ logits: Matrix<Scalar>, _ classWeights: [Scalar]?, _ labelSmoothing: Scalar, _ threads: Int
    ) throws(KernelError) {
        try checkThreads(threads)
        guard logits.columns > 0 else { throw .noClasses }
        if let classWeights {
            guard classWeights.count == logits.columns else {
                throw .sizeMismatch(argument: "classWeights", count: classWeights.count, expected: logits.columns)
            }
            if let bad = classWeights.firstIndex(where: { !$0.isFinite }) {
                throw .invalidValue(
                    argument: "classWeights", index: bad, value: Double(classWeights[bad]),
                    expected: "a finite number")
            }
        }
        guard labelSmoothing >= 0, labelSmoothing <= 1 else {
            throw .invalidValue(
                argument: "labelSmoothing", index: nil, value: Double(labelSmoothing), expected: "a number in [0, 1]")
        }
    }

    private static func runCrossEntropy<Scalar: KernelScalar>(
        _ logits: Matrix<Scalar>, _ classWeights: [Scalar]?, _ computesGradient: Bool,
        _ body: (UnsafePointer<Scalar>, UnsafePointer<Scalar>?, UnsafeMutablePointer<Scalar>,
                 UnsafeMutablePointer<Scalar>?) -> Void
    ) -> SoftmaxCrossEntropyOutput<Scalar> {
        var losses = [Scalar](repeating: 0, count: logits.rows)
        var gradient = computesGradient ? logits : nil
        var gradientElements = gradient?.elements ?? []
        let weights = classWeights ?? []
        logits.elements.withUnsafeBufferPointer { x in
            weights.withUnsafeBufferPointer { w in
                losses.withUnsafeMutableBufferPointer { lossBuffer in
                    gradientElements.withUnsafeMutableBufferPointer { g in
                        guard let xBase = x.baseAddress, let lossBase = lossBuffer.baseAddress else { return }
                        body(xBase, classWeights == nil ? nil : w.baseAddress, lossBase, g.baseAddress)
                    }
                }
            }
        }
        gradient?.elements = gradientElements
        return SoftmaxCrossEntropyOutput(rowLosses: losses, gradient: gradient)
    }
}
