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
