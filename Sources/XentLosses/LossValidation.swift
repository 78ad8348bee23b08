/// Option checks shared by the checked API and by callers of the unchecked one.
extension Loss {
    /// Checks every option against its domain and against the loss kind and convention.
    ///
    /// - Parameters:
    ///   - classCount: the number of classes (labels for binary losses).
    ///   - rank: the predictions' rank (class-axis and class-weight rules depend on it); 2 when omitted.
    ///   - hasSampleWeights: whether per-sample weights will be given.
    /// - Throws: ``LossError/invalidOption(name:value:expectation:)`` or
    ///   ``LossError/unsupportedOption(name:kind:convention:)``.
    public func validateOptions(classCount: Int, rank: Int = 2, hasSampleWeights: Bool = false) throws(LossError) {
        let keras = convention == .keras
        func unsupported(_ name: String) -> LossError {
            .unsupportedOption(name: name, kind: kind, convention: convention)
        }
        guard labelSmoothing.isFinite, labelSmoothing >= 0, labelSmoothing <= 1 else {
            throw .invalidOption(name: "label-smoothing", value: "\(labelSmoothing)", expectation: "a number in [0, 1]")
        }
        guard gamma.isFinite, gamma >= 0 else {
            throw .invalidOption(name: "gamma", value: "\(gamma)", expectation: "a finite number >= 0")
        }
        guard zLoss.isFinite, zLoss >= 0 else {
            throw .invalidOption(name: "z-loss", value: "\(zLoss)", expectation: "a finite number >= 0")
        }
        if let classWeights {
            // Keras weights a one-column binary target by its rounded value: two weights, for 0 and 1.
            let expected = keras && classCount == 1 && kind == .binary ? 2 : classCount
            guard classWeights.count == expected else {
                throw .invalidOption(name: "class-weights", value: "\(classWeights.count) weights",
                                     expectation: "one weight per class (\(expected))")
            }
            if let bad = classWeights.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
                throw .invalidOption(name: "class-weights", value: "\(classWeights[bad])",
                                     expectation: "finite weights >= 0")
            }
            if kind == .kl || kind == .binaryFocal { throw unsupported("class-weights") }
            if keras && rank > 2 { throw unsupported("class-weights") }
        }
        if let posWeight {
            guard posWeight.count == 1 || posWeight.count == classCount else {
                throw .invalidOption(name: "pos-weight", value: "\(posWeight.count) weights",
                                     expectation: "one weight, or one per label (\(classCount))")
            }
            if let bad = posWeight.firstIndex(where: { !$0.isFinite || $0 < 0 }) {
                throw .invalidOption(name: "pos-weight", value: "\(posWeight[bad])", expectation: "finite weights >= 0")
            }
            if kind != .binary || keras || !fromLogits { throw unsupported("pos-weight") }
        }
        switch alpha {
        case .uniform(let value):
            guard value.isFinite else {
                throw .invalidOption(name: "alpha", value: "\(value)", expectation: "a finite number")
            }
        case .perClass(let values):
            guard kind == .categoricalFocal else { throw unsupported("alpha") }
            guard values.count == classCount else {
                throw .invalidOption(name: "alpha", value: "\(values.count) values",
                                     expectation: "one number, or one per class (\(classCount))")
            }
            if let bad = values.first(where: { !$0.isFinite }) {
                throw .invalidOption(name: "alpha", value: "\(bad)", expectation: "finite numbers")
            }
        }
        if ignoreIndex != nil && kind != .sparseCategorical { throw unsupported("ignore-index") }
        if logTarget && (kind != .kl || keras) { throw unsupported("log-target") }
        if zLoss > 0 && (!(kind == .categorical || kind == .sparseCategorical) || !fromLogits) {
            throw unsupported("z-loss")
        }
        if applyClassBalancing && kind != .binaryFocal { throw unsupported("apply-class-balancing") }
        switch kind {
        case .sparseCategorical:
            if keras && labelSmoothing > 0 { throw unsupported("label-smoothing") }
            if keras && classAxis == .second && rank > 2 { throw unsupported("class-axis") }
            if !keras && hasSampleWeights { throw unsupported("sample-weights") }
        case .categorical:
            if !keras && hasSampleWeights { throw unsupported("sample-weights") }
        case .kl:
            if fromLogits { throw unsupported("from-logits") }
            if labelSmoothing > 0 { throw unsupported("label-smoothing") }
            if keras && classAxis == .second && rank > 2 { throw unsupported("class-axis") }
            if !keras && hasSampleWeights { throw unsupported("sample-weights") }
        case .binary, .binaryFocal, .categoricalFocal:
            break
        }
    }
}
