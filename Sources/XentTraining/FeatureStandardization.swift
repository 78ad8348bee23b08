/// Per-feature standardisation of a fixed feature layer: `(x − mean) · scale`, with the mean and
/// `scale = 1 / standard deviation` each feature has on the fitting series (0 for a feature constant there, which is
/// then always 0), so that one learning rate suits every dataset. Sums run in Double.
struct FeatureStandardization: Sendable, Equatable {
    /// The mean of each feature on the fitting series.
    private(set) var means: [Float]
    /// 1 / the standard deviation of each feature on the fitting series (0 for a constant feature).
    private(set) var scales: [Float]

    /// The identity on `featureCount` features.
    init(identityOn featureCount: Int) {
        means = [Float](repeating: 0, count: featureCount)
        scales = [Float](repeating: 1, count: featureCount)
    }

    /// Fitted on the rows `rows` of `raw` (`featureCount` values per row).
    init<Rows: Sequence<Int>>(fitting raw: [Float], featureCount: Int, rows: Rows) {
        var sums = [Double](repeating: 0, count: featureCount)
        var squares = [Double](repeating: 0, count: featureCount)
        var n = 0.0
        for row in rows {
            for j in 0..<featureCount {
                let v = Double(raw[row * featureCount + j])
                sums[j] += v
                squares[j] += v * v
            }
            n += 1
        }
        means = [Float](repeating: 0, count: featureCount)
        scales = [Float](repeating: 0, count: featureCount)
        for j in 0..<featureCount where n > 0 {
            let mean = sums[j] / n
            let variance = max(0, squares[j] / n - mean * mean)
            means[j] = Float(mean)
            scales[j] = variance > 1e-10 ? Float(1 / variance.squareRoot()) : 0
        }
    }

    /// Standardises `rowCount` rows of raw features in place (results clamped to the finite Float range).
    func apply(to values: inout [Float], rowCount: Int) {
        let total = means.count
        values.withUnsafeMutableBufferPointer { buffer in
            for row in 0..<rowCount {
                for j in 0..<total {
                    // Clamped to the float range: a series far outside the fitting series' range (possible with
                    // --no-z-normalize) must not turn into ±inf, and then NaN, in the head.
                    let v = (buffer[row * total + j] - means[j]) * scales[j]
                    buffer[row * total + j] = Swift.min(Swift.max(v, -.greatestFiniteMagnitude), .greatestFiniteMagnitude)
                }
            }
        }
    }
}
