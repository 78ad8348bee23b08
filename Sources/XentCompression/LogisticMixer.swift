import Foundation
import XentCompressionC

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
    /// The lanes of an input or weight vector: at most this many inputs, and each weight set takes one 64-byte
    /// cache line, computed as one SIMD vector.
    static let width = 16
    /// The largest weight magnitude (units of 1/65536: 8.0). Weights are clamped to it after each step, so that
    /// every product of an input (at most 2047) and a weight fits in 32 bits.
    static let weightLimit: Int32 = (1 << 19) - 1

    let inputCount: Int
    /// The inputs of the current bit (logits, units of 1/256; `width` lanes, those past `inputCount` zero).
    let inputs: UnsafeMutablePointer<Int32>
    /// The weight sets, `width` lanes each (units of 1/65536).
    let weights: UnsafeMutablePointer<Int32>
    private let tables: LogisticTables
    private let rate: Int
    private var selected: UnsafeMutablePointer<Int32>
    /// The last prediction (units of 1/4096).
    private(set) var probability = 2048

    /// A mixer of `inputCount` inputs (at most `width`) with `selectorCount` weight sets, initial weight
    /// `initialWeight / 65536`; it reads its inputs from `other`'s when given.
    init(
        inputCount: Int, selectorCount: Int, rate: Int, initialWeight: Int32, tables: LogisticTables, memory: ModelMemory,
        sharingInputsOf other: LogisticMixer? = nil
    ) {
        precondition(inputCount <= LogisticMixer.width, "a mixer takes at most \(LogisticMixer.width) inputs")
        let width = LogisticMixer.width
        self.inputCount = inputCount
        inputs = other?.inputs ?? memory.table(of: Int32.self, count: width, initialValue: 0)
        weights = memory.table(of: Int32.self, count: width * selectorCount, initialValue: 0)
        for set in 0..<selectorCount {
            (weights + set * width).update(repeating: initialWeight, count: inputCount)
        }
        self.tables = tables
        self.rate = rate
        selected = weights
    }

    /// The mixed logit (units of 1/256, clamped to ±2047) with the weight set `selector`; remembers σ of it.
    ///
    /// The dot product sums the products `xᵢ·wᵢ` shifted right by 4 (so that 16 of them fit in 32 bits), then
    /// by 12: within one unit of `Σ xᵢ·wᵢ / 65536` rounded down.
    @inline(__always)
    mutating func mix(selector: Int) -> Int {
        selected = weights + selector &* LogisticMixer.width
        let logit = Int(xc_mixer_logit(xc_mixer_dot(inputs, selected)))
        probability = tables.squash(logit)
        return logit
    }

    /// One gradient step on the coding cost of `bit` for the last `mix`.
    @inline(__always)
    mutating func train(_ bit: Int) {
        let error = Int32(truncatingIfNeeded: ((bit << 12) - probability) &* rate)
        xc_mixer_train(inputs, selected, error, LogisticMixer.weightLimit)
    }

    /// The weight `index` of weight set `selector` (units of 1/65536).
    func weight(selector: Int, index: Int) -> Int32 {
        weights[selector * LogisticMixer.width + index]
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
