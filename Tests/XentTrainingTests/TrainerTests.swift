import Foundation
import Testing
@testable import XentTraining

@Suite struct TrainerTests {
    /// 12 series of length 16 in 3 classes of different shapes (a bump, a dip, a fast oscillation) plus noise.
    static func tinySet() throws -> TimeSeriesDataset {
        var generator = SeededGenerator(seed: 3)
        var values = [Float]()
        var labels = [Int]()
        for i in 0..<12 {
            let label = i % 3
            for t in 0..<16 {
                let shape: Double
                switch label {
                case 0: shape = abs(t - 4 - i % 5) < 2 ? 2 : 0
                case 1: shape = abs(t - 6 - i % 4) < 2 ? -2 : 0
                default: shape = t % 2 == 0 ? 1 : -1
                }
                values.append(Float(shape + 0.3 * generator.nextGaussian()))
            }
            labels.append(label)
        }
        return try TimeSeriesDataset(values: values, labels: labels, length: 16, classNames: ["a", "b", "c"])
    }

    static func tinyConfiguration(_ kind: ModelKind) -> TrainingConfiguration {
        var configuration = TrainingConfiguration()
        configuration.model = ModelConfiguration(kind: kind, hiddenUnits: [16], dropout: 0, channels: [8, 8],
                                                 kernelSizes: [5, 3], featureCount: 840)
        configuration.head = .adamw
        configuration.validationFraction = 0
        configuration.minimumSteps = 0
        configuration.epochs = 60
        configuration.batchSize = 4
        configuration.learningRate = 1e-2
        configuration.weightDecay = 0
        return configuration
    }

    @Test(arguments: [ModelKind.mlp, .cnn, .minirocket, .hydra])
    func aTinyNetworkOverfitsATinySet(kind: ModelKind) throws {
        let data = try Self.tinySet()
        let run = try Trainer.train(on: data, configuration: Self.tinyConfiguration(kind))
        let predictions = try run.classifier.predict(data)
        #expect(predictions.predictedClasses == data.labels)
        // Cross-entropy on the training set from the predicted probabilities (through the feature layer, if any).
        let loss = zip(predictions.probabilities, data.labels).reduce(0.0) { $0 - log($1.0[$1.1]) }
            / Double(data.count)
        #expect(loss < 0.1, "cross-entropy on the training set after training: \(loss) nats")
    }

    @Test(arguments: [ModelKind.cnn, .minirocket, .hydra])
    func trainingIsDeterministicForASeedAndAnyThreadCount(kind: ModelKind) throws {
        let data = try Self.tinySet()
        var configuration = Self.tinyConfiguration(kind)
        configuration.epochs = 3
        configuration.validationFraction = 0.25
        configuration.model.dropout = 0.2
        let a = try Trainer.train(on: data, configuration: configuration)
        configuration.threads = 1
        let b = try Trainer.train(on: data, configuration: configuration)
        #expect(a.classifier.network?.parameters == b.classifier.network?.parameters)
        #expect(a.curves == b.curves)
        #expect(try a.classifier.predict(data) == b.classifier.predict(data))
        configuration.seed = 2
        let c = try Trainer.train(on: data, configuration: configuration)
        #expect(a.classifier.network?.parameters != c.classifier.network?.parameters)
    }

    @Test(arguments: [ModelKind.mlp, .minirocket, .hydra])
    func aClassifierRejectsSeriesOfAnotherLength(kind: ModelKind) throws {
        let data = try Self.tinySet()
        var configuration = Self.tinyConfiguration(kind)
        configuration.epochs = 2
        let run = try Trainer.train(on: data, configuration: configuration)
        #expect(run.classifier.inputLength == 16)
        let shorter = try TimeSeriesDataset(values: [Float](repeating: 0, count: 2 * 15), labels: [0, 1], length: 15,
                                            classNames: ["a", "b", "c"])
        #expect(throws: TrainingError.shapeMismatch(what: "series length", count: 15, expected: 16)) {
            try run.classifier.predict(shorter)
        }
    }

    @Test func theIndexRegressionPredictsTheRoundedClampedIndex() {
        let objective = Objective(loss: .indexMSE, classWeights: [1, 1, 1], labelSmoothing: 0, focalGamma: 2)
        #expect(objective.outputCount == 1)
        #expect([-3.0, 0.49, 0.51, 1.5, 7, .nan].map(objective.predictedIndex) == [0, 0, 1, 2, 2, 0])
        #expect(objective.probabilities([1.2]) == [0, 1, 0])
    }

    @Test func invalidSettingsAreTypedErrors() throws {
        let data = try Self.tinySet()
        var configuration = TrainingConfiguration()
        configuration.epochs = 0
        #expect(throws: TrainingError.invalidSetting(name: "epochs", value: "0", expected: "an integer in 1...100000")) {
            try Trainer.train(on: data, configuration: configuration)
        }
        configuration = TrainingConfiguration()
        configuration.classWeighting = .explicit([1, 2])
        #expect(throws: TrainingError.shapeMismatch(what: "class weights", count: 2, expected: 3)) {
            try Trainer.train(on: data, configuration: configuration)
        }
    }
}
