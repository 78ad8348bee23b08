/// The model families.
public enum ModelKind: String, CaseIterable, Sendable {
    /// A multilayer perceptron on the raw series: dropout, then (dense, ReLU, dropout) per hidden layer, then dense.
    case mlp
    /// A small fully convolutional network: (convolution, batch norm, ReLU) per block, global average pooling,
    /// then dense.
    case cnn
    /// A dense layer (softmax regression) on the MiniRocket convolution features of the series
    /// (``MiniRocketFeatures``): 84 fixed kernels at many dilations, summarised by the proportion of positive
    /// values above biases drawn from the training series.
    case minirocket
    /// A dense layer (softmax regression) on the Hydra features of the series (``HydraFeatures``): groups of random
    /// kernels at dilations 1, 2, 4, … on the series and its first difference, counting which kernel of each group
    /// matches best and worst at each step.
    case hydra
    /// A dense layer on the Hydra and the MiniRocket features side by side (as aeon's MultiRocket-Hydra combines
    /// Hydra with MultiRocket).
    case hydraMiniRocket = "hydra-minirocket"
    /// A dense layer on three blocks: the Hydra features, the MiniRocket features of the series, and MultiRocket's
    /// four pooling operators (proportion, mean and mean index of the positive values, their longest run) on
    /// MiniRocket's kernels over the series' first difference — close to aeon's MultiRocket-Hydra, which pools the
    /// series itself with all four operators too. The default: the best mean accuracy on the development sets.
    case hydraMultiRocket = "hydra-multirocket"

    /// Whether the family reads a fixed feature layer (MiniRocket, Hydra) through one dense layer.
    public var readsFixedFeatures: Bool { self != .mlp && self != .cnn }

    /// Whether the family's series are z-normalised unless the user says otherwise (`xent train`'s
    /// `--z-normalize`/`--no-z-normalize`): yes for the MLP and the CNN, whose gradient steps want inputs of unit
    /// scale; no for the feature models, which read the series as stored, as aeon's do. Their kernels' weights sum to
    /// zero (MiniRocket) or are centred (Hydra), so the level of a series barely reaches them, while its level and
    /// amplitude can be what tells the classes apart. Measured (seeds 1–3 or 1–2, the training guide): the same
    /// accuracy on the nine development sets, which are mostly stored normalised (91.31% against 91.30%), and
    /// 6 to 28 points better on the unnormalised unequal-length sets tried (PickupGestureWiimoteZ, the channels of
    /// JapaneseVowels).
    public var normalizesSeriesByDefault: Bool { !readsFixedFeatures }

    /// Whether the ridge head of the family is pooled with a second ridge head on its MiniRocket block alone: the
    /// shipped probabilities are the mean of the two heads' calibrated probabilities. Yes for
    /// ``hydraMultiRocket``: its extra blocks help on most sets and cost on some (small sets where Hydra's features
    /// add noise), and the pool hedges between the two; measured on the development sets as a whole (mean 91.31% →
    /// 91.41%, seeds 1–3) and on fourteen more (see the training guide).
    public var poolsMiniRocketHead: Bool { self == .hydraMultiRocket }

    /// The peak learning rate of the family's recipe: 3e-3 for the MLP and the CNN; 3e-4 for the feature models,
    /// whose head reads thousands of standardised features and grows overconfident (a high test log loss) at 3e-3.
    public var defaultLearningRate: Double { readsFixedFeatures ? 3e-4 : 3e-3 }
}

/// The architecture of a classifier: its family and its sizes.
public struct ModelConfiguration: Sendable, Equatable {
    /// The family.
    public var kind: ModelKind
    /// MLP: the width of each hidden layer.
    public var hiddenUnits: [Int]
    /// MLP: the dropout rate after each hidden layer (half of it is applied to the input).
    public var dropout: Double
    /// CNN: the output channels of each convolution block.
    public var channels: [Int]
    /// CNN: the kernel size of each convolution block (odd sizes keep "same" padding symmetric).
    public var kernelSizes: [Int]
    /// MiniRocket: the features wanted (rounded down to a multiple of 84).
    public var featureCount: Int
    /// Hydra: the kernels competing in each group.
    public var kernelsPerGroup: Int
    /// Hydra: the groups at each dilation (half on the series, half on its first difference).
    public var groupsPerDilation: Int

    /// The defaults of each family: MLP 128-128 with dropout 0.3; CNN with 16, 32 and 32 channels and kernels 7, 5, 3;
    /// MiniRocket with 10 000 features (9 996); Hydra with 64 groups of 8 kernels per dilation. The default family
    /// is ``ModelKind/hydraMultiRocket``.
    public init(kind: ModelKind = .hydraMultiRocket, hiddenUnits: [Int] = [128, 128], dropout: Double = 0.3,
                channels: [Int] = [16, 32, 32], kernelSizes: [Int] = [7, 5, 3], featureCount: Int = 10_000,
                kernelsPerGroup: Int = 8, groupsPerDilation: Int = 64) {
        self.kind = kind
        self.hiddenUnits = hiddenUnits
        self.dropout = dropout
        self.channels = channels
        self.kernelSizes = kernelSizes
        self.featureCount = featureCount
        self.kernelsPerGroup = kernelsPerGroup
        self.groupsPerDilation = groupsPerDilation
    }

    /// Checks the sizes.
    public func validate() throws(TrainingError) {
        switch kind {
        case .mlp:
            guard !hiddenUnits.isEmpty, hiddenUnits.allSatisfy({ $0 > 0 && $0 <= 1 << 16 }) else {
                throw TrainingError.invalidSetting(
                    name: "hidden units", value: "\(hiddenUnits)", expected: "one or more widths in 1...65536")
            }
            guard dropout >= 0, dropout < 1 else {
                throw TrainingError.invalidSetting(name: "dropout", value: "\(dropout)", expected: "a rate in [0, 1)")
            }
        case .cnn:
            guard !channels.isEmpty, channels.count == kernelSizes.count,
                  channels.allSatisfy({ $0 > 0 && $0 <= 4096 }), kernelSizes.allSatisfy({ $0 > 0 && $0 <= 255 }) else {
                throw TrainingError.invalidSetting(
                    name: "channels and kernel sizes", value: "\(channels) / \(kernelSizes)",
                    expected: "equally many positive channel counts and kernel sizes")
            }
        case .minirocket:
            try MiniRocketFeatures.validate(featureCount: featureCount)
        case .hydra:
            try HydraFeatures.validate(kernelsPerGroup: kernelsPerGroup, groupsPerDilation: groupsPerDilation)
        case .hydraMiniRocket, .hydraMultiRocket:
            try HydraFeatures.validate(kernelsPerGroup: kernelsPerGroup, groupsPerDilation: groupsPerDilation)
            try MiniRocketFeatures.validate(featureCount: featureCount)
        }
    }

    /// Builds the network for series of `inputLength` values (for the feature models: that many features) and `outputs`
    /// outputs.
    func makeNetwork<S: NetworkScalar>(inputLength: Int, outputs: Int, seed: UInt64, threads: Int) -> Network<S> {
        var layers = [NetworkLayer<S>]()
        var offset = 0
        switch kind {
        case .mlp:
            var width = inputLength
            if dropout > 0 { layers.append(.dropout(DropoutLayer(rate: dropout / 2))) }
            for units in hiddenUnits {
                let dense = DenseLayer<S>(inputs: width, outputs: units, offset: offset)
                offset += dense.parameterCount
                layers.append(.dense(dense))
                layers.append(.relu(ReLULayer()))
                if dropout > 0 { layers.append(.dropout(DropoutLayer(rate: dropout))) }
                width = units
            }
            let head = DenseLayer<S>(inputs: width, outputs: outputs, offset: offset)
            offset += head.parameterCount
            layers.append(.dense(head))
        case .cnn:
            var inputChannels = 1
            for (channelCount, kernel) in zip(channels, kernelSizes) {
                let convolution = ConvolutionLayer<S>(
                    inputChannels: inputChannels, outputChannels: channelCount, kernelSize: kernel, offset: offset)
                offset += convolution.parameterCount
                let norm = BatchNormalizationLayer<S>(channels: channelCount, offset: offset)
                offset += norm.parameterCount
                layers += [.convolution(convolution), .batchNormalization(norm), .relu(ReLULayer())]
                inputChannels = channelCount
            }
            layers.append(.globalAveragePooling(GlobalAveragePoolingLayer()))
            let head = DenseLayer<S>(inputs: inputChannels, outputs: outputs, offset: offset)
            offset += head.parameterCount
            layers.append(.dense(head))
        case .minirocket, .hydra, .hydraMiniRocket, .hydraMultiRocket:
            let head = DenseLayer<S>(inputs: inputLength, outputs: outputs, offset: offset)
            offset += head.parameterCount
            layers.append(.dense(head))
        }
        return Network(layers: layers, parameterCount: offset, inputLength: inputLength, inputChannels: 1,
                       outputs: outputs, seed: seed, threads: threads)
    }
}
