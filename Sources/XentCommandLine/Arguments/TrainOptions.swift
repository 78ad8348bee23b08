import Foundation
import XentTraining

/// Parsing of the `train` and `demo` options into library values, with the CLI's one-line errors.
enum TrainOptions {
    static func loadSplit(dataset: String?, train: String?, test: String?, zNormalize: Bool) throws -> UCRSplit {
        do {
            switch (dataset, train, test) {
            case (nil, nil, nil):
                return try UCRArchive.ecg5000(zNormalize: zNormalize)
            case (let name?, nil, nil):
                guard name.uppercased() == "ECG5000" else {
                    throw CLIError.badArgument("--dataset", name, expected: "ECG5000 (or use --train and --test)")
                }
                return try UCRArchive.ecg5000(zNormalize: zNormalize)
            case (nil, let trainPath?, let testPath?):
                // Each file is read once, to its end (pipes and FIFOs too): a missing file, a directory or an
                // unreadable one is exit 66 naming the option; bytes that are not UTF-8 text are bad data (65).
                let trainText = try InputFile.text(trainPath, argument: "--train")
                let testText = try InputFile.text(testPath, argument: "--test")
                return try UCRArchive.load(
                    trainText: trainText, trainPath: trainPath, testText: testText, testPath: testPath,
                    zNormalize: zNormalize)
            case (nil, _?, nil):
                throw CLIError("--test: missing: expected a TEST file together with --train")
            case (nil, nil, _?):
                throw CLIError("--train: missing: expected a TRAIN file together with --test")
            default:
                throw CLIError("--dataset: cannot be combined with --train/--test: expected one or the other")
            }
        } catch let error as TrainingError {
            if case .unreadableFile = error { throw CLIError("\(error)", exitCode: .noInput) }
            throw CLIError.badData(dataset.map { _ in "--dataset" } ?? "--train/--test", error)
        }
    }

    /// "ECG200" for ".../ECG200_TRAIN.tsv" (or `.ts`).
    static func datasetName(trainPath: String) -> String {
        let stem = URL(fileURLWithPath: trainPath).deletingPathExtension().lastPathComponent
        for suffix in ["_TRAIN", "_train", "-train"] where stem.hasSuffix(suffix) { return String(stem.dropLast(suffix.count)) }
        return stem
    }

    static func model(_ text: String) throws -> ModelConfiguration {
        guard let kind = ModelKind(rawValue: text.lowercased()) else {
            throw CLIError.badArgument("--model", text, expected: "hydra-minirocket, hydra-multirocket, minirocket, hydra, mlp or cnn")
        }
        return ModelConfiguration(kind: kind)
    }

    static func head(_ text: String) throws -> HeadKind {
        guard let head = HeadKind(rawValue: text.lowercased()) else {
            throw CLIError.badArgument("--head", text, expected: "ridge, logistic or adamw")
        }
        return head
    }

    static func loss(_ text: String) throws -> TrainingLoss {
        guard let loss = TrainingLoss(rawValue: text.lowercased()) else {
            throw CLIError.badArgument("--loss", text, expected: "cross-entropy, mse, index-mse or focal")
        }
        return loss
    }

    /// The largest explicit class weight, and the smallest positive one. Weights are used as given (not
    /// normalised: the focal loss and the penalised heads depend on their scale), so they are bounded to keep
    /// every weighted sum and product finite in Float (a weight of 1e308 would make the weighted mean ∞/∞).
    static let classWeightRange = 1e-6...1e6

    static func classWeighting(_ text: String) throws -> ClassWeighting {
        if text.lowercased() == "balanced" { return .balanced }
        if text.lowercased() == "none" || text.lowercased() == "uniform" { return .uniform }
        var weights = [Double]()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            guard let w = Double(part.trimmingCharacters(in: .whitespaces)), w.isFinite,
                  w == 0 || classWeightRange.contains(w) else {
                throw CLIError.badArgument("--class-weights", text,
                                           expected: "balanced or comma-separated weights, one per class, each 0 "
                                               + "or in [1e-6, 1e6]")
            }
            weights.append(w)
        }
        return .explicit(weights)
    }
}

/// A one-line progress bar on stderr (only shown when stderr is a terminal).
final class ProgressBar {
    let enabled: Bool
    let label: String
    let unit: String
    private var lastWidth = -1

    init(enabled: Bool, label: String, unit: String = "epochs") {
        self.enabled = enabled
        self.label = label
        self.unit = unit
    }

    func update(_ done: Int, _ total: Int) {
        guard enabled, total > 0 else { return }
        let width = 30
        let filled = min(width, done * width / total)
        guard filled != lastWidth || done == total else { return }
        lastWidth = filled
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        StandardError.write("\r\(label) [\(bar)] \(done)/\(total) \(unit)")
    }

    func finish() {
        guard enabled, lastWidth >= 0 else { return }
        StandardError.write("\r\u{1B}[K")
        lastWidth = -1
    }
}
