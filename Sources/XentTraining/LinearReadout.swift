import Foundation
import XentKernelsC

/// How the dense layer on a fixed feature layer (MiniRocket, Hydra) is fitted.
public enum HeadKind: String, CaseIterable, Sendable {
    /// Ridge regression onto ±1 class targets with the penalty chosen by exact leave-one-out (aeon's and
    /// scikit-learn's `RidgeClassifierCV`), its scores turned into probabilities by a softmax whose temperature is
    /// fitted by cross-entropy on the leave-one-out scores. The loss setting must be cross-entropy (the calibration's
    /// loss).
    case ridge
    /// The training loss (multinomial logistic regression for cross-entropy) plus `(λ/2)‖W‖²`, solved to its optimum
    /// by L-BFGS, λ chosen by stratified cross-validation on TRAIN scored by the same loss (leave-one-out for 50
    /// series or fewer, else 5 folds), then refitted on all of TRAIN; temperature-scaled on the out-of-fold logits.
    case logistic
    /// The network trained by AdamW for a number of epochs chosen on a stratified validation split (the MLP's and
    /// the CNN's only head).
    case adamw
}

/// A fitted linear read-out of standardised features: `logits = x W + b`, with the temperature that calibrates
/// its softmax — or a pool of such heads side by side (each `outputs / heads` wide, with its own temperature),
/// whose calibrated probabilities are averaged.
struct LinearReadout: Sendable {
    /// `Wᵀ` (`outputs × featureCount`, row-major), in Float for the product with the Float features.
    let weightsTransposed: [Float]
    /// `b`, one per output.
    let bias: [Float]
    /// The number of outputs (of all heads together).
    let outputs: Int
    /// The number of features read.
    let featureCount: Int
    /// The softmax temperature T of each head, fitted on its out-of-fold scores (1 for the index regression).
    let temperatures: [Double]

    /// The first head's temperature.
    var temperature: Double { temperatures[0] }
    /// The number of pooled heads.
    var heads: Int { temperatures.count }

    /// A read-out from weights `W` (`featureCount × outputs`, row-major), a bias and one temperature per head.
    init(weights: [Double], bias: [Double], featureCount: Int, temperatures: [Double]) {
        let k = bias.count
        outputs = k
        self.featureCount = featureCount
        var transposed = [Float](repeating: 0, count: k * featureCount)
        for j in 0..<featureCount { for c in 0..<k { transposed[c * featureCount + j] = Float(weights[j * k + c]) } }
        weightsTransposed = transposed
        self.bias = bias.map { Float($0) }
        self.temperatures = temperatures
    }

    /// The logits of `rows` feature rows (`rows × featureCount`), `rows × outputs`.
    func logits(of features: [Float], rows: Int) -> [Float] {
        var out = [Float](repeating: 0, count: rows * outputs)
        features.withUnsafeBufferPointer { x in
            weightsTransposed.withUnsafeBufferPointer { w in
                bias.withUnsafeBufferPointer { b in
                    out.withUnsafeMutableBufferPointer { o in
                        xk_dense_narrow_f32(x.baseAddress, w.baseAddress, o.baseAddress, 0, rows, featureCount,
                                            outputs, b.baseAddress)
                    }
                }
            }
        }
        return out
    }
}
