import RealModule
import XentKernelsC

/// The optimisers: one update rule over a network's flat parameter array.
public enum OptimizerKind: Sendable, Equatable {
    /// Stochastic gradient descent with (heavy-ball) momentum: `v ← μv + g + λθ`, `θ ← θ − η v`.
    case sgd(momentum: Double)
    /// AdamW (Loshchilov & Hutter): Adam's moment estimates with bias correction, and decoupled weight decay
    /// `θ ← θ − ηλθ` applied to weights (not to biases or normalisation parameters).
    case adamW(beta1: Double, beta2: Double, epsilon: Double)

    /// AdamW with the usual constants (β₁ = 0.9, β₂ = 0.999, ε = 1e-8).
    public static let defaultAdamW = OptimizerKind.adamW(beta1: 0.9, beta2: 0.999, epsilon: 1e-8)
}

/// The state of an optimiser for one parameter array.
struct Optimizer<S: NetworkScalar> {
    let kind: OptimizerKind
    let weightDecay: Double
    private var first: [S]
    private var second: [S]
    private var step = 0

    init(kind: OptimizerKind, weightDecay: Double, parameterCount: Int) {
        self.kind = kind
        self.weightDecay = weightDecay
        first = [S](repeating: 0, count: parameterCount)
        second = kind == .sgd(momentum: 0) ? [] : [S](repeating: 0, count: parameterCount)
    }

    /// One update with learning rate `rate`.
    mutating func update(_ parameters: inout [S], gradients: [S], decayMask: [S], rate: Double) {
        step += 1
        let count = parameters.count
        let eta = S(rate)
        let lambda = S(weightDecay)
        parameters.withUnsafeMutableBufferPointer { p in
            first.withUnsafeMutableBufferPointer { m in
                second.withUnsafeMutableBufferPointer { v in
                    gradients.withUnsafeBufferPointer { g in
                        decayMask.withUnsafeBufferPointer { mask in
                            switch kind {
                            case .sgd(let momentum):
                                let mu = S(momentum)
                                for i in 0..<count {
                                    let gi = g[i] + lambda * mask[i] * p[i]
                                    m[i] = mu * m[i] + gi
                                    p[i] -= eta * m[i]
                                }
                            case .adamW(let beta1, let beta2, let epsilon):
                                let b1 = S(beta1), b2 = S(beta2), eps = S(epsilon)
                                let correction1 = S(1 - Double.pow(beta1, step))
                                let correction2 = S(1 - Double.pow(beta2, step))
                                let decay = eta * lambda
                                if S.self == Float.self, let pf = p.baseAddress, let mf = m.baseAddress,
                                   let vf = v.baseAddress, let gf = g.baseAddress, let maskf = mask.baseAddress {
                                    // The same operations in C, in the clone for the CPU (same bits, vectorised).
                                    func float(_ x: S) -> Float { Float(x) }
                                    pf.withMemoryRebound(to: Float.self, capacity: count) { pp in
                                        mf.withMemoryRebound(to: Float.self, capacity: count) { mm in
                                            vf.withMemoryRebound(to: Float.self, capacity: count) { vv in
                                                gf.withMemoryRebound(to: Float.self, capacity: count) { gg in
                                                    maskf.withMemoryRebound(to: Float.self, capacity: count) { kk in
                                                        xk_adamw_update_f32(
                                                            pp, mm, vv, gg, kk, count, float(b1), float(b2),
                                                            float(eps), float(correction1), float(correction2),
                                                            float(eta), float(decay))
                                                    }
                                                }
                                            }
                                        }
                                    }
                                    return
                                }
                                for i in 0..<count {
                                    let gi = g[i]
                                    m[i] = b1 * m[i] + (1 - b1) * gi
                                    v[i] = b2 * v[i] + (1 - b2) * gi * gi
                                    let mHat = m[i] / correction1
                                    let vHat = v[i] / correction2
                                    p[i] -= decay * mask[i] * p[i]
                                    p[i] -= eta * mHat / (vHat.squareRoot() + eps)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A learning-rate schedule over the steps of a run.
public enum LearningRateSchedule: Sendable, Equatable {
    /// The same rate at every step.
    case constant
    /// One cycle (Smith 2018, PyTorch's `OneCycleLR` with cosine annealing): warm up from rate/25 to the peak over
    /// the first `warmupFraction` of the steps, then anneal to rate/10⁴.
    case oneCycle(warmupFraction: Double)
    /// Cosine decay from the peak to 0.
    case cosine

    /// The rate at `step` (0-based) of `total` steps for a peak rate `peak`.
    public func rate(step: Int, total: Int, peak: Double) -> Double {
        let total = max(total, 1)
        switch self {
        case .constant:
            return peak
        case .cosine:
            let progress = Double(step) / Double(total)
            return peak * 0.5 * (1 + Double.cos(Double.pi * min(progress, 1)))
        case .oneCycle(let warmupFraction):
            let initial = peak / 25
            let final = initial / 1e4
            let warmupSteps = max(1, Double(warmupFraction * Double(total)) - 1)
            let s = Double(step)
            if s <= warmupSteps {
                return anneal(from: initial, to: peak, progress: s / warmupSteps)
            }
            let rest = max(1, Double(total - 1) - warmupSteps)
            return anneal(from: peak, to: final, progress: min(1, (s - warmupSteps) / rest))
        }
    }

    private func anneal(from start: Double, to end: Double, progress: Double) -> Double {
        end + (start - end) / 2 * (1 + Double.cos(Double.pi * progress))
    }
}
