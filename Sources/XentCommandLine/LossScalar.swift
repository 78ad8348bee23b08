import XentKernels
import XentLosses
import XentTensorIO

/// The scalar types `xent loss` computes in: `Float` (float32 input) and `Double` (float64, and CSV by default).
protocol LossScalar: BinaryFloatingPoint, TensorFileScalar {
    static func evaluate(
        _ loss: Loss, predictions: Tensor<Self>, targets: Tensor<Self>, sampleWeights: Tensor<Self>?, withGradient: Bool
    ) throws(LossError) -> LossResult<Self>

    static func evaluate(
        _ loss: Loss, predictions: Tensor<Self>, labels: Tensor<Int>, sampleWeights: Tensor<Self>?, withGradient: Bool
    ) throws(LossError) -> LossResult<Self>
}

extension Float: LossScalar {
    static func evaluate(
        _ loss: Loss, predictions: Tensor<Float>, targets: Tensor<Float>, sampleWeights: Tensor<Float>?,
        withGradient: Bool
    ) throws(LossError) -> LossResult<Float> {
        try loss.evaluate(predictions: predictions, targets: targets, sampleWeights: sampleWeights,
                          withGradient: withGradient)
    }

    static func evaluate(
        _ loss: Loss, predictions: Tensor<Float>, labels: Tensor<Int>, sampleWeights: Tensor<Float>?,
        withGradient: Bool
    ) throws(LossError) -> LossResult<Float> {
        try loss.evaluate(predictions: predictions, labels: labels, sampleWeights: sampleWeights,
                          withGradient: withGradient)
    }
}

extension Double: LossScalar {
    static func evaluate(
        _ loss: Loss, predictions: Tensor<Double>, targets: Tensor<Double>, sampleWeights: Tensor<Double>?,
        withGradient: Bool
    ) throws(LossError) -> LossResult<Double> {
        try loss.evaluate(predictions: predictions, targets: targets, sampleWeights: sampleWeights,
                          withGradient: withGradient)
    }

    static func evaluate(
        _ loss: Loss, predictions: Tensor<Double>, labels: Tensor<Int>, sampleWeights: Tensor<Double>?,
        withGradient: Bool
    ) throws(LossError) -> LossResult<Double> {
        try loss.evaluate(predictions: predictions, labels: labels, sampleWeights: sampleWeights,
                          withGradient: withGradient)
    }
}
