/// What the fixed feature layers (``MiniRocketFeatures``, ``HydraFeatures``) share: a transform of equally long
/// series into ``featureCount`` raw features, standardised with the statistics the features have on the fitting
/// series.
protocol StandardizedFeatureTransform: Sendable {
    /// The series length the transform was made for.
    var inputLength: Int { get }
    /// The number of features per series.
    var featureCount: Int { get }
    /// The standardisation (the identity until fitted).
    var standardization: FeatureStandardization { get set }
    /// The features before standardisation, one row of ``featureCount`` values per series of `indices`; the
    /// values do not depend on `threads`.
    func rawFeatures(of data: TimeSeriesDataset, indices: [Int], threads: Int) -> [Float]
}

extension StandardizedFeatureTransform {
    /// Checks that `indices` name one or more series of `data`.
    static func checkFitting(_ indices: [Int], of data: TimeSeriesDataset) throws(TrainingError) {
        guard !indices.isEmpty, indices.allSatisfy({ (0..<data.count).contains($0) }) else {
            throw TrainingError.invalidSetting(
                name: "fitting series", value: "\(indices.count) indices", expected: "one or more series of the dataset")
        }
    }

    /// Fits the standardisation on the series `indices` of `data`, computing only their features.
    mutating func fitStandardization(on data: TimeSeriesDataset, indices: [Int], threads: Int) {
        standardization = FeatureStandardization(
            fitting: rawFeatures(of: data, indices: indices, threads: threads), featureCount: featureCount,
            rows: 0..<indices.count)
    }

    /// Fits the standardisation on the series `indices` of `data` and returns the standardised features of every
    /// series of `data` as a dataset with the same labels, computing each series' features once.
    mutating func fitStandardizationAndTransform(_ data: TimeSeriesDataset, fitting indices: [Int],
                                                 threads: Int) throws(TrainingError) -> TimeSeriesDataset {
        var values = rawFeatures(of: data, indices: Array(0..<data.count), threads: threads)
        standardization = FeatureStandardization(fitting: values, featureCount: featureCount, rows: indices)
        standardization.apply(to: &values, rowCount: data.count)
        return try TimeSeriesDataset(values: values, labels: data.labels, length: featureCount,
                                     classNames: data.classNames)
    }

    /// The standardised features of the series `indices` of `data` (whose length the caller has checked).
    func standardizedFeatures(of data: TimeSeriesDataset, indices: [Int], threads: Int) -> [Float] {
        var values = rawFeatures(of: data, indices: indices, threads: threads)
        standardization.apply(to: &values, rowCount: indices.count)
        return values
    }

    /// ``standardizedFeatures(of:indices:threads:)`` after checking the series length.
    func checkedFeatures(of data: TimeSeriesDataset, indices: [Int], threads: Int) throws(TrainingError) -> [Float] {
        guard data.length == inputLength else {
            throw TrainingError.shapeMismatch(what: "series length", count: data.length, expected: inputLength)
        }
        return standardizedFeatures(of: data, indices: indices, threads: threads)
    }

    /// Every series of `data` replaced by its standardised features, labels kept.
    func transformed(_ data: TimeSeriesDataset, threads: Int) throws(TrainingError) -> TimeSeriesDataset {
        let values = try checkedFeatures(of: data, indices: Array(0..<data.count), threads: threads)
        return try TimeSeriesDataset(values: values, labels: data.labels, length: featureCount,
                                     classNames: data.classNames)
    }
}
