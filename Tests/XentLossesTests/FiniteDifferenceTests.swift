import Foundation
import Testing
import XentKernels
import XentLosses

/// Gradients against central finite differences of the value, in Float64, for every loss and the options
/// that change the gradient. Inputs stay away from clip bounds and kinks.
@Suite struct FiniteDifferenceTests {
    struct Setup: Sendable, CustomTestStringConvertible {
        let name: String
        let loss: Loss
        let shape: [Int]
        let predictions: [Double]
        let targets: [Double]?
        let labels: [Int]?
        let sampleWeights: [Double]?
        var testDescription: String { name }
    }

    static let logits: [Double] = [0.3, -1.2, 2.0, 0.5, 1.1, -0.4, -2.2, 0.9, 0.0, 1.7, -0.6, 0.2]
    static let probabilities: [Double] = [0.2, 0.5, 0.3, 0.1, 0.6, 0.3, 0.25, 0.25, 0.5, 0.7, 0.2, 0.1]
    static let oneHot: [Double] = [0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0]
    static let soft: [Double] = [0.1, 0.7, 0.2, 0.5, 0.25, 0.25, 0.0, 0.4, 0.6, 0.3, 0.3, 0.4]
    static let binaryTargets: [Double] = [1, 0, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0]
    static let weights: [Double] = [0.5, 1.5, 1.0, 2.0]

    static let setups: [Setup] = {
        var s: [Setup] = []
        func add(_ name: String, _ loss: Loss, predictions: [Double] = logits, targets: [Double]? = nil,
                 labels: [Int]? = nil, weights: [Double]? = nil, shape: [Int] = [4, 3]) {
            s.append(Setup(name: name, loss: loss, shape: shape, predictions: predictions, targets: targets,
                           labels: labels, sampleWeights: weights))
        }
        for convention in LossConvention.allCases {
            let c = "\(convention)"
            add("categorical logits smoothing \(c)", .categoricalCrossEntropy(
                fromLogits: true, labelSmoothing: 0.1, classWeights: [0.5, 2, 1], zLoss: 0.01, convention: convention),
                targets: soft)
            add("categorical probabilities \(c)", .categoricalCrossEntropy(classWeights: [0.5, 2, 1], convention: convention),
                predictions: probabilities, targets: soft)
            add("sparse logits \(c)", .sparseCategoricalCrossEntropy(
                fromLogits: true, ignoreIndex: -1, classWeights: [0.5, 2, 1], zLoss: 0.02, reduction: .sum,
                convention: convention), labels: [1, -1, 2, 0])
            add("sparse probabilities \(c)", .sparseCategoricalCrossEntropy(convention: convention),
                predictions: probabilities, labels: [1, 0, 2, 0])
            add("binary logits \(c)", .binaryCrossEntropy(fromLogits: true, labelSmoothing: 0.1, classWeights: [1, 2, 0.5],
                                                          convention: convention), targets: binaryTargets)
            add("binary probabilities \(c)", .binaryCrossEntropy(convention: convention),
                predictions: probabilities, targets: binaryTargets, weights: weights)
            add("kl \(c)", .klDivergence(reduction: .batchmean, convention: convention),
                predictions: convention == .keras ? probabilities : probabilities.map { log($0) },
                targets: soft)
        }
        add("sparse logits pytorch smoothing", .sparseCategoricalCrossEntropy(
            fromLogits: true, labelSmoothing: 0.2, classWeights: [0.5, 2, 1], convention: .pytorch), labels: [1, -100, 2, 0])
        add("binary logits pos-weight", .binaryCrossEntropy(fromLogits: true, posWeight: [3, 0.5, 1],
                                                           convention: .pytorch), targets: binaryTargets)
        add("kl log-target", .klDivergence(logTarget: true, convention: .pytorch),
            predictions: probabilities.map { log($0) }, targets: soft.map { log($0 + 0.05) })
        add("binary focal logits", .binaryFocalCrossEntropy(gamma: 2.5, alpha: 0.3, applyClassBalancing: true,
                                                            fromLogits: true, labelSmoothing: 0.1),
            targets: binaryTargets, weights: weights)
        add("binary focal probabilities", .binaryFocalCrossEntropy(gamma: 1.5),
            predictions: probabilities, targets: binaryTargets)
        add("categorical focal logits", .categoricalFocalCrossEntropy(gamma: 2, alpha: [0.2, 0.5, 0.3], fromLogits: true,
                                                                      labelSmoothing: 0.1), targets: soft)
        add("categorical focal probabilities", .categoricalFocalCrossEntropy(gamma: 0.5, alpha: 0.4),
            predictions: probabilities, targets: soft, weights: weights)
        add("categorical logits class axis 1", .categoricalCrossEntropy(fromLogits: true, labelSmoothing: 0.1,
                                                                        classAxis: .second),
            targets: soft, shape: [2, 3, 2])
        add("sparse logits class axis 1", .sparseCategoricalCrossEntropy(fromLogits: true, reduction: .none,
                                                                         classAxis: .second, convention: .pytorch),
            labels: [0, 2, 1, 1], shape: [2, 3, 2])
        return s
    }()

    static func value(_ setup: Setup, _ x: [Double]) throws -> Double {
        let r = try evaluate(setup, x, withGradient: false)
        return r.values.elements.reduce(0, +)
    }

    static func evaluate(_ setup: Setup, _ x: [Double], withGradient: Bool) throws -> LossResult<Double> {
        let p = Tensor(shape: setup.shape, elements: x)
        var rowShape = setup.shape
        rowShape.remove(at: setup.loss.classAxis == .last ? rowShape.count - 1 : 1)
        let w = setup.sampleWeights.map { Tensor(shape: rowShape, elements: $0) }
        if let labels = setup.labels {
            return try setup.loss.evaluate(predictions: p, labels: Tensor(shape: rowShape, elements: labels),
                                           sampleWeights: w, withGradient: withGradient)
        }
        return try setup.loss.evaluate(predictions: p, targets: Tensor(shape: setup.shape, elements: setup.targets!),
                                       sampleWeights: w, withGradient: withGradient)
    }

    @Test(arguments: setups)
    func gradientMatchesFiniteDifferences(setup: Setup) throws {
        let gradient = try #require(try Self.evaluate(setup, setup.predictions, withGradient: true).gradient)
        // Keras' binary losses average labels in Float32 even for Float64 input: difference the value over a
        // wider step with a five-point stencil there.
        let kerasFloat32Mean = (setup.loss.kind == .binary && setup.loss.convention == .keras)
            || setup.loss.kind == .binaryFocal
        let tolerance = kerasFloat32Mean ? 2e-4 : 1e-7
        for i in setup.predictions.indices {
            let xi = setup.predictions[i]
            func f(_ delta: Double) throws -> Double {
                var x = setup.predictions
                x[i] = xi + delta
                return try Self.value(setup, x)
            }
            let estimate: Double
            if kerasFloat32Mean {
                let h = 1e-2 * max(xi.magnitude, 0.1)
                estimate = (try f(-2 * h) - 8 * f(-h) + 8 * f(h) - f(2 * h)) / (12 * h)
            } else {
                let h = 1e-6 * max(xi.magnitude, 0.1)
                estimate = (try f(h) - f(-h)) / (2 * h)
            }
            #expect(abs(gradient.elements[i] - estimate) <= tolerance * max(1, abs(estimate)),
                    "\(setup.name): d/dx[\(i)] = \(gradient.elements[i]), finite difference \(estimate)")
        }
    }
}
