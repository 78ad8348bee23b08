import Testing
import XentKernels
import XentLosses

/// The unchecked API agrees with the checked one, and may write the gradient over the predictions.
@Suite struct UncheckedLossTests {
    static let x: [Double] = [0.3, -1.2, 2.0, 5, 1.1, -0.4, 0.9, 0, -2, 0.5, 1.5, -1]
    static let dense: [Double] = [0, 1, 0, 0.2, 0.3, 0.5, 1, 0, 0, 0, 0, 1]
    static let probabilities: [Double] = [0.2, 0.5, 0.3, 0.1, 0.6, 0.3, 0.25, 0.25, 0.5, 0.7, 0.2, 0.1]

    static let losses: [Loss] = LossConvention.allCases.flatMap { c in
        [Loss.categoricalCrossEntropy(fromLogits: true, labelSmoothing: 0.1, zLoss: 0.01, convention: c),
         Loss.categoricalCrossEntropy(convention: c),
         Loss.sparseCategoricalCrossEntropy(fromLogits: true, convention: c),
         Loss.sparseCategoricalCrossEntropy(convention: c),
         Loss.binaryCrossEntropy(fromLogits: true, convention: c),
         Loss.binaryCrossEntropy(convention: c),
         Loss.klDivergence(convention: c)]
    } + [.binaryFocalCrossEntropy(fromLogits: true), .categoricalFocalCrossEntropy(fromLogits: true),
         .categoricalFocalCrossEntropy()]

    @Test(arguments: losses, [ClassAxis.last, .second])
    func inPlaceGradientEqualsOutOfPlace(loss: Loss, axis: ClassAxis) throws {
        let usesProbabilities = !loss.fromLogits && !(loss.kind == .kl && loss.convention == .pytorch)
        let predictions = usesProbabilities ? Self.probabilities : Self.x
        let layout = try #require(LossLayout(shape: axis == .last ? [4, 3] : [2, 3, 2], classAxis: axis))
        var separate = [Double](repeating: .nan, count: 12)
        var inPlace = predictions
        let labels = [2, 0, 1, 1]
        let target = loss.kind == .binary || loss.kind == .binaryFocal ? Self.dense.map { $0 > 0.4 ? 1 : 0 } : Self.dense
        var valueA = 0.0, valueB = 0.0
        target.withUnsafeBufferPointer { t in
            labels.withUnsafeBufferPointer { y in
                let targets: UncheckedTargets<Double> = loss.kind == .sparseCategorical ? .labels(y) : .dense(t)
                predictions.withUnsafeBufferPointer { p in
                    separate.withUnsafeMutableBufferPointer { g in
                        valueA = loss.evaluateUnchecked(predictions: p, targets: targets, layout: layout, gradient: g).value
                    }
                }
                inPlace.withUnsafeMutableBufferPointer { buffer in
                    valueB = loss.evaluateUnchecked(predictions: UnsafeBufferPointer(buffer), targets: targets,
                                                    layout: layout, gradient: buffer).value
                }
            }
        }
        #expect(valueA == valueB)
        #expect(separate == inPlace)
        #expect(!separate.contains { $0.isNaN })
    }

    @Test func checkedAndUncheckedAgree() throws {
        let loss = Loss.sparseCategoricalCrossEntropy(fromLogits: true, labelSmoothing: 0.1, classWeights: [1, 2, 3],
                                                      convention: .pytorch)
        let checked = try loss.evaluate(predictions: Matrix(rows: 4, columns: 3, elements: Self.x), labels: [2, 0, -100, 1],
                                        withGradient: true)
        var gradient = [Double](repeating: 0, count: 12)
        let summary = Self.x.withUnsafeBufferPointer { p in
            [2, 0, -100, 1].withUnsafeBufferPointer { y in
                gradient.withUnsafeMutableBufferPointer { g in
                    loss.evaluateUnchecked(predictions: p, targets: .labels(y), layout: LossLayout(rows: 4, classes: 3),
                                           gradient: g)
                }
            }
        }
        #expect(summary.value == checked.value)
        #expect(gradient == checked.gradient!.elements)
    }
}
