/// A fully connected layer `y = x·W + b`, with `W` stored `inputs × outputs` row-major.
final class DenseLayer<S: NetworkScalar> {
    let inputs: Int
    let outputs: Int
    /// Offset of `W` in the network's parameter array; `b` follows it.
    let offset: Int
    private var input: [S] = []
    private var batch = 0

    init(inputs: Int, outputs: Int, offset: Int) {
        self.inputs = inputs
        self.outputs = outputs
        self.offset = offset
    }

    var parameterCount: Int { inputs * outputs + outputs }

    /// PyTorch's default initialisation: `W` and `b` uniform in ±1/√inputs.
    func initialize(_ parameters: inout [S], decay: inout [S], generator: inout SeededGenerator) {
        let bound = 1 / Double(inputs).squareRoot()
        for i in 0..<parameterCount {
            parameters[offset + i] = S((2 * generator.nextUnit() - 1) * bound)
        }
        for i in 0..<(inputs * outputs) { decay[offset + i] = 1 }
    }

    func forward(_ x: ActivationBatch<S>, parameters: UnsafeBufferPointer<S>, threads: Int) -> ActivationBatch<S> {
        batch = x.batch
        input = x.values
        var y = ActivationBatch<S>(zerosBatch: x.batch, length: 1, channels: outputs)
        let p = parameters.baseAddress! + offset
        x.values.withUnsafeBufferPointer { xs in
            y.values.withUnsafeMutableBufferPointer { ys in
                MatrixProducts.multiply(xs.baseAddress!, p, into: ys.baseAddress!, m: batch, k: inputs, n: outputs,
                                        bias: p + inputs * outputs, threads: threads)
            }
        }
        return y
    }

    func backward(_ dy: ActivationBatch<S>, parameters: UnsafeBufferPointer<S>,
                  gradients: UnsafeMutableBufferPointer<S>, threads: Int,
                  needInputGradient: Bool) -> ActivationBatch<S> {
        let p = parameters.baseAddress! + offset
        let g = gradients.baseAddress! + offset
        var dx = ActivationBatch<S>(zerosBatch: batch, length: 1, channels: inputs)
        input.withUnsafeBufferPointer { xs in
            dy.values.withUnsafeBufferPointer { dys in
                MatrixProducts.multiplyTransposingLeft(xs.baseAddress!, dys.baseAddress!, into: g,
                                                       m: batch, k: inputs, n: outputs, threads: threads)
                MatrixProducts.columnSums(dys.baseAddress!, m: batch, n: outputs, into: g + inputs * outputs)
                if needInputGradient {
                    dx.values.withUnsafeMutableBufferPointer { dxs in
                        MatrixProducts.multiplyTransposingRight(dys.baseAddress!, p, into: dxs.baseAddress!,
                                                                m: batch, n: outputs, k: inputs, threads: threads)
                    }
                }
            }
        }
        return dx
    }
}
