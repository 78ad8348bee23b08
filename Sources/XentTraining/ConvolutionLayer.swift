/// A 1-D convolution with "same" zero padding and stride 1, computed as im2col followed by a matrix product.
///
/// For each sample and position the `kernelSize · inputChannels` inputs under the kernel are copied into one row
/// (channels last, so each kernel tap is one contiguous copy); the output is that `(batch · length) × (k · C_in)`
/// matrix times the `(k · C_in) × C_out` weights, plus a bias per output channel.
final class ConvolutionLayer<S: NetworkScalar> {
    let inputChannels: Int
    let outputChannels: Int
    let kernelSize: Int
    let offset: Int
    private var columns: [S] = []
    private var batch = 0
    private var length = 0

    init(inputChannels: Int, outputChannels: Int, kernelSize: Int, offset: Int) {
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.kernelSize = kernelSize
        self.offset = offset
    }

    var rowWidth: Int { kernelSize * inputChannels }
    var parameterCount: Int { rowWidth * outputChannels + outputChannels }

    /// PyTorch's default initialisation: uniform in ±1/√(k · C_in).
    func initialize(_ parameters: inout [S], decay: inout [S], generator: inout SeededGenerator) {
        let bound = 1 / Double(rowWidth).squareRoot()
        for i in 0..<parameterCount {
            parameters[offset + i] = S((2 * generator.nextUnit() - 1) * bound)
        }
        for i in 0..<(rowWidth * outputChannels) { decay[offset + i] = 1 }
    }

    func forward(_ x: ActivationBatch<S>, parameters: UnsafeBufferPointer<S>, threads: Int) -> ActivationBatch<S> {
        batch = x.batch
        length = x.length
        let width = rowWidth
        let pad = (kernelSize - 1) / 2
        let cin = inputChannels
        columns = [S](repeating: 0, count: batch * length * width)
        columns.withUnsafeMutableBufferPointer { cols in
            x.values.withUnsafeBufferPointer { xs in
                for n in 0..<batch {
                    for t in 0..<length {
                        let row = cols.baseAddress! + (n * length + t) * width
                        for tap in 0..<kernelSize {
                            let source = t + tap - pad
                            guard source >= 0, source < length else { continue }
                            let from = xs.baseAddress! + (n * length + source) * cin
                            (row + tap * cin).update(from: from, count: cin)
                        }
                    }
                }
            }
        }
        var y = ActivationBatch<S>(zerosBatch: batch, length: length, channels: outputChannels)
        let p = parameters.baseAddress! + offset
        columns.withUnsafeBufferPointer { cols in
            y.values.withUnsafeMutableBufferPointer { ys in
                MatrixProducts.multiply(cols.baseAddress!, p, into: ys.baseAddress!, m: batch * length, k: width,
                                        n: outputChannels, bias: p + width * outputChannels, threads: threads)
            }
        }
        return y
    }

    func backward(_ dy: ActivationBatch<S>, parameters: UnsafeBufferPointer<S>,
                  gradients: UnsafeMutableBufferPointer<S>, threads: Int,
                  needInputGradient: Bool) -> ActivationBatch<S> {
        let width = rowWidth
        let rows = batch * length
        let p = parameters.baseAddress! + offset
        let g = gradients.baseAddress! + offset
        var dx = ActivationBatch<S>(zerosBatch: batch, length: length, channels: inputChannels)
        columns.withUnsafeBufferPointer { cols in
            dy.values.withUnsafeBufferPointer { dys in
                MatrixProducts.multiplyTransposingLeft(cols.baseAddress!, dys.baseAddress!, into: g,
                                                       m: rows, k: width, n: outputChannels, threads: threads)
                MatrixProducts.columnSums(dys.baseAddress!, m: rows, n: outputChannels, into: g + width * outputChannels)
            }
        }
        guard needInputGradient else { return dx }
        var dColumns = [S](repeating: 0, count: rows * width)
        dy.values.withUnsafeBufferPointer { dys in
            dColumns.withUnsafeMutableBufferPointer { dcs in
                MatrixProducts.multiplyTransposingRight(dys.baseAddress!, p, into: dcs.baseAddress!,
                                                        m: rows, n: outputChannels, k: width, threads: threads)
            }
        }
        let pad = (kernelSize - 1) / 2
        let cin = inputChannels
        dColumns.withUnsafeBufferPointer { dcs in
            dx.values.withUnsafeMutableBufferPointer { dxs in
                for n in 0..<batch {
                    for t in 0..<length {
                        let row = dcs.baseAddress! + (n * length + t) * width
                        for tap in 0..<kernelSize {
                            let target = t + tap - pad
                            guard target >= 0, target < length else { continue }
                            let to = dxs.baseAddress! + (n * length + target) * cin
                            let from = row + tap * cin
                            for c in 0..<cin { to[c] += from[c] }
                        }
                    }
                }
            }
        }
        return dx
    }
}
