import RealModule

/// Row-wise softmax helpers for small class counts, computed in `Double` with the row maximum subtracted first.
enum Softmax {
    /// The log-softmax of one row: `x_j − max − log Σ exp(x_k − max)`.
    static func logProbabilities(_ row: [Double]) -> [Double] {
        let top = row.max() ?? 0
        var sum = 0.0
        for x in row { sum += Double.exp(x - top) }
        let logSum = top + Double.log(sum)
        return row.map { $0 - logSum }
    }

    /// The softmax of one row.
    static func probabilities(_ row: [Double]) -> [Double] {
        logProbabilities(row).map { Double.exp($0) }
    }
}
