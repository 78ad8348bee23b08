import Foundation
import Testing
@testable import XentTraining

/// The reference values of Scripts/fixtures/minirocket.py (aeon 1.6.0's MiniRocket).
struct MiniRocketFixture: Decodable {
    struct Plan: Decodable {
        var length: Int
        var features_per_kernel: Int
        var dilations: [Int]
        var counts: [Int]
    }
    struct Transform: Decodable {
        var length: Int
        var features_per_kernel: Int
        var series: [[Double]]
        var biases: [Double]
        var features: [[Double]]
    }
    var plans: [Plan]
    var transforms: [Transform]

    static func load() throws -> MiniRocketFixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/minirocket.json")
        return try JSONDecoder().decode(MiniRocketFixture.self, from: Data(contentsOf: url))
    }
}

@Suite struct MiniRocketFeaturesTests {
    static func randomSet(count: Int, length: Int, seed: UInt64) throws -> TimeSeriesDataset {
        var generator = SeededGenerator(seed: seed)
        let values = (0..<(count * length)).map { _ in Float(generator.nextGaussian()) }
        return try TimeSeriesDataset(values: values, labels: (0..<count).map { $0 % 2 }, length: length,
                                     classNames: ["a", "b"])
    }

    @Test func theDilationPlanIsAeons() throws {
        for plan in try MiniRocketFixture.load().plans {
            let ours = MiniRocketFeatures.dilationPlan(inputLength: plan.length,
                                                       featuresPerKernel: plan.features_per_kernel)
            #expect(ours.dilations == plan.dilations, "length \(plan.length)")
            #expect(ours.counts == plan.counts, "length \(plan.length)")
        }
    }

    @Test func theKernelsAreThe84ChoicesOfThreeTaps() {
        let taps = MiniRocketFeatures.kernelTaps
        #expect(taps.count == 3 * MiniRocketFeatures.kernelCount)
        let triples = stride(from: 0, to: taps.count, by: 3).map { [taps[$0], taps[$0 + 1], taps[$0 + 2]] }
        #expect(Set(triples).count == 84)
        #expect(triples.allSatisfy { $0[0] < $0[1] && $0[1] < $0[2] && $0[2] <= 8 })
    }

    /// With aeon's biases, the proportions of positive values equal aeon's transform. A value exactly at a bias
    /// may round to the other side in a different summation order, so each feature may differ by one count.
    @Test func withAeonsBiasesTheFeaturesAreAeons() throws {
        for reference in try MiniRocketFixture.load().transforms {
            let plan = MiniRocketFeatures.dilationPlan(inputLength: reference.length,
                                                       featuresPerKernel: reference.features_per_kernel)
            let features = MiniRocketFeatures(inputLength: reference.length, dilations: plan.dilations,
                                              featuresPerKernel: plan.counts,
                                              biases: reference.biases.map { Float($0) })
            #expect(features.featureCount == reference.biases.count)
            let data = try TimeSeriesDataset(values: reference.series.flatMap { $0.map { Float($0) } },
                                             labels: reference.series.indices.map { $0 % 2 },
                                             length: reference.length, classNames: ["a", "b"])
            let ours = features.rawFeatures(of: data, indices: Array(0..<data.count), threads: 1)
            var worst = 0.0
            var exact = 0
            for (row, expected) in reference.features.enumerated() {
                for (j, value) in expected.enumerated() {
                    let difference = abs(Double(ours[row * features.featureCount + j]) - value)
                    worst = max(worst, difference)
                    if difference < 1e-6 { exact += 1 }
                }
            }
            let total = reference.features.count * features.featureCount
            #expect(worst <= 1.0 / Double(max(1, reference.length - 8 * (plan.dilations.last ?? 1))) + 1e-6,
                    "length \(reference.length): worst difference \(worst)")
            #expect(Double(exact) >= 0.999 * Double(total), "length \(reference.length): \(exact) of \(total) exact")
        }
    }

    /// The dilated convolutions against the definition, summed in Double: output t is
    /// Σₘ wₘ x[t + (m − 4)·d] with zeros outside the series, w = −1 except 2 at the kernel's three taps.
    @Test func theConvolutionsFollowTheDefinition() throws {
        let length = 37
        let data = try Self.randomSet(count: 1, length: length, seed: 5)
        let x = Array(data.series(0))
        for dilation in [1, 2, 4] {
            var scratch = ConvolutionScratch(length: length, maximumDilation: 4)
            let outputs = scratch.convolve(data.series(0), dilation: dilation, kernels: 0..<84)
            let taps = MiniRocketFeatures.kernelTaps
            for kernel in 0..<84 {
                let twos = Set(taps[(3 * kernel)..<(3 * kernel + 3)].map(Int.init))
                for t in 0..<length {
                    var expected = 0.0
                    for m in 0..<9 {
                        let i = t + (m - 4) * dilation
                        guard (0..<length).contains(i) else { continue }
                        expected += (twos.contains(m) ? 2 : -1) * Double(x[i])
                    }
                    #expect(abs(Double(outputs[kernel * length + t]) - expected) < 1e-5,
                            "dilation \(dilation), kernel \(kernel), t \(t)")
                }
            }
        }
    }

    @Test func featuresAreStandardisedDeterministicAndIndependentOfThreads() throws {
        let data = try Self.randomSet(count: 20, length: 50, seed: 9)
        let a = try MiniRocketFeatures(fitting: data, indices: Array(0..<20), featureCount: 10_000, seed: 1)
        #expect(a.featureCount == 9996)
        let raw = a.rawFeatures(of: data, indices: Array(0..<20), threads: 1)
        #expect(raw.allSatisfy { $0 >= 0 && $0 <= 1 })
        let one = try a.features(of: data, indices: Array(0..<20), threads: 1)
        let two = try a.features(of: data, indices: Array(0..<20), threads: 2)
        #expect(one == two)
        // On the fitting series each non-constant feature has mean 0 and standard deviation 1.
        for j in stride(from: 0, to: a.featureCount, by: 97) where a.featureScales[j] > 0 {
            let column = (0..<20).map { Double(one[$0 * a.featureCount + j]) }
            let mean = column.reduce(0, +) / 20
            let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 20
            #expect(abs(mean) < 1e-4 && abs(variance - 1) < 1e-3, "feature \(j): mean \(mean), variance \(variance)")
        }
        let again = try MiniRocketFeatures(fitting: data, indices: Array(0..<20), featureCount: 10_000, seed: 1,
                                           threads: 2)
        #expect(again == a)
        let other = try MiniRocketFeatures(fitting: data, indices: Array(0..<20), featureCount: 10_000, seed: 2)
        #expect(other.biases != a.biases)
    }

    @Test func shortSeriesAndBadSettingsAreHandled() throws {
        let short = try Self.randomSet(count: 4, length: 3, seed: 2)
        let features = try MiniRocketFeatures(fitting: short, indices: [0, 1, 2, 3], featureCount: 840, seed: 1)
        #expect(features.dilations == [1])
        #expect(try features.features(of: short, indices: [0, 1], threads: 1).allSatisfy(\.isFinite))
        #expect(throws: TrainingError.invalidSetting(name: "feature count", value: "83",
                                                     expected: "an integer in 84...100000")) {
            try MiniRocketFeatures(fitting: short, indices: [0], featureCount: 83, seed: 1)
        }
        #expect(throws: TrainingError.self) {
            try MiniRocketFeatures(fitting: short, indices: [], seed: 1)
        }
        let longer = try Self.randomSet(count: 2, length: 5, seed: 2)
        #expect(throws: TrainingError.shapeMismatch(what: "series length", count: 5, expected: 3)) {
            try features.features(of: longer, indices: [0], threads: 1)
        }
    }
}
