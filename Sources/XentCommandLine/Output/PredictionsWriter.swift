import Foundation
import XentTraining

/// Writes a classifier's test predictions as CSV, for analysis outside xent.
enum PredictionsWriter {
    /// The CSV text: a header `label,predicted,p_<name>…` (the dataset's own label names), then one line per test
    /// series in file order with its true label, the predicted label and the class probabilities (shortest
    /// round-trip decimal form).
    static func csv(_ predictions: Predictions, labels: [Int], classNames: [String]) -> String {
        var lines = ["label,predicted," + classNames.map { "p_\($0)" }.joined(separator: ",")]
        lines.reserveCapacity(labels.count + 1)
        for (row, label) in labels.enumerated() {
            let probabilities = predictions.probabilities[row].map { "\($0)" }.joined(separator: ",")
            lines.append("\(classNames[label]),\(classNames[predictions.predictedClasses[row]]),\(probabilities)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Fails early (before any training) when `path` exists (unless `force`), or its folder does not exist or
    /// cannot be written.
    static func checkWritable(_ path: String, force: Bool) throws(CLIError) {
        try OutputFile.check(path, replacing: force, argument: "--predictions")
    }

    /// Writes ``csv(_:labels:classNames:)`` to `path`, completely or not at all; an existing file is replaced only
    /// with `force`.
    static func write(
        _ predictions: Predictions, labels: [Int], classNames: [String], to path: String, force: Bool
    ) throws(CLIError) {
        try OutputFile.write(csv(predictions, labels: labels, classNames: classNames), to: path, replacing: force,
                             argument: "--predictions")
    }
}
