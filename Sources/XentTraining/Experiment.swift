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
                progress: ((Int, Int) -> Void)? = nil) throws {
        run = try Trainer.train(on: split.train, configuration: configuration, progress: progress)
        predictions = try run.classifier.predict(split.test)
        metrics = try ClassificationMetrics(
            labels: split.test.labels, predictions: predictions, classCount: split.test.classCount)
        uncalibratedMetrics = run.temperature == 1 ? metrics : try ClassificationMetrics(
            labels: split.test.labels, predictions: try run.classifier.predict(split.test, calibrated: false),
            classCount: split.test.classCount)
        if let offsets = run.classifier.decisionOffsets {
            run.classifier.decisionOffsets = nil
            argmaxMetrics = try ClassificationMetrics(
                labels: split.test.labels, predictions: try run.classifier.predict(split.test),
                classCount: split.test.classCount)
            run.classifier.decisionOffsets = offsets
        }
    }
}
