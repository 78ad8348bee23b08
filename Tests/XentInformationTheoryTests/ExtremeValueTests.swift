import Foundation
import Testing
import XentInformationTheory
import XentKernels

/// KL divergence, cross-entropy, entropy, Jensen–Shannon and mutual information on extreme inputs: ratios q/p and
/// p/q from 1e3 to 1e300 and beyond (subnormal probabilities), distributions one ulp apart, thousands of outcomes
/// with masses spread over 300 decades, joints one ulp from independence or with cells of 1e-300. The references
/// are mpmath's at 60 digits (Scripts/fixtures/kl_extremes.py, in nats); the documented accuracy is 1e-12 relative.
@Suite struct ExtremeValueTests {
    static let file = "information-extremes.json"
    static let pairs = Fixtures.cases("pairs", file: file)
    static let joints = Fixtures.cases("joint", file: file)

    /// The bases every case is checked in: the three named units, custom ones, and bases below 1 (negative amounts).
    static let units: [InformationUnit] = [.nats, .bits, .hartleys] + [3, 1.5, 0.5].map { try! InformationUnit(base: $0) }

    /// Every base the finiteness property covers, down to the closest to 1 and out to 1e±300.
    static let extremeUnits: [InformationUnit] = units
        + [(1.0).nextUp, (1.0).nextDown, 1 + 1e-9, 1e300, 1e-300].map { try! InformationUnit(base: $0) }

    /// Within the documented 1e-12 relative of `reference`; a reference below the normal range (2.2e-308) can only
    /// be matched to its subnormal steps (4.9e-324; 2048 of them are 1e-320), as its Double is.
    static func matches(_ value: Double, _ reference: Double) -> Bool {
        if value == reference { return true }
        guard value.isFinite, reference.isFinite else { return false }
        return abs(value - reference) <= 1e-12 * abs(reference) + 2048 * Double.leastNonzeroMagnitude
    }

    @Test func fixturesAreLoaded() {
        #expect(Self.pairs.count >= 80)
        #expect(Self.joints.count >= 10)
    }

    @Test(arguments: pairs)
    func divergencesAndEntropiesMatchMpmath(_ fixture: Case) throws {
        let q = try ProbabilityDistribution(fixture.exactNumbers("data"))
        let p = try ProbabilityDistribution(fixture.exactNumbers("model"))
        // The inputs sum to 1 in Double: the library uses them as they are, as the references do.
        #expect(q.probabilities == fixture.exactNumbers("data") && p.probabilities == fixture.exactNumbers("model"))
        for unit in Self.units {
            let checks: [(String, Double, Double)] = [
                ("kl", try klDivergence(of: q, under: p, in: unit).value, fixture.number("kl")),
                ("reverseKL", try klDivergence(of: p, under: q, in: unit).value, fixture.number("reverseKL")),
                ("crossEntropy", try crossEntropy(of: q, under: p, in: unit).value, fixture.number("crossEntropy")),
                ("entropyData", entropy(of: q, in: unit).value, fixture.number("entropyData")),
                ("entropyModel", entropy(of: p, in: unit).value, fixture.number("entropyModel")),
                ("js", try jensenShannonDivergence(between: q, and: p, in: unit).value, fixture.number("js")),
            ]
            for (name, value, nats) in checks {
                let reference = unit == .nats ? nats : nats / unit.natsPerUnit
                #expect(Self.matches(value, reference), "\(fixture) \(name) in \(unit): \(value) vs \(reference)")
            }
            #expect(try jensenShannonDivergence(between: q, and: p, in: unit)
                    == jensenShannonDivergence(between: p, and: q, in: unit))
            if unit.base > 1 {
                let distance = try jensenShannonDistance(between: q, and: p, in: unit)
                let reference = (fixture.number("js") / unit.natsPerUnit).squareRoot()
                #expect(Self.matches(distance, reference), "\(fixture) JS distance in \(unit)")
            }
        }
    }

    @Test(arguments: joints)
    func mutualInformationMatchesMpmath(_ fixture: Case) throws {
        let cells = fixture.exactMatrix("matrix")
        let matrix = try #require(Matrix(rowArrays: cells))
        let joint = try JointDistribution(matrix)
        #expect(joint.probabilities.elements == cells.flatMap { $0 })
        for unit in Self.units {
            let value = mutualInformation(of: joint, in: unit).value
            let nats = fixture.number("mutualInformation")
            let reference = unit == .nats ? nats : nats / unit.natsPerUnit
            #expect(Self.matches(value, reference), "\(fixture) in \(unit): \(value) vs \(reference)")
        }
        // Transposing swaps the variables and changes nothing else.
        let transposed = try JointDistribution(try #require(Matrix(rowArrays: (0..<cells[0].count).map { c in
            cells.map { $0[c] }
        })))
        #expect(Self.matches(mutualInformation(of: transposed, in: .nats).value, fixture.number("mutualInformation")))
    }

    // MARK: The examples of the issue, with mpmath's values for the distributions as the library holds them

    @Test func aModelProbabilityFarBelowTheDataIsFinite() throws {
        let data = try ProbabilityDistribution([0.5, 0.5])
        // mpmath: 27.23638880654257991971771536116028506345 bits (it was +∞: 1 + (p − q)/q rounded to 0).
        let tiny = try ProbabilityDistribution([1e-17, 1])
        let d = try klDivergence(of: data, under: tiny).value
        #expect(Self.matches(d, 27.236_388_806_542_579_919_717_715))
        let h = try crossEntropy(of: data, under: tiny).value
        #expect(Self.matches(h - entropy(of: data).value, d))
        // mpmath: 16.27060452193820075856487242681089375428 bits for the model 4e-11, 1 divided by its sum
        // 1.00000000004 (the library divides probabilities that sum to 1 within 1e-6 by their sum). It was
        // 16.27060446222479, 3.7e-9 relative off.
        let small = try ProbabilityDistribution([4e-11, 1])
        #expect(Self.matches(try klDivergence(of: data, under: small).value, 16.270_604_521_938_200_758_564_872))
        // mpmath: 4.509335167928890267078183801402825334565 bits for eleven equal outcomes under a model with 4.1e-17
        // and ten times 0.1, both divided by their sums (it was 4.511360432954605, 4.5e-4 relative off).
        let eleven = try ProbabilityDistribution<Double>(normalizing: Array(repeating: 1, count: 11))
        let model = try ProbabilityDistribution(normalizing: [4.1e-17] + Array(repeating: 0.1, count: 10))
        #expect(Self.matches(try klDivergence(of: eleven, under: model).value, 4.509_335_167_928_890_267_078_183))
    }

    @Test func distributionsOneUlpApartKeepTheirDifference() throws {
        let p = try ProbabilityDistribution([0.5, 0.5])
        let q = try ProbabilityDistribution([0.5000000000000001, 0.4999999999999999])
        // mpmath: JS 8.891294655574471200681650087127937983389e-33 bits (it was 1.33e-32: the mixture (p + q)/2
        // rounded to one of the inputs), KL 3.556517862229788480272660034850861024841e-32 bits.
        #expect(Self.matches(try jensenShannonDivergence(between: p, and: q).value, 8.891_294_655_574_471_200_681_65e-33))
        #expect(Self.matches(try jensenShannonDivergence(between: q, and: p).value, 8.891_294_655_574_471_200_681_65e-33))
        #expect(Self.matches(try klDivergence(of: p, under: q).value, 3.556_517_862_229_788_480_272_66e-32))
        // The joint with rows P/2 and Q/2 (each row half the mass) has I(X;Y) = JS(P, Q).
        let joint = try JointDistribution(Matrix(rows: 2, columns: 2,
                                                 elements: [0.25, 0.25, 0.25000000000000006, 0.24999999999999994]))
        #expect(Self.matches(mutualInformation(of: joint).value, 8.891_294_655_574_471_200_681_65e-33))
    }

    @Test func aDiagonalJointWithATinyCellSharesOneBit() throws {
        // 0.5, 0, 0 / 0, 0.5, 0 / 0, 0, c: X determines Y; I(X;Y) = 1 bit + c log2(1/c) (below 3e-15 for these c).
        // It was +∞ for c from 5e-17 down to 1e-160.
        for c in [5e-17, 1e-17, 1e-20, 1e-40, 1e-80, 1e-120, 1e-154, 1e-155, 1e-160, 1e-162, 1e-200, 1e-300, Double.leastNonzeroMagnitude] {
            let joint = try JointDistribution(Matrix(rows: 3, columns: 3, elements: [0.5, 0, 0, 0, 0.5, 0, 0, 0, c]))
            let mi = mutualInformation(of: joint).value
            #expect(Self.matches(mi, 1), "c = \(c): \(mi)")
        }
    }

    // MARK: Properties

    /// Weights spread over 320 decades (each u · 10^−k, k uniform in 0...320, u in [0.5, 1)), with now and then
    /// a subnormal that stays above 0 once divided by the sum (at most 2001), the smallest normal Double, and some
    /// exact zeros when `zeros` is true.
    static func extremeWeights(count: Int, zeros: Bool, using rng: inout SeededGenerator) -> [Double] {
        let subnormal = 4096 * Double.leastNonzeroMagnitude
        return (0..<count).map { _ in
            switch Int.random(in: 0..<20, using: &rng) {
            case 0: return zeros ? 0 : subnormal
            case 1: return subnormal
            case 2: return Double.leastNormalMagnitude
            case 3...8: return Double.random(in: 0.5..<1, using: &rng)
            default: return Double.random(in: 0.5..<1, using: &rng) * pow(10, -Double.random(in: 0...320, using: &rng))
            }
        } + [1]
    }

    /// Σ (pᵢ − qᵢ) to about 1e-32: each difference split exactly into its rounded value and its error (TwoSum).
    static func sumDifference(_ p: [Double], _ q: [Double]) -> Double {
        var sum = CompensatedSum<Double>()
        for (a, b) in zip(p, q) {
            let d = a - b
            let back = d - a
            sum.add(d)
            sum.add((a - (d - back)) + (-b - back))
        }
        return sum.value
    }

    /// D(Q‖P) = H(Q,P) − H(Q) to 1e-12 relative of H(Q,P), and D, H(Q,P) finite whenever every pᵢ > 0, in every
    /// base. The divergence is that of Q and P each divided by its exact sum: the sum of q ln(q/p) − q + p.
    /// H(Q,P) and H(Q) are those of the Doubles as the distributions hold them, whose sums are 1 only up to
    /// rounding, so the identity also allows Σ(pᵢ − qᵢ) (a few 1e-16 at most). That matters only where H(Q,P)
    /// is below about 1e-4: Q and P nearly certain of the same outcome, like Q = [0, 1] and P = [1e-20, 1],
    /// where D = ln(1 + 1e-20) but H(Q,P) = −ln 1 = 0.
    @Test(arguments: 0..<40 as Range<UInt64>)
    func klIsCrossEntropyMinusEntropyAndFiniteWheneverTheModelCoversEverything(seed: UInt64) throws {
        var rng = SeededGenerator(seed: 9000 + seed)
        let count = [1, 2, 3, 11, 100, 2000][Int(seed) % 6]
        let q = try ProbabilityDistribution(normalizing: Self.extremeWeights(count: count, zeros: true, using: &rng))
        let p = try ProbabilityDistribution(normalizing: Self.extremeWeights(count: count, zeros: false, using: &rng))
        // Q with every other probability moved by a relative 1e-6: a divergence of about 1e-12 of the terms.
        let near = try ProbabilityDistribution(normalizing: q.probabilities.enumerated().map { i, x in
            i % 2 == 0 ? x * 1.000001 : x
        })
        #expect(p.probabilities.allSatisfy { $0 > 0 })
        for (data, model) in [(q, p), (p, q), (q, near), (near, q), (p, p)] {
            let sums = abs(Self.sumDifference(model.probabilities, data.probabilities))
            for unit in Self.extremeUnits {
                let d = try klDivergence(of: data, under: model, in: unit).value
                let h = try crossEntropy(of: data, under: model, in: unit).value
                let hq = entropy(of: data, in: unit).value
                if model.probabilities.allSatisfy({ $0 > 0 }) {
                    #expect(d.isFinite && h.isFinite, "seed \(seed), \(unit): D = \(d), H(Q,P) = \(h)")
                }
                if d.isFinite && h.isFinite {
                    let slack = sums / abs(unit.natsPerUnit) * (1 + 1e-9)
                    #expect(abs(d - (h - hq)) <= 1e-12 * abs(h) + slack, "seed \(seed), \(unit): \(d) vs \(h) - \(hq)")
                    #expect(unit.base > 1 ? d >= 0 : d <= 0)
                } else {
                    #expect(d == h)
                }
                let js = try jensenShannonDivergence(between: data, and: model, in: unit).value
                #expect(js.isFinite && abs(js) <= abs(1 / unit.conversionFactor(to: .bits)) * (1 + 1e-15))
            }
        }
    }

    @Test(arguments: pairs)
    func klIsCrossEntropyMinusEntropyOnTheFixtures(_ fixture: Case) throws {
        let q = try ProbabilityDistribution(fixture.exactNumbers("data"))
        let p = try ProbabilityDistribution(fixture.exactNumbers("model"))
        for (data, model) in [(q, p), (p, q)] {
            let sums = abs(Self.sumDifference(model.probabilities, data.probabilities))
            for unit in Self.extremeUnits {
                let d = try klDivergence(of: data, under: model, in: unit).value
                let h = try crossEntropy(of: data, under: model, in: unit).value
                let hq = entropy(of: data, in: unit).value
                #expect(d.isFinite == model.probabilities.indices.allSatisfy {
                    data.probabilities[$0] == 0 || model.probabilities[$0] > 0
                })
                guard d.isFinite && h.isFinite else { continue }
                let slack = sums / abs(unit.natsPerUnit) * (1 + 1e-9)
                #expect(abs(d - (h - hq)) <= 1e-12 * abs(h) + slack, "\(fixture), \(unit): \(d) vs \(h) - \(hq)")
                if abs(h * unit.natsPerUnit) >= 1e-3 {
                    // Well away from certainty the sums do not matter: the identity holds to 1e-12 as it stands.
                    #expect(abs(d - (h - hq)) <= 1e-12 * abs(h), "\(fixture), \(unit): \(d) vs \(h) - \(hq)")
                }
            }
        }
    }

    @Test func mutualInformationIsFiniteForExtremeJoints() throws {
        var rng = SeededGenerator(seed: 9100)
        for (rows, columns) in [(1, 1), (2, 3), (7, 5), (40, 50)] {
            let weights = Self.extremeWeights(count: rows * columns - 1, zeros: true, using: &rng)
            let joint = try JointDistribution(normalizing: Matrix(rows: rows, columns: columns, elements: weights))
            for unit in Self.extremeUnits {
                let mi = mutualInformation(of: joint, in: unit).value
                let hx = entropy(of: joint.marginal(of: .x), in: unit).value
                #expect(mi.isFinite && (unit.base > 1 ? mi >= 0 : mi <= 0))
                #expect(abs(mi) <= abs(hx) * (1 + 1e-12) + 1e-300)
            }
        }
    }
}
