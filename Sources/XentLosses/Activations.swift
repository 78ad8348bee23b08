import RealModule

/// Softmax, log-softmax, sigmoid and log-sigmoid, stable for every finite input, with their
/// vector–Jacobian products (VJP: the gradient with respect to the input, given the gradient with respect
/// to the output).
///
/// Softmax and log-softmax subtract the maximum first (the form both PyTorch and Keras use):
/// logSoftmax([1e4, −1e4, 0]) is [0, −2e4, −1e4] exactly, and no finite input gives NaN or infinity.
/// log σ(x) = min(x, 0) − log1p(e^−|x|) keeps log σ(−1e4) = −1e4. A NaN input makes its whole row NaN
/// (softmax family) or its own element NaN (sigmoid family).
public enum Activations {
    /// The softmax of `x`: exp(x − max) / Σ exp(x − max). An empty input gives an empty result.
    public static func softmax<Scalar: BinaryFloatingPoint & Real>(_ x: [Scalar]) -> [Scalar] {
        guard !x.isEmpty else { return [] }
        var out = x
        x.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                RowKernels.writeSoftmax(input.baseAddress!, count: input.count, into: output.baseAddress!)
            }
        }
        return out
    }

    /// The log-softmax of `x`: (x − max) − log Σ exp(x − max), in nats.
    public static func logSoftmax<Scalar: BinaryFloatingPoint & Real>(_ x: [Scalar]) -> [Scalar] {
        guard !x.isEmpty else { return [] }
        let (m, logSum) = x.withUnsafeBufferPointer { RowKernels.logSumExp($0.baseAddress!, count: $0.count) }
        return x.map { ($0 - m) - logSum }
    }

    /// log Σ exp(x), stable for every finite input; −inf for an empty input.
    public static func logSumExp<Scalar: BinaryFloatingPoint & Real>(_ x: [Scalar]) -> Scalar {
        guard !x.isEmpty else { return -.infinity }
        let (m, logSum) = x.withUnsafeBufferPointer { RowKernels.logSumExp($0.baseAddress!, count: $0.count) }
        return m + logSum
    }

    /// σ(x) = 1 / (1 + e^−x), without overflow for any input (σ(x) rounds to 1 from x ≈ 16.6 in Float32,
    /// 36.7 in Float64).
    public static func sigmoid<Scalar: BinaryFloatingPoint & Real>(_ x: Scalar) -> Scalar {
        RowKernels.sigmoid(x)
    }

    /// log σ(x) = −softplus(−x), exact for every finite input.
    public static func logSigmoid<Scalar: BinaryFloatingPoint & Real>(_ x: Scalar) -> Scalar {
        RowKernels.logSigmoid(x)
    }

    /// The VJP of softmax: given y = softmax(x) and ∂L/∂y, returns ∂L/∂x = y ⊙ (∂L/∂y − ⟨∂L/∂y, y⟩).
    public static func softmaxVJP<Scalar: BinaryFloatingPoint>(output y: [Scalar], outputGradient g: [Scalar]) -> [Scalar] {
        var dot: Scalar = 0
        for (yi, gi) in zip(y, g) { dot += yi * gi }
        return zip(y, g).map { yi, gi in yi * (gi - dot) }
    }

    /// The VJP of log-softmax: given ℓ = logSoftmax(x) and ∂L/∂ℓ, returns ∂L/∂x = ∂L/∂ℓ − softmax(x)·Σ ∂L/∂ℓ.
    public static func logSoftmaxVJP<Scalar: BinaryFloatingPoint & Real>(
        output logProbabilities: [Scalar], outputGradient g: [Scalar]
    ) -> [Scalar] {
        let total = g.reduce(0, +)
        return zip(logProbabilities, g).map { l, gi in gi - Scalar.exp(l) * total }
    }

    /// The derivative of σ at x: σ(x)·(1 − σ(x)) = σ(x)·σ(−x) (the latter form, exact in both tails).
    public static func sigmoidDerivative<Scalar: BinaryFloatingPoint & Real>(_ x: Scalar) -> Scalar {
        RowKernels.sigmoid(x) * RowKernels.sigmoid(-x)
    }

    /// The derivative of log σ at x: σ(−x) = 1 − σ(x), exact in both tails.
    public static func logSigmoidDerivative<Scalar: BinaryFloatingPoint & Real>(_ x: Scalar) -> Scalar {
        RowKernels.sigmoid(-x)
    }
}
