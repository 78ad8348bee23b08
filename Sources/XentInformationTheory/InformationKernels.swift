import RealModule
import XentKernels

/// The Double kernels behind the public functions: every quantity in nats, each sum compensated, each term
/// written so that it is ≥ 0 (so the results keep their sign and vanish exactly when they should).
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
    /// terms that are each ≥ 0 and zero only where q = p. +∞ when an outcome has q > 0 and p = 0.
    static func klDivergence(data q: [Double], model p: [Double]) -> Double {
        var sum = CompensatedSum<Double>()
        for i in q.indices {
            let term = klTerm(q[i], p[i])
            if term == .infinity { return .infinity }
            sum.add(term)
        }
        return max(0, sum.value)
    }

    /// q ln(q/p) − q + p ≥ 0, accurate to a few ulps (a series where q ≈ p, where the plain form cancels).
    @inline(__always)
    static func klTerm(_ q: Double, _ p: Double) -> Double {
        if q == 0 { return p }
        if p == 0 { return .infinity }
        // With r = (p − q)/q: q ln(q/p) − q + p = q (r − ln(1 + r)).
        let r = (p - q) / q
        if abs(r) < 0.125 {
            // r − ln(1 + r) = Σ_{k≥2} (−1)^k r^k / k; 20 terms reach full precision for |r| < 1/8.
            var series = 0.0
            var k = 21.0
            while k >= 2 {
                series = series * -r + 1 / k
                k -= 1
            }
            return q * (r * r * series)
        }
        let logRatio = r.isFinite && r < 1e300 ? Double.log(onePlus: r) : Double.log(p) - Double.log(q)
        let term = (p - q) - q * logRatio
        return max(0, term)
    }

    /// The Jensen–Shannon divergence ½ D(p‖m) + ½ D(q‖m), m = (p + q)/2, in nats; symmetric bit for bit and
    /// within [0, ln 2].
    static func jensenShannon(_ p: [Double], _ q: [Double]) -> Double {
        var sum = CompensatedSum<Double>()
        for i in p.indices {
            let m = 0.5 * p[i] + 0.5 * q[i]
            sum.add(klTerm(p[i], m) + klTerm(q[i], m))
        }
        return min(Double.log(2.0), max(0, 0.5 * sum.value))
    }
}
