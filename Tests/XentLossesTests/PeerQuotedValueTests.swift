import Testing
import XentKernels
import XentLosses

/// Values printed by the peers (torch 2.15, keras 3.15.1 on jax), as quoted in the project's loss-semantics
/// notes: spot checks that need no fixture file.
@Suite struct PeerQuotedValueTests {
    @Test func extremeLogitsAreExact() throws {
        let loss = Loss.sparseCategoricalCrossEntropy(fromLogits: true, reduction: .none)
        let logits = Matrix<Double>(rows: 2, columns: 3, elements: [1e4, -1e4, 0, -88, 88, 0])
        let result = try loss.evaluate(predictions: logits, labels: [1, 0])
        #expect(result.values.elements == [20000, 176])
        let float = try loss.evaluate(predictions: Matrix<Float>(rows: 2, columns: 3,
                                                                elements: [1e4, -1e4, 0, -88, 88, 0]), labels: [1, 0])
        #expect(float.values.elements == [20000, 176])
    }

    @Test func kerasSingleClassProbability() throws {
        let loss = Loss.categoricalCrossEntropy(reduction: .sum)
        let f = try loss.evaluate(predictions: Matrix<Float>(rows: 1, columns: 1, elements: [0.3]),
                                  targets: Matrix<Float>(rows: 1, columns: 1, elements: [1]))
        #expect(f.value == Float(1.1920929e-07))
        #expect(f.warnings.contains(.singleClass))
        let d = try loss.evaluate(predictions: Matrix<Double>(rows: 1, columns: 1, elements: [0.3]),
                                  targets: Matrix<Double>(rows: 1, columns: 1, elements: [1]))
        #expect(d.value == 1.0000000494736474e-07)
    }

    @Test func kerasBinaryClipAsymmetry() throws {
        let loss = Loss.binaryCrossEntropy(reduction: .none)
        let p = Matrix<Float>(rows: 3, columns: 1, elements: [0, 1, 1])
        let y = Matrix<Float>(rows: 3, columns: 1, elements: [1, 0, 1])
        let r = try loss.evaluate(predictions: p, targets: y)
        #expect(r.values.elements == [16.118095, 15.942385, 1.1920929e-07])
        let rd = try loss.evaluate(predictions: Matrix<Double>(rows: 2, columns: 1, elements: [0, 1]),
                                   targets: Matrix<Double>(rows: 2, columns: 1, elements: [1, 0]))
        // Keras' jax mean runs in Float32 even for Float64 input.
        #expect(rd.values.elements == [16.11809539794922, Double(Float(16.118095651484676))])
    }

    @Test func pytorchBinaryClampsAtMinus100() throws {
        let loss = Loss.binaryCrossEntropy(reduction: .none, convention: .pytorch)
        let r = try loss.evaluate(predictions: Matrix<Double>(rows: 2, columns: 1, elements: [0, 1e-30]),
                                  targets: Matrix<Double>(rows: 2, columns: 1, elements: [1, 1]),
                                  withGradient: true)
        #expect(r.values.elements[0] == 100)
        #expect(abs(r.values.elements[1] - 69.07755278982137) < 1e-12)
        #expect(r.gradient!.elements[0] == -1000000003995.8029)
        let f = try loss.evaluate(predictions: Matrix<Float>(rows: 1, columns: 1, elements: [0]),
                                  targets: Matrix<Float>(rows: 1, columns: 1, elements: [1]), withGradient: true)
        #expect(f.gradient!.elements[0] == -999999995904)
    }

    @Test func kerasKLClipsZeroPredictions() throws {
        let loss = Loss.klDivergence(reduction: .sum)
        let r = try loss.evaluate(predictions: Matrix<Float>(rows: 1, columns: 2, elements: [0, 1]),
                                  targets: Matrix<Float>(rows: 1, columns: 2, elements: [0.5, 0.5]))
        #expect(abs(r.value! - 7.365901) < 1e-5)
    }
}
