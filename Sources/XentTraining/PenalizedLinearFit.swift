import Foundation
import RealModule
import XentKernels

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
    /// The expected curvature of the mean loss along each feature (`Σ_i x_ij² / (4n)`, the Hessian's diagonal for
    /// a softmax at its most uncertain), or nil: the minimiser then works on `v = w · sqrt(c_j + λ)` rather than `w`,
    /// a diagonal preconditioning that turns the ill-conditioned problem of features with very different scales
    /// into a well-conditioned one (the optimum is the same).
    var curvatures: [Double]?

    /// The outputs (one per class, or one for the index regression).
    var outputs: Int { objective.outputCount }
    /// The number of parameters.
    var parameterCount: Int { featureCount * outputs + outputs }

    /// `J` and its gradient at `parameters` over the rows `rows` with their `labels`.
    func value(at parameters: [Double], rows: [Int], labels: [Int], penalty: Double,
               gradient: inout [Double]) -> Double {
        let d = featureCount, k = outputs, n = rows.count
        let logits = self.logits(parameters, rows: rows)
        let outputsActivation = ActivationBatch<Double>(values: logits, batch: n, length: 1, channels: k)
        guard let (loss, dLogits) = try? objective.valueAndGradient(outputs: outputsActivation, labels: labels)
        else {
            return .infinity
        }
        // Gradient of the loss part, transposed (`k × d`): row c accumulates dLogits[i, c] · x_i over the rows.
        var transposed = [Double](repeating: 0, count: k * d)
        var penaltyValue = 0.0
        transposed.withUnsafeMutableBufferPointer { g in
            features.withUnsafeBufferPointer { x in
                dLogits.values.withUnsafeBufferPointer { dl in
                    for (row, i) in rows.enumerated() {
                        let xi = x.baseAddress! + i * d
                        for c in 0..<k {
                            let a = dl[row * k + c]
                            if a == 0 { continue }
                            let gc = g.baseAddress! + c * d
                            for j in 0..<d { gc[j] += a * xi[j] }
                        }
                    }
                }
            }
        }
        for j in 0..<d {
            for c in 0..<k {
                let w = parameters[j * k + c]
                gradient[j * k + c] = transposed[c * d + j] + penalty * w
                penaltyValue += w * w
            }
        }
        for c in 0..<k {
            var sum = 0.0
            for row in 0..<n { sum += dLogits.values[row * k + c] }
            gradient[d * k + c] = sum
        }
        return loss + 0.5 * penalty * penaltyValue
    }

    /// The logits (`rows.count × outputs`) of the rows `rows` under `parameters`.
    func logits(_ parameters: [Double], rows: [Int]) -> [Double] {
        let d = featureCount, k = outputs
        var weights = [Double](repeating: 0, count: k * d)
        for j in 0..<d { for c in 0..<k { weights[c * d + j] = parameters[j * k + c] } }
        var out = [Double](repeating: 0, count: rows.count * k)
        weights.withUnsafeBufferPointer { w in
            features.withUnsafeBufferPointer { x in
                for (row, i) in rows.enumerated() {
                    let xi = x.baseAddress! + i * d
                    for c in 0..<k {
                        let wc = w.baseAddress! + c * d
                        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                        var j = 0
                        while j + 4 <= d {
                            s0 += xi[j] * wc[j]
                            s1 += xi[j + 1] * wc[j + 1]
                            s2 += xi[j + 2] * wc[j + 2]
                            s3 += xi[j + 3] * wc[j + 3]
                            j += 4
                        }
                        while j < d {
                            s0 += xi[j] * wc[j]
                            j += 1
                        }
                        out[row * k + c] = parameters[d * k + c] + ((s0 + s1) + (s2 + s3))
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
        let k = outputs
        // Parameter i is scale[i] times the minimiser's variable.
        var scale = [Double](repeating: 1, count: parameterCount)
        if let curvatures {
            for j in 0..<featureCount {
                let s = 1 / (curvatures[j] + penalty).squareRoot()
                for c in 0..<k { scale[j * k + c] = s }
            }
        }
        var initial = start ?? [Double](repeating: 0, count: parameterCount)
        for i in initial.indices { initial[i] /= scale[i] }
        var parameters = [Double](repeating: 0, count: parameterCount)
        var result = minimizer.minimize(from: initial) { v, g in
            for i in v.indices { parameters[i] = v[i] * scale[i] }
            let value = value(at: parameters, rows: rows, labels: rowLabels, penalty: penalty, gradient: &g)
            for i in g.indices { g[i] *= scale[i] }
            return value
        }
        for i in result.parameters.indices { result.parameters[i] *= scale[i] }
        return result
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
    /// The pooled out-of-fold loss of each penalty of the grid that was tried (a prefix of the grid).
    let foldLosses: [Double]
    /// The number of folds.
    let foldCount: Int
    /// The parameters refitted on all rows (`W` then `b`).
    let parameters: [Double]
    /// The out-of-fold outputs (`n × outputs`) at the chosen penalty.
    let outOfFoldLogits: [Double]

    /// Cross-validates on every row of `fit` with `labels`; `seed` fixes the folds.
    ///
    /// The grid is followed from the strongest penalty down, every fold warm-started from its solution at the previous
    /// penalty; the walk stops once the pooled out-of-fold loss has risen at two penalties in a row (the weakest
    /// penalties are the slowest to fit and, past the minimum, only overfit more).
    init(_ fit: PenalizedLinearFit, labels: [Int], classes: Int, seed: UInt64, threads: Int = 1) {
        let n = labels.count, k = fit.outputs
        let grid = Self.penaltyGrid(rows: n)
        let folds = Self.stratifiedFolds(labels: labels, classes: classes, seed: seed)
        let trainingRows = folds.map { held in
            let heldSet = Set(held)
            return (0..<n).filter { !heldSet.contains($0) }
        }
        foldCount = folds.count
        let cvMinimizer = LBFGSMinimizer(gradientTolerance: 1e-6, maximumIterations: 500)
        var starts = [[Double]?](repeating: nil, count: folds.count)
        var losses = [Double]()
        var best = (loss: Double.infinity, index: 0, logits: [Double](), starts: starts)
        var rises = 0
        for lambda in grid {
            var outOfFold = [Double](repeating: 0, count: n * k)
            // The folds are independent: fitted concurrently, each the same bits as alone.
            let currentStarts = starts
            let results = parallelMap(0..<folds.count, threads: threads) { f in
                fit.fit(rows: trainingRows[f], labels: labels, penalty: lambda, start: currentStarts[f],
                        minimizer: cvMinimizer).parameters
            }
            for (f, held) in folds.enumerated() {
                starts[f] = results[f]
                let logits = fit.logits(results[f], rows: held)
                for (row, i) in held.enumerated() {
                    for c in 0..<k { outOfFold[i * k + c] = logits[row * k + c] }
                }
            }
            let activation = ActivationBatch<Double>(values: outOfFold, batch: n, length: 1, channels: k)
            let loss = (try? fit.objective.valueAndGradient(outputs: activation, labels: labels, withGradient: false).0)
                ?? .infinity
            let finite = loss.isFinite ? loss : .infinity
            if let last = losses.last, finite >= last { rises += 1 } else { rises = 0 }
            losses.append(finite)
            if finite < best.loss { best = (finite, losses.count - 1, outOfFold, starts) }
            if rises >= 2 { break }
        }
        foldLosses = losses
        penalty = grid[best.index]
        outOfFoldLogits = best.logits
        // Refit on all rows, from the mean of the folds' solutions at the chosen penalty.
        var start = [Double](repeating: 0, count: fit.parameterCount)
        for solution in best.starts.compactMap({ $0 }) {
            for i in start.indices { start[i] += solution[i] / Double(folds.count) }
        }
        parameters = fit.fit(rows: Array(0..<n), labels: labels, penalty: penalty, start: start).parameters
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
