import Foundation
import Testing
@testable import XentTraining

/// Back-propagated gradients against central finite differences, in Float64, for every layer and every loss.
@Suite struct GradientCheckTests {
    /// Relative-or-absolute agreement: |a − n| ≤ tol · max(1, |n|).
    static func close(_ analytic: Double, _ numeric: Double, _ tolerance: Double = 1e-6) -> Bool {
        abs(analytic - numeric) <= tolerance * max(1, abs(numeric))
    }

    static func randomInput(batch: Int, length: Int, channels: Int, seed: UInt64) -> ActivationBatch<Double> {
        var generator = SeededGenerator(seed: seed)
        return ActivationBatch(values: (0..<(batch * length * channels)).map { _ in generator.nextGaussian() },
                           batch: batch, length: length, channels: channels)
    }

    /// Checks d(Σ w·output)/d(parameters) and d/d(input) for a fixed random w.
    static func check(_ network: Network<Double>, input: ActivationBatch<Double>) {
        let first = network.forward(input, training: true)
        var generator = SeededGenerator(seed: 99)
        let weights = first.values.map { _ in generator.nextGaussian() }
        func objective(_ x: ActivationBatch<Double>) -> Double {
            let out = network.forward(x, training: true)
            return zip(out.values, weights).reduce(0) { $0 + $1.0 * $1.1 }
        }
        _ = network.forward(input, training: true)
        let upstream = ActivationBatch(values: weights, batch: first.batch, length: first.length,
                                       channels: first.channels)
        let inputGradient = network.backward(upstream, inputGradient: true)
        let analytic = network.gradients
        let h = 1e-6
        for i in network.parameters.indices {
            let saved = network.parameters[i]
            network.parameters[i] = saved + h
            let plus = objective(input)
            network.parameters[i] = saved - h
            let minus = objective(input)
            network.parameters[i] = saved
            let numeric = (plus - minus) / (2 * h)
            #expect(close(analytic[i], numeric), "parameter \(i): backprop \(analytic[i]), finite difference \(numeric)")
        }
        for i in input.values.indices {
            var x = input
            x.values[i] += h
            let plus = objective(x)
            x.values[i] -= 2 * h
            let minus = objective(x)
            let numeric = (plus - minus) / (2 * h)
            #expect(close(inputGradient.values[i], numeric),
                    "input \(i): backprop \(inputGradient.values[i]), finite difference \(numeric)")
        }
    }

    static func network(_ layers: [NetworkLayer<Double>], parameters: Int, length: Int, channels: Int,
                        outputs: Int) -> Network<Double> {
        Network(layers: layers, parameterCount: parameters, inputLength: length, inputChannels: channels,
                outputs: outputs, seed: 5, threads: 2)
    }

    @Test func denseLayer() {
        let dense = DenseLayer<Double>(inputs: 6, outputs: 4, offset: 0)
        let net = Self.network([.dense(dense)], parameters: dense.parameterCount, length: 6, channels: 1, outputs: 4)
        Self.check(net, input: Self.randomInput(batch: 3, length: 6, channels: 1, seed: 1))
    }

    @Test(arguments: [1, 3, 4, 5])
    func convolutionLayer(kernelSize: Int) {
        let conv = ConvolutionLayer<Double>(inputChannels: 2, outputChannels: 3, kernelSize: kernelSize, offset: 0)
        let net = Self.network([.convolution(conv)], parameters: conv.parameterCount, length: 7, channels: 2,
                               outputs: 3)
        Self.check(net, input: Self.randomInput(batch: 2, length: 7, channels: 2, seed: 2))
    }

    @Test func batchNormalizationLayer() {
        let norm = BatchNormalizationLayer<Double>(channels: 3, offset: 0)
        let net = Self.network([.batchNormalization(norm)], parameters: norm.parameterCount, length: 5, channels: 3,
                               outputs: 3)
        // Non-trivial γ and β, so that their gradients are exercised away from the initial values.
        net.parameters = [1.5, -0.7, 0.3, 0.2, -1.1, 0.4]
        Self.check(net, input: Self.randomInput(batch: 3, length: 5, channels: 3, seed: 3))
    }

    @Test func reluAndGlobalAveragePooling() {
        let net = Self.network([.relu(ReLULayer()), .globalAveragePooling(GlobalAveragePoolingLayer())],
                               parameters: 0, length: 6, channels: 3, outputs: 3)
        Self.check(net, input: Self.randomInput(batch: 2, length: 6, channels: 3, seed: 4))
    }

    @Test func wholeCNNAndMLP() {
        let cnn: Network<Double> = ModelConfiguration(kind: .cnn, channels: [3, 4], kernelSizes: [3, 5])
            .makeNetwork(inputLength: 9, outputs: 3, seed: 11, threads: 2)
        Self.check(cnn, input: Self.randomInput(batch: 3, length: 9, channels: 1, seed: 5))
        let mlp: Network<Double> = ModelConfiguration(kind: .mlp, hiddenUnits: [5, 4], dropout: 0)
            .makeNetwork(inputLength: 8, outputs: 3, seed: 12, threads: 2)
        Self.check(mlp, input: Self.randomInput(batch: 4, length: 8, channels: 1, seed: 6))
    }

    @Test func dropoutScalesSurvivorsAndPassesTheSameMaskBack() {
        let dropout = DropoutLayer<Double>(rate: 0.5)
        var generator = SeededGenerator(seed: 1)
        let x = Self.randomInput(batch: 4, length: 25, channels: 1, seed: 7)
        let y = dropout.forward(x, training: true, generator: &generator)
        let dy = ActivationBatch<Double>(values: [Double](repeating: 1, count: 100), batch: 4, length: 25, channels: 1)
        let dx = dropout.backward(dy)
        for i in 0..<100 {
            #expect(y.values[i] == 0 || y.values[i] == 2 * x.values[i])
            #expect(dx.values[i] == (y.values[i] == 0 ? 0 : 2))
        }
        #expect(dropout.forward(x, training: false, generator: &generator).values == x.values)
    }

    @Test(arguments: [TrainingLoss.crossEntropy, .focal, .mse, .indexMSE])
    func lossGradients(loss: TrainingLoss) throws {
        let objective = Objective(loss: loss, classWeights: [1, 2.5, 0.5], labelSmoothing: loss == .indexMSE ? 0 : 0.1,
                                  focalGamma: 2)
        let width = objective.outputCount
        var generator = SeededGenerator(seed: 8)
        let labels = [0, 2, 1, 1]
        let outputs = ActivationBatch<Double>(values: (0..<(4 * width)).map { _ in 2 * generator.nextGaussian() },
                                          batch: 4, length: 1, channels: width)
        let (_, gradient) = try objective.valueAndGradient(outputs: outputs, labels: labels)
        let h = 1e-6
        for i in outputs.values.indices {
            var plus = outputs, minus = outputs
            plus.values[i] += h
            minus.values[i] -= h
            let numeric = (try objective.valueAndGradient(outputs: plus, labels: labels).0
                - objective.valueAndGradient(outputs: minus, labels: labels).0) / (2 * h)
            #expect(Self.close(gradient.values[i], numeric), "\(loss) output \(i)")
        }
    }
}
