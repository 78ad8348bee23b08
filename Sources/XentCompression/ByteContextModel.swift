/// The adaptive order-k byte model: P(byte | the k bytes before it), learned online by counting.
///
/// The byte is coded as 8 binary decisions down a 255-node binary tree; each node in each context has an
/// `AdaptiveBitCounter` with the stationary cap, so the model's code length is, within a few bits per context
/// and node, the empirical conditional entropy of order k (order 0: the byte entropy of the file). Contexts are
/// hashed into a `NibbleBucketTable` of `1 << slotBits` counters.
struct ByteContextModel: BitPredictor {
    private let memory: ModelMemory
    private let table: NibbleBucketTable
    private let reciprocals: UnsafeMutablePointer<Int32>
    private let order: Int

    /// The bytes of memory the model's tables take.
    var memoryByteCount: Int { memory.byteCount }
    private var history: UInt64 = 0
    private var contextHash: UInt64 = 0
    private var partialByte = 1
    private var bitCount = 0
    private var bucket = 0
    private var nibble = 1
    private var slot = 0

    /// A model of order `order` (0...8) with `1 << slotBits` counters.
    init(order: Int, slotBits: Int) {
        memory = ModelMemory()
        table = NibbleBucketTable(slotBits: slotBits, memory: memory)
        reciprocals = memory.table(of: Int32.self, count: 1024, initialValue: 0)
        for (i, r) in AdaptiveBitCounter.reciprocals.enumerated() { reciprocals[i] = r }
        self.order = order
        contextHash = mixHash(0, UInt64(order))
        bucket = table.bucket(contextHash: contextHash, partialByte: 1)
        slot = bucket + 1
    }

    @inline(__always)
    mutating func probabilityOfOne() -> Int {
        let p = AdaptiveBitCounter.probability16(table.counters[slot])
        return clampBitProbability(p)
    }

    @inline(__always)
    mutating func update(_ bit: Int) {
        AdaptiveBitCounter.update(table.counters + slot, bit: bit, limit: 1023, reciprocals: reciprocals)
        partialByte = (partialByte << 1) | bit
        nibble = (nibble << 1) | bit
        bitCount += 1
        if bitCount == 8 {
            let byte = UInt64(partialByte & 255)
            history = (history << 8) | byte
            let mask: UInt64 = order >= 8 ? ~0 : (1 << UInt64(8 * order)) - 1
            contextHash = mixHash(history & mask, UInt64(order))
            partialByte = 1
            bitCount = 0
            nibble = 1
            bucket = table.bucket(contextHash: contextHash, partialByte: 1)
        } else if bitCount == 4 {
            nibble = 1
            bucket = table.bucket(contextHash: contextHash, partialByte: partialByte)
        }
        slot = bucket + nibble
    }
}
