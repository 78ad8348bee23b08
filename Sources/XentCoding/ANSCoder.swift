/// An arithmetic coder for a static model: range asymmetric numeral systems (rANS, J. Duda 2013), in F. Giesen's
/// 64-bit form (state in [2^31, 2^63), 32-bit renormalisation, reciprocal multiplication instead of division).
///
/// It codes a message of symbols xᵢ under a model P in −Σ log2 P̂(xᵢ) plus a few dozen bits (see the format), where
/// P̂ is the model quantised to 2^precision (``ANSModel``): fractional bits per symbol, as the information content
/// asks, not the whole bits of a Huffman code. Why rANS rather than a range coder: for a static model both reach
/// the same length, but rANS decodes with one multiply and one table lookup per symbol and no carry handling, which makes
/// it the faster of the two (the encoder works backwards over the message, which costs nothing when the whole
/// message is at hand, as it is here).
///
/// The encoder starts from state 1 instead of the customary 2^31, and the decoder stops reading words once they
/// are used up: this saves the 31 bits rANS usually spends on each initial state.
///
/// Format of a coded message of n symbols (bytes; n itself is not stored, the caller keeps it, as with any
/// arithmetic code). Unsigned LEB128 numbers are written "varint"; words are 32-bit little-endian.
/// - n < 2^20: one lane. varint(final state), then the words in decoding order.
/// - n ≥ 2^20: two lanes, the first ⌈n/2⌉ symbols and the rest, each with its own state and words, decoded in
///   lockstep so that the two dependency chains overlap (about 1.8 times the decoding speed of one lane).
///   varint(state 1), varint(state 2), varint(number of words of lane 1), the words of lane 1, those of lane 2.
///
/// Overhead per lane: the state's varint rounding (at most 16 bits) and the start from a small state, where
/// rANS's approximation C(s, x) ≈ x·2^precision/f(s) is coarse (the first symbol costs log2(c(s) + 1) bits
/// instead of log2(2^precision/f(s)), at most 22 bits more). One lane measured 15–37 bits (mean 27) over −Σ log2
/// P̂(xᵢ) on 2000 random models and messages; two lanes add their second lane and the word count, about 80 bits
/// on messages of at least 2^20 symbols. Guides/Coding.md has the details.
public enum ANSCoder {
    /// The lower bound of the normalised state interval.
    static let lowerBound: UInt64 = 1 << 31

    /// Encodes `symbols` (each in `0..<model.alphabetSize`) under `model`.
    ///
    /// - Throws: ``CodingError/symbolOutOfRange(position:symbol:alphabetSize:)`` or
    ///   ``CodingError/zeroProbabilitySymbol(position:symbol:)`` (its information content, and so the
    ///   cross-entropy, is infinite) for the first such symbol; nothing is coded then.
    public static func encode(_ symbols: [Int], under model: ANSModel) throws(CodingError) -> ANSMessage {
        try symbols.withUnsafeBufferPointer { (buffer) throws(CodingError) in try encode(buffer, under: model) }
    }

    /// Encodes bytes (symbols 0...255) under `model`: the fast path for 256-symbol models.
    ///
    /// - Throws: as ``encode(_:under:)-([Int],_)``.
    public static func encode(_ bytes: [UInt8], under model: ANSModel) throws(CodingError) -> ANSMessage {
        try bytes.withUnsafeBufferPointer { (buffer) throws(CodingError) in try encode(buffer, under: model) }
    }

    /// Decodes `count` symbols from `message` under the model it was encoded with.
    ///
    /// - Throws: ``CodingError/corruptMessage(reason:)`` when the bytes are not a valid encoding of `count`
    ///   symbols under `model` (the decoder checks that it ends in the encoder's initial state with every byte
    ///   used); ``CodingError/invalidCount(value:expected:)`` for a negative count.
    public static func decode(_ message: ANSMessage, count: Int, under model: ANSModel) throws(CodingError) -> [Int] {
        guard count >= 0 else { throw .invalidCount(value: count, expected: "a number of symbols >= 0") }
        var failure: CodingError?
        let result = [Int](unsafeUninitializedCapacity: count) { out, initialized in
            out.initialize(repeating: 0)
            do throws(CodingError) { try decode(message.bytes, into: out, under: model) } catch { failure = error }
            initialized = count
        }
        if let failure { throw failure }
        return result
    }

    /// Decodes `count` bytes from `message` under a model of at most 256 symbols: `as: UInt8.self` asks for the
    /// symbols as bytes.
    ///
    /// - Throws: as ``decode(_:count:under:)``, and ``CodingError/invalidCount(value:expected:)`` when the model
    ///   has more than 256 symbols.
    public static func decode(
        _ message: ANSMessage, count: Int, under model: ANSModel, as _: UInt8.Type
    ) throws(CodingError) -> [UInt8] {
        guard count >= 0 else { throw .invalidCount(value: count, expected: "a number of symbols >= 0") }
        guard model.alphabetSize <= 256 else {
            throw .invalidCount(value: model.alphabetSize, expected: "a model of at most 256 symbols to decode bytes")
        }
        var failure: CodingError?
        // Bytes are trivial values: the decoder writes every one of them, or the result is thrown away.
        let result = [UInt8](unsafeUninitializedCapacity: count) { out, initialized in
            do throws(CodingError) { try decode(message.bytes, into: out, under: model) } catch { failure = error }
            initialized = count
        }
        if let failure { throw failure }
        return result
    }

    // MARK: Format

    /// Messages of at least this many symbols are coded in two lanes.
    static let twoLaneThreshold = 1 << 20

    private static func appendVarint(_ value: UInt64, to bytes: inout [UInt8]) {
        var v = value
        repeat {
            let low = UInt8(v & 0x7f)
            v >>= 7
            bytes.append(v == 0 ? low : low | 0x80)
        } while v != 0
    }

    private static func readVarint(_ bytes: [UInt8], at offset: inout Int, what: String) throws(CodingError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < bytes.count else { throw .corruptMessage(reason: "the message ends inside the \(what)") }
            guard shift < 63 else { throw .corruptMessage(reason: "the \(what) is longer than 9 bytes") }
            let byte = bytes[offset]
            offset += 1
            value |= UInt64(byte & 0x7f) << shift
            shift += 7
            if byte & 0x80 == 0 { return value }
        }
    }

    private static func appendWords(_ words: UnsafeMutablePointer<UInt32>, count: Int, to bytes: inout [UInt8]) {
        #if _endian(little)
        bytes.append(contentsOf: UnsafeRawBufferPointer(start: words, count: 4 * count))
        #else
        let offset = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: 4 * count))
        bytes.withUnsafeMutableBytes { raw in
            for k in 0..<count {
                raw.storeBytes(of: words[k].littleEndian, toByteOffset: offset + 4 * k, as: UInt32.self)
            }
        }
        #endif
    }

    // MARK: Encoder

    private static func encode<T: FixedWidthInteger>(
        _ symbols: UnsafeBufferPointer<T>, under model: ANSModel
    ) throws(CodingError) -> ANSMessage {
        let n = symbols.count
        let twoLanes = n >= twoLaneThreshold
        let countA = twoLanes ? (n + 1) / 2 : n
        let countB = n - countA
        // Each symbol emits at most one word (its cost is below 32 bits).
        let wordsA = UnsafeMutablePointer<UInt32>.allocate(capacity: countA + 1)
        let wordsB = UnsafeMutablePointer<UInt32>.allocate(capacity: countB + 1)
        defer {
            wordsA.deallocate()
            wordsB.deallocate()
        }
        let endA = wordsA + countA + 1
        let endB = wordsB + countB + 1
        let lanes = model.encoderSymbols.withUnsafeBufferPointer { table in
            encodeKernel(
                UnsafeBufferPointer(rebasing: symbols[0..<countA]), UnsafeBufferPointer(rebasing: symbols[countA...]),
                table: table, endA: endA, endB: endB)
        }
        guard let (xA, outA, xB, outB) = lanes else { throw firstUncodable(symbols, model: model) }
        let wordCountA = endA - outA
        let wordCountB = endB - outB
        var bytes: [UInt8] = []
        bytes.reserveCapacity(30 + 4 * (wordCountA + wordCountB))
        appendVarint(xA, to: &bytes)
        if twoLanes {
            appendVarint(xB, to: &bytes)
            appendVarint(UInt64(wordCountA), to: &bytes)
        }
        appendWords(outA, count: wordCountA, to: &bytes)
        appendWords(outB, count: wordCountB, to: &bytes)
        return ANSMessage(bytes: bytes)
    }

    /// One encoder step: renormalise (emit the low 32 bits) if needed, then push the symbol into the state.
    @inline(__always)
    private static func put(_ e: ANSEncoderSymbol, _ x: inout UInt64, _ out: inout UnsafeMutablePointer<UInt32>) {
        if x >= e.maximumState {
            out -= 1
            out.pointee = UInt32(truncatingIfNeeded: x)
            x >>= 32
        }
        let q = x.multipliedFullWidth(by: e.reciprocal).high &>> e.shift
        x = x &+ e.bias &+ q &* e.complementFrequency
    }

    /// The encoding loop over both lanes (lane B may be empty; lane A is never shorter), backwards, with all its
    /// state in locals. Returns the final states and the first word written of each lane, or `nil` if a symbol
    /// cannot be coded.
    @inline(__always)
    private static func encodeKernel<T: FixedWidthInteger>(
        _ laneA: UnsafeBufferPointer<T>, _ laneB: UnsafeBufferPointer<T>, table: UnsafeBufferPointer<ANSEncoderSymbol>,
        endA: UnsafeMutablePointer<UInt32>, endB: UnsafeMutablePointer<UInt32>
    ) -> (UInt64, UnsafeMutablePointer<UInt32>, UInt64, UnsafeMutablePointer<UInt32>)? {
        var xA: UInt64 = 1
        var xB: UInt64 = 1
        var outA = endA
        var outB = endB
        let tableCount = UInt(table.count)
        guard let base = table.baseAddress, let a = laneA.baseAddress else { return (xA, outA, xB, outB) }
        var i = laneA.count
        // Lane A alone (one lane) or lane A's extra last symbol, then both lanes in lockstep.
        while i > laneB.count {
            i &-= 1
            let s = Int(truncatingIfNeeded: a[i])
            guard UInt(bitPattern: s) < tableCount, base[s].maximumState != 0 else { return nil }
            put(base[s], &xA, &outA)
        }
        guard i > 0, let b = laneB.baseAddress else { return (xA, outA, xB, outB) }
        while i > 0 {
            i &-= 1
            let sA = Int(truncatingIfNeeded: a[i])
            let sB = Int(truncatingIfNeeded: b[i])
            guard UInt(bitPattern: sA) < tableCount, UInt(bitPattern: sB) < tableCount else { return nil }
            let eA = base[sA]
            let eB = base[sB]
            guard eA.maximumState != 0, eB.maximumState != 0 else { return nil }
            put(eA, &xA, &outA)
            put(eB, &xB, &outB)
        }
        return (xA, outA, xB, outB)
    }

    private static func firstUncodable<T: FixedWidthInteger>(
        _ symbols: UnsafeBufferPointer<T>, model: ANSModel
    ) -> CodingError {
        for (position, value) in symbols.enumerated() {
            guard let s = Int(exactly: value), s >= 0, s < model.alphabetSize else {
                return .symbolOutOfRange(
                    position: position, symbol: Int(truncatingIfNeeded: value), alphabetSize: model.alphabetSize)
            }
            if model.frequencies[s] == 0 { return .zeroProbabilitySymbol(position: position, symbol: s) }
        }
        return .corruptMessage(reason: "internal: no uncodable symbol found")
    }

    // MARK: Decoder

    private static func decode<T: FixedWidthInteger>(
        _ bytes: [UInt8], into out: UnsafeMutableBufferPointer<T>, under model: ANSModel
    ) throws(CodingError) {
        let n = out.count
        let twoLanes = n >= twoLaneThreshold
        let countA = twoLanes ? (n + 1) / 2 : n
        var offset = 0
        let xA = try readVarint(bytes, at: &offset, what: "state")
        let xB = twoLanes ? try readVarint(bytes, at: &offset, what: "second state") : 1
        let wordsLeft = bytes.count - offset
        let bytesA: Int
        if twoLanes {
            let wordCountA = try readVarint(bytes, at: &offset, what: "word count")
            guard wordCountA <= UInt64(bytes.count - offset) / 4 else {
                throw .corruptMessage(reason: "the first lane's \(wordCountA) words do not fit the message")
            }
            bytesA = 4 * Int(wordCountA)
        } else {
            bytesA = wordsLeft
        }
        for x in [xA, xB] where x == 0 || x >= 1 << 63 {
            throw .corruptMessage(reason: "the state \(x) is out of range")
        }
        let bytesB = bytes.count - offset - bytesA
        guard bytesA % 4 == 0 && bytesB % 4 == 0 else {
            throw .corruptMessage(reason: "\(bytes.count - offset) bytes of words: expected a multiple of 4")
        }
        let table = ANSDecoderTable(model: model)
        let result = bytes.withUnsafeBytes { raw in
            model.decoderIntervals.withUnsafeBufferPointer { intervals in
                model.buckets.withUnsafeBufferPointer { buckets in
                    decodeKernel(
                        states: (xA, xB),
                        wordsA: UnsafeRawBufferPointer(rebasing: raw[offset..<(offset + bytesA)]),
                        wordsB: UnsafeRawBufferPointer(rebasing: raw[(offset + bytesA)...]),
                        outA: UnsafeMutableBufferPointer(rebasing: out[0..<countA]),
                        outB: UnsafeMutableBufferPointer(rebasing: out[countA...]),
                        intervals: intervals, buckets: buckets, table: table)
                }
            }
        }
        guard result.unread == 0 else {
            throw .corruptMessage(reason: "\(result.unread) bytes are left after the last symbol")
        }
        guard result.states == (1, 1) else {
            throw .corruptMessage(reason: "the decoder ends in states \(result.states), expected (1, 1)")
        }
    }

    /// One decoder step: the symbol whose interval holds the state's low bits, and the state before it.
    @inline(__always)
    private static func step(
        _ x: inout UInt64, _ iv: UnsafePointer<ANSDecoderInterval>, _ bk: UnsafePointer<UInt32>,
        _ table: ANSDecoderTable
    ) -> UInt32 {
        let slot = UInt32(truncatingIfNeeded: x) & table.mask
        var index = Int(bk[Int(slot &>> table.shift)])
        while iv[index &+ 1].start <= slot { index &+= 1 }
        let interval = iv[index]
        x = UInt64(interval.frequency) &* (x &>> table.precision) &+ UInt64(slot &- interval.start)
        return interval.symbol
    }

    /// Refills the state from the words while any are left.
    @inline(__always)
    private static func refill(_ x: inout UInt64, _ p: inout UnsafeRawPointer, _ end: UnsafeRawPointer) {
        if x < lowerBound && p < end {
            x = (x << 32) | UInt64(UInt32(littleEndian: p.loadUnaligned(as: UInt32.self)))
            p += 4
        }
    }

    /// The decoding loop over both lanes, with all its state in locals: returns the final states and the number of
    /// unread bytes.
    @inline(__always)
    private static func decodeKernel<T: FixedWidthInteger>(
        states: (UInt64, UInt64), wordsA: UnsafeRawBufferPointer, wordsB: UnsafeRawBufferPointer,
        outA: UnsafeMutableBufferPointer<T>, outB: UnsafeMutableBufferPointer<T>,
        intervals: UnsafeBufferPointer<ANSDecoderInterval>, buckets: UnsafeBufferPointer<UInt32>,
        table: ANSDecoderTable
    ) -> (states: (UInt64, UInt64), unread: Int) {
        var (xA, xB) = states
        let unreadAll = wordsA.count + wordsB.count
        guard let iv = intervals.baseAddress, let bk = buckets.baseAddress else { return (states, unreadAll) }
        // An empty buffer may have no address: give it an address that reads nothing.
        var pA = wordsA.baseAddress ?? UnsafeRawPointer(bk)
        let endA = pA + wordsA.count
        var pB = wordsB.baseAddress ?? UnsafeRawPointer(bk)
        let endB = pB + wordsB.count
        let lower = lowerBound
        var i = 0
        if let a = outA.baseAddress, let b = outB.baseAddress {
            let both = outB.count
            // While both lanes have words left, loads are in bounds: renormalise without branches.
            while i < both && pA < endA && pB < endB {
                a[i] = T(truncatingIfNeeded: step(&xA, iv, bk, table))
                b[i] = T(truncatingIfNeeded: step(&xB, iv, bk, table))
                let wordA = UInt64(UInt32(littleEndian: pA.loadUnaligned(as: UInt32.self)))
                let wordB = UInt64(UInt32(littleEndian: pB.loadUnaligned(as: UInt32.self)))
                let readA = xA < lower
                let readB = xB < lower
                xA = readA ? (xA << 32) | wordA : xA
                xB = readB ? (xB << 32) | wordB : xB
                pA += readA ? 4 : 0
                pB += readB ? 4 : 0
                i &+= 1
            }
            var j = i
            while j < both {
                b[j] = T(truncatingIfNeeded: step(&xB, iv, bk, table))
                refill(&xB, &pB, endB)
                j &+= 1
            }
        }
        if let a = outA.baseAddress {
            while i < outA.count {
                a[i] = T(truncatingIfNeeded: step(&xA, iv, bk, table))
                refill(&xA, &pA, endA)
                i &+= 1
            }
        }
        return ((xA, xB), (endA - pA) + (endB - pB))
    }
}

/// The constants of the decoder's table lookup.
struct ANSDecoderTable {
    var precision: UInt64
    var mask: UInt32
    var shift: UInt32

    init(model: ANSModel) {
        precision = UInt64(model.precisionBits)
        mask = UInt32(truncatingIfNeeded: (UInt64(1) << precision) - 1)
        shift = model.bucketShift
    }
}

/// A message coded by ``ANSCoder``: its bytes (the number of symbols is kept by the caller).
public struct ANSMessage: Hashable, Sendable {
    /// The coded bytes.
    public var bytes: [UInt8]

    /// A coded message from its bytes.
    public init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// The coded length in bits (8 per byte).
    public var bitCount: Int { 8 * bytes.count }
}
