import ArgumentParser
import Foundation
import XentTraining

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a time-series classifier on a UCR dataset and score it once on its test split.",
        discussion: """
            Everything is chosen on TRAIN alone and TEST is scored once. The feature models (the default) fit a \
            linear head to its optimum: ridge with the penalty chosen by exact leave-one-out, or logistic regression \
            with the penalty chosen by stratified cross-validation; its probabilities are then calibrated by a \
            temperature fitted on out-of-fold scores. With --head adamw (and for mlp and cnn) a stratified 20% of \
            TRAIN chooses the epoch and the model is refitted on all of TRAIN. The feature models read the series \
            as stored (their level and amplitude can tell the classes apart); mlp and cnn z-normalise each series. \
            --z-normalize or --no-z-normalize overrides either.

            Example:
              xent train --dataset ECG5000 --model minirocket --loss cross-entropy --seed 1
              xent train --train Gun_TRAIN.tsv --test Gun_TEST.tsv --json
              xent train --train GunPoint_TRAIN.ts --test GunPoint_TEST.ts
            """
    )

    @Option(help: "A bundled dataset: ECG5000.") var dataset: String?
    @Option(help: """
        A UCR TRAIN file: TSV (label, then values; rows may end in NaN padding) or .ts (aeon/sktime: univariate). \
        Series of unequal length are padded at the end to the longest TRAIN series, as the archive does.
        """)
    var train: String?
    @Option(help: "A UCR TEST file, in either format (the reader follows each file's extension).") var test: String?
    @Option(help: "The model: hydra-multirocket (Hydra, MiniRocket, and MultiRocket pooling of the first difference), hydra-minirocket, minirocket, hydra, mlp or cnn.") var model = "hydra-multirocket"
    @Option(help: "How a feature model's head is fitted: ridge (exact leave-one-out penalty), logistic (the loss at its optimum, penalty by cross-validation) or adamw (epochs on a validation split). Default: ridge for cross-entropy, logistic for the other losses; adamw for mlp and cnn.")
    var head: String?
    @Option(help: "How the predicted class is chosen: argmax (default), or macro-f1 (per-class offsets chosen on out-of-fold predictions of TRAIN to favour rare classes; linear heads only).")
    var decision = "argmax"
    @Option(help: "The loss: cross-entropy, mse (softmax vs one-hot), index-mse (regress the class index) or focal.")
    var loss = "cross-entropy"
    @Option(parsing: .unconditional,
            help: "Class weights: balanced, or one weight per class (w1,w2,…), each 0 or in [1e-6, 1e6].")
    var classWeights: String?
    @Option(parsing: .unconditional, help: "Label smoothing in [0, 1).") var labelSmoothing = 0.0
    @Option(parsing: .unconditional, help: "Epochs of the selection run (default: 60, more for small sets so that a run makes at least 1000 steps).")
    var epochs: Int?
    @Option(parsing: .unconditional, help: "The seed of the split, the weights and the batch order.",
            transform: SeedArgument.parse) var seed: UInt64 = 1
    @Option(parsing: .unconditional, help: "Threads for the matrix products (results do not depend on it).")
    var threads = ProcessInfo.processInfo.activeProcessorCount
    @Flag(inversion: .prefixedNo,
          help: "Z-normalise each series (default: only for mlp and cnn; the feature models read the series as stored).")
    var zNormalize: Bool?
    @Option(help: "Write the HTML report (report.html) into this directory.") var report: String?
    @Option(help: "Write the test predictions (true label, predicted label, class probabilities) to this CSV file.")
    var predictions: String?
    @Flag(help: "Replace an existing --predictions file.") var force = false
    @Flag(help: "Print one JSON object on stdout.") var json = false

    func run() throws {
        if let predictions { try PredictionsWriter.checkWritable(predictions, force: force) }
        if let report { try ReportWriter.checkWritable(report) }
        var configuration = TrainingConfiguration()
        configuration.model = try TrainOptions.model(model)
        let split = try TrainOptions.loadSplit(
            dataset: dataset, train: train, test: test,
            zNormalize: zNormalize ?? configuration.model.kind.normalizesSeriesByDefault)
        configuration.loss = try TrainOptions.loss(loss)
        if let head { configuration.head = try TrainOptions.head(head) }
        guard let rule = DecisionRule(rawValue: decision.lowercased()) else {
            throw CLIError.badArgument("--decision", decision, expected: "argmax or macro-f1")
        }
        configuration.decisionRule = rule
        if let classWeights {
            configuration.classWeighting = try TrainOptions.classWeighting(classWeights)
            if case .explicit(let weights) = configuration.classWeighting {
                guard weights.count == split.train.classCount, weights.contains(where: { $0 > 0 }) else {
                    throw CLIError.badArgument(
                        "--class-weights", classWeights,
                        expected: "\(split.train.classCount) weights ≥ 0, not all 0 (one per class, in label order "
                            + split.labelMap.joined(separator: ", ") + ")")
                }
            }
        }
        guard labelSmoothing >= 0, labelSmoothing < 1 else {
            throw CLIError.badArgument("--label-smoothing", "\(labelSmoothing)", expected: "a number in [0, 1)")
        }
        configuration.labelSmoothing = labelSmoothing
        if let epochs {
            guard (1...100_000).contains(epochs) else {
                throw CLIError.badArgument("--epochs", "\(epochs)", expected: "an integer in 1...100000")
            }
            guard configuration.resolvedHead == .adamw else {
                throw CLIError.badArgument(
                    "--epochs", "\(epochs)",
                    expected: "no epoch count with the \(configuration.resolvedHead.rawValue) head (it is fitted to its "
                        + "optimum); use --head adamw to train by epochs")
            }
            configuration.epochs = epochs
            configuration.minimumSteps = 0
        }
        guard (1...1024).contains(threads) else {
            throw CLIError.badArgument("--threads", "\(threads)", expected: "an integer in 1...1024")
        }
        configuration.threads = threads
        configuration.seed = seed
        let bar = ProgressBar(enabled: stderrIsTerminal && !json, label: "training")
        let experiment: Experiment
        do {
            experiment = try Experiment(split: split, configuration: configuration, progress: bar.update)
        } catch {
            throw CLIError.badData("train", error)
        }
        bar.finish()
        let name = train == nil ? "ECG5000" : TrainOptions.datasetName(trainPath: train ?? "")
        var reportPath: String?
        if let report {
            let page = TrainingReport(
                title: "xent train: \(name), \(configuration.model.kind.rawValue), \(configuration.loss.rawValue)",
                datasetName: name, split: split,
                entries: [ReportEntry(loss: configuration.loss, experiments: [experiment])])
            reportPath = try ReportWriter.write(page, directory: report)
        }
        if let predictions {
            try PredictionsWriter.write(experiment.predictions, labels: split.test.labels,
                                        classNames: split.test.classNames, to: predictions, force: force)
        }
        if json {
            try printLine(TrainOutput.json(experiment, configuration: configuration, split: split, dataset: name).text)
        } else {
            for line in TrainOutput.text(experiment, configuration: configuration, split: split, dataset: name) {
                try printLine(line)
            }
            if let reportPath { try printLine("report         \(reportPath)") }
        }
    }
}
