/// Labelled, equally long univariate time series: the input of the classifiers.
///
/// Values are stored row-major (`count × length`) in one array. Labels are class indices in `0..<classCount`;
/// `classNames[k]` is the label text the source file used for class `k` (the archive's `1…K`, or `-1`/`1`).
public struct TimeSeriesDataset: Sendable, Equatable {
    /// All values, one series after another.
    public private(set) var values: [Float]
    /// The class index of each series, in `0..<classCount`.
    public private(set) var labels: [Int]
    /// The number of values in each series.
    public let length: Int
    /// The original label of each class index, as written in the source file.
    public let classNames: [String]

    /// Creates a dataset, checking that the sizes agree, that every value is finite and that every label is a valid
    /// class index.
    public init(values: [Float], labels: [Int], length: Int, classNames: [String]) throws(TrainingError) {
        guard length > 0 else {
            throw TrainingError.invalidSetting(name: "length", value: "\(length)", expected: "a positive length")
        }
        guard values.count == labels.count * length else {
            throw TrainingError.shapeMismatch(what: "values", count: values.count, expected: labels.count * length)
        }
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw TrainingError.invalidSetting(
                name: "value \(bad % length) of series \(bad / length)", value: "\(values[bad])", expected: "a finite number")
        }
        for (row, label) in labels.enumerated() where !(0..<classNames.count).contains(label) {
            throw TrainingError.invalidSetting(
                name: "label of series \(row)", value: "\(label)", expected: "a class index in 0..<\(classNames.count)")
        }
        self.values = values
        self.labels = labels
        self.length = length
        self.classNames = classNames
    }

    /// A dataset whose sizes, values and labels the caller has made valid (finite values, labels in range).
    init(validValues values: [Float], labels: [Int], length: Int, classNames: [String]) {
        self.values = values
        self.labels = labels
        self.length = length
        self.classNames = classNames
    }

    /// The number of series.
    public var count: Int { labels.count }

    /// The number of classes (including classes with no series in this split).
    public var classCount: Int { classNames.count }

    /// The values of series `index`.
    public func series(_ index: Int) -> ArraySlice<Float> {
        values[(index * length)..<((index + 1) * length)]
    }

    /// How many series each class has.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: classCount)
        for label in labels { counts[label] += 1 }
        return counts
    }

    /// The series at `indices`, in that order, with the same classes.
    public func subset(_ indices: [Int]) -> TimeSeriesDataset {
        var newValues = [Float]()
        newValues.reserveCapacity(indices.count * length)
        for index in indices { newValues.append(contentsOf: series(index)) }
        var copy = self
        copy.values = newValues
        copy.labels = indices.map { labels[$0] }
        return copy
    }

    /// This dataset with each series z-normalised: mean 0 and sample standard deviation 1 (the archive's own
    /// convention, `n − 1` in the denominator). A constant series becomes all zeros. Sums run in `Double`.
    public func zNormalized() -> TimeSeriesDataset {
        var copy = self
        copy.values.withUnsafeMutableBufferPointer { buffer in
            for row in 0..<count {
                let start = row * length
                var sum = 0.0
                for t in 0..<length { sum += Double(buffer[start + t]) }
                let mean = sum / Double(length)
                var squares = 0.0
                for t in 0..<length {
                    let d = Double(buffer[start + t]) - mean
                    squares += d * d
                }
                let deviation = length > 1 ? (squares / Double(length - 1)).squareRoot() : 0
                let scale = deviation > 1e-12 ? 1 / deviation : 0
                for t in 0..<length { buffer[start + t] = Float((Double(buffer[start + t]) - mean) * scale) }
            }
        }
        return copy
    }
}
