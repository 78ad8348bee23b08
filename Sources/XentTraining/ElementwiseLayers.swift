/// The rectified linear unit `max(x, 0)`; its gradient at 0 is taken as 0.
final class ReLULayer<S: NetworkScalar> {
    private var output: [S] = []

    func forward(_ x: ActivationBatch<S>) -> ActivationBatch<S> {
        var y = x
        y.values.withUnsafeMutableBufferPointer { ys in
            for i in 0..<ys.count { ys[i] = ys[i] > 0 ? ys[i] : 0 }
        }
        output = y.values
        return y
    }

    func backward(_ dy: ActivationBatch<S>) -> ActivationBatch<S> {
        var dx = dy
        output.withUnsafeBufferPointer { ys in
            dx.values.withUnsafeMutableBufferPointer { ds in
                for i in 0..<ds.count { ds[i] = ys[i] > 0 ? ds[i] : 0 }
            }
        }
        return dx
    }
}

/// The mean over positions of each channel: `[batch, length, channels] → [batch, 1, channels]`.
final class GlobalAveragePoolingLayer<S: NetworkScalar> {
    private var length = 0

    func forward(_ x: ActivationBatch<S>) -> ActivationBatch<S> {
        length = x.length
        var y = ActivationBatch<S>(zerosBatch: x.batch, length: 1, channels: x.channels)
        let scale = 1 / S(x.length)
        let channels = x.channels
        x.values.withUnsafeBufferPointer { xs in
            y.values.withUnsafeMutableBufferPointer { ys in
                for n in 0..<x.batch {
                    for t in 0..<x.length {
                        let base = (n * x.length + t) * channels
                        for c in 0..<channels { ys[n * channels + c] += xs[base + c] }
                    }
                    for c in 0..<channels { ys[n * channels + c] *= scale }
                }
            }
        }
        return y
    }

    func backward(_ dy: ActivationBatch<S>) -> ActivationBatch<S> {
        let channels = dy.channels
        var dx = ActivationBatch<S>(zerosBatch: dy.batch, length: length, channels: channels)
        let scale = 1 / S(length)
        dy.values.withUnsafeBufferPointer { dys in
            dx.values.withUnsafeMutableBufferPointer { dxs in
                for n in 0..<dy.batch {
                    for t in 0..<length {
                        let base = (n * length + t) * channels
                        for c in 0..<channels { dxs[base + c] = dys[n * channels + c] * scale }
                    }
                }
            }
        }
        return dx
    }
}

/// Inverted dropout: in training each activation is zeroed with probability `rate` and the survivors are scaled by
/// `1/(1 − rate)`; in evaluation it is the identity. The mask comes from the network's seeded generator.
final class DropoutLayer<S: NetworkScalar> {
    let rate: Double
    private var mask: [S] = []

    init(rate: Double) { self.rate = rate }

    func forward(_ x: ActivationBatch<S>, training: Bool, generator: inout SeededGenerator) -> ActivationBatch<S> {
        guard training, rate > 0 else {
            mask = []
            return x
        }
        let keep = S(1 / (1 - rate))
        mask = [S](repeating: 0, count: x.values.count)
        for i in 0..<mask.count where generator.nextUnit() >= rate { mask[i] = keep }
        var y = x
        for i in 0..<y.values.count { y.values[i] *= mask[i] }
        return y
    }

    func backward(_ dy: ActivationBatch<S>) -> ActivationBatch<S> {
        guard !mask.isEmpty else { return dy }
        var dx = dy
        for i in 0..<dx.values.count { dx.values[i] *= mask[i] }
        return dx
    }
}
