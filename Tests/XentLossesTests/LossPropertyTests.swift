import Foundation
import Testing
import XentKernels
import XentLosses

/// Identities that must hold whatever the implementation: binary CE is 2-class CE, cross-entropy is
/// entropy plus KL, softmax losses ignore a constant added to a row, and finite logits give finite losses.
@Suite struct LossPropertyTests {
    static let p: [Double] = [0.02, 0.3, 0.5, 0.77, 0.999]
    static let y: [Double] = [0, 1, 0.25, 1, 0.6]

    @Test func binaryOnProbabilityIsTwoClassCategorical() throws {
        let bce = try Loss.binaryCrossEntropy(reduction: .none, convention: .pytorch).evaluate(
            predictions: Matrix(rows: 5, columns: 1, elements: Self.p),
            targets: Matrix(rows: 5, columns: 1, elements: Self.y))
        let ce = try Loss.categoricalCrossEntropy(reduction: .none, convention: .pytorch).evaluate(
            predictions: Matrix(rows: 5, columns: 2, elements: Self.p.flatMap { [1 - $0, $0] }),
            targets: Matrix(rows: 5, columns: 2, elements: Self.y.flatMap { [1 - $0, $0] }))
        for (a, b) in zip(bce.values.elements, ce.values.elements) {
            #expect(abs(a - b) <= 1e-14 * max(1, abs(b)))
        }
        // From logits: σ(x) is the second class of softmax([0, x]).
        let x: [Double] = [-30, -2, 0, 0.7, 45]
        for convention in LossConvention.allCases {
            let bl = try Loss.binaryCrossEntropy(fromLogits: true, reduction: .none, convention: convention).evaluate(
                predictions: Matrix(rows: 5, columns: 1, elements: x),
                targets: Matrix(rows: 5, columns: 1, elements: Self.y), withGradient: true)
            let cl = try Loss.categoricalCrossEntropy(fromLogits: true, reduction: .none, convention: convention).evaluate(
                predictions: Matrix(rows: 5, columns: 2, elements: x.flatMap { [0, $0] }),
                targets: Matrix(rows: 5, columns: 2, elements: Self.y.flatMap { [1 - $0, $0] }), withGradient: true)
            // Keras averages the binary label axis in Float32.
            let tolerance = convention == .keras ? 1e-7 : 1e-14
            for i in 0..<5 {
                #expect(abs(bl.values.elements[i] - cl.values.elements[i]) <= tolerance * max(1, cl.values.elements[i]))
                #expect(abs(bl.gradient!.elements[i] - cl.gradient!.elements[2 * i + 1]) <= tolerance)
            }
        }
    }

    @Test func crossEntropyIsEntropyPlusKL() throws {
        let q: [Double] = [0.1, 0.6, 0.3, 0.25, 0.25, 0.5]
        let t: [Double] = [0.2, 0.8, 0, 0.5, 0.1, 0.4]
        let ce = try Loss.categoricalCrossEntropy(reduction: .none, convention: .pytorch).evaluate(
            predictions: Matrix(rows: 2, columns: 3, elements: q), targets: Matrix(rows: 2, columns: 3, elements: t))
        let kl = try Loss.klDivergence(reduction: .sum, convention: .pytorch).evaluate(
            predictions: Matrix(rows: 2, columns: 3, elements: q.map { log($0) }),
            targets: Matrix(rows: 2, columns: 3, elements: t))
        let entropy = -t.reduce(0) { $0 + ($1 == 0 ? 0 : $1 * log($1)) }
        let total = ce.values.elements.reduce(0, +)
        #expect(abs(total - (entropy + kl.value!)) <= 1e-14 * total)
        // Keras clips, so the identity holds only away from the clip: here every entry is inside.
        let kerasCE = try Loss.categoricalCrossEntropy(reduction: .sum).evaluate(
            predictions: Matrix(rows: 2, columns: 3, elements: q), targets: Matrix(rows: 2, columns: 3, elements: [0.2, 0.7, 0.1, 0.5, 0.1, 0.4]))
        let kerasKL = try Loss.klDivergence(reduction: .sum).evaluate(
            predictions: Matrix(rows: 2, columns: 3, elements: q), targets: Matrix(rows: 2, columns: 3, elements: [0.2, 0.7, 0.1, 0.5, 0.1, 0.4]))
        let kerasEntropy = -[0.2, 0.7, 0.1, 0.5, 0.1, 0.4].reduce(0.0) { $0 + $1 * log($1) }
        #expect(abs(kerasCE.value! - (kerasEntropy + kerasKL.value!)) <= 1e-14 * kerasCE.value!)
    }

    @Test(arguments: [
        Loss.categoricalCrossEntropy(fromLogits: true, labelSmoothing: 0.1, classWeights: [1, 2, 0.5]),
        Loss.categoricalCrossEntropy(fromLogits: true, labelSmoothing: 0.1, classWeights: [1, 2, 0.5], convention: .pytorch),
        Loss.sparseCategoricalCrossEntropy(fromLogits: true, labelSmoothing: 0.2, convention: .pytorch),
        Loss.sparseCategoricalCrossEntropy(fromLogits: true),
        Loss.categoricalFocalCrossEntropy(alpha: [0.2, 0.3, 0.5], fromLogits: true),
    ])
    func addingAConstantToARowChangesNothing(loss: Loss) throws {
        let x: [Double] = [0.3, -1.2, 2.0, 5, 1.1, -0.4]
        let shifted = x.enumerated().map { $0.element + ($0.offset < 3 ? 1000 : -37.5) }
        func run(_ logits: [Double]) throws -> LossResult<Double> {
            let m = Matrix(rows: 2, columns: 3, elements: logits)
            if loss.kind == .sparseCategorical { return try loss.evaluate(predictions: m, labels: [2, 0], withGradient: true) }
            return try loss.evaluate(predictions: m, targets: Matrix(rows: 2, columns: 3, elements: [0, 0, 1, 0.3, 0.7, 0]),
                                     withGradient: true)
        }
        let a = try run(x), b = try run(shifted)
        // Subtracting the row maximum is exact, so the results agree to rounding of the shifted inputs.
        #expect(abs(a.value! - b.value!) <= 1e-12 * a.value!)
        for (ga, gb) in zip(a.gradient!.elements, b.gradient!.elements) { #expect(abs(ga - gb) <= 1e-12) }
    }

    @Test func finiteLogitsGiveFiniteLossesAndGradients() throws {
        let extremes: [Double] = [1e30, -1e30, 1e4, -1e4, 88, -88, 710, -745, 0, 1e-300]
        var x: [Double] = []
        for i in 0..<30 { x.append(extremes[(i * 7) % extremes.count] * (i % 4 == 0 ? -1 : 1)) }
        let targets = (0..<30).map { Double(($0 * 5) % 3 == 0 ? 1 : 0) }
        let logitLosses: [Loss] = LossConvention.allCases.flatMap { c in
            [Loss.categoricalCrossEntropy(fromLogits: true, labelSmoothing: 0.1, convention: c),
             Loss.sparseCategoricalCrossEntropy(fromLogits: true, convention: c),
             Loss.binaryCrossEntropy(fromLogits: true, labelSmoothing: 0.1, convention: c)]
        } + [Loss.binaryCrossEntropy(fromLogits: true, posWeight: [3], convention: .pytorch),
             .binaryFocalCrossEntropy(applyClassBalancing: true, fromLogits: true),
             .categoricalFocalCrossEntropy(fromLogits: true, labelSmoothing: 0.1)]
        for loss in logitLosses {
            for float in [false, true] {
                let values: [Double], gradient: [Double]
                if float {
                    let m = Matrix(rows: 10, columns: 3, elements: x.map { Float(max(min($0, 1e30), -1e30)) })
                    let r = loss.kind == .sparseCategorical
                        ? try loss.evaluate(predictions: m, labels: (0..<10).map { $0 % 3 }, withGradient: true)
                        : try loss.evaluate(predictions: m, targets: Matrix(rows: 10, columns: 3, elements: targets.map { Float($0) }),
                                            withGradient: true)
                    values = [Double(r.value!)]
                    gradient = r.gradient!.elements.map(Double.init)
                } else {
                    let m = Matrix(rows: 10, columns: 3, elements: x)
                    let r = loss.kind == .sparseCategorical
                        ? try loss.evaluate(predictions: m, labels: (0..<10).map { $0 % 3 }, withGradient: true)
                        : try loss.evaluate(predictions: m, targets: Matrix(rows: 10, columns: 3, elements: targets),
                                            withGradient: true)
                    values = [r.value!]
                    gradient = r.gradient!.elements
                }
                let finiteValues = values.allSatisfy { $0.isFinite }
                let finiteGradient = gradient.allSatisfy { $0.isFinite }
                #expect(finiteValues, "\(loss.kind) \(loss.convention) float32=\(float): value")
                #expect(finiteGradient, "\(loss.kind) \(loss.convention) float32=\(float): gradient")
            }
        }
    }

    @Test func classAxisOneEqualsTheTransposedLastAxis() throws {
        // [N=2, C=3, d=2] against [N·d, C] with the rows gathered.
        let x: [Double] = [0.3, -1.2, 2.0, 5, 1.1, -0.4, 0.9, 0, -2, 0.5, 1.5, -1]
        let labels = [2, 0, 1, 1]
        let loss = Loss.sparseCategoricalCrossEntropy(fromLogits: true, labelSmoothing: 0.1, classWeights: [1, 2, 3],
                                                      reduction: .none, convention: .pytorch)
        var axisOne = loss
        axisOne.classAxis = .second
        let a = try axisOne.evaluate(predictions: Tensor(shape: [2, 3, 2], elements: x),
                                     labels: Tensor(shape: [2, 2], elements: labels), withGradient: true)
        var rows: [Double] = []
        for n in 0..<2 { for d in 0..<2 { for c in 0..<3 { rows.append(x[(n * 3 + c) * 2 + d]) } } }
        let b = try loss.evaluate(predictions: Matrix(rows: 4, columns: 3, elements: rows), labels: labels, withGradient: true)
        #expect(a.values.shape == [2, 2])
        #expect(a.values.elements == b.values.elements)
        for n in 0..<2 { for d in 0..<2 { for c in 0..<3 {
            #expect(a.gradient!.elements[(n * 3 + c) * 2 + d] == b.gradient!.elements[(n * 2 + d) * 3 + c])
        } } }
    }
}
