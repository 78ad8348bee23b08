/// The context-mixing model: several byte-context models and a match model predict each bit; a gated logistic
/// mixer trained on the coding cost blends them, and two APM stages refine the result.
///
/// Inputs (each a logit, units of 1/256): order 0 and order 1 (direct tables), orders 2, 3, 4 and 6 (hashed
/// nibble buckets), a word model (the hash of the letters of the current word and the word before it, case
/// folded) and the match model. The mixer's weight set is chosen by the match-length class, how many of the
/// hashed orders 2–6 have seen the current context, and the bits of the current byte; the APMs use the current
/// byte's bits, and those with the previous byte.
///
/// Memory is set by `level` (1...9): `1 << (17 + level)` counters (4 bytes each) shared by the hashed contexts, a history of
/// `1 << (16 + level)` bytes for the match model (`CompressionModel.memoryRequirement`: 1.8 MB at level 1,
/// 41 MB at level 6, 315 MB at level 9).
struct ContextMixingModel: BitPredictor {
    /// The hashed context orders (2, 3, 4, 6) and the word model.
    static let hashedInputCount = 5
    static let inputCount = 2 + hashedInputCount + 1 + 1

    private let memory: ModelMemory
    private let tables: LogisticTables
    private let reciprocals: UnsafeMutablePointer<Int32>
    private let order0: UnsafeMutablePointer<UInt32>
    private let order1: UnsafeMutablePointer<UInt32>
    private let hashed: NibbleBucketTable
    private let hashedSlotBits: Int
    /// The context hashes (per hashed input) of the current byte and the buckets of the current nibble.
    private let contextHashes: UnsafeMutablePointer<UInt64>
    private let buckets: UnsafeMutablePointer<Int>
    private let slots: UnsafeMutablePointer<Int>
    private let scratch: UnsafeMutablePointer<UInt64>
    private let limits: UnsafeMutablePointer<Int>
    private var mixer: LogisticMixer
    private var match: MatchModel
    private var apmByte: AdaptiveProbabilityMap
    private var apmOrder1: AdaptiveProbabilityMap
    private let apmOrder1Mask: Int
    private var partialByte = 1
    private var bitCount = 0
    private var nibble = 1
    private var recent: UInt64 = 0
    private var wordHash: UInt64 = 0
    private var previousWordHash: UInt64 = 0

    /// The bytes of memory the model's tables take.
    var memoryByteCount: Int { memory.byteCount }

    /// A model at `level` (1...9; the caller checks the range).
    init(level: Int) {
        memory = ModelMemory()
        tables = LogisticTables(memory: memory)
        reciprocals = memory.table(of: Int32.self, count: 1024, initialValue: 0)
        for (i, r) in AdaptiveBitCounter.reciprocals.enumerated() { reciprocals[i] = r }
        order0 = memory.table(of: UInt32.self, count: 256, initialValue: AdaptiveBitCounter.initial)
        order1 = memory.table(of: UInt32.self, count: 65536, initialValue: AdaptiveBitCounter.initial)
        hashedSlotBits = 14 + level
        let n = ContextMixingModel.hashedInputCount
        hashed = NibbleBucketTable(slotBits: hashedSlotBits + 3, memory: memory)
        contextHashes = memory.table(of: UInt64.self, count: n, initialValue: 0)
        buckets = memory.table(of: Int.self, count: n, initialValue: 0)
        slots = memory.table(of: Int.self, count: n, initialValue: 0)
        scratch = memory.table(of: UInt64.self, count: n, initialValue: 0)
        limits = memory.table(of: Int.self, count: ContextMixingModel.inputCount, initialValue: 127)
        mixer = LogisticMixer(
            inputCount: ContextMixingModel.inputCount, selectorCount: 20 * 256, rate: 8, initialWeight: 22000,
            tables: tables, memory: memory)
        match = MatchModel(
            historyBits: 16 + level, indexBits: 12 + level, tables: tables, reciprocals: reciprocals, memory: memory)
        apmByte = AdaptiveProbabilityMap(contextCount: 256, rate: 7, tables: tables, memory: memory)
        let apmContexts = 1 << min(16, 9 + level)
        apmOrder1Mask = apmContexts - 1
        apmOrder1 = AdaptiveProbabilityMap(contextCount: apmContexts, rate: 7, tables: tables, memory: memory)
        limits[0] = 1023
        limits[1] = 1023
        limits[2] = 127
        limits[3] = 127
        limits[4] = 60
        limits[5] = 60
        limits[6] = 60
        startByte()
    }

    /// Computes the contexts of a new byte (after `recent` and the word hashes are updated).
    @inline(__always)
    private mutating func startByte() {
        contextHashes[0] = mixHash(recent & 0xFFFF, 2)
        contextHashes[1] = mixHash(recent & 0xFF_FFFF, 3)
        contextHashes[2] = mixHash(recent & 0xFFFF_FFFF, 4)
        contextHashes[3] = mixHash(recent & 0xFFFF_FFFF_FFFF, 6)
        contextHashes[4] = mixHash(wordHash &+ mixHash(previousWordHash, 8), 7)
        startNibble()
    }

    @inline(__always)
    private mutating func startNibble() {
        hashed.findBuckets(
            contextHashes: contextHashes, count: ContextMixingModel.hashedInputCount, partialByte: partialByte,
            buckets: buckets, scratch: scratch)
    }

    @inline(__always)
    mutating func probabilityOfOne() -> Int {
        let inputs = mixer.inputs
        let c1 = Int(recent & 0xFF)
        inputs[0] = Int32(tables.stretch(AdaptiveBitCounter.probability12(order0[partialByte])))
        inputs[1] = Int32(tables.stretch(AdaptiveBitCounter.probability12(order1[c1 << 8 | partialByte])))
        var known = 0
        for i in 0..<ContextMixingModel.hashedInputCount {
            let slot = buckets[i] + nibble
            slots[i] = slot
            let counter = hashed.counters[slot]
            if i < 4 && counter & 1023 != 0 { known += 1 }
            inputs[2 + i] = Int32(tables.stretch(AdaptiveBitCounter.probability12(counter)))
        }
        inputs[7] = match.predict(partialByte: partialByte, bitCount: bitCount)
        inputs[8] = 256
        let logit = mixer.mix(selector: (match.lengthClass * 5 + known) << 8 | partialByte)
        let p0 = tables.squash(logit) << 4
        let p1 = apmByte.refine(logit: logit, context: partialByte)
        let p2 = apmOrder1.refine(logit: logit, context: (c1 << 8 | partialByte) & apmOrder1Mask)
        let p = (p0 + p1 + 2 * p2 + 2) >> 2
        return clampBitProbability(p)
    }

    @inline(__always)
    mutating func update(_ bit: Int) {
        let c1 = Int(recent & 0xFF)
        AdaptiveBitCounter.update(order0 + partialByte, bit: bit, limit: limits[0], reciprocals: reciprocals)
        AdaptiveBitCounter.update(order1 + (c1 << 8 | partialByte), bit: bit, limit: limits[1], reciprocals: reciprocals)
        for i in 0..<ContextMixingModel.hashedInputCount {
            AdaptiveBitCounter.update(hashed.counters + slots[i], bit: bit, limit: limits[2 + i], reciprocals: reciprocals)
        }
        match.update(bit)
        mixer.train(bit)
        apmByte.update(bit)
        apmOrder1.update(bit)

        partialByte = (partialByte << 1) | bit
        nibble = (nibble << 1) | bit
        bitCount += 1
        if bitCount == 8 {
            let byte = partialByte & 255
            recent = (recent << 8) | UInt64(byte)
            let isLetter = (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
            if isLetter {
                wordHash = mixHash(wordHash &+ UInt64(byte | 32), 11)
            } else if wordHash != 0 {
                previousWordHash = wordHash
                wordHash = 0
            }
            match.append(byte, recentBytes: recent)
            partialByte = 1
            bitCount = 0
            nibble = 1
            startByte()
        } else if bitCount == 4 {
            nibble = 1
            startNibble()
        }
    }
}
