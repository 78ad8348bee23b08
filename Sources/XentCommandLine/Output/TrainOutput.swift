import Foundation
import XentTraining

/// The text and JSON output of `xent train`.
enum TrainOutput {
    static func json(_ e: Experiment, configuration: TrainingConfiguration, split: UCRSplit,
                     dataset: String) -> JSONValue {
        let m = e.metrics
        let curves = e.run.curves
        return .object([
            ("value", .number(m.accuracy)),
            ("unit", .string("accuracy")),
            ("dataset", .string(dataset)),
            ("model", .string(configuration.model.kind.rawValue)),
            ("loss", .string(configuration.loss.rawValue)),
            ("head", .string(e.run.head.rawValue)),
            ("seed", .unsigned(configuration.seed)),
            ("test_accuracy", .number(m.accuracy)),
            ("macro_f1", .number(m.macroF1)),
            ("log_loss_bits", .number(m.logLossBits)),
            ("brier", .number(m.brierScore)),
            ("ece", .number(m.expectedCalibrationError)),
            ("uncalibrated_log_loss_bits", .number(e.uncalibratedMetrics.logLossBits)),
            ("uncalibrated_brier", .number(e.uncalibratedMetrics.brierScore)),
            ("uncalibrated_ece", .number(e.uncalibratedMetrics.expectedCalibrationError)),
            ("temperature", .number(e.run.temperature)),
            ("penalty", e.run.penalty.map { .number($0) } ?? .null),
            ("class_penalties", e.run.classPenalties.isEmpty ? .null : .numbers(e.run.classPenalties)),
            ("minirocket_head", e.run.miniRocketHead.map {
                .object([("penalty", .number($0.penalty)), ("temperature", .number($0.temperature))])
            } ?? .null),
            ("cv_folds", .integer(e.run.foldCount)),
            ("decision", .string(configuration.decisionRule.rawValue)),
            ("class_offsets", e.run.classifier.decisionOffsets.map { .numbers($0.offsets) } ?? .null),
            ("argmax_accuracy", .number((e.argmaxMetrics ?? m).accuracy)),
            ("argmax_macro_f1", .number((e.argmaxMetrics ?? m).macroF1)),
            ("train_seconds", .number(e.run.trainingSeconds)),
            ("chosen_epoch", .integer(e.run.chosenEpoch)),
            ("epochs", .integer(e.run.curves.count)),
            ("label_map", .array(split.labelMap.map { .string($0) })),
            ("class_weights", .numbers(e.run.classWeights)),
            ("per_class", .array((0..<split.test.classCount).map { k in
                .object([
                    ("label", .string(split.labelMap[k])),
                    ("precision", .number(m.precision[k])),
                    ("recall", .number(m.recall[k])),
                    ("f1", .number(m.f1[k])),
                    ("support", .integer(m.confusion[k].reduce(0, +))),
                ])
            })),
            ("confusion", .array(m.confusion.map { .array($0.map { .integer($0) }) })),
            ("curves", .object([
                ("epoch", .array(curves.map { .integer($0.epoch) })),
                ("train_loss", .numbers(curves.map(\.trainingLoss))),
                ("validation_loss", .numbers(curves.map(\.validationLoss))),
                ("validation_accuracy", .numbers(curves.map(\.validationAccuracy))),
            ])),
        ])
    }

    static func text(_ e: Experiment, configuration: TrainingConfiguration, split: UCRSplit,
                     dataset: String) -> [String] {
        let m = e.metrics
        let validation = e.run.head != .adamw
            ? ["penalty", "\(NumberText.fixed(e.run.penalty ?? .nan, 6)) (\(Self.penaltyRange(e.run.classPenalties))\(e.run.foldCount == split.train.count ? "leave-one-out" : "\(e.run.foldCount)-fold") cross-validation on TRAIN), temperature \(NumberText.fixed(e.run.temperature, 3))"]
            : e.run.split.validation.isEmpty
            ? ["epochs", "\(e.run.chosenEpoch) (no series could be held out for validation; the last epoch is kept)"]
            : ["chosen epoch", "\(e.run.chosenEpoch) of \(e.run.curves.count) (best validation accuracy, \(configuration.selectionWindow)-epoch average)"]
        let pooled = e.run.miniRocketHead.map {
            [["pooled with", "a ridge head on the MiniRocket block alone (penalty \(NumberText.fixed($0.penalty, 6)), temperature \(NumberText.fixed($0.temperature, 3))): the mean of the two heads' probabilities"]]
        } ?? []
        let summary = [
            ["dataset", "\(dataset): \(split.train.count) train, \(split.test.count) test, length \(split.train.length), \(split.train.classCount) classes"],
            ["model", "\(configuration.model.kind.rawValue), loss \(configuration.loss.rawValue), head \(e.run.head.rawValue), seed \(configuration.seed)"],
            validation,
        ] + pooled + [
            ["train time", "\(NumberText.fixed(e.run.trainingSeconds, 2)) s"],
            ["test accuracy", "\(NumberText.fixed(100 * m.accuracy, 2)) %"],
            ["macro-F1", "\(NumberText.fixed(m.macroF1, 3))" + (e.argmaxMetrics.map {
                " (decision macro-f1; argmax: \(NumberText.fixed($0.macroF1, 3)), accuracy \(NumberText.fixed(100 * $0.accuracy, 2)) %)"
            } ?? "")],
            ["log loss", "\(NumberText.fixed(m.logLossBits, 3)) bits/sample (uncalibrated \(NumberText.fixed(e.uncalibratedMetrics.logLossBits, 3)))"],
            ["Brier score", "\(NumberText.fixed(m.brierScore, 4)) (uncalibrated \(NumberText.fixed(e.uncalibratedMetrics.brierScore, 4)))"],
            ["ECE", "\(NumberText.fixed(m.expectedCalibrationError, 4)) (uncalibrated \(NumberText.fixed(e.uncalibratedMetrics.expectedCalibrationError, 4)))"],
        ]
        var perClass = [["class", "label", "support", "precision", "recall", "F1"]]
        for k in 0..<split.test.classCount {
            perClass.append([
                "\(k)", split.labelMap[k], "\(m.confusion[k].reduce(0, +))", NumberText.fixed(m.precision[k], 3),
                NumberText.fixed(m.recall[k], 3), NumberText.fixed(m.f1[k], 3),
            ])
        }
        return TextTable(summary, minimumWidths: [13]).lines + [""]
            + TextTable(perClass, alignments: [.right], minimumWidths: [5, 5, 7, 9, 6, 5]).lines
    }

    /// "geometric mean of per-class penalties from 1000 to 3162; " for the ridge head's per-class penalties; empty
    /// when there are none or they are all the same.
    static func penaltyRange(_ penalties: [Double]) -> String {
        guard let low = penalties.min(), let high = penalties.max(), low < high else { return "" }
        return "geometric mean of per-class penalties from \(NumberText.fixed(low, 3)) to \(NumberText.fixed(high, 3)); "
    }
}
