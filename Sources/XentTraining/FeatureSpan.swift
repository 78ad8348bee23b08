import Foundation
import XentKernels
import XentKernelsC

/// The span of the training series' features: an orthonormal basis of the space the n centred feature rows span,
/// from the eigendecomposition of their centred Gram matrix `G = X_c X_cᵀ = U Λ Uᵀ` (n × n, in Double).
///
/// A linear model with a squared-norm penalty on its weights, `logits = x W + b` with `λ‖W‖²`, fitted on rows of
/// `X`, has its optimal weights in the row space of `X_c`: `W = X_cᵀ A`. So it can be fitted on the n-dimensional
/// *coordinates* `F = U Λ^{1/2}` of the rows instead of their p features (`F Fᵀ = G`; `X_c = F Qᵀ` with `Q`
/// orthonormal, so the penalty `‖W‖² = ‖Z‖²` for `W = Q Z`), with the same optimum and the same value, at a cost
/// that does not grow with p. Ridge regression's leave-one-out residuals and the logistic regression's folds are
/// all computed in these coordinates; only the final weights go back to the p features
/// (``weights(forDualCoefficients:classes:)``).
///
/// Components whose eigenvalue is below 10⁻¹¹ of the largest are dropped: they are the directions the centring
/// removed (the all-ones vector) and round-off.
struct FeatureSpan: Sendable {
    /// The number of training rows.
    let rowCount: Int
    /// The number of features per row.
    let featureCount: Int
    /// The kept eigenvalues of the centred Gram matrix, ascending.
    let eigenvalues: [Double]
    /// The kept unit eigenvectors: `basis[k * rowCount + i]` is entry i of the k-th.
    let basis: [Double]
    /// The mean of each feature over the rows.
    let featureMeans: [Double]
    /// The features themselves (`rowCount × featureCount`, row-major), kept to map dual coefficients to weights.
    private let features: [Float]
    /// Threads for the products.
    let threads: Int

    /// The number of kept components (the dimension of the span).
    var rank: Int { eigenvalues.count }

    /// The span of the rows of `features` (`rowCount × featureCount`, row-major).
    ///
    /// - Throws: ``TrainingError/shapeMismatch(what:count:expected:)`` when `features` does not hold `rowCount × featureCount`
    ///   values; ``TrainingError/lossFailure(reason:)`` when the eigenvalue iterations do not converge (a matrix
    ///   with non-finite entries).
    init(features: [Float], rowCount n: Int, featureCount p: Int, threads: Int) throws(TrainingError) {
        guard n > 0, p >= 0, features.count == n * p else {
            throw TrainingError.shapeMismatch(what: "feature values", count: features.count, expected: max(n, 0) * max(p, 0))
        }
        rowCount = n
        featureCount = p
        self.features = features
        self.threads = max(1, threads)
        var means = [Double](repeating: 0, count: p)
        features.withUnsafeBufferPointer { x in
            for i in 0..<n { for j in 0..<p { means[j] += Double(x[i * p + j]) } }
        }
        featureMeans = means.map { $0 / Double(max(n, 1)) }

        var gram = [Double](repeating: 0, count: n * n)
        Self.gram(features, n: n, p: p, into: &gram, threads: self.threads)
        // Centre: G_c = C G C with C = I - 11ᵀ/n.
        var rowMeans = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var s = 0.0
            for j in 0..<n { s += gram[i * n + j] }
            rowMeans[i] = s / Double(n)
        }
        let total = rowMeans.reduce(0, +) / Double(n)
        for i in 0..<n { for j in 0..<n { gram[i * n + j] += total - rowMeans[i] - rowMeans[j] } }

        var values = [Double](repeating: 0, count: n)
        var scratch = [Double](repeating: 0, count: 2 * n)
        let status = Self.eigendecompose(&gram, n: n, values: &values, scratch: &scratch, threads: self.threads)
        guard status == 0, values.allSatisfy(\.isFinite) else {
            throw TrainingError.lossFailure(reason: "the eigendecomposition of the features' Gram matrix did not converge")
        }
        let largest = values.last ?? 0
        let first = values.firstIndex { $0 > 1e-11 * largest && $0 > 0 } ?? n
        eigenvalues = Array(values[first...])
        basis = Array(gram[(first * n)...])
    }

    /// `xk_symmetric_eigen_f64` on `matrix` (n × n; `scratch` 2n values), the work that splits into independent
    /// columns (the tridiagonalisation's updates, the QL rotations of the eigenvectors) run on `threads` through
    /// ``forEachRange(count:threads:granularity:minimumPerThread:_:)``: the same bits for any thread count, since
    /// every column meets the same operations in the same order.
    static func eigendecompose(
        _ matrix: inout [Double], n: Int, values: inout [Double], scratch: inout [Double], threads: Int
    ) -> Int32 {
        var workers = threads
        return withUnsafeMutablePointer(to: &workers) { context in
            xk_symmetric_eigen_f64(&matrix, n, &values, &scratch, { context, count, body, argument in
                guard let threads = context?.assumingMemoryBound(to: Int.self).pointee, let body else { return }
                let shared = UncheckedSendable((body, argument))
                forEachRange(count: count, threads: threads, granularity: 8, minimumPerThread: 64) { range in
                    shared.value.0(shared.value.1, range.lowerBound, range.upperBound)
                }
            }, context)
        }
    }

    /// The Gram matrix `x xᵀ` in Double, rows split over threads in blocks of equal work (the same bits for any
    /// thread count).
    private static func gram(_ x: [Float], n: Int, p: Int, into g: inout [Double], threads: Int) {
        // Row i costs about i + 1 dot products: cut the triangle into pieces of equal area.
        let pieces = min(threads, max(1, n / 16))
        var bounds = [0]
        for t in 1..<pieces { bounds.append(Int((Double(n) * (Double(t) / Double(pieces)).squareRoot()).rounded())) }
        bounds.append(n)
        let cuts = bounds
        x.withUnsafeBufferPointer { xb in
            g.withUnsafeMutableBufferPointer { gb in
                let xs = UncheckedSendable(xb.baseAddress!), gs = UncheckedSendable(gb.baseAddress!)
                DispatchQueue.concurrentPerform(iterations: pieces) { t in
                    xk_gram_rows_f32(xs.value, n, p, cuts[t], cuts[t + 1], gs.value)
                }
            }
        }
    }

    /// The coordinates `F = U Λ^{1/2}` of the training rows (`rowCount × rank`, row-major).
    func coordinates() -> [Double] {
        let n = rowCount, r = rank
        var f = [Double](repeating: 0, count: n * r)
        for k in 0..<r {
            let root = eigenvalues[k].squareRoot()
            for i in 0..<n { f[i * r + k] = basis[k * n + i] * root }
        }
        return f
    }

    /// The weights `W = X_cᵀ A` (`featureCount × classes`, row-major) and the offset `−μ W` to add to the intercept,
    /// for dual coefficients `A` (`rowCount × classes`) whose columns sum to 0 (true of any combination of the
    /// kept components), so that `logits = x W + (b − μ W)` for a raw feature row x.
    func weights(forDualCoefficients a: [Double], classes: Int) -> (weights: [Double], offset: [Double]) {
        let n = rowCount, p = featureCount
        var w = [Double](repeating: 0, count: p * classes)
        features.withUnsafeBufferPointer { xb in
            a.withUnsafeBufferPointer { ab in
                w.withUnsafeMutableBufferPointer { wb in
                    let xs = UncheckedSendable(xb.baseAddress!), as_ = UncheckedSendable(ab.baseAddress!)
                    let ws = UncheckedSendable(wb.baseAddress!)
                    // min(threads, max(1, p / 256)) ranges, range t starting at p · t / ranges.
                    forEachRange(count: p, threads: threads, minimumPerThread: 256) { columns in
                        xk_transpose_product_f32(xs.value, n, p, as_.value, classes, columns.lowerBound,
                                                 columns.upperBound, ws.value)
                    }
                }
            }
        }
        var offset = [Double](repeating: 0, count: classes)
        for j in 0..<p where featureMeans[j] != 0 {
            for c in 0..<classes { offset[c] -= featureMeans[j] * w[j * classes + c] }
        }
        return (w, offset)
    }

    /// Dual coefficients `A = U Λ^{-1/2} Z` (`rowCount × classes`) for coordinate weights `Z` (`rank × classes`).
    func dualCoefficients(forCoordinateWeights z: [Double], classes: Int) -> [Double] {
        let n = rowCount, r = rank
        var a = [Double](repeating: 0, count: n * classes)
        for k in 0..<r {
            let inverseRoot = 1 / eigenvalues[k].squareRoot()
            for i in 0..<n {
                let u = basis[k * n + i] * inverseRoot
                for c in 0..<classes { a[i * classes + c] += u * z[k * classes + c] }
            }
        }
        return a
    }
}
