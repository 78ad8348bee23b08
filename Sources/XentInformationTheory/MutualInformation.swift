import RealModule
import XentKernels

/// The joint entropy H(X, Y) = −Σ p(x, y) log p(x, y), with 0·log 0 = 0.
///
/// Accuracy: as ``entropy(of:in:)``: compensated Double sum of nonnegative terms.
public func jointEntropy<Scalar>(
    of joint: JointDistribution<Scalar>, in unit: InformationUnit = .bits
) -> Information<Scalar> {
    .fromNats(InformationKernels.entropy(joint.probabilities.elements.map(Double.init)), in: unit)
}

/// The conditional entropy of one variable given the other: `given: .y` is H(X | Y) = −Σ p(x, y) log(p(x, y) / p(y)),
/// what remains uncertain about X once Y is known; `given: .x` is H(Y | X).
///
/// - Returns: a value between 0 and the unconditional entropy of the other variable.
///
/// Accuracy: summed directly from nonnegative terms (not as the difference H(X, Y) − H(Y), which cancels), with
/// compensated summation in Double.
public func conditionalEntropy<Scalar>(
    of joint: JointDistribution<Scalar>, given condition: JointDistribution<Scalar>.Variable,
    in unit: InformationUnit = .bits
) -> Information<Scalar> {
    let marginal = joint.marginalDoubles(of: condition)
    let matrix = joint.probabilities
    var sum = CompensatedSum<Double>()
    for r in 0..<matrix.rows {
        for c in 0..<matrix.columns {
            let p = Double(matrix[r, c])
            guard p > 0 else { continue }
            let given = marginal[condition == .x ? r : c]
            // p ≤ given up to rounding; the ratio is clamped so that each term stays ≥ 0.
            sum.add(-p * Double.log(min(1, p / given)))
        }
    }
    return .fromNats(max(0, sum.value), in: unit)
}

/// The mutual information I(X; Y) = Σ p(x, y) log(p(x, y) / (p(x) p(y))) = D(P_XY ‖ P_X ⊗ P_Y): how much knowing one
/// variable tells about the other. Symmetric in X and Y.
///
/// - Returns: I(X; Y) ≥ 0, 0 exactly when the joint equals the product of its marginals (X and Y independent), at
///   most min(H(X), H(Y)); finite for every joint distribution.
///
/// Accuracy: computed as the KL divergence of the joint from the product of the marginals with the nonnegative
/// terms of ``klDivergence(of:under:in:)``, not as H(X) + H(Y) − H(X, Y) (which cancels for nearly independent
/// variables). The marginals and their products are carried with twice the Double precision (compensated sums,
/// products through fused multiply-add), so a joint one ulp away from independence keeps its difference, and a
/// product of marginals too small for a Double (below 2.2e-308) is taken through its logarithms: within 1e-12
/// relative of the exact value from the joint's own Double cells, from nearly independent variables to cells
/// of 1e-300.
public func mutualInformation<Scalar>(
    of joint: JointDistribution<Scalar>, in unit: InformationUnit = .bits
) -> Information<Scalar> {
    let px = joint.marginalParts(of: .x)
    let py = joint.marginalParts(of: .y)
    let matrix = joint.probabilities
    var sum = CompensatedSum<Double>()
    for r in 0..<matrix.rows {
        for c in 0..<matrix.columns {
            let q = Double(matrix[r, c])
            let product = InformationKernels.product(px[r].value, px[r].low, py[c].value, py[c].low)
            if product.value < Double.leastNormalMagnitude && q > 0 {
                // The product of the marginals is subnormal or underflowed to 0, so its rounding is no longer
                // relative: take the logarithms separately (then ln(q/(p(x) p(y))) > 0 unless q itself is tiny).
                let logRatio = Double.log(q) - Double.log(px[r].value) - Double.log(py[c].value)
                sum.add(max(0, q * (logRatio - 1) + product.value))
            } else {
                sum.add(InformationKernels.klTerm(q, product.value, low: product.low))
            }
        }
    }
    return .fromNats(max(0, sum.value), in: unit)
}
