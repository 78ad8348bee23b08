/// The context-mixing model: byte contexts, word and column contexts and a match model predict each bit; two
/// gated logistic mixers trained on the coding cost blend them (their logits averaged), and two APM stages refine
/// the result.
///
/// Inputs (each a logit, units of 1/256):
/// - order 0 and order 1, from direct tables of `AdaptiveBitCounter`s (counts up to 1023: stationary);
/// - orders 2, 3, 4 and 6, the current word with the word before it, the current word alone (words are runs of
///   ASCII letters, case folded), and a column context (the byte above in the previous line, the column and the
///   previous byte), from one hashed `PairedNibbleTable` of 16-bit `CompactBitCounter`s (counts up to 15: they
///   follow change);
/// - the match model, and a constant bias.
///
/// The first mixer's weight set is chosen by the match-length class, how many of orders 2–6 have seen their
/// context, and the bits of the current byte; the second's by the previous byte and the bit position. The APMs
/// refine the averaged logit in the context of the current byte's bits, and of them with the previous byte.
///
/// Memory is set by `level` (1...9): `1 << (18 + level)` 16-bit counters shared by the hashed contexts, a history
/// of `1 << (16 + level)` bytes for the match model (`CompressionModel.memoryRequirement`: 2.1 MB at level 1,
/// 42 MB at level 6, 315 MB at level 9).
struct ContextMixingModel: BitPredictor {
    /// The hashed contexts: orders 2, 3, 4 and 6, word bigram, word, column.
    static let hashedInputCount = 7
    /// The hashed contexts counted in the mixer's selector (the byte orders 2, 3, 4 and 6).
    static let orderedInputCount = 4
    /// Direct orders 0 and 1, the hashed contexts, the match model and the bias.
    static let inputCount = 2 + hashedInputCount + 1 + 1
    /// The bytes of the previous line that the column context can see.
    static let lineCapacity = 256
    /// The count caps of the hashed contexts' counters (at most 15).
    static let hashedLimits = [15, 15, 15, 15, 15, 7, 7]

    private let memory: ModelMemory
    private let tables: LogisticTables
    private let reciprocals: UnsafeMutablePointer<Int32>
    private let compactReciprocals: UnsafeMutablePointer<Int32>
    private let hashedLimits: UnsafeMutablePointer<Int>
    private let order0: UnsafeMutablePointer<UInt32>
    private let order1: UnsafeMutablePointer<UInt32>
    private let hashed: PairedNibbleTable
    /// The context hashes (per hashed input) of the current byte and the buckets of the current nibble.
    private let contextHashes: UnsafeMutablePointer<UInt64>
    private let buckets: UnsafeMutablePointer<Int>
    private let slots: UnsafeMutablePointer<Int>
    private let scratch: UnsafeMutablePointer<UInt64>
    /// The places (`PairedNibbleTable.place`) of the current nibble's contexts.
    private let places: UnsafeMutablePointer<UInt64>
    /// The places of the next nibble's contexts for each value of the bit that ends the current one (two rows).
    private let nextNibblePlaces: UnsafeMutablePointer<UInt64>
    /// The context hashes and first-nibble places of the next byte for each value of the current byte's last
    /// bit (two rows each), computed one bit early to prefetch their lines and then taken as they are.
    private let nextByteHashes: UnsafeMutablePointer<UInt64>
    private let nextBytePlaces: UnsafeMutablePointer<UInt64>
    private let lastLine: UnsafeMutablePointer<UInt8>
    private let thisLine: UnsafeMutablePointer<UInt8>
    private var mixer: LogisticMixer
    private var byteMixer: LogisticMixer
    private var match: MatchModel
    private var apmByte: AdaptiveProbabilityMap
    private var apmOrder1: AdaptiveProbabilityMap
    private let apmOrder1Mask: Int
    private var partialByte = 1
    private var bitCount = 0
    private var nibble = 1
    private var known = 0
    private var recent: UInt64 = 0
    private var wordHash: UInt64 = 0
    private var previousWordHash: UInt64 = 0
    private var column = 0
    private var lineLength = 0

    /// The bytes of memory the model's tables take.
    var memoryByteCount: Int { memory.byteCount }

    /// A model at `level` (1...9; the caller checks the range).
    init(level: Int) {
        memory = ModelMemory()
        tables = LogisticTables(memory: memory)
        reciprocals = memory.table(of: Int32.self, count: 1024, initialValue: 0)
        for (i, r) in AdaptiveBitCounter.reciprocals.enumerated() { reciprocals[i] = r }
        compactReciprocals = memory.table(of: Int32.self, count: 16, initialValue: 0)
        for (i, r) in CompactBitCounter.reciprocals.enumerated() { compactReciprocals[i] = r }
        let n = ContextMixingModel.hashedInputCount
        hashedLimits = memory.table(of: Int.self, count: n, initialValue: 15)
        for (i, limit) in ContextMixingModel.hashedLimits.enumerated() { hashedLimits[i] = limit }
        order0 = memory.table(of: UInt32.self, count: 256, initialValue: AdaptiveBitCounter.initial)
        order1 = memory.table(of: UInt32.self, count: 65536, initialValue: AdaptiveBitCounter.initial)
        hashed = PairedNibbleTable(slotBits: 18 + level, memory: memory)
        contextHashes = memory.table(of: UInt64.self, count: n, initialValue: 0)
        buckets = memory.table(of: Int.self, count: n, initialValue: 0)
        slots = memory.table(of: Int.self, count: n, initialValue: 0)
        scratch = memory.table(of: UInt64.self, count: n, initialValue: 0)
        places = memory.table(of: UInt64.self, count: n, initialValue: 0)
        nextNibblePlaces = memory.table(of: UInt64.self, count: 2 * n, initialValue: 0)
        nextByteHashes = memory.table(of: UInt64.self, count: 2 * n, initialValue: 0)
        nextBytePlaces = memory.table(of: UInt64.self, count: 2 * n, initialValue: 0)
        lastLine = memory.table(of: UInt8.self, count: ContextMixingModel.lineCapacity, initialValue: 0)
        thisLine = memory.table(of: UInt8.self, count: ContextMixingModel.lineCapacity, initialValue: 0)
        mixer = LogisticMixer(
            inputCount: ContextMixingModel.inputCount, selectorCount: ContextMixingModel.mixerSelectorCount, rate: 8,
            initialWeight: 22000, tables: tables, memory: memory)
        byteMixer = LogisticMixer(
            inputCount: ContextMixingModel.inputCount, selectorCount: ContextMixingModel.byteMixerSelectorCount,
            rate: 8, initialWeight: 22000, tables: tables, memory: memory, sharingInputsOf: mixer)
        match = MatchModel(
            historyBits: 16 + level, indexBits: 12 + level, tables: tables, reciprocals: reciprocals, memory: memory)
        apmByte = AdaptiveProbabilityMap(contextCount: 256, rate: 7, tables: tables, memory: memory)
        let apmContexts = 1 << min(16, 9 + level)
        apmOrder1Mask = apmContexts - 1
        apmOrder1 = AdaptiveProbabilityMap(contextCount: apmContexts, rate: 7, tables: tables, memory: memory)
        computeContextHashes(
            recent: recent, wordHash: wordHash, previousWordHash: previousWordHash, above: 0, column: 0,
            into: contextHashes)
        hashed.locate(contextHashes: contextHashes, count: n, partialByte: 1, into: places)
        startNibble()
    }

    /// Weight sets of the first mixer: 4 match-length classes × 5 known-context counts × 256 partial bytes.
    static let mixerSelectorCount = 4 * 5 * 256
    /// Weight sets of the second mixer: 256 previous bytes × 8 bit positions.
    static let byteMixerSelectorCount = 256 * 8

    /// Takes the contexts of a new byte (after `recent`, the word hashes and the column are updated) from those
    /// computed for it when the previous byte had one bit left (`lastBit` is that bit).
    @inline(__always)
    private mutating func startByte(lastBit: Int) {
        let n = ContextMixingModel.hashedInputCount
        contextHashes.update(from: nextByteHashes + lastBit &* n, count: n)
        places.update(from: nextBytePlaces + lastBit &* n, count: n)
        #if DEBUG
        var expected = [UInt64](repeating: 0, count: n)
        expected.withUnsafeMutableBufferPointer {
            computeContextHashes(
                recent: recent, wordHash: wordHash, previousWordHash: previousWordHash,
                above: column < lineLength ? UInt64(lastLine[column]) : 0, column: column, into: $0.baseAddress!)
        }
        assert(expected == Array(UnsafeBufferPointer(start: contextHashes, count: n)), "next-byte contexts differ")
        #endif
        startNibble()
    }

    /// The hashed contexts of a byte, from the bytes before it (`recent`, newest lowest), the word hashes, the
    /// byte above it in the previous line and its column.
    @inline(__always)
    private func computeContextHashes(
        recent: UInt64, wordHash: UInt64, previousWordHash: UInt64, above: UInt64, column: Int,
        into hashes: UnsafeMutablePointer<UInt64>
    ) {
        hashes[0] = mixHash(recent & 0xFFFF, 2)
        hashes[1] = mixHash(recent & 0xFF_FFFF, 3)
        hashes[2] = mixHash(recent & 0xFFFF_FFFF, 4)
        hashes[3] = mixHash(recent & 0xFFFF_FFFF_FFFF, 6)
        hashes[4] = mixHash(wordHash &+ mixHash(previousWordHash, 8), 7)
        hashes[5] = mixHash(wordHash, 9)
        hashes[6] = mixHash(above << 16 | UInt64(min(column, 255)) << 8 | (recent & 0xFF), 10)
    }

    /// Computes the contexts and first-nibble places of the next byte for both values of the current byte's last
    /// bit, prefetching their lines.
    @inline(__always)
    private func locateNextByte() {
        let n = ContextMixingModel.hashedInputCount
        for bit in 0..<2 {
            let byte = (partialByte << 1 | bit) & 255
            let nextRecent = recent << 8 | UInt64(byte)
            let (nextWord, nextPrevious) = wordHashes(after: byte)
            let nextColumn = byte == 10 ? 0 : column + 1
            let nextAbove: UInt64
            if byte == 10 {
                nextAbove = column <= ContextMixingModel.lineCapacity && column > 0 ? UInt64(thisLine[0]) : 0
            } else {
                nextAbove = nextColumn < lineLength ? UInt64(lastLine[nextColumn]) : 0
            }
            let hashes = nextByteHashes + bit &* n
            computeContextHashes(
                recent: nextRecent, wordHash: nextWord, previousWordHash: nextPrevious, above: nextAbove,
                column: nextColumn, into: hashes)
            hashed.locate(contextHashes: hashes, count: n, partialByte: 1, into: nextBytePlaces + bit &* n)
            match.prefetchIndex(recentBytes: nextRecent)
        }
    }

    /// The current and previous word hashes once `byte` follows: a letter extends the current word (case folded);
    /// any other byte ends it, and it becomes the previous word.
    @inline(__always)
    private func wordHashes(after byte: Int) -> (word: UInt64, previous: UInt64) {
        if ContextMixingModel.isLetter(byte) { return (mixHash(wordHash &+ UInt64(byte | 32), 11), previousWordHash) }
        return wordHash != 0 ? (0, wordHash) : (wordHash, previousWordHash)
    }

    /// Whether `byte` is an ASCII letter (a word character).
    @inline(__always)
    static func isLetter(_ byte: Int) -> Bool {
        (byte >= 65 && byte <= 90) || (byte >= 97 && byte <= 122)
    }

    /// Finds the buckets of the current nibble's contexts at their `places`.
    @inline(__always)
    private mutating func startNibble() {
        hashed.findBuckets(
            places: places, count: ContextMixingModel.hashedInputCount, buckets: buckets, scratch: scratch)
    }

    @inline(__always)
    mutating func probabilityOfOne() -> Int {
        let inputs = mixer.inputs
        let c1 = Int(recent & 0xFF)
        inputs[0] = Int32(tables.stretch(AdaptiveBitCounter.probability12(order0[partialByte])))
        inputs[1] = Int32(tables.stretch(AdaptiveBitCounter.probability12(order1[c1 << 8 | partialByte])))
        known = 0
        for i in 0..<ContextMixingModel.hashedInputCount {
            let slot = buckets[i] + nibble
            slots[i] = slot
            let counter = hashed.counters[slot]
            if i < ContextMixingModel.orderedInputCount && CompactBitCounter.count(counter) != 0 { known += 1 }
            inputs[2 + i] = Int32(tables.stretch(CompactBitCounter.probability12(counter)))
        }
        inputs[2 + ContextMixingModel.hashedInputCount] = match.predict(partialByte: partialByte, bitCount: bitCount)
        inputs[3 + ContextMixingModel.hashedInputCount] = 256
        let (logitA, logitB) = LogisticMixer.mix(
            &mixer, selector: mixerSelector(known: known, partialByte: partialByte), &byteMixer,
            selector: c1 << 3 | bitCount)
        let logit = (logitA + logitB) >> 1
        let p0 = tables.squash(logit) << 4
        let p1 = apmByte.refine(logit: logit, context: partialByte)
        let p2 = apmOrder1.refine(logit: logit, context: (c1 << 8 | partialByte) & apmOrder1Mask)
        return clampBitProbability((p0 + p1 + 2 * p2 + 2) >> 2)
    }

    /// The first mixer's weight set: match-length class, known-context count and the bits of the byte so far.
    @inline(__always)
    private func mixerSelector(known: Int, partialByte: Int) -> Int {
        (match.lengthClass &* 5 &+ known) << 8 | partialByte
    }

    /// Prefetches both mixers' weight sets for the bit after `bit` when it falls in the same nibble (its buckets
    /// are known, and so is its selector): the set is read at random from 448 KiB of weights, and the prefetch
    /// lets that read overlap this bit's updates instead of stalling the next mix.
    @inline(__always)
    private func prefetchMixerWeights(after bit: Int) {
        let nextNibble = nibble << 1 | bit
        guard nextNibble < 16 else { return }
        var nextKnown = 0
        for i in 0..<ContextMixingModel.orderedInputCount
        where CompactBitCounter.count(hashed.counters[buckets[i] &+ nextNibble]) != 0 {
            nextKnown &+= 1
        }
        mixer.prefetch(selector: mixerSelector(known: nextKnown, partialByte: partialByte << 1 | bit))
        byteMixer.prefetch(selector: Int(recent & 0xFF) << 3 | (bitCount &+ 1))
    }

    @inline(__always)
    mutating func update(_ bit: Int) {
        prefetchMixerWeights(after: bit)
        let c1 = Int(recent & 0xFF)
        AdaptiveBitCounter.update(order0 + partialByte, bit: bit, limit: 1023, reciprocals: reciprocals)
        AdaptiveBitCounter.update(order1 + (c1 << 8 | partialByte), bit: bit, limit: 1023, reciprocals: reciprocals)
        for i in 0..<ContextMixingModel.hashedInputCount {
            CompactBitCounter.update(
                hashed.counters + slots[i], bit: bit, limit: hashedLimits[i], reciprocals: compactReciprocals)
        }
        match.update(bit)
        LogisticMixer.train(&mixer, &byteMixer, bit: bit)
        apmByte.update(bit)
        apmOrder1.update(bit)

        partialByte = (partialByte << 1) | bit
        nibble = (nibble << 1) | bit
        bitCount += 1
        if bitCount == 8 {
            endByte(partialByte & 255)
        } else if bitCount == 4 {
            nibble = 1
            let n = ContextMixingModel.hashedInputCount
            places.update(from: nextNibblePlaces + bit &* n, count: n)
            startNibble()
        }
        if bitCount != 0 {
            apmOrder1.prefetch(context: (c1 << 8 | partialByte) & apmOrder1Mask)
        }
        if bitCount == 3 {
            let n = ContextMixingModel.hashedInputCount
            for next in 0..<2 {
                hashed.locate(
                    contextHashes: contextHashes, count: n, partialByte: partialByte << 1 | next,
                    into: nextNibblePlaces + next &* n)
            }
        } else if bitCount == 7 {
            locateNextByte()
        }
    }

    /// Updates the byte-level state (history, words, lines, match model) with a finished byte and starts the next.
    @inline(__always)
    private mutating func endByte(_ byte: Int) {
        recent = (recent << 8) | UInt64(byte)
        (wordHash, previousWordHash) = wordHashes(after: byte)
        if byte == 10 {
            // A line longer than the buffer leaves no line above (its start was not kept).
            lineLength = column <= ContextMixingModel.lineCapacity ? column : 0
            lastLine.update(from: thisLine, count: lineLength)
            column = 0
        } else {
            if column < ContextMixingModel.lineCapacity { thisLine[column] = UInt8(truncatingIfNeeded: byte) }
            column += 1
        }
        match.append(byte, recentBytes: recent)
        partialByte = 1
        bitCount = 0
        nibble = 1
        startByte(lastBit: byte & 1)
    }
}
