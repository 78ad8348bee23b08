import XentKernelsC

/// A floating-point type the vectorised kernels serve: `Float` (16 lanes, sums carried in `Double`) and
/// `Double` (8 lanes).
///
/// The underscored requirements are the bridge to the C kernels; call the ``Kernels`` functions instead.
public protocol KernelScalar: BinaryFloatingPoint, Sendable {
    static func _kernelExp(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
    static func _kernelLog(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
    static func _kernelSigmoid(_ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ count: Int)
    static func _kernelSoftmaxRows(
        _ x: UnsafePointer<Self>, _ out: UnsafeMutablePointer<Self>, _ rows: Int, _ classes: Int, _ log: Bool)
    static func _kernelSoftmaxCrossEntropy(
        _ x: UnsafePointer<Self>, _ rows: Int, _ classes: Int, _ labels: UnsafePointer<Int64>?,
        _ targets: UnsafePointer<Self>?, _ weights: UnsafePointer<Self>?, _ smoothing: Self, _ ignoreIndex: Int64,
        _ gradientScale: Self, _ rowLosses: UnsafeMutablePointer<Self>?, _ gradient: UnsafeMutablePointer<Self>?)
    static func _kernelBinaryCrossEntropy(
        _ x: UnsafePointer<Self>, _ t: UnsafePointer<Self>, _ count: Int, _ classes: Int, _ first: Int,
        _ weights: UnsafePointer<Self>?, _ positiveWeights: UnsafePointer<Self>?, _ smoothing: Self,
        _ gradientScale: Self, _ elementLosses: UnsafeMutablePointer<Self>?, _ gradient: UnsafeMutablePointer<Self>?,
        _ blockSums: UnsafeMutablePointer<Double>)
    static func _kernelInformationRows(
        _ p: UnsafePointer<Self>, _ q: UnsafePointer<Self>?, _ rows: Int, _ classes: Int, _ kind: Int32,
        _ out: UnsafeMutablePointer<Double>)
    static func _kernelRowSumExp(_ x: UnsafePointer<Self>, _ count: Int, _ shift: Self) -> Double
    static func _kernelProbeExp(_ x: UnsafePointer<Self>, _ count: Int, _ repetitions: Int) -> Double
    static func _kernelProbeLog(_ x: UnsafePointer<Self>, _ count: Int, _ repetitions: Int) -> Double
    static func _kernelRowSoftmaxGradient(
        _ x: UnsafePointer<Self>, _ count: Int, _ max: Self, _ logSum: Self, _ softmaxScale: Self,
        _ coefficients: UnsafePointer<Self>?, _ coefficientScale: Self, _ label: Int, _ labelScale: Self,
        _ output: UnsafeMutablePointer<Self>)
}

extension Float: KernelScalar {
    public static func _kernelProbeExp(_ x: UnsafePointer<Float>, _ count: Int, _ repetitions: Int) -> Double {
        xk_probe_exp_f32(x, count, repetitions)
    }
    public static func _kernelProbeLog(_ x: UnsafePointer<Float>, _ count: Int, _ repetitions: Int) -> Double {
        xk_probe_log_f32(x, count, repetitions)
    }
    public static func _kernelExp(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) {
        xk_exp_f32(x, out, count)
    }
    public static func _kernelLog(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) {
        xk_log_f32(x, out, count)
    }
    public static func _kernelSigmoid(_ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ count: Int) {
        xk_sigmoid_f32(x, out, count)
    }
    public static func _kernelSoftmaxRows(
        _ x: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ rows: Int, _ classes: Int, _ log: Bool
    ) {
        xk_softmax_rows_f32(x, out, rows, classes, log ? 1 : 0)
    }
    public static func _kernelSoftmaxCrossEntropy(
        _ x: UnsafePointer<Float>, _ rows: Int, _ classes: Int, _ labels: UnsafePointer<Int64>?,
        _ targets: UnsafePointer<Float>?, _ weights: UnsafePointer<Float>?, _ smoothing: Float, _ ignoreIndex: Int64,
        _ gradientScale: Float, _ rowLosses: UnsafeMutablePointer<Float>?, _ gradient: UnsafeMutablePointer<Float>?
    ) {
        xk_softmax_ce_f32(
            x, rows, classes, labels, targets, weights, smoothing, ignoreIndex, gradientScale, rowLosses, gradient)
    }
    public static func _kernelBinaryCrossEntropy(
        _ x: UnsafePointer<Float>, _ t: UnsafePointer<Float>, _ count: Int, _ classes: Int, _ first: Int,
        _ weights: UnsafePointer<Float>?, _ positiveWeights: UnsafePointer<Float>?, _ smoothing: Float,
        _ gradientScale: Float, _ elementLosses: UnsafeMutablePointer<Float>?,
        _ gradient: UnsafeMutablePointer<Float>?, _ blockSums: UnsafeMutablePointer<Double>
    ) {
        xk_bce_logits_f32(
            x, t, count, classes, first, weights, positiveWeights, smoothing, gradientScale, elementLosses, gradient,
            blockSums)
    }
    public static func _kernelInformationRows(
        _ p: UnsafePointer<Float>, _ q: UnsafePointer<Float>?, _ rows: Int, _ classes: Int, _ kind: Int32,
        _ out: UnsafeMutablePointer<Double>
    ) {
        xk_info_rows_f32(p, q, rows, classes, kind, out)
    }
    public static func _kernelRowSumExp(_ x: UnsafePointer<Float>, _ count: Int, _ shift: Float) -> Double {
        xk_row_sum_exp_f32(x, count, shift)
    }
    public static func _kernelRowSoftmaxGradient(
        _ x: UnsafePointer<Float>, _ count: Int, _ max: Float, _ logSum: Float, _ softmaxScale: Float,
        _ coefficients: UnsafePointer<Float>?, _ coefficientScale: Float, _ label: Int, _ labelScale: Float,
        _ output: UnsafeMutablePointer<Float>
    ) {
        xk_row_softmax_gradient_f32(
            x, count, max, logSum, softmaxScale, coefficients, coefficientScale, label, labelScale, output)
    }
}

extension Double: KernelScalar {
    public static func _kernelProbeExp(_ x: UnsafePointer<Double>, _ count: Int, _ repetitions: Int) -> Double {
        xk_probe_exp_f64(x, count, repetitions)
    }
    public static func _kernelProbeLog(_ x: UnsafePointer<Double>, _ count: Int, _ repetitions: Int) -> Double {
        xk_probe_log_f64(x, count, repetitions)
    }
    public static func _kernelExp(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) {
        xk_exp_f64(x, out, count)
    }
    public static func _kernelLog(_ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int) {
        xk_log_f64(x, out, count)
    }
    public static func _kernelSigmoid(
        _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ count: Int
    ) {
        xk_sigmoid_f64(x, out, count)
    }
    public static func _kernelSoftmaxRows(
        _ x: UnsafePointer<Double>, _ out: UnsafeMutablePointer<Double>, _ rows: Int, _ classes: Int, _ log: Bool
    ) {
        xk_softmax_rows_f64(x, out, rows, classes, log ? 1 : 0)
    }
    public static func _kernelSoftmaxCrossEntropy(
        _ x: UnsafePointer<Double>, _ rows: Int, _ classes: Int, _ labels: UnsafePointer<Int64>?,
        _ targets: UnsafePointer<Double>?, _ weights: UnsafePointer<Double>?, _ smoothing: Double,
        _ ignoreIndex: Int64, _ gradientScale: Double, _ rowLosses: UnsafeMutablePointer<Double>?,
        _ gradient: UnsafeMutablePointer<Double>?
    ) {
        xk_softmax_ce_f64(
            x, rows, classes, labels, targets, weights, smoothing, ignoreIndex, gradientScale, rowLosses, gradient)
    }
    public static func _kernelBinaryCrossEntropy(
        _ x: UnsafePointer<Double>, _ t: UnsafePointer<Double>, _ count: Int, _ classes: Int, _ first: Int,
        _ weights: UnsafePointer<Double>?, _ positiveWeights: UnsafePointer<Double>?, _ smoothing: Double,
        _ gradientScale: Double, _ elementLosses: UnsafeMutablePointer<Double>?,
        _ gradient: UnsafeMutablePointer<Double>?, _ blockSums: UnsafeMutablePointer<Double>
    ) {
        xk_bce_logits_f64(
            x, t, count, classes, first, weights, positiveWeights, smoothing, gradientScale, elementLosses, gradient,
            blockSums)
    }
    public static func _kernelInformationRows(
        _ p: UnsafePointer<Double>, _ q: UnsafePointer<Double>?, _ rows: Int, _ classes: Int, _ kind: Int32,
        _ out: UnsafeMutablePointer<Double>
    ) {
        xk_info_rows_f64(p, q, rows, classes, kind, out)
    }
    public static func _kernelRowSumExp(_ x: UnsafePointer<Double>, _ count: Int, _ shift: Double) -> Double {
        xk_row_sum_exp_f64(x, count, shift)
    }
    public static func _kernelRowSoftmaxGradient(
        _ x: UnsafePointer<Double>, _ count: Int, _ max: Double, _ logSum: Double, _ softmaxScale: Double,
        _ coefficients: UnsafePointer<Double>?, _ coefficientScale: Double, _ label: Int, _ labelScale: Double,
        _ output: UnsafeMutablePointer<Double>
    ) {
        xk_row_softmax_gradient_f64(
            x, count, max, logSum, softmaxScale, coefficients, coefficientScale, label, labelScale, output)
    }
}
