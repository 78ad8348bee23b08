import XentCompressionC

/// The match model: it finds the last place where the most recent `minimumLength` bytes occurred before, and
/// predicts that the byte that followed then follows again, with a confidence learned per match length.
///
/// The history is a ring buffer of `1 << historyBits` bytes; the index maps a hash of the last `minimumLength`
/// bytes to the position after them. The prediction is given to the mixer as a logit (zero when there is no
/// match or the current byte has already left the predicted one).
struct MatchModel {
    static let minimumLength = 6
    private let history: UnsafeMutablePointer<UInt8>
    private let historyMask: Int
    private let index: UnsafeMutablePointer<UInt32>
    private let indexMask: UInt64
    private let counters: UnsafeMutablePointer<UInt32>
    private let reciprocals: UnsafeMutablePointer<Int32>
    private let tables: LogisticTables
    private var position = 0
    private var matchPointer = 0
    /// The length of the current match in bytes (0: none).
    private(set) var length = 0
    private var predictedByte = 0
    private var counterIndex = 0
    private var active = false

    init(historyBits: Int, indexBits: Int, tables: LogisticTables, reciprocals: UnsafeMutablePointer<Int32>, memory: ModelMemory) {
        history = memory.table(of: UInt8.self, count: 1 << historyBits, initialValue: 0)
        historyMask = (1 << historyBits) - 1
        index = memory.table(of: UInt32.self, count: 1 << indexBits, initialValue: 0)
        indexMask = (1 << UInt64(indexBits)) - 1
        counters = memory.table(of: UInt32.self, count: 64 * 2, initialValue: AdaptiveBitCounter.initial)
        self.reciprocals = reciprocals
        self.tables = tables
    }

    /// The match-length class for the mixer's selector: 0 none, 1 short, 2 medium, 3 long.
    var lengthClass: Int {
        length == 0 ? 0 : (length < 16 ? 1 : (length < 32 ? 2 : 3))
    }

    /// The input logit for the next bit, given the bits of the current byte so far (`partialByte`, with a
    /// leading 1) and how many there are (`bitCount`).
    @inline(__always)
    mutating func predict(partialByte: Int, bitCount: Int) -> Int32 {
        active = length > 0 && ((predictedByte | 256) >> (8 - bitCount)) == partialByte
        guard active else { return 0 }
        let expectedBit = (predictedByte >> (7 - bitCount)) & 1
        let lengthBucket = length < 32 ? length : 32 + min((length - 32) >> 4, 31)
        counterIndex = (lengthBucket << 1) | expectedBit
        return Int32(tables.stretch(AdaptiveBitCounter.probability12(counters[counterIndex])))
    }

    /// Learns the bit (only when a prediction was made).
    @inline(__always)
    func update(_ bit: Int) {
        if active {
            AdaptiveBitCounter.update(counters + counterIndex, bit: bit, limit: 255, reciprocals: reciprocals)
        }
    }

    /// Prefetches the index slot that `append` will read after a byte that makes the last bytes `recentBytes`.
    @inline(__always)
    func prefetchIndex(recentBytes: UInt64) {
        xc_prefetch(index + indexSlot(recentBytes: recentBytes))
    }

    /// The index slot of the last `minimumLength` bytes of `recentBytes`.
    @inline(__always)
    private func indexSlot(recentBytes: UInt64) -> Int {
        Int(truncatingIfNeeded: mixHash(recentBytes & 0xFFFF_FFFF_FFFF, 0x4D41_5443) & indexMask)
    }

    /// Appends a finished byte; `recentBytes` holds the last 8 bytes, the newest in the low byte.
    @inline(__always)
    mutating func append(_ byte: Int, recentBytes: UInt64) {
        history[position & historyMask] = UInt8(truncatingIfNeeded: byte)
        position += 1
        if length > 0 && Int(history[matchPointer & historyMask]) == byte {
            length = min(length + 1, 65535)
            matchPointer += 1
        } else {
            length = 0
        }
        if position >= MatchModel.minimumLength {
            let slot = indexSlot(recentBytes: recentBytes)
            if length == 0 {
                let candidate = Int(index[slot])
                if candidate > 0 && position - candidate < historyMask {
                    var n = 0
                    while n < 65535 && n < candidate && position - n > candidate
                        && history[(candidate - n - 1) & historyMask] == history[(position - n - 1) & historyMask]
                    {
                        n += 1
                        if n >= 400 { break }
                    }
                    if n >= MatchModel.minimumLength {
                        length = n
                        matchPointer = candidate
                    }
                }
            }
            index[slot] = UInt32(truncatingIfNeeded: position)
        }
        predictedByte = length > 0 ? Int(history[matchPointer & historyMask]) : 0
    }
}
