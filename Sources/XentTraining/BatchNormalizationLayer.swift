/// Batch normalisation over the batch and positions of each channel: `y = γ·(x − μ)/√(σ² + ε) + β`.
///
/// In training, μ and σ² are the batch's (σ² with `n` in the denominator) and running averages are kept
/// (momentum 0.1, the running variance with `n − 1`, as PyTorch does); in evaluation the running averages are used.
/// γ starts at 1 and β at 0; neither is weight-decayed.
final class BatchNormalizationLayer<S: NetworkScalar> {
    let channels: Int
    let offset: Int
    let epsilon: S = 1e-5
    let momentum: S = 0.1
    var runningMean: [S]
    var runningVariance: [S]
    private var normalized: [S] = []
    private var inverseDeviation: [S] = []
    private var shape = (batch: 0, length: 0)

    init(channels: Int, offset: Int) {
        self.channels = channels
        self.offset = offset
        runningMean = [S](repeating: 0, count: channels)
        runningVariance = [S](repeating: 1, count: channels)
    }

    var parameterCount: Int { 2 * channels }

    func initialize(_ parameters: inout [S]) {
        for c in 0..<channels {
            parameters[offset + c] = 1
            parameters[offset + channels + c] = 0
        }
    }

    func forward(_ x: ActivationBatch<S>, parameters: UnsafeBufferPointer<S>, training: Bool) -> ActivationBatch<S> {
        let rows = x.batch * x.length
        let count = channels
        shape = (x.batch, x.length)
        var mean = [S](repeating: 0, count: count)
        var variance = [S](repeating: 0, count: count)
        if training {
            x.values.withUnsafeBufferPointer { xs in
                mean.withUnsafeMutableBufferPointer { mu in
                    variance.withUnsafeMutableBufferPointer { v in
                        for r in 0..<rows {
                            let row = xs.baseAddress! + r * count
                            for c in 0..<count { mu[c] += row[c] }
                        }
                        for c in 0..<count { mu[c] /= S(rows) }
                        for r in 0..<rows {
                            let row = xs.baseAddress! + r * count
                            for c in 0..<count {
                                let d = row[c] - mu[c]
                                v[c] += d * d
                            }
                        }
                        for c in 0..<count { v[c] /= S(rows) }
                    }
                }
            }
            let unbias = rows > 1 ? S(rows) / S(rows - 1) : 1
            for c in 0..<count {
                runningMean[c] = (1 - momentum) * runningMean[c] + momentum * mean[c]
                runningVariance[c] = (1 - momentum) * runningVariance[c] + momentum * variance[c] * unbias
            }
        } else {
            mean = runningMean
            variance = runningVariance
        }
        inverseDeviation = variance.map { 1 / ($0 + epsilon).squareRoot() }
        var y = x
        normalized = x.values
        let gamma = parameters.baseAddress! + offset
        let beta = gamma + count
        normalized.withUnsafeMutableBufferPointer { xhat in
            y.values.withUnsafeMutableBufferPointer { ys in
                inverseDeviation.withUnsafeBufferPointer { inv in
                    mean.withUnsafeBufferPointer { mu in
                        for r in 0..<rows {
                            let base = r * count
                            for c in 0..<count {
                                let h = (xhat[base + c] - mu[c]) * inv[c]
                                xhat[base + c] = h
                                ys[base + c] = gamma[c] * h + beta[c]
                            }
                        }
                    }
                }
            }
        }
        return y
    }

    /// The gradient through the training-mode transform (batch statistics).
    func backward(_ dy: ActivationBatch<S>, parameters: UnsafeBufferPointer<S>,
                  gradients: UnsafeMutableBufferPointer<S>) -> ActivationBatch<S> {
        let rows = shape.batch * shape.length
        let count = channels
        let gamma = parameters.baseAddress! + offset
        let dGamma = gradients.baseAddress! + offset
        let dBeta = dGamma + count
        for c in 0..<count { dGamma[c] = 0; dBeta[c] = 0 }
        var dx = dy
        normalized.withUnsafeBufferPointer { xhat in
            dy.values.withUnsafeBufferPointer { dys in
                for r in 0..<rows {
                    let h = xhat.baseAddress! + r * count
                    let g = dys.baseAddress! + r * count
                    for c in 0..<count {
                        dBeta[c] += g[c]
                        dGamma[c] += g[c] * h[c]
                    }
                }
                let n = S(rows)
                var scale = [S](repeating: 0, count: count)
                for c in 0..<count { scale[c] = gamma[c] * inverseDeviation[c] / n }
                dx.values.withUnsafeMutableBufferPointer { dxs in
                    scale.withUnsafeBufferPointer { sc in
                        for r in 0..<rows {
                            let base = r * count
                            for c in 0..<count {
                                dxs[base + c] = sc[c] * (n * dys[base + c] - dBeta[c] - xhat[base + c] * dGamma[c])
                            }
                        }
                    }
                }
            }
        }
        return dx
    }
}
