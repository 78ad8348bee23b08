import Foundation
import XentKernels
import XentKernelsC

/// The Hydra features of a time series (Dempster, Schmidt and Webb, "Hydra: competing convolutional kernels for
/// fast and accurate time series classification", Data Mining and Knowledge Discovery 2023): a fixed layer of
/// random convolutional kernels that compete, read by a trained dense layer.
///
/// The kernels have nine taps drawn from a standard normal distribution, then centred and scaled to unit L1 norm.
/// They come in groups of ``kernelsPerGroup``; at each dilation `2⁰, 2¹, …` up to `(length − 1) / 8`, half of the
/// ``groupsPerDilation`` groups read the series and half its first difference, zero-padded so that each output is
/// as long as its input. At every time step the kernel of a group with the largest output adds that output to its
/// *max* feature and the kernel with the smallest adds 1 to its *min* feature (the first kernel on ties), so each
/// group counts which of its patterns matches the series best and worst, and where. The counts go to the classifier
/// as their square roots (negative sums as 0), standardised with the mean and standard deviation each has on the
/// fitting series (features constant there are set to 0).
///
/// Nothing here is learned by gradient descent: the kernels depend only on the seed and the series length; fitting
/// sets the standardisation. Deterministic: the values do not depend on the thread count or the CPU.
public struct HydraFeatures: Sendable, Equatable, StandardizedFeatureTransform {
    /// The number of taps of every kernel.
    public static let kernelLength = 9

    /// The length of the series the features were made for.
    public let inputLength: Int
    /// The dilations, ascending: the powers of two up to `(length − 1) / 8` (at least 1).
    public let dilations: [Int]
    /// The kernels that compete in each group.
    public let kernelsPerGroup: Int
    /// The groups at each dilation: half read the series, half its first difference.
    public let groupsPerDilation: Int
    /// The taps, nine per kernel, in the order dilation, input (series, then difference), group, kernel.
    public let weights: [Float]
    /// The standardisation fitted on the fitting series.
    var standardization: FeatureStandardization

    /// The number of features per series: two (max and min) per kernel, so
    /// `dilations × groupsPerDilation × kernelsPerGroup × 2`.
    public var featureCount: Int { dilations.count * groupsPerDilation * kernelsPerGroup * 2 }

    /// The mean of each feature (square root of a count) on the fitting series.
    public var featureMeans: [Float] { standardization.means }
    /// 1 / the standard deviation of each feature on the fitting series (0 for a constant feature).
    public var featureScales: [Float] { standardization.scales }

    /// Hydra's dilations for series of `inputLength` values: `2^e` for `e = 0 … ⌊log₂((length − 1)/8)⌋`, and just 1
    /// for series shorter than 17 values.
    public static func dilations(inputLength: Int) -> [Int] {
        var dilations = [1]
        while 8 * dilations.last! * 2 <= inputLength - 1 { dilations.append(dilations.last! * 2) }
        return dilations
    }

    /// Draws the kernels for series of `inputLength` values, with the standardisation left as the identity.
    ///
    /// - Parameters:
    ///   - inputLength: the length of the series the features will read, at least 1.
    ///   - kernelsPerGroup: the kernels competing in a group, 2 to 64 (Hydra's default 8).
    ///   - groupsPerDilation: groups per dilation, an even number from 2 to 1024 (Hydra's default 64).
    ///   - seed: fixes the kernels.
    /// - Throws: ``TrainingError/invalidSetting(name:value:expected:)`` for sizes outside those ranges or a
    ///   non-positive length.
    public init(inputLength: Int, kernelsPerGroup: Int = 8, groupsPerDilation: Int = 64, seed: UInt64) throws(TrainingError) {
        try Self.validate(kernelsPerGroup: kernelsPerGroup, groupsPerDilation: groupsPerDilation)
        guard inputLength >= 1 else {
            throw TrainingError.invalidSetting(name: "length", value: "\(inputLength)", expected: "a positive length")
        }
        let dilations = Self.dilations(inputLength: inputLength)
        var generator = SeededGenerator(seed: seed ^ 0x4879_6472_6120_2023)
        let kernelCount = dilations.count * groupsPerDilation * kernelsPerGroup
        var weights = [Float]()
        weights.reserveCapacity(kernelCount * Self.kernelLength)
        var taps = [Double](repeating: 0, count: Self.kernelLength)
        for _ in 0..<kernelCount {
            for m in taps.indices { taps[m] = generator.nextGaussian() }
            let mean = taps.reduce(0, +) / Double(taps.count)
            let norm = taps.reduce(0) { $0 + abs($1 - mean) }
            weights += taps.map { Float(norm > 0 ? ($0 - mean) / norm : 0) }
        }
        self.init(inputLength: inputLength, dilations: dilations, kernelsPerGroup: kernelsPerGroup,
                  groupsPerDilation: groupsPerDilation, weights: weights)
    }

    /// Features with the given kernels and no standardisation (for comparing with a peer's kernels).
    init(inputLength: Int, dilations: [Int], kernelsPerGroup: Int, groupsPerDilation: Int, weights: [Float]) {
        self.inputLength = inputLength
        self.dilations = dilations
        self.kernelsPerGroup = kernelsPerGroup
        self.groupsPerDilation = groupsPerDilation
        self.weights = weights
        standardization = FeatureStandardization(
            identityOn: dilations.count * groupsPerDilation * kernelsPerGroup * 2)
    }

    /// Draws the kernels and fits the standardisation on the series `indices` of `data`.
    ///
    /// - Throws: ``TrainingError/invalidSetting(name:value:expected:)`` for bad sizes or no series to fit on.
    public init(fitting data: TimeSeriesDataset, indices: [Int], kernelsPerGroup: Int = 8,
                groupsPerDilation: Int = 64, seed: UInt64, threads: Int = 1) throws(TrainingError) {
        try Self.checkFitting(indices, of: data)
        try self.init(inputLength: data.length, kernelsPerGroup: kernelsPerGroup,
                      groupsPerDilation: groupsPerDilation, seed: seed)
        fitStandardization(on: data, indices: indices, threads: threads)
    }

    /// Fits on the series `indices` of `data` as ``init(fitting:indices:kernelsPerGroup:groupsPerDilation:seed:threads:)``
    /// does and returns the standardised features of every series of `data`, computing each series' features once.
    static func fitAndTransform(_ data: TimeSeriesDataset, fitting indices: [Int], kernelsPerGroup: Int = 8,
                                groupsPerDilation: Int = 64, seed: UInt64,
                                threads: Int) throws(TrainingError) -> (features: HydraFeatures, transformed: TimeSeriesDataset) {
        try checkFitting(indices, of: data)
        var features = try HydraFeatures(inputLength: data.length, kernelsPerGroup: kernelsPerGroup,
                                         groupsPerDilation: groupsPerDilation, seed: seed)
        let transformed = try features.fitStandardizationAndTransform(data, fitting: indices, threads: threads)
        return (features, transformed)
    }

    /// Checks the group sizes.
    static func validate(kernelsPerGroup: Int, groupsPerDilation: Int) throws(TrainingError) {
        guard (2...64).contains(kernelsPerGroup) else {
            throw TrainingError.invalidSetting(
                name: "kernels per group", value: "\(kernelsPerGroup)", expected: "an integer in 2...64")
        }
        guard (2...1024).contains(groupsPerDilation), groupsPerDilation % 2 == 0 else {
            throw TrainingError.invalidSetting(
                name: "groups per dilation", value: "\(groupsPerDilation)", expected: "an even integer in 2...1024")
        }
    }

    /// The standardised features of the series `indices` of `data`, one row of ``featureCount`` values each.
    ///
    /// - Throws: ``TrainingError/shapeMismatch(what:count:expected:)`` when the series length differs from the
    ///   one the kernels were made for.
    public func features(of data: TimeSeriesDataset, indices: [Int], threads: Int = 1) throws(TrainingError) -> [Float] {
        try checkedFeatures(of: data, indices: indices, threads: threads)
    }

    /// The features of `data` as a dataset with the same labels, each series replaced by its standardised features.
    public func transform(_ data: TimeSeriesDataset, threads: Int = 1) throws(TrainingError) -> TimeSeriesDataset {
        try transformed(data, threads: threads)
    }

    /// The square roots of the counts (negative sums as 0; a sum beyond the Float range, possible only for series
    /// with values near ±3·10³⁸, as the largest Float), before standardisation.
    func rawFeatures(of data: TimeSeriesDataset, indices: [Int], threads: Int) -> [Float] {
        var values = counts(of: data, indices: indices, threads: threads)
        for i in values.indices {
            values[i] = Swift.min(Swift.max(values[i], 0), .greatestFiniteMagnitude).squareRoot()
        }
        return values
    }

    /// The counts themselves: for each dilation and input (series, then difference), the max sums of every kernel
    /// of every group, then their min counts (Hydra's own layout).
    func counts(of data: TimeSeriesDataset, indices: [Int], threads: Int) -> [Float] {
        let total = featureCount
        var values = [Float](repeating: 0, count: indices.count * total)
        guard !indices.isEmpty else { return values }
        let workPerSeries = featureCount * Self.kernelLength * inputLength
        values.withUnsafeMutableBufferPointer { buffer in
            let out = UncheckedSendable(buffer.baseAddress!)
            MatrixProducts.forEachChunk(count: indices.count, work: indices.count * workPerSeries,
                                        threads: threads) { rows in
                var scratch = Scratch(length: inputLength, maximumDilation: dilations.last ?? 1,
                                      kernelsPerGroup: kernelsPerGroup)
                for row in rows {
                    counts(of: data.series(indices[row]), scratch: &scratch, into: out.value + row * total)
                }
            }
        }
        return values
    }

    /// Buffers for one series: its first difference, the padded input, its windows' taps, the kernel outputs and the
    /// winners.
    private struct Scratch {
        var difference: [Float]
        var padded: [Float]
        /// The taps of the windows at one dilation (`xk_window_taps_f32`).
        var taps: [Float]
        var outputs: [Float]
        var winners: [Int32]

        init(length: Int, maximumDilation: Int, kernelsPerGroup: Int) {
            difference = [Float](repeating: 0, count: max(length - 1, 0))
            padded = [Float](repeating: 0, count: length + 8 * maximumDilation)
            taps = [Float](repeating: 0, count: 9 * length)
            outputs = [Float](repeating: 0, count: (kernelsPerGroup + 2) * length)
            winners = [Int32](repeating: 0, count: 2 * length)
        }
    }

    /// The counts of one series into `out` (``featureCount`` values, zeroed).
    private func counts(of series: ArraySlice<Float>, scratch: inout Scratch, into out: UnsafeMutablePointer<Float>) {
        // The first difference, kept in the Float range (values near ±3·10³⁸ can differ by more than it holds).
        var previous = series.first ?? 0
        for (i, x) in series.dropFirst().enumerated() {
            scratch.difference[i] = Swift.min(Swift.max(x - previous, -.greatestFiniteMagnitude), .greatestFiniteMagnitude)
            previous = x
        }
        let half = groupsPerDilation / 2
        let block = half * kernelsPerGroup  // the max (or min) features of one dilation and input
        let tapsPerGroup = kernelsPerGroup * Self.kernelLength
        weights.withUnsafeBufferPointer { weights in
            for (d, dilation) in dilations.enumerated() {
                for input in 0..<2 {
                    let length = input == 0 ? series.count : series.count - 1
                    guard length > 0 else { continue }
                    if input == 0 {
                        ConvolutionScratch.zeroPad(series, by: 4 * dilation, into: &scratch.padded)
                    } else {
                        ConvolutionScratch.zeroPad(scratch.difference, by: 4 * dilation, into: &scratch.padded)
                    }
                    ConvolutionScratch.windowTaps(of: scratch.padded, length: length, dilation: dilation,
                                                  limit: ConvolutionScratch.hydraTapLimit, into: &scratch.taps)
                    let featureBase = (d * 2 + input) * 2 * block
                    let weightBase = (d * 2 + input) * half * tapsPerGroup
                    scratch.taps.withUnsafeBufferPointer { p in
                        scratch.outputs.withUnsafeMutableBufferPointer { o in
                            scratch.winners.withUnsafeMutableBufferPointer { w in
                                for group in 0..<half {
                                    xk_competing_kernels_f32(
                                        p.baseAddress!, length,
                                        weights.baseAddress! + weightBase + group * tapsPerGroup, kernelsPerGroup,
                                        o.baseAddress!, w.baseAddress!,
                                        out + featureBase + group * kernelsPerGroup,
                                        out + featureBase + block + group * kernelsPerGroup)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
