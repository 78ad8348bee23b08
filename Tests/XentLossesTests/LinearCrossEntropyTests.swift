import Foundation
import Testing
import XentKernels
import XentKernelsC
import XentLosses

/// The fused linear + cross-entropy against the unfused loss on materialised Float64 logits (the reference:
/// h·Wᵀ + b summed exactly enough in Double, then ``Loss/evaluate(predictions:labels:sampleWeights:withGradient:)``,
/// then dh = G·W, dW = Gᵀ·h, db = ΣG), finite differences, and bit identity across thread counts.
@Suite struct LinearCrossEntropyTests {
    struct Problem: Sendable {
        let tokens: Int, dimension: Int, vocabulary: Int
        let hidden: [Double], weights: [Double], bias: [Double]?, labels: [Int]

        init(tokens: Int, dimension: Int, vocabulary: Int, bias: Bool, seed: UInt64, labels: [Int]? = nil,
             scale: Double = 1) {
            var rng = SplitMix64(seed: seed)
            func uniform() -> Double { Double(rng.next() >> 11) / Double(1 << 53) * 2 - 1 }
            self.tokens = tokens
            self.dimension = dimension
            self.vocabulary = vocabulary
            hidden = (0..<(tokens * dimension)).map { _ in uniform() * scale }
            weights = (0..<(vocabulary * dimension)).map { _ in uniform() * scale }
            self.bias = bias ? (0..<vocabulary).map { _ in uniform() } : nil
            self.labels = labels ?? (0..<tokens).map { _ in Int(rng.next() % UInt64(vocabulary)) }
        }

        var logits: Matrix<Double> {
            var z = [Double](repeating: 0, count: tokens * vocabulary)
            for t in 0..<tokens {
                for v in 0..<vocabulary {
                    var s = bias?[v] ?? 0
                    for q in 0..<dimension { s += hidden[t * dimension + q] * weights[v * dimension + q] }
                    z[t * vocabulary + v] = s
                }
            }
            return Matrix(rows: tokens, columns: vocabulary, elements: z)
        }

        /// The reference: value(s), dh, dW, db in Double through the unfused loss.
        func reference(_ loss: Loss) throws -> (values: [Double], dh: [Double], dw: [Double], db: [Double]) {
            let result = try loss.evaluate(predictions: logits, labels: labels, withGradient: true)
            let g = result.gradient!.elements
            var dh = [Double](repeating: 0, count: tokens * dimension)
            var dw = [Double](repeating: 0, count: vocabulary * dimension)
            var db = [Double](repeating: 0, count: vocabulary)
            for t in 0..<tokens {
                for v in 0..<vocabulary {
                    let gv = g[t * vocabulary + v]
                    db[v] += gv
                    for q in 0..<dimension {
                        dh[t * dimension + q] += gv * weights[v * dimension + q]
                        dw[v * dimension + q] += gv * hidden[t * dimension + q]
                    }
                }
            }
            return (result.values.elements, dh, dw, db)
        }

        func fused<Scalar: LinearCrossEntropyScalar>(
            _ loss: Loss, as: Scalar.Type, threads: Int = 1, plan: LinearCrossEntropyPlan? = nil
        ) throws -> LinearCrossEntropyResult<Scalar> {
            try loss.linearCrossEntropy(
                hidden: Matrix(rows: tokens, columns: dimension, elements: hidden.map { Scalar($0) }),
                weights: Matrix(rows: vocabulary, columns: dimension, elements: weights.map { Scalar($0) }),
                bias: bias?.map { Scalar($0) }, labels: labels, withGradient: true, threads: threads, plan: plan)
        }
    }

    /// Largest |got − want| over max(1, largest |want|): relative to the array's scale.
    static func error<S: BinaryFloatingPoint>(_ got: [S], _ want: [Double]) -> Double {
        #expect(got.count == want.count)
        let scale = max(1e-300, want.map { abs($0) }.max() ?? 0)
        var worst = 0.0
        for (g, w) in zip(got, want) {
            let d = Double(g) - w
            if d.isNaN != w.isNaN || (!d.isNaN && abs(d) / scale > worst) {
                worst = d.isNaN ? .infinity : max(worst, abs(d) / scale)
            }
        }
        return worst
    }

    static let options: [(String, Loss)] = {
        var list: [(String, Loss)] = []
        for convention in LossConvention.allCases {
            for reduction in LossReduction.allCases {
                list.append(("plain \(convention) \(reduction)", .sparseCategoricalCrossEntropy(
                    fromLogits: true, reduction: reduction, convention: convention)))
            }
            list.append(("ignore+weights+z \(convention)", .sparseCategoricalCrossEntropy(
                fromLogits: true, ignoreIndex: 3, classWeights: (0..<29).map { 0.5 + Double($0 % 5) * 0.3 },
                zLoss: 0.01, convention: convention)))
            list.append(("ignore sum \(convention)", .sparseCategoricalCrossEntropy(
                fromLogits: true, ignoreIndex: 3, reduction: .sum, convention: convention)))
        }
        list.append(("smoothing pytorch", .sparseCategoricalCrossEntropy(
            fromLogits: true, labelSmoothing: 0.15, convention: .pytorch)))
        list.append(("smoothing+weights+z pytorch none", .sparseCategoricalCrossEntropy(
            fromLogits: true, labelSmoothing: 0.1, classWeights: (0..<29).map { 0.25 + Double($0 % 3) },
            zLoss: 0.001, reduction: .none, convention: .pytorch)))
        list.append(("default ignore pytorch", .sparseCategoricalCrossEntropy(fromLogits: true, convention: .pytorch)))
        return list
    }()

    /// 37 tokens in blocks of 16 (three blocks, the last one short), D = 19 and V = 29 (edge tiles everywhere).
    static let problem = Problem(tokens: 37, dimension: 19, vocabulary: 29, bias: true, seed: 7,
                                 labels: (0..<37).map { $0 % 7 == 3 ? -100 : ($0 * 11) % 29 }.map { $0 == 3 ? 4 : $0 })
    static let small = LinearCrossEntropyPlan(tokens: 37, vocabulary: 29, scalarSize: 8, logitsBudget: 1)

    @Test(arguments: 0..<options.count)
    func matchesUnfusedReference(option: Int) throws {
        let (name, loss) = Self.options[option]
        // Labels: every 7th token the PyTorch default ignore (-100) → use ignore 3 in those losses instead.
        var labels = Self.problem.labels
        if loss.effectiveIgnoreIndex == 3 { labels = labels.map { $0 == -100 ? 3 : $0 } }
        if loss.effectiveIgnoreIndex == nil { labels = labels.map { $0 == -100 ? 5 : $0 } }
        let p = Problem(tokens: 37, dimension: 19, vocabulary: 29, bias: true, seed: 7, labels: labels)
        let want = try p.reference(loss)
        let double = try p.fused(loss, as: Double.self, plan: Self.small)
        let float = try p.fused(loss, as: Float.self, plan: Self.small)
        #expect(Self.error(double.values.elements, want.values) < 1e-12, "\(name): value (Double)")
        #expect(Self.error(double.hiddenGradient!.elements, want.dh) < 1e-12, "\(name): dh (Double)")
        #expect(Self.error(double.weightsGradient!.elements, want.dw) < 1e-12, "\(name): dW (Double)")
        #expect(Self.error(double.biasGradient!, want.db) < 1e-12, "\(name): db (Double)")
        #expect(Self.error(float.values.elements, want.values) < 1e-5, "\(name): value (Float)")
        #expect(Self.error(float.hiddenGradient!.elements, want.dh) < 1e-5, "\(name): dh (Float)")
        #expect(Self.error(float.weightsGradient!.elements, want.dw) < 1e-5, "\(name): dW (Float)")
        #expect(Self.error(float.biasGradient!, want.db) < 1e-5, "\(name): db (Float)")
        #expect(double.values.shape == (loss.reduction == .none ? [37] : []))
    }

    @Test func withoutBiasAndOneBlock() throws {
        let p = Problem(tokens: 40, dimension: 33, vocabulary: 70, bias: false, seed: 3)
        let loss = Loss.sparseCategoricalCrossEntropy(fromLogits: true, convention: .pytorch)
        let want = try p.reference(loss)
        let got = try p.fused(loss, as: Double.self)
        #expect(got.biasGradient == nil)
        #expect(got.peakLogitsBytes == 48 * 70 * 8)
        #expect(Self.error(got.values.elements, want.values) < 1e-12)
        #expect(Self.error(got.hiddenGradient!.elements, want.dh) < 1e-12)
        #expect(Self.error(got.weightsGradient!.elements, want.dw) < 1e-12)
    }

    /// A long sum over the vocabulary (dh sums V = 6000 terms) keeps Float32 within a few 1e-7 of the largest entry:
    /// the products sum in blocks of 256 terms, each block's sum added to the total (a single chain of 6000
    /// multiply-adds gives errors of several 1e-6 here).
    @Test func longVocabularySumsStayAccurate() throws {
        let p = Problem(tokens: 8, dimension: 16, vocabulary: 6000, bias: false, seed: 21)
        let loss = Loss.sparseCategoricalCrossEntropy(fromLogits: true, reduction: .sum, convention: .pytorch)
        let want = try p.reference(loss)
        let got = try p.fused(loss, as: Float.self)
        let error = Self.error(got.hiddenGradient!.elements, want.dh)
        #expect(error < 1e-6)
    }

    /// Large logits (±40) do not overflow: the log-sum-exp subtracts each token's maximum.
    @Test func largeLogitsStayFinite() throws {
        let p = Problem(tokens: 20, dimension: 8, vocabulary: 30, bias: false, seed: 11, scale: 3)
        let loss = Loss.sparseCategoricalCrossEntropy(fromLogits: true, convention: .keras)
        let want = try p.reference(loss)
        let got = try p.fused(loss, as: Float.self)
        #expect(want.values[0] > 5)
        #expect(Self.error(got.values.elements, want.values) < 1e-5)
        #expect(Self.error(got.hiddenGradient!.elements, want.dh) < 1e-5)
    }

    /// Central differences of the Float64 value (sum reduction, every option that shapes the gradient).
    @Test func finiteDifferences() throws {
        let p = Problem(tokens: 9, dimension: 5, vocabulary: 11, bias: true, seed: 5,
                        labels: [1, 4, -100, 10, 0, 7, 7, 2, 5])
        let loss = Loss.sparseCategoricalCrossEntropy(
            fromLogits: true, labelSmoothing: 0.2, classWeights: (0..<11).map { 0.5 + Double($0) / 10 }, zLoss: 0.05,
            reduction: .mean, convention: .pytorch)
        let got = try p.fused(loss, as: Double.self)
        func value(_ h: [Double], _ w: [Double], _ b: [Double]) throws -> Double {
            try loss.linearCrossEntropy(
                hidden: Matrix(rows: 9, columns: 5, elements: h), weights: Matrix(rows: 11, columns: 5, elements: w),
                bias: b, labels: p.labels).value!
        }
        let e = 1e-6
        var checked = 0
        for i in stride(from: 0, to: 45, by: 4) {
            var plus = p.hidden, minus = p.hidden
            plus[i] += e; minus[i] -= e
            let fd = (try value(plus, p.weights, p.bias!) - value(minus, p.weights, p.bias!)) / (2 * e)
            #expect(abs(fd - got.hiddenGradient!.elements[i]) < 1e-7, "dh[\(i)]")
            checked += 1
        }
        for i in stride(from: 1, to: 55, by: 5) {
            var plus = p.weights, minus = p.weights
            plus[i] += e; minus[i] -= e
            let fd = (try value(p.hidden, plus, p.bias!) - value(p.hidden, minus, p.bias!)) / (2 * e)
            #expect(abs(fd - got.weightsGradient!.elements[i]) < 1e-7, "dW[\(i)]")
            checked += 1
        }
        for i in 0..<11 {
            var plus = p.bias!, minus = p.bias!
            plus[i] += e; minus[i] -= e
            let fd = (try value(p.hidden, p.weights, plus) - value(p.hidden, p.weights, minus)) / (2 * e)
            #expect(abs(fd - got.biasGradient![i]) < 1e-7, "db[\(i)]")
            checked += 1
        }
        #expect(checked == 12 + 11 + 11)
    }

    /// The same bits for 1, 2 and 3 threads (the vocabulary spans several 96-row chunks, taken by whichever thread is
    /// free, the hidden columns several 16-column panels, the tokens several blocks).
    @Test func sameBitsForAnyThreadCount() throws {
        let p = Problem(tokens: 70, dimension: 40, vocabulary: 300, bias: true, seed: 9)
        let loss = Loss.sparseCategoricalCrossEntropy(
            fromLogits: true, labelSmoothing: 0.1, zLoss: 0.01, reduction: .none, convention: .pytorch)
        let plan = LinearCrossEntropyPlan(
            tokens: 70, vocabulary: 300, scalarSize: 4, logitsBudget: 32 * 300 * 4, minimumParallelWork: 0)
        #expect(plan.blockTokens == 32)
        let one = try p.fused(loss, as: Float.self, threads: 1, plan: plan)
        for threads in [2, 3] {
            let other = try p.fused(loss, as: Float.self, threads: threads, plan: plan)
            #expect(one.values.elements.map(\.bitPattern) == other.values.elements.map(\.bitPattern))
            #expect(one.hiddenGradient!.elements.map(\.bitPattern) == other.hiddenGradient!.elements.map(\.bitPattern))
            #expect(one.weightsGradient!.elements.map(\.bitPattern)
                    == other.weightsGradient!.elements.map(\.bitPattern))
            #expect(one.biasGradient!.map(\.bitPattern) == other.biasGradient!.map(\.bitPattern))
        }
    }

    /// The 12-row register tile (the AVX-512 clone's) and the 6-row one (AVX2's) give the same bits: forced here on
    /// whatever clone this machine runs, on a shape with edge tiles of both heights.
    @Test func sameBitsForEitherRegisterTile() throws {
        let p = Problem(tokens: 45, dimension: 37, vocabulary: 203, bias: true, seed: 13)
        let loss = Loss.sparseCategoricalCrossEntropy(fromLogits: true, zLoss: 0.01, convention: .pytorch)
        let plan = LinearCrossEntropyPlan(
            tokens: 45, vocabulary: 203, scalarSize: 4, logitsBudget: 32 * 203 * 4, minimumParallelWork: 0)
        defer { xk_set_panel_tile_rows(0) }
        xk_set_panel_tile_rows(6)
        #expect(xk_panel_tile_rows() == 6)
        let six = try p.fused(loss, as: Float.self, threads: 2, plan: plan)
        let sixDouble = try p.fused(loss, as: Double.self, plan: plan)
        xk_set_panel_tile_rows(12)
        #expect(xk_panel_tile_rows() == 12)
        let twelve = try p.fused(loss, as: Float.self, threads: 2, plan: plan)
        let twelveDouble = try p.fused(loss, as: Double.self, plan: plan)
        #expect(six.values.elements.map(\.bitPattern) == twelve.values.elements.map(\.bitPattern))
        #expect(six.hiddenGradient!.elements.map(\.bitPattern) == twelve.hiddenGradient!.elements.map(\.bitPattern))
        #expect(six.weightsGradient!.elements.map(\.bitPattern) == twelve.weightsGradient!.elements.map(\.bitPattern))
        #expect(six.biasGradient!.map(\.bitPattern) == twelve.biasGradient!.map(\.bitPattern))
        #expect(sixDouble.weightsGradient!.elements.map(\.bitPattern)
                == twelveDouble.weightsGradient!.elements.map(\.bitPattern))
        #expect(sixDouble.hiddenGradient!.elements.map(\.bitPattern)
                == twelveDouble.hiddenGradient!.elements.map(\.bitPattern))
        let want = try p.reference(loss)
        #expect(Self.error(twelveDouble.hiddenGradient!.elements, want.dh) < 1e-12)
    }

    @Test func rejectsBadInput() {
        let h = Matrix<Float>(rows: 2, columns: 3, elements: [1, 2, 3, 4, 5, 6])
        let w = Matrix<Float>(rows: 4, columns: 3, elements: Array(repeating: 0.5, count: 12))
        let loss = Loss.sparseCategoricalCrossEntropy(fromLogits: true)
        #expect(throws: LossError.labelOutOfRange(index: [1], label: 4, classCount: 4)) {
            try loss.linearCrossEntropy(hidden: h, weights: w, labels: [0, 4])
        }
        #expect(throws: LossError.shapeMismatch(argument: .weights, expected: [4, 3], actual: [4, 2])) {
            try loss.linearCrossEntropy(hidden: h, weights: Matrix(rows: 4, columns: 2, elements: Array(repeating: 0, count: 8)),
                                        labels: [0, 1])
        }
        #expect(throws: LossError.shapeMismatch(argument: .bias, expected: [4], actual: [3])) {
            try loss.linearCrossEntropy(hidden: h, weights: w, bias: [0, 0, 0], labels: [0, 1])
        }
        #expect(throws: LossError.shapeMismatch(argument: .labels, expected: [2], actual: [3])) {
            try loss.linearCrossEntropy(hidden: h, weights: w, labels: [0, 1, 2])
        }
        #expect(throws: LossError.invalidValue(argument: .hidden, index: [1, 0], value: .infinity,
                                               expectation: "a finite number")) {
            try loss.linearCrossEntropy(hidden: Matrix(rows: 2, columns: 3, elements: [1, 2, 3, .infinity, 5, 6]),
                                        weights: w, labels: [0, 1])
        }
        #expect(throws: LossError.self) {
            try Loss.sparseCategoricalCrossEntropy(fromLogits: false).linearCrossEntropy(hidden: h, weights: w, labels: [0, 1])
        }
        #expect(throws: LossError.emptyBatch(argument: .hidden)) {
            try loss.linearCrossEntropy(hidden: Matrix<Float>(rows: 0, columns: 3, elements: []), weights: w, labels: [])
        }
    }

    /// Every token ignored: Keras gives 0, PyTorch's mean NaN; both a zero gradient and a warning.
    @Test func allIgnored() throws {
        let p = Problem(tokens: 4, dimension: 3, vocabulary: 5, bias: false, seed: 1, labels: [-1, -1, -1, -1])
        for convention in LossConvention.allCases {
            let loss = Loss.sparseCategoricalCrossEntropy(fromLogits: true, ignoreIndex: -1, convention: convention)
            let got = try p.fused(loss, as: Double.self)
            #expect(got.warnings == [.allTargetsIgnored(convention: convention)])
            #expect(convention == .keras ? got.value == 0 : got.value!.isNaN)
            #expect(got.hiddenGradient!.elements.allSatisfy { $0 == 0 })
            #expect(got.weightsGradient!.elements.allSatisfy { $0 == 0 })
        }
    }
}
