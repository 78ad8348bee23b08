import Foundation
import XentTraining

/// The loss comparison behind `xent demo`: cross-entropy against the two MSE variants over several seeds.
enum TrainComparison {
    static func run(split: UCRSplit, seeds: Int, model: ModelConfiguration, reportDirectory: String?,
                    preface: String?, progress: ProgressBar) throws -> (entries: [ReportEntry], reportPath: String?) {
        var configuration = TrainingConfiguration()
        configuration.model = model
        // Every loss fitted to its optimum the same way (L-BFGS, penalty by cross-validation), so that the comparison
        // compares losses, not optimiser luck; the MLP and the CNN have only the AdamW head.
        if model.kind.readsFixedFeatures { configuration.head = .logistic }
        configuration.threads = ProcessInfo.processInfo.activeProcessorCount
        let entries: [ReportEntry]
        do {
            entries = try LossComparison.run(split: split, seeds: seeds, configuration: configuration,
                                             progress: progress.update)
        } catch {
            throw CLIError.badData("demo", error)
        }
        progress.finish()
        var path: String?
        if let reportDirectory {
            let report = TrainingReport(
                title: "Cross-entropy against MSE on ECG5000 heartbeats (\(model.kind.rawValue), \(seeds) seeds)",
                datasetName: "ECG5000", split: split, entries: entries, preface: preface)
            path = try ReportWriter.write(report, directory: reportDirectory)
        }
        return (entries, path)
    }

    /// The aligned comparison table.
    static func table(_ entries: [ReportEntry]) -> [String] {
        var rows = [["loss", "seeds", "accuracy (%)", "macro-F1", "log loss (bits)", "ECE", "train (s)"]]
        for entry in entries {
            func cell(_ metric: (Experiment) -> Double, _ digits: Int, _ scale: Double = 1) -> String {
                let s = entry.summary(metric)
                return s.mean.isFinite
                    ? NumberText.fixed(scale * s.mean, digits) + " ± " + NumberText.fixed(scale * s.deviation, digits)
                    : NumberText.fixed(s.mean, digits)
            }
            rows.append([
                entry.loss.displayName,
                "\(entry.experiments.count)",
                cell({ $0.metrics.accuracy }, 2, 100),
                cell({ $0.metrics.macroF1 }, 3),
                cell({ $0.metrics.logLossBits }, 3),
                cell({ $0.metrics.expectedCalibrationError }, 3),
                cell({ $0.run.trainingSeconds }, 2),
            ])
        }
        return TextTable(rows, minimumWidths: [13, 5, 15, 15, 15, 15, 15]).lines
    }

    static func json(_ entries: [ReportEntry], reportPath: String?) -> JSONValue {
        func stats(_ entry: ReportEntry, _ metric: (Experiment) -> Double) -> JSONValue {
            let s = entry.summary(metric)
            return .object([("mean", .number(s.mean)), ("sd", .number(s.deviation)),
                            ("values", .numbers(entry.experiments.map(metric)))])
        }
        let headline = entries.first.map { $0.summary { $0.metrics.accuracy }.mean } ?? .nan
        return .object([
            ("value", .number(headline)),
            ("unit", .string("accuracy")),
            ("dataset", .string("ECG5000")),
            ("report", reportPath.map { .string($0) } ?? .null),
            ("losses", .array(entries.map { entry in
                .object([
                    ("loss", .string(entry.loss.rawValue)),
                    ("test_accuracy", stats(entry) { $0.metrics.accuracy }),
                    ("macro_f1", stats(entry) { $0.metrics.macroF1 }),
                    ("log_loss_bits", stats(entry) { $0.metrics.logLossBits }),
                    ("brier", stats(entry) { $0.metrics.brierScore }),
                    ("ece", stats(entry) { $0.metrics.expectedCalibrationError }),
                    ("train_seconds", stats(entry) { $0.run.trainingSeconds }),
                    ("chosen_epoch", stats(entry) { Double($0.run.chosenEpoch) }),
                ])
            })),
        ])
    }
}
