import XentKernelsC

extension Kernels {
    /// Σ_j e^(x_j − shift) over one row of `count` values, vectorised (with `shift` the row maximum this is the
    /// softmax denominator). Unchecked. Terms are summed in SIMD lanes over blocks of 256 and the blocks in
    /// `Double`; each e^(·) is within 2 ulp.
    public static func sumOfExponentials<Scalar: KernelScalar>(
        _ x: UnsafePointer<Scalar>, count: Int, shift: Scalar
    ) -> Double {
        guard count > 0 else { return 0 }
        return Scalar._kernelRowSumExp(x, count, shift)
    }

    /// Writes one row of the fused softmax cross-entropy gradient: `softmaxScale · e^((x_j − max) − logSum) −
    /// coefficientScale · coefficients_j` (coefficients `nil`: 0), minus `labelScale` more at `label` when
    /// `0 <= label < count`. Unchecked; `output` may be `x` (not `coefficients`).
    public static func writeSoftmaxGradient<Scalar: KernelScalar>(
        _ x: UnsafePointer<Scalar>, count: Int, max: Scalar, logSum: Scalar, softmaxScale: Scalar,
        coefficients: UnsafePointer<Scalar>?, coefficientScale: Scalar, label: Int, labelScale: Scalar,
        into output: UnsafeMutablePointer<Scalar>
    ) {
        guard count > 0 else { return }
        Scalar._kernelRowSoftmaxGradient(
            x, count, max, logSum, softmaxScale, coefficients, coefficientScale, label, labelScale, output)
    }
}
