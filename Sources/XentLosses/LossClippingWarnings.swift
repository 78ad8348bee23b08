import RealModule
import XentKernels

/// The notes the checked API attaches to a result when the inputs are used other than as given: probabilities
/// clipped to Keras' [ε, 1 − ε] (`LossEngine.kerasEpsilon`, the bounds the kernels clip to), logarithms clamped
/// at PyTorch's −100, rows renormalised, class weights cast to float32 beyond its range.
extension Loss {
    /// The class weights that overflow only through the Keras convention's cast to float32 (`LossEngine` casts
    /// them as Keras does; the PyTorch convention keeps `Scalar` weights): finite as `Scalar`, +∞ as `Float`.
    func classWeightWarnings<Scalar: BinaryFloatingPoint>(_: Scalar.Type) -> [LossWarning] {
        guard convention == .keras, let classWeights else { return [] }
        return classWeights.indices.compactMap { k in
            let w = classWeights[k]
            return Float(w).isInfinite && Scalar(w).isFinite ? .classWeightOverflowsFloat32(index: k, weight: w) : nil
        }
    }

    /// Clipping, renormalisation and clamping notes for dense-target losses.
    func denseWarnings<Scalar: BinaryFloatingPoint & Real & Sendable>(
        _ predictions: Tensor<Scalar>, targets: Tensor<Scalar>, layout: LossLayout
    ) -> [LossWarning] {
        if fromLogits && kind != .kl { return [] }
        switch kind {
        case .categorical, .categoricalFocal:
            return probabilityRowWarnings(predictions, layout: layout)
        case .binary, .binaryFocal:
            var clipped = 0, clamped = 0
            let low = LossEngine<Scalar>.kerasEpsilon, high = LossEngine<Scalar>.kerasOneMinusEpsilon
            for (p, y) in zip(predictions.elements, targets.elements) {
                if convention == .keras || kind == .binaryFocal {
                    if p <= low || p >= high { clipped += 1 }
                } else {
                    if y != 0 && Double(p) < 3.720075976020836e-44 { clamped += 1 }
                    if y != 1 && Double(1 - p) < 3.720075976020836e-44 { clamped += 1 }
                }
            }
            var warnings: [LossWarning] = []
            if clipped > 0 { warnings.append(.probabilitiesClipped(count: clipped)) }
            if clamped > 0 { warnings.append(.logsClamped(count: clamped)) }
            return warnings
        case .kl:
            guard convention == .keras else { return [] }
            let low = LossEngine<Scalar>.kerasEpsilon
            let clipped = predictions.elements.reduce(0) { $0 + ($1 <= low || $1 >= 1 ? 1 : 0) }
            return clipped > 0 ? [.probabilitiesClipped(count: clipped)] : []
        case .sparseCategorical:
            return []
        }
    }

    /// Renormalisation and clipping notes for probability rows (categorical kinds).
    func probabilityRowWarnings<Scalar: BinaryFloatingPoint & Real & Sendable>(
        _ predictions: Tensor<Scalar>, layout: LossLayout
    ) -> [LossWarning] {
        var unnormalized = 0, clipped = 0
        let low = LossEngine<Scalar>.kerasEpsilon, high = LossEngine<Scalar>.kerasOneMinusEpsilon
        let kerasClip = convention == .keras || kind == .categoricalFocal
        for r in 0..<layout.rowCount {
            let o = r / layout.inner, i = r - o * layout.inner
            let base = o * layout.classes * layout.inner + i
            var sum: Scalar = 0
            for c in 0..<layout.classes { sum += predictions.elements[base + c * layout.inner] }
            if abs(Double(sum) - 1) > 1e-3 { unnormalized += 1 }
            if kerasClip {
                for c in 0..<layout.classes {
                    let q = predictions.elements[base + c * layout.inner] / sum
                    if q <= low || q >= high { clipped += 1 }
                }
            }
        }
        var warnings: [LossWarning] = []
        if unnormalized > 0 { warnings.append(.unnormalizedRows(count: unnormalized)) }
        if clipped > 0 { warnings.append(.probabilitiesClipped(count: clipped)) }
        return warnings
    }
}
