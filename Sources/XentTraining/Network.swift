/// One layer of a ``Network``.
enum NetworkLayer<S: NetworkScalar> {
    case dense(DenseLayer<S>)
    case convolution(ConvolutionLayer<S>)
    case batchNormalization(BatchNormalizationLayer<S>)
    case relu(ReLULayer<S>)
    case globalAveragePooling(GlobalAveragePoolingLayer<S>)
    case dropout(DropoutLayer<S>)
}

/// The learnable state of a network at one moment: its parameters and its batch-norm running statistics.
struct NetworkState<S: NetworkScalar> {
    var parameters: [S]
    var runningStatistics: [[S]]
}

/// A feed-forward stack of layers with all parameters in one flat array (so optimizers are one vectorised loop).
///
/// The input is `[batch, length, channels]` (channels last); the output is `[batch, 1, outputs]` logits (or one
/// regression output). Weight and dropout randomness come from one seeded generator, and every kernel computes
/// each output element on one thread in a fixed order, so a seed gives the same network and the same training
/// run for any thread count.
final class Network<S: NetworkScalar> {
    let layers: [NetworkLayer<S>]
    var parameters: [S]
    var gradients: [S]
    /// 1 for parameters that weight decay applies to (dense and convolution weights), 0 for biases and γ/β.
    let decayMask: [S]
    let inputLength: Int
    let inputChannels: Int
    let outputs: Int
    var threads: Int
    var generator: SeededGenerator

    init(layers: [NetworkLayer<S>], parameterCount: Int, inputLength: Int, inputChannels: Int, outputs: Int,
         seed: UInt64, threads: Int) {
        self.layers = layers
        self.inputLength = inputLength
        self.inputChannels = inputChannels
        self.outputs = outputs
        self.threads = max(1, threads)
        var generator = SeededGenerator(seed: seed)
        var parameters = [S](repeating: 0, count: parameterCount)
        var decay = [S](repeating: 0, count: parameterCount)
        for layer in layers {
            switch layer {
            case .dense(let l): l.initialize(&parameters, decay: &decay, generator: &generator)
            case .convolution(let l): l.initialize(&parameters, decay: &decay, generator: &generator)
            case .batchNormalization(let l): l.initialize(&parameters)
            case .relu, .globalAveragePooling, .dropout: break
            }
        }
        self.parameters = parameters
        self.gradients = [S](repeating: 0, count: parameterCount)
        self.decayMask = decay
        self.generator = generator
    }

    /// The logits for a batch.
    func forward(_ input: ActivationBatch<S>, training: Bool) -> ActivationBatch<S> {
        var x = input
        parameters.withUnsafeBufferPointer { p in
            for layer in layers {
                switch layer {
                case .dense(let l): x = l.forward(x, parameters: p, threads: threads)
                case .convolution(let l): x = l.forward(x, parameters: p, threads: threads)
                case .batchNormalization(let l): x = l.forward(x, parameters: p, training: training)
                case .relu(let l): x = l.forward(x)
                case .globalAveragePooling(let l): x = l.forward(x)
                case .dropout(let l): x = l.forward(x, training: training, generator: &generator)
                }
            }
        }
        return x
    }

    /// Back-propagates the gradient of the loss with respect to the last `forward(_:training: true)` output;
    /// fills ``gradients`` and returns the gradient with respect to the input.
    /// The first layer computes its input gradient only when `inputGradient` is true.
    @discardableResult
    func backward(_ outputGradient: ActivationBatch<S>, inputGradient: Bool = false) -> ActivationBatch<S> {
        var d = outputGradient
        parameters.withUnsafeBufferPointer { p in
            gradients.withUnsafeMutableBufferPointer { g in
                for (index, layer) in layers.enumerated().reversed() {
                    let needInput = index > 0 || inputGradient
                    switch layer {
                    case .dense(let l):
                        d = l.backward(d, parameters: p, gradients: g, threads: threads, needInputGradient: needInput)
                    case .convolution(let l):
                        d = l.backward(d, parameters: p, gradients: g, threads: threads, needInputGradient: needInput)
                    case .batchNormalization(let l): d = l.backward(d, parameters: p, gradients: g)
                    case .relu(let l): d = l.backward(d)
                    case .globalAveragePooling(let l): d = l.backward(d)
                    case .dropout(let l): d = l.backward(d)
                    }
                }
            }
        }
        return d
    }

    /// A copy of the learnable state (to keep the best epoch's network).
    var state: NetworkState<S> {
        get {
            var statistics = [[S]]()
            for case .batchNormalization(let l) in layers {
                statistics.append(l.runningMean)
                statistics.append(l.runningVariance)
            }
            return NetworkState(parameters: parameters, runningStatistics: statistics)
        }
        set {
            parameters = newValue.parameters
            var index = 0
            for case .batchNormalization(let l) in layers where index + 1 < newValue.runningStatistics.count {
                l.runningMean = newValue.runningStatistics[index]
                l.runningVariance = newValue.runningStatistics[index + 1]
                index += 2
            }
        }
    }
}
