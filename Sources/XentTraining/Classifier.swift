/// A trained time-series classifier: a network or a linear read-out of fixed features, and the loss that says how
/// to read its outputs.
public final class Classifier {
    /// What turns the (featurised) series into outputs.
    enum Readout {
        /// A network trained by gradient descent (its first layer reads the series or the features).
        case network(Network<Float>)
        /// A linear read-out fitted to its optimum (``HeadKind/ridge``, ``HeadKind/logistic``).
        case linear(LinearReadout)
    }

    let readout: Readout
    /// The network, for a classifier trained by AdamW.
    var network: Network<Float>? {
        if case .network(let network) = readout { return network }
        return nil
    }
    let objective: Objective
    let threads: Int
    /// The fixed feature layer in front of the read-out (MiniRocket, Hydra or both), or nil when the network reads
    /// the series.
    public let features: FeatureLayer?
    /// The series length the classifier was trained on.
    public var inputLength: Int {
        if let features { return features.inputLength }
        if case .network(let network) = readout { return network.inputLength }
        return 0
    }
    /// The number of classes.
    public var classCount: Int { objective.classCount }
    /// The loss it was trained with.
    public var loss: TrainingLoss { objective.loss }
    /// The per-class offsets of the macro-F1 decision rule, or nil for the argmax.
    public internal(set) var decisionOffsets: MacroF1Offsets?
    /// The softmax temperature T of the calibrated probabilities `softmax(z / T)` (1 when not calibrated).
    public var temperature: Double {
        if case .linear(let linear) = readout { return linear.temperature }
        return 1
    }

    init(network: Network<Float>, objective: Objective, features: FeatureLayer? = nil) {
        readout = .network(network)
        self.objective = objective
        self.features = features
        threads = network.threads
    }

    init(linear: LinearReadout, objective: Objective, features: FeatureLayer, threads: Int) {
        readout = .linear(linear)
        self.objective = objective
        self.features = features
        self.threads = max(1, threads)
    }

    /// The raw outputs (logits, ridge scores, or the regression value) for `indices` of `dataset`, in evaluation
    /// mode, before calibration.
    func outputs(for dataset: TimeSeriesDataset, indices: [Int]) -> [[Double]] {
        var rows = [[Double]]()
        rows.reserveCapacity(indices.count)
        let chunk = 256
        var start = 0
        while start < indices.count {
            let part = Array(indices[start..<min(indices.count, start + chunk)])
            let values: [Float]
            let width: Int
            switch readout {
            case .network(let network):
                let input: ActivationBatch<Float>
                if let features {
                    // Callers have checked the series length (see predict).
                    let x = features.standardizedFeatures(of: dataset, indices: part, threads: threads)
                    input = ActivationBatch(values: x, batch: part.count, length: features.featureCount, channels: 1)
                } else {
                    input = Trainer.batch(dataset, part)
                }
                let out = network.forward(input, training: false)
                values = out.values
                width = out.width
            case .linear(let linear):
                let x = features?.standardizedFeatures(of: dataset, indices: part, threads: threads) ?? []
                values = linear.logits(of: x, rows: part.count)
                width = linear.outputs
            }
            for i in 0..<part.count {
                rows.append((0..<width).map { Double(values[i * width + $0]) })
            }
            start += chunk
        }
        return rows
    }

    /// The raw outputs of several linear classifiers that share one feature layer (the same object's layer, as
    /// ``LinearHeadTrainer/prepare(_:configuration:)`` gives), computing each series' features once:
    /// `[classifier][series][output]`. Falls back to one pass per classifier otherwise.
    static func outputs(of classifiers: [Classifier], for dataset: TimeSeriesDataset) -> [[[Double]]] {
        let indices = Array(0..<dataset.count)
        guard let first = classifiers.first, let features = first.features,
              classifiers.allSatisfy({ if case .linear = $0.readout { true } else { false } }),
              classifiers.dropFirst().allSatisfy({ $0.features == features })
        else {
            return classifiers.map { $0.outputs(for: dataset, indices: indices) }
        }
        var rows = [[[Double]]](repeating: [], count: classifiers.count)
        let chunk = 256
        var start = 0
        while start < indices.count {
            let part = Array(indices[start..<min(indices.count, start + chunk)])
            let x = features.standardizedFeatures(of: dataset, indices: part, threads: first.threads)
            for (c, classifier) in classifiers.enumerated() {
                guard case .linear(let linear) = classifier.readout else { continue }
                let values = linear.logits(of: x, rows: part.count)
                let width = linear.outputs
                for i in 0..<part.count { rows[c].append((0..<width).map { Double(values[i * width + $0]) }) }
            }
            start += chunk
        }
        return rows
    }

    /// The predicted class probabilities of every series in `dataset` (for the index regression, one-hot):
    /// calibrated (`softmax(z / T)` with the fitted temperature) unless `calibrated` is false.
    ///
    /// - Throws: ``TrainingError/shapeMismatch(what:count:expected:)`` when the series length differs.
    public func predict(_ dataset: TimeSeriesDataset, calibrated: Bool = true) throws(TrainingError) -> Predictions {
        try checkShape(of: dataset)
        let rows = outputs(for: dataset, indices: Array(0..<dataset.count))
        return predictions(fromOutputs: rows, calibrated: calibrated)
    }

    /// Checks that `dataset` has the series length and the class count the classifier was trained on.
    ///
    /// - Throws: ``TrainingError/shapeMismatch(what:count:expected:)`` when either differs.
    func checkShape(of dataset: TimeSeriesDataset) throws(TrainingError) {
        guard dataset.length == inputLength else {
            throw TrainingError.shapeMismatch(what: "series length", count: dataset.length, expected: inputLength)
        }
        guard dataset.classCount == classCount else {
            throw TrainingError.shapeMismatch(what: "class count", count: dataset.classCount, expected: classCount)
        }
    }

    /// The predictions for raw output rows: each head's (calibrated) probabilities, averaged over the heads of a
    /// pooled linear read-out (one head otherwise).
    func predictions(fromOutputs rows: [[Double]], calibrated: Bool) -> Predictions {
        var temperatures = [temperature]
        if case .linear(let linear) = readout { temperatures = linear.temperatures }
        let scales = temperatures.map { calibrated && objective.loss.outputsClassScores ? 1 / $0 : 1 }
        // One head: p exactly (x · 1 and 0 + p / 1 are exact).
        let probabilities = rows.map { row in
            let k = row.count / scales.count  // outputs per head (1 for the index regression)
            var pooled = [Double](repeating: 0, count: classCount)
            for (h, scale) in scales.enumerated() {
                let p = objective.probabilities(row[(h * k)..<((h + 1) * k)].map { $0 * scale })
                for c in 0..<classCount { pooled[c] += p[c] / Double(scales.count) }
            }
            return pooled
        }
        let predicted = zip(rows, probabilities).map { row, p in
            guard objective.loss.outputsClassScores else { return objective.predictedIndex(row[0]) }
            return decisionOffsets?.decide(p) ?? Predictions.argmax(p)
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
