/// An arithmetic coder for a static model: range asymmetric numeral systems (rANS, J. Duda 2013), in F. Giesen's
/// 64-bit form (state in [2^31, 2^63), 32-bit renormalisation, reciprocal multiplication instead of division).
///
/// It codes a message of symbols xᵢ under a model P in at most −Σ log2 P̂(xᵢ) + 16 bits, where P̂ is the model
/// quantised to 2^precision (``ANSModel``): fractional bits per symbol, as the information content asks, not the
/// whole bits of a Huffman code. Why rANS rather than a range coder: for a static model both reach the same
/// length, but rANS decodes with one multiply and one table lookup per symbol and no carry handling, which makes
/// it the faster of the two (the encoder works backwards over the message, which costs nothing when the whole
/// message is at hand, as it is here).
///
/// Format of a coded message (bytes): the final encoder state as an unsigned LEB128 number (1–9 bytes), then the
/// 32-bit renormalisation words, little-endian, in decoding order. The encoder starts from state 1 instead of the
/// customary 2^31, and the decoder stops reading words once they are used up: this saves the 31 bits rANS usually
/// spends on its initial state, so the only overheads are the state's LEB128 rounding (at most 16 bits) and the
/// quantisation. The number of symbols is not stored: the caller keeps it, as with any arithmetic code.
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
    /// - Throws: as ``encode(_:under:)-(([Int]),_)``.
    public static func encode(bytes: [UInt8], under model: ANSModel) throws(CodingError) -> ANSMessage {
        try bytes.withUnsafeBufferPointer { (buffer) throws(CodingError) in try encode(buffer, under: model) }
    }

    /// Decodes `count` symbols from `message` under the model it was encoded with.
    ///
    /// - Throws: ``CodingError/corruptMessage(reason:)`` when the bytes are not a valid encoding of `count`
    ///   symbols under `model` (the decoder checks that it ends in the encoder's initial state with every byte
    ///   used); ``CodingError/invalidCount(value:expected:)`` for a negative count.
    public static func decode(_ message: ANSMessage, count: Int, under model: ANSModel) throws(CodingError) -> [Int] {
        guard count >= 0 else { throw .invalidCount(value: count, expected: "a number of symbols >= 0") }
        var result = [Int](repeating: 0, count: count)
        try result.withUnsafeMutableBufferPointer { (out) throws(CodingError) in
            try decode(message.bytes, into: out, under: model)
        }
        return result
    }

    /// Decodes `count` bytes from `message` under a model of at most 256 symbols.
    ///
    /// - Throws: as ``decode(_:count:under:)``, and ``CodingError/invalidCount(value:expected:)`` when the model
    ///   has more than 256 symbols.
    public static func decodeBytes(_ message: ANSMessage, count: Int, under model: ANSModel) throws(CodingError)
        -> [UInt8]
    {
        guard count >= 0 else { throw .invalidCount(value: count, expected: "a number of symbols >= 0") }
        guard model.alphabetSize <= 256 else {
            throw .invalidCount(value: model.alphabetSize, expected: "a model of at most 256 symbols to decode bytes")
        }
        var result = [UInt8](repeating: 0, count: count)
        try result.withUnsafeMutableBufferPointer { (out) throws(CodingError) in
            try decode(message.bytes, into: out, under: model)
        }
        return result
    }

    // MARK: Kernels

    private static func encode<T: FixedWidthInteger>(
        _ symbols: UnsafeBufferPointer<T>, under model: ANSModel
    ) throws(CodingError) -> ANSMessage {
        let n = symbols.count
        // Each symbol emits at most one word (its cost is below 32 bits).
        let capacity = n + 1
        let words = UnsafeMutablePointer<UInt32>.allocate(capacity: capacity)
        defer { words.deallocate() }
        let end = words + capacity
        var out = end
        var x: UInt64 = 1
        let failed: Bool = model.encoderSymbols.withUnsafeBufferPointer { table in
            let tableCount = UInt(table.count)
            guard let base = table.baseAddress, let input = symbols.baseAddress else { return false }
            var i = n
            while i > 0 {
                i -= 1
                let s = Int(truncatingIfNeeded: input[i])
                guard UInt(bitPattern: s) < tableCount else { return true }
                let e = base[s]
                guard e.maximumState != 0 else { return true }
                if x >= e.maximumState {
                    out -= 1
                    out.pointee = UInt32(truncatingIfNeeded: x)
                    x >>= 32
                }
                let q = x.multipliedFullWidth(by: e.reciprocal).high >> e.shift
                x = x &+ e.bias &+ q &* e.complementFrequency
            }
            return false
        }
        if failed { throw firstUncodable(symbols, model: model) }
        let wordCount = end - out
        var bytes: [UInt8] = []
        bytes.reserveCapacity(10 + 4 * wordCount)
        var state = x
        repeat {
            let low = UInt8(state & 0x7f)
            state >>= 7
            bytes.append(state == 0 ? low : low | 0x80)
        } while state != 0
        let headerCount = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: 4 * wordCount))
        bytes.withUnsafeMutableBytes { raw in
            for k in 0..<wordCount {
                raw.storeBytes(of: out[k].littleEndian, toByteOffset: headerCount + 4 * k, as: UInt32.self)
            }
        }
        return ANSMessage(bytes: bytes)
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

    private static func decode<T: FixedWidthInteger>(
        _ bytes: [UInt8], into out: UnsafeMutableBufferPointer<T>, under model: ANSModel
    ) throws(CodingError) {
        // The state: LEB128, at most 9 bytes, below 2^63.
        var x: UInt64 = 0
        var headerCount = 0
        var done = false
        while !done {
            guard headerCount < bytes.count else { throw .corruptMessage(reason: "the state ends early") }
            guard headerCount < 9 else { throw .corruptMessage(reason: "the state is longer than 9 bytes") }
            let byte = bytes[headerCount]
            x |= UInt64(byte & 0x7f) << UInt64(7 * headerCount)
            headerCount += 1
            done = byte & 0x80 == 0
        }
        guard x != 0, x < 1 << 63 else { throw .corruptMessage(reason: "the state \(x) is out of range") }
        guard (bytes.count - headerCount) % 4 == 0 else {
            throw .corruptMessage(reason: "\(bytes.count - headerCount) bytes after the state: expected a multiple of 4")
        }
        let precision = UInt64(model.precisionBits)
        let mask = UInt32(truncatingIfNeeded: (UInt64(1) << precision) - 1)
        let shift = model.bucketShift
        let lower = lowerBound
        let n = out.count
        var finalState = x
        var unread = bytes.count - headerCount
        bytes.withUnsafeBytes { raw in
            model.decoderIntervals.withUnsafeBufferPointer { intervals in
                model.buckets.withUnsafeBufferPointer { buckets in
                    guard let iv = intervals.baseAddress, let bk = buckets.baseAddress,
                        let base = raw.baseAddress, let output = out.baseAddress
                    else { return }
                    var p = base + headerCount
                    let end = base + raw.count
                    for i in 0..<n {
                        let slot = UInt32(truncatingIfNeeded: x) & mask
                        var index = Int(bk[Int(slot >> shift)])
                        while iv[index + 1].start <= slot { index += 1 }
                        let interval = iv[index]
                        output[i] = T(truncatingIfNeeded: interval.symbol)
                        x = UInt64(interval.frequency) &* (x >> precision) &+ UInt64(slot &- interval.start)
                        if x < lower && p < end {
                            x = (x << 32) | UInt64(UInt32(littleEndian: p.loadUnaligned(as: UInt32.self)))
                            p += 4
                        }
                    }
                    finalState = x
                    unread = end - p
                }
            }
        }
        guard unread == 0 else { throw .corruptMessage(reason: "\(unread) bytes are left after the last symbol") }
        guard finalState == 1 else {
            throw .corruptMessage(reason: "the decoder ends in state \(finalState), expected 1")
        }
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
