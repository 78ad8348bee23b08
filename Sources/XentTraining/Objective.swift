import RealModule

/// A training loss with its settings resolved for one dataset: the function minimised by the trainer.
///
/// The value is a weighted mean over the batch, `Σ_i w_{y_i} ℓ_i / Σ_i w_{y_i}` (PyTorch's convention for class
/// weights), in nats for the cross-entropies. Gradients are with respect to the network's outputs.
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

    /// The loss of a batch and its gradient with respect to the outputs.
    func valueAndGradient<S: NetworkScalar>(outputs: Activations<S>, labels: [Int]) -> (Double, Activations<S>) {
        let width = outputs.width
        var gradient = Activations<S>(zerosBatch: outputs.batch, length: 1, channels: width)
        var total = 0.0
        var weightSum = 0.0
        for label in labels { weightSum += classWeights[label] }
        guard weightSum > 0 else { return (0, gradient) }
        for i in 0..<outputs.batch {
            let w = classWeights[labels[i]] / weightSum
            guard w > 0 else { continue }
            let row = (0..<width).map { Double(outputs.values[i * width + $0]) }
            let (value, rowGradient) = rowLoss(row, label: labels[i])
            total += w * value
            for j in 0..<width { gradient.values[i * width + j] = S(w * rowGradient[j]) }
        }
        return (total, gradient)
    }

    /// The per-sample loss (unweighted) and its gradient, for one output row.
    func rowLoss(_ row: [Double], label: Int) -> (Double, [Double]) {
        switch loss {
        case .crossEntropy:
            let logP = Softmax.logProbabilities(row)
            let t = target(label)
            var value = 0.0
            var gradient = [Double](repeating: 0, count: row.count)
            for j in 0..<row.count {
                if t[j] > 0 { value -= t[j] * logP[j] }
                gradient[j] = Double.exp(logP[j]) - t[j]
            }
            return (value, gradient)
        case .focal:
            // ℓ = −Σ_j t_j (1 − p_j)^γ log p_j; its gradient through the softmax is written out per term.
            let logP = Softmax.logProbabilities(row)
            let p = logP.map { Double.exp($0) }
            let t = target(label)
            let gamma = focalGamma
            var value = 0.0
            var gradient = [Double](repeating: 0, count: row.count)
            for j in 0..<row.count where t[j] > 0 {
                let q = 1 - p[j]
                value -= t[j] * Double.pow(q, gamma) * logP[j]
                // p_j · dℓ_j/dp_j (finite even where p_j underflows), then dp_j/dz_k = p_j (δ_jk − p_k).
                let scaled = -t[j] * (Double.pow(q, gamma)
                    - gamma * (q > 0 ? Double.pow(q, gamma - 1) : 0) * p[j] * logP[j])
                for k in 0..<row.count {
                    gradient[k] += scaled * ((j == k ? 1 : 0) - p[k])
                }
            }
            return (value, gradient)
        case .mse:
            let p = Softmax.probabilities(row)
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
        case .indexMSE:
            let d = row[0] - Double(label)
            return (d * d, [2 * d])
        }
    }

    /// The class probabilities the model assigns to one output row: the softmax, or for the index regression the
    /// one-hot vector of the rounded, clamped output.
    func probabilities(_ row: [Double]) -> [Double] {
        if loss.outputsClassScores { return Softmax.probabilities(row) }
        var p = [Double](repeating: 0, count: classCount)
        p[predictedIndex(row[0])] = 1
        return p
    }

    /// The class of a regression output: rounded to the nearest index in `0..<K` (NaN goes to class 0).
    func predictedIndex(_ value: Double) -> Int {
        guard value.isFinite else { return value == .infinity ? classCount - 1 : 0 }
        return Int(min(max(value.rounded(), 0), Double(classCount - 1)))
    }
}
