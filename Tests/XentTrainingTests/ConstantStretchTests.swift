import Testing
import XentKernelsC
@testable import XentTraining

/// The convolution kernels of MiniRocket and Hydra have weights that sum to zero, so on a constant stretch of a
/// series their output is exactly 0 by definition. Summing the raw values leaves a rounding residue there instead
/// (for a constant 100000.3 the old MiniRocket sum gave −0.125, for 0.1 −6e−8, for 0.1234 +1.2e−7), and the
/// biases drawn on such stretches then split series on the sign of that residue. These values are the ones where
/// the raw sums leave one.
@Suite struct ConstantStretchTests {
    static let constants: [Float] = [0.1, 0.1234, 100_000.3, 3.3, 0.7, -7.77]

    @Test func miniRocketGivesExactZerosOnAConstantStretch() {
        let length = 60
        for c in Self.constants {
            let series = [Float](repeating: c, count: length)[...]
            for dilation in [1, 2, 4] {
                var scratch = ConvolutionScratch(length: length, maximumDilation: dilation)
                let outputs = scratch.convolve(series, dilation: dilation, kernels: 0..<MiniRocketFeatures.kernelCount)
                // Away from the zero padding every window lies inside the constant stretch.
                let nonzero = (0..<MiniRocketFeatures.kernelCount).reduce(0) { count, k in
                    count + ((4 * dilation)..<(length - 4 * dilation)).filter { outputs[k * length + $0] != 0 }.count
                }
                #expect(nonzero == 0, "constant \(c), dilation \(dilation): \(nonzero) outputs are not 0")
            }
        }
    }

    @Test func hydraGivesExactZerosOnAConstantStretch() {
        let length = 40, kernels = 8, dilation = 2
        var rng = SeededGenerator(seed: 5)
        // Centred weights with unit L1 norm, as Hydra draws them.
        var weights = [Float]()
        for _ in 0..<kernels {
            var w = (0..<9).map { _ in Float(rng.nextIndex(below: 2001)) / 1000 - 1 }
            let mean = w.reduce(0, +) / 9
            w = w.map { $0 - mean }
            let norm = w.reduce(0) { $0 + abs($1) }
            weights += w.map { $0 / norm }
        }
        for c in Self.constants {
            let padded = [Float](repeating: 0, count: 4 * dilation) + [Float](repeating: c, count: length)
                + [Float](repeating: 0, count: 4 * dilation)
            var taps = [Float](repeating: .nan, count: 9 * length)
            #expect(xk_window_taps_f32(padded, length, dilation, ConvolutionScratch.hydraTapLimit, &taps) == 1)
            var outputs = [Float](repeating: .nan, count: (kernels + 2) * length)
            var winners = [Int32](repeating: -1, count: 2 * length)
            var maxSums = [Float](repeating: 0, count: kernels), minCounts = [Float](repeating: 0, count: kernels)
            xk_competing_kernels_f32(taps, length, weights, kernels, &outputs, &winners, &maxSums, &minCounts)
            let interior = (4 * dilation)..<(length - 4 * dilation)
            let nonzero = (0..<kernels).reduce(0) { n, k in n + interior.filter { outputs[k * length + $0] != 0 }.count }
            #expect(nonzero == 0, "constant \(c): \(nonzero) outputs are not 0")
            // Every kernel ties at 0: the first one is both the largest and the smallest.
            #expect(interior.allSatisfy { winners[$0] == 0 && winners[length + $0] == 0 }, "constant \(c)")
        }
    }
}
