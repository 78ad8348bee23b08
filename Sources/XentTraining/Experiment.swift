/// A full experiment: train with the honest protocol on TRAIN, then score once on TEST.
public struct Experiment {
    /// The training run (curves, chosen epoch, time).
    public var run: TrainingRun
    /// The test predictions.
    public var predictions: Predictions
    /// The test scores of the model as shipped (calibrated probabilities).
    public var metrics: ClassificationMetrics
    /// The test scores before calibration (`softmax(z)` rather than `softmax(z / T)`); the same as ``metrics``
    /// when the temperature is 1. Accuracy and F1 are the same either way.
    public var uncalibratedMetrics: ClassificationMetrics
    /// The test scores of the plain argmax decision when the configuration asks for another rule (nil otherwise).
    public var argmaxMetrics: ClassificationMetrics?

    /// Trains on `split.train` with `configuration`, then predicts and scores `split.test` (its only use).
    public init(split: UCRSplit, configuration: TrainingConfiguration,
                progress: ((Int, Int) -> Void)? = nil) throws(TrainingError) {
        let run = try Trainer.train(on: split.train, configuration: configuration, progress: progress)
        let classifier = run.classifier
        try classifier.checkShape(of: split.test)
        // The test features and outputs are computed once; the variants below only re-read them.
        let outputs = classifier.outputs(for: split.test, indices: Array(0..<split.test.count))
        try self.init(run: run, testOutputs: outputs, split: split)
    }

    /// Scores a trained run from its raw outputs on `split.test` (whose shape the caller has checked).
    init(run: TrainingRun, testOutputs outputs: [[Double]], split: UCRSplit) throws(TrainingError) {
        self.run = run
        let classifier = run.classifier
        let labels = split.test.labels, classes = split.test.classCount
        predictions = classifier.predictions(fromOutputs: outputs, calibrated: true)
        metrics = try ClassificationMetrics(labels: labels, predictions: predictions, classCount: classes)
        uncalibratedMetrics = run.temperature == 1 ? metrics : try ClassificationMetrics(
            labels: labels, predictions: classifier.predictions(fromOutputs: outputs, calibrated: false),
            classCount: classes)
        if let offsets = classifier.decisionOffsets {
            classifier.decisionOffsets = nil
            argmaxMetrics = try ClassificationMetrics(
                labels: labels, predictions: classifier.predictions(fromOutputs: outputs, calibrated: true),
                classCount: classes)
            classifier.decisionOffsets = offsets
        }
    }
}
