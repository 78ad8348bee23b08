import XentKernelsC

/// What a checked binary cross-entropy with logits returns.
public struct BinaryCrossEntropyOutput<Scalar: KernelScalar>: Sendable {
    /// The sum of the loss over all elements, in nats (divide by the element count for a mean).
    public var sum: Double
    /// Each element's loss, in nats.
    public var elementLosses: Matrix<Scalar>
    /// `gradientScale` times the derivative of each element's loss with respect to its logit, or `nil`.
    public var gradient: Matrix<Scalar>?
}

extension Kernels {
    /// Fused binary cross-entropy with logits over a `[rows, classes]` batch: loss and gradient in one pass.
    /// Unchecked. Returns the sum of the loss over all elements (nats).
    ///
    /// Per element, with target t smoothed as t (1 - ε) + ε / 2 (Keras' `label_smoothing`), class weight w and
    /// positive weight pw (PyTorch's `weight` broadcast over rows and `pos_weight`; 1 when `nil`):
    ///
    ///     loss = w [ (1 - t) x + (1 + (pw - 1) t) softplus(-x) ]
    ///     d loss / d x = w [ (1 - t) - (1 + (pw - 1) t) (1 - sigmoid(x)) ]
    ///
    /// softplus(-x) = max(-x, 0) + log1p(e^-|x|): no overflow for any finite logit, and log1p keeps the tail.
    /// The sum is formed over fixed blocks of 4096 elements, so it has the same bits for any thread count.
    /// `gradient` and `elementLosses` may each be `logits` or `targets`.
    public static func binaryCrossEntropyWithLogits<Scalar: KernelScalar>(
        logits: UnsafePointer<Scalar>, targets: UnsafePointer<Scalar>, rows: Int, classes: Int,
        classWeights: UnsafePointer<Scalar>? = nil, positiveWeights: UnsafePointer<Scalar>? = nil,
        labelSmoothing: Scalar = 0, elementLosses: UnsafeMutablePointer<Scalar>? = nil,
        gradient: UnsafeMutablePointer<Scalar>?, gradientScale: Scalar = 1, threads: Int = 1
    ) -> Double {
        let count = rows * classes
        guard count > 0 else { return 0 }
        let block = Int(XK_BCE_BLOCK)
        let blocks = (count + block - 1) / block
        let sums = UnsafeMutablePointer<Double>.allocate(capacity: blocks)
        defer { sums.deallocate() }
        let x = UncheckedSendable(logits), t = UncheckedSendable(targets), s = UncheckedSendable(sums)
        let w = UncheckedSendable(classWeights), pw = UncheckedSendable(positiveWeights)
        let e = UncheckedSendable(elementLosses), g = UncheckedSendable(gradient)
        forEachRange(count: count, threads: threads, granularity: block, minimumPerThread: 65_536) { range in
            let i = range.lowerBound
            Scalar._kernelBinaryCrossEntropy(
                x.value + i, t.value + i, range.count, classes, i, w.value, pw.value, labelSmoothing,
                gradientScale, e.value.map { $0 + i }, g.value.map { $0 + i }, s.value + i / block)
        }
        return orderedSum(UnsafeBufferPointer(start: sums, count: blocks))
    }

    /// Binary cross-entropy with logits of every element of `logits` against `targets` of the same shape.
    ///
    /// - Throws: ``KernelError`` when shapes differ, a target is not finite, weights do not have one value per
    ///   column, `labelSmoothing` is outside [0, 1], or `threads` < 1.
    public static func binaryCrossEntropyWithLogits<Scalar: KernelScalar>(
        logits: Matrix<Scalar>, targets: Matrix<Scalar>, classWeights: [Scalar]? = nil,
        positiveWeights: [Scalar]? = nil, labelSmoothing: Scalar = 0, gradientScale: Scalar = 1,
        computesGradient: Bool = true, threads: Int = 1
    ) throws(KernelError) -> BinaryCrossEntropyOutput<Scalar> {
        try checkThreads(threads)
        guard targets.rows == logits.rows, targets.columns == logits.columns else {
            throw .sizeMismatch(argument: "targets", count: targets.elements.count, expected: logits.elements.count)
        }
        if let bad = targets.elements.firstIndex(where: { !$0.isFinite }) {
            throw .invalidValue(
                argument: "targets", index: bad, value: Double(targets.elements[bad]), expected: "a finite number")
        }
        for (name, weights) in [("classWeights", classWeights), ("positiveWeights", positiveWeights)] {
            guard let weights else { continue }
            guard weights.count == logits.columns else {
                throw .sizeMismatch(argument: name, count: weights.count, expected: logits.columns)
            }
        }
        guard labelSmoothing >= 0, labelSmoothing <= 1 else {
            throw .invalidValue(
                argument: "labelSmoothing", index: nil, value: Double(labelSmoothing), expected: "a number in [0, 1]")
        }
        var losses = [Scalar](repeating: 0, count: logits.elements.count)
        var gradient = [Scalar](repeating: 0, count: computesGradient ? logits.elements.count : 0)
        let w = classWeights ?? [], pw = positiveWeights ?? []
        var sum = 0.0
        logits.elements.withUnsafeBufferPointer { x in
            targets.elements.withUnsafeBufferPointer { t in
                w.withUnsafeBufferPointer { wb in
                    pw.withUnsafeBufferPointer { pwb in
                        losses.withUnsafeMutableBufferPointer { l in
                            gradient.withUnsafeMutableBufferPointer { g in
                                guard let xb = x.baseAddress, let tb = t.baseAddress else { return }
                                sum = binaryCrossEntropyWithLogits(
                                    logits: xb, targets: tb, rows: logits.rows, classes: logits.columns,
                                    classWeights: classWeights == nil ? nil : wb.baseAddress,
                                    positiveWeights: positiveWeights == nil ? nil : pwb.baseAddress,
                                    labelSmoothing: labelSmoothing, elementLosses: l.baseAddress,
                                    gradient: computesGradient ? g.baseAddress : nil, gradientScale: gradientScale,
                                    threads: threads)
                            }
                        }
                    }
                }
            }
        }
        return BinaryCrossEntropyOutput(
            sum: sum,
            elementLosses: Matrix(rows: logits.rows, columns: logits.columns, elements: losses),
            gradient: computesGradient ? Matrix(rows: logits.rows, columns: logits.columns, elements: gradient) : nil)
    }

    /// Σ values in index order with Neumaier's compensation: the same bits for the same values, whatever
    /// produced them.
    static func orderedSum(_ values: UnsafeBufferPointer<Double>) -> Double {
        var sum = 0.0, compensation = 0.0
        for value in values {
            let total = sum + value
            if abs(sum) >= abs(value) {
                compensation += (sum - total) + value
            } else {
                compensation += (value - total) + sum
            }
            sum = total
        }
        return sum + compensation
    }
}
