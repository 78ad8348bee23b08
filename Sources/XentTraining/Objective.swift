import RealModule
import XentKernels
import XentLosses

/// A training loss with its settings resolved for one dataset: the function minimised by the trainer.
///
/// The value is a (class-)weighted mean over the batch, in nats for the cross-entropies. Gradients are with
/// respect to the network's outputs.
struct Objective: Sendable {
    let loss: TrainingLoss
    let classWeights: [Double]
    let labelSmoothing: Double
    let focalGamma: Double

    var classCount: Int { classWeights.count }

    /// The number of network outputs this objective needs.
    var outputCount: Int { loss.outputsClassScores ? classCount : 1 }

    /// The smoothed target distribution of label `y`: `(1 − ε)·e_y + ε/K`.
    func target(_ y: Int) -> [Double] {
        let k = classCount
        var t = [Double](repeating: labelSmoothing / Double(k), count: k)
        t[y] += 1 - labelSmoothing
        return t
    }

    /// The loss of a batch and, when asked, its gradient with respect to the outputs.
    ///
    /// Cross-entropy and focal come from XentLosses with their fused gradients: cross-entropy from logits with
    /// PyTorch's semantics (`cross_entropy(weight=, label_smoothing=)`, the weighted mean divides by the sum of the
    /// weights of the batch's labels), focal with Keras' (`CategoricalFocalCrossentropy(from_logits=True)`, α = 0.25,
    /// class weights as sample weights). The article's two MSE variants are computed here.
    ///
    /// - Throws: ``TrainingError/lossFailure(reason:)`` when the outputs are not finite (a diverged run).
    func valueAndGradient<S: NetworkScalar>(
        outputs: ActivationBatch<S>, labels: [Int], withGradient: Bool = true
    ) throws(TrainingError) -> (Double, ActivationBatch<S>) {
        let width = outputs.width
        let batch = outputs.batch
        var gradient = ActivationBatch<S>(zerosBatch: batch, length: 1, channels: width)
        switch loss {
        case .crossEntropy, .focal:
            let logits = Matrix<S>(rows: batch, columns: width, elements: outputs.values)
            let weights = classWeights.allSatisfy { $0 == 1 } ? nil : classWeights
            let result: LossResult<S>
            do {
                if loss == .crossEntropy {
                    result = try Loss.sparseCategoricalCrossEntropy(
                        fromLogits: true, labelSmoothing: labelSmoothing, classWeights: weights, convention: .pytorch
                    ).evaluate(predictions: logits, labels: labels, withGradient: withGradient)
                } else {
                    var oneHot = [S](repeating: 0, count: batch * width)
                    for (i, label) in labels.enumerated() { oneHot[i * width + label] = 1 }
                    result = try Loss.categoricalFocalCrossEntropy(
                        gamma: focalGamma, fromLogits: true, labelSmoothing: labelSmoothing, classWeights: weights
                    ).evaluate(predictions: logits, targets: Matrix(rows: batch, columns: width, elements: oneHot),
                               withGradient: withGradient)
                }
            } catch {
                throw TrainingError.lossFailure(reason: "\(error)")
            }
            if let values = result.gradient?.elements, values.count == gradient.values.count { gradient.values = values }
            return (Double(result.value ?? .nan), gradient)
        case .mse, .indexMSE:
            var total = 0.0
            var weightSum = 0.0
            for label in labels { weightSum += classWeights[label] }
            guard weightSum > 0 else { return (0, gradient) }
            for i in 0..<batch {
                let w = classWeights[labels[i]] / weightSum
                guard w > 0 else { continue }
                let row = (0..<width).map { Double(outputs.values[i * width + $0]) }
                let (value, rowGradient) = squaredErrorRow(row, label: labels[i])
                total += w * value
                for j in 0..<width { gradient.values[i * width + j] = S(w * rowGradient[j]) }
            }
            guard total.isFinite else {
                throw TrainingError.lossFailure(reason: "the squared error is not finite (the run diverged)")
            }
            return (total, gradient)
        }
    }

    /// The per-sample squared error of one output row and its gradient: softmax against the (smoothed) one-hot
    /// target, averaged over the K classes as Keras' `mean_squared_error` does; or the index regression.
    func squaredErrorRow(_ row: [Double], label: Int) -> (Double, [Double]) {
        if loss == .indexMSE {
            let d = row[0] - Double(label)
            return (d * d, [2 * d])
        }
        let p = Self.softmax(row)
        let t = target(label)
        let k = Double(row.count)
        var value = 0.0
        var dP = [Double](repeating: 0, count: row.count)
        for j in 0..<row.count {
            let d = p[j] - t[j]
            value += d * d / k
            dP[j] = 2 * d / k
        }
        var dot = 0.0
        for j in 0..<row.count { dot += dP[j] * p[j] }
        return (value, (0..<row.count).map { p[$0] * (dP[$0] - dot) })
    }

    /// The class probabilities the model assigns to one output row: the softmax, or for the index regression the
    /// one-hot vector of the rounded, clamped output.
    func probabilities(_ row: [Double]) -> [Double] {
        if loss.outputsClassScores { return Self.softmax(row) }
        var p = [Double](repeating: 0, count: classCount)
        p[predictedIndex(row[0])] = 1
        return p
    }

    /// The class of a regression output: rounded to the nearest index in `0..<K` (NaN goes to class 0).
    func predictedIndex(_ value: Double) -> Int {
        guard value.isFinite else { return value == .infinity ? classCount - 1 : 0 }
        return Int(min(max(value.rounded(), 0), Double(classCount - 1)))
    }

    /// The softmax of one output row in `Double`, through its log: `exp(x_j − (max + log Σ exp(x_k − max)))`,
    /// the sum taken in index order.
    ///
    /// Not ``XentLosses/Activations/softmax(_:)``: that one sums Double rows in the vectorised kernel's order and
    /// rounds `exp(x − max) / Σ`, a few ulp away from this form, and the squared-error gradient and the reported
    /// probabilities (hence every trained network and report) are pinned to these bits.
    static func softmax(_ row: [Double]) -> [Double] {
        let top = row.max() ?? 0
        var sum = 0.0
        for x in row { sum += Double.exp(x - top) }
        let logSum = top + Double.log(sum)
        return row.map { Double.exp($0 - logSum) }
    }
}
