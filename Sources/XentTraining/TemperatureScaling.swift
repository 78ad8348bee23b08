import RealModule

/// Temperature scaling (Guo et al., "On calibration of modern neural networks", 2017): the calibrated
/// probabilities are `softmax(z / T)` for a classifier's scores z, with the one number T fitted by minimising the
/// cross-entropy of held-out scores (here: out-of-fold scores of TRAIN). It changes no prediction (the argmax is
/// the same), only how sure the probabilities are.
///
/// The targets are Platt's (1999) rather than one-hot: a series of class y, which has `n_y` series in the fit, counts
/// as `(n_y + 1)/(n_y + 2)` of class y and the rest shared equally by the other classes. Without this, scores that
/// separate the classes perfectly (common on small training sets) would drive T to 0 and the probabilities to 0
/// and 1, and one mistake on TEST would cost an unbounded number of bits.
enum TemperatureScaling {
    /// The temperature T > 0 that minimises the mean cross-entropy (nats) of `softmax(z / T)` over the rows of
    /// `scores` (`labels.count × classes`, row-major) against `labels`; 1 when there is nothing to fit.
    ///
    /// The loss (against Platt's targets) is convex in β = 1/T: Newton's method in β, safeguarded by a bracket, to a relative step of 10⁻¹².
    static func fit(scores: [Double], labels: [Int], classes: Int) -> Double {
        let n = labels.count
        guard n > 0, classes > 1, scores.count == n * classes, scores.allSatisfy(\.isFinite) else { return 1 }
        var counts = [Double](repeating: 0, count: classes)
        for y in labels { counts[y] += 1 }
        // The target-weighted score of each row: Σ_c t_c z_c.
        let targetScores = (0..<n).map { i -> Double in
            let y = labels[i]
            let own = (counts[y] + 1) / (counts[y] + 2)
            let other = (1 - own) / Double(classes - 1)
            var s = 0.0
            for c in 0..<classes { s += (c == y ? own : other) * scores[i * classes + c] }
            return s
        }
        // Derivatives of the mean loss in β: d1 = mean(E_p[z] − Σ_c t_c z_c), d2 = mean(Var_p[z]).
        func derivatives(_ beta: Double) -> (Double, Double) {
            var d1 = 0.0, d2 = 0.0
            for i in 0..<n {
                let row = scores[(i * classes)..<((i + 1) * classes)]
                let top = row.max() ?? 0
                var sum = 0.0, mean = 0.0, square = 0.0
                for z in row {
                    let e = Double.exp(beta * (z - top))
                    sum += e
                    mean += e * z
                    square += e * z * z
                }
                mean /= sum
                square /= sum
                d1 += mean - targetScores[i]
                d2 += max(0, square - mean * mean)
            }
            return (d1 / Double(n), d2 / Double(n))
        }
        // A bracket [low, high] with the derivative ≤ 0 at low and ≥ 0 at high (β = 0 has d1 ≥ 0 only if the
        // scores carry no signal; then the best β is 0: every class equally likely, capped here at T = 10⁶).
        var low = 0.0, high = 1.0
        if derivatives(1e-6).0 >= 0 { return 1e6 }
        var grow = 0
        while derivatives(high).0 < 0 {
            low = high
            high *= 4
            grow += 1
            if grow > 40 { return 1 / high }
        }
        var beta = (low + high) / 2
        for _ in 0..<100 {
            let (d1, d2) = derivatives(beta)
            if d1 < 0 { low = beta } else { high = beta }
            var next = d2 > 0 ? beta - d1 / d2 : (low + high) / 2
            if !(next > low && next < high) { next = (low + high) / 2 }
            if abs(next - beta) <= 1e-12 * beta { beta = next; break }
            beta = next
        }
        return 1 / beta
    }
}
