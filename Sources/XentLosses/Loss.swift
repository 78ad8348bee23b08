/// A classification loss: its kind and every option, with the Keras or PyTorch semantics chosen by
/// ``convention``.
///
/// Build one with a factory (``categoricalCrossEntropy(fromLogits:labelSmoothing:classWeights:zLoss:reduction:classAxis:convention:)``
/// and its siblings) or the memberwise initialiser, then evaluate it:
///
/// ```swift
/// let loss = Loss.sparseCategoricalCrossEntropy(fromLogits: true, labelSmoothing: 0.1, convention: .pytorch)
/// let result = try loss.evaluate(predictions: logits, labels: [2, 0, 1], withGradient: true)
/// print(result.value!, result.gradient!.elements)
/// ```
///
/// All values are in nats. Options given as `Double` are converted to the predictions' scalar type first,
/// as the peers do.
public struct Loss: Sendable, Hashable {
    /// Which loss.
    public var kind: LossKind
    /// Whose semantics apply where Keras and PyTorch differ.
    public var convention: LossConvention
    /// Whether the predictions are logits (pre-softmax / pre-sigmoid scores) rather than probabilities.
    /// Ignored by ``LossKind/kl`` (Keras takes probabilities, PyTorch log-probabilities).
    public var fromLogits: Bool
    /// Label smoothing ε in [0, 1] (0 = off). Categorical: y(1 − ε) + ε/K; binary: y(1 − ε) + ε/2.
    public var labelSmoothing: Double
    /// One weight per class, or `nil`. PyTorch: `weight=` of `cross_entropy` / per-label `weight` of binary
    /// CE. Keras: turned into a sample weight as `Model.fit(class_weight=)` does (the weight of the
    /// target's argmax, or of the rounded target for one column).
    public var classWeights: [Double]?
    /// The ignored label for ``LossKind/sparseCategorical`` (Keras `ignore_class`, PyTorch
    /// `ignore_index`). `nil` means the convention's default: none for Keras, −100 for PyTorch.
    public var ignoreIndex: Int?
    /// PyTorch `pos_weight` of binary CE with logits: one factor per label (one value applies to all).
    public var posWeight: [Double]?
    /// The focusing exponent γ ≥ 0 of the focal losses (Keras default 2).
    public var gamma: Double
    /// The balancing factor α of the focal losses (Keras default 0.25). Binary focal uses it only with
    /// ``applyClassBalancing``; categorical focal always multiplies by it.
    public var alpha: FocalAlpha
    /// Binary focal: weight label 1 by α and label 0 by 1 − α.
    public var applyClassBalancing: Bool
    /// PyTorch KL: the targets are log-probabilities too.
    public var logTarget: Bool
    /// How per-sample values are combined.
    public var reduction: LossReduction
    /// Where the classes lie in the predictions.
    public var classAxis: ClassAxis
    /// The z-loss coefficient α ≥ 0 (PaLM, T5X): α·logsumexp(x)² is added to each row of a cross-entropy
    /// from logits (0 = off). Its gradient is 2α·logsumexp(x)·softmax(x).
    public var zLoss: Double

    /// Creates a loss from every option; each has the peers' default.
    public init(
        kind: LossKind, convention: LossConvention = .default, fromLogits: Bool = false,
        labelSmoothing: Double = 0, classWeights: [Double]? = nil, ignoreIndex: Int? = nil,
        posWeight: [Double]? = nil, gamma: Double = 2, alpha: FocalAlpha = .default,
        applyClassBalancing: Bool = false, logTarget: Bool = false, reduction: LossReduction = .mean,
        classAxis: ClassAxis = .last, zLoss: Double = 0
    ) {
        self.kind = kind
        self.convention = convention
        self.fromLogits = fromLogits
        self.labelSmoothing = labelSmoothing
        self.classWeights = classWeights
        self.ignoreIndex = ignoreIndex
        self.posWeight = posWeight
        self.gamma = gamma
        self.alpha = alpha
        self.applyClassBalancing = applyClassBalancing
        self.logTarget = logTarget
        self.reduction = reduction
        self.classAxis = classAxis
        self.zLoss = zLoss
    }

    /// Categorical cross-entropy against dense (one-hot or soft) targets shaped like the predictions.
    public static func categoricalCrossEntropy(
        fromLogits: Bool = false, labelSmoothing: Double = 0, classWeights: [Double]? = nil, zLoss: Double = 0,
        reduction: LossReduction = .mean, classAxis: ClassAxis = .last, convention: LossConvention = .default
    ) -> Loss {
        Loss(kind: .categorical, convention: convention, fromLogits: fromLogits, labelSmoothing: labelSmoothing,
             classWeights: classWeights, reduction: reduction, classAxis: classAxis, zLoss: zLoss)
    }

    /// Categorical cross-entropy against integer labels.
    public static func sparseCategoricalCrossEntropy(
        fromLogits: Bool = false, ignoreIndex: Int? = nil, labelSmoothing: Double = 0,
        classWeights: [Double]? = nil, zLoss: Double = 0, reduction: LossReduction = .mean,
        classAxis: ClassAxis = .last, convention: LossConvention = .default
    ) -> Loss {
        Loss(kind: .sparseCategorical, convention: convention, fromLogits: fromLogits,
             labelSmoothing: labelSmoothing, classWeights: classWeights, ignoreIndex: ignoreIndex,
             reduction: reduction, classAxis: classAxis, zLoss: zLoss)
    }

    /// Binary cross-entropy, one independent label per column (multi-label `[N, K]` included).
    public static func binaryCrossEntropy(
        fromLogits: Bool = false, labelSmoothing: Double = 0, classWeights: [Double]? = nil,
        posWeight: [Double]? = nil, reduction: LossReduction = .mean, classAxis: ClassAxis = .last,
        convention: LossConvention = .default
    ) -> Loss {
        Loss(kind: .binary, convention: convention, fromLogits: fromLogits, labelSmoothing: labelSmoothing,
             classWeights: classWeights, posWeight: posWeight, reduction: reduction, classAxis: classAxis)
    }

    /// KL divergence of the predictions from the targets. Keras: predictions are probabilities;
    /// PyTorch: predictions are log-probabilities (and the targets too with `logTarget`).
    public static func klDivergence(
        logTarget: Bool = false, reduction: LossReduction = .mean, classAxis: ClassAxis = .last,
        convention: LossConvention = .default
    ) -> Loss {
        Loss(kind: .kl, convention: convention, logTarget: logTarget, reduction: reduction, classAxis: classAxis)
    }

    /// Keras' binary focal cross-entropy.
    public static func binaryFocalCrossEntropy(
        gamma: Double = 2, alpha: Double = 0.25, applyClassBalancing: Bool = false, fromLogits: Bool = false,
        labelSmoothing: Double = 0, reduction: LossReduction = .mean, classAxis: ClassAxis = .last
    ) -> Loss {
        Loss(kind: .binaryFocal, convention: .keras, fromLogits: fromLogits, labelSmoothing: labelSmoothing,
             gamma: gamma, alpha: .uniform(alpha), applyClassBalancing: applyClassBalancing,
             reduction: reduction, classAxis: classAxis)
    }

    /// Keras' categorical focal cross-entropy (α one number or one per class).
    public static func categoricalFocalCrossEntropy(
        gamma: Double = 2, alpha: FocalAlpha = .default, fromLogits: Bool = false, labelSmoothing: Double = 0,
        classWeights: [Double]? = nil, reduction: LossReduction = .mean, classAxis: ClassAxis = .last
    ) -> Loss {
        Loss(kind: .categoricalFocal, convention: .keras, fromLogits: fromLogits, labelSmoothing: labelSmoothing,
             classWeights: classWeights, gamma: gamma, alpha: alpha, reduction: reduction, classAxis: classAxis)
    }

    /// The ignored label in effect: ``ignoreIndex``, or −100 under PyTorch when it is `nil`.
    public var effectiveIgnoreIndex: Int? {
        if let ignoreIndex { return ignoreIndex }
        return convention == .pytorch && kind == .sparseCategorical ? -100 : nil
    }
}
