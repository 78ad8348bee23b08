/// How the fused linear + cross-entropy is blocked: tokens a block at a time, each block's logits over the whole
/// vocabulary held at once (vocabulary-major), and nothing larger.
///
/// The block size depends on the shapes and the budget only, never on the thread count, so results have the same
/// bits for any number of threads.
public struct LinearCrossEntropyPlan: Sendable, Hashable {
    /// Tokens per block: a multiple of 16 (the last block is padded with zero hidden rows).
    public let blockTokens: Int
    /// The most logits (and then logit gradients, in the same memory) held at once, in bytes:
    /// `blockTokens × vocabulary × MemoryLayout<Scalar>.size`.
    public let peakLogitsBytes: Int

    /// The fewest multiply-adds per product of a block (block tokens × dimension × vocabulary) worth more than one
    /// thread: below it the threads' start and join cost more than they save, and the operation runs on one thread
    /// whatever count it was given (same bits either way).
    public let minimumParallelWork: Int

    /// The default budget for one block of logits: 32 MiB.
    public static let defaultLogitsBudget = 32 << 20

    /// The default ``minimumParallelWork``: 2²² multiply-adds, about 0.1 ms of one core's matrix product.
    public static let defaultMinimumParallelWork = 1 << 22

    /// The plan for `tokens` tokens over a `vocabulary` of the given scalar size: the largest multiple of 16
    /// tokens (at least 16, at most 256, and no more than the tokens rounded up to 16) whose logits fit the
    /// budget. `minimumParallelWork`: see the property.
    public init(
        tokens: Int, vocabulary: Int, scalarSize: Int, logitsBudget: Int = defaultLogitsBudget,
        minimumParallelWork: Int = defaultMinimumParallelWork
    ) {
        self.minimumParallelWork = max(0, minimumParallelWork)
        let perToken = max(1, vocabulary) * max(1, scalarSize)
        var block = max(1, logitsBudget) / perToken / 16 * 16
        block = min(max(block, 16), 256, max(16, (tokens + 15) / 16 * 16))
        blockTokens = block
        peakLogitsBytes = block * max(0, vocabulary) * scalarSize
    }
}
