import Foundation
import RealModule

/// A linear model `logits = x W + b` fitted to the optimum of `J(W, b) = L(x W + b) + (λ/2)‖W‖²_F`, where `L` is
/// the training objective's weighted mean loss over the rows (``Objective``: softmax cross-entropy in nats,
/// i.e. multinomial logistic regression; or the article's squared errors), the intercept unpenalised. Solved by
/// ``LBFGSMinimizer`` to a largest gradient entry of 10⁻⁹ (there is no epoch count and no learning rate).
///
/// The parameters are packed as `W` row-major (`features × outputs`) followed by `b`.
struct PenalizedLinearFit: Sendable {
    /// The features (`rows × featureCount`, row-major).
    let features: [Double]
    /// The number of features.
    let featureCount: Int
    /// The objective (loss, class weights, label smoothing).
    let objective: Objective

    /// The outputs (one per class, or one for the index regression).
    var outputs: Int { objective.outputCount }
    /// The number of parameters.
    var parameterCount: Int { featureCount * outputs + outputs }

    /// `J` and its gradient at `parameters` over the rows `rows` with their `labels`.
    func value(at parameters: [Double], rows: [Int], labels: [Int], penalty: Double,
               gradient: inout [Double]) -> Double {
        let d = featureCount, k = outputs, n = rows.count
        let logits = self.logits(parameters, rows: rows)
        let outputsActivation = Activations<Double>(values: logits, batch: n, length: 1, channels: k)
        guard let (loss, dLogits) = try? objective.valueAndGradient(outputs: outputsActivation, labels: labels)
        else {
            return .infinity
        }
        for i in gradient.indices { gradient[i] = 0 }
        var penaltyValue = 0.0
        parameters.withUnsafeBufferPointer { w in
            gradient.withUnsafeMutableBufferPointer { g in
                features.withUnsafeBufferPointer { x in
                    dLogits.values.withUnsafeBufferPointer { dl in
                        for (row, i) in rows.enumerated() {
                            let xi = x.baseAddress! + i * d
                            let di = dl.baseAddress! + row * k
                            for j in 0..<d {
                                let v = xi[j]
                                if v == 0 { continue }
                                for c in 0..<k { g[j * k + c] += v * di[c] }
                            }
                            for c in 0..<k { g[d * k + c] += di[c] }
                        }
                        for j in 0..<(d * k) {
                            g[j] += penalty * w[j]
                            penaltyValue += w[j] * w[j]
                        }
                    }
                }
            }
        }
        return loss + 0.5 * penalty * penaltyValue
    }

    /// The logits (`rows.count × outputs`) of the rows `rows` under `parameters`.
    func logits(_ parameters: [Double], rows: [Int]) -> [Double] {
        let d = featureCount, k = outputs
        var out = [Double](repeating: 0, count: rows.count * k)
        parameters.withUnsafeBufferPointer { w in
            features.withUnsafeBufferPointer { x in
                out.withUnsafeMutableBufferPointer { o in
                    for (row, i) in rows.enumerated() {
                        let xi = x.baseAddress! + i * d
                        let oi = o.baseAddress! + row * k
                        for c in 0..<k { oi[c] = w[d * k + c] }
                        for j in 0..<d {
                            let v = xi[j]
                            if v == 0 { continue }
                            let wj = w.baseAddress! + j * k
                            for c in 0..<k { oi[c] += v * wj[c] }
                        }
                    }
                }
            }
        }
        return out
    }

    /// Fits on `rows` at `penalty`, from `start` (zeros when nil).
    func fit(rows: [Int], labels: [Int], penalty: Double, start: [Double]? = nil,
             minimizer: LBFGSMinimizer = LBFGSMinimizer()) -> LBFGSMinimizer.Result {
        let rowLabels = rows.map { labels[$0] }
        return minimizer.minimize(from: start ?? [Double](repeating: 0, count: parameterCount)) { p, g in
            value(at: p, rows: rows, labels: rowLabels, penalty: penalty, gradient: &g)
        }
    }
}

/// Stratified k-fold cross-validation of ``PenalizedLinearFit`` over a grid of penalties, scored by the objective's
/// own loss on the pooled out-of-fold outputs (for cross-entropy: the out-of-fold log loss), then a refit on all
/// rows at the winning penalty. Each fold follows the grid from the strongest penalty down, warm-started from the
/// previous solution.
struct CrossValidatedLinearFit: Sendable {
    /// The penalties λ tried, strongest first: `α / n` for α from 10⁴ down to 10⁻³ in half decades (α on the scale of
    /// ``RidgeClassifierFit/penaltyGrid``).
    static func penaltyGrid(rows: Int) -> [Double] {
        (0...14).map { Double.pow(10, 4 - Double($0) / 2) / Double(max(rows, 1)) }
    }

    /// The chosen penalty λ.
    let penalty: Double
    /// The pooled out-of-fold loss of each penalty of the grid.
    let foldLosses: [Double]
    /// The number of folds.
    let foldCount: Int
    /// The parameters refitted on all rows (`W` then `b`).
    let parameters: [Double]
    /// The out-of-fold outputs (`n × outputs`) at the chosen penalty.
    let outOfFoldLogits: [Double]

    /// Cross-validates on every row of `fit` with `labels`; `seed` fixes the folds.
    init(_ fit: PenalizedLinearFit, labels: [Int], classes: Int, seed: UInt64) {
        let n = labels.count, k = fit.outputs
        let grid = Self.penaltyGrid(rows: n)
        let folds = Self.stratifiedFolds(labels: labels, classes: classes, seed: seed)
        foldCount = folds.count
        var outOfFold = [[Double]](repeating: [Double](repeating: 0, count: n * k), count: grid.count)
        let cvMinimizer = LBFGSMinimizer(gradientTolerance: 1e-6)
        for held in folds {
            let heldSet = Set(held)
            let train = (0..<n).filter { !heldSet.contains($0) }
            var start: [Double]?
            for (g, lambda) in grid.enumerated() {
                let result = fit.fit(rows: train, labels: labels, penalty: lambda, start: start, minimizer: cvMinimizer)
                start = result.parameters
                let logits = fit.logits(result.parameters, rows: held)
                for (row, i) in held.enumerated() {
                    for c in 0..<k { outOfFold[g][i * k + c] = logits[row * k + c] }
                }
            }
        }
        var losses = [Double]()
        var best = (loss: Double.infinity, index: 0)
        for g in grid.indices {
            let activation = Activations<Double>(values: outOfFold[g], batch: n, length: 1, channels: k)
            let loss = (try? fit.objective.valueAndGradient(outputs: activation, labels: labels, withGradient: false).0)
                ?? .infinity
            let finite = loss.isFinite ? loss : .infinity
            losses.append(finite)
            if finite < best.loss { best = (finite, g) }
        }
        foldLosses = losses
        penalty = grid[best.index]
        outOfFoldLogits = outOfFold[best.index]
        parameters = fit.fit(rows: Array(0..<n), labels: labels, penalty: penalty).parameters
    }

    /// Stratified folds: leave-one-out for 50 rows or fewer, else 5 folds; each class's rows shuffled (seeded) and
    /// dealt round-robin, each class starting where the previous one stopped so that the folds differ in size by at
    /// most one.
    static func stratifiedFolds(labels: [Int], classes: Int, seed: UInt64) -> [[Int]] {
        let n = labels.count
        if n <= 50 { return (0..<n).map { [$0] } }
        let k = 5
        var generator = SeededGenerator(seed: seed ^ 0xF01D_5EED_0000_0005)
        var folds = [[Int]](repeating: [], count: k)
        var next = 0
        for c in 0..<classes {
            var members = labels.indices.filter { labels[$0] == c }
            generator.shuffle(&members)
            for i in members {
                folds[next].append(i)
                next = (next + 1) % k
            }
        }
        return folds.map { $0.sorted() }.filter { !$0.isEmpty }
    }
}
