import XentKernels

extension Collection where Element == Float {
    /// The series padded at its end to `length` values, as the UCR archive makes its variable-length sets equal
    /// in length: each added value is the series' mean plus low-amplitude uniform noise, of width one tenth of the
    /// series' standard deviation (population; none for a constant series), drawn from `generator`. A series of
    /// `length` values or more comes back cut to its first `length` values; an empty series gives an empty result.
    ///
    /// The noise keeps the padding from being a constant stretch, on which every convolution kernel outputs the same
    /// value exactly (so Hydra's competing kernels would tie and MiniRocket's biases would split at 0).
    func paddedWithNoise(to length: Int, using generator: inout SplitMix64) -> [Float] {
        let source = Array(self)
        guard !source.isEmpty, length > 0 else { return [] }
        if source.count >= length { return Array(source.prefix(length)) }
        var mean = 0.0
        for value in source { mean += Double(value) }
        mean /= Double(source.count)
        var variance = 0.0
        for value in source { variance += (Double(value) - mean) * (Double(value) - mean) }
        let width = 0.1 * (variance / Double(source.count)).squareRoot()
        var result = source
        result.reserveCapacity(length)
        for _ in source.count..<length {
            let unit = Double(generator.next() >> 11) * 0x1p-53
            result.append(Float(mean + width * (unit - 0.5)))
        }
        return result
    }
}
