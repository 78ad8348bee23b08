import Foundation

/// A self-contained HTML page (inline SVG and CSS, no scripts, no network) that shows a comparison of losses:
/// learning curves, confusion matrices, reliability diagrams, per-class F1, the mean series of each class, and a
/// plain-words summary.
public struct TrainingReport {
    public var title: String
    public var datasetName: String
    public var split: UCRSplit
    public var entries: [ReportEntry]
    /// An optional paragraph shown first (for example the article's story).
    public var preface: String?

    public init(title: String, datasetName: String, split: UCRSplit, entries: [ReportEntry], preface: String? = nil) {
        self.title = title
        self.datasetName = datasetName
        self.split = split
        self.entries = entries
        self.preface = preface
    }

    static func color(_ loss: TrainingLoss) -> String {
        switch loss {
        case .crossEntropy: return "#1f77b4"
        case .mse: return "#d62728"
        case .indexMSE: return "#2ca02c"
        case .focal: return "#9467bd"
        }
    }

    static func displayName(_ loss: TrainingLoss) -> String { loss.displayName }

    /// The plain-words summary of the comparison, whichever way it came out.
    public var summary: [String] {
        var lines = [String]()
        let seeds = entries.first?.experiments.count ?? 0
        let ranked = entries.sorted { $0.summary { $0.metrics.accuracy }.mean > $1.summary { $0.metrics.accuracy }.mean }
        if let best = ranked.first {
            let accuracy = best.summary { $0.metrics.accuracy }
            lines.append("Over \(seeds) seed\(seeds == 1 ? "" : "s"), \(Self.displayName(best.loss)) gave the best mean test accuracy: \(percent(accuracy.mean)) ± \(percent(accuracy.deviation)).")
        }
        for entry in ranked.dropFirst() {
            let accuracy = entry.summary { $0.metrics.accuracy }
            lines.append("\(Self.displayName(entry.loss).capitalizedFirst) reached \(percent(accuracy.mean)) ± \(percent(accuracy.deviation)).")
        }
        if let ce = entries.first(where: { $0.loss == .crossEntropy }),
           let mse = entries.first(where: { $0.loss == .mse }), seeds > 1 {
            let a = ce.summary { $0.metrics.accuracy }, b = mse.summary { $0.metrics.accuracy }
            let gap = abs(a.mean - b.mean)
            let spread = max(a.deviation, b.deviation)
            lines.append(gap < spread
                ? "The accuracy gap between cross-entropy and softmax MSE (\(points(gap)) points) is smaller than the seed-to-seed spread (\(points(spread))): on accuracy alone they are not distinguishable here."
                : "The accuracy gap between cross-entropy and softmax MSE (\(points(gap)) points) is larger than the seed-to-seed spread (\(points(spread))).")
        }
        let byF1 = entries.sorted { $0.summary { $0.metrics.macroF1 }.mean > $1.summary { $0.metrics.macroF1 }.mean }
        if let best = byF1.first, let worst = byF1.last, byF1.count > 1 {
            lines.append("On the rare classes (macro-F1, where each class counts the same) \(Self.displayName(best.loss)) scored \(fixed(best.summary { $0.metrics.macroF1 }.mean)) and \(Self.displayName(worst.loss)) \(fixed(worst.summary { $0.metrics.macroF1 }.mean)).")
        }
        let probabilistic = entries.filter { $0.loss.outputsClassScores }
        if let best = probabilistic.min(by: { $0.summary { $0.metrics.logLossBits }.mean < $1.summary { $0.metrics.logLossBits }.mean }) {
            lines.append("As a probability forecast, \(Self.displayName(best.loss)) had the lowest log loss, \(fixed(best.summary { $0.metrics.logLossBits }.mean)) bits per heartbeat, and an expected calibration error of \(fixed(best.summary { $0.metrics.expectedCalibrationError }.mean)).")
        }
        if entries.contains(where: { $0.loss == .indexMSE }) {
            lines.append("The index regression outputs no probabilities: its one-hot answers cost infinite log loss whenever they are wrong, and treating class 2 as \"between\" classes 1 and 3 is exactly the assumption the article warns against.")
        }
        return lines
    }

    private func points(_ x: Double) -> String { String(format: "%.2f", 100 * x) }
    private func percent(_ x: Double) -> String { String(format: "%.2f%%", 100 * x) }
    private func fixed(_ x: Double) -> String { x.isFinite ? String(format: "%.3f", x) : (x > 0 ? "∞" : "nan") }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
