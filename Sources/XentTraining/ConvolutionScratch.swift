import XentKernelsC

/// Buffers for the convolutions of one series: the zero-padded series and the outputs of the 84 kernels.
struct ConvolutionScratch {
    let length: Int
    var padded: [Float]
    var alpha: [Float]
    var outputs: [Float]

    init(length: Int, maximumDilation: Int) {
        self.length = length
        padded = [Float](repeating: 0, count: length + 8 * maximumDilation)
        alpha = [Float](repeating: 0, count: length)
        outputs = [Float](repeating: 0, count: MiniRocketFeatures.kernelCount * length)
    }

    /// Pads `series` with 4 · `dilation` zeros on each side.
    private mutating func pad(_ series: ArraySlice<Float>, dilation: Int) {
        Self.zeroPad(series, by: 4 * dilation, into: &padded)
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
        pad(series, dilation: dilation)
        var result = [Float](repeating: 0, count: kernels.count * length)
        let length = length
        padded.withUnsafeBufferPointer { p in
            alpha.withUnsafeMutableBufferPointer { a in
                result.withUnsafeMutableBufferPointer { r in
                    MiniRocketFeatures.kernelTaps.withUnsafeBufferPointer { taps in
                        xk_dilated_convolutions_f32(p.baseAddress!, length, dilation,
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
        pad(series, dilation: dilation)
        let length = length
        padded.withUnsafeBufferPointer { p in
            alpha.withUnsafeMutableBufferPointer { a in
                outputs.withUnsafeMutableBufferPointer { r in
                    MiniRocketFeatures.kernelTaps.withUnsafeBufferPointer { taps in
                        xk_dilated_convolutions_f32(p.baseAddress!, length, dilation, taps.baseAddress!,
                                                    MiniRocketFeatures.kernelCount, a.baseAddress!, r.baseAddress!)
                    }
                }
            }
        }
    }
}
