import RealModule
import XentKernels

/// The Double kernels behind the public functions: every quantity in nats, each sum compensated, each term
/// written so that it is ≥ 0 (so the results keep their sign and vanish exactly when they should).
///
/// Accuracy: each term below is within a few ulps (well under 1e-14 relative) of its exact value for every pair
/// of inputs ≥ 0, from equal inputs through inputs one ulp apart to ratios of 1e300 and beyond, subnormal inputs
/// included (a term that is itself below 2.2e-308 only to its subnormal spacing); a sum of such terms with
/// compensation is then within 1e-12 relative of the exact sum (measured: under 1e-15 on the extreme fixtures).
enum InformationKernels {
    /// −Σ p ln p over the positive p (0·ln 0 = 0).
    static func entropy(_ p: [Double]) -> Double {
        var sum = CompensatedSum<Double>()
        for x in p where x > 0 { sum.add(-x * Double.log(x)) }
        return max(0, sum.value)
    }

    /// −Σ q ln p over the outcomes with q > 0; +∞ when such an outcome has p = 0.
    static func crossEntropy(data q: [Double], model p: [Double]) -> Double {
        var sum = CompensatedSum<Double>()
        for i in q.indices where q[i] > 0 {
            if p[i] == 0 { return .infinity }
            sum.add(-q[i] * Double.log(p[i]))
        }
        return max(0, sum.value)
    }

    /// Σ [q ln(q/p) − q + p]: the KL divergence D(q‖p) for distributions that both sum to 1, written as a sum of
    /// terms that are each ≥ 0 and zero only where q = p. +∞ when an outcome has q > 0 and p = 0; finite whenever
    /// every p > 0 (each term is at most q·745 + p).
    static func klDivergence(data q: [Double], model p: [Double]) -> Double {
        var sum = CompensatedSum<Double>()
        for i in q.indices {
            let term = klTerm(q[i], p[i])
            if term == .infinity { return .infinity }
            sum.add(term)
        }
        return max(0, sum.value)
    }

    /// q ln(q/p) − q + p ≥ 0 for q, p ≥ 0: p where q = 0, +∞ where q > 0 and p = 0.
    ///
    /// Accurate to a few ulps for every q and p: see ``klTerm(_:_:low:)``.
    @inline(__always)
    static func klTerm(_ q: Double, _ p: Double) -> Double {
        klTerm(q, p, low: 0)
    }

    /// q ln(q/P) − q + P ≥ 0 for the model probability P = p + low given as an unevaluated sum (`low` is a
    /// correction far below the last bit of p, as from ``product(_:_:_:_:)``; 0 for a plain Double).
    ///
    /// With s = (P − q)/(P + q), so that P/q = (1 + s)/(1 − s) and ln(q/P) = −2 atanh s:
    /// - |s| ≤ 1/3 (P/q between 1/2 and 2, where P − q is exact for a plain p and q ln(q/P) − q + P would cancel):
    ///   q ln(q/P) − q + P = s² [(P + q) − 2 q s Σ_{k≥0} s^{2k}/(2k + 3)], a series of 18 terms whose subtraction
    ///   removes less than a tenth of the first term: no cancellation;
    /// - otherwise (|ln(q/P)| > ln 2): q (ln(q/P) − 1) + P, which cancels by at most a factor of 7, with
    ///   ln(q/P) taken from the rounded ratio q/P, or from ln q − ln P where that ratio overflows or underflows
    ///   (ratios beyond 1e±308, where the two logarithms no longer cancel).
    ///
    /// No step forms 1 + r with r ≈ −1, which lost every digit of ln(q/p) for p ≪ q.
    @inline(__always)
    static func klTerm(_ q: Double, _ p: Double, low: Double) -> Double {
        if q == 0 { return p + low }
        if p == 0 { return .infinity }
        let difference = (p - q) + low
        let total = p + q
        if 3 * abs(difference) <= total {
            let s = difference / total
            return max(0, s * s * (total - 2 * q * s * atanhTail(s * s)))
        }
        return max(0, q * (logRatio(q, p) - 1) + p)
    }

    /// ln(a/b) for a, b > 0 within about 2 ulps of |ln(a/b)| + 1: the logarithm of the rounded ratio where that
    /// ratio is a normal number, otherwise ln a − ln b (then |ln(a/b)| > 708 and the two logarithms do not cancel).
    @inline(__always)
    static func logRatio(_ a: Double, _ b: Double) -> Double {
        let ratio = a / b
        return ratio.isNormal ? Double.log(ratio) : Double.log(a) - Double.log(b)
    }

    /// Σ_{k≥0} x^k/(2k + 3) for 0 ≤ x ≤ 1/9 (so that atanh s = s + s³ Σ(s²)): 18 terms reach full precision.
    @inline(__always)
    static func atanhTail(_ x: Double) -> Double {
        var sum = atanhTailCoefficients[0]
        for c in atanhTailCoefficients.dropFirst() { sum = sum * x + c }
        return sum
    }

    /// 1/(2k + 3) for k = 17 down to 0 (Horner order).
    static let atanhTailCoefficients: [Double] = (0..<18).reversed().map { (k: Int) -> Double in 1 / Double(2 * k + 3) }

    /// The Jensen–Shannon divergence ½ D(p‖m) + ½ D(q‖m), m = (p + q)/2, in nats; symmetric bit for bit and
    /// within [0, ln 2].
    ///
    /// The mixture is never rounded: each outcome adds p ln(2p/(p + q)) + q ln(2q/(p + q)) ≥ 0 (see ``jsTerm(_:_:)``),
    /// so that inputs one ulp apart keep their difference.
    static func jensenShannon(_ p: [Double], _ q: [Double]) -> Double {
        var sum = CompensatedSum<Double>()
        for i in p.indices { sum.add(jsTerm(p[i], q[i])) }
        return min(Double.log(2.0), max(0, 0.5 * sum.value))
    }

    /// p ln(p/m) + q ln(q/m) with m = (p + q)/2, for p, q ≥ 0: symmetric bit for bit and ≥ 0.
    ///
    /// With s = (p − q)/(p + q), p = m(1 + s) and q = m(1 − s):
    /// - |s| ≤ 1/3 (p − q exact): m [(1 + s) ln(1 + s) + (1 − s) ln(1 − s)] = m Σ_{j≥1} s^{2j}/(j(2j − 1)),
    ///   16 terms of an even series with positive terms: no cancellation, and s keeps every bit of p − q;
    /// - otherwise p ln(2p/(p + q)) + q ln(2q/(p + q)), which cancels by at most a factor of 4; an input of 0
    ///   gives exactly (the other input) · ln 2.
    @inline(__always)
    static func jsTerm(_ p: Double, _ q: Double) -> Double {
        if p == 0 || q == 0 { return (p + q) * Double.log(2.0) }
        let total = p + q
        let difference = p - q
        if 3 * abs(difference) <= total {
            let s = difference / total
            let s2 = s * s
            var series = jsCoefficients[0]
            for c in jsCoefficients.dropFirst() { series = series * s2 + c }
            return max(0, 0.5 * total * s2 * series)
        }
        return max(0, p * logRatio(2 * p, total) + q * logRatio(2 * q, total))
    }

    /// 1/(j(2j − 1)) for j = 16 down to 1 (Horner order).
    static let jsCoefficients: [Double] = (1...16).reversed().map { (j: Int) -> Double in 1 / Double(j * (2 * j - 1)) }

    /// The product of two values given as unevaluated sums a + aLow and b + bLow, as an unevaluated sum whose
    /// error is about 2⁻¹⁰⁴ relative (exact products through fused multiply-add) while it stays a normal number.
    @inline(__always)
    static func product(_ a: Double, _ aLow: Double, _ b: Double, _ bLow: Double) -> (value: Double, low: Double) {
        let value = a * b
        let error = (-value).addingProduct(a, b)
        return (value, error + (a * bLow + aLow * b))
    }
}
