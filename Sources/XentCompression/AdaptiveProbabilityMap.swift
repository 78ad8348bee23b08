import XentCompressionC

/// Secondary symbol estimation (an APM/SSE stage): it refines a probability in a small context by learning, for
/// each context and each of 33 points of the logit axis, the probability that the bit is 1 when the input
/// prediction falls there; the output interpolates between the two nearest points (16-bit precision).
struct AdaptiveProbabilityMap {
    private let table: UnsafeMutablePointer<UInt16>
    private let contextCount: Int
    private let rate: Int
    private var index = 0

    /// A map for `contextCount` contexts that learns at rate `2^-rate`.
    init(contextCount: Int, rate: Int, tables: LogisticTables, memory: ModelMemory) {
        self.contextCount = contextCount
        self.rate = rate
        table = memory.table(of: UInt16.self, count: contextCount * 33, initialValue: 0)
        for context in 0..<contextCount {
            for j in 0..<33 {
                table[context * 33 + j] = UInt16(tables.squash((j - 16) * 128) * 16)
            }
        }
    }

    /// The refined P(1) (units of 2^-16) of a prediction given as a logit (units of 1/256, within ±2047) in
    /// `context` (0..<contextCount).
    @inline(__always)
    mutating func refine(logit: Int, context: Int) -> Int {
        let position = logit + 2048
        let weight = position & 127
        let base = context * 33 + (position >> 7)
        index = base + (weight >> 6)
        return (Int(table[base]) * (128 - weight) + Int(table[base + 1]) * weight) >> 7
    }

    /// Prefetches the 33 points of `context` (two cache lines), for a `refine` soon.
    @inline(__always)
    func prefetch(context: Int) {
        xc_prefetch(table + context * 33)
        xc_prefetch(table + context * 33 + 32)
    }

    /// Moves the point nearest the last prediction toward `bit`.
    @inline(__always)
    mutating func update(_ bit: Int) {
        let target = (bit << 16) + (bit << rate) - bit - bit
        let value = Int(table[index])
        table[index] = UInt16(truncatingIfNeeded: value + ((target - value) >> rate))
    }
}
