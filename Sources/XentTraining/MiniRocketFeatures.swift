import Foundation
import XentKernels
import XentKernelsC

/// The MiniRocket features of a time series (Dempster, Schmidt and Webb, "MiniRocket: a very fast (almost)
/// deterministic transform for time series classification", KDD 2021): a fixed convolutional layer whose
/// outputs a trained dense layer reads.
///
/// The layer has the 84 nine-tap kernels with weights −1 everywhere and 2 at three taps, each applied at up to 32
/// dilations spread exponentially up to `(length − 1) / 8`, zero-padded so that the output is as long as the
/// input. Each output is summarised by the *proportion of positive values* (PPV) above a bias: the biases are
/// quantiles (at the low-discrepancy points `frac(i·φ)`) of the output on a training series drawn at random.
/// Half of the kernel–dilation pairs, alternating, read only the part of the output computed without padding.
/// Nothing here is learned by gradient descent; fitting draws the biases from training series (labels unused).
///
/// The features are then standardised with the mean and standard deviation each has on the fitting series
/// (features constant there are set to 0), so that one learning rate suits every dataset.
///
/// Deterministic: the seed fixes the series drawn for the biases; the values do not depend on the thread count.
/// Series shorter than nine values use dilation 1 and the padded output only.
public struct MiniRocketFeatures: Sendable, Equatable, StandardizedFeatureTransform {
    /// The number of taps of every kernel.
    public static let kernelLength = 9
    /// The tap positions (in 0...8) of the weight 2 in each of the 84 kernels, in lexicographic order.
    static let kernelTaps: [Int32] = {
        var taps = [Int32]()
        for a in 0..<9 { for b in (a + 1)..<9 { for c in (b + 1)..<9 { taps += [Int32(a), Int32(b), Int32(c)] } } }
        return taps
    }()
    /// The number of kernels (9 choose 3).
    public static let kernelCount = 84
    /// The most dilations each kernel is used at.
    public static let maximumDilationsPerKernel = 32

    /// The length of the series the features were fitted on.
    public let inputLength: Int
    /// The dilations, ascending.
    public let dilations: [Int]
    /// For each dilation, the number of biases (features) of each kernel.
    public let featuresPerKernel: [Int]
    /// The biases, in feature order: dilation, then kernel, then bias.
    public let biases: [Float]
    /// How each convolution output is summarised above each bias: MiniRocket's proportion of positive values, or
    /// MultiRocket's four operators (Tan, Dempster, Bergmeir and Webb 2022: the proportion, the mean and the mean
    /// index of the positive values, and their longest run), four features per bias.
    public internal(set) var pooling = Pooling.proportionOfPositiveValues

    /// The summaries of a convolution output above a bias.
    public enum Pooling: Sendable, Equatable {
        /// The proportion of positive values (PPV): one feature per bias.
        case proportionOfPositiveValues
        /// PPV, the mean of the positive values, their mean index and their longest run: four features per bias.
        case multiRocket

        /// The features per bias.
        public var featuresPerBias: Int { self == .multiRocket ? 4 : 1 }
    }
    /// The standardisation fitted on the fitting series.
    var standardization: FeatureStandardization
    /// The mean of each feature on the fitting series.
    public var featureMeans: [Float] { standardization.means }
    /// 1 / the standard deviation of each feature on the fitting series (0 for a constant feature).
    public var featureScales: [Float] { standardization.scales }

    /// The number of features per series (84 · the biases per kernel summed over the dilations, times the features
    /// per bias of the pooling).
    public var featureCount: Int { biases.count * pooling.featuresPerBias }

    /// The dilations and the features per kernel at each, for series of `inputLength` values and
    /// `featuresPerKernel` features per kernel in all (MiniRocket's plan: the exponents `e·i/(n−1)`,
    /// `i = 0..<n`, with `e = log₂((length − 1)/8)` and `n = min(featuresPerKernel, 32)`, floored and
    /// deduplicated; the features shared out in proportion to how often each dilation came up).
    public static func dilationPlan(inputLength: Int, featuresPerKernel: Int) -> (dilations: [Int], counts: [Int]) {
        let perKernel = max(1, featuresPerKernel)
        let n = min(perKernel, maximumDilationsPerKernel)
        let exponent = max(0, log2(Double(max(inputLength - 1, 1)) / Double(kernelLength - 1)))
        var dilations = [Int]()
        var occurrences = [Int]()
        for i in 0..<n {
            let fraction = n > 1 ? Double(i) / Double(n - 1) : 0
            let d = max(1, Int(pow(2, exponent * fraction).rounded(.down)))
            if d == dilations.last { occurrences[occurrences.count - 1] += 1 } else {
                dilations.append(d)
                occurrences.append(1)
            }
        }
        let multiplier = Double(perKernel) / Double(n)
        var counts = occurrences.map { Int(Double($0) * multiplier) }
        var remainder = perKernel - counts.reduce(0, +)
        var i = 0
        while remainder > 0 {
            counts[i] += 1
            remainder -= 1
            i = (i + 1) % counts.count
        }
        return (dilations, counts)
    }

    /// Fits the biases and the standardisation on the series `indices` of `data`.
    ///
    /// - Parameters:
    ///   - data: the dataset the series come from.
    ///   - indices: the series the biases and the standardisation are fitted on (the training series).
    ///   - featureCount: the features wanted; rounded down to a multiple of 84 (10 000 gives 9 996).
    ///   - seed: fixes which series the biases are drawn from.
    ///   - threads: threads for computing the features (the result does not depend on it).
    /// - Throws: ``TrainingError/invalidSetting(name:value:expected:)`` for fewer than 84 or more than 100 000
    ///   features, or no series to fit on.
    public init(fitting data: TimeSeriesDataset, indices: [Int], featureCount: Int = 10_000, seed: UInt64,
                threads: Int = 1) throws(TrainingError) {
        try self.init(fitting: data, indices: indices, featureCount: featureCount, seed: seed, threads: threads,
                      standardizing: true)
    }

    /// The fit, with the standardisation left as the identity when `standardizing` is false.
    private init(fitting data: TimeSeriesDataset, indices: [Int], featureCount: Int, seed: UInt64, threads: Int,
                 standardizing: Bool, pooling: Pooling = .proportionOfPositiveValues) throws(TrainingError) {
        try Self.validate(featureCount: featureCount)
        try Self.checkFitting(indices, of: data)
        let length = data.length
        let plan = Self.dilationPlan(inputLength: length, featuresPerKernel: featureCount / Self.kernelCount)
        inputLength = length
        dilations = plan.dilations
        featuresPerKernel = plan.counts

        let total = Self.kernelCount * plan.counts.reduce(0, +)
        let golden = (5.0.squareRoot() + 1) / 2
        var generator = SeededGenerator(seed: seed ^ 0x0313_2021_D5C4_B1A5)
        var biases = [Float]()
        biases.reserveCapacity(total)
        var scratch = ConvolutionScratch(length: length, maximumDilation: plan.dilations.last ?? 1)
        var quantileIndex = 1
        for (d, dilation) in plan.dilations.enumerated() {
            for kernel in 0..<Self.kernelCount {
                let example = indices[generator.nextIndex(below: indices.count)]
                var output = scratch.convolve(data.series(example), dilation: dilation, kernels: kernel..<(kernel + 1))
                output.sort()
                for _ in 0..<plan.counts[d] {
                    let q = (Double(quantileIndex) * golden).truncatingRemainder(dividingBy: 1)
                    biases.append(Self.quantile(sortedValues: output, at: q))
                    quantileIndex += 1
                }
            }
        }
        self.biases = biases
        self.pooling = pooling
        standardization = FeatureStandardization(identityOn: total * pooling.featuresPerBias)
        if standardizing { fitStandardization(on: data, indices: indices, threads: threads) }
    }

    /// Fits on the series `indices` of `data` as ``init(fitting:indices:featureCount:seed:threads:)`` does and
    /// returns the standardised features of every series of `data` with it, computing each series' features once.
    ///
    /// - Parameter pooling: MultiRocket's pooling gives four features per bias (`featureCount` biases are drawn).
    static func fitAndTransform(_ data: TimeSeriesDataset, fitting indices: [Int], featureCount: Int, seed: UInt64,
                                threads: Int, pooling: Pooling = .proportionOfPositiveValues)
        throws(TrainingError) -> (features: MiniRocketFeatures, transformed: TimeSeriesDataset) {
        var features = try MiniRocketFeatures(fitting: data, indices: indices, featureCount: featureCount, seed: seed,
                                              threads: threads, standardizing: false, pooling: pooling)
        let transformed = try features.fitStandardizationAndTransform(data, fitting: indices, threads: threads)
        return (features, transformed)
    }

    /// Checks a requested feature count: 84 (one per kernel) to 100 000.
    static func validate(featureCount: Int) throws(TrainingError) {
        guard featureCount >= kernelCount, featureCount <= 100_000 else {
            throw TrainingError.invalidSetting(
                name: "feature count", value: "\(featureCount)", expected: "an integer in 84...100000")
        }
    }

    /// Features with the given plan and biases and no standardisation (for comparing with a peer's biases).
    init(inputLength: Int, dilations: [Int], featuresPerKernel: [Int], biases: [Float]) {
        self.inputLength = inputLength
        self.dilations = dilations
        self.featuresPerKernel = featuresPerKernel
        self.biases = biases
        standardization = FeatureStandardization(identityOn: biases.count)
    }

    /// The standardised features of the series `indices` of `data`, one row of ``featureCount`` values each.
    ///
    /// - Throws: ``TrainingError/shapeMismatch(what:count:expected:)`` when the series length differs from the
    ///   fitting series'.
    public func features(of data: TimeSeriesDataset, indices: [Int], threads: Int = 1) throws(TrainingError) -> [Float] {
        try checkedFeatures(of: data, indices: indices, threads: threads)
    }

    /// The features of `data` as a dataset with the same labels, each series replaced by its standardised features.
    public func transform(_ data: TimeSeriesDataset, threads: Int = 1) throws(TrainingError) -> TimeSeriesDataset {
        try transformed(data, threads: threads)
    }

    /// The PPV features before standardisation.
    func rawFeatures(of data: TimeSeriesDataset, indices: [Int], threads: Int) -> [Float] {
        let total = featureCount
        var values = [Float](repeating: 0, count: indices.count * total)
        guard !indices.isEmpty else { return values }
        let workPerSeries = Self.kernelCount * dilations.count * inputLength * 8
        values.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedSendable(buffer.baseAddress!)
            MatrixProducts.forEachChunk(count: indices.count, work: indices.count * workPerSeries,
                                        threads: threads) { rows in
                var scratch = ConvolutionScratch(length: inputLength, maximumDilation: dilations.last ?? 1)
                for row in rows {
                    features(of: data.series(indices[row]), scratch: &scratch, into: out.value + row * total)
                }
            }
        }
        return values
    }

    /// The raw features of one series into `out` (``featureCount`` values).
    private func features(of series: ArraySlice<Float>, scratch: inout ConvolutionScratch,
                          into out: UnsafeMutablePointer<Float>) {
        let length = inputLength
        var offset = 0
        biases.withUnsafeBufferPointer { biases in
            for (d, dilation) in dilations.enumerated() {
                let count = featuresPerKernel[d]
                scratch.convolveAll(series, dilation: dilation)
                let padding = (Self.kernelLength - 1) / 2 * dilation
                let trimmed = length - 2 * padding
                scratch.outputs.withUnsafeBufferPointer { outputs in
                    for kernel in 0..<Self.kernelCount {
                        // Alternate pairs read the whole output or only its unpadded middle.
                        let whole = (d + kernel) % 2 == 0 || trimmed < 1
                        let start = kernel * length + (whole ? 0 : padding)
                        if pooling == .multiRocket {
                            xk_multirocket_pooling_f32(
                                outputs.baseAddress! + start, whole ? length : trimmed,
                                biases.baseAddress! + offset, count, out + 4 * offset)
                        } else {
                            xk_positive_proportions_f32(
                                outputs.baseAddress! + start, whole ? length : trimmed,
                                biases.baseAddress! + offset, count, out + offset)
                        }
                        offset += count
                    }
                }
            }
        }
    }

    /// The `q` quantile of ascending `sortedValues` with linear interpolation between order statistics
    /// (NumPy's default).
    static func quantile(sortedValues: [Float], at q: Double) -> Float {
        let position = q * Double(sortedValues.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = min(lower + 1, sortedValues.count - 1)
        let fraction = position - Double(lower)
        return Float(Double(sortedValues[lower]) + fraction * (Double(sortedValues[upper]) - Double(sortedValues[lower])))
    }
}
