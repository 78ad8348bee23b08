import Foundation

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

/// Mean and sample standard deviation (n − 1; 0 for one value).
public enum MeanAndDeviation {
    public static func of(_ values: [Double]) -> (mean: Double, deviation: Double) {
        guard !values.isEmpty else { return (.nan, .nan) }
        let mean = values.reduce(0, +) / Double(values.count)
        guard values.count > 1 else { return (mean, 0) }
        let squares = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        return (mean, (squares / Double(values.count - 1)).squareRoot())
    }
}

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

    /// The page.
    public var html: String {
        var page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>\(SVGChart.escape(title))</title>
            <style>
            body { font-family: Helvetica, Arial, sans-serif; margin: 24px auto; max-width: 1400px; color: #222; }
            h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ddd; }
            table { border-collapse: collapse; font-size: 13px; } td, th { padding: 4px 10px; border-bottom: 1px solid #eee; text-align: right; }
            th:first-child, td:first-child { text-align: left; }
            .row { display: flex; flex-wrap: wrap; gap: 12px; align-items: flex-start; }
            .summary { background: #f6f8fa; padding: 10px 16px; border-radius: 6px; font-size: 14px; line-height: 1.5; }
            .note { color: #666; font-size: 12px; }
            </style></head><body>
            <h1>\(SVGChart.escape(title))</h1>

            """
        if let preface { page += "<p>\(SVGChart.escape(preface))</p>\n" }
        let protocolNote = byEpochs
            ? "20% held out, stratified, to choose the epoch"
            : "the penalty chosen by cross-validation on them, the probabilities calibrated on their out-of-fold scores"
        page += "<p class=\"note\">\(SVGChart.escape(datasetName)): \(split.train.count) training series (\(protocolNote)), \(split.test.count) test series scored once, length \(split.train.length), \(split.train.classCount) classes (labels \(split.labelMap.map(SVGChart.escape).joined(separator: ", "))).</p>\n"
        page += "<div class=\"summary\">" + summary.map { "<p>\(SVGChart.escape($0))</p>" }.joined() + "</div>\n"
        page += comparisonTable
        if byEpochs {
            page += "<h2>Learning curves (first seed; dashed: validation)</h2><div class=\"row\">"
            page += curves
            page += "</div>"
        }
        page += "<h2>Confusion matrices (first seed, test set)</h2><div class=\"row\">"
        for entry in entries {
            guard let first = entry.experiments.first else { continue }
            page += SVGChart.confusion(first.metrics.confusion, labels: split.labelMap,
                                       title: Self.displayName(entry.loss))
        }
        page += "</div><h2>Reliability diagrams (first seed, test set)</h2><div class=\"row\">"
        for entry in entries {
            guard let first = entry.experiments.first else { continue }
            let ece = String(format: "%.3f", first.metrics.expectedCalibrationError)
            page += SVGChart.reliability(first.metrics.reliability, title: "\(Self.displayName(entry.loss)) (ECE \(ece))",
                                         color: Self.color(entry.loss))
        }
        page += "</div><h2>Per-class F1 (mean over seeds) and the mean series of each class</h2><div class=\"row\">"
        page += SVGChart.bars(
            groups: split.labelMap,
            series: entries.map { entry in
                (Self.displayName(entry.loss), Self.color(entry.loss), (0..<split.test.classCount).map { k in
                    entry.summary { $0.metrics.f1[k] }.mean
                })
            },
            title: "F1 per class (test)", yLabel: "F1", width: 560)
        page += meanSeries
        page += "</div><p class=\"note\">Generated by xent (XentTraining). Everything on this page is inline SVG; it needs no network.</p></body></html>\n"
        return page
    }

    /// Whether the runs were trained by epochs (the AdamW head: curves and a chosen epoch) rather than fitted to an
    /// optimum (a penalty chosen by cross-validation).
    private var byEpochs: Bool {
        entries.contains { $0.experiments.contains { $0.run.head == .adamw } }
    }

    private var comparisonTable: String {
        let choice = byEpochs ? "chosen epoch" : "penalty (log₁₀)"
        var rows = "<h2>Comparison (test set, mean ± standard deviation over seeds)</h2><table><tr><th>loss</th><th>seeds</th><th>accuracy</th><th>macro-F1</th><th>log loss (bits)</th><th>Brier</th><th>ECE</th><th>\(choice)</th><th>train time (s)</th></tr>"
        for entry in entries {
            func cell(_ metric: (Experiment) -> Double, _ digits: Int, scale: Double = 1) -> String {
                let s = entry.summary(metric)
                guard s.mean.isFinite else { return s.mean.isNaN ? "nan" : "∞" }
                return String(format: "%.\(digits)f ± %.\(digits)f", scale * s.mean, scale * s.deviation)
            }
            rows += "<tr><td>\(Self.displayName(entry.loss))</td><td>\(entry.experiments.count)</td>"
            rows += "<td>\(cell({ $0.metrics.accuracy }, 2, scale: 100)) %</td><td>\(cell({ $0.metrics.macroF1 }, 3))</td>"
            rows += "<td>\(cell({ $0.metrics.logLossBits }, 3))</td><td>\(cell({ $0.metrics.brierScore }, 4))</td>"
            let chosen: (Experiment) -> Double = { e in
                e.run.head == .adamw ? Double(e.run.chosenEpoch) : Foundation.log10(e.run.penalty ?? .nan)
            }
            rows += "<td>\(cell({ $0.metrics.expectedCalibrationError }, 4))</td><td>\(cell(chosen, 1))</td>"
            rows += "<td>\(cell({ $0.run.trainingSeconds }, 2))</td></tr>"
        }
        return rows + "</table>\n"
    }

    private var curves: String {
        var out = ""
        var lossSeries = [SVGChart.Series]()
        var accuracySeries = [SVGChart.Series]()
        var markers = [(x: Double, label: String)]()
        for entry in entries {
            guard let first = entry.experiments.first else { continue }
            let color = Self.color(entry.loss)
            let name = Self.displayName(entry.loss)
            // Losses differ in scale; each is divided by its first-epoch training value to share one axis.
            let scale = first.run.curves.first.map { $0.trainingLoss > 0 ? $0.trainingLoss : 1 } ?? 1
            lossSeries.append(.init(name: "\(name) train", color: color, values: first.run.curves.map { $0.trainingLoss / scale }))
            lossSeries.append(.init(name: "\(name) validation", color: color,
                                    values: first.run.curves.map { $0.validationLoss / scale }, dashed: true))
            accuracySeries.append(.init(name: name, color: color, values: first.run.curves.map(\.validationAccuracy)))
            if entries.count == 1 { markers.append((Double(first.run.chosenEpoch), "chosen")) }
        }
        out += SVGChart.lines(lossSeries, title: "Loss (÷ its first-epoch training value)", xLabel: "epoch",
                              yLabel: "relative loss", width: 620, height: 300, markers: markers)
        out += SVGChart.lines(accuracySeries, title: "Validation accuracy", xLabel: "epoch", yLabel: "accuracy",
                              width: 620, height: 300, markers: markers)
        return out
    }

    private var meanSeries: String {
        var series = [SVGChart.Series]()
        let data = split.train
        for k in 0..<data.classCount {
            let members = data.labels.indices.filter { data.labels[$0] == k }
            guard !members.isEmpty else { continue }
            var mean = [Double](repeating: 0, count: data.length)
            var lower = mean, upper = mean
            for t in 0..<data.length {
                let values = members.map { Double(data.values[$0 * data.length + t]) }
                let s = MeanAndDeviation.of(values)
                mean[t] = s.mean
                lower[t] = s.mean - s.deviation
                upper[t] = s.mean + s.deviation
            }
            series.append(.init(name: "class \(data.classNames[k]) (n = \(members.count))",
                                color: SVGChart.palette[k % SVGChart.palette.count], values: mean, band: (lower, upper)))
        }
        return SVGChart.lines(series, title: "Mean training series per class (band: ± 1 sd)", xLabel: "sample",
                              yLabel: "z-normalised value", width: 720, height: 300)
    }
}

extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
