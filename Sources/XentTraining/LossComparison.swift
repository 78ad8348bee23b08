/// The article's experiment: the same model trained with several losses over several seeds on one split.
public enum LossComparison {
    /// Runs `configuration` once per loss and seed (seeds `1...seeds`), each with the honest protocol.
    ///
    /// - Parameters:
    ///   - split: the TRAIN/TEST pair every experiment trains and scores on.
    ///   - losses: the losses compared, in the order of the entries returned.
    ///   - seeds: how many seeds each loss is trained with (1 to 1000).
    ///   - configuration: every other setting; its loss and seed are replaced for each run.
    ///   - progress: called after each finished experiment with (done, total).
    public static func run(
        split: UCRSplit, losses: [TrainingLoss] = [.crossEntropy, .mse, .indexMSE], seeds: Int = 5,
        configuration: TrainingConfiguration = TrainingConfiguration(),
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> [ReportEntry] {
        guard seeds >= 1, seeds <= 1000 else {
            throw TrainingError.invalidSetting(name: "seeds", value: "\(seeds)", expected: "an integer in 1...1000")
        }
        var entries = [ReportEntry]()
        var done = 0
        for loss in losses {
            var experiments = [Experiment]()
            for seed in 1...seeds {
                var settings = configuration
                settings.loss = loss
                settings.seed = UInt64(seed)
                experiments.append(try Experiment(split: split, configuration: settings))
                done += 1
                progress?(done, losses.count * seeds)
            }
            entries.append(ReportEntry(loss: loss, experiments: experiments))
        }
        return entries
    }
}
