import RealModule

/// Ridge regression onto ±1 class targets (one column per class, a class's own column +1 and the others −1), the
/// classifier aeon's MiniRocket and MultiRocket-Hydra use, with the penalty chosen by *exact* leave-one-out.
///
/// For a penalty α the fit minimises `½‖Y − 1 bᵀ − X_c W‖² + ½α‖W‖²` (the intercept unpenalised). In the
/// coordinates of ``FeatureSpan`` its hat matrix is `H = 11ᵀ/n + U diag(λ/(λ+α)) Uᵀ`, so every series' leave-one-out
/// residual is `(y_i − ŷ_i) / (1 − H_ii)` without refitting (Allen's PRESS identity), for every α on the grid at
/// O(n² K) each. Each class column is a regression of its own (one class against the rest) and gets its own
/// penalty: the one with the smallest mean squared leave-one-out residual of that column (scikit-learn's `RidgeCV`
/// with `alpha_per_target=True`; one shared penalty, as `RidgeClassifierCV` chooses it, lost on average over the
/// development sets, see the training guide). The leave-one-out scores `y_i − e_i` of each column at its penalty are
/// the out-of-fold scores that calibration and the macro-F1 rule are fitted on. With two classes the two columns
/// are each other's negatives and share one penalty.
struct RidgeClassifierFit: Sendable {
    /// The penalties tried: 10⁻³ to 10⁶ in quarter decades (for standardised features, whose Gram eigenvalues are of
    /// the order of the feature count).
    static let penaltyGrid: [Double] = (0...36).map { Double.pow(10, -3 + Double($0) / 4) }

    /// The chosen penalty α of each class column.
    let penalties: [Double]
    /// The mean squared leave-one-out residual over all columns for each penalty of ``penaltyGrid`` (the curve the
    /// report draws; each column's choice minimises its own share of it).
    let leaveOneOutErrors: [Double]
    /// Dual coefficients `A` (`n × K`): the weights are `X_cᵀ A`.
    let dualCoefficients: [Double]
    /// The intercept (the mean target of each column).
    let intercept: [Double]
    /// The leave-one-out scores (`n × K`), each column at its chosen penalty.
    let leaveOneOutScores: [Double]

    /// The geometric mean of ``penalties``: one number for the report (the penalties span decades).
    var penalty: Double {
        Double.exp(penalties.reduce(0) { $0 + Double.log($1) } / Double(max(penalties.count, 1)))
    }

    /// Fits on the rows of `span` with class `labels` in `0..<classes` (two or more classes: two columns for two).
    init(span: FeatureSpan, labels: [Int], classes: Int, grid: [Double] = Self.penaltyGrid) {
        let n = span.rowCount, r = span.rank, k = classes
        var targets = [Double](repeating: -1, count: n * k)
        for (i, y) in labels.enumerated() { targets[i * k + y] = 1 }
        var mean = [Double](repeating: 0, count: k)
        for i in 0..<n { for c in 0..<k { mean[c] += targets[i * k + c] } }
        mean = mean.map { $0 / Double(n) }
        // B = U Y_c (r × K); squared basis entries for the hat diagonal.
        var projected = [Double](repeating: 0, count: r * k)
        for j in 0..<r {
            for i in 0..<n {
                let u = span.basis[j * n + i]
                for c in 0..<k { projected[j * k + c] += u * (targets[i * k + c] - mean[c]) }
            }
        }
        func fitted(_ alpha: Double) -> (scores: [Double], hat: [Double]) {
            var scores = [Double](repeating: 0, count: n * k)
            var hat = [Double](repeating: 1 / Double(n), count: n)
            for i in 0..<n { for c in 0..<k { scores[i * k + c] = mean[c] } }
            for j in 0..<r {
                let shrink = span.eigenvalues[j] / (span.eigenvalues[j] + alpha)
                for i in 0..<n {
                    let u = span.basis[j * n + i]
                    hat[i] += u * u * shrink
                    let us = u * shrink
                    for c in 0..<k { scores[i * k + c] += us * projected[j * k + c] }
                }
            }
            return (scores, hat)
        }
        var errors = [Double]()
        var bestError = [Double](repeating: .infinity, count: k)
        var bestPenalty = [Double](repeating: grid.first ?? 1, count: k)
        var looScores = targets
        var residuals = [Double](repeating: 0, count: n * k)
        for alpha in grid {
            let (scores, hat) = fitted(alpha)
            var columnError = [Double](repeating: 0, count: k)
            for i in 0..<n {
                let leverage = max(1 - hat[i], 1e-12)
                for c in 0..<k {
                    let e = (targets[i * k + c] - scores[i * k + c]) / leverage
                    residuals[i * k + c] = e
                    columnError[c] += e * e
                }
            }
            errors.append(columnError.reduce(0, +) / Double(n * k))
            for c in 0..<k where columnError[c] < bestError[c] {
                bestError[c] = columnError[c]
                bestPenalty[c] = alpha
                for i in 0..<n { looScores[i * k + c] = targets[i * k + c] - residuals[i * k + c] }
            }
        }
        penalties = bestPenalty
        leaveOneOutErrors = errors
        intercept = mean
        leaveOneOutScores = looScores
        // A = U diag(1/(λ+α_c)) B, column by column.
        var dual = [Double](repeating: 0, count: n * k)
        for j in 0..<r {
            let inverses = bestPenalty.map { 1 / (span.eigenvalues[j] + $0) }
            for i in 0..<n {
                let u = span.basis[j * n + i]
                for c in 0..<k { dual[i * k + c] += u * inverses[c] * projected[j * k + c] }
            }
        }
        dualCoefficients = dual
    }
}
