import Foundation
import Testing
import XentKernels
import XentLosses

/// Every case of `Tests/Fixtures/linear-cross-entropy.json` (written by `Scripts/fixtures/linear_cross_entropy.py`):
/// torch's value and autograd gradients on the materialised logits `F.linear(h, W, b)`, in Float32 and Float64,
/// for both conventions and every option.
///
/// Tolerance: Float32 within 1e-5, Float64 within 1e-12, relative to the largest entry of each expected array (a
/// gradient's small entries carry the rounding of its large ones; the logits themselves are sums of D products).
@Suite struct LinearCrossEntropyFixtureTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let float32: Bool
        let loss: Loss
        let n: Int, d: Int, v: Int
        let hidden: [Double], weights: [Double], bias: [Double]?, labels: [Int]
        let value: [Double], hiddenGradient: [Double], weightsGradient: [Double], biasGradient: [Double]?
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/linear-cross-entropy.json")
        guard let data = try? Data(contentsOf: url),
              let root = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let cases = root["cases"] as? [[String: Any]] else { return [] }
        return cases.compactMap { c -> Case? in
            guard let name = c["name"] as? String, let dtype = c["dtype"] as? String,
                  let convention = (c["convention"] as? String).flatMap(LossConvention.init(rawValue:)),
                  let reduction = (c["reduction"] as? String).flatMap(LossReduction.init(rawValue:)),
                  let n = c["N"] as? Int, let d = c["D"] as? Int, let v = c["V"] as? Int,
                  let hidden = LossFixture.numbers(c["hidden"]), let weights = LossFixture.numbers(c["weights"]),
                  let labels = c["labels"] as? [Int], let value = LossFixture.numbers(c["value"]),
                  let dh = LossFixture.numbers(c["hidden_grad"]), let dw = LossFixture.numbers(c["weights_grad"])
            else { return nil }
            let loss = Loss.sparseCategoricalCrossEntropy(
                fromLogits: true, ignoreIndex: c["ignore_index"] as? Int,
                labelSmoothing: LossFixture.number(c["label_smoothing"]) ?? 0,
                classWeights: LossFixture.numbers(c["class_weights"]), zLoss: LossFixture.number(c["z_loss"]) ?? 0,
                reduction: reduction, convention: convention)
            return Case(name: name, float32: dtype == "float32", loss: loss, n: n, d: d, v: v, hidden: hidden,
                        weights: weights, bias: LossFixture.numbers(c["bias"]), labels: labels, value: value,
                        hiddenGradient: dh, weightsGradient: dw, biasGradient: LossFixture.numbers(c["bias_grad"]))
        }
    }()

    @Test func fixturesAreLoaded() {
        #expect(Self.cases.count >= 40)
        #expect(Set(Self.cases.map(\.float32)) == [true, false])
        #expect(Set(Self.cases.map(\.loss.convention)) == Set(LossConvention.allCases))
    }

    @Test(arguments: cases)
    func matchesTorch(_ fixture: Case) throws {
        if fixture.float32 {
            try check(fixture, as: Float.self, tolerance: 1e-5)
        } else {
            try check(fixture, as: Double.self, tolerance: 1e-12)
        }
    }

    private func check<Scalar: LinearCrossEntropyScalar>(_ f: Case, as: Scalar.Type, tolerance: Double) throws {
        let result = try f.loss.linearCrossEntropy(
            hidden: Matrix(rows: f.n, columns: f.d, elements: f.hidden.map { Scalar($0) }),
            weights: Matrix(rows: f.v, columns: f.d, elements: f.weights.map { Scalar($0) }),
            bias: f.bias?.map { Scalar($0) }, labels: f.labels, withGradient: true, threads: 2)
        func error(_ got: [Scalar], _ want: [Double]) -> Double {
            guard got.count == want.count else { return .infinity }
            let scale = max(1e-30, want.map { abs($0) }.max() ?? 0)
            return zip(got, want).map { abs(Double($0) - $1) / scale }.max() ?? 0
        }
        #expect(error(result.values.elements, f.value) <= tolerance, "value")
        #expect(error(result.hiddenGradient!.elements, f.hiddenGradient) <= tolerance, "dL/dh")
        #expect(error(result.weightsGradient!.elements, f.weightsGradient) <= tolerance, "dL/dW")
        if let want = f.biasGradient {
            #expect(error(result.biasGradient ?? [], want) <= tolerance, "dL/db")
        } else {
            #expect(result.biasGradient == nil)
        }
    }
}
