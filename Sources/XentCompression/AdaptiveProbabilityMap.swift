/// Secondary symbol estimation (an APM/SSE stage): it refines a probability in a small context by learning, for
/// each context and each of 33 points of the logit axis, the probability that the bit is 1 when the input
/// prediction falls there.
///
/// This type builds the table: `contextCount` rows of 33 points (16-bit probabilities, units of 2^-16), point `j`
/// starting at σ((j − 16) · 128 / 256), so that a fresh map returns its input. The arithmetic is in the model's
/// per-bit path (ContextMixingBits.c): `refine` interpolates between the two points nearest a logit (units of
/// 1/256, within ±2047) in the context's row, and `update` moves the nearer of them toward the bit by
/// `2^-rate` of the distance (toward 65535 or 0, less the rate's rounding margin).
struct AdaptiveProbabilityMap {
    /// `contextCount` rows of 33 points.
    let table: UnsafeMutablePointer<UInt16>

    /// A map for `contextCount` contexts.
    init(contextCount: Int, tables: LogisticTables, memory: ModelMemory) {
        table = memory.table(of: UInt16.self, count: contextCount * 33, initialValue: 0)
        for context in 0..<contextCount {
            for j in 0..<33 {
                table[context * 33 + j] = UInt16(tables.squash((j - 16) * 128) * 16)
            }
        }
    }
}
