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

    /// Fails early (before any training) when the folder of `path` does not exist or cannot be written.
    static func checkWritable(_ path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue,
              FileManager.default.isWritableFile(atPath: folder) else {
            throw CLIError("--predictions: '\(path)' cannot be written: expected a file path in a writable folder",
                           exitCode: .cannotCreate)
        }
    }

    /// Writes ``csv(_:labels:classNames:)`` to `path`.
    static func write(_ predictions: Predictions, labels: [Int], classNames: [String], to path: String) throws {
        do {
            try Data(csv(predictions, labels: labels, classNames: classNames).utf8)
                .write(to: URL(fileURLWithPath: path))
        } catch {
            throw CLIError("--predictions: '\(path)' cannot be written: expected a writable file path",
                           exitCode: .cannotCreate)
        }
    }
}
