import Testing
@testable import XentTraining

/// The three products of the dense layers against their definitions summed in Double, for widths on both sides of
/// the narrow/blocked switch, with ragged row counts and depths, on one thread and two (same bits).
@Suite struct MatrixProductsTests {
    static func values(_ count: Int, seed: UInt64) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in generator.nextGaussian() }
    }

    @Test(arguments: [1, 3, 7, 8, 9, 12, 15, 16, 17, 24])
    func productsFollowTheDefinition(n: Int) {
        let m = 13, k = 37
        let a = Self.values(m * k, seed: 1), b = Self.values(k * n, seed: 2), bias = Self.values(n, seed: 3)
        let g = Self.values(m * n, seed: 4)
        for threads in [1, 2] {
            var c = [Double](repeating: .nan, count: m * n)
            MatrixProducts.multiply(a, b, into: &c, m: m, k: k, n: n, bias: bias, threads: threads)
            for r in 0..<m {
                for j in 0..<n {
                    let expected = bias[j] + (0..<k).reduce(0.0) { $0 + a[r * k + $1] * b[$1 * n + j] }
                    #expect(abs(c[r * n + j] - expected) < 1e-12, "A·B, n \(n), [\(r), \(j)]")
                }
            }
            // Aᵀ·G (the weight gradient): [k × n].
            var w = [Double](repeating: .nan, count: k * n)
            MatrixProducts.multiplyTransposingLeft(a, g, into: &w, m: m, k: k, n: n, threads: threads)
            for p in 0..<k {
                for j in 0..<n {
                    let expected = (0..<m).reduce(0.0) { $0 + a[$1 * k + p] * g[$1 * n + j] }
                    #expect(abs(w[p * n + j] - expected) < 1e-12, "Aᵀ·G, n \(n), [\(p), \(j)]")
                }
            }
            // G·Bᵀ (the input gradient): [m × k].
            var x = [Double](repeating: .nan, count: m * k)
            MatrixProducts.multiplyTransposingRight(g, b, into: &x, m: m, n: n, k: k, threads: threads)
            for r in 0..<m {
                for p in 0..<k {
                    let expected = (0..<n).reduce(0.0) { $0 + g[r * n + $1] * b[p * n + $1] }
                    #expect(abs(x[r * k + p] - expected) < 1e-12, "G·Bᵀ, n \(n), [\(r), \(p)]")
                }
            }
        }
    }

    /// In Float, the narrow products (run in C) give exactly the sums of their documented order: the forward
    /// product in 8 lanes (lane l adds the terms q ≡ l mod 8 in order), lanes added from 0, then the tail, then the
    /// bias; the weight gradient summed over the rows in order. Each step rounded to Float, no fused multiply-add.
    @Test(arguments: [1, 3, 5, 12, 15])
    func floatNarrowProductsAreTheDocumentedSums(n: Int) {
        let m = 7, k = 45
        let a = Self.values(m * k, seed: 7).map(Float.init), b = Self.values(k * n, seed: 8).map(Float.init)
        let bias = Self.values(n, seed: 9).map(Float.init), g = Self.values(m * n, seed: 10).map(Float.init)
        var c = [Float](repeating: .nan, count: m * n)
        MatrixProducts.multiply(a, b, into: &c, m: m, k: k, n: n, bias: bias, threads: 2)
        let vectorDepth = k - k % 8
        for r in 0..<m {
            for j in 0..<n {
                var lanes = [Float](repeating: 0, count: 8)
                for q in stride(from: 0, to: vectorDepth, by: 8) {
                    for l in 0..<8 { lanes[l] = lanes[l] + a[r * k + q + l] * b[(q + l) * n + j] }
                }
                var sum: Float = 0
                for l in 0..<8 { sum = sum + lanes[l] }
                for t in vectorDepth..<k { sum = sum + a[r * k + t] * b[t * n + j] }
                #expect(c[r * n + j] == sum + bias[j], "A·B, n \(n), [\(r), \(j)]")
            }
        }
        Self.expectFloatWeightGradientIsTheRowSum(a, g, m: m, k: k, n: n)
    }

    /// In Float, the general products (run in C) give exactly each output's sum over the inner index in order,
    /// starting from the bias (or 0), each step rounded to Float with no fused multiply-add.
    @Test(arguments: [8, 16, 17, 24, 42, 60])
    func floatGeneralProductsAreTheDocumentedSums(n: Int) {
        let m = 6, k = 29
        let a = Self.values(m * k, seed: 11).map(Float.init), b = Self.values(k * n, seed: 12).map(Float.init)
        let bias = Self.values(n, seed: 13).map(Float.init), g = Self.values(m * n, seed: 14).map(Float.init)
        var c = [Float](repeating: .nan, count: m * n)
        MatrixProducts.multiply(a, b, into: &c, m: m, k: k, n: n, bias: bias, threads: 2)
        for r in 0..<m {
            for j in 0..<n {
                var sum = bias[j]
                for q in 0..<k { sum = sum + a[r * k + q] * b[q * n + j] }
                #expect(c[r * n + j] == sum, "A·B, n \(n), [\(r), \(j)]")
            }
        }
        Self.expectFloatWeightGradientIsTheRowSum(a, g, m: m, k: k, n: n)
    }

    /// In Float, `Aᵀ·G` (the weight gradient) equals each output's sum over the rows in order, from 0, each step
    /// rounded to Float with no fused multiply-add.
    static func expectFloatWeightGradientIsTheRowSum(_ a: [Float], _ g: [Float], m: Int, k: Int, n: Int) {
        var w = [Float](repeating: .nan, count: k * n)
        MatrixProducts.multiplyTransposingLeft(a, g, into: &w, m: m, k: k, n: n, threads: 2)
        for p in 0..<k {
            for j in 0..<n {
                var sum: Float = 0
                for i in 0..<m { sum = sum + a[i * k + p] * g[i * n + j] }
                #expect(w[p * n + j] == sum, "Aᵀ·G, n \(n), [\(p), \(j)]")
            }
        }
    }

    @Test func resultsDoNotDependOnTheThreadCount() {
        let m = 160, k = 600
        for n in [5, 12, 16] {
            let a = Self.values(m * k, seed: 5).map(Float.init), b = Self.values(k * n, seed: 6).map(Float.init)
            var one = [Float](repeating: 0, count: m * n), two = one
            MatrixProducts.multiply(a, b, into: &one, m: m, k: k, n: n, bias: nil, threads: 1)
            MatrixProducts.multiply(a, b, into: &two, m: m, k: k, n: n, bias: nil, threads: 2)
            #expect(one == two)
            var w1 = [Float](repeating: 0, count: k * n), w2 = w1
            MatrixProducts.multiplyTransposingLeft(a, Array(one), into: &w1, m: m, k: k, n: n, threads: 1)
            MatrixProducts.multiplyTransposingLeft(a, Array(one), into: &w2, m: m, k: k, n: n, threads: 2)
            #expect(w1 == w2)
        }
    }
}
