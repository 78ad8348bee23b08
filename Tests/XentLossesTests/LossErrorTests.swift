import Foundation
import Testing
import XentKernels
import XentLosses

/// Bad input throws a typed ``LossError`` naming the argument, the position and the value.
@Suite struct LossErrorTests {
    let logits = Matrix<Double>(rows: 2, columns: 3, elements: [0.1, 0.2, 0.3, 1, 2, 3])

    @Test func labelOutOfRangeNamesRowAndValue() {
        #expect(throws: LossError.labelOutOfRange(index: [1], label: 3, classCount: 3)) {
            try Loss.sparseCategoricalCrossEntropy(fromLogits: true).evaluate(predictions: logits, labels: [0, 3])
        }
        // PyTorch's default ignore index is -100; any other negative label is out of range.
        #expect(throws: LossError.labelOutOfRange(index: [0], label: -1, classCount: 3)) {
            try Loss.sparseCategoricalCrossEntropy(fromLogits: true, convention: .pytorch)
                .evaluate(predictions: logits, labels: [-1, 0])
        }
        #expect(throws: Never.self) {
            try Loss.sparseCategoricalCrossEntropy(fromLogits: true, convention: .pytorch)
                .evaluate(predictions: logits, labels: [-100, 0])
        }
    }

    @Test func shapeMismatch() {
        #expect(throws: LossError.shapeMismatch(argument: .targets, expected: [2, 3], actual: [2, 2])) {
            try Loss.categoricalCrossEntropy(fromLogits: true)
                .evaluate(predictions: logits, targets: Matrix(rows: 2, columns: 2, elements: [1, 0, 0, 1]))
        }
        #expect(throws: LossError.shapeMismatch(argument: .labels, expected: [2], actual: [3])) {
            try Loss.sparseCategoricalCrossEntropy(fromLogits: true).evaluate(predictions: logits, labels: [0, 1, 2])
        }
        #expect(throws: LossError.shapeMismatch(argument: .sampleWeights, expected: [2], actual: [1])) {
            try Loss.sparseCategoricalCrossEntropy(fromLogits: true)
                .evaluate(predictions: logits, labels: [0, 1], sampleWeights: [1])
        }
    }

    @Test func badPredictionsAndTargets() {
        let nanLogits = Matrix<Double>(rows: 1, columns: 2, elements: [0, .nan])
        #expect(throws: LossError.self) {
            try Loss.sparseCategoricalCrossEntropy(fromLogits: true).evaluate(predictions: nanLogits, labels: [0])
        }
        do {
            _ = try Loss.categoricalCrossEntropy().evaluate(
                predictions: Matrix(rows: 2, columns: 2, elements: [0.5, 0.5, -0.5, 1.5]),
                targets: Matrix(rows: 2, columns: 2, elements: [1, 0, 0, 1]))
            Issue.record("a negative probability was accepted")
        } catch {
            guard case .invalidValue(let argument, let index, let value, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(argument == .predictions && index == [1, 0] && value == -0.5)
            #expect(error.description == "predictions[1, 0]: value -0.5 is invalid; expected a finite probability >= 0")
        }
        #expect(throws: LossError.self) {
            try Loss.binaryCrossEntropy().evaluate(predictions: Matrix(rows: 1, columns: 1, elements: [1.2]),
                                                   targets: Matrix(rows: 1, columns: 1, elements: [1]))
        }
        #expect(throws: LossError.self) {
            try Loss.binaryCrossEntropy().evaluate(predictions: Matrix(rows: 1, columns: 1, elements: [0.2]),
                                                   targets: Matrix(rows: 1, columns: 1, elements: [2]))
        }
        #expect(throws: LossError.self) {
            try Loss.categoricalCrossEntropy().evaluate(predictions: Matrix(rows: 1, columns: 2, elements: [0, 0]),
                                                        targets: Matrix(rows: 1, columns: 2, elements: [1, 0]))
        }
    }

    @Test func emptyBatch() {
        #expect(throws: LossError.emptyBatch(argument: .predictions)) {
            try Loss.sparseCategoricalCrossEntropy(fromLogits: true)
                .evaluate(predictions: Matrix<Double>(rows: 0, columns: 3, elements: []), labels: [])
        }
    }

    @Test func badAndUnsupportedOptions() {
        let targets = Matrix<Double>(rows: 2, columns: 3, elements: [1, 0, 0, 0, 0, 1])
        #expect(throws: LossError.invalidOption(name: "label-smoothing", value: "1.5", expectation: "a number in [0, 1]")) {
            try Loss.categoricalCrossEntropy(fromLogits: true, labelSmoothing: 1.5).evaluate(predictions: logits, targets: targets)
        }
        #expect(throws: LossError.unsupportedOption(name: "pos-weight", kind: .binary, convention: .keras)) {
            try Loss.binaryCrossEntropy(fromLogits: true, posWeight: [2]).evaluate(predictions: logits, targets: targets)
        }
        #expect(throws: LossError.unsupportedOption(name: "label-smoothing", kind: .sparseCategorical, convention: .keras)) {
            try Loss.sparseCategoricalCrossEntropy(fromLogits: true, labelSmoothing: 0.1).evaluate(predictions: logits, labels: [0, 1])
        }
        #expect(throws: LossError.unsupportedOption(name: "sample-weights", kind: .categorical, convention: .pytorch)) {
            try Loss.categoricalCrossEntropy(fromLogits: true, convention: .pytorch)
                .evaluate(predictions: logits, targets: targets, sampleWeights: [1, 2])
        }
        #expect(throws: LossError.self) {
            try Loss.categoricalCrossEntropy(fromLogits: true, classWeights: [1, 2]).evaluate(predictions: logits, targets: targets)
        }
        #expect(throws: LossError.unsupportedOption(name: "z-loss", kind: .categorical, convention: .keras)) {
            try Loss.categoricalCrossEntropy(zLoss: 1e-4).evaluate(predictions: logits, targets: targets)
        }
    }

    @Test func descriptionsAreOneLineWithoutTrailingPeriod() {
        let errors: [LossError] = [
            .emptyBatch(argument: .predictions),
            .shapeMismatch(argument: .targets, expected: [2, 3], actual: [3, 2]),
            .invalidShape(argument: .predictions, shape: [], expectation: "at least one axis"),
            .labelOutOfRange(index: [4], label: 7, classCount: 3),
            .invalidValue(argument: .sampleWeights, index: [1], value: -1, expectation: "a finite weight >= 0"),
            .invalidOption(name: "gamma", value: "-1.0", expectation: "a finite number >= 0"),
            .unsupportedOption(name: "pos-weight", kind: .binary, convention: .keras),
        ]
        for error in errors {
            #expect(!error.description.contains("\n") && !error.description.hasSuffix("."))
        }
        #expect(LossError.labelOutOfRange(index: [4], label: 7, classCount: 3).description
            == "labels[4]: label 7 is out of range; expected 0..<3 or the ignored label")
    }
}
