/// A running sum with Neumaier's compensation (an improved Kahan–Babuška summation).
///
/// Each ``add(_:)`` keeps the low-order bits that the rounded sum loses in a separate compensation term, so the
/// error of the final ``value`` is about one rounding of the exact sum (plus `O(n·ε²)·Σ|xᵢ|`) instead of the
/// `O(n·ε)·Σ|xᵢ|` of a plain loop. Unlike Kahan's original, Neumaier's variant stays exact when an addend is larger
/// in magnitude than the running sum.
///
/// Non-finite addends propagate as IEEE 754 addition does: a sum that meets `+∞` is `+∞`, one that meets `+∞` and
/// `-∞` (or a NaN) is NaN.
///
/// Reference: A. Neumaier, "Rundungsfehleranalyse einiger Verfahren zur Summation endlicher Summen",
/// ZAMM 54 (1974) 39–51.
///
/// ```swift
/// var sum = CompensatedSum<Double>()
/// for x in [1e100, 1.0, -1e100] { sum.add(x) }
/// sum.value  // 1.0 (a plain loop gives 0.0)
/// ```
public struct CompensatedSum<Scalar: FloatingPoint>: Sendable where Scalar: Sendable {
    /// The rounded running sum.
    @inlinable public var sum: Scalar { storedSum }
    /// The accumulated rounding errors of ``sum``.
    @inlinable public var compensation: Scalar { storedCompensation }

    @usableFromInline var storedSum: Scalar
    @usableFromInline var storedCompensation: Scalar

    /// An empty sum (zero).
    @inlinable
    public init() {
        storedSum = 0
        storedCompensation = 0
    }

    /// Adds `x` to the sum.
    @inlinable
    public mutating func add(_ x: Scalar) {
        let t = storedSum + x
        if storedSum.magnitude >= x.magnitude {
            storedCompensation += (storedSum - t) + x
        } else {
            storedCompensation += (x - t) + storedSum
        }
        storedSum = t
    }

    /// The compensated sum: ``sum`` corrected by ``compensation``, or ``sum`` itself once it is not finite.
    @inlinable
    public var value: Scalar {
        sum.isFinite ? sum + compensation : sum
    }
}

extension Sequence where Element: FloatingPoint & Sendable {
    /// The sum of the elements with Neumaier compensation (see ``CompensatedSum``): about one rounding of the exact
    /// sum for well-conditioned inputs. An empty sequence sums to zero.
    @inlinable
    public func compensatedSum() -> Element {
        var sum = CompensatedSum<Element>()
        for x in self { sum.add(x) }
        return sum.value
    }
}

/// The sum of the elements by pairwise (cascade) summation: the error grows as `O(ε·log n)·Σ|xᵢ|` rather than
/// `O(ε·n)·Σ|xᵢ|`, at the speed of a plain loop (blocks of 128 are summed in eight independent lanes).
///
/// Faster than ``CompensatedSum`` and less exact; use it for long Float arrays where speed matters.
/// An empty buffer sums to zero.
@inlinable
public func pairwiseSum<Scalar: FloatingPoint>(_ elements: UnsafeBufferPointer<Scalar>) -> Scalar {
    let n = elements.count
    if n <= 128 {
        guard n > 0, let base = elements.baseAddress else { return 0 }
        var lanes = (Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero,
                     Scalar.zero, Scalar.zero, Scalar.zero, Scalar.zero)
        var i = 0
        while i + 8 <= n {
            lanes.0 += base[i]; lanes.1 += base[i + 1]; lanes.2 += base[i + 2]; lanes.3 += base[i + 3]
            lanes.4 += base[i + 4]; lanes.5 += base[i + 5]; lanes.6 += base[i + 6]; lanes.7 += base[i + 7]
            i += 8
        }
        var total = ((lanes.0 + lanes.1) + (lanes.2 + lanes.3)) + ((lanes.4 + lanes.5) + (lanes.6 + lanes.7))
        while i < n {
            total += base[i]
            i += 1
        }
        return total
    }
    // Split at a multiple of 8 so that the leaves keep their full lanes.
    let half = (n / 2) & ~7
    return pairwiseSum(UnsafeBufferPointer(rebasing: elements[0..<half]))
        + pairwiseSum(UnsafeBufferPointer(rebasing: elements[half..<n]))
}

/// The pairwise sum of an array's elements (see ``pairwiseSum(_:)-(UnsafeBufferPointer<Scalar>)``).
@inlinable
public func pairwiseSum<Scalar: FloatingPoint>(_ elements: [Scalar]) -> Scalar {
    elements.withUnsafeBufferPointer { pairwiseSum($0) }
}
