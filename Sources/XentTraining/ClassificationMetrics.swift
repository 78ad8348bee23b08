import RealModule

/// The scores of a classifier on a labelled set: accuracy hides minority classes, so macro-F1, per-class
/// precision and recall, the confusion matrix and the probabilistic scores come with it.
public struct ClassificationMetrics: Sendable, Equatable {
    /// `confusion[true][predicted]`: how many series of each true class went to each predicted class.
    public var confusion: [[Int]]
    /// The share of series whose predicted class is the true one.
    public var accuracy: Double
    /// Precision per class (0 for a class never predicted).
    public var precision: [Double]
    /// Recall per class (0 for a class absent from the labels).
    public var recall: [Double]
    /// F1 per class, `2PR/(P + R)` (0 when both are 0).
    public var f1: [Double]
    /// The unweighted mean of the per-class F1 over the classes present in the labels or the predictions.
    public var macroF1: Double
    /// The mean of `−log₂ p(true class)`: bits per sample (+∞ when a true class got probability 0).
    public var logLossBits: Double
    /// The mean over series of `Σ_k (p_k − [k = y])²` (0 is perfect, 2 the worst).
    public var brierScore: Double
    /// The expected calibration error with `bins` equal-width confidence bins: `Σ_b (n_b/n)·|accuracy_b − confidence_b|`.
    public var expectedCalibrationError: Double
    /// The reliability diagram behind the ECE.
    public var reliability: [ReliabilityBin]

    /// Scores `predictions` against `labels` (class indices in `0..<classCount`).
    ///
    /// - Throws: ``TrainingError/shapeMismatch(what:count:expected:)`` when the counts differ.
    public init(labels: [Int], predictions: Predictions, classCount: Int, bins: Int = 15) throws(TrainingError) {
        guard predictions.predictedClasses.count == labels.count, predictions.probabilities.count == labels.count else {
            throw TrainingError.shapeMismatch(
                what: "predictions", count: predictions.predictedClasses.count, expected: labels.count)
        }
        guard !labels.isEmpty else { throw TrainingError.emptyFile(source: "labels") }
        for row in predictions.probabilities where row.count != classCount {
            throw TrainingError.shapeMismatch(what: "probabilities per series", count: row.count, expected: classCount)
        }
        for label in labels + predictions.predictedClasses where !(0..<classCount).contains(label) {
            throw TrainingError.invalidSetting(name: "class", value: "\(label)", expected: "an index in 0..<\(classCount)")
        }
        var confusion = [[Int]](repeating: [Int](repeating: 0, count: classCount), count: classCount)
        for (y, p) in zip(labels, predictions.predictedClasses) { confusion[y][p] += 1 }
        let n = Double(labels.count)
        var correct = 0
        var precision = [Double](repeating: 0, count: classCount)
        var recall = [Double](repeating: 0, count: classCount)
        var f1 = [Double](repeating: 0, count: classCount)
        var present = 0
        var f1Sum = 0.0
        for k in 0..<classCount {
            correct += confusion[k][k]
            let predicted = (0..<classCount).reduce(0) { $0 + confusion[$1][k] }
            let actual = confusion[k].reduce(0, +)
            let tp = Double(confusion[k][k])
            precision[k] = predicted > 0 ? tp / Double(predicted) : 0
            recall[k] = actual > 0 ? tp / Double(actual) : 0
            let sum = precision[k] + recall[k]
            f1[k] = sum > 0 ? 2 * precision[k] * recall[k] / sum : 0
            if predicted > 0 || actual > 0 {
                present += 1
                f1Sum += f1[k]
            }
        }
        var logLoss = 0.0
        var brier = 0.0
        var binCount = [Int](repeating: 0, count: bins)
        var binConfidence = [Double](repeating: 0, count: bins)
        var binCorrect = [Int](repeating: 0, count: bins)
        for (i, y) in labels.enumerated() {
            let p = predictions.probabilities[i]
            logLoss -= Double.log2(p[y])
            for k in 0..<classCount {
                let d = p[k] - (k == y ? 1 : 0)
                brier += d * d
            }
            let predicted = predictions.predictedClasses[i]
            let confidence = p[predicted]
            let bin = min(bins - 1, max(0, Int(confidence * Double(bins))))
            binCount[bin] += 1
            binConfidence[bin] += confidence
            if predicted == y { binCorrect[bin] += 1 }
        }
        var ece = 0.0
        var reliability = [ReliabilityBin]()
        for b in 0..<bins {
            let count = binCount[b]
            let meanConfidence = count > 0 ? binConfidence[b] / Double(count) : .nan
            let accuracy = count > 0 ? Double(binCorrect[b]) / Double(count) : .nan
            if count > 0 { ece += Double(count) / n * abs(accuracy - meanConfidence) }
            reliability.append(ReliabilityBin(
                lower: Double(b) / Double(bins), upper: Double(b + 1) / Double(bins), count: count,
                meanConfidence: meanConfidence, accuracy: accuracy))
        }
        self.confusion = confusion
        self.accuracy = Double(correct) / n
        self.precision = precision
        self.recall = recall
        self.f1 = f1
        self.macroF1 = present > 0 ? f1Sum / Double(present) : 0
        self.logLossBits = logLoss / n
        self.brierScore = brier / n
        self.expectedCalibrationError = ece
        self.reliability = reliability
    }
}

/// One bin of a reliability diagram: the series whose confidence (the probability of the predicted class) falls in
/// `[lower, upper)`.
public struct ReliabilityBin: Sendable, Equatable {
    public var lower: Double
    public var upper: Double
    public var count: Int
    /// The mean confidence in the bin (NaN when empty).
    public var meanConfidence: Double
    /// The share of correct predictions in the bin (NaN when empty).
    public var accuracy: Double
}
