import XentKernelsC

/// Buffers for the convolutions of one series: the zero-padded series, its windows' taps and the outputs of the 84
/// kernels.
struct ConvolutionScratch {
    let length: Int
    var padded: [Float]
    /// The nine taps of each window, relative to the centre tap (`xk_window_taps_f32`).
    var taps: [Float]
    var alpha: [Float]
    var outputs: [Float]

    init(length: Int, maximumDilation: Int) {
        self.length = length
        padded = [Float](repeating: 0, count: length + 8 * maximumDilation)
        taps = [Float](repeating: 0, count: 9 * length)
        alpha = [Float](repeating: 0, count: length)
        outputs = [Float](repeating: 0, count: MiniRocketFeatures.kernelCount * length)
    }

    /// Pads `series` with 4 · `dilation` zeros on each side and lays out the taps of its windows at `dilation`.
    private mutating func prepare(_ series: ArraySlice<Float>, dilation: Int) {
        Self.zeroPad(series, by: 4 * dilation, into: &padded)
        Self.windowTaps(of: padded, length: length, dilation: dilation, limit: Self.miniRocketTapLimit, into: &taps)
    }

    /// The largest magnitude for which MiniRocket's taps are centred: its outputs are then at most 12 times it.
    static let miniRocketTapLimit = Float.greatestFiniteMagnitude / 32
    /// The same for Hydra's kernels (unit L1 norm): their outputs are at most twice it.
    static let hydraTapLimit = Float.greatestFiniteMagnitude / 4

    /// The taps of the windows of a padded series (`xk_window_taps_f32`): relative to the centre tap where every
    /// value is within `limit`, so that a constant stretch gives exactly 0.
    static func windowTaps(of padded: [Float], length: Int, dilation: Int, limit: Float, into taps: inout [Float]) {
        padded.withUnsafeBufferPointer { p in
            taps.withUnsafeMutableBufferPointer { t in
                _ = xk_window_taps_f32(p.baseAddress!, length, dilation, limit, t.baseAddress!)
            }
        }
    }

    /// Writes `padding` zeros, `values`, then `padding` zeros at the start of `buffer` (which must hold them): the
    /// input of a "same"-length dilated nine-tap convolution at dilation `padding / 4`.
    static func zeroPad<Values: Collection<Float>>(_ values: Values, by padding: Int, into buffer: inout [Float]) {
        buffer.withUnsafeMutableBufferPointer { p in
            for i in 0..<padding { p[i] = 0 }
            var i = padding
            for x in values {
                p[i] = x
                i += 1
            }
            for j in i..<(i + padding) { p[j] = 0 }
        }
    }

    /// The outputs of `kernels` at `dilation` (a copy, `kernels.count × length` values).
    mutating func convolve(_ series: ArraySlice<Float>, dilation: Int, kernels: Range<Int>) -> [Float] {
        prepare(series, dilation: dilation)
        var result = [Float](repeating: 0, count: kernels.count * length)
        let length = length
        taps.withUnsafeBufferPointer { p in
            alpha.withUnsafeMutableBufferPointer { a in
                result.withUnsafeMutableBufferPointer { r in
                    MiniRocketFeatures.kernelTaps.withUnsafeBufferPointer { taps in
                        xk_dilated_convolutions_f32(p.baseAddress!, length,
                                                    taps.baseAddress! + 3 * kernels.lowerBound, kernels.count,
                                                    a.baseAddress!, r.baseAddress!)
                    }
                }
            }
        }
        return result
    }

    /// The outputs of all 84 kernels at `dilation`, into ``outputs``.
    mutating func convolveAll(_ series: ArraySlice<Float>, dilation: Int) {
        prepare(series, dilation: dilation)
        let length = length
        taps.withUnsafeBufferPointer { p in
            alpha.withUnsafeMutableBufferPointer { a in
                outputs.withUnsafeMutableBufferPointer { r in
                    MiniRocketFeatures.kernelTaps.withUnsafeBufferPointer { taps in
                        xk_dilated_convolutions_f32(p.baseAddress!, length, taps.baseAddress!,
                                                    MiniRocketFeatures.kernelCount, a.baseAddress!, r.baseAddress!)
                    }
                }
            }
        }
    }
}
