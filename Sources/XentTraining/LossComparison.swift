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
    ) throws(TrainingError) -> [ReportEntry] {
        guard seeds >= 1, seeds <= 1000 else {
            throw TrainingError.invalidSetting(name: "seeds", value: "\(seeds)", expected: "an integer in 1...1000")
        }
        var done = 0
        // With linear heads the feature layer, the span of TRAIN and TEST's features depend on the seed only: fitted
        // and computed once per seed for all the losses (each run's time still counts the shared part).
        let linear = losses.allSatisfy { loss in
            var settings = configuration
            settings.loss = loss
            return settings.resolvedHead != .adamw
        }
        if linear, split.test.length == split.train.length, split.test.classCount == split.train.classCount {
            var experiments = [[Experiment]](repeating: [], count: losses.count)
            for seed in 1...seeds {
                var base = configuration
                base.seed = UInt64(seed)
                try base.validate()
                let prepared = try LinearHeadTrainer.prepare(split.train, configuration: base)
                var runs = [TrainingRun]()
                for loss in losses {
                    var settings = base
                    settings.loss = loss
                    try settings.validate()
                    runs.append(try LinearHeadTrainer.train(on: split.train, configuration: settings, progress: nil,
                                                            prepared: prepared))
                }
                let outputs = Classifier.outputs(of: runs.map(\.classifier), for: split.test)
                for (l, run) in runs.enumerated() {
                    experiments[l].append(try Experiment(run: run, testOutputs: outputs[l], split: split))
                    done += 1
                    progress?(done, losses.count * seeds)
                }
            }
            return zip(losses, experiments).map { ReportEntry(loss: $0, experiments: $1) }
        }
        var entries = [ReportEntry]()
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
