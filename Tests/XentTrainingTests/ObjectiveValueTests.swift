import Foundation
import Testing
@testable import XentTraining

@Suite struct ObjectiveValueTests {
    /// PyTorch: F.cross_entropy(x, y, weight=w) is Σ w_y·(−log softmax(x)_y) / Σ w_y; checked here by exact math.
    @Test func weightedCrossEntropyIsTheWeightedMeanOfTheLabelCosts() throws {
        let objective = Objective(loss: .crossEntropy, classWeights: [1, 3], labelSmoothing: 0, focalGamma: 2)
        let outputs = ActivationBatch<Double>(values: [0, 0, 2, 0], batch: 2, length: 1, channels: 2)
        let (value, _) = try objective.valueAndGradient(outputs: outputs, labels: [0, 1])
        let expected = (1 * log(2.0) + 3 * (2 + log(1 + exp(-2.0)))) / 4
        #expect(abs(value - expected) < 1e-12)
    }

    @Test func softmaxMSEOfAUniformOutputAgainstOneHot() throws {
        let objective = Objective(loss: .mse, classWeights: [1, 1, 1, 1], labelSmoothing: 0, focalGamma: 2)
        let outputs = ActivationBatch<Double>(values: [0, 0, 0, 0], batch: 1, length: 1, channels: 4)
        // p = 1/4 each: (3/4)² + 3·(1/4)² = 12/16, averaged over 4 classes = 3/16.
        #expect(try objective.valueAndGradient(outputs: outputs, labels: [2]).0 == 3.0 / 16)
    }

    @Test func nonFiniteOutputsAreATypedError() {
        let objective = Objective(loss: .crossEntropy, classWeights: [1, 1], labelSmoothing: 0, focalGamma: 2)
        let outputs = ActivationBatch<Double>(values: [.nan, 0], batch: 1, length: 1, channels: 2)
        #expect(throws: TrainingError.self) { try objective.valueAndGradient(outputs: outputs, labels: [0]) }
    }
}
