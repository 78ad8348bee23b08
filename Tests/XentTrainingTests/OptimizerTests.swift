import Foundation
import Testing
@testable import XentTraining

@Suite struct OptimizerTests {
    @Test func adamWFirstStepMovesEachParameterByTheRateAgainstItsGradient() {
        // After one step m̂ = g and v̂ = g², so the step is η·g/(|g| + ε) plus the decoupled decay ηλθ.
        var optimizer = Optimizer<Double>(kind: .defaultAdamW, weightDecay: 0.1, parameterCount: 3)
        var parameters = [1.0, -2.0, 0.5]
        optimizer.update(&parameters, gradients: [0.3, -4, 0], decayMask: [1, 0, 1], rate: 0.01)
        #expect(abs(parameters[0] - (1 - 0.01 * 0.1 * 1 - 0.01 * 0.3 / (0.3 + 1e-8))) < 1e-15)
        #expect(abs(parameters[1] - (-2 + 0.01 * 4 / (4 + 1e-8))) < 1e-15)
        #expect(abs(parameters[2] - (0.5 - 0.01 * 0.1 * 0.5)) < 1e-15)
    }

    /// In Float the update runs in C; over several steps it gives exactly the Float sums of AdamW's formulas in
    /// their written order (each operation rounded, no fused multiply-add), as the Swift loop it replaced did.
    @Test func floatAdamWIsTheFormulasRoundedStepByStep() {
        let count = 37
        var generator = SeededGenerator(seed: 12)
        var parameters = (0..<count).map { _ in Float(generator.nextGaussian()) }
        let mask = (0..<count).map { Float($0 % 3 == 0 ? 0 : 1) }
        var expected = parameters
        var first = [Float](repeating: 0, count: count), second = first
        var optimizer = Optimizer<Float>(kind: .defaultAdamW, weightDecay: 0.01, parameterCount: count)
        let b1: Float = 0.9, b2: Float = 0.999, eps: Float = 1e-8, lambda: Float = 0.01
        for step in 1...5 {
            let gradients = (0..<count).map { _ in Float(generator.nextGaussian()) }
            let rate = 1e-3 * Double(step)
            optimizer.update(&parameters, gradients: gradients, decayMask: mask, rate: rate)
            let eta = Float(rate)
            let c1 = Float(1 - pow(0.9, Double(step))), c2 = Float(1 - pow(0.999, Double(step)))
            let decay = eta * lambda
            for i in 0..<count {
                let gi = gradients[i]
                first[i] = b1 * first[i] + (1 - b1) * gi
                second[i] = b2 * second[i] + (1 - b2) * gi * gi
                let mHat = first[i] / c1
                let vHat = second[i] / c2
                expected[i] -= decay * mask[i] * expected[i]
                expected[i] -= eta * mHat / (vHat.squareRoot() + eps)
            }
            #expect(parameters == expected, "step \(step)")
        }
    }

    @Test func sgdWithMomentumAccumulatesVelocity() {
        var optimizer = Optimizer<Double>(kind: .sgd(momentum: 0.9), weightDecay: 0, parameterCount: 1)
        var parameters = [0.0]
        optimizer.update(&parameters, gradients: [1], decayMask: [1], rate: 0.1)
        optimizer.update(&parameters, gradients: [1], decayMask: [1], rate: 0.1)
        // v₁ = 1, v₂ = 1.9: θ = −0.1 − 0.19.
        #expect(abs(parameters[0] + 0.29) < 1e-15)
    }

    @Test func oneCycleStartsAtATwentyFifthPeaksAndEndsNearZero() {
        let schedule = LearningRateSchedule.oneCycle(warmupFraction: 0.1)
        #expect(abs(schedule.rate(step: 0, total: 110, peak: 1) - 0.04) < 1e-15)
        #expect(abs(schedule.rate(step: 10, total: 110, peak: 1) - 1) < 1e-15)
        #expect(abs(schedule.rate(step: 109, total: 110, peak: 1) - 0.04e-4) < 1e-15)
        let cosine = LearningRateSchedule.cosine
        #expect(abs(cosine.rate(step: 50, total: 100, peak: 2) - 1) < 1e-15)
    }
}
