/// Everything that decides a training run. The defaults are the library's one recipe, used unchanged on every
/// dataset (no per-dataset tuning): the Hydra, MiniRocket and MultiRocket-pooling features
/// (``ModelKind/hydraMultiRocket``) read by a ridge head (``HeadKind/ridge``, the penalty chosen by leave-one-out,
/// calibrated by cross-entropy), with cross-entropy as the loss.
///
/// The optimiser settings apply to the AdamW head (the MLP's and the CNN's only one): AdamW at 3e-4 (3e-3 for the
/// MLP and the CNN) with weight decay 1e-2 under a one-cycle schedule, 60 epochs (at least 1000 steps) of batches
/// of 32, 20% of TRAIN held out (stratified) to choose the epoch (validation error, ties broken by loss, averaged
/// over 5 neighbouring epochs), then a refit on all of TRAIN for that many epochs.
public struct TrainingConfiguration: Sendable, Equatable {
    /// The architecture.
    public var model = ModelConfiguration()
    /// The loss.
    public var loss = TrainingLoss.crossEntropy
    /// How the head of a feature model is fitted; nil picks ``resolvedHead`` (ridge or logistic for feature
    /// models, ``HeadKind/adamw`` for the MLP and the CNN).
    public var head: HeadKind?
    /// The head fitted when none is set: for the feature models, ridge for cross-entropy (calibrated by
    /// cross-entropy) and the logistic head for the other losses; AdamW for the MLP and the CNN.
    public var resolvedHead: HeadKind {
        if let head { return head }
        guard model.kind.readsFixedFeatures else { return .adamw }
        return loss == .crossEntropy && classWeighting == .uniform && labelSmoothing == 0 ? .ridge : .logistic
    }
    /// How the predicted class is chosen from the probabilities (``DecisionRule/macroF1`` needs a linear head:
    /// its offsets are fitted on the out-of-fold predictions).
    public var decisionRule = DecisionRule.argmax
    /// Class weights in the loss.
    public var classWeighting = ClassWeighting.uniform
    /// Label smoothing ε in [0, 1) for the class-score losses.
    public var labelSmoothing = 0.0
    /// The focusing exponent γ of the focal loss.
    public var focalGamma = 2.0
    /// The epochs of the selection run (the validation split chooses the best of them); raised where needed to
    /// make at least ``minimumSteps`` optimiser steps.
    public var epochs = 60
    /// The fewest optimiser steps a selection run makes: small training sets (a batch or two per epoch) get
    /// more epochs, so that every dataset is trained about as long in steps. 0 keeps ``epochs`` as given.
    public var minimumSteps = 1000
    /// The validation scores (error rate, ties broken by the loss) are averaged over this many neighbouring epochs
    /// (centred) before the best is chosen, so that one lucky epoch on a small validation split does not decide.
    public var selectionWindow = 5
    /// Series per optimiser step.
    public var batchSize = 32
    /// The peak learning rate: unless set, the model family's ``ModelKind/defaultLearningRate``.
    public var learningRate: Double {
        get { chosenLearningRate ?? model.kind.defaultLearningRate }
        set { chosenLearningRate = newValue }
    }
    private var chosenLearningRate: Double?
    /// Decoupled weight decay (AdamW) or L2 (SGD), applied to weights only.
    public var weightDecay = 1e-2
    /// The optimiser.
    public var optimizer = OptimizerKind.defaultAdamW
    /// The learning-rate schedule.
    public var schedule = LearningRateSchedule.oneCycle(warmupFraction: 0.1)
    /// The stratified share of TRAIN held out for validation (0 turns validation off: the last epoch is kept).
    public var validationFraction = 0.2
    /// After choosing the epoch, train again on all of TRAIN for that many epochs.
    public var refitOnAllTraining = true
    /// The seed of the split, the weights, the dropout masks and the batch order.
    public var seed: UInt64 = 1
    /// Threads for the matrix products (results do not depend on it).
    public var threads = 2

    /// The defaults.
    public init() {}

    /// Checks every setting.
    public func validate() throws(TrainingError) {
        try model.validate()
        if decisionRule == .macroF1, resolvedHead == .adamw || !loss.outputsClassScores {
            throw TrainingError.invalidSetting(
                name: "decision rule", value: decisionRule.rawValue,
                expected: "argmax, or a linear head (ridge, logistic) with class probabilities for macro-f1")
        }
        if resolvedHead != .adamw, !model.kind.readsFixedFeatures {
            throw TrainingError.invalidSetting(
                name: "head", value: resolvedHead.rawValue,
                expected: "adamw for the \(model.kind.rawValue) model (the linear heads read MiniRocket or Hydra features)")
        }
        guard epochs >= 1, epochs <= 100_000 else {
            throw TrainingError.invalidSetting(name: "epochs", value: "\(epochs)", expected: "an integer in 1...100000")
        }
        guard batchSize >= 1, batchSize <= 1 << 16 else {
            throw TrainingError.invalidSetting(name: "batch size", value: "\(batchSize)", expected: "an integer in 1...65536")
        }
        guard learningRate.isFinite, learningRate > 0 else {
            throw TrainingError.invalidSetting(name: "learning rate", value: "\(learningRate)", expected: "a positive number")
        }
        guard weightDecay.isFinite, weightDecay >= 0 else {
            throw TrainingError.invalidSetting(name: "weight decay", value: "\(weightDecay)", expected: "a number ≥ 0")
        }
        guard labelSmoothing >= 0, labelSmoothing < 1 else {
            throw TrainingError.invalidSetting(
                name: "label smoothing", value: "\(labelSmoothing)", expected: "a number in [0, 1)")
        }
        guard focalGamma >= 0, focalGamma <= 100 else {
            throw TrainingError.invalidSetting(name: "focal gamma", value: "\(focalGamma)", expected: "a number in [0, 100]")
        }
        guard minimumSteps >= 0, minimumSteps <= 10_000_000 else {
            throw TrainingError.invalidSetting(
                name: "minimum steps", value: "\(minimumSteps)", expected: "an integer in 0...10000000")
        }
        guard selectionWindow >= 1, selectionWindow <= 1001 else {
            throw TrainingError.invalidSetting(
                name: "selection window", value: "\(selectionWindow)", expected: "an integer in 1...1001")
        }
        guard threads >= 1, threads <= 1024 else {
            throw TrainingError.invalidSetting(name: "threads", value: "\(threads)", expected: "an integer in 1...1024")
        }
        guard validationFraction >= 0, validationFraction <= 0.9 else {
            throw TrainingError.invalidSetting(
                name: "validation fraction", value: "\(validationFraction)", expected: "a fraction in [0, 0.9]")
        }
    }
}
