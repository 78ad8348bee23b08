/// The loss a classifier is trained with.
public enum TrainingLoss: String, CaseIterable, Sendable {
    /// Categorical cross-entropy from logits (softmax output), with optional class weights and label smoothing.
    case crossEntropy = "cross-entropy"
    /// Categorical focal cross-entropy from logits (Lin et al. 2017), γ = 2: down-weights easy examples.
    case focal
    /// Mean squared error between the softmax output and the one-hot target (the article's first comparison).
    case mse
    /// The article's strawman: one regression output trained with MSE on the class index; the prediction is
    /// that output rounded to the nearest class. It has no probabilities: its "distribution" is one-hot.
    case indexMSE = "index-mse"

    /// A short human name: "cross-entropy", "softmax MSE", "index MSE", "focal".
    public var displayName: String {
        switch self {
        case .crossEntropy: return "cross-entropy"
        case .mse: return "softmax MSE"
        case .indexMSE: return "index MSE"
        case .focal: return "focal"
        }
    }

    /// Whether the network outputs one score per class (true) or one regression value (false).
    public var outputsClassScores: Bool { self != .indexMSE }
}

/// How the classes are weighted in the loss.
public enum ClassWeighting: Sendable, Equatable {
    /// Every class weighs 1.
    case uniform
    /// Class `k` weighs `n / (K · n_k)` on the series the model is fitted on (scikit-learn's "balanced").
    case balanced
    /// One weight per class, in class-index order.
    case explicit([Double])

    /// The weight of each class given the class counts of the fitted series.
    public func weights(classCounts: [Int]) throws(TrainingError) -> [Double] {
        let classes = classCounts.count
        switch self {
        case .uniform:
            return [Double](repeating: 1, count: classes)
        case .balanced:
            let total = Double(classCounts.reduce(0, +))
            return classCounts.map { $0 > 0 ? total / (Double(classes) * Double($0)) : 0 }
        case .explicit(let weights):
            guard weights.count == classes else {
                throw TrainingError.shapeMismatch(what: "class weights", count: weights.count, expected: classes)
            }
            for w in weights where !(w.isFinite && w >= 0) {
                throw TrainingError.invalidSetting(
                    name: "class weight", value: "\(w)", expected: "a finite weight ≥ 0")
            }
            guard weights.contains(where: { $0 > 0 }) else {
                throw TrainingError.invalidSetting(
                    name: "class weights", value: "\(weights)", expected: "at least one positive weight")
            }
            return weights
        }
    }
}
