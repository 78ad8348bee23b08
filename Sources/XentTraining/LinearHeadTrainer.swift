import Foundation

/// Trains a fixed feature layer (MiniRocket, Hydra) with a linear head fitted to its optimum: the features are
/// fitted on all of TRAIN, the head's penalty is chosen by cross-validation on TRAIN (exact leave-one-out for ridge,
/// stratified folds for the logistic head), the head is refitted on all of TRAIN, and a softmax temperature is
/// fitted by cross-entropy on the out-of-fold scores. TEST is not seen here.
enum LinearHeadTrainer {
    /// The fitted feature layer and the span of the training series' features: what every head fitted on the same
    /// TRAIN with the same model, seed and thread count shares (the losses of `xent demo`).
    struct PreparedFeatures {
        let layer: FeatureLayer
        let span: FeatureSpan
        /// The span of the MiniRocket block alone, for the pooled ridge head (``ModelKind/poolsMiniRocketHead``).
        let miniRocketSpan: FeatureSpan?
        let seconds: Double
    }

    /// Fits the feature layer of `configuration` on all of `train` and the span of its features.
    static func prepare(_ train: TimeSeriesDataset, configuration: TrainingConfiguration) throws(TrainingError) -> PreparedFeatures {
        let start = DispatchTime.now().uptimeNanoseconds
        guard let fitted = try FeatureLayer.fitAndTransform(
            train, fitting: Array(0..<train.count), model: configuration.model, seed: configuration.seed,
            threads: configuration.threads)
        else {
            throw TrainingError.invalidSetting(
                name: "head", value: configuration.resolvedHead.rawValue,
                expected: "adamw for models that read the series (mlp, cnn)")
        }
        let n = train.count, p = fitted.layer.featureCount
        let span = try FeatureSpan(features: fitted.transformed.values, rowCount: n, featureCount: p,
                                   threads: configuration.threads)
        var miniRocketSpan: FeatureSpan?
        if configuration.model.kind.poolsMiniRocketHead, configuration.resolvedHead == .ridge,
           let columns = fitted.layer.miniRocketColumns {
            var block = [Float]()
            block.reserveCapacity(n * columns.count)
            for i in 0..<n {
                block.append(contentsOf: fitted.transformed.values[(i * p + columns.lowerBound)..<(i * p + columns.upperBound)])
            }
            miniRocketSpan = try FeatureSpan(features: block, rowCount: n, featureCount: columns.count,
                                             threads: configuration.threads)
        }
        return PreparedFeatures(layer: fitted.layer, span: span, miniRocketSpan: miniRocketSpan,
                                seconds: Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    }

    static func train(
        on train: TimeSeriesDataset, configuration: TrainingConfiguration, progress: ((Int, Int) -> Void)?,
        prepared: PreparedFeatures? = nil
    ) throws(TrainingError) -> TrainingRun {
        let head = configuration.resolvedHead
        let weights = try configuration.classWeighting.weights(classCounts: train.classCounts)
        let objective = Objective(
            loss: configuration.loss, classWeights: weights, labelSmoothing: configuration.labelSmoothing,
            focalGamma: configuration.focalGamma)
        if head == .ridge {
            guard configuration.loss == .crossEntropy else {
                throw TrainingError.invalidSetting(
                    name: "loss", value: configuration.loss.rawValue,
                    expected: "cross-entropy with the ridge head (it fits squared error to ±1 targets and calibrates "
                        + "by cross-entropy); use the logistic head for other losses")
            }
            guard weights.allSatisfy({ $0 == 1 }), configuration.labelSmoothing == 0 else {
                throw TrainingError.invalidSetting(
                    name: "class weights or label smoothing", value: "set",
                    expected: "none with the ridge head; use the logistic head")
            }
        }
        let start = DispatchTime.now().uptimeNanoseconds
        let steps = 3
        progress?(0, steps)
        let features: PreparedFeatures
        if let prepared { features = prepared } else { features = try prepare(train, configuration: configuration) }
        progress?(1, steps)
        let p = features.layer.featureCount, n = train.count, k = objective.outputCount
        let span = features.span
        let labels = train.labels
        var penalty = 0.0, classPenalties = [Double](), penaltyScores = [(penalty: Double, score: Double)]()
        var foldCount = 0
        var readoutWeights: [Double], readoutBias: [Double], outOfFold: [Double]
        var pooled: (weights: [Double], bias: [Double], outOfFold: [Double], penalty: Double)?
        switch head {
        case .ridge:
            let ridge = RidgeClassifierFit(span: span, labels: labels, classes: train.classCount)
            let (w, offset) = span.weights(forDualCoefficients: ridge.dualCoefficients, classes: k)
            readoutWeights = w
            readoutBias = zip(ridge.intercept, offset).map(+)
            outOfFold = ridge.leaveOneOutScores
            if let block = features.miniRocketSpan, let columns = features.layer.miniRocketColumns {
                // The second head of the pool: the same fit on the MiniRocket block alone, its weights zero on the
                // other blocks' columns.
                let second = RidgeClassifierFit(span: block, labels: labels, classes: train.classCount)
                let (w2, offset2) = block.weights(forDualCoefficients: second.dualCoefficients, classes: k)
                var embedded = [Double](repeating: 0, count: p * k)
                for j in 0..<columns.count {
                    for c in 0..<k { embedded[(columns.lowerBound + j) * k + c] = w2[j * k + c] }
                }
                pooled = (embedded, zip(second.intercept, offset2).map(+), second.leaveOneOutScores, second.penalty)
            }
            penalty = ridge.penalty
            classPenalties = ridge.penalties
            penaltyScores = zip(RidgeClassifierFit.penaltyGrid, ridge.leaveOneOutErrors).map { ($0, $1) }
            foldCount = n
        case .logistic, .adamw:
            // The coordinates are orthogonal with Σ_i F_ij² = λ_j: the diagonal preconditioner is exact up to the
            // softmax's curvature.
            let fit = PenalizedLinearFit(features: span.coordinates(), featureCount: span.rank, objective: objective,
                                         curvatures: span.eigenvalues.map { $0 / (4 * Double(n)) })
            let cv = CrossValidatedLinearFit(fit, labels: labels, classes: train.classCount, seed: configuration.seed,
                                            threads: configuration.threads)
            let r = span.rank
            let z = Array(cv.parameters[0..<(r * k)])
            let a = span.dualCoefficients(forCoordinateWeights: z, classes: k)
            let (w, offset) = span.weights(forDualCoefficients: a, classes: k)
            readoutWeights = w
            readoutBias = zip(cv.parameters[(r * k)...], offset).map(+)
            outOfFold = cv.outOfFoldLogits
            penalty = cv.penalty
            penaltyScores = zip(CrossValidatedLinearFit.penaltyGrid(rows: n), cv.foldLosses).map { ($0, $1) }
            foldCount = cv.foldCount
        }
        progress?(2, steps)
        let temperature = configuration.loss.outputsClassScores
            ? TemperatureScaling.fit(scores: outOfFold, labels: labels, classes: k) : 1
        var temperatures = [temperature]
        var width = k
        if let pooled {
            // Two heads side by side: 2k outputs, each head's own temperature.
            temperatures.append(TemperatureScaling.fit(scores: pooled.outOfFold, labels: labels, classes: k))
            readoutWeights = Self.sideBySide(readoutWeights, pooled.weights, rows: p, width: k)
            readoutBias += pooled.bias
            outOfFold = Self.sideBySide(outOfFold, pooled.outOfFold, rows: n, width: k)
            width = 2 * k
        }
        let readout = LinearReadout(weights: readoutWeights, bias: readoutBias, featureCount: p,
                                    temperatures: temperatures)
        let classifier = Classifier(linear: readout, objective: objective, features: features.layer,
                                    threads: configuration.threads)
        let outOfFoldRows = (0..<n).map { Array(outOfFold[($0 * width)..<(($0 + 1) * width)]) }
        if configuration.decisionRule == .macroF1 {
            let calibrated = classifier.predictions(fromOutputs: outOfFoldRows, calibrated: true).probabilities
            classifier.decisionOffsets = MacroF1Offsets(fitting: calibrated, labels: labels, classes: k)
        }
        // A shared preparation counts in every run that uses it: each run's time is what it would take alone.
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 + (prepared?.seconds ?? 0)
        progress?(3, steps)
        var run = TrainingRun(
            classifier: classifier, curves: [], chosenEpoch: 0, trainingSeconds: seconds,
            split: try StratifiedSplit(labels: labels, classCount: train.classCount, validationFraction: 0,
                                       seed: configuration.seed),
            classWeights: weights, head: head, penalty: penalty, penaltyScores: penaltyScores, foldCount: foldCount,
            temperature: temperature, outOfFoldOutputs: outOfFoldRows)
        run.classPenalties = classPenalties
        if let pooled {
            run.miniRocketHead = (penalty: pooled.penalty, temperature: temperatures[1])
        }
        return run
    }

    /// Two row-major matrices of `rows × width` joined row by row into one of `rows × 2·width`.
    static func sideBySide(_ a: [Double], _ b: [Double], rows: Int, width: Int) -> [Double] {
        var joined = [Double]()
        joined.reserveCapacity(2 * rows * width)
        for i in 0..<rows {
            joined.append(contentsOf: a[(i * width)..<((i + 1) * width)])
            joined.append(contentsOf: b[(i * width)..<((i + 1) * width)])
        }
        return joined
    }
}
