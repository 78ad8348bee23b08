/// A fixed (not trained) feature layer in front of a classifier's network: the series goes in, standardised
/// features come out, and the network's dense layer reads them.
public enum FeatureLayer: Sendable, Equatable {
    /// MiniRocket's proportions of positive values.
    case miniRocket(MiniRocketFeatures)
    /// Hydra's competing-kernel counts.
    case hydra(HydraFeatures)
    /// The layer, whichever it is.
    private var transform: any StandardizedFeatureTransform {
        switch self {
        case .miniRocket(let layer): layer
        case .hydra(let layer): layer
        }
    }

    /// The series length the layer was made for.
    public var inputLength: Int { transform.inputLength }

    /// The number of features per series.
    public var featureCount: Int { transform.featureCount }

    /// The standardised features of the series `indices` of `data` (whose length the caller has checked).
    func standardizedFeatures(of data: TimeSeriesDataset, indices: [Int], threads: Int) -> [Float] {
        transform.standardizedFeatures(of: data, indices: indices, threads: threads)
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
        }
    }
}
