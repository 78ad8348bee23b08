import Foundation
import Testing
import XentKernelsC
@testable import XentTraining

/// The reference optima of Scripts/fixtures/logistic_regression.py (scikit-learn 1.9.1's
/// `LogisticRegression(solver="lbfgs")`, polished with scipy).
struct LogisticRegressionFixture: Decodable {
    struct Case: Decodable {
        var name: String
        var classes: Int
        var lambda: Double
        var features: [[Double]]
        var labels: [Int]
        var coef: [[Double]]
        var intercept: [Double]
        var objective: Double
    }
    var cases: [Case]

    static func load() throws -> LogisticRegressionFixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/logistic-regression.json")
        return try JSONDecoder().decode(LogisticRegressionFixture.self, from: Data(contentsOf: url))
    }
}

@Suite struct LinearHeadTests {
    static func crossEntropy(classes: Int) -> Objective {
        Objective(loss: .crossEntropy, classWeights: [Double](repeating: 1, count: classes), labelSmoothing: 0,
                  focalGamma: 2)
    }

    /// The L-BFGS fit reaches scikit-learn's optimum: the objective value to 1e-9 relative and the coefficients to
    /// 1e-6 of the largest (the intercepts compared after centring, since adding one constant to every class's
    /// intercept changes nothing).
    @Test func logisticRegressionReachesScikitLearnsOptimum() throws {
        for c in try LogisticRegressionFixture.load().cases {
            let d = c.features[0].count, k = c.classes
            let fit = PenalizedLinearFit(features: c.features.flatMap { $0 }, featureCount: d,
                                         objective: Self.crossEntropy(classes: k))
            let result = fit.fit(rows: Array(c.labels.indices), labels: c.labels, penalty: c.lambda,
                                 minimizer: LBFGSMinimizer(gradientTolerance: 1e-13, valueTolerance: 0, maximumIterations: 100_000))
            #expect(abs(result.value - c.objective) <= 1e-9 * abs(c.objective), "\(c.name): objective")
            let scale = c.coef.flatMap { $0 }.map(abs).max() ?? 1
            for j in 0..<d {
                for t in 0..<k {
                    let mine = result.parameters[j * k + t], reference = c.coef[j][t]
                    // Relative to the largest coefficient (normwise): entries near 0 are compared at that scale.
                    #expect(abs(mine - reference) <= 1e-6 * scale,
                            "\(c.name): coef[\(j)][\(t)] \(mine) vs \(reference)")
                }
            }
            let bias = Array(result.parameters[(d * k)...])
            let mean = bias.reduce(0, +) / Double(k)
            for t in 0..<k {
                #expect(abs(bias[t] - mean - c.intercept[t]) <= 1e-6 * max(1, abs(c.intercept[t])),
                        "\(c.name): intercept[\(t)]")
            }
        }
    }

    /// An n × n symmetric matrix of standard normal entries (row-major).
    static func randomSymmetricMatrix(_ n: Int, using generator: inout SeededGenerator) -> [Double] {
        var a = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                let v = generator.nextGaussian()
                a[i * n + j] = v
                a[j * n + i] = v
            }
        }
        return a
    }

    /// A random symmetric matrix is rebuilt from its eigenpairs, the vectors are orthonormal, the values ascend.
    @Test func theEigendecompositionRebuildsTheMatrix() {
        var generator = SeededGenerator(seed: 7)
        for n in [1, 2, 5, 40] {
            let a = Self.randomSymmetricMatrix(n, using: &generator)
            var vectors = a
            var values = [Double](repeating: 0, count: n)
            var scratch = [Double](repeating: 0, count: 2 * n)
            #expect(xk_symmetric_eigen_f64(&vectors, n, &values, &scratch, nil, nil) == 0)
            for k in 1..<max(n, 1) { #expect(values[k - 1] <= values[k]) }
            for i in 0..<n {
                for j in 0..<n {
                    var rebuilt = 0.0, dot = 0.0
                    for k in 0..<n {
                        rebuilt += vectors[k * n + i] * values[k] * vectors[k * n + j]
                        dot += vectors[i * n + k] * vectors[j * n + k]
                    }
                    #expect(abs(rebuilt - a[i * n + j]) < 1e-12 * Double(n), "A[\(i), \(j)] for n = \(n)")
                    #expect(abs(dot - (i == j ? 1 : 0)) < 1e-12 * Double(n), "VVᵀ[\(i), \(j)] for n = \(n)")
                }
            }
        }
    }

    /// The QL rotations applied in batches over split columns (as `FeatureSpan` does on several threads) give the
    /// same bits as applied in place on one thread, for sizes that take several batches.
    @Test func theEigendecompositionHasTheSameBitsForAnyColumnSplit() {
        var generator = SeededGenerator(seed: 11)
        for n in [3, 37, 300] {
            let a = Self.randomSymmetricMatrix(n, using: &generator)
            var inPlace = a, values = [Double](repeating: 0, count: n), scratch = values + values
            #expect(xk_symmetric_eigen_f64(&inPlace, n, &values, &scratch, nil, nil) == 0)
            for threads in [1, 2, 3] {
                var split = a, splitValues = [Double](repeating: 0, count: n), splitScratch = splitValues + splitValues
                #expect(FeatureSpan.eigendecompose(&split, n: n, values: &splitValues, scratch: &splitScratch,
                                                   threads: threads) == 0)
                #expect(split == inPlace && splitValues == values, "n = \(n), \(threads) threads")
            }
        }
    }

    /// Random features, p > n, three classes.
    static func randomFeatures(rows n: Int, features p: Int, classes: Int, seed: UInt64)
        -> (x: [Float], labels: [Int]) {
        var generator = SeededGenerator(seed: seed)
        var x = [Float]()
        var labels = [Int]()
        for i in 0..<n {
            let label = i % classes
            for j in 0..<p { x.append(Float(generator.nextGaussian() + (j % classes == label ? 0.7 : 0))) }
            labels.append(label)
        }
        return (x, labels)
    }

    /// Solves the ridge problem with an unpenalised intercept directly on the rows `rows` (normal equations,
    /// Gaussian elimination in Double) and returns the scores of `target` row's features.
    static func directRidgeScores(_ x: [Float], p: Int, labels: [Int], classes k: Int, rows: [Int], alpha: Double,
                                  at target: Int) -> [Double] {
        var mean = [Double](repeating: 0, count: p)
        var targetMean = [Double](repeating: 0, count: k)
        for i in rows {
            for j in 0..<p { mean[j] += Double(x[i * p + j]) / Double(rows.count) }
            for c in 0..<k { targetMean[c] += (labels[i] == c ? 1 : -1) / Double(rows.count) }
        }
        // [XcᵀXc + αI | XcᵀYc]
        var m = [[Double]](repeating: [Double](repeating: 0, count: p + k), count: p)
        for i in rows {
            for a in 0..<p {
                let xa = Double(x[i * p + a]) - mean[a]
                for b in 0..<p { m[a][b] += xa * (Double(x[i * p + b]) - mean[b]) }
                for c in 0..<k { m[a][p + c] += xa * ((labels[i] == c ? 1 : -1) - targetMean[c]) }
            }
        }
        for a in 0..<p { m[a][a] += alpha }
        for col in 0..<p {
            let pivot = (col..<p).max { abs(m[$0][col]) < abs(m[$1][col]) }!
            m.swapAt(col, pivot)
            for r in 0..<p where r != col {
                let f = m[r][col] / m[col][col]
                if f != 0 { for q in col..<(p + k) { m[r][q] -= f * m[col][q] } }
            }
        }
        return (0..<k).map { c in
            var s = targetMean[c]
            for a in 0..<p { s += (Double(x[target * p + a]) - mean[a]) * m[a][p + c] / m[a][a] }
            return s
        }
    }

    /// The leave-one-out scores of the ridge fit equal refitting without each row, and its weights equal the
    /// direct solution on all rows (in the p > n case the span's coordinates are built for).
    @Test func ridgeLeaveOneOutEqualsRefitting() throws {
        let n = 14, p = 24, k = 3, alpha = 3.0
        let (x, labels) = Self.randomFeatures(rows: n, features: p, classes: k, seed: 11)
        let span = try FeatureSpan(features: x, rowCount: n, featureCount: p, threads: 2)
        let ridge = RidgeClassifierFit(span: span, labels: labels, classes: k, grid: [alpha])
        for i in 0..<n {
            let others = (0..<n).filter { $0 != i }
            let direct = Self.directRidgeScores(x, p: p, labels: labels, classes: k, rows: others, alpha: alpha, at: i)
            for c in 0..<k {
                #expect(abs(ridge.leaveOneOutScores[i * k + c] - direct[c]) < 1e-9, "row \(i), class \(c)")
            }
        }
        let (w, offset) = span.weights(forDualCoefficients: ridge.dualCoefficients, classes: k)
        for i in 0..<n {
            let direct = Self.directRidgeScores(x, p: p, labels: labels, classes: k, rows: Array(0..<n), alpha: alpha,
                                                at: i)
            for c in 0..<k {
                var score = ridge.intercept[c] + offset[c]
                for j in 0..<p { score += Double(x[i * p + j]) * w[j * k + c] }
                #expect(abs(score - direct[c]) < 1e-9, "fitted score of row \(i), class \(c)")
            }
        }
    }

    /// The tiled Gram kernel equals plain dot products in double on shapes that cross its tile (32 rows) and
    /// chunk (1 024 columns) edges and leave a column tail, and gives the same bits for any split of its rows.
    @Test func gramTilesEqualPlainDotProducts() {
        for (n, p) in [(1, 3), (37, 1030), (70, 9)] {
            let (x, _) = Self.randomFeatures(rows: n, features: p, classes: 2, seed: UInt64(n * 1000 + p))
            var whole = [Double](repeating: .nan, count: n * n)
            xk_gram_rows_f32(x, n, p, 0, n, &whole)
            var split = [Double](repeating: .nan, count: n * n)
            let cut = n / 3
            xk_gram_rows_f32(x, n, p, 0, cut, &split)
            xk_gram_rows_f32(x, n, p, cut, n, &split)
            #expect(whole == split)
            for i in 0..<n {
                for j in 0..<n {
                    var dot = 0.0, size = 0.0
                    for q in 0..<p {
                        dot += Double(x[i * p + q]) * Double(x[j * p + q])
                        size += abs(Double(x[i * p + q]) * Double(x[j * p + q]))
                    }
                    #expect(abs(whole[i * n + j] - dot) <= 1e-13 * max(size, 1), "n \(n), p \(p), entry (\(i), \(j))")
                }
            }
        }
    }

    /// Each class column gets the penalty whose leave-one-out residual *of that column*, computed by refitting
    /// without each row, is the smallest on the grid, and the fitted weights are each column's direct solution at its
    /// own penalty.
    @Test func ridgeChoosesAPenaltyPerClass() throws {
        let n = 16, p = 30, k = 3
        let grid = [0.01, 0.3, 3.0, 30.0, 300.0]
        let (x, labels) = Self.randomFeatures(rows: n, features: p, classes: k, seed: 23)
        let span = try FeatureSpan(features: x, rowCount: n, featureCount: p, threads: 1)
        let ridge = RidgeClassifierFit(span: span, labels: labels, classes: k, grid: grid)
        // Leave-one-out squared residual of each column at each penalty, by refitting.
        var press = [[Double]](repeating: [Double](repeating: 0, count: k), count: grid.count)
        for (g, alpha) in grid.enumerated() {
            for i in 0..<n {
                let others = (0..<n).filter { $0 != i }
                let direct = Self.directRidgeScores(x, p: p, labels: labels, classes: k, rows: others, alpha: alpha,
                                                    at: i)
                for c in 0..<k {
                    let e = (labels[i] == c ? 1.0 : -1.0) - direct[c]
                    press[g][c] += e * e
                }
            }
        }
        for c in 0..<k {
            let best = (0..<grid.count).min { press[$0][c] < press[$1][c] }!
            #expect(ridge.penalties[c] == grid[best], "class \(c)")
        }
        #expect(Set(ridge.penalties).count > 1, "the fixture should make the classes disagree")
        let (w, offset) = span.weights(forDualCoefficients: ridge.dualCoefficients, classes: k)
        for i in 0..<n {
            for c in 0..<k {
                let direct = Self.directRidgeScores(x, p: p, labels: labels, classes: k, rows: Array(0..<n),
                                                    alpha: ridge.penalties[c], at: i)
                var score = ridge.intercept[c] + offset[c]
                for j in 0..<p { score += Double(x[i * p + j]) * w[j * k + c] }
                #expect(abs(score - direct[c]) < 1e-9, "fitted score of row \(i), class \(c)")
            }
        }
    }

    /// Fitting the logistic regression on the span's coordinates and mapping back gives the optimum of the
    /// problem on the features themselves.
    @Test func theSpanCoordinatesGiveTheSameLogisticOptimum() throws {
        let n = 12, p = 20, k = 3, lambda = 0.05
        let (x, labels) = Self.randomFeatures(rows: n, features: p, classes: k, seed: 5)
        let objective = Self.crossEntropy(classes: k)
        let direct = PenalizedLinearFit(features: x.map(Double.init), featureCount: p, objective: objective)
            .fit(rows: Array(0..<n), labels: labels, penalty: lambda, minimizer: LBFGSMinimizer(gradientTolerance: 1e-11))
        let span = try FeatureSpan(features: x, rowCount: n, featureCount: p, threads: 1)
        let reduced = PenalizedLinearFit(features: span.coordinates(), featureCount: span.rank, objective: objective,
                                         curvatures: span.eigenvalues.map { $0 / (4 * Double(n)) })
            .fit(rows: Array(0..<n), labels: labels, penalty: lambda, minimizer: LBFGSMinimizer(gradientTolerance: 1e-11))
        #expect(abs(direct.value - reduced.value) < 1e-9)
        let z = Array(reduced.parameters[0..<(span.rank * k)])
        let (w, _) = span.weights(forDualCoefficients: span.dualCoefficients(forCoordinateWeights: z, classes: k),
                                  classes: k)
        for j in 0..<(p * k) { #expect(abs(w[j] - direct.parameters[j]) < 1e-6, "weight \(j)") }
    }

    /// The fitted temperature minimises the cross-entropy against Platt's targets (checked against its neighbours),
    /// and perfectly separated scores give a finite temperature.
    @Test func temperatureScalingMinimisesThePlattCrossEntropy() {
        var generator = SeededGenerator(seed: 9)
        let n = 60, k = 3
        var scores = [Double]()
        var labels = [Int]()
        for i in 0..<n {
            let y = i % k
            labels.append(y)
            for c in 0..<k { scores.append(generator.nextGaussian() + (c == y ? 1.5 : 0)) }
        }
        func loss(_ t: Double) -> Double {
            var counts = [Double](repeating: 0, count: k)
            for y in labels { counts[y] += 1 }
            var total = 0.0
            for i in 0..<n {
                let row = (0..<k).map { scores[i * k + $0] / t }
                let lse = log(row.map { exp($0) }.reduce(0, +))
                let own = (counts[labels[i]] + 1) / (counts[labels[i]] + 2)
                for c in 0..<k { total -= (c == labels[i] ? own : (1 - own) / Double(k - 1)) * (row[c] - lse) }
            }
            return total
        }
        let t = TemperatureScaling.fit(scores: scores, labels: labels, classes: k)
        #expect(loss(t) <= loss(t * 1.001) && loss(t) <= loss(t / 1.001), "T = \(t)")
        let separated = labels.flatMap { y in (0..<k).map { $0 == y ? 5.0 : -5.0 } }
        let tSeparated = TemperatureScaling.fit(scores: separated, labels: labels, classes: k)
        #expect(tSeparated.isFinite && tSeparated > 0.1, "T = \(tSeparated) on separated scores")
    }

    /// Stratified folds: every row in exactly one fold, each class spread evenly, leave-one-out for small sets.
    @Test func theFoldsAreStratified() {
        let labels = (0..<103).map { $0 % 7 == 0 ? 2 : $0 % 2 }
        let folds = CrossValidatedLinearFit.stratifiedFolds(labels: labels, classes: 3, seed: 4)
        #expect(folds.count == 5)
        #expect(folds.flatMap { $0 }.sorted() == Array(0..<103))
        for c in 0..<3 {
            let perFold = folds.map { fold in fold.filter { labels[$0] == c }.count }
            #expect((perFold.max() ?? 0) - (perFold.min() ?? 0) <= 1, "class \(c): \(perFold)")
        }
        #expect(folds == CrossValidatedLinearFit.stratifiedFolds(labels: labels, classes: 3, seed: 4))
        #expect(CrossValidatedLinearFit.stratifiedFolds(labels: [0, 1, 0, 1], classes: 2, seed: 1).count == 4)
    }

    static func configuration(head: HeadKind, model: ModelKind = .minirocket) -> TrainingConfiguration {
        var configuration = TrainingConfiguration()
        configuration.model = ModelConfiguration(kind: model, featureCount: 840, groupsPerDilation: 8)
        configuration.head = head
        return configuration
    }

    /// The linear heads fit the tiny set, give the same bits for any thread count, and report their choice.
    @Test(arguments: [HeadKind.ridge, .logistic], [ModelKind.minirocket, .hydraMiniRocket])
    func theLinearHeadsAreDeterministicForAnyThreadCount(head: HeadKind, model: ModelKind) throws {
        let data = try TrainerTests.tinySet()
        var configuration = Self.configuration(head: head, model: model)
        configuration.threads = 2
        let a = try Trainer.train(on: data, configuration: configuration)
        configuration.threads = 1
        let b = try Trainer.train(on: data, configuration: configuration)
        #expect(try a.classifier.predict(data) == b.classifier.predict(data))
        #expect(a.penalty == b.penalty && a.temperature == b.temperature)
        #expect(try a.classifier.predict(data).predictedClasses == data.labels)
        #expect(a.head == head && a.foldCount == data.count && a.penalty != nil && a.temperature > 0)
        #expect(a.outOfFoldOutputs.count == data.count)
    }

    /// The default model's ridge head is a pool: its second head is the MiniRocket model's own ridge head (the same
    /// outputs and temperature), and the shipped probabilities are the mean of the two heads' calibrated softmax.
    @Test func thePooledHeadAveragesTheMiniRocketHead() throws {
        let data = try TrainerTests.tinySet()
        let pooled = try Trainer.train(on: data, configuration: Self.configuration(head: .ridge, model: .hydraMultiRocket))
        let alone = try Trainer.train(on: data, configuration: Self.configuration(head: .ridge, model: .minirocket))
        let k = data.classCount
        let head = try #require(pooled.miniRocketHead)
        #expect(head.temperature == alone.temperature && head.penalty == alone.penalty)
        #expect(pooled.outOfFoldOutputs.allSatisfy { $0.count == 2 * k })
        let outputs = pooled.classifier.outputs(for: data, indices: Array(0..<data.count))
        let second = alone.classifier.outputs(for: data, indices: Array(0..<data.count))
        let shipped = try pooled.classifier.predict(data).probabilities
        let secondProbabilities = try alone.classifier.predict(data).probabilities
        for i in 0..<data.count {
            for c in 0..<k { #expect(abs(outputs[i][k + c] - second[i][c]) < 1e-5) }
            let z = outputs[i][0..<k].map { $0 / pooled.temperature }
            let m = z.max()!
            let e = z.map { Foundation.exp($0 - m) }
            let first = e.map { $0 / e.reduce(0, +) }
            for c in 0..<k {
                #expect(abs(shipped[i][c] - (first[c] + secondProbabilities[i][c]) / 2) < 1e-6)
            }
        }
        // Other models and heads have one head.
        let logistic = try Trainer.train(on: data, configuration: Self.configuration(head: .logistic, model: .hydraMultiRocket))
        #expect(logistic.miniRocketHead == nil && alone.miniRocketHead == nil)
    }

    /// Training never reads TEST: the same TRAIN with two different TEST sets (other values, other labels) gives
    /// the same penalty, temperature and classifier (also through the default model's pooled ridge head).
    @Test(arguments: [HeadKind.ridge, .logistic], [ModelKind.minirocket, .hydraMultiRocket])
    func crossValidationNeverSeesTest(head: HeadKind, model: ModelKind) throws {
        let train = try TrainerTests.tinySet()
        let testA = try TrainerTests.tinySet()
        var values = testA.values.map { -$0 * 3 }
        values.reverse()
        let testB = try TimeSeriesDataset(values: values, labels: testA.labels.map { ($0 + 1) % 3 }, length: 16,
                                          classNames: ["a", "b", "c"])
        let configuration = Self.configuration(head: head, model: model)
        let a = try Experiment(split: UCRSplit(train: train, test: testA),
                               configuration: configuration)
        let b = try Experiment(split: UCRSplit(train: train, test: testB),
                               configuration: configuration)
        #expect(a.run.penalty == b.run.penalty && a.run.temperature == b.run.temperature)
        #expect(a.run.miniRocketHead?.temperature == b.run.miniRocketHead?.temperature)
        #expect(a.run.outOfFoldOutputs == b.run.outOfFoldOutputs)
        #expect(try a.run.classifier.predict(testB) == b.predictions)
    }

    /// The ridge head refuses losses and settings it cannot honour; the MLP has no linear head.
    @Test func theHeadsRefuseWhatTheyCannotFit() throws {
        let data = try TrainerTests.tinySet()
        var configuration = Self.configuration(head: .ridge)
        configuration.loss = .mse
        #expect(throws: TrainingError.self) { try Trainer.train(on: data, configuration: configuration) }
        configuration = Self.configuration(head: .logistic)
        configuration.model.kind = .mlp
        #expect(throws: TrainingError.self) { try Trainer.train(on: data, configuration: configuration) }
    }
}
