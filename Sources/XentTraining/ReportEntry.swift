/// The experiments of one loss (one per seed), for the report and the comparison table.
public struct ReportEntry {
    /// The loss they were trained with.
    public var loss: TrainingLoss
    /// One experiment per seed.
    public var experiments: [Experiment]

    public init(loss: TrainingLoss, experiments: [Experiment]) {
        self.loss = loss
        self.experiments = experiments
    }

    /// Mean and sample standard deviation of a metric over the seeds.
    public func summary(_ metric: (Experiment) -> Double) -> (mean: Double, deviation: Double) {
        MeanAndDeviation.of(experiments.map(metric))
    }
}
