import XentCompressionC

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
///
/// Division of work: this type owns the tables and the byte-level state (the contexts of each byte, the buckets of
/// each nibble, the match model's search, the previous line); the per-bit path (inputs, mixers, APMs and every
/// per-bit update) is C (`xc_cm_predict` and `xc_cm_learn`, ContextMixingBits.c), on the `xc_cm_bits` state this
/// type sets up. The contexts and bucket places of the next byte and of the next half-byte are computed one bit
/// early, for both values of the bit still to come, to prefetch their cache lines; the one that the bit selects is
/// then used as it is (a debug build checks it against a fresh computation).
struct ContextMixingModel: BitPredictor {
    /// The hashed contexts: orders 2, 3, 4 and 6, word bigram, word, column.
    static let hashedInputCount = Int(XC_CM_HASHED)
    /// Direct orders 0 and 1, the hashed contexts, the match model and the bias.
    static let inputCount = 2 + hashedInputCount + 1 + 1
    /// The bytes of the previous line that the column context can see.
    static let lineCapacity = 256
    /// The count caps of the hashed contexts' counters (at most 15).
    static let hashedLimits = [15, 15, 15, 15, 15, 7, 7]

    private let memory: ModelMemory
    private let hashed: PairedNibbleTable
    /// The per-bit state and the tables it points to (`xc_cm_bits`, XentCompressionC): the per-bit path is
    /// ContextMixingBits.c; this model keeps the byte-level state below and sets the per-bit state's buckets and
    /// match prediction at each nibble and byte.
    private let bits: UnsafeMutablePointer<xc_cm_bits>
    /// The lanes of a row of contexts in the tables below (`hashedInputCount` used, the rest padding for the C
    /// hashing's four-lane groups).
    static let laneStride = 8
    /// The context hashes (per hashed input) of the current byte.
    private let contextHashes: UnsafeMutablePointer<UInt64>
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
    private var match: MatchModel
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
        let tables = LogisticTables(memory: memory)
        let reciprocals = memory.table(of: Int32.self, count: 1024, initialValue: 0)
        for (i, r) in AdaptiveBitCounter.reciprocals.enumerated() { reciprocals[i] = r }
        let compactReciprocals = memory.table(of: Int32.self, count: 16, initialValue: 0)
        for (i, r) in CompactBitCounter.reciprocals.enumerated() { compactReciprocals[i] = r }
        let n = ContextMixingModel.hashedInputCount
        let lanes = ContextMixingModel.laneStride
        let hashedLimits = memory.table(of: Int32.self, count: 8, initialValue: 0)
        for (i, limit) in ContextMixingModel.hashedLimits.enumerated() { hashedLimits[i] = Int32(limit) }
        hashed = PairedNibbleTable(slotBits: 18 + level, memory: memory)
        contextHashes = memory.table(of: UInt64.self, count: lanes, initialValue: 0)
        scratch = memory.table(of: UInt64.self, count: n, initialValue: 0)
        places = memory.table(of: UInt64.self, count: lanes, initialValue: 0)
        nextNibblePlaces = memory.table(of: UInt64.self, count: 2 * lanes, initialValue: 0)
        nextByteHashes = memory.table(of: UInt64.self, count: 2 * lanes, initialValue: 0)
        nextBytePlaces = memory.table(of: UInt64.self, count: 2 * lanes, initialValue: 0)
        lastLine = memory.table(of: UInt8.self, count: ContextMixingModel.lineCapacity, initialValue: 0)
        thisLine = memory.table(of: UInt8.self, count: ContextMixingModel.lineCapacity, initialValue: 0)
        // The tables below live in `memory`; the per-bit state points into them.
        let rate = ContextMixingModel.mixerRate
        let mixer = LogisticMixer(
            inputCount: ContextMixingModel.inputCount, selectorCount: ContextMixingModel.mixerSelectorCount,
            rate: rate, initialWeight: 22000, tables: tables, memory: memory)
        let byteMixer = LogisticMixer(
            inputCount: ContextMixingModel.inputCount, selectorCount: ContextMixingModel.byteMixerSelectorCount,
            rate: rate, initialWeight: 22000, tables: tables, memory: memory, sharingInputsOf: mixer)
        match = MatchModel(historyBits: 16 + level, indexBits: 12 + level, memory: memory)
        let apmByte = AdaptiveProbabilityMap(contextCount: 256, tables: tables, memory: memory)
        let apmContexts = 1 << min(16, 9 + level)
        let apmOrder1 = AdaptiveProbabilityMap(contextCount: apmContexts, tables: tables, memory: memory)
        let state = xc_cm_bits(
            hashed: hashed.counters,
            order0: memory.table(of: UInt32.self, count: 256, initialValue: AdaptiveBitCounter.initial),
            order1: memory.table(of: UInt32.self, count: 65536, initialValue: AdaptiveBitCounter.initial),
            stretch: tables.stretchTable, squash: tables.squashTable, reciprocals: reciprocals,
            compact_reciprocals: compactReciprocals, hashed_limits: hashedLimits,
            buckets: memory.table(of: Int64.self, count: n, initialValue: 0),
            slots: memory.table(of: Int64.self, count: n, initialValue: 0),
            inputs: mixer.inputs, weights1: mixer.weights, weights2: byteMixer.weights,
            apm_byte: apmByte.table, apm_order1: apmOrder1.table, match_counters: match.counters,
            apm_order1_mask: Int64(apmContexts - 1), mixer_rate: Int32(rate), weight_limit: LogisticMixer.weightLimit,
            apm_rate: Int32(ContextMixingModel.apmRate), match_length: 0, match_byte: 0, hashed_distinct: 0, previous_byte: 0, partial_byte: 1,
            bit_count: 0, nibble: 1, selected1: mixer.weights, selected2: byteMixer.weights, probability1: 2048,
            probability2: 2048, apm_byte_index: 0, apm_order1_index: 0, match_counter: -1)
        bits = memory.table(of: xc_cm_bits.self, count: 1, initialValue: state)
        ContextMixingModel.hashContexts(
            recent: 0, wordHash: 0, previousWordHash: 0, above: 0, column: 0, into: contextHashes)
        hashed.locate(contextHashes: contextHashes, rows: 1, partialByte: 1, into: places)
        startNibble()
    }

    /// Both mixers' learning rate (`LogisticMixer`'s `rate`) and both APMs' (they learn at 2^-apmRate).
    static let mixerRate = 8
    static let apmRate = 7

    /// Weight sets of the first mixer: 4 match-length classes × 5 known-context counts × 256 partial bytes.
    static let mixerSelectorCount = 4 * 5 * 256
    /// Weight sets of the second mixer: 256 previous bytes × 8 bit positions.
    static let byteMixerSelectorCount = 256 * 8

    /// Takes the contexts of a new byte (after `recent`, the word hashes and the column are updated) from those
    /// computed for it when the previous byte had one bit left (`lastBit` is that bit).
    @inline(__always)
    private mutating func startByte(lastBit: Int) {
        let n = ContextMixingModel.hashedInputCount
        let lanes = ContextMixingModel.laneStride
        contextHashes.update(from: nextByteHashes + lastBit &* lanes, count: n)
        places.update(from: nextBytePlaces + lastBit &* lanes, count: n)
        #if DEBUG
        var expected = [UInt64](repeating: 0, count: lanes)
        expected.withUnsafeMutableBufferPointer {
            ContextMixingModel.hashContexts(
                recent: recent, wordHash: wordHash, previousWordHash: previousWordHash,
                above: column < lineLength ? UInt64(lastLine[column]) : 0, column: column, into: $0.baseAddress!)
        }
        let taken = Array(UnsafeBufferPointer(start: contextHashes, count: n))
        assert(Array(expected[..<n]) == taken, "next-byte contexts differ")
        #endif
        startNibble()
    }

    /// The hashed contexts of a byte (into `hashes`, a row of `laneStride` lanes), from the bytes before it
    /// (`recent`, newest lowest), the word hashes, the byte above it in the previous line and its column: orders 2,
    /// 3, 4 and 6, the word with the word before it, the word, and the column context, each hashed with its own salt
    /// (`xc_cm_hash_contexts`, ContextPlaces.c).
    @inline(__always)
    private static func hashContexts(
        recent: UInt64, wordHash: UInt64, previousWordHash: UInt64, above: UInt64, column: Int,
        into hashes: UnsafeMutablePointer<UInt64>
    ) {
        xc_cm_hash_contexts(
            recent, wordHash &+ mixHash(previousWordHash, 8), wordHash,
            above << 16 | UInt64(min(column, 255)) << 8 | (recent & 0xFF), hashes)
    }

    /// Computes the contexts and first-nibble places of the next byte for both values of the current byte's last
    /// bit, prefetching their lines.
    @inline(__always)
    private func locateNextByte() {
        let lanes = ContextMixingModel.laneStride
        let partialByte = Int(bits.pointee.partial_byte)
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
            ContextMixingModel.hashContexts(
                recent: nextRecent, wordHash: nextWord, previousWordHash: nextPrevious, above: nextAbove,
                column: nextColumn, into: nextByteHashes + bit &* lanes)
            match.prefetchIndex(recentBytes: nextRecent)
        }
        hashed.locate(contextHashes: nextByteHashes, hashStride: lanes, rows: 2, partialByte: 1, into: nextBytePlaces)
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
        let n = ContextMixingModel.hashedInputCount
        let buckets = bits.pointee.buckets!
        hashed.findBuckets(places: places, count: n, buckets: buckets, scratch: scratch)
        var shared = false
        for i in 1..<n {
            let bucket = buckets[i]
            for j in 0..<i { shared = shared || bucket == buckets[j] }
        }
        bits.pointee.hashed_distinct = shared ? 0 : 1
    }

    @inline(__always)
    mutating func probabilityOfOne() -> Int {
        Int(xc_cm_predict(bits))
    }

    @inline(__always)
    mutating func update(_ bit: Int) {
        xc_cm_learn(bits, Int32(truncatingIfNeeded: bit))
        let n = ContextMixingModel.hashedInputCount
        switch bits.pointee.bit_count {
        case 0:
            endByte(Int(bits.pointee.previous_byte))
        case 3:
            // The next nibble's places after a 0 and after a 1 (partial bytes 2p and 2p + 1).
            hashed.locate(
                contextHashes: contextHashes, rows: 2, partialByte: Int(bits.pointee.partial_byte) << 1,
                partialStep: 1, into: nextNibblePlaces)
        case 4:
            places.update(from: nextNibblePlaces + bit &* ContextMixingModel.laneStride, count: n)
            startNibble()
        case 7:
            locateNextByte()
        default:
            break
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
        startByte(lastBit: byte & 1)
        match.completeAppend()
        bits.pointee.match_length = Int32(truncatingIfNeeded: match.length)
        bits.pointee.match_byte = Int32(truncatingIfNeeded: match.predictedByte)
    }
}
