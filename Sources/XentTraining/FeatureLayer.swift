/// A fixed (not trained) feature layer in front of a classifier's head: the series goes in, standardised features
/// come out, and the head reads them. It is one or more blocks side by side, each standardised on its own.
public struct FeatureLayer: Sendable, Equatable {
    /// One transform of the layer.
    public enum Block: Sendable, Equatable {
        /// MiniRocket's proportions of positive values of the series.
        case miniRocket(MiniRocketFeatures)
        /// MiniRocket's proportions of positive values of the series' first difference (`x[t+1] − x[t]`).
        case miniRocketOfDifference(MiniRocketFeatures)
        /// Hydra's competing-kernel counts (on the series and its first difference).
        case hydra(HydraFeatures)

        fileprivate var transform: any StandardizedFeatureTransform {
            switch self {
            case .miniRocket(let layer), .miniRocketOfDifference(let layer): layer
            case .hydra(let layer): layer
            }
        }

        fileprivate var readsDifference: Bool {
            if case .miniRocketOfDifference = self { return true }
            return false
        }
    }

    /// The blocks, in the order their features are concatenated.
    public let blocks: [Block]

    /// The columns of the MiniRocket block of the series itself (not of its difference), if the layer has one.
    var miniRocketColumns: Range<Int>? {
        var start = 0
        for block in blocks {
            let width = block.transform.featureCount
            if case .miniRocket = block { return start..<(start + width) }
            start += width
        }
        return nil
    }
    /// The series length the layer was made for.
    public let inputLength: Int

    /// The number of features per series.
    public var featureCount: Int { blocks.reduce(0) { $0 + $1.transform.featureCount } }

    /// The standardised features of the series `indices` of `data` (whose length the caller has checked).
    func standardizedFeatures(of data: TimeSeriesDataset, indices: [Int], threads: Int) -> [Float] {
        let difference = blocks.contains { $0.readsDifference } ? Self.firstDifference(data) : nil
        let values = blocks.map { block in
            block.transform.standardizedFeatures(
                of: block.readsDifference ? difference! : data, indices: indices, threads: threads)
        }
        return Self.concatenate(values, widths: blocks.map(\.transform.featureCount), rows: indices.count)
    }

    /// The first difference of every series (length − 1 values; a series of one value gives one 0).
    static func firstDifference(_ data: TimeSeriesDataset) -> TimeSeriesDataset {
        let length = data.length
        let outLength = max(length - 1, 1)
        var values = [Float](repeating: 0, count: data.count * outLength)
        if length > 1 {
            for i in 0..<data.count {
                for t in 0..<(length - 1) {
                    values[i * outLength + t] = data.values[i * length + t + 1] - data.values[i * length + t]
                }
            }
        }
        // The values are differences of finite Floats: finite unless they overflow, which clamping prevents.
        let clamped = values.map { min(max($0, -Float.greatestFiniteMagnitude), Float.greatestFiniteMagnitude) }
        return TimeSeriesDataset(validValues: clamped, labels: data.labels, length: outLength,
                                 classNames: data.classNames)
    }

    /// Row-wise concatenation of row-major blocks.
    static func concatenate(_ blocks: [[Float]], widths: [Int], rows: Int) -> [Float] {
        guard blocks.count > 1 else { return blocks.first ?? [] }
        let total = widths.reduce(0, +)
        var out = [Float](repeating: 0, count: rows * total)
        var offset = 0
        for (block, width) in zip(blocks, widths) {
            for r in 0..<rows {
                for j in 0..<width { out[r * total + offset + j] = block[r * width + j] }
            }
            offset += width
        }
        return out
    }

    /// The layer a model configuration asks for, fitted on the series `indices` of `data`, with the standardised
    /// features of every series of `data` (each computed once); nil for models that read the series themselves.
    static func fitAndTransform(
        _ data: TimeSeriesDataset, fitting indices: [Int], model: ModelConfiguration, seed: UInt64, threads: Int
    ) throws(TrainingError) -> (layer: FeatureLayer, transformed: TimeSeriesDataset)? {
        var blocks = [Block]()
        var values = [[Float]]()
        func hydra() throws(TrainingError) {
            let fitted = try HydraFeatures.fitAndTransform(
                data, fitting: indices, kernelsPerGroup: model.kernelsPerGroup,
                groupsPerDilation: model.groupsPerDilation, seed: seed, threads: threads)
            blocks.append(.hydra(fitted.features))
            values.append(fitted.transformed.values)
        }
        func miniRocket(difference: Bool, pooling: MiniRocketFeatures.Pooling = .proportionOfPositiveValues) throws(TrainingError) {
            let input = difference ? firstDifference(data) : data
            let fitted = try MiniRocketFeatures.fitAndTransform(
                input, fitting: indices,
                featureCount: pooling == .multiRocket ? model.featureCount / 2 : model.featureCount,
                seed: difference ? seed ^ 0xD1FF_0000_0000_0001 : seed, threads: threads, pooling: pooling)
            blocks.append(difference ? .miniRocketOfDifference(fitted.features) : .miniRocket(fitted.features))
            values.append(fitted.transformed.values)
        }
        switch model.kind {
        case .mlp, .cnn:
            return nil
        case .minirocket:
            try miniRocket(difference: false)
        case .hydra:
            try hydra()
        case .hydraMiniRocket:
            try hydra()
            try miniRocket(difference: false)
        case .hydraMultiRocket:
            try hydra()
            try miniRocket(difference: false)
            try miniRocket(difference: true, pooling: .multiRocket)
        }
        let layer = FeatureLayer(blocks: blocks, inputLength: data.length)
        let widths = blocks.map(\.transform.featureCount)
        let transformed = try TimeSeriesDataset(
            values: concatenate(values, widths: widths, rows: data.count), labels: data.labels,
            length: widths.reduce(0, +), classNames: data.classNames)
        return (layer, transformed)
    }
}
