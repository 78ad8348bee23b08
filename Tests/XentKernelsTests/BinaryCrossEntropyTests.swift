import Foundation
import Testing
import XentKernels

@Suite("Fused binary cross-entropy with logits")
struct BinaryCrossEntropyTests {
    static func softplus(_ x: Double) -> Double { max(x, 0) + Foundation.log1p(Foundation.exp(-abs(x))) }

    @Test("loss and gradient match the definition, with class and positive weights and smoothing")
    func matchesDefinition() throws {
        let rows = 13, classes = 7
        var rng = SplitMix(seed: 3)
        let x = (0..<rows * classes).map { _ in rng.uniform(-40, 40) }
        let t = (0..<rows * classes).map { _ in rng.uniform(0, 1) }
        let w = (0..<classes).map { 0.5 + Double($0) / 4 }
        let pw = (0..<classes).map { 2 - Double($0) / 5 }
        let eps = 0.1
        let out = try Kernels.binaryCrossEntropyWithLogits(
            logits: Matrix(rows: rows, columns: classes, elements: x),
            targets: Matrix(rows: rows, columns: classes, elements: t), classWeights: w, positiveWeights: pw,
            labelSmoothing: eps, gradientScale: 0.5)
        var sum = 0.0
        for i in 0..<x.count {
            let j = i % classes
            let ts = t[i] * (1 - eps) + eps / 2
            let lw = 1 + (pw[j] - 1) * ts
            let loss = w[j] * ((1 - ts) * x[i] + lw * Self.softplus(-x[i]))
            let sig = 1 / (1 + Foundation.exp(-x[i]))
            let grad = 0.5 * w[j] * ((1 - ts) - lw * (1 - sig))
            sum += loss
            #expect(abs(out.elementLosses.elements[i] - loss) <= 1e-14 * max(1, abs(loss)))
            #expect(abs((out.gradient?.elements[i] ?? .nan) - grad) <= 1e-15)
        }
        #expect(abs(out.sum - sum) <= 1e-12 * sum)
    }

    @Test("extreme logits: no overflow, and the tail of log sigmoid survives")
    func extremes() throws {
        let out = try Kernels.binaryCrossEntropyWithLogits(
            logits: Matrix(rows: 1, columns: 4, elements: [Float(1e4), -1e4, 30, -30]),
            targets: Matrix(rows: 1, columns: 4, elements: [Float(0), 1, 1, 0]))
        #expect(out.elementLosses.elements[0] == 1e4)
        #expect(out.elementLosses.elements[1] == 1e4)
        let tail = Double(out.elementLosses.elements[2])
        #expect(abs(tail - Foundation.exp(-30.0)) <= 1e-6 * Foundation.exp(-30.0)) // log1p(e^-30), not 0
        #expect(out.gradient?.elements[0] == 1)
        #expect(out.gradient?.elements[1] == -1)
    }

    @Test("the sum has the same bits for any thread count")
    func threads() {
        let n = 150_001
        var rng = SplitMix(seed: 4)
        let x = (0..<n).map { _ in Float(rng.uniform(-10, 10)) }
        let t = (0..<n).map { _ in Float(rng.next() % 2) }
        var sums: [Double] = []
        var grads: [[Float]] = []
        for threads in [1, 2, 3] {
            var g = [Float](repeating: 0, count: n)
            let s = x.withUnsafeBufferPointer { xb in
                t.withUnsafeBufferPointer { tb in
                    g.withUnsafeMutableBufferPointer { gb in
                        Kernels.binaryCrossEntropyWithLogits(
                            logits: xb.baseAddress!, targets: tb.baseAddress!, rows: n, classes: 1,
                            gradient: gb.baseAddress, threads: threads)
                    }
                }
            }
            sums.append(s)
            grads.append(g)
        }
        #expect(sums[0].bitPattern == sums[1].bitPattern && sums[0].bitPattern == sums[2].bitPattern)
        #expect(grads[0] == grads[1] && grads[0] == grads[2])
    }
}
