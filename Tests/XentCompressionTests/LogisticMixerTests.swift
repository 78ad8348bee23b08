import Foundation
import Testing
import XentCompressionC
import XentKernels
@testable import XentCompression

@Suite struct LogisticMixerTests {
    /// The binary cross-entropy of a logit, in nats: the coding cost of the bit (divide by ln 2 for bits).
    static func bitCost(logit z: Double, bit: Int) -> Double {
        // −log σ(z) = log(1 + e^−z); −log(1 − σ(z)) = log(1 + e^z)
        bit == 1 ? log1p(exp(-z)) : log1p(exp(z))
    }

    @Test(arguments: [-7.5, -2.0, -0.3, 0.0, 0.4, 3.0, 8.0])
    func gradientIsSigmoidMinusBit(logit: Double) {
        for bit in [0, 1] {
            let h = 1e-6
            let numeric = (LogisticMixerTests.bitCost(logit: logit + h, bit: bit)
                - LogisticMixerTests.bitCost(logit: logit - h, bit: bit)) / (2 * h)
            let analytic = LogisticMixer.bitCostGradient(logit: logit, bit: bit)
            #expect(abs(numeric - analytic) < 1e-8, "logit \(logit), bit \(bit)")
        }
    }

    /// The mixer's gradient is the one the losses train with: XentKernels' fused binary cross-entropy with
    /// logits gives the same derivative with respect to the logit.
    @Test func gradientMatchesTheBinaryCrossEntropyKernel() throws {
        let logits: [Double] = [-7.5, -2.0, -0.3, 0.0, 0.4, 3.0, 8.0]
        for bit in [0, 1] {
            let output = try Kernels.binaryCrossEntropyWithLogits(
                logits: Matrix(rows: 1, columns: logits.count, elements: logits),
                targets: Matrix(repeating: Double(bit), rows: 1, columns: logits.count))
            let gradient = try #require(output.gradient)
            for (i, z) in logits.enumerated() {
                #expect(abs(gradient.elements[i] - LogisticMixer.bitCostGradient(logit: z, bit: bit)) < 1e-12)
            }
        }
    }

    /// One fixed-point training step moves each weight by −η·(σ(z) − y)·xᵢ, with σ(z) the mixer's prediction:
    /// in the code's units, Δwᵢ/65536 = −(rate/1024)·(p/4096 − y)·(xᵢ/256)·(4096·256/65536)/16, which is
    /// Δwᵢ = −rate·(p − 4096·y)·xᵢ / 16384, rounded.
    @Test(arguments: [0, 1])
    func trainingStepFollowsTheGradient(bit: Int) {
        let memory = ModelMemory()
        let tables = LogisticTables(memory: memory)
        let rate = 6
        var mixer = LogisticMixer(
            inputCount: 3, selectorCount: 2, rate: rate, initialWeight: 20000, tables: tables, memory: memory)
        let x: [Int32] = [300, -800, 256]
        for (i, value) in x.enumerated() { mixer.inputs[i] = value }
        let logit = mixer.mix(selector: 1)
        #expect(logit == (20000 * (300 - 800 + 256)) >> 16)
        let p = mixer.probability
        mixer.train(bit)
        let sigmaMinusBit = Double(p) / 4096 - Double(bit)
        for i in 0..<3 {
            let step = Double(mixer.weight(selector: 1, index: i)) - 20000
            let gradientStep = -Double(rate) * sigmaMinusBit * 4096 * Double(x[i]) / 16384
            #expect(abs(step - gradientStep) <= 0.5 + 1e-9, "input \(i): step \(step), gradient step \(gradientStep)")
            // The other weight set is untouched.
            #expect(mixer.weight(selector: 0, index: i) == 20000)
        }
    }

    @Test func mixerLearnsToTrustTheInformativeInput() {
        let memory = ModelMemory()
        let tables = LogisticTables(memory: memory)
        var mixer = LogisticMixer(
            inputCount: 2, selectorCount: 1, rate: 6, initialWeight: 20000, tables: tables, memory: memory)
        var random = SeededBytes(seed: 3)
        var late = 0.0
        for step in 0..<20000 {
            let bit = random.below(2)
            mixer.inputs[0] = bit == 1 ? 400 : -400  // a good predictor
            mixer.inputs[1] = Int32(random.below(801) - 400)  // noise
            _ = mixer.mix(selector: 0)
            let p = Double(mixer.probability) / 4096
            if step >= 19000 { late += -log2(bit == 1 ? p : 1 - p) }
            mixer.train(bit)
        }
        // Well below 1 bit per bit: the informative input got the weight.
        #expect(late / 1000 < 0.1)
    }

    /// The mixer's vector kernels (whichever clone the machine runs) equal their documented integer formulas on
    /// random lanes up to the bounds: inputs within ±2047, weights within ±(2^19 − 1), errors within ±2^15.
    @Test func kernelsEqualTheirFormulas() {
        let memory = ModelMemory()
        let x = memory.table(of: Int32.self, count: 16, initialValue: 0)
        let w = memory.table(of: Int32.self, count: 16, initialValue: 0)
        var random = SeededBytes(seed: 5)
        let limit = LogisticMixer.weightLimit
        for step in 0..<2000 {
            let extreme = step % 4 == 0
            for i in 0..<16 {
                x[i] = extreme ? (random.below(2) == 0 ? 2047 : -2047) : Int32(random.below(4095)) - 2047
                w[i] = extreme ? (random.below(2) == 0 ? limit : -limit) : Int32(random.below(Int(2 * limit + 1))) - limit
            }
            var expectedDot: Int32 = 0
            for i in 0..<16 { expectedDot &+= (x[i] &* w[i]) >> 4 }
            #expect(xc_mixer_dot(x, w) == expectedDot, "step \(step)")
            let error = Int32(random.below(65537)) - 32768
            var expected = [Int32](repeating: 0, count: 16)
            for i in 0..<16 { expected[i] = min(max(w[i] + ((x[i] * error + 8192) >> 14), -limit), limit) }
            xc_mixer_train(x, w, error, limit)
            #expect(Array(UnsafeBufferPointer(start: w, count: 16)) == expected, "step \(step)")
        }
    }
}
