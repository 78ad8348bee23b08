import Foundation
import Testing
import XentKernelsC
@testable import XentTraining

@Suite struct MultiRocketPoolingTests {
    /// The four operators against their definitions (Tan et al. 2022), written out here: for z = value − bias, the
    /// proportion of positive z, their mean (summed in Float in order), their mean index (−1 when none) and their
    /// longest run. Biases in blocks of eight and a tail, so both paths of the C loop are checked, to the bit.
    @Test func thePoolingOperatorsFollowTheirDefinitions() {
        var generator = SeededGenerator(seed: 21)
        for count in [1, 2, 9, 150] {
            let values = (0..<count).map { _ in Float(generator.nextGaussian()) }
            let biases = (0..<13).map { i in i == 12 ? Float(10) : Float(generator.nextGaussian()) }
            var out = [Float](repeating: .nan, count: 4 * biases.count)
            xk_multirocket_pooling_f32(values, count, biases, biases.count, &out)
            for (b, bias) in biases.enumerated() {
                var positives = 0, run = 0, longest = 0, indexSum = 0
                var sum: Float = 0
                for (t, v) in values.enumerated() {
                    let z = v - bias
                    if z > 0 {
                        positives += 1
                        sum += z
                        indexSum += t
                        run += 1
                        longest = max(longest, run)
                    } else {
                        run = 0
                    }
                }
                let expected: [Float] = [
                    Float(positives) / Float(count),
                    positives > 0 ? sum / Float(positives) : 0,
                    positives > 0 ? Float(Double(indexSum) / Double(positives)) : -1,
                    Float(longest),
                ]
                #expect(Array(out[(4 * b)..<(4 * b + 4)]) == expected, "length \(count), bias \(b)")
            }
        }
    }

    /// The default feature layer has its three blocks (Hydra, MiniRocket of the series, MultiRocket pooling of the
    /// first difference, four features per bias), and the first difference is what it says.
    @Test func theDefaultLayerHasItsThreeBlocks() throws {
        let data = try TrainerTests.tinySet()
        let model = ModelConfiguration(kind: .hydraMultiRocket, featureCount: 840, groupsPerDilation: 8)
        let fitted = try #require(try FeatureLayer.fitAndTransform(
            data, fitting: Array(0..<data.count), model: model, seed: 1, threads: 2))
        #expect(fitted.layer.blocks.count == 3)
        guard case .miniRocketOfDifference(let difference) = fitted.layer.blocks[2] else {
            Issue.record("the third block is not MiniRocket of the difference")
            return
        }
        #expect(difference.pooling == .multiRocket && difference.featureCount == 4 * 420)
        #expect(difference.inputLength == 15)
        #expect(fitted.transformed.length == fitted.layer.featureCount)
        let again = fitted.layer.standardizedFeatures(of: data, indices: Array(0..<data.count), threads: 1)
        #expect(again == fitted.transformed.values)
        let firstDifference = FeatureLayer.firstDifference(data)
        #expect(firstDifference.series(3).first == data.series(3).dropFirst().first! - data.series(3).first!)
    }

    /// Series near the Float range (not z-normalised) give finite features and finite probabilities with the
    /// default layer and both linear heads.
    @Test(arguments: [HeadKind.ridge, .logistic])
    func seriesNearTheFloatRangeGiveFiniteProbabilities(head: HeadKind) throws {
        let big = Float.greatestFiniteMagnitude / 1.2
        let rows: [[Float]] = [
            (0..<30).map { $0 % 2 == 0 ? big : 0 }, (0..<30).map { $0 % 3 == 0 ? -big : 0 },
            [Float](repeating: big / 3, count: 30), (0..<30).map { $0 % 2 == 0 ? -big / 3 : 0 },
        ]
        let data = try TimeSeriesDataset(values: rows.flatMap { $0 }, labels: [0, 1, 0, 1], length: 30,
                                         classNames: ["a", "b"])
        var out = [Float](repeating: .nan, count: 4)
        let values: [Float] = [big, big, -big]
        xk_multirocket_pooling_f32(values, 3, [-big], 1, &out)
        let finiteFeatures = out.allSatisfy { $0.isFinite }
        #expect(finiteFeatures, "\(out)")
        var configuration = TrainingConfiguration()
        configuration.model = ModelConfiguration(featureCount: 840, groupsPerDilation: 8)
        configuration.head = head
        let run = try Trainer.train(on: data, configuration: configuration)
        let test = try TimeSeriesDataset(values: [Float](repeating: big, count: 30), labels: [0], length: 30,
                                         classNames: ["a", "b"])
        let predictions = try run.classifier.predict(test)
        let finite = predictions.probabilities.allSatisfy { row in row.allSatisfy { $0.isFinite } }
        #expect(finite)
    }
}
