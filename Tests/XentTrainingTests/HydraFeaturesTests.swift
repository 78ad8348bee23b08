import Foundation
import Testing
@testable import XentTraining

/// The reference values of Scripts/fixtures/hydra.py (aeon 1.6.0's HydraTransformer).
struct HydraFixture: Decodable {
    struct Plan: Decodable {
        var length: Int
        var dilations: [Int]
    }
    struct Transform: Decodable {
        var length: Int
        var kernels_per_group: Int
        var groups_per_dilation: Int
        var dilations: [Int]
        var series: [[Double]]
        var weights: [Double]
        var features: [[Double]]
    }
    var plans: [Plan]
    var transforms: [Transform]

    static func load() throws -> HydraFixture {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/hydra.json")
        return try JSONDecoder().decode(HydraFixture.self, from: Data(contentsOf: url))
    }
}

@Suite struct HydraFeaturesTests {
    @Test func theDilationsAreAeons() throws {
        for plan in try HydraFixture.load().plans {
            #expect(HydraFeatures.dilations(inputLength: plan.length) == plan.dilations, "length \(plan.length)")
        }
        #expect(HydraFeatures.dilations(inputLength: 1) == [1])
        #expect(HydraFeatures.dilations(inputLength: 16) == [1])
    }

    /// With aeon's kernels the counts equal aeon's transform. The outputs are summed in another order than
    /// torch's, so the max sums agree to float rounding; a near-tie at one time step could move one step's
    /// value to another kernel, so a few features may differ (none do in this fixture). The all-zero series ties
    /// everywhere: the first kernel of each group wins, in both.
    @Test func withAeonsKernelsTheCountsAreAeons() throws {
        for reference in try HydraFixture.load().transforms {
            let features = HydraFeatures(
                inputLength: reference.length, dilations: reference.dilations,
                kernelsPerGroup: reference.kernels_per_group, groupsPerDilation: reference.groups_per_dilation,
                weights: reference.weights.map { Float($0) })
            #expect(features.featureCount == reference.features[0].count)
            let data = try TimeSeriesDataset(values: reference.series.flatMap { $0.map { Float($0) } },
                                             labels: reference.series.indices.map { $0 % 2 },
                                             length: reference.length, classNames: ["a", "b"])
            let ours = features.counts(of: data, indices: Array(0..<data.count), threads: 1)
            var agreeing = 0
            for (row, expected) in reference.features.enumerated() {
                for (j, value) in expected.enumerated() {
                    let mine = Double(ours[row * features.featureCount + j])
                    if abs(mine - value) <= 1e-5 * max(1, abs(value)) { agreeing += 1 }
                }
            }
            let total = reference.features.count * features.featureCount
            #expect(agreeing == total, "length \(reference.length): \(agreeing) of \(total) agree")
            // The all-zero series: every kernel ties at every step, so kernel 0 of each group counts every step.
            let zero = reference.series.count - 1
            #expect(reference.series[zero].allSatisfy { $0 == 0 })
            let k = reference.kernels_per_group
            let half = reference.groups_per_dilation / 2
            for block in 0..<(reference.dilations.count * 2) {
                let steps = Float(block % 2 == 0 ? reference.length : reference.length - 1)
                for group in 0..<half {
                    let base = zero * features.featureCount + block * 2 * half * k + group * k
                    #expect(ours[base..<(base + k)].allSatisfy { $0 == 0 })
                    #expect(ours[base + half * k] == steps)
                    #expect(ours[(base + half * k + 1)..<(base + half * k + k)].allSatisfy { $0 == 0 })
                }
            }
        }
    }

    /// The counts against the definition, computed in Double: output o_k(t) = Σₘ w_km x[t + (m − 4)·d] with zeros
    /// outside the input (the series or its first difference); at each t the largest output (first on ties) adds
    /// itself to its kernel's max sum, the smallest adds 1 to its kernel's min count.
    @Test func theCountsFollowTheDefinition() throws {
        let length = 45
        let data = try MiniRocketFeaturesTests.randomSet(count: 2, length: length, seed: 11)
        let features = try HydraFeatures(inputLength: length, kernelsPerGroup: 5, groupsPerDilation: 6, seed: 3)
        #expect(features.dilations == [1, 2, 4])
        let ours = features.counts(of: data, indices: [0, 1], threads: 1)
        let k = features.kernelsPerGroup
        let half = features.groupsPerDilation / 2
        for row in 0..<2 {
            let x = data.series(row).map(Double.init)
            let difference = zip(x.dropFirst(), x).map { Double(Float($0) - Float($1)) }
            for (d, dilation) in features.dilations.enumerated() {
                for (input, values) in [x, difference].enumerated() {
                    for group in 0..<half {
                        var maxSums = [Double](repeating: 0, count: k)
                        var minCounts = [Double](repeating: 0, count: k)
                        for t in 0..<values.count {
                            let outputs = (0..<k).map { kernel in
                                let w = ((d * 2 + input) * half + group) * k + kernel
                                return (0..<9).reduce(0.0) { sum, m in
                                    let i = t + (m - 4) * dilation
                                    guard values.indices.contains(i) else { return sum }
                                    return sum + Double(features.weights[9 * w + m]) * values[i]
                                }
                            }
                            let best = outputs.indices.max { outputs[$0] < outputs[$1] || (outputs[$0] == outputs[$1] && $0 > $1) }!
                            let worst = outputs.indices.min { outputs[$0] < outputs[$1] || (outputs[$0] == outputs[$1] && $0 < $1) }!
                            maxSums[best] += outputs[best]
                            minCounts[worst] += 1
                        }
                        let base = row * features.featureCount + (d * 2 + input) * 2 * half * k + group * k
                        for kernel in 0..<k {
                            #expect(abs(Double(ours[base + kernel]) - maxSums[kernel]) < 1e-4,
                                    "series \(row), dilation \(dilation), input \(input), group \(group)")
                            #expect(Double(ours[base + half * k + kernel]) == minCounts[kernel])
                        }
                    }
                }
            }
        }
    }

    @Test func theKernelsAreCentredWithUnitL1Norm() throws {
        let features = try HydraFeatures(inputLength: 140, seed: 1)
        #expect(features.dilations == [1, 2, 4, 8, 16])
        #expect(features.featureCount == 5 * 64 * 8 * 2)
        #expect(features.weights.count == 5 * 64 * 8 * 9)
        for kernel in stride(from: 0, to: features.weights.count / 9, by: 1) {
            let taps = features.weights[(9 * kernel)..<(9 * kernel + 9)].map(Double.init)
            #expect(abs(taps.reduce(0, +)) < 1e-6)
            #expect(abs(taps.reduce(0) { $0 + abs($1) } - 1) < 1e-5)
        }
        let other = try HydraFeatures(inputLength: 140, seed: 2)
        #expect(other.weights != features.weights)
        #expect(try HydraFeatures(inputLength: 140, seed: 1) == features)
    }

    @Test func featuresAreStandardisedDeterministicAndIndependentOfThreads() throws {
        let data = try MiniRocketFeaturesTests.randomSet(count: 20, length: 60, seed: 9)
        let a = try HydraFeatures(fitting: data, indices: Array(0..<20), seed: 1)
        let raw = a.rawFeatures(of: data, indices: Array(0..<20), threads: 1)
        #expect(raw.allSatisfy { $0 >= 0 && $0.isFinite })
        let one = try a.features(of: data, indices: Array(0..<20), threads: 1)
        let two = try a.features(of: data, indices: Array(0..<20), threads: 2)
        #expect(one == two)
        for j in stride(from: 0, to: a.featureCount, by: 37) where a.featureScales[j] > 0 {
            let column = (0..<20).map { Double(one[$0 * a.featureCount + j]) }
            let mean = column.reduce(0, +) / 20
            let variance = column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 20
            #expect(abs(mean) < 1e-4 && abs(variance - 1) < 1e-3, "feature \(j): mean \(mean), variance \(variance)")
        }
        let fitted = try HydraFeatures.fitAndTransform(data, fitting: Array(0..<20), seed: 1, threads: 2)
        #expect(fitted.features == a)
        #expect(fitted.transformed.values == one)
    }

    /// Outputs of series near the Float range sum beyond it over time: the features stay finite.
    @Test func seriesNearTheFloatRangeGiveFiniteFeatures() throws {
        var generator = SeededGenerator(seed: 4)
        let values = (0..<(6 * 50)).map { _ in Float(generator.nextUnit() * 2 - 1) * .greatestFiniteMagnitude }
        let data = try TimeSeriesDataset(values: values, labels: (0..<6).map { $0 % 2 }, length: 50,
                                         classNames: ["a", "b"])
        let features = try HydraFeatures(fitting: data, indices: Array(0..<6), seed: 1)
        #expect(features.rawFeatures(of: data, indices: Array(0..<6), threads: 1).allSatisfy { $0.isFinite })
        #expect(try features.features(of: data, indices: Array(0..<6), threads: 1).allSatisfy(\.isFinite))
    }

    @Test func shortSeriesAndBadSettingsAreHandled() throws {
        for length in [1, 2, 9] {
            let short = try MiniRocketFeaturesTests.randomSet(count: 4, length: length, seed: 2)
            let features = try HydraFeatures(fitting: short, indices: [0, 1, 2, 3], seed: 1)
            #expect(features.dilations == [1])
            #expect(try features.features(of: short, indices: [0, 1], threads: 1).allSatisfy(\.isFinite))
        }
        #expect(throws: TrainingError.invalidSetting(name: "kernels per group", value: "1",
                                                     expected: "an integer in 2...64")) {
            try HydraFeatures(inputLength: 10, kernelsPerGroup: 1, seed: 1)
        }
        #expect(throws: TrainingError.invalidSetting(name: "groups per dilation", value: "7",
                                                     expected: "an even integer in 2...1024")) {
            try HydraFeatures(inputLength: 10, groupsPerDilation: 7, seed: 1)
        }
        let data = try MiniRocketFeaturesTests.randomSet(count: 2, length: 5, seed: 2)
        #expect(throws: TrainingError.self) { try HydraFeatures(fitting: data, indices: [], seed: 1) }
        #expect(throws: TrainingError.self) { try HydraFeatures(fitting: data, indices: [2], seed: 1) }
        let features = try HydraFeatures(fitting: data, indices: [0, 1], seed: 1)
        let longer = try MiniRocketFeaturesTests.randomSet(count: 2, length: 6, seed: 2)
        #expect(throws: TrainingError.shapeMismatch(what: "series length", count: 6, expected: 5)) {
            try features.features(of: longer, indices: [0], threads: 1)
        }
    }
}
