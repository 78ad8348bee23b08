import Foundation

/// A gated logistic mixer: it combines the models' predictions in the logit domain,
/// `p = σ(Σᵢ wᵢ · stretch(pᵢ))`, with one weight vector per selector context, and trains the selected weights
/// online by gradient descent on the coding cost.
///
/// The coding cost of a bit `y` is the binary cross-entropy `L = −y·log σ(z) − (1 − y)·log(1 − σ(z))` of the
/// logit `z = w·x`, whose gradient is `∂L/∂wᵢ = (σ(z) − y)·xᵢ` (the cross-entropy-with-logits gradient of the
/// losses; `bitCostGradient(logit:bit:)` states it and the tests check it against finite differences). The
/// update is `wᵢ ← wᵢ − η·(σ(z) − y)·xᵢ` in fixed point: logits in units of 1/256, probabilities in units of
/// 1/4096, weights in units of 1/65536, and `η = rate / 1024` per (logit unit × probability unit), so the
/// compressor is the article's loss minimised one bit at a time.
struct LogisticMixer {
    let inputCount: Int
    /// The inputs of the current bit (logits, units of 1/256).
    let inputs: UnsafeMutablePointer<Int32>
    private let weights: UnsafeMutablePointer<Int32>
    private let tables: LogisticTables
    private let rate: Int
    private var selected: UnsafeMutablePointer<Int32>
    /// The last prediction (units of 1/4096).
    private(set) var probability = 2048

    /// A mixer of `inputCount` inputs with `selectorCount` weight sets, initial weight `initialWeight / 65536`.
    init(inputCount: Int, selectorCount: Int, rate: Int, initialWeight: Int32, tables: LogisticTables, memory: ModelMemory) {
        self.inputCount = inputCount
        inputs = memory.table(of: Int32.self, count: inputCount, initialValue: 0)
        weights = memory.table(of: Int32.self, count: inputCount * selectorCount, initialValue: initialWeight)
        self.tables = tables
        self.rate = rate
        selected = weights
    }

    /// The mixed logit (units of 1/256, clamped to ±2047) with the weight set `selector`; remembers σ of it.
    @inline(__always)
    mutating func mix(selector: Int) -> Int {
        selected = weights + selector * inputCount
        var dot = 0
        for i in 0..<inputCount {
            dot &+= Int(inputs[i]) &* Int(selected[i])
        }
        var logit = dot >> 16
        logit = logit > 2047 ? 2047 : (logit < -2047 ? -2047 : logit)
        probability = tables.squash(logit)
        return logit
    }

    /// One gradient step on the coding cost of `bit` for the last `mix`.
    @inline(__always)
    mutating func train(_ bit: Int) {
        let error = ((bit << 12) - probability) &* rate
        for i in 0..<inputCount {
            selected[i] &+= Int32(truncatingIfNeeded: (Int(inputs[i]) &* error &+ (1 << 13)) >> 14)
        }
    }

    /// The weight `index` of weight set `selector` (units of 1/65536).
    func weight(selector: Int, index: Int) -> Int32 {
        weights[selector * inputCount + index]
    }

    /// The gradient of the coding cost of `bit` (in nats) with respect to the logit: `σ(logit) − bit`.
    ///
    /// The derivative of `−log σ(z)` (a 1) is `σ(z) − 1` and that of `−log(1 − σ(z))` (a 0) is `σ(z)`; the
    /// gradient with respect to weight `wᵢ` is this times the input `xᵢ`.
    static func bitCostGradient(logit: Double, bit: Int) -> Double {
        let sigma = logit >= 0 ? 1 / (1 + exp(-logit)) : exp(logit) / (1 + exp(logit))
        return sigma - Double(bit)
    }
}
