import RealModule
import XentKernels
import XentKernelsC

/// A scalar type the fused linear + cross-entropy runs in: `Float` (the real case: sums of exponentials carried in
/// `Double`) and `Double` (for checking).
///
/// The underscored requirements are the bridge to the C kernels (module `XentKernelsC`, compiled for SSE2,
/// AVX2 + FMA and AVX-512 and picked at load time); call
/// ``Loss/linearCrossEntropy(hidden:weights:bias:labels:withGradient:threads:plan:)`` instead.
public protocol LinearCrossEntropyScalar: KernelScalar, Real {
    static func _lcePackHidden(
        _ hidden: UnsafePointer<Self>, _ tokens: Int, _ dimension: Int, _ blockTokens: Int,
        _ tokenPanels: UnsafeMutablePointer<Self>, _ columnPanels: UnsafeMutablePointer<Self>)
    static func _lceLogits(
        _ weights: UnsafePointer<Self>, _ dimension: Int, _ bias: UnsafePointer<Self>?,
        _ tokenPanels: UnsafePointer<Self>, _ blockTokens: Int, _ vocabulary: Range<Int>,
        _ logits: UnsafeMutablePointer<Self>)
    static func _lceRowStatistics(
        _ logits: UnsafePointer<Self>, _ vocabulary: Int, _ blockTokens: Int, _ tokens: Range<Int>,
        _ labels: UnsafePointer<Int64>, _ classWeights: UnsafePointer<Self>?, _ weighted: Bool,
        _ maxima: UnsafeMutablePointer<Self>, _ logSums: UnsafeMutablePointer<Double>,
        _ labelLogits: UnsafeMutablePointer<Self>, _ weightedSums: UnsafeMutablePointer<Double>)
    static func _lceGradient(
        _ logits: UnsafeMutablePointer<Self>, _ blockTokens: Int, _ tokens: Int, _ vocabulary: Range<Int>,
        _ maxima: UnsafePointer<Self>, _ logSums: UnsafePointer<Self>, _ softmaxScales: UnsafePointer<Self>,
        _ weightScales: UnsafePointer<Self>, _ classWeights: UnsafePointer<Self>?, _ labels: UnsafePointer<Int64>,
        _ labelScales: UnsafePointer<Self>, _ columnPanels: UnsafePointer<Self>, _ dimension: Int,
        _ weightsGradient: UnsafeMutablePointer<Self>?, _ biasGradient: UnsafeMutablePointer<Self>?)
    static func _lceHiddenGradient(
        _ gradient: UnsafePointer<Self>, _ blockTokens: Int, _ tokens: Int, _ vocabulary: Int,
        _ weights: UnsafePointer<Self>, _ dimension: Int, _ columns: Range<Int>,
        _ hiddenGradient: UnsafeMutablePointer<Self>)
}

extension Float: LinearCrossEntropyScalar {
    public static func _lcePackHidden(
        _ hidden: UnsafePointer<Float>, _ tokens: Int, _ dimension: Int, _ blockTokens: Int,
        _ tokenPanels: UnsafeMutablePointer<Float>, _ columnPanels: UnsafeMutablePointer<Float>
    ) {
        xk_lce_pack_hidden_f32(hidden, tokens, dimension, blockTokens, tokenPanels, columnPanels)
    }
    public static func _lceLogits(
        _ weights: UnsafePointer<Float>, _ dimension: Int, _ bias: UnsafePointer<Float>?,
        _ tokenPanels: UnsafePointer<Float>, _ blockTokens: Int, _ vocabulary: Range<Int>,
        _ logits: UnsafeMutablePointer<Float>
    ) {
        xk_lce_logits_f32(weights, dimension, bias, tokenPanels, blockTokens, vocabulary.lowerBound,
                          vocabulary.upperBound, logits)
    }
    public static func _lceRowStatistics(
        _ logits: UnsafePointer<Float>, _ vocabulary: Int, _ blockTokens: Int, _ tokens: Range<Int>,
        _ labels: UnsafePointer<Int64>, _ classWeights: UnsafePointer<Float>?, _ weighted: Bool,
        _ maxima: UnsafeMutablePointer<Float>, _ logSums: UnsafeMutablePointer<Double>,
        _ labelLogits: UnsafeMutablePointer<Float>, _ weightedSums: UnsafeMutablePointer<Double>
    ) {
        xk_lce_row_stats_f32(logits, vocabulary, blockTokens, tokens.lowerBound, tokens.upperBound, labels,
                             classWeights, weighted ? 1 : 0, maxima, logSums, labelLogits, weightedSums)
    }
    public static func _lceGradient(
        _ logits: UnsafeMutablePointer<Float>, _ blockTokens: Int, _ tokens: Int, _ vocabulary: Range<Int>,
        _ maxima: UnsafePointer<Float>, _ logSums: UnsafePointer<Float>, _ softmaxScales: UnsafePointer<Float>,
        _ weightScales: UnsafePointer<Float>, _ classWeights: UnsafePointer<Float>?, _ labels: UnsafePointer<Int64>,
        _ labelScales: UnsafePointer<Float>, _ columnPanels: UnsafePointer<Float>, _ dimension: Int,
        _ weightsGradient: UnsafeMutablePointer<Float>?, _ biasGradient: UnsafeMutablePointer<Float>?
    ) {
        xk_lce_gradient_f32(logits, blockTokens, tokens, vocabulary.lowerBound, vocabulary.upperBound, maxima,
                            logSums, softmaxScales, weightScales, classWeights, labels, labelScales, columnPanels,
                            dimension, weightsGradient, biasGradient)
    }
    public static func _lceHiddenGradient(
        _ gradient: UnsafePointer<Float>, _ blockTokens: Int, _ tokens: Int, _ vocabulary: Int,
        _ weights: UnsafePointer<Float>, _ dimension: Int, _ columns: Range<Int>,
        _ hiddenGradient: UnsafeMutablePointer<Float>
    ) {
        xk_lce_hidden_gradient_f32(gradient, blockTokens, tokens, vocabulary, weights, dimension, columns.lowerBound,
                                   columns.upperBound, hiddenGradient)
    }
}

extension Double: LinearCrossEntropyScalar {
    public static func _lcePackHidden(
        _ hidden: UnsafePointer<Double>, _ tokens: Int, _ dimension: Int, _ blockTokens: Int,
        _ tokenPanels: UnsafeMutablePointer<Double>, _ columnPanels: UnsafeMutablePointer<Double>
    ) {
        xk_lce_pack_hidden_f64(hidden, tokens, dimension, blockTokens, tokenPanels, columnPanels)
    }
    public static func _lceLogits(
        _ weights: UnsafePointer<Double>, _ dimension: Int, _ bias: UnsafePointer<Double>?,
        _ tokenPanels: UnsafePointer<Double>, _ blockTokens: Int, _ vocabulary: Range<Int>,
        _ logits: UnsafeMutablePointer<Double>
    ) {
        xk_lce_logits_f64(weights, dimension, bias, tokenPanels, blockTokens, vocabulary.lowerBound,
                          vocabulary.upperBound, logits)
    }
    public static func _lceRowStatistics(
        _ logits: UnsafePointer<Double>, _ vocabulary: Int, _ blockTokens: Int, _ tokens: Range<Int>,
        _ labels: UnsafePointer<Int64>, _ classWeights: UnsafePointer<Double>?, _ weighted: Bool,
        _ maxima: UnsafeMutablePointer<Double>, _ logSums: UnsafeMutablePointer<Double>,
        _ labelLogits: UnsafeMutablePointer<Double>, _ weightedSums: UnsafeMutablePointer<Double>
    ) {
        xk_lce_row_stats_f64(logits, vocabulary, blockTokens, tokens.lowerBound, tokens.upperBound, labels,
                             classWeights, weighted ? 1 : 0, maxima, logSums, labelLogits, weightedSums)
    }
    public static func _lceGradient(
        _ logits: UnsafeMutablePointer<Double>, _ blockTokens: Int, _ tokens: Int, _ vocabulary: Range<Int>,
        _ maxima: UnsafePointer<Double>, _ logSums: UnsafePointer<Double>, _ softmaxScales: UnsafePointer<Double>,
        _ weightScales: UnsafePointer<Double>, _ classWeights: UnsafePointer<Double>?,
        _ labels: UnsafePointer<Int64>, _ labelScales: UnsafePointer<Double>, _ columnPanels: UnsafePointer<Double>,
        _ dimension: Int, _ weightsGradient: UnsafeMutablePointer<Double>?,
        _ biasGradient: UnsafeMutablePointer<Double>?
    ) {
        xk_lce_gradient_f64(logits, blockTokens, tokens, vocabulary.lowerBound, vocabulary.upperBound, maxima,
                            logSums, softmaxScales, weightScales, classWeights, labels, labelScales, columnPanels,
                            dimension, weightsGradient, biasGradient)
    }
    public static func _lceHiddenGradient(
        _ gradient: UnsafePointer<Double>, _ blockTokens: Int, _ tokens: Int, _ vocabulary: Int,
        _ weights: UnsafePointer<Double>, _ dimension: Int, _ columns: Range<Int>,
        _ hiddenGradient: UnsafeMutablePointer<Double>
    ) {
        xk_lce_hidden_gradient_f64(gradient, blockTokens, tokens, vocabulary, weights, dimension, columns.lowerBound,
                                   columns.upperBound, hiddenGradient)
    }
}
