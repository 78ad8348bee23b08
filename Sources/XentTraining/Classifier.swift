/// A trained time-series classifier: a network and the loss that says how to read its outputs.
public final class Classifier {
    let network: Network<Float>
    let objective: Objective
    /// The fixed feature layer in front of the network (MiniRocket or Hydra), or nil when the network reads the
    /// series.
    public let features: FeatureLayer?
    /// The series length the classifier was trained on.
    public var inputLength: Int { features?.inputLength ?? network.inputLength }
    /// The number of classes.
    public var classCount: Int { objective.classCount }
    /// The loss it was trained with.
    public var loss: TrainingLoss { objective.loss }

    init(network: Network<Float>, objective: Objective, features: FeatureLayer? = nil) {
        self.network = network
        self.objective = objective
        self.features = features
    }

    /// The raw outputs (logits, or the regression value) for `indices` of `dataset`, in evaluation mode.
    func outputs(for dataset: TimeSeriesDataset, indices: [Int]) -> [[Double]] {
        var rows = [[Double]]()
        rows.reserveCapacity(indices.count)
        let chunk = 256
        var start = 0
        while start < indices.count {
            let part = Array(indices[start..<min(indices.count, start + chunk)])
            let input: Activations<Float>
            if let features {
                // Callers have checked the series length (see predict).
                let values = features.standardizedFeatures(of: dataset, indices: part, threads: network.threads)
                input = Activations(values: values, batch: part.count, length: features.featureCount, channels: 1)
            } else {
                input = Trainer.batch(dataset, part)
            }
            let out = network.forward(input, training: false)
            let width = out.width
            for i in 0..<part.count {
                rows.append((0..<width).map { Double(out.values[i * width + $0]) })
            }
            start += chunk
        }
        return rows
    }

    /// The predicted class probabilities of every series in `dataset` (for the index regression, one-hot).
    ///
    /// - Throws: ``TrainingError/shapeMismatch(what:count:expected:)`` when the series length differs.
    public func predict(_ dataset: TimeSeriesDataset) throws -> Predictions {
        guard dataset.length == inputLength else {
            throw TrainingError.shapeMismatch(what: "series length", count: dataset.length, expected: inputLength)
        }
        guard dataset.classCount == classCount else {
            throw TrainingError.shapeMismatch(what: "class count", count: dataset.classCount, expected: classCount)
        }
        let rows = outputs(for: dataset, indices: Array(0..<dataset.count))
        let probabilities = rows.map(objective.probabilities)
        let predicted = zip(rows, probabilities).map { row, p in
            objective.loss.outputsClassScores ? Predictions.argmax(p) : objective.predictedIndex(row[0])
        }
        return Predictions(probabilities: probabilities, predictedClasses: predicted)
    }
}

/// A classifier's answers on a dataset.
public struct Predictions: Sendable, Equatable {
    /// One probability vector per series (rows sum to 1).
    public var probabilities: [[Double]]
    /// The predicted class index of each series.
    public var predictedClasses: [Int]

    /// Creates predictions from probabilities and classes.
    public init(probabilities: [[Double]], predictedClasses: [Int]) {
        self.probabilities = probabilities
        self.predictedClasses = predictedClasses
    }

    /// The first index of the largest value.
    static func argmax(_ row: [Double]) -> Int {
        var best = 0
        for j in row.indices where row[j] > row[best] { best = j }
        return best
    }
}
