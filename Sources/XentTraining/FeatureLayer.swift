/// A fixed (not trained) feature layer in front of a classifier's network: the series goes in, standardised
/// features come out, and the network's dense layer reads them.
public enum FeatureLayer: Sendable, Equatable {
    /// MiniRocket's proportions of positive values.
    case miniRocket(MiniRocketFeatures)
    /// Hydra's competing-kernel counts.
    case hydra(HydraFeatures)
    /// Both: each series' Hydra features followed by its MiniRocket features (each block standardised on its own).
    case hydraAndMiniRocket(HydraFeatures, MiniRocketFeatures)
    /// The layers, in the order their features are concatenated.
    private var transforms: [any StandardizedFeatureTransform] {
        switch self {
        case .miniRocket(let layer): [layer]
        case .hydra(let layer): [layer]
        case .hydraAndMiniRocket(let hydra, let miniRocket): [hydra, miniRocket]
        }
    }

    /// The series length the layer was made for.
    public var inputLength: Int { transforms[0].inputLength }

    /// The number of features per series.
    public var featureCount: Int { transforms.reduce(0) { $0 + $1.featureCount } }

    /// The standardised features of the series `indices` of `data` (whose length the caller has checked).
    func standardizedFeatures(of data: TimeSeriesDataset, indices: [Int], threads: Int) -> [Float] {
        let blocks = transforms.map { $0.standardizedFeatures(of: data, indices: indices, threads: threads) }
        return Self.concatenate(blocks, widths: transforms.map(\.featureCount), rows: indices.count)
    }

    /// Row-wise concatenation of row-major blocks.
    private static func concatenate(_ blocks: [[Float]], widths: [Int], rows: Int) -> [Float] {
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
    ) throws -> (layer: FeatureLayer, transformed: TimeSeriesDataset)? {
        switch model.kind {
        case .mlp, .cnn:
            return nil
        case .minirocket:
            let fitted = try MiniRocketFeatures.fitAndTransform(
                data, fitting: indices, featureCount: model.featureCount, seed: seed, threads: threads)
            return (.miniRocket(fitted.features), fitted.transformed)
        case .hydra:
            let fitted = try HydraFeatures.fitAndTransform(
                data, fitting: indices, kernelsPerGroup: model.kernelsPerGroup,
                groupsPerDilation: model.groupsPerDilation, seed: seed, threads: threads)
            return (.hydra(fitted.features), fitted.transformed)
        case .hydraMiniRocket:
            let hydra = try HydraFeatures.fitAndTransform(
                data, fitting: indices, kernelsPerGroup: model.kernelsPerGroup,
                groupsPerDilation: model.groupsPerDilation, seed: seed, threads: threads)
            let miniRocket = try MiniRocketFeatures.fitAndTransform(
                data, fitting: indices, featureCount: model.featureCount, seed: seed, threads: threads)
            let widths = [hydra.features.featureCount, miniRocket.features.featureCount]
            let values = concatenate([hydra.transformed.values, miniRocket.transformed.values], widths: widths,
                                     rows: data.count)
            let transformed = try TimeSeriesDataset(values: values, labels: data.labels, length: widths[0] + widths[1],
                                                    classNames: data.classNames)
            return (.hydraAndMiniRocket(hydra.features, miniRocket.features), transformed)
        }
    }
}
