import Testing
import XentKernels

extension SplitMix64 {
    mutating func next(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + Int(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
}

/// Values m·2^e with small integer m: their exact sum is an integer multiple of 2^-shift that fits in Int64,
/// so the correctly rounded reference comes from integer arithmetic, not from the code under test.
private func cancellingValues<T: BinaryFloatingPoint>(
    count: Int, mantissaBits: Int, exponents: ClosedRange<Int>, seed: UInt64, as type: T.Type
) -> (values: [T], exactScaled: Int64, shift: Int) {
    var rng = SplitMix64(seed: seed)
    var values: [T] = []
    var exact: Int64 = 0
    let shift = -exponents.lowerBound
    for i in 0..<count {
        let m = rng.next(in: 1...(1 << mantissaBits) - 1) * (i % 2 == 0 ? 1 : -1)
        let e = rng.next(in: exponents)
        values.append(T(m) * T(sign: .plus, exponent: T.Exponent(e), significand: 1))
        exact += Int64(m) << Int64(e + shift)
    }
    return (values, exact, shift)
}

@Suite struct CompensatedSumTests {
    @Test func recoversWhatAPlainLoopLoses() {
        let values: [Double] = [1e100, 1.0, -1e100]
        #expect(values.reduce(0, +) == 0)
        #expect(values.compensatedSum() == 1.0)
        let floats: [Float] = [1e30, 3.0, -1e30, 0.5]
        #expect(floats.compensatedSum() == 3.5)
    }

    @Test(arguments: [1 as UInt64, 2, 3, 4])
    func doubleSumIsCorrectlyRoundedOnCancellingInputs(seed: UInt64) {
        let (values, exact, shift) = cancellingValues(
            count: 1000, mantissaBits: 16, exponents: -24...8, seed: seed, as: Double.self)
        let reference = Double(exact) * Double(sign: .plus, exponent: -shift, significand: 1)
        let sum = values.compensatedSum()
        #expect(abs(sum - reference) <= reference.ulp)
    }

    @Test(arguments: [5 as UInt64, 6, 7])
    func floatSumIsCorrectlyRoundedOnCancellingInputs(seed: UInt64) {
        let (values, exact, shift) = cancellingValues(
            count: 500, mantissaBits: 10, exponents: -20...20, seed: seed, as: Float.self)
        let reference = Float(Double(exact) * Double(sign: .plus, exponent: -shift, significand: 1))
        let sum = values.compensatedSum()
        #expect(abs(sum - reference) <= reference.ulp)
    }

    @Test func nonFiniteAddendsPropagate() {
        #expect([1.0, .infinity, 2.0].compensatedSum() == .infinity)
        #expect([1.0, -.infinity].compensatedSum() == -.infinity)
        #expect([Double.infinity, -.infinity].compensatedSum().isNaN)
        #expect([1.0, .nan].compensatedSum().isNaN)
        #expect([Double.greatestFiniteMagnitude, .greatestFiniteMagnitude].compensatedSum() == .infinity)
        #expect([Double]().compensatedSum() == 0)
    }

    @Test func accumulatorMatchesSequenceExtension() {
        var sum = CompensatedSum<Double>()
        for x in [0.1, 0.2, 0.3] { sum.add(x) }
        #expect(sum.value == [0.1, 0.2, 0.3].compensatedSum())
        // 0.1 + 0.2 + 0.3 in exact arithmetic on the three doubles is 0.6000000000000000055…, whose nearest double
        // is 0.6; the plain left-to-right loop gives 0.6000000000000001.
        #expect(sum.value == 0.6)
    }

    @Test(arguments: [0, 1, 7, 8, 9, 127, 128, 129, 1000, 4099])
    func pairwiseSumIsExactOnSmallIntegers(count: Int) {
        let values = (0..<count).map { Float(($0 * 37) % 101) - 50 }
        let exact = (0..<count).reduce(0) { $0 + (($1 * 37) % 101) - 50 }
        #expect(pairwiseSum(values) == Float(exact))
    }

    @Test func pairwiseSumErrorStaysSmallOnLongFloatInputs() {
        var rng = SplitMix64(seed: 42)
        let values = (0..<100_000).map { _ in Float(rng.next() % 1_000_000) / 1_000_000 }
        let reference = values.map(Double.init).compensatedSum()
        let plain = values.reduce(Float(0), +)
        let pairwise = pairwiseSum(values)
        #expect(abs(Double(pairwise) - reference) / reference < 1e-6)
        #expect(abs(Double(pairwise) - reference) <= abs(Double(plain) - reference))
    }
}
