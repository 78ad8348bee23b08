import Foundation
import Testing
import XentKernels
import XentLosses

/// Degenerate but well-formed batches follow the convention and say so.
@Suite struct DegenerateBatchTests {
    let logits = Matrix<Double>(rows: 2, columns: 3, elements: [0.1, 0.2, 0.3, 1, 2, 3])

    @Test func allIgnored() throws {
        let keras = try Loss.sparseCategoricalCrossEntropy(fromLogits: true, ignoreIndex: -1)
            .evaluate(predictions: logits, labels: [-1, -1], withGradient: true)
        #expect(keras.value == 0)
        #expect(keras.gradient!.elements.allSatisfy { $0 == 0 })
        #expect(keras.warnings.contains(.allTargetsIgnored(convention: .keras)))
        let torch = try Loss.sparseCategoricalCrossEntropy(fromLogits: true, convention: .pytorch)
            .evaluate(predictions: logits, labels: [-100, -100], withGradient: true)
        #expect(torch.value!.isNaN)
        #expect(torch.gradient!.elements.allSatisfy { $0 == 0 })
        #expect(torch.warnings.contains(.allTargetsIgnored(convention: .pytorch)))
        let sum = try Loss.sparseCategoricalCrossEntropy(fromLogits: true, reduction: .sum, convention: .pytorch)
            .evaluate(predictions: logits, labels: [-100, -100])
        #expect(sum.value == 0)
    }

    @Test func zeroTotalWeight() throws {
        let keras = try Loss.sparseCategoricalCrossEntropy(fromLogits: true)
            .evaluate(predictions: logits, labels: [0, 1], sampleWeights: [0, 0], withGradient: true)
        #expect(keras.value == 0)
        #expect(keras.warnings.contains(.zeroTotalWeight(convention: .keras)))
        let torch = try Loss.sparseCategoricalCrossEntropy(fromLogits: true, classWeights: [0, 0, 1], convention: .pytorch)
            .evaluate(predictions: logits, labels: [0, 1], withGradient: true)
        #expect(torch.value!.isNaN)
        #expect(torch.gradient!.elements.allSatisfy { $0.isNaN })
        #expect(torch.warnings.contains(.zeroTotalWeight(convention: .pytorch)))
    }

    @Test func kerasClassWeightBeyondFloat32IsReported() throws {
        let p = Matrix<Double>(rows: 2, columns: 3, elements: [0.7, 0.2, 0.1, 0.1, 0.8, 0.1])
        let weights = [1e300, 1, 1]
        let keras = try Loss.sparseCategoricalCrossEntropy(classWeights: weights).evaluate(predictions: p, labels: [0, 1])
        #expect(keras.value == .infinity)
        #expect(keras.warnings == [.classWeightOverflowsFloat32(index: 0, weight: 1e300)])
        #expect(keras.warnings[0].description == "class weight 0 (1e+300) overflows float32 and becomes inf: the keras "
                + "convention casts class weights to float32; the pytorch convention keeps them in double")
        let torch = try Loss.sparseCategoricalCrossEntropy(classWeights: weights, convention: .pytorch)
            .evaluate(predictions: p, labels: [0, 1])
        #expect(abs(torch.value! + log(0.7)) < 1e-15)
        #expect(torch.warnings.isEmpty)
        // Float inputs hold the weight as +∞ under either convention: the cast adds nothing to warn about.
        let float = try Loss.sparseCategoricalCrossEntropy(classWeights: weights)
            .evaluate(predictions: Matrix<Float>(rows: 2, columns: 3, elements: p.elements.map { Float($0) }),
                      labels: [0, 1])
        #expect(float.warnings.isEmpty)
        let dense = try Loss.categoricalCrossEntropy(classWeights: [1, 3e38, 1e39]).evaluate(
            predictions: p, targets: Matrix(rows: 2, columns: 3, elements: [1, 0, 0, 0, 1, 0]))
        #expect(dense.warnings == [.classWeightOverflowsFloat32(index: 2, weight: 1e39)])
    }

    @Test func clippingClampingAndRenormalisationAreReported() throws {
        let p = Matrix<Double>(rows: 3, columns: 1, elements: [0.9, 0.2, 1.0])
        let y = Matrix<Double>(rows: 3, columns: 1, elements: [1, 0, 0])
        let keras = try Loss.binaryCrossEntropy().evaluate(predictions: p, targets: y)
        #expect(keras.warnings == [.probabilitiesClipped(count: 1)])
        let torch = try Loss.binaryCrossEntropy(convention: .pytorch).evaluate(predictions: p, targets: y)
        #expect(torch.warnings == [.logsClamped(count: 1)])
        #expect(abs(torch.value! - (100 - log(0.9) - log(0.8)) / 3) < 1e-13)
        let rows = try Loss.categoricalCrossEntropy().evaluate(
            predictions: Matrix(rows: 2, columns: 2, elements: [2, 2, 0.5, 0.5]),
            targets: Matrix(rows: 2, columns: 2, elements: [1, 0, 0, 1]), withGradient: true)
        #expect(rows.warnings == [.unnormalizedRows(count: 1)])
        // Keras renormalises [2, 2] to [0.5, 0.5]: gradient [-0.25, 0.25] / 2 rows (keras prints [-0.25, 0.25]).
        #expect(rows.gradient!.elements[0..<2] == [-0.125, 0.125])
    }

    @Test func uncheckedEmptyBatchFollowsTheConvention() {
        let empty: [Double] = []
        empty.withUnsafeBufferPointer { p in
            [Int]().withUnsafeBufferPointer { y in
                let layout = LossLayout(rows: 0, classes: 3)
                let keras = Loss.sparseCategoricalCrossEntropy(fromLogits: true)
                    .evaluateUnchecked(predictions: p, targets: .labels(y), layout: layout)
                #expect(keras.value == 0)
                let torch = Loss.sparseCategoricalCrossEntropy(fromLogits: true, convention: .pytorch)
                    .evaluateUnchecked(predictions: p, targets: .labels(y), layout: layout)
                #expect(torch.value.isNaN)
            }
        }
    }
}
