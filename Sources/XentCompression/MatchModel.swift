import XentCompressionC

/// The match model: it finds the last place where the most recent `minimumLength` bytes occurred before, and
/// predicts that the byte that followed then follows again, with a confidence learned per match length.
///
/// This type keeps the search (history, index, the current match); the per-bit prediction is in the model's
/// per-bit path (`xc_cm_predict`, ContextMixingBits.c): while the bits of the current byte agree with
/// `predictedByte`, its next bit is the input, with the probability of a `counters` entry chosen by the length
/// bucket (the length below 32, then 32 + (length − 32) / 16 up to 63) and the expected bit.
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
    /// 64 length buckets × the expected bit: `AdaptiveBitCounter`s of P(the match's bit is right), count cap 255.
    let counters: UnsafeMutablePointer<UInt32>
    private var position = 0
    private var matchPointer = 0
    /// The length of the current match in bytes (0: none).
    private(set) var length = 0
    /// The byte the current match predicts (0 when there is none).
    private(set) var predictedByte = 0
    /// Between `append` and `completeAppend`: the index slot of the last bytes (-1: none yet) and the position
    /// it held (0: none, or a match is already running).
    private var pendingSlot = -1
    private var pendingCandidate = 0

    init(historyBits: Int, indexBits: Int, memory: ModelMemory) {
        history = memory.table(of: UInt8.self, count: 1 << historyBits, initialValue: 0)
        historyMask = (1 << historyBits) - 1
        index = memory.table(of: UInt32.self, count: 1 << indexBits, initialValue: 0)
        indexMask = (1 << UInt64(indexBits)) - 1
        counters = memory.table(of: UInt32.self, count: 64 * 2, initialValue: AdaptiveBitCounter.initial)
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

    /// Appends a finished byte (`recentBytes` holds the last 8 bytes, the newest in the low byte): extends the
    /// current match or, when there is none, reads the index's candidate and prefetches the history there.
    /// `completeAppend()` must follow before the next prediction; work in between overlaps the history's cache
    /// miss.
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
        pendingSlot = -1
        if position >= MatchModel.minimumLength {
            pendingSlot = indexSlot(recentBytes: recentBytes)
            pendingCandidate = length == 0 ? Int(index[pendingSlot]) : 0
            if pendingCandidate > 0 { xc_prefetch(history + ((pendingCandidate - 1) & historyMask)) }
        }
    }

    /// Completes `append`: verifies the candidate (the bytes before it must equal the last `minimumLength` or
    /// more; up to 400 are compared) to start a match, and records the current position in the index.
    @inline(__always)
    mutating func completeAppend() {
        if pendingSlot >= 0 {
            let candidate = pendingCandidate
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
            index[pendingSlot] = UInt32(truncatingIfNeeded: position)
        }
        predictedByte = length > 0 ? Int(history[matchPointer & historyMask]) : 0
    }
}
