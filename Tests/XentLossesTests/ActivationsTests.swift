import Foundation
import Testing
import XentLosses

/// Stable activations and their VJPs.
@Suite struct ActivationsTests {
    @Test func softmaxFamilyIsStableAtTheExtremes() {
        #expect(Activations.logSoftmax([1e4, -1e4, 0.0]) == [0, -2e4, -1e4])
        #expect(Activations.softmax([1e4, -1e4, 0.0]) == [1, 0, 0])
        #expect(Activations.logSumExp([1000.0, 1000.0]) == 1000 + log(2.0))
        let p = Activations.softmax([0.5, -1.0, 2.0, 3.0])
        #expect(abs(p.reduce(0, +) - 1) < 1e-15)
        #expect(Activations.softmax([Float](repeating: 88, count: 4)) == [0.25, 0.25, 0.25, 0.25])
    }

    @Test func sigmoidFamilyIsStableAtTheExtremes() {
        #expect(Activations.logSigmoid(-1e4) == -1e4)
        #expect(Activations.logSigmoid(1e4) == 0)
        #expect(Activations.sigmoid(-1000.0) == 0)
        #expect(Activations.sigmoid(1000.0) == 1)
        #expect(Activations.sigmoid(Float(-88)) > 0)
        #expect(Activations.logSigmoidDerivative(-1e4) == 1)
        let e30 = exp(-30.0)
        #expect(abs(Activations.sigmoidDerivative(-30.0) - e30 / ((1 + e30) * (1 + e30))) <= 1e-15 * e30)
        #expect(abs(Activations.logSigmoid(-30.0) - (-30 - log1p(exp(-30.0)))) == 0)
    }

    @Test func vjpsMatchFiniteDifferences() {
        let x: [Double] = [0.5, -1.0, 2.0, 0.1]
        let g: [Double] = [0.3, -0.7, 1.1, 0.2]
        let y = Activations.softmax(x)
        let vjp = Activations.softmaxVJP(output: y, outputGradient: g)
        let logVJP = Activations.logSoftmaxVJP(output: Activations.logSoftmax(x), outputGradient: g)
        for i in x.indices {
            let h = 1e-6
            var up = x, down = x
            up[i] += h
            down[i] -= h
            let f = { (v: [Double]) in zip(Activations.softmax(v), g).reduce(0) { $0 + $1.0 * $1.1 } }
            let fl = { (v: [Double]) in zip(Activations.logSoftmax(v), g).reduce(0) { $0 + $1.0 * $1.1 } }
            #expect(abs(vjp[i] - (f(up) - f(down)) / (2 * h)) < 1e-8)
            #expect(abs(logVJP[i] - (fl(up) - fl(down)) / (2 * h)) < 1e-8)
        }
        let s = 0.7, h = 1e-6
        #expect(abs(Activations.sigmoidDerivative(s) - (Activations.sigmoid(s + h) - Activations.sigmoid(s - h)) / (2 * h)) < 1e-9)
        #expect(abs(Activations.logSigmoidDerivative(s)
            - (Activations.logSigmoid(s + h) - Activations.logSigmoid(s - h)) / (2 * h)) < 1e-9)
    }
}
