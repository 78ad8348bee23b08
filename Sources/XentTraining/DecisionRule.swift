import RealModule

/// How a classifier turns its class probabilities into one predicted class.
public enum DecisionRule: String, CaseIterable, Sendable {
    /// The most probable class (the Bayes decision for accuracy). The default.
    case argmax
    /// The class with the largest `log p_c + δ_c`, with per-class offsets δ chosen to maximise the macro-F1 of the
    /// out-of-fold predictions of TRAIN (``MacroF1Offsets``): rare classes are predicted more often, at some cost
    /// in accuracy. The probabilities themselves are unchanged.
    case macroF1 = "macro-f1"
}

/// Per-class offsets on the log-probabilities that maximise macro-F1 (the mean over classes of each class's F1) on
/// a set of predictions, chosen by coordinate ascent: each class's offset in turn is set to the best of a grid
/// from −8 to 8 nats in steps of 0.25 (ties to the smallest magnitude), for up to five sweeps or until nothing
/// changes. Fitted on out-of-fold predictions of TRAIN only, never on TEST.
public struct MacroF1Offsets: Sendable, Equatable {
    /// The offset δ_c (nats) added to `log p_c` of each class.
    public var offsets: [Double]

    /// Offsets fitted on `probabilities` (one row per series) and their `labels` in `0..<classes`.
    public init(fitting probabilities: [[Double]], labels: [Int], classes: Int) {
        let logs = probabilities.map { row in row.map { Double.log(max($0, 1e-300)) } }
        var offsets = [Double](repeating: 0, count: classes)
        let grid = (-32...32).map { Double($0) / 4 }.sorted { abs($0) < abs($1) }
        var best = Self.macroF1(logs, labels: labels, offsets: offsets, classes: classes)
        for _ in 0..<5 {
            var changed = false
            for c in 0..<classes {
                var trial = offsets
                var bestValue = offsets[c]
                for value in grid {
                    trial[c] = value
                    let score = Self.macroF1(logs, labels: labels, offsets: trial, classes: classes)
                    if score > best + 1e-12 {
                        best = score
                        bestValue = value
                    }
                }
                if bestValue != offsets[c] {
                    offsets[c] = bestValue
                    changed = true
                }
            }
            if !changed { break }
        }
        self.offsets = offsets
    }

    /// The class with the largest `log p_c + δ_c` (the first on ties).
    public func decide(_ probabilities: [Double]) -> Int {
        var best = 0, bestScore = -Double.infinity
        for (c, p) in probabilities.enumerated() {
            let score = Double.log(max(p, 1e-300)) + offsets[c]
            if score > bestScore {
                best = c
                bestScore = score
            }
        }
        return best
    }

    /// The macro-F1 of the decisions under `offsets` (classes absent from both labels and decisions skipped).
    static func macroF1(_ logs: [[Double]], labels: [Int], offsets: [Double], classes: Int) -> Double {
        var tp = [Double](repeating: 0, count: classes)
        var predicted = tp, actual = tp
        for (row, y) in zip(logs, labels) {
            var best = 0, bestScore = -Double.infinity
            for c in 0..<classes where row[c] + offsets[c] > bestScore {
                best = c
                bestScore = row[c] + offsets[c]
            }
            predicted[best] += 1
            actual[y] += 1
            if best == y { tp[y] += 1 }
        }
        var sum = 0.0, present = 0.0
        for c in 0..<classes where predicted[c] + actual[c] > 0 {
            sum += 2 * tp[c] / (predicted[c] + actual[c])
            present += 1
        }
        return present > 0 ? sum / present : 0
    }
}
