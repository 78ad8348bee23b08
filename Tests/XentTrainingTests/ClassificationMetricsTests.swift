import Foundation
import Testing
@testable import XentTraining

@Suite struct ClassificationMetricsTests {
    @Test func countsAndScoresMatchHandComputation() throws {
        // Labels 0,0,1,2 predicted 0,1,1,1 with these probabilities.
        let probabilities: [[Double]] = [[0.5, 0.25, 0.25], [0.25, 0.5, 0.25], [0.125, 0.75, 0.125], [0.25, 0.5, 0.25]]
        let predictions = Predictions(probabilities: probabilities, predictedClasses: [0, 1, 1, 1])
        let m = try ClassificationMetrics(labels: [0, 0, 1, 2], predictions: predictions, classCount: 3, bins: 4)
        #expect(m.confusion == [[1, 1, 0], [0, 1, 0], [0, 1, 0]])
        #expect(m.accuracy == 0.5)
        #expect(m.precision == [1, 1.0 / 3, 0])
        #expect(m.recall == [0.5, 1, 0])
        // F1: class 0 = 2/3, class 1 = 0.5, class 2 = 0; macro = 7/18.
        #expect(abs(m.macroF1 - 7.0 / 18) < 1e-15)
        // −log₂ of 0.5, 0.25, 0.75, 0.25 averaged.
        #expect(abs(m.logLossBits - (1 + 2 + (2 - log2(3.0)) + 2) / 4) < 1e-15)
        // Brier: (0.25+0.0625+0.0625), (0.5625+0.25+0.0625), (0.015625+0.0625+0.015625), (0.0625+0.25+0.5625).
        #expect(abs(m.brierScore - (0.375 + 0.875 + 0.09375 + 0.875) / 4) < 1e-15)
        // Bins of width 0.25: confidences 0.5, 0.5, 0.75, 0.5 → bin 2 holds three (accuracy 1/3, confidence 0.5),
        // bin 3 holds one (accuracy 1, confidence 0.75): ECE = 3/4·(1/6) + 1/4·(1/4).
        #expect(abs(m.expectedCalibrationError - (0.75 / 6 + 0.0625)) < 1e-15)
        #expect(m.reliability.map(\.count) == [0, 0, 3, 1])
    }

    @Test func aZeroProbabilityOnTheTruthCostsInfiniteBits() throws {
        let predictions = Predictions(probabilities: [[0, 1]], predictedClasses: [1])
        let m = try ClassificationMetrics(labels: [0], predictions: predictions, classCount: 2)
        #expect(m.logLossBits == .infinity)
        #expect(m.brierScore == 2)
    }

    @Test func mismatchedCountsAreErrors() {
        let predictions = Predictions(probabilities: [[0.5, 0.5]], predictedClasses: [0])
        #expect(throws: TrainingError.self) {
            try ClassificationMetrics(labels: [0, 1], predictions: predictions, classCount: 2)
        }
    }
}
