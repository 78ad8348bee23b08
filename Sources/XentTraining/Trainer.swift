import Foundation

/// One epoch of a training run, as the learning curves show it.
public struct EpochRecord: Sendable, Equatable {
    /// The epoch, from 1.
    public var epoch: Int
    /// The mean training loss over the epoch's batches (training mode: dropout on, batch statistics).
    public var trainingLoss: Double
    /// The loss on the validation split (evaluation mode), or NaN without validation.
    public var validationLoss: Double
    /// The accuracy on the validation split, or NaN without validation.
    public var validationAccuracy: Double
}

/// The result of ``Trainer/train(on:configuration:progress:)``.
public struct TrainingRun {
    /// The trained classifier (refitted on all of TRAIN when the configuration asks for it).
    public var classifier: Classifier
    /// The per-epoch curves of the selection run (fit split, scored on the validation split).
    public var curves: [EpochRecord]
    /// The epoch the validation split chose (1-based): the one with the lowest validation error rate (ties broken
    /// by the validation loss), averaged over ``TrainingConfiguration/selectionWindow`` neighbouring epochs.
    public var chosenEpoch: Int
    /// Wall-clock seconds of all training (selection run and refit), excluding data loading and evaluation.
    public var trainingSeconds: Double
    /// The split of TRAIN used for selection.
    public var split: StratifiedSplit
    /// The class weights the loss used.
    public var classWeights: [Double]
    /// How the head was fitted.
    public var head: HeadKind = .adamw
    /// The penalty the cross-validation chose (linear heads): the λ of the mean loss `+ (λ/2)‖W‖²` (logistic), or
    /// the geometric mean of the ridge head's ``classPenalties``; nil for the AdamW head (its weight decay is fixed).
    public var penalty: Double?
    /// The ridge head's penalty of each class column, the α of `½‖y_c − X w_c‖² + ½α‖w_c‖²`, each chosen by
    /// leave-one-out on its own column; empty for the other heads.
    public var classPenalties: [Double] = []
    /// The penalties tried and the cross-validation score of each (ridge: mean squared leave-one-out residual;
    /// logistic: pooled out-of-fold loss, nats for cross-entropy).
    public var penaltyScores: [(penalty: Double, score: Double)] = []
    /// The folds of the cross-validation (the training series count for leave-one-out); 0 for the AdamW head.
    public var foldCount = 0
    /// The softmax temperature fitted on out-of-fold scores of TRAIN (1 when not calibrated); for a pooled ridge
    /// head, the first head's.
    public var temperature = 1.0
    /// The second head of a pooled ridge head (``ModelKind/poolsMiniRocketHead``), on the MiniRocket block alone:
    /// the geometric mean of its class penalties and its temperature; nil otherwise.
    public var miniRocketHead: (penalty: Double, temperature: Double)?
    /// The out-of-fold outputs of every training series (`[series][output]`, before calibration), from which the
    /// temperature was fitted (a pooled head's two heads side by side); empty for the AdamW head.
    public var outOfFoldOutputs: [[Double]] = []
}

/// Trains classifiers with the honest protocol: every choice is made on TRAIN (a linear head's penalty by
/// leave-one-out or stratified cross-validation, the AdamW head's epoch on a stratified validation split); the test
/// set is not seen here at all.
public enum Trainer {
    /// Trains a classifier on `train`.
    ///
    /// - Parameters:
    ///   - train: the training series (TRAIN); a validation split is taken from it when the configuration asks.
    ///   - configuration: every setting of the run.
    ///   - progress: called once with 0 at the start, then after each epoch with (epochs done, epochs in all,
    ///     including a refit).
    public static func train(
        on train: TimeSeriesDataset, configuration: TrainingConfiguration,
        progress: ((Int, Int) -> Void)? = nil
    ) throws(TrainingError) -> TrainingRun {
        try configuration.validate()
        guard train.classCounts.filter({ $0 > 0 }).count >= 2 else {
            throw TrainingError.tooFewClasses(count: train.classCounts.filter { $0 > 0 }.count)
        }
        if configuration.resolvedHead != .adamw {
            return try LinearHeadTrainer.train(on: train, configuration: configuration, progress: progress)
        }
        let split = try StratifiedSplit(
            labels: train.labels, classCount: train.classCount,
            validationFraction: configuration.validationFraction, seed: configuration.seed)
        let counts = split.fit.reduce(into: [Int](repeating: 0, count: train.classCount)) { $0[train.labels[$1]] += 1 }
        let weights = try configuration.classWeighting.weights(classCounts: counts)
        let objective = Objective(
            loss: configuration.loss, classWeights: weights, labelSmoothing: configuration.labelSmoothing,
            focalGamma: configuration.focalGamma)
        let refit = configuration.refitOnAllTraining && !split.validation.isEmpty
        let start = DispatchTime.now().uptimeNanoseconds

        let batches = (split.fit.count + configuration.batchSize - 1) / max(configuration.batchSize, 1)
        let epochs = max(configuration.epochs,
                         (configuration.minimumSteps + max(batches, 1) - 1) / max(batches, 1))
        // A fixed feature layer (MiniRocket, Hydra) is fitted on the series being trained on (never the validation
        // split alone); each series' features are computed once per fit.
        func featureInput(fitting indices: [Int]) throws(TrainingError) -> (features: FeatureLayer?, input: TimeSeriesDataset) {
            guard let fitted = try FeatureLayer.fitAndTransform(
                train, fitting: indices, model: configuration.model, seed: configuration.seed,
                threads: configuration.threads) else { return (nil, train) }
            return (fitted.layer, fitted.transformed)
        }
        progress?(0, epochs)  // shown at once, before the feature layer (a few seconds on long series) is fitted
        var (features, input) = try featureInput(fitting: split.fit)
        let selection = try run(input, indices: split.fit, validation: split.validation, epochs: epochs,
                            objective: objective, configuration: configuration, seed: configuration.seed) { done in
            progress?(done, epochs)
        }
        var network = selection.network
        if refit {
            let total = epochs + selection.chosenEpoch
            (features, input) = try featureInput(fitting: Array(0..<train.count))
            network = try run(input, indices: Array(0..<train.count), validation: [],
                          epochs: selection.chosenEpoch,
                          objective: objective, configuration: configuration,
                          seed: configuration.seed &+ 0x9E37_79B9) { done in
                progress?(epochs + done, total)
            }.network
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return TrainingRun(
            classifier: Classifier(network: network, objective: objective, features: features), curves: selection.curves,
            chosenEpoch: selection.chosenEpoch, trainingSeconds: seconds, split: split, classWeights: weights)
    }

    /// One run: `epochs` epochs over `indices`, keeping the state of the epoch with the best smoothed validation
    /// score (error rate + 10⁻³ · loss).
    static func run(
        _ data: TimeSeriesDataset, indices: [Int], validation: [Int], epochs: Int, objective: Objective,
        configuration: TrainingConfiguration, seed: UInt64, epochDone: (Int) -> Void
    ) throws(TrainingError) -> (network: Network<Float>, curves: [EpochRecord], chosenEpoch: Int) {
        let network: Network<Float> = configuration.model.makeNetwork(
            inputLength: data.length, outputs: objective.outputCount, seed: seed, threads: configuration.threads)
        var optimizer = Optimizer<Float>(
            kind: configuration.optimizer, weightDecay: configuration.weightDecay,
            parameterCount: network.parameters.count)
        var order = SeededGenerator(seed: seed ^ 0xBA7C_4000_0000_0001)
        let batchSize = min(configuration.batchSize, indices.count)
        let batchesPerEpoch = (indices.count + batchSize - 1) / batchSize
        let totalSteps = epochs * batchesPerEpoch
        var step = 0
        var curves = [EpochRecord]()
        // The smoothed loss of epoch e needs the losses up to e + w/2: keep the last few states until then.
        let half = (configuration.selectionWindow - 1) / 2
        var recentStates = [(epoch: Int, state: NetworkState<Float>)]()
        var selectionScores = [Double]()
        var best = (epoch: epochs, loss: Double.infinity, state: network.state)
        func consider(_ epoch: Int) {
            let window = max(1, epoch - half)...min(selectionScores.count, epoch + half)
            let smoothed = window.reduce(0.0) { $0 + selectionScores[$1 - 1] } / Double(window.count)
            if smoothed < best.loss, let kept = recentStates.first(where: { $0.epoch == epoch }) {
                best = (epoch, smoothed, kept.state)
            }
        }
        for epoch in 1...epochs {
            var shuffled = indices
            order.shuffle(&shuffled)
            var lossSum = 0.0
            var batches = 0
            var b = 0
            while b < shuffled.count {
                var part = Array(shuffled[b..<min(shuffled.count, b + batchSize)])
                b += batchSize
                // A batch of one has no batch statistics; fold it into the previous batch's samples instead.
                if part.count == 1, shuffled.count > 1 { part.append(shuffled[0]) }
                let input: ActivationBatch<Float> = batch(data, part)
                let labels = part.map { data.labels[$0] }
                let outputs = network.forward(input, training: true)
                let (value, gradient) = try objective.valueAndGradient(outputs: outputs, labels: labels)
                network.backward(gradient)
                let rate = configuration.schedule.rate(step: step, total: totalSteps, peak: configuration.learningRate)
                optimizer.update(&network.parameters, gradients: network.gradients, decayMask: network.decayMask,
                                 rate: rate)
                step += 1
                lossSum += value
                batches += 1
            }
            var record = EpochRecord(epoch: epoch, trainingLoss: lossSum / Double(max(batches, 1)),
                                     validationLoss: .nan, validationAccuracy: .nan)
            if !validation.isEmpty {
                let (loss, accuracy) = try score(network, data, validation, objective)
                record.validationLoss = loss
                record.validationAccuracy = accuracy
                // Error rate first; the loss (scaled down) only breaks ties between equally accurate epochs.
                let criterion = (1 - accuracy) + 1e-3 * loss
                selectionScores.append(criterion.isNaN ? .infinity : criterion)
                recentStates.append((epoch, network.state))
                if recentStates.count > half + 1 { recentStates.removeFirst() }
                if epoch > half { consider(epoch - half) }
            }
            curves.append(record)
            epochDone(epoch)
        }
        if !validation.isEmpty {
            for epoch in stride(from: max(1, epochs - half + 1), through: epochs, by: 1) where half > 0 {
                consider(epoch)
            }
        }
        if !validation.isEmpty, best.loss.isFinite { network.state = best.state } else { best.epoch = epochs }
        return (network, curves, best.epoch)
    }

    /// The mean loss (the objective's own weighted mean) and the accuracy of `network` on `indices`, in
    /// evaluation mode.
    static func score(_ network: Network<Float>, _ data: TimeSeriesDataset, _ indices: [Int],
                      _ objective: Objective) throws(TrainingError) -> (Double, Double) {
        let classifier = Classifier(network: network, objective: objective)
        let rows = classifier.outputs(for: data, indices: indices)
        let labels = indices.map { data.labels[$0] }
        var correct = 0
        for (row, label) in zip(rows, labels) {
            let predicted = objective.loss.outputsClassScores
                ? Predictions.argmax(row) : objective.predictedIndex(row[0])
            if predicted == label { correct += 1 }
        }
        let outputs = ActivationBatch<Double>(values: rows.flatMap { $0 }, batch: rows.count, length: 1,
                                          channels: rows.first?.count ?? 0)
        let loss = try objective.valueAndGradient(outputs: outputs, labels: labels, withGradient: false).0
        return (loss, Double(correct) / Double(max(indices.count, 1)))
    }

    /// The series at `indices` as a `[batch, length, 1]` activation.
    static func batch<S: NetworkScalar>(_ data: TimeSeriesDataset, _ indices: [Int]) -> ActivationBatch<S> {
        let length = data.length
        let values = [S](unsafeUninitializedCapacity: indices.count * length) { buffer, initialized in
            data.values.withUnsafeBufferPointer { source in
                for (row, index) in indices.enumerated() {
                    let from = source.baseAddress! + index * length
                    let to = buffer.baseAddress! + row * length
                    for t in 0..<length { (to + t).initialize(to: S(from[t])) }
                }
            }
            initialized = indices.count * length
        }
        return ActivationBatch(values: values, batch: indices.count, length: length, channels: 1)
    }
}
