import Foundation
import XentKernels

/// A static model for the ``ANSCoder``: a distribution quantised to integer frequencies that sum to 2^precision.
///
/// Quantisation keeps the coding overhead tiny. Every symbol of positive probability gets a frequency of at least
/// 1 (so any symbol the model allows can be coded); symbols of probability zero get 0 (coding one is an error).
/// Starting from `round(p·2^precision)`, frequencies are moved one unit at a time to or from the symbol where that
/// costs the least expected code length (a greedy descent on the Kullback–Leibler divergence KL(P‖P̂), which is
/// the overhead in bits per symbol). With the default 24 bits the overhead on a 256-symbol model is of the order of
/// 10⁻⁸ bits per symbol (``quantizationOverheadBits`` reports it exactly).
public struct ANSModel: Sendable {
    /// The default precision in bits: frequencies sum to 2^24.
    public static let defaultPrecisionBits = 24

    /// The distribution the model was built for, normalised to sum to 1.
    public let probabilities: [Double]
    /// The quantised frequencies, one per symbol, summing to 2^``precisionBits``.
    public let frequencies: [UInt32]
    /// The number of bits of the frequency scale.
    public let precisionBits: Int

    /// Encoder table, indexed by symbol (at least 256 entries, so a byte indexes it unchecked).
    let encoderSymbols: [ANSEncoderSymbol]
    /// Decoder intervals in layout order (decreasing frequency), with a sentinel of start 2^precision.
    let decoderIntervals: [ANSDecoderInterval]
    /// For each bucket of 2^(precision − bucketBits) slots, the first layout index whose interval meets it.
    let buckets: [UInt32]
    let bucketShift: UInt32

    /// Builds the model for `probabilities`.
    ///
    /// - Parameters:
    ///   - probabilities: non-negative finite weights, one per symbol (divided by their sum).
    ///   - precisionBits: the frequency scale, 1...31 bits; it must give each symbol of positive probability at
    ///     least one unit (2^precisionBits ≥ that number of symbols).
    /// - Throws: ``CodingError`` for an invalid distribution or precision.
    public init(probabilities: [Double], precisionBits: Int = ANSModel.defaultPrecisionBits) throws(CodingError) {
        let p = try Distribution.normalized(probabilities)
        guard (1...31).contains(precisionBits) else {
            throw .invalidPrecision(bits: precisionBits, expected: "1...31")
        }
        let positive = p.lazy.filter { $0 > 0 }.count
        guard positive <= 1 << precisionBits else {
            throw .invalidPrecision(
                bits: precisionBits, expected: "2^bits >= \(positive), the number of symbols of positive probability")
        }
        self.probabilities = p
        self.precisionBits = precisionBits
        let frequencies = ANSModel.quantize(p, total: 1 << precisionBits)
        self.frequencies = frequencies

        // Layout: symbols of positive frequency by decreasing frequency (then index), so that a decoder bucket
        // rarely needs more than one step of its linear search.
        let layout = frequencies.indices.filter { frequencies[$0] > 0 }
            .sorted { (frequencies[$0], $1) > (frequencies[$1], $0) }
        var encoder = [ANSEncoderSymbol](repeating: .invalid, count: max(256, frequencies.count))
        var intervals: [ANSDecoderInterval] = []
        intervals.reserveCapacity(layout.count + 1)
        var start: UInt32 = 0
        for s in layout {
            encoder[s] = ANSEncoderSymbol(start: start, frequency: frequencies[s], precisionBits: precisionBits)
            intervals.append(ANSDecoderInterval(start: start, frequency: frequencies[s], symbol: UInt32(s)))
            start += frequencies[s]
        }
        intervals.append(ANSDecoderInterval(start: start, frequency: 0, symbol: 0))
        self.encoderSymbols = encoder
        self.decoderIntervals = intervals

        // About four buckets per symbol (at least 2^12, at most 2^20), so the linear search is short.
        let bucketBits = min(precisionBits, 20, max(12, Int.bitWidth - layout.count.leadingZeroBitCount + 2))
        let shift = UInt32(precisionBits - bucketBits)
        var buckets = [UInt32](repeating: 0, count: 1 << bucketBits)
        var index = 0
        for b in buckets.indices {
            let firstSlot = UInt32(b) << shift
            while intervals[index + 1].start <= firstSlot { index += 1 }
            buckets[b] = UInt32(index)
        }
        self.buckets = buckets
        self.bucketShift = shift
    }

    /// The number of symbols (including those of probability zero).
    public var alphabetSize: Int { frequencies.count }

    /// The probability the coder actually uses for `symbol`: frequency / 2^precision.
    public func quantizedProbability(of symbol: Int) -> Double {
        Double(frequencies[symbol]) / Double(sign: .plus, exponent: precisionBits, significand: 1)
    }

    /// The probabilities the coder actually uses, P̂ (frequency / 2^precision for every symbol).
    public var quantizedProbabilities: [Double] {
        (0..<alphabetSize).map { quantizedProbability(of: $0) }
    }

    /// The smallest probability the frequency table holds: 2^−precision.
    public var resolution: Double { Double(sign: .plus, exponent: -precisionBits, significand: 1) }

    /// The symbols whose probability is positive but below ``resolution``: the table cannot hold it, so the coder
    /// gives each of them one unit (probability 2^−precision) and codes it in at most `precisionBits` bits however
    /// unlikely P says it is. Data that produce such a symbol are coded far shorter than their cross-entropy under
    /// P; their lengths follow ``crossEntropyBits(of:)`` instead.
    public var flooredSymbols: [Int] {
        probabilities.indices.filter { probabilities[$0] > 0 && probabilities[$0] < resolution }
    }

    /// The cross-entropy H(Q,P̂) of data Q under the quantised model the coder uses, in bits per symbol: what
    /// coded lengths approach (+∞ when Q produces a symbol of probability zero).
    ///
    /// - Throws: ``CodingError`` for an invalid distribution or one whose length differs from the model's.
    public func crossEntropyBits(of data: [Double]) throws(CodingError) -> Double {
        guard data.count == alphabetSize else { throw .lengthMismatch(expected: alphabetSize, actual: data.count) }
        return Distribution.crossEntropyBits(data: try Distribution.normalized(data), model: quantizedProbabilities)
    }

    /// The cost of quantisation in bits per symbol on data from the model's own distribution: KL(P‖P̂) ≥ 0.
    public var quantizationOverheadBits: Double {
        let scale = Double(sign: .plus, exponent: precisionBits, significand: 1)
        let terms = probabilities.indices.lazy.filter { self.probabilities[$0] > 0 }.map {
            self.probabilities[$0] * log2(self.probabilities[$0] * scale / Double(self.frequencies[$0]))
        }
        return terms.compensatedSum()
    }

    /// The greedy quantisation: round, then move single units where they cost least.
    static func quantize(_ p: [Double], total: Int) -> [UInt32] {
        let scale = Double(total)
        var f = p.map { $0 > 0 ? max(1, ($0 * scale).rounded()) : 0 }
        var sum = Int(f.compensatedSum())
        if sum == total { return f.map { UInt32($0) } }
        // Cost (in expected bits, to first order exact) of the next unit step for symbol i.
        func removalCost(_ i: Int) -> Double { f[i] > 1 ? p[i] * log2(f[i] / (f[i] - 1)) : .infinity }
        func additionGain(_ i: Int) -> Double { p[i] > 0 ? p[i] * log2((f[i] + 1) / f[i]) : -.infinity }
        let removing = sum > total
        var heap = ANSQuantizationHeap(
            priorities: p.indices.map { removing ? -removalCost($0) : additionGain($0) })
        while sum != total {
            let i = heap.top
            if removing {
                f[i] -= 1
                sum -= 1
                heap.update(i, priority: -removalCost(i))
            } else {
                f[i] += 1
                sum += 1
                heap.update(i, priority: additionGain(i))
            }
        }
        return f.map { UInt32($0) }
    }
}

/// A binary max-heap over indices with updatable priorities (for the quantisation's greedy steps).
struct ANSQuantizationHeap {
    private var priority: [Double]
    private var heap: [Int]
    private var position: [Int]

    init(priorities: [Double]) {
        priority = priorities
        heap = Array(priorities.indices)
        position = Array(priorities.indices)
        for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
    }

    var top: Int { heap[0] }

    mutating func update(_ item: Int, priority newPriority: Double) {
        let old = priority[item]
        priority[item] = newPriority
        if newPriority > old { siftUp(position[item]) } else { siftDown(position[item]) }
    }

    private func before(_ a: Int, _ b: Int) -> Bool {
        (priority[a], -a) > (priority[b], -b)
    }

    private mutating func swapAt(_ i: Int, _ j: Int) {
        heap.swapAt(i, j)
        position[heap[i]] = i
        position[heap[j]] = j
    }

    private mutating func siftUp(_ start: Int) {
        var i = start
        while i > 0 {
            let parent = (i - 1) / 2
            guard before(heap[i], heap[parent]) else { return }
            swapAt(i, parent)
            i = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        while true {
            let left = 2 * i + 1
            let right = left + 1
            var best = i
            if left < heap.count && before(heap[left], heap[best]) { best = left }
            if right < heap.count && before(heap[right], heap[best]) { best = right }
            if best == i { return }
            swapAt(i, best)
            i = best
        }
    }
}

/// What the encoder needs per symbol: the renormalisation bound and a reciprocal for division-free coding
/// (F. Giesen's rans64 scheme).
struct ANSEncoderSymbol: Sendable {
    /// Renormalise (emit 32 bits) when the state is at least this; 0 marks a symbol that cannot be coded.
    var maximumState: UInt64
    var reciprocal: UInt64
    var bias: UInt64
    var complementFrequency: UInt64
    var shift: UInt64

    static let invalid = ANSEncoderSymbol(maximumState: 0, reciprocal: 0, bias: 0, complementFrequency: 0, shift: 0)

    init(maximumState: UInt64, reciprocal: UInt64, bias: UInt64, complementFrequency: UInt64, shift: UInt64) {
        self.maximumState = maximumState
        self.reciprocal = reciprocal
        self.bias = bias
        self.complementFrequency = complementFrequency
        self.shift = shift
    }

    init(start: UInt32, frequency: UInt32, precisionBits: Int) {
        let f = UInt64(frequency)
        let scale = UInt64(1) << UInt64(precisionBits)
        maximumState = ((ANSCoder.lowerBound >> UInt64(precisionBits)) << 32) * f
        complementFrequency = scale - f
        if f < 2 {
            reciprocal = ~0
            shift = 0
            bias = UInt64(start) + scale - 1
        } else {
            var s: UInt64 = 0
            while f > (1 << s) { s += 1 }
            // reciprocal = ceil(2^(s + 63) / f), by long division in two 32-bit halves.
            let x1 = UInt64(1) << (s + 31)
            let t1 = x1 / f
            let x0 = (f - 1) + ((x1 % f) << 32)
            let t0 = x0 / f
            reciprocal = t0 &+ (t1 << 32)
            shift = s - 1
            bias = UInt64(start)
        }
    }
}

/// A symbol's interval in the decoder's layout.
struct ANSDecoderInterval: Sendable {
    var start: UInt32
    var frequency: UInt32
    var symbol: UInt32
}
