import RealModule
import XentKernels

/// How to estimate the entropy of a distribution from the counts of a finite sample.
///
/// The plug-in estimate (the entropy of the observed frequencies) is biased low: it misses the outcomes not yet seen
/// and the spread of the frequencies. The corrections below reduce the bias when the sample is small against the
/// number of outcomes. With n samples, m distinct outcomes observed, nᵢ the counts (all in nats):
public enum EntropyEstimator: String, CaseIterable, Hashable, Sendable {
    /// Plug-in (maximum likelihood): −Σ (nᵢ/n) ln(nᵢ/n). Also what `scipy.stats.entropy(counts)` computes.
    case plugIn = "plugin"
    /// Miller–Madow: plug-in + (m − 1)/(2n). G. A. Miller, "Note on the bias of information estimates", in
    /// *Information Theory in Psychology*, 1955.
    case millerMadow = "miller-madow"
    /// Chao–Shen (coverage-adjusted Horvitz–Thompson): with f₁ singletons, sample coverage C = 1 − f₁/n (f₁ is taken
    /// as n − 1 when every outcome is a singleton), pᵢ = C·nᵢ/n, H = −Σ pᵢ ln pᵢ / (1 − (1 − pᵢ)ⁿ).
    /// A. Chao and T.-J. Shen, "Nonparametric estimation of Shannon's index of diversity when there are unseen
    /// species in sample", Environmental and Ecological Statistics 10 (2003) 429–443.
    case chaoShen = "chao-shen"
    /// Grassberger (2003): ln n − (1/n) Σ nᵢ G(nᵢ), G(k) = ψ(k) + ½(−1)ᵏ [ψ((k+1)/2) − ψ(k/2)].
    /// P. Grassberger, "Entropy estimates from insufficient samplings", arXiv:physics/0307138 (2003), eq. (35).
    case grassberger
}

/// An estimate of the entropy of the distribution that produced a sample, from the sample's counts.
///
/// - Parameters:
///   - counts: how often each outcome occurred (outcomes with count 0 are ignored; see ``OutcomeCounts``).
///   - estimator: the estimator (``EntropyEstimator/plugIn`` by default).
///   - unit: the unit of the result.
/// - Throws: ``InformationTheoryError/empty``, ``InformationTheoryError/negativeEntry(_:value:)``,
///   ``InformationTheoryError/allZero(count:)``.
public func entropy(
    estimatedFrom counts: [Int], using estimator: EntropyEstimator = .plugIn, in unit: InformationUnit = .bits
) throws(InformationTheoryError) -> Information<Double> {
    guard !counts.isEmpty else { throw .empty }
    for (i, k) in counts.enumerated() where k < 0 { throw .negativeEntry(.index(i), value: Double(k)) }
    let observed = counts.filter { $0 > 0 }
    guard !observed.isEmpty else { throw .allZero(count: counts.count) }
    let n = observed.reduce(0.0) { $0 + Double($1) }
    let plugIn = InformationKernels.entropy(observed.map { Double($0) / n })
    let nats: Double
    switch estimator {
    case .plugIn:
        nats = plugIn
    case .millerMadow:
        nats = plugIn + Double(observed.count - 1) / (2 * n)
    case .chaoShen:
        let singletons = Double(observed.filter { $0 == 1 }.count)
        let coverage = 1 - (singletons == n ? n - 1 : singletons) / n
        var sum = CompensatedSum<Double>()
        for k in observed {
            let p = coverage * Double(k) / n
            // 1 − (1 − p)^n, accurately for small p.
            let inclusion = -Double.expMinusOne(n * Double.log(onePlus: -p))
            sum.add(-p * Double.log(p) / inclusion)
        }
        nats = sum.value
    case .grassberger:
        var sum = CompensatedSum<Double>()
        for k in observed {
            let x = Double(k)
            let parity: Double = k % 2 == 0 ? 1 : -1
            let g = digamma(x) + 0.5 * parity * (digamma((x + 1) / 2) - digamma(x / 2))
            sum.add(x * g)
        }
        nats = Double.log(n) - sum.value / n
    }
    return .fromNats(nats, in: unit)
}

/// An entropy estimate from a sample of outcomes (counted with ``OutcomeCounts``).
///
/// - Throws: ``InformationTheoryError/empty`` when there are no samples.
public func entropy<Samples: Sequence>(
    estimatedFromSamples samples: Samples, using estimator: EntropyEstimator = .plugIn,
    in unit: InformationUnit = .bits
) throws(InformationTheoryError) -> Information<Double> where Samples.Element: Hashable & Sendable {
    try entropy(estimatedFrom: OutcomeCounts(samples).counts, using: estimator, in: unit)
}

/// The digamma function ψ(x) for x > 0: recurrence up to x ≥ 6, then the asymptotic series (error below 1e-15).
func digamma(_ x: Double) -> Double {
    var x = x
    var result = 0.0
    while x < 6 {
        result -= 1 / x
        x += 1
    }
    let inverse = 1 / x
    let inverse2 = inverse * inverse
    // ln x − 1/(2x) − Σ B₂ₖ/(2k x²ᵏ)
    let series = inverse2 * (1.0 / 12 - inverse2 * (1.0 / 120 - inverse2 * (1.0 / 252 - inverse2 * (1.0 / 240
        - inverse2 * (1.0 / 132 - inverse2 * (691.0 / 32760 - inverse2 / 12))))))
    return result + Double.log(x) - 0.5 * inverse - series
}
